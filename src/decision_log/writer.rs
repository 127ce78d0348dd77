//! The group-commit writer: requests hand their decision to one background task and await
//! its durability; the task writes everything that queued up meanwhile in one statement,
//! with a few such batches in flight at once. Under load, batches grow by themselves, so
//! the database sees one round trip per batch, not per request.
//!
//! Durability first: a batch is acknowledged only once it is committed in PostgreSQL or
//! fsynced to the local spool. When the database fails or is slower than
//! [`DB_DEADLINE`], the batch goes to the spool and the writer stops trying the database
//! (the circuit opens) until the drainer (`drainer.rs`) finds it reachable again, so
//! requests keep their latency during an outage.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Notify, mpsc, oneshot, watch};
use tokio::task::{JoinHandle, JoinSet};

use super::drainer::Drainer;
use super::shared::Shared;
use super::spool::{Backlog, Spool, SpoolError};
use crate::domain::DecisionRecord;
use crate::metrics::Metrics;
use crate::store::Database;
use crate::store::decisions::RollupShard;

/// Largest batch written in one statement; bounds statement size and commit latency.
const MAX_BATCH: usize = 1024;
/// Most batches written concurrently (fewer with a small pool: see `Sink::max_in_flight`).
/// Each batch in flight adds to its own rollup shard (`0..MAX_IN_FLIGHT`).
const MAX_IN_FLIGHT: usize = 4;
/// The drainer's rollup shard, apart from the writer's so a replay never waits on them.
#[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)] // 4 fits in i16
pub(super) const DRAINER_SHARD: RollupShard = RollupShard(MAX_IN_FLIGHT as i16);
/// Smallest batch that is written while another is still in flight.
const MIN_OVERLAP_BATCH: usize = 64;
/// Decisions that may wait for the writer. When full, requests wait for room (backpressure)
/// rather than being refused.
const QUEUE_CAPACITY: usize = 8192;
/// How long a batch may take in PostgreSQL before it is spooled instead. A commit that
/// finishes after the deadline is harmless: the replay of the spooled copy is idempotent.
pub(super) const DB_DEADLINE: Duration = Duration::from_millis(500);

/// Why a decision was not durably recorded. Never the decision's content.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("no database is configured (DATABASE_URL)")]
    NotConfigured,
    #[error("the database is unavailable and the local spool is full")]
    SpoolFull,
    #[error("the database is unavailable and the disk under the local spool is full")]
    DiskFull,
    #[error("the database is unavailable and the local spool failed")]
    Spool(#[source] SpoolError),
    #[error("the service is shutting down")]
    ShuttingDown,
}

struct Pending {
    record: DecisionRecord,
    done: oneshot::Sender<Result<(), Arc<LogError>>>,
}

/// Handle used by request handlers. Cheap to clone.
#[derive(Clone)]
pub struct DecisionLog {
    tx: mpsc::Sender<Pending>,
    metrics: Arc<Metrics>,
    shared: Option<Arc<Shared>>,
}

/// What `/readyz` reports about the log.
#[derive(Debug, Clone, Copy)]
pub struct LogStatus {
    pub database_up: bool,
    pub spool: Backlog,
}

/// Owned by start-up, to stop the writer after the HTTP server has drained.
pub struct WriterHandle {
    stop: watch::Sender<bool>,
    writer: JoinHandle<()>,
    drainer: Option<JoinHandle<()>>,
}

impl DecisionLog {
    /// Starts the writer (and, with a database, the drainer). Without a database every
    /// decision is refused as not recorded: a spool nothing would ever drain is no log.
    pub fn start(
        db: Option<(Database, Spool)>,
        metrics: Arc<Metrics>,
    ) -> (DecisionLog, WriterHandle) {
        let (tx, rx) = mpsc::channel(QUEUE_CAPACITY);
        let (stop, stop_rx) = watch::channel(false);
        let shared = db.map(|(db, spool)| {
            Arc::new(Shared {
                db,
                spool: Arc::new(Mutex::new(spool)),
                db_up: AtomicBool::new(true),
                wake_drainer: Notify::new(),
                metrics: metrics.clone(),
            })
        });
        if let Some(s) = &shared {
            s.publish_backlog();
        }
        let drainer = shared
            .clone()
            .map(|s| tokio::spawn(Drainer::new(s).run(stop_rx.clone())));
        let writer = Writer {
            sink: Sink {
                shared: shared.clone(),
                metrics: metrics.clone(),
            },
            rx,
        };
        let writer = tokio::spawn(writer.run(stop_rx));
        (
            DecisionLog {
                tx,
                metrics,
                shared,
            },
            WriterHandle {
                stop,
                writer,
                drainer,
            },
        )
    }

    /// Resolves once the decision is durable (committed or spooled), or with the reason it
    /// is not.
    pub async fn record(&self, record: DecisionRecord) -> Result<(), Arc<LogError>> {
        let (done, wait) = oneshot::channel();
        self.metrics.decision_queue_depth.inc();
        if self.tx.send(Pending { record, done }).await.is_err() {
            self.metrics.decision_queue_depth.dec();
            return Err(Arc::new(LogError::ShuttingDown));
        }
        wait.await
            .unwrap_or_else(|_| Err(Arc::new(LogError::ShuttingDown)))
    }

    /// `None` without a database.
    pub fn status(&self) -> Option<LogStatus> {
        self.shared.as_ref().map(|s| LogStatus {
            database_up: s.db_up.load(Ordering::Relaxed),
            spool: s.spool(|sp| sp.backlog()),
        })
    }
}

impl WriterHandle {
    /// Stops taking decisions, makes everything already queued durable, then lets the
    /// drainer replay what it can before returning. Bound it with a timeout: whatever is not
    /// replayed stays in the spool for the next start.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        if let Err(e) = self.writer.await {
            tracing::error!(error = %e, "decision writer ended abnormally");
        }
        if let Some(d) = self.drainer
            && let Err(e) = d.await
        {
            tracing::error!(error = %e, "spool drainer ended abnormally");
        }
    }
}

struct Writer {
    sink: Sink,
    rx: mpsc::Receiver<Pending>,
}

/// What a batch write needs; cloned into each batch's task.
#[derive(Clone)]
struct Sink {
    shared: Option<Arc<Shared>>,
    metrics: Arc<Metrics>,
}

impl Writer {
    async fn run(mut self, mut stop: watch::Receiver<bool>) {
        let max_in_flight = self.sink.max_in_flight();
        let mut in_flight = JoinSet::new();
        // The rollup shards of the slots that are free: no two batches in flight share one.
        let mut free: Vec<RollupShard> = (0..max_in_flight)
            .rev()
            .map(|i| RollupShard(i16::try_from(i).unwrap_or(i16::MAX)))
            .collect();
        loop {
            // Room for one more batch first. While every slot is busy, decisions queue up,
            // and the next batch takes them all in one statement.
            while in_flight.len() >= max_in_flight {
                reap(in_flight.join_next().await, &mut free);
            }
            let first = tokio::select! {
                biased;
                p = self.rx.recv() => p,
                _ = stop.changed() => None,
            };
            let Some(first) = first else { break };
            let mut batch = Vec::with_capacity(MAX_BATCH);
            batch.push(first);
            self.top_up(&mut batch);
            // Another commit beside the ones in flight only pays when it carries many
            // decisions; a small batch waits until none is in flight, growing meanwhile. On a
            // CPU-bound host (PostgreSQL beside the service), eagerly overlapping small
            // commits cost 10 % of submit throughput (BENCHMARKS.md, F6).
            while !in_flight.is_empty() && batch.len() < MIN_OVERLAP_BATCH {
                tokio::select! {
                    biased;
                    done = in_flight.join_next() => reap(done, &mut free),
                    p = self.rx.recv() => match p {
                        Some(p) => {
                            batch.push(p);
                            self.top_up(&mut batch);
                        }
                        None => break,
                    },
                }
            }
            let shard = free.pop().unwrap_or_default();
            let sink = self.sink.clone();
            in_flight.spawn(async move {
                sink.write(batch, shard).await;
                shard
            });
        }
        // Shutting down: refuse new decisions, make the ones already accepted durable.
        self.rx.close();
        while let Some(done) = in_flight.join_next().await {
            reap(Some(done), &mut free);
        }
        let shard = RollupShard::default();
        let mut batch = Vec::with_capacity(MAX_BATCH);
        while let Some(p) = self.rx.recv().await {
            batch.push(p);
            if batch.len() == MAX_BATCH {
                self.sink
                    .clone()
                    .write(std::mem::take(&mut batch), shard)
                    .await;
            }
        }
        if !batch.is_empty() {
            self.sink.clone().write(batch, shard).await;
        }
    }

    /// Adds whatever is waiting, up to `MAX_BATCH`.
    fn top_up(&mut self, batch: &mut Vec<Pending>) {
        while batch.len() < MAX_BATCH {
            match self.rx.try_recv() {
                Ok(p) => batch.push(p),
                Err(_) => break,
            }
        }
    }
}

/// Frees the shard of a finished batch. A batch task that panicked dropped its
/// acknowledgements, so its callers were told the decisions were not recorded; say so in
/// the log. Its shard is lost with it: later batches share the remaining ones (a shared
/// shard only makes one batch wait for the other's commit).
fn reap(done: Option<Result<RollupShard, tokio::task::JoinError>>, free: &mut Vec<RollupShard>) {
    match done {
        Some(Ok(shard)) => free.push(shard),
        Some(Err(e)) => tracing::error!(error = %e, "a decision batch write ended abnormally"),
        None => {}
    }
}

impl Sink {
    /// Batches written at once. One at a time leaves PostgreSQL idle while each commit
    /// travels and flushes; a few in flight overlap that (BENCHMARKS.md, F6). Kept to half
    /// the pool, so the drainer, readiness checks and analytics still find connections.
    fn max_in_flight(&self) -> usize {
        self.shared.as_ref().map_or(1, |s| {
            (s.db.max_connections() as usize / 2).clamp(1, MAX_IN_FLIGHT)
        })
    }

    async fn write(self, batch: Vec<Pending>, shard: RollupShard) {
        let n = batch.len();
        self.metrics.decision_queue_depth.dec_by(n as i64);
        self.metrics.decision_batches.inc();
        self.metrics.decision_batch_size.observe(n as f64);
        let (records, acks): (Vec<DecisionRecord>, Vec<_>) =
            batch.into_iter().map(|p| (p.record, p.done)).unzip();
        let result = match &self.shared {
            None => Err(LogError::NotConfigured),
            Some(shared) => durable(shared, records, shard).await,
        };
        match result {
            Ok(()) => {
                for done in acks {
                    let _ = done.send(Ok(()));
                }
            }
            Err(e) => {
                self.metrics.decisions_not_recorded.inc_by(n as u64);
                tracing::warn!(error = %e, decisions = n, "decisions not recorded");
                let e = Arc::new(e);
                for done in acks {
                    let _ = done.send(Err(e.clone()));
                }
            }
        }
    }
}

/// Commits the batch to PostgreSQL if the circuit is closed and it answers in time;
/// otherwise appends it to the spool.
async fn durable(
    shared: &Arc<Shared>,
    records: Vec<DecisionRecord>,
    shard: RollupShard,
) -> Result<(), LogError> {
    if shared.db_up.load(Ordering::Relaxed) {
        let insert = shared.db.insert_batch(&records, shard);
        match tokio::time::timeout(DB_DEADLINE, insert).await {
            Ok(Ok(_)) => {
                shared.metrics.decisions_logged.inc_by(records.len() as u64);
                return Ok(());
            }
            Ok(Err(e)) => tracing::warn!(error = %e, "database write failed; spooling"),
            Err(_) => tracing::warn!(
                deadline_ms = DB_DEADLINE.as_millis() as u64,
                "database write too slow; spooling"
            ),
        }
        shared.db_up.store(false, Ordering::Relaxed);
        shared.wake_drainer.notify_one();
    }
    let n = records.len() as u64;
    let s = shared.clone();
    let appended = tokio::task::spawn_blocking(move || s.spool(|sp| sp.append(&records)))
        .await
        .unwrap_or_else(|e| Err(SpoolError::Io(std::io::Error::other(e))));
    shared.publish_backlog();
    match appended {
        Ok(()) => {
            shared.metrics.decisions_spooled.inc_by(n);
            Ok(())
        }
        Err(SpoolError::Full { .. }) => Err(LogError::SpoolFull),
        Err(SpoolError::NoSpace { .. }) => Err(LogError::DiskFull),
        Err(e) => {
            tracing::error!(error = %e, "spool append failed");
            Err(LogError::Spool(e))
        }
    }
}
