//! The parameters of a GraphQL request, as GraphQL over HTTP defines them, from a POST
//! body or a GET query string, and the body itself, read within a deadline.
//!
//! `variables` and `extensions` are kept as raw JSON until their size is checked: a tree
//! of JSON values costs tens of bytes per byte of input, and a megabyte of unused
//! variables must be refused before it is built, not after.

use std::borrow::Cow;
use std::time::Duration;

use actix_web::http::header;
use actix_web::{HttpRequest, web};
use async_graphql::{Value as ConstValue, Variables};
use serde::Deserialize;
use serde::de::{DeserializeSeed, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::Refusal;
use crate::graphql::recommendation::variable::{ProfileVariable, RequestVariables};

/// `extensions` carry a persisted-query hash and little else.
const MAX_EXTENSIONS_BYTES: usize = 4096;
/// Every body gets this long, plus its size at the minimum transfer rate.
const BODY_GRACE: Duration = Duration::from_secs(2);

/// One operation's parameters, before the document is looked at.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Params {
    #[serde(default)]
    pub query: Option<String>,
    #[serde(default)]
    pub operation_name: Option<String>,
    #[serde(default)]
    pub variables: Option<Box<RawValue>>,
    #[serde(default)]
    pub extensions: Option<Box<RawValue>>,
}

/// The same parameters in a query string, where `variables` and `extensions` are JSON
/// texts.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GetParams {
    query: Option<String>,
    operation_name: Option<String>,
    variables: Option<String>,
    extensions: Option<String>,
}

/// What a POST body holds: one operation, or a batch (a JSON array).
pub enum Body {
    Single(Params),
    Batch(Vec<Params>),
}

impl Params {
    /// Variables as a JSON object, refused when larger than `max` bytes (counted with the
    /// rest of the request's variables by the caller).
    pub fn variables_len(&self) -> usize {
        self.variables.as_ref().map_or(0, |v| v.get().len())
    }

    /// The variables: one profile variable in the shape clients send read straight from
    /// the text into the profile ([`ProfileVariable`]: a quarter of a unique preview's
    /// instructions went to the value tree, its canonical text and its check), anything
    /// else as async-graphql's value tree.
    pub fn request_variables(&self) -> Result<RequestVariables, Refusal> {
        if let Some(raw) = &self.variables
            && let Some(read) = ProfileVariable::read(raw.get())
        {
            return Ok(RequestVariables::Profile(read));
        }
        self.parsed_variables().map(RequestVariables::Values)
    }

    /// The variables as async-graphql takes them. Read straight from the JSON text into
    /// `Variables` (one tree, not a `serde_json::Value` first and a copy after: a tenth
    /// of a unique preview's instructions, BENCHMARKS.md section 2); the slower path only
    /// for what that refuses, so that a wrong `variables` is refused with the same words.
    /// Nested objects are put in key order, as the `serde_json::Value` detour left them:
    /// the response cache's key ([`canonical`]) and every message that lists fields see
    /// the same order whatever order the client wrote.
    pub fn parsed_variables(&self) -> Result<Variables, Refusal> {
        if let Some(raw) = &self.variables
            && let Ok(mut variables) = serde_json::from_str::<Variables>(raw.get())
        {
            variables.values_mut().for_each(sort_keys);
            return Ok(variables);
        }
        object(self.variables.as_deref(), "variables")
            .map(|m| Variables::from_json(Value::Object(m)))
    }

    pub fn parsed_extensions(&self) -> Result<Map<String, Value>, Refusal> {
        if self
            .extensions
            .as_ref()
            .is_some_and(|e| e.get().len() > MAX_EXTENSIONS_BYTES)
        {
            return Err(Refusal::BadRequest(format!(
                "`extensions` is larger than {MAX_EXTENSIONS_BYTES} bytes"
            )));
        }
        object(self.extensions.as_deref(), "extensions")
    }

    fn check(self) -> Result<Params, Refusal> {
        let persisted = self
            .extensions
            .as_ref()
            .is_some_and(|e| e.get().contains("\"persistedQuery\""));
        if self.query.is_none() && !persisted {
            return Err(Refusal::BadRequest("the request has no `query`".into()));
        }
        Ok(self)
    }
}

fn sort_keys(value: &mut ConstValue) {
    match value {
        ConstValue::Object(fields) => {
            fields.sort_keys();
            fields.values_mut().for_each(sort_keys);
        }
        ConstValue::List(items) => items.iter_mut().for_each(sort_keys),
        _ => {}
    }
}

/// The variables as canonical JSON text, for the response cache's key: object keys in
/// order at every level ([`Params::parsed_variables`] sorted them), so the same answers
/// written in another key order share an entry. A profile read from the text wrote the
/// same text as it read.
pub fn canonical(variables: &RequestVariables) -> Cow<'_, str> {
    match variables {
        RequestVariables::Values(values) => Cow::Owned(tree_text(values)),
        RequestVariables::Profile(read) => Cow::Borrowed(read.canonical()),
    }
}

fn tree_text(values: &Variables) -> String {
    serde_json::to_string(values).unwrap_or_default()
}

/// A JSON object, or nothing for `null`.
fn object(raw: Option<&RawValue>, name: &str) -> Result<Map<String, Value>, Refusal> {
    match raw.map(|r| serde_json::from_str::<Value>(r.get())) {
        None | Some(Ok(Value::Null)) => Ok(Map::new()),
        Some(Ok(Value::Object(m))) => Ok(m),
        Some(Ok(_)) => Err(Refusal::BadRequest(format!(
            "`{name}` must be an object or null"
        ))),
        Some(Err(e)) => Err(Refusal::BadRequest(format!(
            "`{name}` is not valid JSON: {e}"
        ))),
    }
}

/// Parses a POST body. A batch longer than `max_batch` is refused while it is read, so a
/// huge array is never built.
pub fn parse_body(body: &[u8], max_batch: usize) -> Result<Body, Refusal> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Refusal::BadRequest("the request body is empty".into()));
    }
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    let invalid = |e: serde_json::Error| {
        Refusal::BadRequest(format!(
            "the request body is not a valid GraphQL request: {e}"
        ))
    };
    match first {
        Some(b'{') => {
            let params: Params = serde_json::from_slice(body).map_err(invalid)?;
            Ok(Body::Single(params.check()?))
        }
        Some(b'[') => {
            let mut de = serde_json::Deserializer::from_slice(body);
            let items = BoundedSeq { max: max_batch }
                .deserialize(&mut de)
                .map_err(invalid)?;
            de.end().map_err(invalid)?;
            let items = items?;
            if items.is_empty() {
                return Err(Refusal::BatchTooLarge {
                    len: 0,
                    max: max_batch,
                });
            }
            Ok(Body::Batch(items))
        }
        _ => Err(Refusal::BadRequest(
            "the request body must be a JSON object (or an array for a batch)".into(),
        )),
    }
}

/// A JSON array of parameters that stops reading after `max` entries.
struct BoundedSeq {
    max: usize,
}

impl<'de> DeserializeSeed<'de> for BoundedSeq {
    type Value = Result<Vec<Params>, Refusal>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for BoundedSeq {
    type Value = Result<Vec<Params>, Refusal>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of GraphQL requests")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(params) = seq.next_element::<Params>()? {
            if items.len() == self.max {
                // Count the rest without keeping it, to say how long the batch was.
                let mut len = items.len() + 1;
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
                    len += 1;
                }
                return Ok(Err(Refusal::BatchTooLarge { len, max: self.max }));
            }
            match params.check() {
                Ok(p) => items.push(p),
                Err(r) => return Ok(Err(r)),
            }
        }
        Ok(Ok(items))
    }
}

/// Parses the query string of a GET request.
pub fn parse_query_string(qs: &str) -> Result<Params, Refusal> {
    let get: GetParams = web::Query::<GetParams>::from_query(qs)
        .map(web::Query::into_inner)
        .map_err(|e| Refusal::BadRequest(format!("malformed query string: {e}")))?;
    let raw = |name: &str, text: Option<String>| -> Result<Option<Box<RawValue>>, Refusal> {
        text.map(|t| {
            RawValue::from_string(t)
                .map_err(|e| Refusal::BadRequest(format!("`{name}` is not valid JSON: {e}")))
        })
        .transpose()
    };
    Params {
        query: get.query,
        operation_name: get.operation_name,
        variables: raw("variables", get.variables)?,
        extensions: raw("extensions", get.extensions)?,
    }
    .check()
}

/// The request body, refused with 413 as soon as it is known to be too large (from its
/// declared length before reading a byte, otherwise once the limit is crossed), and with
/// 408 when it arrives slower than `min_rate` bytes per second allow for its size.
pub async fn read_body(
    req: &HttpRequest,
    payload: web::Payload,
    max: usize,
    min_rate: usize,
) -> Result<web::Bytes, Refusal> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(Refusal::PayloadTooLarge { max });
    }
    let expected = declared.map_or(max as u64, |n| n);
    let deadline = BODY_GRACE + Duration::from_secs(expected / min_rate.max(1) as u64);
    match tokio::time::timeout(deadline, payload.to_bytes_limited(max)).await {
        Err(_) => Err(Refusal::BodyTooSlow {
            seconds: deadline.as_secs(),
        }),
        Ok(Ok(Ok(bytes))) => Ok(bytes),
        Ok(Ok(Err(e))) => Err(Refusal::BadRequest(format!(
            "cannot read the request body: {e}"
        ))),
        Ok(Err(_)) => Err(Refusal::PayloadTooLarge { max }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::{Just, Strategy, any, prop, prop_oneof};

    fn params(variables: &str) -> Params {
        Params {
            query: Some("{ __typename }".into()),
            operation_name: None,
            variables: Some(RawValue::from_string(variables.to_string()).unwrap()),
            extensions: None,
        }
    }

    /// The `serde_json::Value` detour this replaced: the reference.
    fn detour(variables: &str) -> Result<(Variables, String), Refusal> {
        let map = object(
            Some(&RawValue::from_string(variables.to_string()).unwrap()),
            "variables",
        )?;
        let canonical = serde_json::to_string(&map).unwrap();
        Ok((Variables::from_json(Value::Object(map)), canonical))
    }

    #[test]
    fn variables_read_straight_equal_the_detour_and_key_the_cache_alike() {
        for text in [
            r#"{"p": {"languages": ["GO"], "answers": [{"weight": 2, "optionId": "yes", "criterionId": "admin_panel"}]}}"#,
            r#"{"b": 1.5, "a": -3, "c": null, "d": "x\u00e9\n", "e": [true, {"z": 1, "y": [2]}], "big": 18446744073709551615}"#,
            r#"{"dup": 1, "dup": 2}"#,
            "{}",
            "null",
        ] {
            let straight = params(text).parsed_variables().unwrap();
            let (reference, reference_key) = detour(text).unwrap();
            assert_eq!(straight, reference, "{text}");
            assert_eq!(tree_text(&straight), reference_key, "{text}");
        }
    }

    #[test]
    fn variables_that_are_not_an_object_are_refused_with_the_same_words() {
        for text in ["[1]", "3", r#""text""#] {
            let straight = params(text).parsed_variables().map(|_| ()).unwrap_err();
            let reference = detour(text).map(|_| ()).unwrap_err();
            assert_eq!(straight.message(), reference.message(), "{text}");
        }
    }

    /// A JSON text of `pairs` as written (duplicates kept), with `ws` around punctuation.
    fn object_text(pairs: &[(String, String)], ws: &str) -> String {
        let fields: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{k}{ws}:{ws}{v}"))
            .collect();
        format!("{{{ws}{}{ws}}}", fields.join(&format!(",{ws}")))
    }

    /// Keys as clients write them, and what they get wrong: another key, an escape.
    fn key(usual: &'static str) -> impl Strategy<Value = String> {
        prop_oneof![
            12 => Just(format!("\"{usual}\"")),
            1 => Just("\"extra\"".to_string()),
            1 => Just(format!("\"{}\\u0041\"", &usual[..usual.len() - 1])),
        ]
    }

    /// Values of every kind, weighted towards ids and weights.
    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            6 => "[a-z_]{0,6}".prop_map(|s| format!("\"{s}\"")),
            1 => Just("\"a\\\"b\\u00e9\\n\"".to_string()),
            1 => Just("\"é\"".to_string()),
            3 => prop::sample::select(vec![
                "1", "1.0", "2.5", "-0", "-0.0", "0", "1e2", "1E-2", "-3",
                "18446744073709551615", "-9223372036854775808", "0.30000000000000004",
            ])
            .prop_map(str::to_string),
            2 => Just("null".to_string()),
            1 => Just("true".to_string()),
            1 => Just("[]".to_string()),
            1 => Just("{}".to_string()),
        ]
    }

    fn answer_text() -> impl Strategy<Value = String> {
        let field = |name: &'static str| (key(name), value());
        (
            prop::collection::vec(
                prop_oneof![field("criterionId"), field("optionId"), field("weight"),],
                0..5,
            ),
            prop::sample::select(vec!["", " ", "\n  "]),
        )
            .prop_map(|(pairs, ws)| object_text(&pairs, ws))
    }

    /// Variables texts: mostly one profile in the usual shape (ids first, in any order
    /// and with any weight), with every way of leaving that shape mixed in.
    fn variables_text() -> impl Strategy<Value = String> {
        let usual_answer = (
            "[a-z_]{1,6}",
            "[a-z_]{1,6}",
            prop::option::of(value()),
            any::<bool>(),
        )
            .prop_map(|(c, o, w, swap)| {
                let mut pairs = vec![
                    ("\"criterionId\"".to_string(), format!("\"{c}\"")),
                    ("\"optionId\"".to_string(), format!("\"{o}\"")),
                ];
                if let Some(w) = w {
                    pairs.push(("\"weight\"".to_string(), w));
                }
                if swap {
                    pairs.reverse();
                }
                object_text(&pairs, "")
            });
        let answer = prop_oneof![4 => usual_answer, 1 => answer_text(), 1 => value()];
        let answers = prop_oneof![
            8 => prop::collection::vec(answer, 0..6).prop_map(|a| format!("[{}]", a.join(","))),
            1 => value(),
        ];
        let profile_field = prop_oneof![
            8 => (key("answers"), answers),
            1 => (key("languages"), prop::sample::select(vec!["null", "[\"GO\"]", "\"GO\""]).prop_map(str::to_string)),
        ];
        let profile = prop_oneof![
            10 => (prop::collection::vec(profile_field, 1..3), prop::sample::select(vec!["", " "]))
                .prop_map(|(pairs, ws)| object_text(&pairs, ws)),
            1 => value(),
        ];
        let name = prop::sample::select(vec!["\"p\"", "\"profile\"", "\"\\u0070\""]);
        prop_oneof![
            10 => (name, profile.clone()).prop_map(|(n, p)| format!("{{{n}:{p}}}")),
            1 => (profile.clone(), profile).prop_map(|(a, b)| format!("{{\"p\":{a},\"q\":{b}}}")),
            1 => Just("{}".to_string()),
            1 => Just("null".to_string()),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// Whatever `ProfileVariable` reads straight from the text is what the tree path
        /// makes of it: the same tree, the same cache-key text, the same profile. Where it
        /// declines, the tree path decides (and words any refusal) as before.
        #[test]
        fn the_direct_read_equals_the_tree_path(text in variables_text()) {
            if let Some(read) = ProfileVariable::read(&text) {
                let tree = params(&text).parsed_variables();
                proptest::prop_assert!(tree.is_ok(), "read, but the tree path refuses: {text}");
                let tree = tree.ok().unwrap();
                proptest::prop_assert_eq!(read.canonical(), tree_text(&tree), "{}", text);
                proptest::prop_assert_eq!(&read.values(), &tree, "{}", text);
                let in_place = tree
                    .get(read.name())
                    .and_then(crate::graphql::recommendation::ProfileInput::read_in_place);
                proptest::prop_assert_eq!(
                    format!("{:?}", Some(read.input())),
                    format!("{:?}", in_place.as_ref()),
                    "{}", text
                );
            }
        }
    }

    #[test]
    fn the_usual_shape_is_read_straight_and_the_rest_is_not() {
        let usual = [
            r#"{"p":{"answers":[{"criterionId":"admin_panel","optionId":"yes","weight":2.0},{"criterionId":"team_size","optionId":"small"}]}}"#,
            r#"{ "p" : { "languages" : null , "answers" : [ { "weight" : null , "optionId" : "x" , "criterionId" : "y" } ] } }"#,
            r#"{"p":{"answers":[]}}"#,
            r#"{"p":{"answers":[{"criterionId":"a\"b","optionId":"\u00e9"}]}}"#,
        ];
        for text in usual {
            let read = ProfileVariable::read(text).unwrap_or_else(|| panic!("not read: {text}"));
            let tree = params(text).parsed_variables().unwrap();
            assert_eq!(read.canonical(), tree_text(&tree), "{text}");
            assert!(matches!(
                params(text).request_variables(),
                Ok(RequestVariables::Profile(_))
            ));
        }
        let read = ProfileVariable::read(usual[0]).unwrap();
        assert_eq!(read.name(), "p");
        let weights: Vec<_> = read.input().answers.iter().map(|a| a.weight).collect();
        assert_eq!(weights, [Some(2.0), Some(1.0)], "no weight: the default");
        let other = [
            r#"{"p":{"answers":[],"languages":["GO"]}}"#,
            r#"{"p":{"answers":[],"answers":[]}}"#,
            r#"{"p":{"answers":[{"criterionId":"a","optionId":"b","criterionId":"c"}]}}"#,
            r#"{"p":{"answers":[{"criterionId":"a","optionId":"b","extra":1}]}}"#,
            r#"{"p":{"answers":[["a","b",1]]}}"#,
            r#"{"p":{"answers":{"criterionId":"a","optionId":"b"}}}"#,
            r#"{"p":{"answers":[{"criterionId":"a","optionId":"b","weight":"2"}]}}"#,
            r#"{"p":{"answers":[{"criterionId":"a"}]}}"#,
            r#"{"p":{"answers":[]},"q":1}"#,
            r#"{"\u0070":{"answers":[]}}"#,
            r#"{"p":{"answers":[]}} x"#,
            r#"{"p":null}"#,
            "{}",
            "null",
        ];
        for text in other {
            assert!(ProfileVariable::read(text).is_none(), "read: {text}");
        }
    }
}
