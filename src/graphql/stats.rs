//! `decisionStats`: aggregates for analysts, behind a bearer token, translated from
//! `reporting` (which applies the privacy rules). Each figure is computed only when it is
//! selected.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use secrecy::{ExposeSecret, SecretString};
use subtle::ConstantTimeEq;

use super::RequestMeta;
use super::catalog::{catalog, shared_catalog};
use super::errors::{Chain, Code, bad_input, coded, internal, unauthenticated, unavailable};
use super::input::shown;
use crate::ratelimit::FailureLimit;
use crate::reporting::{Query, Report, Shown};
use crate::store::{Database, StoreError};

/// Analytics configuration, from `ANALYTICS_TOKEN`, `MIN_GROUP_SIZE` and
/// `ANALYTICS_AUTH_FAILURES_PER_MINUTE`.
#[derive(Clone)]
pub struct AnalyticsConfig {
    pub token: Option<SecretString>,
    pub min_group_size: u32,
    /// Wrong tokens per client: past the limit the client is locked out for a while.
    pub failures: Arc<FailureLimit>,
}

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

pub struct DecisionStats {
    report: Report,
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
        let key = crate::graphql::ids::key_of("Criterion", &criterion_id);
        let Some(criterion) = catalog(ctx)?.criterion_index(key) else {
            return Err(bad_input(format!(
                "unknown criterion \"{}\"",
                shown(&criterion_id)
            )));
        };
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
}

/// A store failure as the client sees it: "retry later" when the database is away or busy
/// (the analytics pool is small on purpose), an internal error otherwise.
fn store_error(context: &str, e: &StoreError) -> async_graphql::Error {
    match e {
        StoreError::Unavailable(_) => {
            tracing::warn!(error = %Chain(e), "{context}");
            unavailable("analytics are busy or the database is unreachable; retry later")
        }
        StoreError::Internal(_) => internal(context, e),
    }
}

/// The earliest time a filter may name: before it, no decision can exist.
fn analytics_epoch() -> DateTime<Utc> {
    DateTime::UNIX_EPOCH
}

/// The latest time a filter may name (PostgreSQL and every client can represent it).
fn analytics_end() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(9999, 12, 24)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map_or(DateTime::UNIX_EPOCH, |t| t.and_utc())
}

/// True when `given` equals `expected`, in time independent of where they differ.
fn token_matches(given: &str, expected: &str) -> bool {
    given.as_bytes().ct_eq(expected.as_bytes()).into()
}

/// Checks the analytics bearer token, counting failures per client: a client that sends
/// too many wrong tokens is locked out before its next token is even compared. Failures
/// are logged without the token and without anything about the client.
fn authorize(config: &AnalyticsConfig, meta: &RequestMeta) -> Result<()> {
    let Some(expected) = config.token.as_ref().map(ExposeSecret::expose_secret) else {
        return Err(unavailable(
            "analytics are off: ANALYTICS_TOKEN is not configured",
        ));
    };
    if let Some(wait) = config.failures.locked(meta.limit_key) {
        return Err(coded(
            format!(
                "too many wrong analytics tokens; retry in {}s (ANALYTICS_AUTH_FAILURES_PER_MINUTE)",
                wait.as_secs().max(1)
            ),
            Code::RateLimited,
        ));
    }
    match meta.bearer.as_deref() {
        None => Err(unauthenticated(
            "decisionStats needs an Authorization: Bearer token",
        )),
        Some(given) if token_matches(given, expected) => Ok(()),
        Some(_) => {
            config.failures.failed(meta.limit_key);
            tracing::warn!("analytics request with a wrong bearer token");
            Err(unauthenticated(
                "the bearer token is not valid for decisionStats",
            ))
        }
    }
}

#[derive(Default)]
pub struct AnalyticsQuery;

#[Object]
impl AnalyticsQuery {
    /// Aggregated decisions, for analysts (`Authorization: Bearer <ANALYTICS_TOKEN>`).
    /// `from` and `to` are widened to whole UTC weeks (Monday 00:00); a week with fewer
    /// than `minGroupSize` decisions of the filtered set counts nowhere. Small cells are
    /// hidden (see the README's "Analytics API").
    #[graphql(cache_control(private, no_cache))]
    async fn decision_stats(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Start of the range (moved back to Monday 00:00 UTC). Omit for the beginning of the log."
        )]
        from: Option<DateTime<Utc>>,
        #[graphql(
            desc = "End of the range, exclusive (moved forward to the next Monday 00:00 UTC). Omit for now."
        )]
        to: Option<DateTime<Utc>>,
        #[graphql(
            desc = "Only decisions of this client (the name from its key or its `X-Client-Name`)."
        )]
        client_name: Option<String>,
        #[graphql(desc = "Only decisions computed with this catalog version (`sha256-...`).")]
        catalog_version: Option<String>,
    ) -> Result<DecisionStats> {
        let config = ctx.data::<AnalyticsConfig>()?;
        authorize(config, ctx.data::<RequestMeta>()?)?;
        for (name, t) in [("from", from), ("to", to)] {
            if let Some(t) = t
                && !(analytics_epoch()..=analytics_end()).contains(&t)
            {
                return Err(bad_input(format!(
                    "`{name}` ({t}) is outside the range analytics cover ({} to {})",
                    analytics_epoch(),
                    analytics_end()
                )));
            }
        }
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            return Err(bad_input(format!("`from` ({f}) is after `to` ({t})")));
        }
        for (name, value) in [
            ("clientName", &client_name),
            ("catalogVersion", &catalog_version),
        ] {
            if let Some(v) = value {
                crate::service::input::check_id_text(name, v)?;
            }
        }
        let Some(db) = ctx.data::<Option<Database>>()?.clone() else {
            return Err(unavailable(
                "analytics need the decision log database (DATABASE_URL is not set)",
            ));
        };
        let query = Query {
            from,
            to,
            client_name,
            catalog_version,
        };
        let report = Report::open(db, shared_catalog(ctx)?, query, config.min_group_size)
            .await
            .map_err(|e| store_error("decisionStats failed", &e))?;
        Ok(DecisionStats { report })
    }
}
