//! A replay's report, with small groups hidden (see `suppression`), as JSON (serde: the
//! shape documented in the README, "Changing the catalog") or as text for a reviewer
//! ([`Report::to_text`]).

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::suppression::suppress_parts;
use super::{Reason, Tally};
use crate::catalog::Catalog;

pub use super::suppression::Count;

/// How ties for first are broken, said in every report.
pub const TIE_BREAK: &str = "framework id, alphabetically";

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub catalog: CatalogRef,
    pub filter: Filter,
    pub min_group_size: u64,
    /// Decisions read from the log. Never hidden, like the analytics' `total`.
    pub replayed: u64,
    /// Readable decisions whose top pick stays the same.
    pub unchanged: Count,
    /// Readable decisions whose top pick would change.
    pub changed: Count,
    /// Decisions the candidate cannot re-score.
    pub unreadable: Count,
    /// Readable decisions by (stored top pick, top pick under the candidate), sorted by
    /// `before` then `after`; pairs with no decision are left out.
    pub transitions: Vec<Transition>,
    /// Unreadable decisions by reason, each counted once.
    pub unreadable_reasons: Vec<ReasonCount>,
    pub tie_break: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct CatalogRef {
    pub path: String,
    pub version: String,
}

/// Which decisions were replayed: `from` inclusive, `to` exclusive, compared with the
/// hour a decision was made in; `client` its `X-Client-Name`. `None`: no bound.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Filter {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub client: Option<String>,
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

impl Report {
    /// Hides groups smaller than `k` in `tally`, a replay under `catalog` (read from
    /// `catalog_path`).
    pub fn new(
        tally: Tally,
        catalog: &Catalog,
        catalog_path: String,
        filter: Filter,
        k: u32,
    ) -> Report {
        let (unchanged, changed): (Vec<_>, Vec<_>) = tally
            .transitions
            .into_iter()
            .partition(|((before, after), _)| before == after);
        let reasons: Vec<(Reason, u64)> = tally.unreadable.into_iter().collect();
        let numbered = |cells: &[((String, String), u64)]| -> Vec<(usize, u64)> {
            cells.iter().map(|(_, n)| *n).enumerate().collect()
        };
        let parts = vec![
            numbered(&unchanged),
            numbered(&changed),
            reasons.iter().map(|(_, n)| *n).enumerate().collect(),
        ];
        let (totals, shown) = suppress_parts(parts, u64::from(k));

        let mut transitions: Vec<Transition> = unchanged
            .into_iter()
            .zip(&shown[0])
            .chain(changed.into_iter().zip(&shown[1]))
            .map(|(((before, after), _), (_, count))| Transition {
                changed: before != after,
                before_in_catalog: catalog.framework_index(&before).is_some(),
                before,
                after,
                count: *count,
            })
            .collect();
        transitions.sort_by(|a, b| (&a.before, &a.after).cmp(&(&b.before, &b.after)));
        let unreadable_reasons = reasons
            .into_iter()
            .zip(&shown[2])
            .map(|((reason, _), (_, count))| ReasonCount {
                description: reason.to_string(),
                reason,
                count: *count,
            })
            .collect();

        Report {
            catalog: CatalogRef {
                path: catalog_path,
                version: catalog.version.clone(),
            },
            filter,
            min_group_size: u64::from(k),
            replayed: tally.replayed,
            unchanged: totals[0],
            changed: totals[1],
            unreadable: totals[2],
            transitions,
            unreadable_reasons,
            tie_break: TIE_BREAK,
        }
    }
}
