//! The local spool: a write-ahead log that keeps decisions durable while PostgreSQL is
//! unreachable, and hands them back, oldest first, once it is reachable again.
//!
//! This module owns the files under `SPOOL_DIR` and nothing else: it knows no SQL (the
//! caller's `commit` does the writing) and no async runtime (every call blocks on `std::fs`;
//! the writer calls it through `spawn_blocking`).
//!
//! # Guarantee
//! When [`Spool::append`] returns `Ok`, every record of the batch is in a segment file that
//! has been `fsync`ed, and so has the directory entry of a segment created for it: the batch
//! survives a crash of the process or a power cut. [`drain`] replays segments oldest first
//! and deletes a segment only after `commit` reported its records committed. A crash between
//! the commit and the delete replays the segment again, which the database absorbs
//! (`ON CONFLICT DO NOTHING` on `decision_id`). So an acknowledged decision is delivered at
//! least once and stored exactly once.
//!
//! # Limits
//! - The spool is as durable as the disk under it. A lost volume (an ephemeral container
//!   filesystem, a replaced node) loses the decisions in it: `SPOOL_DIR` must be persistent.
//! - `fsync` is trusted: a disk that acknowledges flushes it has not done can lose data.
//! - The bound counts whole files. An append that would cross it fails with
//!   [`SpoolError::Full`] and writes nothing, so the caller refuses the decision: loss is
//!   never silent.
//! - An append that fails with an I/O error is not acknowledged, and its bytes are cut off
//!   again where possible; if even that fails, its records may still be replayed later. Only
//!   the "acknowledged implies stored" direction is guaranteed.
//! - A full disk (`ENOSPC`) refuses the append, and further appends are refused at once,
//!   without touching the disk, for a back-off that doubles up to [`MAX_BACKOFF`] while the
//!   disk stays full: a refusal costs no file and no system call.
//! - One process per directory: [`Spool::open`] takes an exclusive lock on `LOCK`. The lock
//!   is advisory and may not hold on network filesystems.
//!
//! # Files
//! Segment files `seg-{id:016}.wal`, ids increasing with age; their bytes are described in
//! [`format`]. A segment is created complete with its header and first batch: written to
//! `seg-{id}.tmp`, fsynced, then renamed, so a segment file never exists without its
//! header, and a failed creation (a full disk) leaves nothing behind. Leftover `.tmp` files
//! (a crash during creation) were never acknowledged and are deleted on open.
//!
//! A segment is appended to only by the process that created it, and is sealed (never
//! written again) when the spool is reopened, when it reaches [`SEGMENT_BYTES`], when an
//! append to it fails, and when it is read for draining. So a torn write from a crash is
//! always at the end of its file, and no acknowledged record ever follows one.
//!
//! # Damage
//! Reading validates every record ([`format`]). A torn tail costs only the unacknowledged
//! write it came from, a flipped bit costs one record (even in a length field), and damage
//! never stops the spool or the service.

mod append;
mod drain;
mod format;

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use uuid::Uuid;

pub use drain::{DrainError, DrainReport, drain};
pub use format::MAX_RECORD_BYTES;

use crate::domain::DecisionRecord;
use format::decode;

/// A segment is sealed and a new one started once the next batch would take it past this
/// size: large enough that per-segment costs (a file, a directory fsync) stay rare, small
/// enough to read into memory and hand to one `commit`.
pub const SEGMENT_BYTES: u64 = 8 << 20;
const LOCK_FILE: &str = "LOCK";
/// First wait after the disk reported itself full; doubles up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(500);
pub const MAX_BACKOFF: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum SpoolError {
    #[error("the spool is full ({max_bytes} bytes)")]
    Full { max_bytes: u64 },
    /// The disk under the spool is full; appends are refused until the back-off ends.
    #[error("the disk under the spool is full; retrying in {retry_in:?}")]
    NoSpace { retry_in: Duration },
    #[error("spool I/O failed: {0}")]
    Io(#[from] io::Error),
    #[error("the spool directory {} is in use by another process", .0.display())]
    Locked(PathBuf),
    /// Refused rather than acknowledged: the spool could not give it back.
    #[error("decision {decision_id} cannot be spooled: {reason}")]
    Unspoolable {
        decision_id: Uuid,
        reason: &'static str,
    },
}

/// What is waiting in the spool.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Backlog {
    /// Bytes of all segment files, headers and damaged stretches included: what the bound
    /// (`max_bytes`) limits.
    pub bytes: u64,
    /// Valid records: found when the spool was opened, plus those appended since.
    pub records: u64,
    pub segments: usize,
}

/// The records of one segment, in the order they were appended.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SegmentRead {
    pub records: Vec<DecisionRecord>,
    /// Damaged stretches skipped (each torn tail, bad record or bad header counts one).
    pub corrupt: u64,
}

#[derive(Debug, Clone, Copy, Default)]
struct SegmentMeta {
    bytes: u64,
    records: u64,
}

#[derive(Debug)]
struct OpenSegment {
    id: u64,
    file: File,
}

/// The spool in one directory, owned by this process while the value lives.
#[derive(Debug)]
pub struct Spool {
    dir: PathBuf,
    max_bytes: u64,
    segment_bytes: u64,
    segments: BTreeMap<u64, SegmentMeta>,
    /// The segment appends go to. `None` means the next append starts a new one.
    open: Option<OpenSegment>,
    next_id: u64,
    /// After `ENOSPC`: appends are refused until then, and the next wait if it recurs.
    backoff: Option<(Instant, Duration)>,
    /// Holds the exclusive lock; closing the file releases it.
    _lock: File,
}

impl Spool {
    /// Opens (creating it if needed) the spool in `dir`, bounded to `max_bytes`, and scans
    /// the segments already there. Returns the spool and how many corrupt records the scan
    /// found (they are logged; they are skipped again, and then dropped, by [`drain`]).
    pub fn open(dir: &Path, max_bytes: u64) -> Result<(Spool, u64), SpoolError> {
        Spool::open_with_segment_bytes(dir, max_bytes, SEGMENT_BYTES)
    }

    /// [`Spool::open`] with another segment size than [`SEGMENT_BYTES`], for tests and tuning.
    pub fn open_with_segment_bytes(
        dir: &Path,
        max_bytes: u64,
        segment_bytes: u64,
    ) -> Result<(Spool, u64), SpoolError> {
        fs::create_dir_all(dir)?;
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(LOCK_FILE))?;
        // Two processes appending to one spool would interleave records and delete each
        // other's segments; the lock makes the second one fail at start-up instead.
        match lock.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Err(SpoolError::Locked(dir.to_path_buf())),
            Err(TryLockError::Error(e)) => return Err(e.into()),
        }
        let mut segments = BTreeMap::new();
        let mut corrupt = 0;
        for entry in fs::read_dir(dir)? {
            let name = entry?.file_name();
            let Some(name) = name.to_str() else { continue };
            if name.starts_with("seg-") && Path::new(name).extension().is_some_and(|e| e == "tmp") {
                // A creation cut short: never acknowledged, never a segment.
                fs::remove_file(dir.join(name))?;
                continue;
            }
            let Some(id) = parse_segment_name(name) else {
                continue;
            };
            // Validating everything (JSON included) makes the backlog agree with what drain
            // will find; it costs one read of the spool per start.
            let bytes = fs::read(segment_path(dir, id))?;
            let read = decode(&bytes, id);
            corrupt += read.corrupt;
            let meta = SegmentMeta {
                bytes: bytes.len() as u64,
                records: read.records.len() as u64,
            };
            segments.insert(id, meta);
        }
        let next_id = segments.keys().next_back().map_or(1, |last| last + 1);
        let spool = Spool {
            dir: dir.to_path_buf(),
            max_bytes,
            segment_bytes,
            segments,
            // Existing segments stay sealed: the last one may end in a torn write, and a
            // record appended after that could never be read back.
            open: None,
            next_id,
            backoff: None,
            _lock: lock,
        };
        Ok((spool, corrupt))
    }

    pub fn backlog(&self) -> Backlog {
        let mut backlog = Backlog {
            segments: self.segments.len(),
            ..Backlog::default()
        };
        for meta in self.segments.values() {
            backlog.bytes += meta.bytes;
            backlog.records += meta.records;
        }
        backlog
    }

    /// Ids of the segments, oldest first (the open one, if any, last).
    pub fn segments(&self) -> Vec<u64> {
        self.segments.keys().copied().collect()
    }

    /// Reads and validates one segment. Reading the open segment seals it: whatever is
    /// appended afterwards goes to a new segment, so a caller that reads, commits and then
    /// calls [`Spool::remove_segment`] (even with the writer's mutex released in between, as
    /// an async drain must) can never delete records it did not read.
    pub fn read_segment(&mut self, id: u64) -> Result<SegmentRead, SpoolError> {
        if self.open.as_ref().is_some_and(|open| open.id == id) {
            self.open = None;
        }
        let bytes = fs::read(segment_path(&self.dir, id))?;
        Ok(decode(&bytes, id))
    }

    /// Deletes a segment once its records are committed. Deleting one that is already gone
    /// is not an error, so a retried clean-up is harmless.
    pub fn remove_segment(&mut self, id: u64) -> Result<(), SpoolError> {
        if self.open.as_ref().is_some_and(|open| open.id == id) {
            self.open = None;
        }
        match fs::remove_file(segment_path(&self.dir, id)) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
        self.segments.remove(&id);
        // A segment resurrected by a power cut would only be replayed again (harmless, the
        // database ignores duplicates); syncing the directory keeps that from happening.
        sync_dir(&self.dir)?;
        Ok(())
    }
}

fn segment_path(dir: &Path, id: u64) -> PathBuf {
    dir.join(format!("seg-{id:016}.wal"))
}

fn parse_segment_name(name: &str) -> Option<u64> {
    let digits = name.strip_prefix("seg-")?.strip_suffix(".wal")?;
    let well_formed = digits.len() == 16 && digits.bytes().all(|b| b.is_ascii_digit());
    well_formed.then(|| digits.parse().ok()).flatten()
}

/// A new or deleted file is durable only once its directory entry is.
fn sync_dir(dir: &Path) -> io::Result<()> {
    if cfg!(unix) {
        File::open(dir)?.sync_all()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
