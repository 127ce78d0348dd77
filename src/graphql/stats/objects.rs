//! The fields of `DecisionStats`: each one asks the report for one figure and translates
//! it; hiding, ordering and keys are decided in `reporting`.

use async_graphql::{Context, ID, Object, Result};
use chrono::NaiveDate;

use super::store_error;
use super::types::{
    AgreementRate, AnswerFrameworkCount, CatalogVersionCount, ClientCount, DailyCount,
    FrameworkAgreement, FrameworkCount, OptionCount, OutcomeCount, TimeBucket, TimeSeriesPoint,
};
use crate::catalog::CriterionIx;
use crate::graphql::catalog::catalog;
use crate::graphql::errors::bad_input;
use crate::graphql::input::shown;
use crate::reporting::{Agreement, Report, Shown};

pub struct DecisionStats {
    report: Report,
}

impl DecisionStats {
    pub fn new(report: Report) -> DecisionStats {
        DecisionStats { report }
    }
}

fn count(n: Shown) -> Option<i32> {
    n.map(|n| i32::try_from(n).unwrap_or(i32::MAX))
}

/// Aggregates of the anonymous decision log for one filter, with small groups hidden
/// (see `suppressed` and each count).
#[Object]
impl DecisionStats {
    /// Decisions in the counted weeks of the filter. Null when the filtered set is
    /// smaller than `minGroupSize`: then nothing about it is shown (`suppressed`).
    async fn total(&self) -> Option<i32> {
        count(self.report.total())
    }
    /// True when the filtered set is too small to show: `total` is null and every count
    /// of every breakdown is null.
    async fn suppressed(&self) -> bool {
        self.report.suppressed()
    }
    /// Counts below this (zero included) are returned as null.
    async fn min_group_size(&self) -> i32 {
        i32::try_from(self.report.min_group_size()).unwrap_or(i32::MAX)
    }
    /// First day the figures cover (a Monday: filters are widened to whole UTC weeks).
    /// Null when nothing is counted and no `from` was given.
    async fn from(&self) -> Option<NaiveDate> {
        self.report.range().map(|(from, _)| from)
    }
    /// The day after the last one the figures cover (a Monday).
    async fn to(&self) -> Option<NaiveDate> {
        self.report.range().map(|(_, to)| to)
    }
    /// Decisions by recommended (top) framework: every framework of the catalog, in
    /// catalog order.
    async fn by_framework(&self) -> Result<Vec<FrameworkCount>> {
        let rows = self
            .report
            .by_framework()
            .await
            .map_err(|e| store_error("decisionStats.byFramework failed", &e))?;
        Ok(rows
            .into_iter()
            .map(|(f, n)| FrameworkCount {
                framework_id: ID(f.to_string()),
                count: count(n),
            })
            .collect())
    }
    /// How often each option of one criterion was chosen (with a weight above zero):
    /// every option, in catalog order.
    async fn answers(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The question: its key (e.g. `admin_panel`) or its global id.")]
        criterion_id: ID,
    ) -> Result<Vec<OptionCount>> {
        let criterion = criterion_index(ctx, &criterion_id)?;
        let rows = self
            .report
            .answers(criterion)
            .await
            .map_err(|e| store_error("decisionStats.answers failed", &e))?;
        Ok(rows
            .into_iter()
            .map(|(o, n)| OptionCount {
                option_id: ID(o.to_string()),
                count: count(n),
            })
            .collect())
    }
    /// Decisions per UTC day, every day of the covered weeks (the last 400 at most).
    async fn daily(&self) -> Result<Vec<DailyCount>> {
        let rows = self
            .report
            .daily()
            .await
            .map_err(|e| store_error("decisionStats.daily failed", &e))?;
        Ok(rows
            .into_iter()
            .map(|(day, n)| DailyCount {
                day,
                count: count(n),
            })
            .collect())
    }
    /// Recommended vs chosen framework, for decisions with a reported outcome: every pair
    /// of catalog frameworks.
    async fn outcomes(&self) -> Result<Vec<OutcomeCount>> {
        let rows = self
            .report
            .outcomes()
            .await
            .map_err(|e| store_error("decisionStats.outcomes failed", &e))?;
        Ok(rows
            .into_iter()
            .map(|((r, c), n)| OutcomeCount {
                recommended_framework_id: ID(r.to_string()),
                chosen_framework_id: ID(c.to_string()),
                count: count(n),
            })
            .collect())
    }
    /// Decisions over time, in `bucket`s covering the range (the last 400 at most), each
    /// with its split by recommended framework. Buckets are built on whole weeks; see
    /// `TimeBucket`.
    async fn time_series(
        &self,
        #[graphql(
            default,
            desc = "The width of each point: `DAY`, `WEEK` (the default) or `MONTH`."
        )]
        bucket: TimeBucket,
    ) -> Result<Vec<TimeSeriesPoint>> {
        let points = self
            .report
            .series(bucket.into())
            .await
            .map_err(|e| store_error("decisionStats.timeSeries failed", &e))?;
        Ok(points
            .into_iter()
            .map(|p| TimeSeriesPoint {
                start: p.start,
                end: p.end,
                count: count(p.total),
                by_framework: framework_counts(p.by_framework),
            })
            .collect())
    }
    /// Decisions per client, by name. A client is listed only when it has counted
    /// decisions in the range (a week of one client under one catalog version with fewer
    /// than `minGroupSize` decisions counts nowhere), so every listed count is shown.
    async fn by_client(&self) -> Vec<ClientCount> {
        self.report
            .by_client()
            .into_iter()
            .map(|(name, n)| ClientCount {
                client_name: (!name.is_empty()).then_some(name),
                count: count(n),
            })
            .collect()
    }
    /// Decisions per catalog version, oldest first; listed like `byClient`.
    async fn by_catalog_version(&self) -> Vec<CatalogVersionCount> {
        self.report
            .by_catalog_version()
            .into_iter()
            .map(|(catalog_version, n)| CatalogVersionCount {
                catalog_version,
                count: count(n),
            })
            .collect()
    }
    /// The share of decisions with a reported outcome where the team chose the
    /// recommended framework.
    async fn agreement_rate(&self) -> Result<AgreementRate> {
        let (overall, _) = self.agreement().await?;
        Ok(AgreementRate {
            rate: overall.rate,
            outcomes: count(overall.outcomes),
        })
    }
    /// The agreement rate per recommended framework: every framework, in catalog order.
    async fn agreement_by_framework(&self) -> Result<Vec<FrameworkAgreement>> {
        let (_, per) = self.agreement().await?;
        Ok(per
            .into_iter()
            .map(|(f, a)| FrameworkAgreement {
                framework_id: ID(f.to_string()),
                rate: a.rate,
                outcomes: count(a.outcomes),
            })
            .collect())
    }
    /// How answers to one criterion went with the recommendation: decisions per (option,
    /// top framework), every option with every framework, option by option.
    async fn answers_by_framework(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The question: its key (e.g. `admin_panel`) or its global id.")]
        criterion_id: ID,
    ) -> Result<Vec<AnswerFrameworkCount>> {
        let criterion = criterion_index(ctx, &criterion_id)?;
        let rows = self
            .report
            .answers_by_framework(criterion)
            .await
            .map_err(|e| store_error("decisionStats.answersByFramework failed", &e))?;
        Ok(rows
            .into_iter()
            .map(|((o, f), n)| AnswerFrameworkCount {
                option_id: ID(o.to_string()),
                framework_id: ID(f.to_string()),
                count: count(n),
            })
            .collect())
    }
}

impl DecisionStats {
    async fn agreement(&self) -> Result<(Agreement, Vec<(&str, Agreement)>)> {
        self.report
            .agreement()
            .await
            .map_err(|e| store_error("decisionStats agreement failed", &e))
    }
}

fn framework_counts(cells: Vec<(&str, Shown)>) -> Vec<FrameworkCount> {
    cells
        .into_iter()
        .map(|(f, n)| FrameworkCount {
            framework_id: ID(f.to_string()),
            count: count(n),
        })
        .collect()
}

/// The catalog index of a criterion named by its key or global id.
fn criterion_index(ctx: &Context<'_>, criterion_id: &ID) -> Result<CriterionIx> {
    let key = crate::graphql::ids::key_of("Criterion", criterion_id);
    catalog(ctx)?
        .criterion_index(key)
        .ok_or_else(|| bad_input(format!("unknown criterion \"{}\"", shown(criterion_id))))
}
