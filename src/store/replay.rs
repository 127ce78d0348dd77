//! SQL for `framework-matrix replay`: the logged decisions of a period, streamed.
//!
//! The rows are never collected. sqlx runs the query in the extended protocol (one portal,
//! executed without a row limit) and hands over each `DataRow` as it arrives: PostgreSQL
//! sends rows as fast as the socket drains, and the socket drains only as fast as the
//! replay consumes them, so a million decisions replay in the memory of a few rows. One
//! statement reads one snapshot, so the replay sees the log as it was when it started.

use chrono::{DateTime, Utc};
use futures_util::{Stream, StreamExt as _};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection as _, PgExecutor};

use super::{Database, StoreError};
use crate::domain::StoredAnswer;

/// How long a tool keeps trying to connect before it reports the database unreachable
/// (sqlx retries refused connections until then; its default is 30 s).
const TOOL_CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Which logged decisions to replay. Times compare with the hour a decision was made in:
/// `from` inclusive, `to` exclusive (the command passes whole weeks, as the analytics
/// use). `client_name` is the stored `X-Client-Name`. `None`: no bound.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Period {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub client_name: Option<String>,
}

/// What the replay needs of one logged decision, nothing more.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedDecision {
    /// The stored answers; `None` when the stored lists are not aligned, so that a row
    /// the replay cannot read is counted as such instead of stopping it.
    pub answers: Option<Vec<StoredAnswer>>,
    /// The language filter; `None`: no filter.
    pub languages: Option<Vec<String>>,
    /// The top pick recommended when the decision was made.
    pub top_framework: String,
    /// The hour it was made in (the replay counts by week).
    pub decided_hour: DateTime<Utc>,
}

/// The decisions of `p`, in no particular order.
pub fn logged_decisions<'e>(
    db: impl PgExecutor<'e> + 'e,
    p: &Period,
) -> impl Stream<Item = Result<LoggedDecision, sqlx::Error>> + 'e {
    sqlx::query!(
        r#"
        SELECT answer_criteria, answer_options, answer_weights, languages, top_framework,
               decided_hour
        FROM decisions
        WHERE ($1::timestamptz IS NULL OR decided_hour >= $1)
          AND ($2::timestamptz IS NULL OR decided_hour < $2)
          AND ($3::text IS NULL OR client_name = $3)
        "#,
        p.from,
        p.to,
        p.client_name,
    )
    .fetch(db)
    .map(|row| {
        row.map(|r| LoggedDecision {
            answers: StoredAnswer::from_columns(
                r.answer_criteria,
                r.answer_options,
                r.answer_weights,
            ),
            languages: r.languages,
            top_framework: r.top_framework,
            decided_hour: r.decided_hour,
        })
    })
}

/// How many decisions `p` holds (a second scan: only for a progress estimate).
pub async fn count(db: impl PgExecutor<'_>, p: &Period) -> Result<i64, sqlx::Error> {
    // Not the analytics' count: this one reads `decisions` itself, by the hour.
    sqlx::query_scalar!(
        r#"
        SELECT count(*) AS "decisions!"
        FROM decisions
        WHERE ($1::timestamptz IS NULL OR decided_hour >= $1)
          AND ($2::timestamptz IS NULL OR decided_hour < $2)
          AND ($3::text IS NULL OR client_name = $3)
        "#,
        p.from,
        p.to,
        p.client_name,
    )
    .fetch_one(db)
    .await
}

impl Database {
    /// A handle for a command-line tool: one connection, connected now (so a wrong URL or
    /// a database that is down is reported at once, with its cause), without statement
    /// logging (the tool's output is its report, and reading the whole log is slow by
    /// design). Errors never repeat the URL: it may hold a password.
    pub async fn connect_for_tool(url: &str) -> anyhow::Result<Database> {
        let options: PgConnectOptions = url
            .parse()
            .map_err(|e| anyhow::anyhow!("DATABASE_URL is not a valid PostgreSQL URL: {e}"))?;
        let options = options.disable_statement_logging();
        // The pool would retry a refused connection until its timeout and then report only
        // the timeout; one direct attempt first says why it failed.
        let cannot = |e: sqlx::Error| anyhow::anyhow!("cannot connect to DATABASE_URL: {e}");
        let probe = tokio::time::timeout(TOOL_CONNECT_TIMEOUT, options.connect())
            .await
            .map_err(|_| {
                anyhow::anyhow!(
                    "cannot connect to DATABASE_URL: no answer within {TOOL_CONNECT_TIMEOUT:?}"
                )
            })?
            .map_err(cannot)?;
        let _ = probe.close().await;
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(TOOL_CONNECT_TIMEOUT)
            .connect_with(options)
            .await
            .map_err(cannot)?;
        Ok(Database::from_pool(pool))
    }

    /// Streams the decisions of `p`; see [`logged_decisions`].
    pub fn logged_decisions<'a>(
        &'a self,
        p: &Period,
    ) -> impl Stream<Item = Result<LoggedDecision, StoreError>> + 'a {
        logged_decisions(&self.pool, p).map(|row| row.map_err(StoreError::from))
    }

    /// How many decisions `p` holds; see [`count`].
    pub async fn count_logged_decisions(&self, p: &Period) -> Result<i64, StoreError> {
        Ok(count(&self.pool, p).await?)
    }
}
