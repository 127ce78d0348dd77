//! `decisionStats`: aggregates for analysts, behind a bearer token, with small groups
//! suppressed (see `crate::analytics`). Each breakdown is queried only when selected.

use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use secrecy::{ExposeSecret, SecretString};
use subtle::ConstantTimeEq;

use super::RequestMeta;
use super::catalog::catalog;
use super::errors::{Chain, bad_input, internal, unauthenticated, unavailable};
use super::input::{MAX_ID_CHARS, check_len};
use crate::privacy::suppress;
use crate::store::{Database, StoreError, stats};

/// Analytics configuration, from `ANALYTICS_TOKEN` and `MIN_GROUP_SIZE`.
#[derive(Clone)]
pub struct AnalyticsConfig {
    pub token: Option<SecretString>,
    pub min_group_size: u32,
}

#[derive(SimpleObject)]
pub struct FrameworkCount {
    pub framework_id: ID,
    /// Null when suppressed (fewer than `minGroupSize`, or hidden to protect such a cell).
    pub count: Option<i32>,
}

#[derive(SimpleObject)]
pub struct OptionCount {
    pub option_id: ID,
    /// Null when suppressed.
    pub count: Option<i32>,
}

#[derive(SimpleObject)]
pub struct DailyCount {
    /// UTC day.
    pub day: NaiveDate,
    /// Null when suppressed.
    pub count: Option<i32>,
}

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
    db: Database,
    filter: stats::Filter,
    k: i64,
}

fn count(n: Option<i64>) -> Option<i32> {
    n.map(|n| i32::try_from(n).unwrap_or(i32::MAX))
}

#[Object]
impl DecisionStats {
    /// Decisions matching the filter.
    async fn total(&self) -> Result<i32> {
        let n = self
            .db
            .stats()
            .total(&self.filter)
            .await
            .map_err(|e| store_error("decisionStats.total failed", &e))?;
        Ok(count(Some(n)).unwrap_or(0))
    }
    /// Counts below this are returned as null.
    async fn min_group_size(&self) -> i32 {
        self.k as i32
    }
    /// Decisions by recommended (top) framework.
    async fn by_framework(&self) -> Result<Vec<FrameworkCount>> {
        let rows = self
            .db
            .stats()
            .by_framework(&self.filter)
            .await
            .map_err(|e| store_error("decisionStats.byFramework failed", &e))?;
        Ok(suppress(rows, self.k)
            .into_iter()
            .map(|(f, n)| FrameworkCount {
                framework_id: ID(f),
                count: count(n),
            })
            .collect())
    }
    /// How often each option of one criterion was chosen.
    async fn answers(&self, ctx: &Context<'_>, criterion_id: ID) -> Result<Vec<OptionCount>> {
        if catalog(ctx)?.criterion_index(&criterion_id).is_none() {
            return Err(bad_input(format!(
                "unknown criterion \"{}\"",
                criterion_id.as_str()
            )));
        }
        let rows = self
            .db
            .stats()
            .answers(&self.filter, &criterion_id)
            .await
            .map_err(|e| store_error("decisionStats.answers failed", &e))?;
        Ok(suppress(rows, self.k)
            .into_iter()
            .map(|(o, n)| OptionCount {
                option_id: ID(o),
                count: count(n),
            })
            .collect())
    }
    /// Decisions per UTC day.
    async fn daily(&self) -> Result<Vec<DailyCount>> {
        let rows = self
            .db
            .stats()
            .daily(&self.filter)
            .await
            .map_err(|e| store_error("decisionStats.daily failed", &e))?;
        Ok(suppress(rows, self.k)
            .into_iter()
            .map(|(day, n)| DailyCount {
                day,
                count: count(n),
            })
            .collect())
    }
    /// Recommended vs chosen framework, for decisions with a reported outcome.
    async fn outcomes(&self) -> Result<Vec<OutcomeCount>> {
        let rows = self
            .db
            .stats()
            .outcomes(&self.filter)
            .await
            .map_err(|e| store_error("decisionStats.outcomes failed", &e))?;
        let cells = rows.into_iter().map(|(r, c, n)| ((r, c), n)).collect();
        Ok(suppress(cells, self.k)
            .into_iter()
            .map(|((r, c), n)| OutcomeCount {
                recommended_framework_id: ID(r),
                chosen_framework_id: ID(c),
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
    NaiveDate::from_ymd_opt(9999, 12, 31)
        .and_then(|d| d.and_hms_opt(23, 59, 59))
        .map_or(DateTime::UNIX_EPOCH, |t| t.and_utc())
}

/// True when `given` equals `expected`, in time independent of where they differ.
fn token_matches(given: &str, expected: &str) -> bool {
    given.as_bytes().ct_eq(expected.as_bytes()).into()
}

#[derive(Default)]
pub struct AnalyticsQuery;

#[Object]
impl AnalyticsQuery {
    /// Aggregated decisions, for analysts (`Authorization: Bearer <ANALYTICS_TOKEN>`).
    /// Times compare with the hour a decision was made in: `from` inclusive, `to` exclusive.
    #[graphql(cache_control(private, no_cache))]
    async fn decision_stats(
        &self,
        ctx: &Context<'_>,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        client_name: Option<String>,
    ) -> Result<DecisionStats> {
        let config = ctx.data::<AnalyticsConfig>()?;
        let Some(expected) = config.token.as_ref().map(ExposeSecret::expose_secret) else {
            return Err(unavailable(
                "analytics are off: ANALYTICS_TOKEN is not configured",
            ));
        };
        match ctx.data::<RequestMeta>()?.bearer.as_deref() {
            None => {
                return Err(unauthenticated(
                    "decisionStats needs an Authorization: Bearer token",
                ));
            }
            Some(given) if !token_matches(given, expected) => {
                return Err(unauthenticated(
                    "the bearer token is not valid for decisionStats",
                ));
            }
            Some(_) => {}
        }
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
        if let Some(name) = &client_name {
            check_len("clientName", name.len(), MAX_ID_CHARS)?;
        }
        let Some(db) = ctx.data::<Option<Database>>()?.clone() else {
            return Err(unavailable(
                "analytics need the decision log database (DATABASE_URL is not set)",
            ));
        };
        Ok(DecisionStats {
            db,
            filter: stats::Filter {
                from,
                to,
                client_name,
            },
            k: i64::from(config.min_group_size),
        })
    }
}
