//! `decisionStats`: aggregates for analysts, behind a bearer token, translated from
//! `reporting` (which applies the privacy rules). Each figure is computed only when it is
//! selected. This file checks the token and the arguments and opens the report; the
//! report's fields are in [`objects`].

mod objects;
mod types;

pub use objects::DecisionStats;

use std::sync::Arc;

use async_graphql::{Context, Object, Result};
use chrono::{DateTime, NaiveDate, Utc};
use secrecy::{ExposeSecret, SecretString};
use subtle::ConstantTimeEq;

use super::RequestMeta;
use super::catalog::shared_catalog;
use super::errors::{Chain, Code, bad_input, coded, internal, unauthenticated, unavailable};
use crate::ratelimit::FailureLimit;
use crate::reporting::{Query, Report};
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

/// A store failure as the client sees it: "retry later" when the database is away or busy
/// (the analytics pool is small on purpose), an internal error otherwise.
pub(super) fn store_error(context: &str, e: &StoreError) -> async_graphql::Error {
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
        Ok(DecisionStats::new(report))
    }
}
