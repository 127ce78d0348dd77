//! The group-commit writer: requests hand their decision to one background task and await
//! its commit; the task writes everything that queued up meanwhile in one statement. Under
//! load, batches grow by themselves, so the database sees one round trip per batch, not
//! per request.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;

use super::DecisionRecord;
use crate::metrics::Metrics;
use crate::store::{Database, DbState, decisions};

/// Largest batch written in one statement; bounds statement size and commit latency.
const MAX_BATCH: usize = 1024;
/// Decisions that may wait for the writer. When full, requests wait for room (backpressure)
/// rather than being refused.
const QUEUE_CAPACITY: usize = 8192;
/// How long one batch may take before the write is treated as failed.
const WRITE_DEADLINE: Duration = Duration::from_secs(2);

/// Why a decision was not durably recorded. Never the decision's content.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("no database is configured")]
    NotConfigured,
    #[error("the database did not accept the decision: {0}")]
    Database(String),
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
}

/// Owned by start-up, to stop the writer after the HTTP server has drained.
pub struct WriterHandle {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl DecisionLog {
    /// Starts the writer task. Without a database every decision is refused as not recorded.
    pub fn start(db: Option<Database>, metrics: Arc<Metrics>) -> (DecisionLog, WriterHandle) {
        let (tx, rx) = mpsc::channel(QUEUE_CAPACITY);
        let (stop, stop_rx) = watch::channel(false);
        let writer = Writer { db, rx, metrics: metrics.clone() };
        let task = tokio::spawn(writer.run(stop_rx));
        (DecisionLog { tx, metrics }, WriterHandle { stop, task })
    }

    /// Resolves once the decision is committed, or with the reason it was not.
    pub async fn record(&self, record: DecisionRecord) -> Result<(), Arc<LogError>> {
        let (done, wait) = oneshot::channel();
        self.metrics.decision_queue_depth.inc();
        if self.tx.send(Pending { record, done }).await.is_err() {
            self.metrics.decision_queue_depth.dec();
            return Err(Arc::new(LogError::ShuttingDown));
        }
        wait.await.unwrap_or_else(|_| Err(Arc::new(LogError::ShuttingDown)))
    }
}

impl WriterHandle {
    /// Stops taking decisions, writes everything already queued, and waits for that.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        if let Err(e) = self.task.await {
            tracing::error!(error = %e, "decision writer ended abnormally");
        }
    }
}

struct Writer {
    db: Option<Database>,
    rx: mpsc::Receiver<Pending>,
    metrics: Arc<Metrics>,
}

impl Writer {
    async fn run(mut self, mut stop: watch::Receiver<bool>) {
        let mut batch = Vec::with_capacity(MAX_BATCH);
        loop {
            let first = tokio::select! {
                biased;
                p = self.rx.recv() => p,
                _ = stop.changed() => None,
            };
            let Some(first) = first else { break };
            batch.push(first);
            while batch.len() < MAX_BATCH {
                match self.rx.try_recv() {
                    Ok(p) => batch.push(p),
                    Err(_) => break,
                }
            }
            self.write(&mut batch).await;
        }
        // Shutting down: refuse new decisions, flush the ones already accepted.
        self.rx.close();
        while let Some(p) = self.rx.recv().await {
            batch.push(p);
            if batch.len() == MAX_BATCH {
                self.write(&mut batch).await;
            }
        }
        if !batch.is_empty() {
            self.write(&mut batch).await;
        }
    }

    async fn write(&self, batch: &mut Vec<Pending>) {
        self.metrics.decision_queue_depth.dec_by(batch.len() as i64);
        self.metrics.decision_batches.inc();
        self.metrics.decision_batch_size.observe(batch.len() as f64);
        let result = match &self.db {
            None => Err(LogError::NotConfigured),
            Some(db) => {
                let records: Vec<DecisionRecord> = batch.iter().map(|p| p.record.clone()).collect();
                match tokio::time::timeout(WRITE_DEADLINE, decisions::insert_batch(&db.pool, &records)).await {
                    Ok(Ok(_)) => {
                        db.set_state(DbState::Ready);
                        Ok(())
                    }
                    Ok(Err(e)) => {
                        db.set_state(DbState::Unreachable);
                        Err(LogError::Database(e.to_string()))
                    }
                    Err(_) => Err(LogError::Database("write deadline exceeded".into())),
                }
            }
        };
        match result {
            Ok(()) => {
                self.metrics.decisions_logged.inc_by(batch.len() as u64);
                for p in batch.drain(..) {
                    let _ = p.done.send(Ok(()));
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, decisions = batch.len(), "decisions not recorded");
                let e = Arc::new(e);
                for p in batch.drain(..) {
                    let _ = p.done.send(Err(e.clone()));
                }
            }
        }
    }
}
