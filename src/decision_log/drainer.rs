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
use super::spool::SegmentRead;
use crate::store::DbState;

/// How often the drainer looks at the database while it is down or the spool is not empty.
const PROBE_INTERVAL: Duration = Duration::from_millis(500);
/// Rows per replay statement: one segment can hold many thousands.
const REPLAY_CHUNK: usize = 1000;
/// A replay statement may take longer than a live write: nobody is waiting on it.
const REPLAY_DEADLINE: Duration = Duration::from_secs(10);

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
                _ = tokio::time::sleep(PROBE_INTERVAL) => {}
                _ = self.shared.wake_drainer.notified() => {}
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
        loop {
            let next = {
                let s = s.clone();
                tokio::task::spawn_blocking(move || {
                    s.spool(|sp| {
                        let id = sp.segments().into_iter().next()?;
                        Some((id, sp.read_segment(id)))
                    })
                })
                .await
            };
            let (id, read) = match next {
                Ok(Some((id, Ok(read)))) => (id, read),
                Ok(None) => break,
                Ok(Some((id, Err(e)))) => {
                    tracing::error!(segment = id, error = %e, "cannot read a spool segment; will retry");
                    break;
                }
                Err(e) => {
                    tracing::error!(error = %e, "spool reader task failed");
                    break;
                }
            };
            if !self.replay(id, &read).await {
                s.db_up.store(false, Ordering::Relaxed);
                break;
            }
            let removed = {
                let s = s.clone();
                tokio::task::spawn_blocking(move || s.spool(|sp| sp.remove_segment(id))).await
            };
            if !matches!(removed, Ok(Ok(()))) {
                tracing::error!(
                    segment = id,
                    "cannot delete a replayed spool segment; it will be replayed again"
                );
                break;
            }
            s.metrics
                .decisions_replayed
                .inc_by(read.records.len() as u64);
            if read.corrupt > 0 {
                s.metrics.spool_corrupt_records.inc_by(read.corrupt);
                tracing::warn!(
                    segment = id,
                    corrupt = read.corrupt,
                    "skipped damaged spool records"
                );
            }
            s.publish_backlog();
        }
    }

    async fn replay(&self, segment: u64, read: &SegmentRead) -> bool {
        for chunk in read.records.chunks(REPLAY_CHUNK) {
            let insert = self.shared.db.insert_batch(chunk);
            match tokio::time::timeout(REPLAY_DEADLINE, insert).await {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => {
                    tracing::warn!(segment, error = %e, "spool replay failed; will retry");
                    return false;
                }
                Err(_) => {
                    tracing::warn!(segment, "spool replay timed out; will retry");
                    return false;
                }
            }
        }
        true
    }
}
