//! Replaying the spool: the loop that hands spooled decisions back to the database.

use std::sync::{Arc, Mutex};

use super::{Spool, SpoolError};
use crate::domain::DecisionRecord;

/// What one [`drain`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DrainReport {
    /// Records handed to a `commit` that succeeded.
    pub committed: u64,
    /// Corrupt records dropped for good, i.e. in segments that were deleted. A segment that
    /// stays (its commit failed) is counted when a later drain deletes it.
    pub corrupt: u64,
    /// Segments deleted.
    pub segments: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum DrainError<E> {
    /// The segment stays in the spool and is replayed by the next drain.
    #[error("committing spool segment {segment} failed")]
    Commit {
        segment: u64,
        done: DrainReport,
        source: E,
    },
    #[error("the spool could not be read or cleaned up")]
    Spool {
        done: DrainReport,
        source: SpoolError,
    },
}

impl<E> DrainError<E> {
    /// What was drained before the failure.
    pub fn done(&self) -> DrainReport {
        match self {
            DrainError::Commit { done, .. } | DrainError::Spool { done, .. } => *done,
        }
    }
}

/// Replays the spool oldest segment first, until it is empty: reads a segment, hands its
/// records to `commit` (one call per segment; chunk inside `commit` if that is too many for
/// one statement) and deletes the segment once `commit` succeeded. Stops at the first
/// failure, leaving that segment and everything newer in place. `commit` must be
/// idempotent: a segment whose commit succeeded but whose deletion did not happen (crash,
/// failed unlink) is replayed.
///
/// This is the one replay loop: the drainer runs it against PostgreSQL, the model test
/// (`tests/api/spool_model.rs`) against a fake database. The spool's file operations block,
/// so they run on tokio's blocking pool, with the mutex held only for each of them; the
/// writer may append meanwhile (reading a segment seals it, so what it appends goes to a
/// newer segment, which this loop reaches too).
pub async fn drain<E, F>(
    spool: &Arc<Mutex<Spool>>,
    mut commit: impl FnMut(Vec<DecisionRecord>) -> F,
) -> Result<DrainReport, DrainError<E>>
where
    F: Future<Output = Result<(), E>>,
{
    let mut done = DrainReport::default();
    loop {
        let next = blocking(spool, |sp| {
            let id = sp.segments().into_iter().next()?;
            Some((id, sp.read_segment(id)))
        })
        .await
        .and_then(|next| next.map(|(id, read)| read.map(|r| (id, r))).transpose());
        let (id, read) = match next {
            Ok(Some(next)) => next,
            Ok(None) => return Ok(done),
            Err(source) => return Err(DrainError::Spool { done, source }),
        };
        let records = read.records.len() as u64;
        if records > 0 {
            commit(read.records)
                .await
                .map_err(|source| DrainError::Commit {
                    segment: id,
                    done,
                    source,
                })?;
            done.committed += records;
        }
        blocking(spool, move |sp| sp.remove_segment(id))
            .await
            .and_then(|removed| removed)
            .map_err(|source| DrainError::Spool { done, source })?;
        done.corrupt += read.corrupt;
        done.segments += 1;
    }
}

/// Runs `f` on the spool on tokio's blocking pool.
async fn blocking<T: Send + 'static>(
    spool: &Arc<Mutex<Spool>>,
    f: impl FnOnce(&mut Spool) -> T + Send + 'static,
) -> Result<T, SpoolError> {
    let spool = spool.clone();
    tokio::task::spawn_blocking(move || {
        f(&mut spool
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner))
    })
    .await
    .map_err(|e| SpoolError::Io(std::io::Error::other(e)))
}
