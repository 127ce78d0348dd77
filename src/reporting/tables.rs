//! The breakdowns beyond one catalog key: decisions by client and by catalog version, the
//! recommended-vs-chosen matrix with its agreement rates, and answers by top framework.
//!
//! - **Clients and catalog versions** are read from the counted segments themselves. Each
//!   segment holds at least `k` decisions, so every client or version listed has at least
//!   `k` and is shown; one with no counted segment in the range is not listed at all (its
//!   name is not a catalog key, and listing it would say it exists).
//! - **Outcomes** are a table whose lines are published or derivable: the whole table
//!   (reported outcomes, and those plus the decisions without one), each row (an agreement
//!   rate and its diagonal cell give the row's total), the diagonal and the rest (the
//!   overall agreement rate). Cells are hidden along all of them (`privacy::linked`).
//! - **Agreement rate**: the share of reported outcomes where the team chose the recommended
//!   framework. Null when the group has fewer than `k` reported outcomes, or when the part
//!   that agreed or the part that did not is a group between 1 and `k - 1` (the rate would
//!   give its size); per framework, also when the diagonal cell is hidden.
//! - **Answers by top framework** (one criterion): options x frameworks, whose row totals
//!   are `answers` and column totals `byFramework`; a row or column hidden there is hidden
//!   here entirely, and the rest is hidden along every line.

use std::collections::{BTreeMap, HashMap};

use super::{Report, Shown};
use crate::catalog::CriterionIx;
use crate::privacy::{Line, hide_linked, linked::rows_and_columns};
use crate::store::StoreError;

/// A name with its decisions.
pub type Counted = (String, Shown);

/// An agreement rate and the reported outcomes it is over (both `None` when hidden).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Agreement {
    pub rate: Option<f64>,
    pub outcomes: Shown,
}

impl Agreement {
    const HIDDEN: Agreement = Agreement {
        rate: None,
        outcomes: None,
    };
}

/// The outcome matrix with its hidden cells, kept whole for the rates.
struct OutcomeTable<'a> {
    frameworks: Vec<&'a str>,
    /// Row by row (recommended), catalog pairs only.
    cells: Vec<i64>,
    hidden: Vec<bool>,
    /// Reported outcomes per recommended framework (catalog or not) and overall.
    reported_by: HashMap<String, i64>,
    agreed_by: HashMap<String, i64>,
}

impl Report {
    /// Decisions per client name (`""`: sent without one), by name.
    pub fn by_client(&self) -> Vec<Counted> {
        let mut sums: BTreeMap<&str, i64> = BTreeMap::new();
        for (s, n) in &self.segments {
            *sums.entry(s.client.as_str()).or_default() += n;
        }
        self.hide_named(sums.into_iter().collect())
    }

    /// Decisions per catalog version, by the first week each was counted in.
    pub fn by_catalog_version(&self) -> Vec<Counted> {
        let mut order: Vec<&str> = Vec::new();
        let mut sums: HashMap<&str, i64> = HashMap::new();
        for (s, n) in &self.segments {
            if !sums.contains_key(s.version.as_str()) {
                order.push(&s.version);
            }
            *sums.entry(s.version.as_str()).or_default() += n;
        }
        self.hide_named(order.into_iter().map(|v| (v, sums[v])).collect())
    }

    fn hide_named(&self, cells: Vec<(&str, i64)>) -> Vec<Counted> {
        self.hide(cells)
            .into_iter()
            .map(|(name, n)| (name.to_string(), n))
            .collect()
    }

    async fn outcome_table(&self) -> Result<OutcomeTable<'_>, StoreError> {
        let rows = if self.kept.is_empty() {
            Vec::new()
        } else {
            self.db.stats().outcomes(&self.kept).await?
        };
        let frameworks: Vec<&str> = self
            .catalog
            .frameworks
            .iter()
            .map(|f| f.id.as_str())
            .collect();
        let n = frameworks.len();
        let index: HashMap<&str, usize> = frameworks
            .iter()
            .enumerate()
            .map(|(i, f)| (*f, i))
            .collect();
        let mut cells = vec![0i64; n * n];
        let mut reported_by: HashMap<String, i64> = HashMap::new();
        let mut agreed_by: HashMap<String, i64> = HashMap::new();
        for (r, c, count) in &rows {
            *reported_by.entry(r.clone()).or_default() += count;
            if r == c {
                *agreed_by.entry(r.clone()).or_default() += count;
            }
            if let (Some(&ri), Some(&ci)) = (index.get(r.as_str()), index.get(c.as_str())) {
                cells[ri * n + ci] += count;
            }
        }
        let reported: i64 = reported_by.values().sum();
        let agreed: i64 = agreed_by.values().sum();
        let sum = |idx: &[usize]| idx.iter().map(|&i| cells[i]).sum::<i64>();
        let all: Vec<usize> = (0..n * n).collect();
        let diagonal: Vec<usize> = (0..n).map(|i| i * n + i).collect();
        let off: Vec<usize> = all.iter().copied().filter(|i| i / n != i % n).collect();
        let listed = sum(&all);
        let mut lines = vec![
            Line::new(all.clone(), self.total - listed),
            Line::new(all.clone(), reported - listed),
            Line::new(diagonal.clone(), agreed - sum(&diagonal)),
            Line::new(off.clone(), (reported - agreed) - sum(&off)),
        ];
        for (r, f) in frameworks.iter().enumerate() {
            let row: Vec<usize> = (0..n).map(|c| r * n + c).collect();
            let residual = reported_by.get(*f).copied().unwrap_or(0) - sum(&row);
            lines.push(Line::new(row, residual));
        }
        let hidden = if self.suppressed() {
            vec![true; n * n]
        } else {
            hide_linked(&cells, &[], &lines, self.k)
        };
        Ok(OutcomeTable {
            frameworks,
            cells,
            hidden,
            reported_by,
            agreed_by,
        })
    }

    /// Reported outcomes: every (recommended, chosen) pair of catalog frameworks.
    pub async fn outcomes(&self) -> Result<Vec<((&str, &str), Shown)>, StoreError> {
        let t = self.outcome_table().await?;
        let n = t.frameworks.len();
        Ok((0..n * n)
            .map(|i| {
                let pair = (t.frameworks[i / n], t.frameworks[i % n]);
                (pair, (!t.hidden[i]).then_some(t.cells[i]))
            })
            .collect())
    }

    /// The agreement rate over every reported outcome, and per recommended framework
    /// (every catalog framework, in catalog order).
    pub async fn agreement(&self) -> Result<(Agreement, Vec<(&str, Agreement)>), StoreError> {
        let t = self.outcome_table().await?;
        let n = t.frameworks.len();
        let k = self.k;
        let small = |x: i64| x > 0 && x < k;
        let rate = |agreed: i64, reported: i64| {
            let shown =
                !self.suppressed() && reported >= k && !small(agreed) && !small(reported - agreed);
            if shown {
                Agreement {
                    rate: Some(agreed as f64 / reported as f64),
                    outcomes: Some(reported),
                }
            } else {
                Agreement::HIDDEN
            }
        };
        let overall = rate(t.agreed_by.values().sum(), t.reported_by.values().sum());
        let per = t
            .frameworks
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let diagonal = i * n + i;
                let a = if t.hidden[diagonal] {
                    Agreement::HIDDEN
                } else {
                    rate(
                        t.agreed_by.get(*f).copied().unwrap_or(0),
                        t.reported_by.get(*f).copied().unwrap_or(0),
                    )
                };
                (*f, a)
            })
            .collect();
        Ok((overall, per))
    }

    /// Answers of one criterion per (option, top framework): every option with every
    /// framework, row by row.
    pub async fn answers_by_framework(
        &self,
        criterion: CriterionIx,
    ) -> Result<Vec<((&str, &str), Shown)>, StoreError> {
        let options: Vec<&str> = self.catalog.criteria[criterion]
            .options
            .iter()
            .map(|o| o.id.as_str())
            .collect();
        let frameworks = self.framework_counts().await?;
        let (rows, cols) = (options.len(), frameworks.len());
        let oi: HashMap<&str, usize> = options.iter().enumerate().map(|(i, o)| (*o, i)).collect();
        let fi: HashMap<&str, usize> = frameworks
            .iter()
            .enumerate()
            .map(|(i, (f, _))| (*f, i))
            .collect();
        let mut cells = vec![0i64; rows * cols];
        let mut row_totals = vec![0i64; rows];
        for (option, framework, count) in self.answer_rows(criterion).await? {
            let Some(&r) = oi.get(option.as_str()) else {
                continue;
            };
            row_totals[r] += count;
            if let Some(&c) = fi.get(framework.as_str()) {
                cells[r * cols + c] += count;
            }
        }
        let shown_rows = self.answers(criterion).await?;
        let shown_cols = self.hide(frameworks.clone());
        let mut forced = vec![false; rows * cols];
        for (i, f) in forced.iter_mut().enumerate() {
            *f = shown_rows[i / cols].1.is_none() || shown_cols[i % cols].1.is_none();
        }
        let mut lines = rows_and_columns(rows, cols);
        for (r, line) in lines.iter_mut().take(rows).enumerate() {
            line.residual = row_totals[r] - line.cells.iter().map(|&i| cells[i]).sum::<i64>();
        }
        for (c, line) in lines.iter_mut().skip(rows).enumerate() {
            line.residual = frameworks[c].1 - line.cells.iter().map(|&i| cells[i]).sum::<i64>();
        }
        let listed: i64 = cells.iter().sum();
        lines.push(Line::new((0..rows * cols).collect(), self.total - listed));
        let hidden = if self.suppressed() {
            vec![true; rows * cols]
        } else {
            hide_linked(&cells, &forced, &lines, self.k)
        };
        Ok((0..rows * cols)
            .map(|i| {
                let pair = (options[i / cols], frameworks[i % cols].0);
                (pair, (!hidden[i]).then_some(cells[i]))
            })
            .collect())
    }
}
