//! A replay's report, with small groups hidden (see `suppression`), as JSON (serde: the
//! shape documented in the README, "Changing the catalog") or as text for a reviewer
//! ([`Report::to_text`]).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::suppression::{Part, suppress_parts};
use super::{Reason, Tally};
use crate::catalog::Catalog;
use crate::privacy::Weeks;

pub use super::suppression::Count;

/// How ties for first are broken, said in every report.
pub const TIE_BREAK: &str = "framework id, alphabetically";

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub catalog: CatalogRef,
    /// The period and client asked for.
    pub filter: Filter,
    /// The period replayed: `filter` snapped outwards to whole UTC weeks.
    pub weeks: WeekRange,
    pub min_group_size: u64,
    /// Decisions in the weeks that hold at least `min_group_size` of them (the others
    /// count nowhere). `null` when below `min_group_size`, and then so is everything else.
    pub replayed: Count,
    /// Readable decisions whose top pick stays the same.
    pub unchanged: Count,
    /// Readable decisions whose top pick would change.
    pub changed: Count,
    /// Decisions the candidate cannot re-score.
    pub unreadable: Count,
    /// Readable decisions by (stored top pick, top pick under the candidate): every pair
    /// of the candidate's frameworks, in catalog order, then rows for stored picks the
    /// candidate does not have, when such a row holds at least `min_group_size`.
    pub transitions: Vec<Transition>,
    /// Unreadable decisions by reason, each counted once; reasons with fewer than
    /// `min_group_size` decisions are not listed.
    pub unreadable_reasons: Vec<ReasonCount>,
    pub tie_break: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct CatalogRef {
    pub path: String,
    pub version: String,
}

/// Which decisions were asked for: `from` inclusive, `to` exclusive, compared with the
/// hour a decision was made in; `client` its `X-Client-Name`. `None`: no bound.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Filter {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub client: Option<String>,
}

/// Whole UTC weeks: `from` and `to` are Mondays, `to` exclusive; `None`: no bound.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct WeekRange {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// How many weeks held at least `min_group_size` decisions and were counted.
    pub counted: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Transition {
    pub before: String,
    pub after: String,
    pub changed: bool,
    /// False when the stored top pick is not a framework of the candidate catalog.
    pub before_in_catalog: bool,
    pub count: Count,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReasonCount {
    #[serde(flatten)]
    pub reason: Reason,
    pub description: String,
    pub count: Count,
}

/// What a cell of the report counts: a (before, after) pair of framework ids, or a reason.
enum Key<'a> {
    Pair(&'a str, &'a str),
    Reason(Reason),
}

impl Report {
    /// Hides groups smaller than `k` in `tally`, a replay under `catalog` (read from
    /// `catalog_path`) of the weeks `weeks`.
    pub fn new(
        tally: &Tally,
        catalog: &Catalog,
        catalog_path: String,
        filter: Filter,
        weeks: Weeks,
        k: u32,
    ) -> Report {
        let k = u64::from(k);
        let ids: Vec<&str> = catalog.frameworks.iter().map(|f| f.id.as_str()).collect();
        let count = |b: &str, a: &str| {
            tally
                .transitions
                .get(&(b.to_string(), a.to_string()))
                .copied()
                .unwrap_or(0)
        };
        // Stored picks the candidate does not have: a row each when it holds at least k
        // (listing it says no more than that), the rest unlisted.
        let mut foreign: BTreeMap<&str, u64> = BTreeMap::new();
        for ((before, _), n) in &tally.transitions {
            if catalog.framework_index(before).is_none() {
                *foreign.entry(before.as_str()).or_default() += n;
            }
        }
        let listed_foreign: Vec<&str> = foreign
            .iter()
            .filter(|(_, n)| **n >= k)
            .map(|(id, _)| *id)
            .collect();
        let unlisted_foreign: u64 = foreign.values().filter(|n| **n < k).sum();
        let rows: Vec<&str> = ids.iter().copied().chain(listed_foreign).collect();

        let unchanged = Part {
            cells: ids
                .iter()
                .map(|&f| (Key::Pair(f, f), count(f, f)))
                .collect(),
            residual: 0,
        };
        let changed = Part {
            cells: rows
                .iter()
                .flat_map(|&b| ids.iter().filter(move |&&a| a != b).map(move |&a| (b, a)))
                .map(|(b, a)| (Key::Pair(b, a), count(b, a)))
                .collect(),
            residual: unlisted_foreign,
        };
        let (listed, unlisted): (Vec<_>, Vec<_>) =
            tally.unreadable.iter().partition(|(_, n)| **n >= k);
        let reasons = Part {
            cells: listed
                .into_iter()
                .map(|(r, n)| (Key::Reason(r.clone()), *n))
                .collect(),
            residual: unlisted.into_iter().map(|(_, n)| n).sum(),
        };
        let (totals, parts) = suppress_parts(vec![unchanged, changed, reasons], k);

        let suppressed = tally.replayed < k;
        let hide_all = |c: Count| if suppressed { Count::Small } else { c };
        let mut transitions = Vec::new();
        let mut unreadable_reasons = Vec::new();
        for (key, count) in parts.into_iter().flatten() {
            match key {
                Key::Pair(before, after) => transitions.push(Transition {
                    before: before.to_string(),
                    after: after.to_string(),
                    changed: before != after,
                    before_in_catalog: catalog.framework_index(before).is_some(),
                    count: hide_all(count),
                }),
                Key::Reason(reason) if !suppressed => unreadable_reasons.push(ReasonCount {
                    description: reason.to_string(),
                    reason,
                    count,
                }),
                Key::Reason(_) => {}
            }
        }
        let order = |id: &str| rows.iter().position(|r| *r == id).unwrap_or(usize::MAX);
        let column = |id: &str| ids.iter().position(|r| *r == id).unwrap_or(usize::MAX);
        transitions.sort_by_key(|t| (order(&t.before), column(&t.after)));

        Report {
            catalog: CatalogRef {
                path: catalog_path,
                version: catalog.version.clone(),
            },
            filter,
            weeks: WeekRange {
                from: weeks.from,
                to: weeks.to,
                counted: tally.weeks.len(),
            },
            min_group_size: k,
            replayed: if suppressed {
                Count::Small
            } else {
                Count::Shown(tally.replayed)
            },
            unchanged: hide_all(totals[0]),
            changed: hide_all(totals[1]),
            unreadable: hide_all(totals[2]),
            transitions,
            unreadable_reasons,
            tie_break: TIE_BREAK,
        }
    }
}
