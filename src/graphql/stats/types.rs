//! The objects `decisionStats` answers with: plain values, filled in by [`super::objects`].

use async_graphql::{Enum, ID, SimpleObject};
use chrono::NaiveDate;

use crate::reporting::Bucket;

/// Decisions whose top pick was one framework.
#[derive(SimpleObject)]
pub struct FrameworkCount {
    /// The framework's key.
    pub framework_id: ID,
    /// Null when suppressed: fewer than `minGroupSize` (zero included), or hidden to
    /// protect such a cell.
    pub count: Option<i32>,
}

/// Decisions that chose one option of a question.
#[derive(SimpleObject)]
pub struct OptionCount {
    /// The option's key within the question.
    pub option_id: ID,
    /// Null when suppressed.
    pub count: Option<i32>,
}

/// Decisions on one day.
#[derive(SimpleObject)]
pub struct DailyCount {
    /// UTC day.
    pub day: NaiveDate,
    /// Null when suppressed.
    pub count: Option<i32>,
}

/// Decisions with a reported outcome, by recommended and chosen framework.
#[derive(SimpleObject)]
pub struct OutcomeCount {
    /// The framework the service recommended (top pick).
    pub recommended_framework_id: ID,
    /// The framework the team reported choosing.
    pub chosen_framework_id: ID,
    /// Null when suppressed.
    pub count: Option<i32>,
}

/// The width of each point of `timeSeries`. Every bucket is made of whole UTC weeks or of
/// days inside counted weeks (see each value).
#[derive(Enum, Copy, Clone, Eq, PartialEq, Default)]
pub enum TimeBucket {
    /// One UTC day of a counted week. A week's seven days are one breakdown of its total:
    /// a day below `minGroupSize` is hidden (with a neighbour when needed).
    Day,
    /// Monday 00:00 UTC to the next Monday (the default).
    #[default]
    Week,
    /// The weeks whose Monday falls in one calendar month (`start` may be before the 1st,
    /// `end` before the month's last day: a whole number of weeks).
    Month,
}

impl From<TimeBucket> for Bucket {
    fn from(b: TimeBucket) -> Bucket {
        match b {
            TimeBucket::Day => Bucket::Day,
            TimeBucket::Week => Bucket::Week,
            TimeBucket::Month => Bucket::Month,
        }
    }
}

/// One point of the time series: decisions in `[start, end)`, and by recommended framework.
#[derive(SimpleObject)]
pub struct TimeSeriesPoint {
    /// First day of the bucket.
    pub start: NaiveDate,
    /// The day after the bucket's last day.
    pub end: NaiveDate,
    /// Null when suppressed (zero included).
    pub count: Option<i32>,
    /// Every framework of the catalog, in catalog order; hidden along each bucket and along
    /// each framework across buckets.
    pub by_framework: Vec<FrameworkCount>,
}

/// Decisions of one client.
#[derive(SimpleObject)]
pub struct ClientCount {
    /// The client's name (from its key or `X-Client-Name`); null for decisions sent
    /// without one.
    pub client_name: Option<String>,
    /// Null when suppressed.
    pub count: Option<i32>,
}

/// Decisions computed with one catalog version.
#[derive(SimpleObject)]
pub struct CatalogVersionCount {
    /// `sha256-...`, as `catalogVersion` and `Recommendation.catalogVersion` spell it.
    pub catalog_version: String,
    /// Null when suppressed.
    pub count: Option<i32>,
}

/// How often teams chose the recommended framework, among decisions with a reported outcome.
#[derive(SimpleObject)]
pub struct AgreementRate {
    /// Between 0 and 1. Null when fewer than `minGroupSize` outcomes were reported, or when
    /// those that agreed, or those that did not, are between 1 and `minGroupSize - 1`.
    pub rate: Option<f64>,
    /// The reported outcomes the rate is over; null exactly when `rate` is.
    pub outcomes: Option<i32>,
}

/// The agreement rate of the decisions that recommended one framework.
#[derive(SimpleObject)]
pub struct FrameworkAgreement {
    /// The recommended framework.
    pub framework_id: ID,
    /// As `AgreementRate.rate`, and also null when the matching `outcomes` cell is hidden.
    pub rate: Option<f64>,
    /// Reported outcomes for this recommendation; null exactly when `rate` is.
    pub outcomes: Option<i32>,
}

/// Decisions that gave one option of a question and got one framework on top.
#[derive(SimpleObject)]
pub struct AnswerFrameworkCount {
    /// The option's key within the question.
    pub option_id: ID,
    /// The recommended (top) framework.
    pub framework_id: ID,
    /// Null when suppressed.
    pub count: Option<i32>,
}
