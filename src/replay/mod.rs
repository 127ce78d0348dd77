//! Replaying logged decisions under a candidate catalog: would the top pick change, and
//! which decisions can the candidate no longer read?
//!
//! Pure and streaming: a [`Replayer`] takes one [`LoggedDecision`] at a time and keeps only
//! counts, per UTC week, so its memory does not grow with the log (it grows with the weeks
//! of the period and the distinct (before, after) pairs and reasons, bounded by the
//! catalog). Weeks are kept apart because, as in the analytics, a week holding fewer than
//! `k` decisions counts nowhere ([`Replayer::finish`]). "Before" is the top pick
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

use chrono::NaiveDate;
use serde::Serialize;

use crate::catalog::{Catalog, FrameworkIx, Language};
use crate::domain::StoredAnswer;
use crate::engine::{self, Profile, ProfileError, RawAnswer};
use crate::privacy::{week_of, weeks};
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
    /// The stored answer lists are not aligned (not written by this service).
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

/// The raw counts of a replay, over the weeks that may be counted. Not for display:
/// [`report::Report`] hides small groups.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// Decisions in the kept weeks.
    pub replayed: u64,
    /// The Mondays of the weeks counted, oldest first.
    pub weeks: Vec<NaiveDate>,
    /// (stored top pick, top pick under the candidate) → decisions.
    pub transitions: BTreeMap<(String, String), u64>,
    pub unreadable: BTreeMap<Reason, u64>,
}

/// One week's counts, with stored top picks numbered (see [`Replayer`]).
#[derive(Default)]
struct Week {
    decisions: u64,
    /// (numbered stored top pick, top pick in the candidate) → decisions.
    transitions: HashMap<(usize, FrameworkIx), u64>,
    unreadable: BTreeMap<Reason, u64>,
}

/// Re-scores decisions one at a time and counts the outcomes by week.
pub struct Replayer<'c> {
    catalog: &'c Catalog,
    /// Stored top picks seen so far, numbered, so that counting a decision allocates
    /// nothing.
    before_index: HashMap<String, usize>,
    before_ids: Vec<String>,
    weeks: BTreeMap<NaiveDate, Week>,
}

impl<'c> Replayer<'c> {
    pub fn new(catalog: &'c Catalog) -> Replayer<'c> {
        Replayer {
            catalog,
            before_index: HashMap::new(),
            before_ids: Vec::new(),
            weeks: BTreeMap::new(),
        }
    }

    pub fn replay(&mut self, d: &LoggedDecision) {
        let outcome = self.top_under_candidate(d);
        let before = match outcome {
            Ok(_) => Some(self.number(&d.top_framework)),
            Err(_) => None,
        };
        let week = self
            .weeks
            .entry(week_of(d.decided_hour.date_naive()))
            .or_default();
        week.decisions += 1;
        match (outcome, before) {
            (Ok(after), Some(before)) => *week.transitions.entry((before, after)).or_default() += 1,
            (Err(reason), _) => *week.unreadable.entry(reason).or_default() += 1,
            (Ok(_), None) => unreachable!("a readable decision is numbered"),
        }
    }

    fn number(&mut self, top: &str) -> usize {
        if let Some(&i) = self.before_index.get(top) {
            return i;
        }
        self.before_ids.push(top.to_string());
        self.before_index
            .insert(top.to_string(), self.before_ids.len() - 1);
        self.before_ids.len() - 1
    }

    /// The engine's top pick under the candidate, or why it cannot be computed.
    fn top_under_candidate(&self, d: &LoggedDecision) -> Result<FrameworkIx, Reason> {
        let answers = d.answers.as_ref().ok_or(Reason::UnreadableAnswers)?;
        let raw: Vec<RawAnswer<'_>> = answers.iter().map(StoredAnswer::raw).collect();
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

    /// The counts of the weeks holding at least `k` decisions (`privacy::weeks::kept`):
    /// the others count nowhere, so two replays of overlapping periods differ by whole
    /// weeks of at least `k` decisions and never single out a smaller group.
    pub fn finish(self, k: u64) -> Tally {
        let weekly: Vec<(NaiveDate, i64)> = self
            .weeks
            .iter()
            .map(|(w, week)| (*w, i64::try_from(week.decisions).unwrap_or(i64::MAX)))
            .collect();
        let kept = weeks::kept(&weekly, i64::try_from(k).unwrap_or(i64::MAX));
        let mut tally = Tally::default();
        for (monday, week) in self.weeks {
            if !kept.contains(&monday) {
                continue;
            }
            tally.weeks.push(monday);
            tally.replayed += week.decisions;
            for ((before, after), n) in week.transitions {
                let key = (
                    self.before_ids[before].clone(),
                    self.catalog.frameworks[after].id.clone(),
                );
                *tally.transitions.entry(key).or_default() += n;
            }
            for (reason, n) in week.unreadable {
                *tally.unreadable.entry(reason).or_default() += n;
            }
        }
        tally
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
