//! The drainer: replays the spool into PostgreSQL, oldest segment first, whenever the
//! database is reachable, including right after start-up (a previous process may have left
//! a backlog) and once more at shutdown. A segment is deleted only after its rows are
//! committed; the insert is idempotent, so a crash between commit and delete costs a
//! harmless replay. It also closes the writer's circuit again once the database answers.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use tokio::sync::watch;

use super::shared::Shared;
use super::spool::{DrainError, drain};
use super::writer::DRAINER_SHARD;
use crate::domain::DecisionRecord;
use crate::store::{Database, DbState, StoreError};
use crate::telemetry::Chain;

/// How often the drainer looks at the database while it is down or the spool is not empty.
const PROBE_INTERVAL: Duration = Duration::from_millis(500);
/// Rows per replay statement: one segment can hold many thousands.
const REPLAY_CHUNK: usize = 1000;
/// A replay statement may take longer than a live write: nobody is waiting on it.
const REPLAY_DEADLINE: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
enum ReplayFailed {
    #[error(transparent)]
    Store(StoreError),
    #[error("the replay statement took longer than {REPLAY_DEADLINE:?}")]
    Timeout,
}

pub(super) struct Drainer {
    shared: Arc<Shared>,
}

impl Drainer {
    pub fn new(shared: Arc<Shared>) -> Drainer {
        Drainer { shared }
    }

    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        loop {
            self.pass().await;
            tokio::select! {
                () = tokio::time::sleep(PROBE_INTERVAL) => {}
                () = self.shared.wake_drainer.notified() => {}
                _ = stop.changed() => break,
            }
        }
        // Shutdown: the writer has made everything durable; replay what we can.
        self.pass().await;
    }

    /// One round: probe if needed, then replay segments until the spool is empty or a
    /// write fails.
    async fn pass(&self) {
        let s = &self.shared;
        let backlog = s.spool(|sp| sp.backlog());
        if backlog.segments == 0 && s.db_up.load(Ordering::Relaxed) {
            return;
        }
        // Migrations must have run (start-up does that in the background) and the database
        // must answer before anything is replayed or the circuit closes.
        if s.db.state() != DbState::Ready || !s.db.ping().await {
            s.db_up.store(false, Ordering::Relaxed);
            return;
        }
        if !s.db_up.swap(true, Ordering::Relaxed) {
            tracing::info!(
                spooled = backlog.records,
                "database reachable again; replaying the spool"
            );
        }
        let replayed = drain(&s.spool, |records| replay(s.db.clone(), records)).await;
        let done = match &replayed {
            Ok(done) => *done,
            Err(e) => e.done(),
        };
        s.metrics.decisions_replayed.inc_by(done.committed);
        if done.corrupt > 0 {
            s.metrics.spool_corrupt_records.inc_by(done.corrupt);
            tracing::warn!(corrupt = done.corrupt, "skipped damaged spool records");
        }
        match replayed {
            Ok(_) => {}
            Err(DrainError::Commit {
                segment, source, ..
            }) => {
                tracing::warn!(segment, error = %Chain(&source), "spool replay failed; will retry");
                s.db_up.store(false, Ordering::Relaxed);
            }
            Err(DrainError::Spool { source, .. }) => {
                tracing::error!(error = %source, "cannot read or delete a spool segment; will retry");
            }
        }
        s.publish_backlog();
    }
}

/// Commits one segment's records, in chunks of [`REPLAY_CHUNK`] rows per statement.
async fn replay(db: Database, records: Vec<DecisionRecord>) -> Result<(), ReplayFailed> {
    for chunk in records.chunks(REPLAY_CHUNK) {
        match tokio::time::timeout(REPLAY_DEADLINE, db.insert_batch(chunk, DRAINER_SHARD)).await {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => return Err(ReplayFailed::Store(e)),
            Err(_) => return Err(ReplayFailed::Timeout),
        }
    }
    Ok(())
}
