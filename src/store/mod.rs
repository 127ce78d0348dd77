//! PostgreSQL: the connection pool, migrations, and every SQL statement the service runs
//! (in `decisions` and `analytics`). Nothing outside this module writes SQL.
//!
//! Start-up never waits for the database: the pool connects lazily, migrations run in the
//! background until they succeed, and every query fails fast (short acquire timeout) so a
//! slow or absent database degrades the decision log, never the catalog or previews.

pub mod decisions;
pub mod stats;

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

/// How long a query may wait for a connection before giving up. Short on purpose: a
/// request must not hang on a database that is down.
const ACQUIRE_TIMEOUT: Duration = Duration::from_millis(1500);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum DbState {
    /// Not yet reached, or migrations not yet applied.
    Pending = 0,
    Ready = 1,
    /// The last attempt failed; the service keeps retrying.
    Unreachable = 2,
}

/// The pool plus what the service knows about the database's state.
#[derive(Clone)]
pub struct Database {
    pub pool: PgPool,
    state: Arc<AtomicU8>,
}

impl Database {
    /// Builds a lazily connecting pool. Fails only on a malformed URL.
    pub fn connect_lazy(url: &str, max_connections: u32) -> Result<Database, sqlx::Error> {
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_lazy(url)?;
        Ok(Database::from_pool(pool))
    }

    pub fn from_pool(pool: PgPool) -> Database {
        Database {
            pool,
            state: Arc::new(AtomicU8::new(DbState::Pending as u8)),
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

    /// Applies migrations and the suppression threshold, retrying with backoff until both
    /// succeed. Meant to run in the background at start-up.
    pub async fn prepare_until_ready(self, min_group_size: u32, migrate: bool) {
        let mut delay = Duration::from_millis(250);
        loop {
            match self.prepare(min_group_size, migrate).await {
                Ok(()) => {
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
        stats::set_min_group_size(&self.pool, min_group_size as i32).await?;
        Ok(())
    }

    /// A cheap liveness probe for `/readyz`.
    pub async fn ping(&self) -> bool {
        let probe = sqlx::query("SELECT 1").execute(&self.pool);
        matches!(
            tokio::time::timeout(Duration::from_secs(1), probe).await,
            Ok(Ok(_))
        )
    }
}

/// `framework-matrix migrate`: applies migrations to DATABASE_URL, once, and reports.
pub async fn migrate_and_exit(settings: &crate::config::Settings) -> anyhow::Result<()> {
    use anyhow::Context as _;
    let url = settings
        .database_url
        .as_deref()
        .context("migrate needs DATABASE_URL")?;
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        .connect(url)
        .await
        .context("cannot connect to DATABASE_URL")?;
    MIGRATOR.run(&pool).await.context("migrations failed")?;
    tracing::info!(migrations = MIGRATOR.iter().count(), "database migrated");
    Ok(())
}
