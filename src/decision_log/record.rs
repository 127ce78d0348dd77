//! What a logged decision is: exactly the fields the analytics need, nothing that could
//! identify a person. Building a [`DecisionRecord`] is the only way into the log, so this
//! type is where the privacy rules are enforced.

use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::catalog::Catalog;
use crate::engine::{Profile, Recommendation};

/// A portal's self-chosen name (`X-Client-Name`), so it can tell its traffic apart.
/// Only `[a-z0-9-]{1,40}`: anything else could carry free text (a name, an e-mail) and is
/// ignored rather than stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ClientName(String);

impl ClientName {
    pub fn parse(raw: &str) -> Option<ClientName> {
        let ok = (1..=40).contains(&raw.len())
            && raw
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        ok.then(|| ClientName(raw.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ClientName {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        ClientName::parse(&s).ok_or_else(|| format!("invalid client name {s:?}"))
    }
}

impl From<ClientName> for String {
    fn from(c: ClientName) -> String {
        c.0
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredAnswer {
    pub criterion: String,
    pub option: String,
    pub weight: f64,
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
    pub decided_hour: DateTime<Utc>,
    pub catalog_version: String,
    pub answers: Vec<StoredAnswer>,
    pub languages: Option<Vec<String>>,
    pub top_framework: String,
    pub ranking: Vec<StoredRank>,
    pub client_name: Option<ClientName>,
}

/// A UUIDv7 whose timestamp is the hour of the decision, not the millisecond: ids still
/// sort by hour and stay unique (74 random bits), but an id cannot be matched to a request
/// in some other log (a proxy's, with addresses) by its time.
pub fn decision_id(now: DateTime<Utc>) -> Uuid {
    let hour = truncate_to_hour(now).timestamp().max(0) as u64;
    Uuid::new_v7(uuid::Timestamp::from_unix(uuid::NoContext, hour, 0))
}

/// The hour `t` falls in.
pub fn truncate_to_hour(t: DateTime<Utc>) -> DateTime<Utc> {
    t.duration_trunc(TimeDelta::hours(1)).unwrap_or(t)
}

impl DecisionRecord {
    pub fn new(
        catalog: &Catalog,
        profile: &Profile,
        rec: &Recommendation,
        client_name: Option<ClientName>,
        now: DateTime<Utc>,
    ) -> DecisionRecord {
        DecisionRecord {
            decision_id: decision_id(now),
            decided_hour: truncate_to_hour(now),
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
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_names_that_could_carry_free_text_are_ignored() {
        assert!(ClientName::parse("backstage-prod").is_some());
        assert!(ClientName::parse("a").is_some());
        for bad in [
            "",
            "Backstage",
            "john.doe@example.com",
            "has space",
            &"x".repeat(41),
            "é",
        ] {
            assert!(ClientName::parse(bad).is_none(), "{bad:?} must be ignored");
        }
    }

    #[test]
    fn decision_ids_carry_only_the_hour() {
        let t = DateTime::parse_from_rfc3339("2026-11-25T20:47:13.5Z")
            .unwrap()
            .with_timezone(&Utc);
        let a = decision_id(t);
        let b = decision_id(t + TimeDelta::minutes(5));
        assert_ne!(a, b);
        assert_eq!(a.get_version_num(), 7);
        let (secs, nanos) = a.get_timestamp().unwrap().to_unix();
        assert_eq!((secs, nanos), (truncate_to_hour(t).timestamp() as u64, 0));
        assert_eq!(a.get_timestamp(), b.get_timestamp());
    }

    #[test]
    fn decision_times_are_truncated_to_the_hour() {
        let t = DateTime::parse_from_rfc3339("2026-11-25T20:47:13.5Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            truncate_to_hour(t).to_rfc3339(),
            "2026-11-25T20:00:00+00:00"
        );
    }
}
