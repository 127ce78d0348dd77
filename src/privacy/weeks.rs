//! Time in analytics: whole UTC weeks (Monday to Monday), never finer for a filter.
//!
//! A filter's `from` is moved back to the Monday of its week and its `to` forward to the
//! next Monday (unless it already is one), so every allowed range is a whole number of
//! weeks. And a week that holds fewer than `k` decisions of the filtered set is left out
//! of every figure: then any two allowed queries differ by whole weeks of at least `k`
//! decisions each, and subtracting one answer from another never isolates a smaller
//! group (a one-hour window, or two ranges a day apart, used to single a decision out).

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};

/// The Monday of the week `day` falls in.
pub fn week_of(day: NaiveDate) -> NaiveDate {
    day - Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// A filter's time range in whole weeks: `from` and `to` are Mondays, `to` exclusive;
/// `None` is open-ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weeks {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Weeks {
    /// Snaps a range of instants outwards to whole weeks.
    pub fn snap(from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>) -> Weeks {
        let from = from.map(|t| week_of(t.date_naive()));
        let to = to.map(|t| {
            let monday = week_of(t.date_naive());
            let on_boundary = t.date_naive() == monday && t == monday_start(monday);
            if on_boundary {
                monday
            } else {
                monday + Days::new(7)
            }
        });
        Weeks { from, to }
    }

    /// Whether the range holds no week at all.
    pub fn is_empty(&self) -> bool {
        matches!((self.from, self.to), (Some(f), Some(t)) if f >= t)
    }
}

fn monday_start(monday: NaiveDate) -> DateTime<Utc> {
    monday
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc()
}

/// The weeks whose decisions may be counted: those holding at least `k` of them.
pub fn kept(weekly: &[(NaiveDate, i64)], k: i64) -> BTreeSet<NaiveDate> {
    weekly
        .iter()
        .filter(|(_, n)| *n >= k)
        .map(|(w, _)| *w)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_day_belongs_to_the_week_of_its_monday() {
        assert_eq!(week_of(day("2026-11-26")), day("2026-11-23")); // a Thursday
        assert_eq!(week_of(day("2026-11-23")), day("2026-11-23"));
        assert_eq!(week_of(day("2026-11-29")), day("2026-11-23")); // Sunday
    }

    #[test]
    fn a_one_hour_window_becomes_its_whole_week() {
        let w = Weeks::snap(
            Some(at("2026-11-26T13:00:00Z")),
            Some(at("2026-11-26T14:00:00Z")),
        );
        assert_eq!(
            w,
            Weeks {
                from: Some(day("2026-11-23")),
                to: Some(day("2026-11-30"))
            }
        );
    }

    #[test]
    fn a_range_already_on_week_boundaries_stays_as_it_is() {
        let w = Weeks::snap(
            Some(at("2026-11-23T00:00:00Z")),
            Some(at("2026-12-07T00:00:00Z")),
        );
        assert_eq!(
            w,
            Weeks {
                from: Some(day("2026-11-23")),
                to: Some(day("2026-12-07"))
            }
        );
        assert!(!w.is_empty());
    }

    #[test]
    fn only_weeks_with_enough_decisions_are_kept() {
        let weekly = [
            (day("2026-11-09"), 4),
            (day("2026-11-16"), 5),
            (day("2026-11-23"), 0),
        ];
        assert_eq!(kept(&weekly, 5), BTreeSet::from([day("2026-11-16")]));
    }
}
