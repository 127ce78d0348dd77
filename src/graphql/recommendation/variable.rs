//! A request's variables when they are one profile in the shape clients send, read
//! straight from the JSON text (issue 17).
//!
//! A unique preview's variables went JSON text → async-graphql's value tree (a `Name` and
//! a hashed `IndexMap` per answer) → canonical JSON for the response cache's key → the
//! variable-type check → the profile. Those four steps were a quarter of a 60-field
//! preview's instructions (BENCHMARKS.md, "Issue 17, fifth round"). [`ProfileVariable`]
//! reads the usual shape, `{"<name>": {"answers": [{"criterionId": "…", "optionId": "…",
//! "weight": <number, null or absent>}, …]}}` (a `"languages": null` allowed), in one
//! pass, and writes the canonical text as it reads. Anything else (another key, a
//! duplicate key, a value of another kind, a key written with an escape, `languages`
//! given) is not read here: the transport then builds the value tree as before, so every
//! refusal keeps its words.
//!
//! What it reads is what the tree path would have produced: its canonical text equals
//! `canonical(parsed_variables())`, its tree ([`ProfileVariable::values`]) equals the
//! parsed variables, and its profile equals `ProfileInput::read_in_place` of them
//! (`http::transport::params::tests::the_direct_read_equals_the_tree_path`, a property
//! test over generated texts, where the transport chooses between the two).

use std::fmt;

use async_graphql::{ID, Variables};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Number;

use super::{AnswerInput, DEFAULT_WEIGHT, ProfileInput};

/// A request's variables: one profile read straight from the text when they are that,
/// else async-graphql's value tree.
#[derive(Debug)]
pub enum RequestVariables {
    Values(Variables),
    Profile(ProfileVariable),
}

impl Default for RequestVariables {
    fn default() -> Self {
        RequestVariables::Values(Variables::default())
    }
}

impl From<Variables> for RequestVariables {
    fn from(values: Variables) -> Self {
        RequestVariables::Values(values)
    }
}

impl RequestVariables {
    /// Whether a variable of this name is given, and not null.
    pub fn given(&self, name: &str) -> bool {
        match self {
            RequestVariables::Values(values) => values
                .get(name)
                .is_some_and(|v| *v != async_graphql::Value::Null),
            RequestVariables::Profile(p) => p.name == name,
        }
    }

    /// The first name given for which `pred` holds.
    pub fn find_name(&self, mut pred: impl FnMut(&str) -> bool) -> Option<&str> {
        match self {
            RequestVariables::Values(values) => values
                .keys()
                .map(async_graphql::Name::as_str)
                .find(|n| pred(n)),
            RequestVariables::Profile(p) => Some(p.name()).filter(|n| pred(n)),
        }
    }

    /// The variables as async-graphql's executor takes them.
    pub fn into_values(self) -> Variables {
        match self {
            RequestVariables::Values(values) => values,
            RequestVariables::Profile(p) => p.values(),
        }
    }
}

/// One variable holding a profile in the usual shape.
#[derive(Debug)]
pub struct ProfileVariable {
    name: String,
    input: ProfileInput,
    /// The variables as `transport::params::canonical` writes the parsed tree.
    canonical: String,
}

impl ProfileVariable {
    /// The input type whose values this reads: a variable declared `ProfileInput` or
    /// `ProfileInput!` accepts every one of them.
    pub const TYPE: &'static str = "ProfileInput";

    /// Reads `raw` (the request's `variables` text), or `None` when it is anything but
    /// one profile variable in the usual shape.
    pub fn read(raw: &str) -> Option<ProfileVariable> {
        let mut de = serde_json::Deserializer::from_str(raw);
        let read = de.deserialize_map(Root).ok()?;
        de.end().ok()?;
        Some(read)
    }

    /// The variable's name (as the client wrote it: whether the operation declares it
    /// is the document rules' to check).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The profile, as `ProfileInput::read_in_place` reads it from the value tree.
    pub fn input(&self) -> &ProfileInput {
        &self.input
    }

    /// The variables as canonical JSON, for the response cache's key.
    pub fn canonical(&self) -> &str {
        &self.canonical
    }

    /// The variables as async-graphql holds them, for the executor's path: read back
    /// from the canonical text, which is the tree the transport builds, keys in order.
    /// The text was written by this reader and is valid JSON (the property test reads
    /// every one back), so the default is never taken.
    pub fn values(&self) -> Variables {
        serde_json::from_str(&self.canonical).unwrap_or_default()
    }
}

/// `{"<name>": <profile>}`: exactly one entry.
struct Root;

impl<'de> Visitor<'de> for Root {
    type Value = ProfileVariable;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("one profile variable")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ProfileVariable, A::Error> {
        let name: &'de str = map
            .next_key()?
            .ok_or_else(|| de::Error::custom("no variable"))?;
        let mut canonical = Vec::with_capacity(256);
        canonical.push(b'{');
        write_json(&mut canonical, name);
        canonical.push(b':');
        let input = map.next_value_seed(ProfileSeed(&mut canonical))?;
        canonical.push(b'}');
        if map.next_key::<IgnoredAny>()?.is_some() {
            return Err(de::Error::custom("more than one variable"));
        }
        Ok(ProfileVariable {
            name: name.to_string(),
            input,
            // serde_json writes UTF-8.
            canonical: String::from_utf8(canonical).map_err(de::Error::custom)?,
        })
    }
}

/// `{"answers": [...]}`, with `"languages": null` allowed. The canonical text writes
/// keys in order: `answers` before `languages`.
struct ProfileSeed<'c>(&'c mut Vec<u8>);

impl<'de> de::DeserializeSeed<'de> for ProfileSeed<'_> {
    type Value = ProfileInput;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<ProfileInput, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ProfileSeed<'_> {
    type Value = ProfileInput;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a profile object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ProfileInput, A::Error> {
        let out = self.0;
        let mut answers: Option<Vec<AnswerInput>> = None;
        let mut languages = false;
        out.extend_from_slice(b"{\"answers\":");
        while let Some(key) = map.next_key::<&'de str>()? {
            match key {
                "answers" if answers.is_none() => {
                    answers = Some(map.next_value_seed(AnswersSeed(out))?);
                }
                "languages" if !languages => {
                    map.next_value::<()>()?;
                    languages = true;
                }
                _ => return Err(de::Error::custom("not the usual shape")),
            }
        }
        let answers = answers.ok_or_else(|| de::Error::missing_field("answers"))?;
        if languages {
            out.extend_from_slice(b",\"languages\":null");
        }
        out.push(b'}');
        Ok(ProfileInput {
            answers,
            languages: None,
        })
    }
}

struct AnswersSeed<'c>(&'c mut Vec<u8>);

impl<'de> de::DeserializeSeed<'de> for AnswersSeed<'_> {
    type Value = Vec<AnswerInput>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<AnswerInput>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for AnswersSeed<'_> {
    type Value = Vec<AnswerInput>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of answers")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<AnswerInput>, A::Error> {
        let out = self.0;
        let mut answers = Vec::with_capacity(seq.size_hint().unwrap_or(16));
        out.push(b'[');
        while let Some(answer) = seq.next_element_seed(AnswerSeed(&mut *out, answers.len()))? {
            answers.push(answer);
        }
        out.push(b']');
        Ok(answers)
    }
}

/// One answer; `.1` is its position (a comma before all but the first).
struct AnswerSeed<'c>(&'c mut Vec<u8>, usize);

impl<'de> de::DeserializeSeed<'de> for AnswerSeed<'_> {
    type Value = AnswerInput;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<AnswerInput, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for AnswerSeed<'_> {
    type Value = AnswerInput;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an answer object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AnswerInput, A::Error> {
        let (mut criterion, mut option): (Option<String>, Option<String>) = (None, None);
        // No `weight`: absent (the default, 1); `Some(None)`: an explicit null.
        let mut weight: Option<Option<Number>> = None;
        while let Some(key) = map.next_key::<&'de str>()? {
            match key {
                "criterionId" if criterion.is_none() => criterion = Some(map.next_value()?),
                "optionId" if option.is_none() => option = Some(map.next_value()?),
                "weight" if weight.is_none() => weight = Some(map.next_value()?),
                _ => return Err(de::Error::custom("not the usual shape")),
            }
        }
        let (Some(criterion), Some(option)) = (criterion, option) else {
            return Err(de::Error::custom("an answer needs both ids"));
        };
        // Keys in order, as the tree's canonical text has them.
        let out = self.0;
        if self.1 > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"criterionId\":");
        write_json(out, &criterion);
        out.extend_from_slice(b",\"optionId\":");
        write_json(out, &option);
        let weight = match weight {
            None => Some(DEFAULT_WEIGHT),
            Some(None) => {
                out.extend_from_slice(b",\"weight\":null");
                None
            }
            Some(Some(n)) => {
                out.extend_from_slice(b",\"weight\":");
                write_json(out, &n);
                // As `read_in_place`: every JSON number has an `f64` reading.
                Some(n.as_f64().ok_or_else(|| de::Error::custom("not a float"))?)
            }
        };
        out.push(b'}');
        Ok(AnswerInput {
            criterion_id: ID(criterion),
            option_id: ID(option),
            weight,
        })
    }
}

/// A string or number as `serde_json` writes it in the tree's canonical text.
fn write_json(out: &mut Vec<u8>, value: &(impl serde::Serialize + ?Sized)) {
    // Writing into a Vec cannot fail.
    let _ = value.serialize(&mut serde_json::Serializer::new(out));
}
