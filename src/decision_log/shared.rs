//! The state the writer and the drainer share: the database, the spool, the circuit
//! between them. Its own module so that neither of the two imports the other.

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use tokio::sync::Notify;

use super::spool::Spool;
use crate::metrics::Metrics;
use crate::store::Database;

/// What the writer and the drainer share.
pub struct Shared {
    pub db: Database,
    /// `Mutex`, not an async lock: every use is a short blocking call inside `spawn_blocking`.
    pub spool: Arc<Mutex<Spool>>,
    /// The circuit: false after a failed write, true again once the drainer reaches the
    /// database.
    pub db_up: AtomicBool,
    /// Wakes the drainer early (a write just failed, or shutdown).
    pub wake_drainer: Notify,
    pub metrics: Arc<Metrics>,
}

impl Shared {
    pub fn spool<T>(&self, f: impl FnOnce(&mut Spool) -> T) -> T {
        f(&mut self
            .spool
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner))
    }

    pub fn publish_backlog(&self) {
        let b = self.spool(|s| s.backlog());
        self.metrics.spool_backlog_bytes.set(b.bytes as i64);
        self.metrics.spool_backlog_records.set(b.records as i64);
    }
}
