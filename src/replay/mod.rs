//! Replaying logged decisions under a candidate catalog: would the top pick change, and
//! which decisions can the candidate no longer read?
//!
//! Pure and streaming: a [`Replayer`] takes one [`LoggedDecision`] at a time and keeps only
//! counts, so its memory does not grow with the log (it grows with the number of distinct
//! (before, after) pairs and reasons, both bounded by the catalog). "Before" is the top pick
//! stored with the decision; "after" is what [`engine::recommend`] picks under the
//! candidate for the stored answers, weights and language filter, read back through
//! [`Profile::parse`], the same validation a live request goes through. Ties for first are
//! broken as in every recommendation: by framework id, alphabetically.
//!
//! [`report`] turns the counts into a report with small groups hidden; reading the log is
//! the store's job (`store::replay`), and arguments, progress and output the command's
//! (`cli::replay`).

pub mod report;
mod suppression;
mod text;

pub use text::thousands;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::catalog::{Catalog, Language};
use crate::domain::StoredAnswer;
use crate::engine::{self, Profile, ProfileError, RawAnswer};
use crate::store::replay::LoggedDecision;

/// Why the candidate catalog cannot re-score a decision. A decision is counted under the
/// first problem found, in the order [`Profile::parse`] meets them (the answers in their
/// stored order, then the language filter), so reasons partition the unreadable decisions.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Reason {
    /// An answered criterion is not in the candidate.
    CriterionRemoved { criterion: String },
    /// An answered option is not in the candidate (its criterion is).
    OptionRemoved { criterion: String, option: String },
    /// The language filter leaves no framework of the candidate.
    NoCandidate { languages: Vec<String> },
    /// A language in the stored filter that this version does not know.
    UnknownLanguage { language: String },
    /// The stored answers repeat a criterion (not written by this service).
    AnsweredTwice { criterion: String },
    /// A stored weight outside 0..=10 (not written by this service).
    InvalidWeight { criterion: String },
    /// The stored answers are not the JSON this service writes.
    UnreadableAnswers,
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::CriterionRemoved { criterion } => write!(f, "criterion `{criterion}` removed"),
            Reason::OptionRemoved { criterion, option } => {
                write!(f, "option `{criterion}={option}` removed")
            }
            Reason::NoCandidate { languages } => write!(
                f,
                "language filter [{}] leaves no candidate",
                languages.join(", ")
            ),
            Reason::UnknownLanguage { language } => {
                write!(f, "unknown language `{language}` in the stored filter")
            }
            Reason::AnsweredTwice { criterion } => {
                write!(f, "criterion `{criterion}` answered twice")
            }
            Reason::InvalidWeight { criterion } => {
                write!(f, "weight of criterion `{criterion}` out of range")
            }
            Reason::UnreadableAnswers => f.write_str("stored answers not readable"),
        }
    }
}

impl From<ProfileError> for Reason {
    fn from(e: ProfileError) -> Reason {
        match e {
            ProfileError::UnknownCriterion(criterion) => Reason::CriterionRemoved { criterion },
            ProfileError::UnknownOption {
                criterion, option, ..
            } => Reason::OptionRemoved { criterion, option },
            ProfileError::DuplicateCriterion(criterion) => Reason::AnsweredTwice { criterion },
            ProfileError::InvalidWeight { criterion, .. } => Reason::InvalidWeight { criterion },
            ProfileError::NoCandidates(list) => Reason::NoCandidate {
                languages: list.split(", ").map(str::to_string).collect(),
            },
        }
    }
}

/// The raw counts of a replay. Not for display: [`report::Report`] hides small groups.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    pub replayed: u64,
    /// (stored top pick, top pick under the candidate) → decisions.
    pub transitions: BTreeMap<(String, String), u64>,
    pub unreadable: BTreeMap<Reason, u64>,
}

/// Re-scores decisions one at a time and counts the outcomes.
pub struct Replayer<'c> {
    catalog: &'c Catalog,
    /// Stored top picks seen so far, numbered, so that counting a decision allocates
    /// nothing.
    before_index: HashMap<String, usize>,
    before_ids: Vec<String>,
    /// (numbered stored top pick, framework index in the candidate) → decisions.
    transitions: HashMap<(usize, usize), u64>,
    unreadable: BTreeMap<Reason, u64>,
    replayed: u64,
}

impl<'c> Replayer<'c> {
    pub fn new(catalog: &'c Catalog) -> Replayer<'c> {
        Replayer {
            catalog,
            before_index: HashMap::new(),
            before_ids: Vec::new(),
            transitions: HashMap::new(),
            unreadable: BTreeMap::new(),
            replayed: 0,
        }
    }

    pub fn replay(&mut self, d: &LoggedDecision) {
        self.replayed += 1;
        match self.top_under_candidate(d) {
            Ok(after) => {
                let before = match self.before_index.get(d.top_framework.as_str()) {
                    Some(&i) => i,
                    None => {
                        self.before_ids.push(d.top_framework.clone());
                        self.before_index
                            .insert(d.top_framework.clone(), self.before_ids.len() - 1);
                        self.before_ids.len() - 1
                    }
                };
                *self.transitions.entry((before, after)).or_default() += 1;
            }
            Err(reason) => *self.unreadable.entry(reason).or_default() += 1,
        }
    }

    /// The engine's top pick under the candidate, or why it cannot be computed.
    fn top_under_candidate(&self, d: &LoggedDecision) -> Result<usize, Reason> {
        let answers: Vec<StoredAnswer> =
            serde_json::from_str(&d.answers).map_err(|_| Reason::UnreadableAnswers)?;
        let raw: Vec<RawAnswer<'_>> = answers
            .iter()
            .map(|a| RawAnswer {
                criterion_id: &a.criterion,
                option_id: &a.option,
                weight: a.weight,
            })
            .collect();
        let languages = d
            .languages
            .as_ref()
            .map(|list| {
                list.iter()
                    .map(|l| language(l))
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()?;
        let profile = Profile::parse(self.catalog, &raw, languages.as_deref())?;
        Ok(engine::recommend(self.catalog, &profile).top().framework)
    }

    pub fn finish(self) -> Tally {
        let transitions = self
            .transitions
            .into_iter()
            .map(|((before, after), n)| {
                let after = self.catalog.frameworks[after].id.clone();
                ((self.before_ids[before].clone(), after), n)
            })
            .collect();
        Tally {
            replayed: self.replayed,
            transitions,
            unreadable: self.unreadable,
        }
    }
}

fn language(stored: &str) -> Result<Language, Reason> {
    Language::ALL
        .into_iter()
        .find(|l| l.as_str() == stored)
        .ok_or_else(|| Reason::UnknownLanguage {
            language: stored.to_string(),
        })
}

#[cfg(test)]
mod tests;
