//! Reporting: the figures analysts may see about the decision log, with the privacy rules
//! applied. This module decides (which segments count, which cells are hidden, in which
//! order keys are listed); `store::stats` owns the SQL; `graphql::stats` translates.
//!
//! The rules (`privacy`), applied to every figure of one [`Report`]:
//! - the filter's time range is snapped outwards to whole UTC weeks;
//! - a segment (one week of one client under one catalog version) with fewer than `k`
//!   decisions counts nowhere, whatever the filter: every counted set is a union of
//!   segments of at least `k`, so two answers never differ by a smaller group;
//! - the total is shown only when it is at least `k` (with the rule above, it is either 0
//!   or at least `k`): otherwise the whole report is suppressed;
//! - every breakdown lists every key the catalog defines, in catalog order, and hides
//!   cells by `privacy::suppress`, zero included, with the decisions no listed key counts
//!   as the residual; two-way tables (`series`, `tables`) hide along every line whose
//!   total is published elsewhere (`privacy::linked`).

mod series;
mod tables;

pub use series::{Bucket, MAX_BUCKETS, Point};
pub use tables::{Agreement, Counted};

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Days, NaiveDate, Utc};
use tokio::sync::OnceCell;

use crate::catalog::{Catalog, CriterionIx};
use crate::privacy::{Weeks, suppress};
use crate::store::stats::{self, Segment, Segments};
use crate::store::{Database, StoreError};

/// Longest `daily` series, in days (the most recent ones of the range).
pub const MAX_DAYS: usize = 400;

/// What an analyst asks for.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub client_name: Option<String>,
    pub catalog_version: Option<String>,
}

/// A count as it may be shown: `None` when hidden.
pub type Shown = Option<i64>;

pub struct Report {
    db: Database,
    /// The catalog the request runs against (held, not borrowed: a report outlives the
    /// resolver that opened it).
    catalog: Arc<Catalog>,
    k: i64,
    /// The segments that count, with their decisions, oldest first.
    segments: Vec<(Segment, i64)>,
    /// The same, as the store's queries take them.
    kept: Segments,
    /// The weeks with at least one counted segment, oldest first.
    weeks: Vec<NaiveDate>,
    total: i64,
    /// The effective range, whole weeks: from the request, or the kept weeks' span.
    range: Option<(NaiveDate, NaiveDate)>,
    /// Decisions per (day, recommended framework) in the counted segments, read once.
    days: OnceCell<Vec<(NaiveDate, String, i64)>>,
}

impl Report {
    /// Reads which segments of the filtered set may be counted.
    pub async fn open(
        db: Database,
        catalog: Arc<Catalog>,
        query: Query,
        k: u32,
    ) -> Result<Report, StoreError> {
        let k = i64::from(k);
        let snapped = Weeks::snap(query.from, query.to);
        let filter = stats::Filter {
            from: snapped.from,
            to: snapped.to,
            client_name: query.client_name,
            catalog_version: query.catalog_version,
        };
        let all = db.stats().segments(&filter).await?;
        let segments: Vec<(Segment, i64)> = all.into_iter().filter(|(_, n)| *n >= k).collect();
        let total = segments.iter().map(|(_, n)| n).sum();
        let mut weeks: Vec<NaiveDate> = segments.iter().map(|(s, _)| s.week).collect();
        weeks.dedup();
        let kept = Segments::of(segments.iter().map(|(s, _)| s));
        let span = weeks
            .first()
            .zip(weeks.last())
            .map(|(first, last)| (*first, *last + Days::new(7)));
        let range = match (snapped.from, snapped.to, span) {
            (Some(from), Some(to), _) => Some((from, to)),
            (from, to, Some((first, end))) => Some((from.unwrap_or(first), to.unwrap_or(end))),
            (_, _, None) => None,
        };
        Ok(Report {
            db,
            catalog,
            k,
            segments,
            kept,
            weeks,
            total,
            range,
            days: OnceCell::new(),
        })
    }

    pub fn min_group_size(&self) -> i64 {
        self.k
    }

    /// True when the filtered set is too small to show anything about it.
    pub fn suppressed(&self) -> bool {
        self.total < self.k
    }

    /// Decisions in the counted segments; `None` when the report is suppressed.
    pub fn total(&self) -> Shown {
        (!self.suppressed()).then_some(self.total)
    }

    /// The range the figures cover: whole weeks, `to` exclusive.
    pub fn range(&self) -> Option<(NaiveDate, NaiveDate)> {
        self.range
    }

    async fn days(&self) -> Result<&[(NaiveDate, String, i64)], StoreError> {
        let rows = self
            .days
            .get_or_try_init(|| async {
                if self.kept.is_empty() {
                    return Ok(Vec::new());
                }
                self.db.stats().days_by_framework(&self.kept).await
            })
            .await?;
        Ok(rows)
    }

    /// Decisions by recommended (top) framework, every catalog framework listed.
    pub async fn by_framework(&self) -> Result<Vec<(&str, Shown)>, StoreError> {
        let cells = self.framework_counts().await?;
        Ok(self.hide(cells))
    }

    /// The unsuppressed counts behind [`Self::by_framework`], for the tables linked to it.
    async fn framework_counts(&self) -> Result<Vec<(&str, i64)>, StoreError> {
        let mut counts: HashMap<&str, i64> = HashMap::new();
        for (_, framework, n) in self.days().await? {
            *counts.entry(framework.as_str()).or_default() += n;
        }
        Ok(self
            .catalog
            .frameworks
            .iter()
            .map(|f| {
                (
                    f.id.as_str(),
                    counts.get(f.id.as_str()).copied().unwrap_or(0),
                )
            })
            .collect())
    }

    /// How often each option of `criterion` was chosen with a weight above zero, every
    /// option listed.
    pub async fn answers(&self, criterion: CriterionIx) -> Result<Vec<(&str, Shown)>, StoreError> {
        let rows = self.answer_rows(criterion).await?;
        let mut counts: HashMap<&str, i64> = HashMap::new();
        for (option, _, n) in &rows {
            *counts.entry(option.as_str()).or_default() += n;
        }
        let cells = self.catalog.criteria[criterion]
            .options
            .iter()
            .map(|o| {
                (
                    o.id.as_str(),
                    counts.get(o.id.as_str()).copied().unwrap_or(0),
                )
            })
            .collect();
        Ok(self.hide(cells))
    }

    /// Answers of `criterion` per (option, recommended framework), in the counted segments.
    async fn answer_rows(
        &self,
        criterion: CriterionIx,
    ) -> Result<Vec<(String, String, i64)>, StoreError> {
        if self.kept.is_empty() {
            return Ok(Vec::new());
        }
        let c = &self.catalog.criteria[criterion];
        self.db.stats().answers(&self.kept, &c.id).await
    }

    /// Decisions per UTC day of the range (at most the last [`MAX_DAYS`]). Days of weeks
    /// that do not count are hidden; within a week that counts, the days are one
    /// breakdown of the week's total.
    pub async fn daily(&self) -> Result<Vec<(NaiveDate, Shown)>, StoreError> {
        let Some((from, to)) = self.range else {
            return Ok(Vec::new());
        };
        let mut per_day: BTreeMap<NaiveDate, i64> = BTreeMap::new();
        for (day, _, n) in self.days().await? {
            *per_day.entry(*day).or_default() += n;
        }
        let mut out = Vec::new();
        let mut week = from;
        while week < to {
            let days: Vec<(NaiveDate, i64)> = (0..7)
                .map(|i| week + Days::new(i))
                .map(|d| (d, per_day.get(&d).copied().unwrap_or(0)))
                .collect();
            if self.weeks.binary_search(&week).is_ok() {
                out.extend(suppress(days, 0, self.k));
            } else {
                out.extend(days.into_iter().map(|(d, _)| (d, None)));
            }
            week = week + Days::new(7);
        }
        let skip = out.len().saturating_sub(MAX_DAYS);
        Ok(out.split_off(skip))
    }

    /// Hides cells of one breakdown of the counted decisions; what no cell counts is the
    /// residual. A suppressed report hides everything.
    fn hide<K>(&self, cells: Vec<(K, i64)>) -> Vec<(K, Shown)> {
        if self.suppressed() {
            return cells.into_iter().map(|(key, _)| (key, None)).collect();
        }
        let listed: i64 = cells.iter().map(|(_, n)| n).sum();
        suppress(cells, self.total - listed, self.k)
    }
}
