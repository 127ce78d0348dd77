//! What a logged decision is: exactly the fields the analytics need, nothing that could
//! identify a person. Building a [`DecisionRecord`] is the only way into the log, so this
//! type is where the privacy rules are enforced.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{ClientName, Hour, OutcomeToken, TokenHash};
use crate::catalog::Catalog;
use crate::engine::{Profile, Recommendation};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredAnswer {
    pub criterion: String,
    pub option: String,
    pub weight: f64,
}

impl StoredAnswer {
    /// The answers of a logged decision from its three aligned columns (`answer_criteria`,
    /// `answer_options`, `answer_weights`); `None` when their lengths differ, which the
    /// `decisions_answers_aligned` constraint rules out for rows this service writes.
    pub fn from_columns(
        criteria: Vec<String>,
        options: Vec<String>,
        weights: Vec<f64>,
    ) -> Option<Vec<StoredAnswer>> {
        if options.len() != criteria.len() || weights.len() != criteria.len() {
            return None;
        }
        Some(
            criteria
                .into_iter()
                .zip(options)
                .zip(weights)
                .map(|((criterion, option), weight)| StoredAnswer {
                    criterion,
                    option,
                    weight,
                })
                .collect(),
        )
    }

    /// The answer as the engine reads it again (replay, decision records).
    pub fn raw(&self) -> crate::engine::RawAnswer<'_> {
        crate::engine::RawAnswer {
            criterion_id: &self.criterion,
            option_id: &self.option,
            weight: self.weight,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredRank {
    pub framework: String,
    pub score: f64,
}

/// One decision as stored (in PostgreSQL, or in the spool while it is unreachable).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionRecord {
    pub decision_id: Uuid,
    /// Truncated to the hour: enough for trends, too coarse to match a request log.
    pub decided_hour: Hour,
    pub catalog_version: String,
    pub answers: Vec<StoredAnswer>,
    pub languages: Option<Vec<String>>,
    pub top_framework: String,
    pub ranking: Vec<StoredRank>,
    pub client_name: Option<ClientName>,
    /// SHA-256 of the outcome token handed to the submitter. Absent in records spooled
    /// before tokens existed.
    #[serde(default)]
    pub outcome_token_hash: Option<TokenHash>,
}

/// A UUIDv7 whose timestamp is the hour of the decision, not the millisecond: ids still
/// sort by hour and stay unique (74 random bits), but an id cannot be matched to a request
/// in some other log (a proxy's, with addresses) by its time.
pub fn decision_id(hour: Hour) -> Uuid {
    let secs = u64::try_from(hour.as_datetime().timestamp()).unwrap_or(0);
    Uuid::new_v7(uuid::Timestamp::from_unix(uuid::NoContext, secs, 0))
}

impl DecisionRecord {
    /// The record of a decision, and the outcome token to hand to its submitter (the
    /// record keeps only the token's hash).
    pub fn new(
        catalog: &Catalog,
        profile: &Profile,
        rec: &Recommendation,
        client_name: Option<ClientName>,
        now: DateTime<Utc>,
    ) -> (DecisionRecord, OutcomeToken) {
        let hour = Hour::of(now);
        let token = OutcomeToken::generate();
        let record = DecisionRecord {
            decision_id: decision_id(hour),
            decided_hour: hour,
            catalog_version: catalog.version.clone(),
            answers: profile
                .answers
                .iter()
                .map(|a| {
                    let c = &catalog.criteria[a.criterion];
                    StoredAnswer {
                        criterion: c.id.clone(),
                        option: c.options[a.option].id.clone(),
                        weight: a.weight,
                    }
                })
                .collect(),
            languages: profile
                .languages
                .as_ref()
                .map(|l| l.iter().map(|l| l.as_str().to_string()).collect()),
            top_framework: catalog.frameworks[rec.top().framework].id.clone(),
            ranking: rec
                .ranking
                .iter()
                .map(|r| StoredRank {
                    framework: catalog.frameworks[r.framework].id.clone(),
                    score: r.score,
                })
                .collect(),
            client_name,
            outcome_token_hash: Some(token.hash()),
        };
        (record, token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    #[test]
    fn decision_ids_carry_only_the_hour() {
        let t = DateTime::parse_from_rfc3339("2026-11-25T20:47:13.5Z")
            .unwrap()
            .with_timezone(&Utc);
        let a = decision_id(Hour::of(t));
        let b = decision_id(Hour::of(t + TimeDelta::minutes(5)));
        assert_ne!(a, b);
        assert_eq!(a.get_version_num(), 7);
        let (secs, nanos) = a.get_timestamp().unwrap().to_unix();
        assert_eq!(
            (secs, nanos),
            (Hour::of(t).as_datetime().timestamp() as u64, 0)
        );
        assert_eq!(a.get_timestamp(), b.get_timestamp());
    }
}
