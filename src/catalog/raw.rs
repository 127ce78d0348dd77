//! The catalog entries' shapes, exactly as written (serde). `parse` reads each file entry by
//! entry into these; validation and index building happen in `load`; nothing else sees
//! these types.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::model::{Language, Ring, Severity, Source};

// The files' shapes, exactly as written. Unknown keys are errors: a typo in a field name
// must not silently drop knowledge.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFramework {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) language: Language,
    pub(super) category: String,
    pub(super) summary: String,
    #[serde(default)]
    pub(super) strengths: Vec<String>,
    #[serde(default)]
    pub(super) weaknesses: Vec<String>,
    pub(super) link: String,
    pub(super) traits: BTreeMap<String, String>,
    /// Optional: a catalog without radar data is still a valid catalog.
    #[serde(default)]
    pub(super) radar: Option<RawRadar>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRadar {
    pub(super) quadrant: String,
    pub(super) moves: Vec<RawMove>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMove {
    pub(super) ring: Ring,
    /// A TOML local date (`2024-05-13`, unquoted); `radar` checks it is only a date.
    pub(super) date: toml::value::Datetime,
    #[serde(default)]
    pub(super) note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTrait {
    pub(super) id: String,
    pub(super) label: String,
    pub(super) source: Source,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCriterion {
    pub(super) id: String,
    pub(super) question: String,
    #[serde(default)]
    pub(super) help: String,
    pub(super) option: Vec<RawOption>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOption {
    pub(super) id: String,
    pub(super) label: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRule {
    pub(super) criterion: String,
    pub(super) option: String,
    pub(super) framework: String,
    pub(super) score: i64,
    pub(super) rationale: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTakeaway {
    pub(super) id: String,
    pub(super) severity: Severity,
    pub(super) when: Vec<RawCondition>,
    #[serde(default)]
    pub(super) frameworks: Vec<String>,
    pub(super) text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCondition {
    pub(super) criterion: String,
    pub(super) option: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFaq {
    pub(super) id: String,
    pub(super) question: String,
    pub(super) answer: String,
    #[serde(default)]
    pub(super) frameworks: Vec<String>,
    #[serde(default)]
    pub(super) tags: Vec<String>,
    pub(super) source: Source,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTerm {
    pub(super) id: String,
    pub(super) term: String,
    pub(super) definition: String,
    pub(super) source: Source,
}
