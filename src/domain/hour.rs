//! The hour a decision (or an outcome) happened in: the only time the log keeps. Coarse on
//! purpose: enough for trends, too coarse to match a row to a request in some other log.

use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

/// A UTC time truncated to the hour. Serialized as the timestamp itself, so records
/// written before this type existed (in the spool) read back unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "DateTime<Utc>", into = "DateTime<Utc>")]
pub struct Hour(DateTime<Utc>);

impl Hour {
    /// The hour `t` falls in.
    pub fn of(t: DateTime<Utc>) -> Hour {
        Hour(t.duration_trunc(TimeDelta::hours(1)).unwrap_or(t))
    }

    pub fn now() -> Hour {
        Hour::of(Utc::now())
    }

    pub fn as_datetime(self) -> DateTime<Utc> {
        self.0
    }
}

impl TryFrom<DateTime<Utc>> for Hour {
    type Error = String;
    fn try_from(t: DateTime<Utc>) -> Result<Self, Self::Error> {
        let hour = Hour::of(t);
        if hour.0 == t {
            Ok(hour)
        } else {
            Err(format!("{t} is not a whole hour"))
        }
    }
}

impl From<Hour> for DateTime<Utc> {
    fn from(h: Hour) -> DateTime<Utc> {
        h.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_truncated_to_the_hour() {
        let t = DateTime::parse_from_rfc3339("2026-11-25T20:47:13.5Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            Hour::of(t).as_datetime().to_rfc3339(),
            "2026-11-25T20:00:00+00:00"
        );
    }

    #[test]
    fn only_whole_hours_read_back() {
        let whole = serde_json::json!("2026-11-25T20:00:00Z");
        assert!(serde_json::from_value::<Hour>(whole).is_ok());
        let not = serde_json::json!("2026-11-25T20:00:01Z");
        assert!(serde_json::from_value::<Hour>(not).is_err());
    }
}
