//! PostgreSQL: the connection pools, migrations, and every SQL statement the service runs
//! (in `decisions` and `stats`). Nothing outside this module writes SQL or sees a pool:
//! callers use [`Database`]'s methods and get domain errors ([`StoreError`]) back.
//!
//! Start-up never waits for the database: the pools connect lazily, migrations run in the
//! background until they succeed, and every query fails fast (short acquire timeout) so a
//! slow or absent database degrades the decision log, never the catalog or previews.
//! Analytics have a small pool of their own with a statement timeout, so an expensive
//! aggregate can never take the connections decisions are written with.

pub mod decisions;
mod error;
pub mod lookup;
pub mod replay;
pub mod stats;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, PgPool};

pub use error::StoreError;

use crate::catalog::Catalog;
use crate::domain::{DecisionRecord, Hour, OutcomeToken};

/// The catalog's keys, in catalog order, for the BI views to list.
#[derive(Debug, Clone)]
pub struct CatalogKeys {
    pub frameworks: Vec<String>,
    /// (criterion, option)
    pub options: Vec<(String, String)>,
}

impl CatalogKeys {
    pub fn of(catalog: &Catalog) -> CatalogKeys {
        CatalogKeys {
            frameworks: catalog.frameworks.iter().map(|f| f.id.clone()).collect(),
            options: catalog
                .criteria
                .iter()
                .flat_map(|c| c.options.iter().map(|o| (c.id.clone(), o.id.clone())))
                .collect(),
        }
    }
}

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

/// How long a query may wait for a connection before giving up. Short on purpose: a
/// request must not hang on a database that is down.
const ACQUIRE_TIMEOUT: Duration = Duration::from_millis(1500);
/// Longest an analytics statement may run in PostgreSQL.
const ANALYTICS_STATEMENT_TIMEOUT: Duration = Duration::from_secs(5);
/// How often the background probe checks that the database answers.
const PROBE_INTERVAL: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum DbState {
    /// Not yet reached, or migrations not yet applied.
    Pending = 0,
    Ready = 1,
    /// The last attempt failed; the service keeps retrying.
    Unreachable = 2,
}

/// The pools plus what the service knows about the database's state.
#[derive(Clone)]
pub struct Database {
    pool: PgPool,
    analytics: PgPool,
    state: Arc<AtomicU8>,
    /// What the background probe saw last (see [`Database::spawn_probe`]).
    reachable: Arc<AtomicBool>,
}

impl Database {
    /// Builds lazily connecting pools: `max_connections` for decisions and outcomes, and
    /// `analytics_connections` more for analytics. Fails only on a malformed URL.
    pub fn connect_lazy(
        url: &str,
        max_connections: u32,
        analytics_connections: u32,
    ) -> Result<Database, sqlx::Error> {
        let options: PgConnectOptions = url.parse()?;
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_lazy_with(options.clone());
        let analytics = PgPoolOptions::new()
            .max_connections(analytics_connections.max(1))
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_lazy_with(options.options([(
                "statement_timeout",
                format!("{}", ANALYTICS_STATEMENT_TIMEOUT.as_millis()),
            )]));
        Ok(Database::with_pools(pool, analytics))
    }

    /// One pool for everything (tests, benchmarks).
    pub fn from_pool(pool: PgPool) -> Database {
        Database::with_pools(pool.clone(), pool)
    }

    fn with_pools(pool: PgPool, analytics: PgPool) -> Database {
        Database {
            pool,
            analytics,
            state: Arc::new(AtomicU8::new(DbState::Pending as u8)),
            reachable: Arc::new(AtomicBool::new(false)),
        }
    }

    pub fn state(&self) -> DbState {
        match self.state.load(Ordering::Relaxed) {
            1 => DbState::Ready,
            2 => DbState::Unreachable,
            _ => DbState::Pending,
        }
    }

    pub fn set_state(&self, s: DbState) {
        self.state.store(s as u8, Ordering::Relaxed);
    }

    /// Connections of the decision pool.
    pub fn max_connections(&self) -> u32 {
        self.pool.options().get_max_connections()
    }

    /// Whether the database answered the background probe last time (false before the
    /// first probe). Cheap: `/readyz` reads it on every hit without a query.
    pub fn reachable(&self) -> bool {
        self.reachable.load(Ordering::Relaxed)
    }

    /// Probes the database every few seconds in the background, for [`Self::reachable`].
    pub fn spawn_probe(&self) {
        let db = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(PROBE_INTERVAL);
            loop {
                tick.tick().await;
                let up = db.ping().await;
                db.reachable.store(up, Ordering::Relaxed);
            }
        });
    }

    /// Applies migrations and the suppression threshold, retrying with backoff until both
    /// succeed. Meant to run in the background at start-up. (The catalog's keys for the BI
    /// views are written by the live catalog, which rewrites them at each reload.)
    pub async fn prepare_until_ready(self, min_group_size: u32, migrate: bool) {
        let mut delay = Duration::from_millis(250);
        loop {
            match self.prepare(min_group_size, migrate).await {
                Ok(()) => {
                    self.reachable.store(true, Ordering::Relaxed);
                    self.set_state(DbState::Ready);
                    tracing::info!(migrated = migrate, "database ready");
                    return;
                }
                Err(e) => {
                    self.set_state(DbState::Unreachable);
                    tracing::warn!(error = %e, retry_in_ms = delay.as_millis() as u64, "database not ready");
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(Duration::from_secs(10));
                }
            }
        }
    }

    async fn prepare(&self, min_group_size: u32, migrate: bool) -> anyhow::Result<()> {
        if migrate {
            MIGRATOR.run(&self.pool).await?;
        }
        stats::set_min_group_size(&self.pool, i32::try_from(min_group_size)?).await?;
        Ok(())
    }

    /// Replaces the catalog keys the BI views list (`analytics_keys`).
    pub async fn set_catalog_keys(&self, keys: &CatalogKeys) -> Result<(), StoreError> {
        stats::set_keys(&self.pool, &keys.frameworks, &keys.options).await?;
        Ok(())
    }

    /// A cheap liveness probe.
    pub async fn ping(&self) -> bool {
        let probe = sqlx::query("SELECT 1").execute(&self.pool);
        matches!(
            tokio::time::timeout(Duration::from_secs(1), probe).await,
            Ok(Ok(_))
        )
    }

    /// Stores a batch of decisions; see [`decisions::insert_batch_in`].
    pub async fn insert_batch(
        &self,
        batch: &[DecisionRecord],
        shard: decisions::RollupShard,
    ) -> Result<u64, StoreError> {
        Ok(decisions::insert_batch_in(&self.pool, batch, shard).await?)
    }

    /// Records (or replaces) what a team chose; see [`decisions::record_outcome`].
    pub async fn record_outcome(
        &self,
        decision_id: uuid::Uuid,
        chosen_framework: &str,
        hour: Hour,
        token: Option<&OutcomeToken>,
        auth: decisions::OutcomeAuth,
    ) -> Result<decisions::OutcomeStored, StoreError> {
        Ok(
            decisions::record_outcome(&self.pool, decision_id, chosen_framework, hour, token, auth)
                .await?,
        )
    }

    /// A logged decision and its reported outcome; see [`lookup::logged_decision`].
    pub async fn logged_decision(
        &self,
        decision_id: uuid::Uuid,
    ) -> Result<Option<lookup::LoggedDecision>, StoreError> {
        Ok(lookup::logged_decision(&self.pool, decision_id).await?)
    }

    /// The analytics queries, on the analytics pool.
    pub fn stats(&self) -> stats::Stats<'_> {
        stats::Stats::new(&self.analytics)
    }
}

/// `framework-matrix migrate`: applies migrations to DATABASE_URL, once, and reports.
pub async fn migrate_and_exit(url: Option<&str>) -> anyhow::Result<()> {
    use anyhow::Context as _;
    let url = url.context("migrate needs DATABASE_URL")?;
    let options: PgConnectOptions = url
        .parse()
        .context("DATABASE_URL is not a valid PostgreSQL URL")?;
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options.disable_statement_logging())
        .await
        .context("cannot connect to DATABASE_URL")?;
    MIGRATOR.run(&pool).await.context("migrations failed")?;
    tracing::info!(migrations = MIGRATOR.iter().count(), "database migrated");
    Ok(())
}
