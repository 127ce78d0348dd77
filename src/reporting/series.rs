//! Decisions over time, per recommended framework, in buckets of a day, a week or a month,
//! all built on whole weeks:
//!
//! - a **week** is Monday 00:00 UTC to the next Monday; its total is a sum of counted
//!   segments, so it is zero or at least `k`, and it is hidden only when zero;
//! - a **month** is the weeks whose Monday falls in that calendar month (so a month bucket
//!   may start a few days before the 1st or end a few days before the last day: it is
//!   always a whole number of weeks, `start` and `end` say which);
//! - a **day** is one UTC day of a counted week; the seven days of a week are one breakdown
//!   of the week's total (the rule of `daily`), so a day below `k` is hidden, with a
//!   neighbour when needed.
//!
//! Each bucket's split by framework is a two-way table (buckets x frameworks) whose row
//! totals are the buckets' totals and whose column totals are `byFramework`: it is hidden
//! along every row and column (`privacy::linked`), and a bucket or a framework whose total
//! is hidden shows none of its cells. The series are linked to each other too: a week's
//! cell for a framework is the sum of that framework's days, a month's of its weeks, so
//! those sums are lines of the finer series, and what the coarser series hides stays
//! hidden in the finer one.

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate};

use super::{Report, Shown};
use crate::privacy::{Line, hide_linked, suppress};
use crate::store::StoreError;

/// Most buckets in one series (the most recent ones of the range).
pub const MAX_BUCKETS: usize = 400;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    Day,
    Week,
    Month,
}

/// One bucket of the series: `[start, end)`, its total and its split by framework (every
/// catalog framework, in catalog order).
#[derive(Debug, Clone, PartialEq)]
pub struct Point<'a> {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub total: Shown,
    pub by_framework: Vec<(&'a str, Shown)>,
}

/// The buckets of `[from, to)` (both Mondays), oldest first.
fn buckets(bucket: Bucket, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    let step = match bucket {
        Bucket::Day => 1,
        Bucket::Week | Bucket::Month => 7,
    };
    let mut at = from;
    while at < to {
        let next = at + Days::new(step);
        match (bucket, out.last_mut()) {
            (Bucket::Month, Some(last)) if same_month(last.0, at) => last.1 = next,
            _ => out.push((at, next)),
        }
        at = next;
    }
    out
}

fn same_month(a: NaiveDate, b: NaiveDate) -> bool {
    (a.year(), a.month()) == (b.year(), b.month())
}

/// One series before it is turned into points: its buckets, their totals (raw and as
/// shown), and its buckets x frameworks cells with which are hidden.
struct Grid {
    spans: Vec<(NaiveDate, NaiveDate)>,
    shown_totals: Vec<Shown>,
    cells: Vec<i64>,
    hidden: Vec<bool>,
}

/// The next coarser bucket, whose series publishes the sums of this one's cells.
fn coarser(bucket: Bucket) -> Option<Bucket> {
    match bucket {
        Bucket::Day => Some(Bucket::Week),
        Bucket::Week => Some(Bucket::Month),
        Bucket::Month => None,
    }
}

impl Report {
    /// The series of `[from, to)` in `bucket`s, at most [`MAX_BUCKETS`] (the latest).
    pub async fn series(&self, bucket: Bucket) -> Result<Vec<Point<'_>>, StoreError> {
        let Some((from, to)) = self.range else {
            return Ok(Vec::new());
        };
        let frameworks = self.framework_counts().await?;
        let days = self.days().await?;
        let grid = self.grid(bucket, (from, to), days, &frameworks);
        let cols = frameworks.len();
        Ok(grid
            .spans
            .iter()
            .enumerate()
            .map(|(r, &(start, end))| Point {
                start,
                end,
                total: grid.shown_totals[r],
                by_framework: frameworks
                    .iter()
                    .enumerate()
                    .map(|(c, (f, _))| {
                        let i = r * cols + c;
                        (*f, (!grid.hidden[i]).then_some(grid.cells[i]))
                    })
                    .collect(),
            })
            .collect())
    }

    /// The series in `bucket`s with its cells hidden along each bucket, each framework, and
    /// each (coarser bucket, framework): the series of the next coarser bucket publishes
    /// those sums, so its cells are lines here, and a cell it hides hides every cell of this
    /// series inside it (otherwise adding them up would give it back).
    fn grid(
        &self,
        bucket: Bucket,
        (from, to): (NaiveDate, NaiveDate),
        days: &[(NaiveDate, String, i64)],
        frameworks: &[(&str, i64)],
    ) -> Grid {
        // Start late enough for the cap without walking centuries of empty weeks.
        let earliest = match bucket {
            Bucket::Day => to - Days::new(MAX_BUCKETS as u64 + 7),
            Bucket::Week => to - Days::new(7 * MAX_BUCKETS as u64),
            Bucket::Month => to - Days::new(7 * 5 * (MAX_BUCKETS as u64 + 1)),
        };
        let start = from.max(crate::privacy::week_of(earliest));
        let mut spans = buckets(bucket, start, to);
        let skip = spans.len().saturating_sub(MAX_BUCKETS);
        spans.drain(..skip);

        let index: HashMap<&str, usize> = frameworks
            .iter()
            .enumerate()
            .map(|(i, (f, _))| (*f, i))
            .collect();
        let cols = frameworks.len();
        let rows = spans.len();
        let mut cells = vec![0i64; rows * cols];
        let mut totals = vec![0i64; rows];
        for (day, framework, n) in days {
            let r = spans.partition_point(|(_, end)| end <= day);
            if r >= rows || spans[r].0 > *day {
                continue;
            }
            totals[r] += n;
            if let Some(&c) = index.get(framework.as_str()) {
                cells[r * cols + c] += n;
            }
        }

        let shown_totals = self.bucket_totals(bucket, &spans, &totals);
        let shown_columns = self.hide(frameworks.to_vec());
        let mut forced = vec![false; rows * cols];
        for r in 0..rows {
            for c in 0..cols {
                forced[r * cols + c] = shown_totals[r].is_none() || shown_columns[c].1.is_none();
            }
        }
        let mut lines: Vec<Line> = (0..rows)
            .map(|r| {
                let listed: i64 = cells[r * cols..(r + 1) * cols].iter().sum();
                Line::new(
                    (0..cols).map(|c| r * cols + c).collect(),
                    totals[r] - listed,
                )
            })
            .collect();
        lines.extend((0..cols).map(|c| {
            let listed: i64 = (0..rows).map(|r| cells[r * cols + c]).sum();
            Line::new(
                (0..rows).map(|r| r * cols + c).collect(),
                frameworks[c].1 - listed,
            )
        }));
        if let Some(up) = coarser(bucket) {
            let big = self.grid(up, (from, to), days, frameworks);
            for (i, &(b_start, b_end)) in big.spans.iter().enumerate() {
                let inside: Vec<usize> = (0..rows)
                    .filter(|&r| spans[r].0 >= b_start && spans[r].1 <= b_end)
                    .collect();
                for c in 0..cols {
                    let line: Vec<usize> = inside.iter().map(|&r| r * cols + c).collect();
                    let listed: i64 = line.iter().map(|&j| cells[j]).sum();
                    if big.hidden[i * cols + c] {
                        for &j in &line {
                            forced[j] = true;
                        }
                    }
                    lines.push(Line::new(line, big.cells[i * cols + c] - listed));
                }
            }
        }
        let hidden = if self.suppressed() {
            vec![true; rows * cols]
        } else {
            hide_linked(&cells, &forced, &lines, self.k)
        };
        Grid {
            spans,
            shown_totals,
            cells,
            hidden,
        }
    }

    /// The buckets' totals as they may be shown: weeks and months are sums of counted
    /// segments (0 or at least `k`: zero is hidden); days are suppressed within their week.
    fn bucket_totals(
        &self,
        bucket: Bucket,
        spans: &[(NaiveDate, NaiveDate)],
        totals: &[i64],
    ) -> Vec<Shown> {
        if self.suppressed() {
            return vec![None; totals.len()];
        }
        if bucket != Bucket::Day {
            return totals.iter().map(|&n| (n >= self.k).then_some(n)).collect();
        }
        let mut out = Vec::with_capacity(totals.len());
        let mut r = 0;
        while r < spans.len() {
            let week = crate::privacy::week_of(spans[r].0);
            let end = spans[r..]
                .iter()
                .position(|(d, _)| crate::privacy::week_of(*d) != week)
                .map_or(spans.len(), |p| r + p);
            let days: Vec<((), i64)> = totals[r..end].iter().map(|&n| ((), n)).collect();
            // A week cut by the cap counts its days left out as the residual.
            let week_total: i64 = self
                .segments
                .iter()
                .filter(|(s, _)| s.week == week)
                .map(|(_, n)| n)
                .sum();
            let listed: i64 = totals[r..end].iter().sum();
            if week_total > 0 {
                let shown = suppress(days, week_total - listed, self.k);
                out.extend(shown.into_iter().map(|((), n)| n));
            } else {
                out.extend(days.iter().map(|_| None));
            }
            r = end;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_month_bucket_is_the_weeks_whose_monday_falls_in_it() {
        // Mondays 2026-10-26 | 11-02, 11-09, 11-16, 11-23, 11-30 | 12-07.
        let spans = buckets(Bucket::Month, day("2026-10-26"), day("2026-12-14"));
        assert_eq!(
            spans,
            [
                (day("2026-10-26"), day("2026-11-02")),
                (day("2026-11-02"), day("2026-12-07")),
                (day("2026-12-07"), day("2026-12-14")),
            ]
        );
    }

    #[test]
    fn week_and_day_buckets_tile_the_range() {
        let weeks = buckets(Bucket::Week, day("2026-11-16"), day("2026-11-30"));
        assert_eq!(
            weeks,
            [
                (day("2026-11-16"), day("2026-11-23")),
                (day("2026-11-23"), day("2026-11-30"))
            ]
        );
        let days = buckets(Bucket::Day, day("2026-11-16"), day("2026-11-30"));
        assert_eq!(days.len(), 14);
        assert!(days.windows(2).all(|w| w[0].1 == w[1].0));
    }
}
