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
//! - One process per directory: [`Spool::open`] takes an exclusive lock on `LOCK`. The lock
//!   is advisory and may not hold on network filesystems.
//!
//! # On-disk format
//! Segment files `seg-{id:016}.wal`, ids increasing with age. A segment starts with the
//! 8-byte header `FMSPOOL1` (format version 1), followed by records:
//!
//! ```text
//! | payload length: u32 LE | CRC-32 of the payload: u32 LE | payload: one DecisionRecord as JSON |
//! ```
//!
//! A segment is appended to only by the process that created it, and is sealed (never
//! written again) when the spool is reopened, when it reaches [`SEGMENT_BYTES`], when an
//! append to it fails, and when it is read for draining. So a torn write from a crash is
//! always at the end of its file, and no acknowledged record ever follows one.
//!
//! # Damage
//! Reading validates every record: a length that is zero, above [`MAX_RECORD_BYTES`] or past
//! the end of the file, a CRC mismatch, or JSON that is not a `DecisionRecord`. Each damaged
//! stretch counts as one corrupt record, is logged with the segment id and offset (never
//! content), and reading resumes at the next offset where a valid record starts. So a torn
//! tail costs only the unacknowledged write it came from, a flipped bit costs one record
//! (even in a length field), and damage never stops the spool or the service.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use uuid::Uuid;

use crate::domain::DecisionRecord;

/// A segment is sealed and a new one started once the next batch would take it past this
/// size: large enough that per-segment costs (a file, a directory fsync) stay rare, small
/// enough to read into memory and hand to one `commit`.
pub const SEGMENT_BYTES: u64 = 8 << 20;
/// Largest record payload written, and believed when reading. Real records are a few KiB;
/// a larger length field is damage. A low cap also keeps resynchronising past damage cheap.
pub const MAX_RECORD_BYTES: usize = 1 << 20;

const MAGIC: &[u8; 8] = b"FMSPOOL1";
const RECORD_HEADER: usize = 8;
const LOCK_FILE: &str = "LOCK";

#[derive(Debug, thiserror::Error)]
pub enum SpoolError {
    #[error("the spool is full ({max_bytes} bytes)")]
    Full { max_bytes: u64 },
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
            let Some(id) = name.to_str().and_then(parse_segment_name) else {
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
            _lock: lock,
        };
        Ok((spool, corrupt))
    }

    /// Appends the batch to the open segment (starting a new one when there is none or the
    /// batch would take it past the segment size) and fsyncs it. All or nothing with respect
    /// to the bound: if the spool would exceed `max_bytes`, returns [`SpoolError::Full`] and
    /// writes nothing.
    pub fn append(&mut self, batch: &[DecisionRecord]) -> Result<(), SpoolError> {
        if batch.is_empty() {
            return Ok(());
        }
        let encoded = encode(batch)?;
        let fits_open_segment = self.open.as_ref().is_some_and(|open| {
            self.segments[&open.id].bytes + encoded.len() as u64 <= self.segment_bytes
        });
        let header = if fits_open_segment { 0 } else { MAGIC.len() };
        let after = self
            .backlog()
            .bytes
            .saturating_add((header + encoded.len()) as u64);
        if after > self.max_bytes {
            return Err(SpoolError::Full {
                max_bytes: self.max_bytes,
            });
        }

        let (segment, new) = match self.open.take() {
            Some(open) if fits_open_segment => (open, false),
            _ => (self.create_segment()?, true),
        };
        let mut buf = Vec::with_capacity(header + encoded.len());
        if new {
            buf.extend_from_slice(MAGIC);
        }
        buf.extend_from_slice(&encoded);
        let written = (&segment.file)
            .write_all(&buf)
            // fdatasync is enough: it also persists the file size, which reading depends on.
            .and_then(|()| segment.file.sync_data())
            .and_then(|()| if new { sync_dir(&self.dir) } else { Ok(()) });

        let meta = self.segments.entry(segment.id).or_default();
        if let Err(e) = written {
            // Cut the unacknowledged bytes off again so they are not replayed. The segment
            // stays sealed (`self.open` remains `None`) even if that works: after a failed
            // fsync the kernel may have dropped the dirty pages, and a later fsync could
            // report success for data that never reached the disk.
            let truncated = segment
                .file
                .set_len(meta.bytes)
                .and_then(|()| segment.file.sync_all());
            if truncated.is_err() {
                meta.bytes = segment
                    .file
                    .metadata()
                    .map_or(meta.bytes + buf.len() as u64, |m| m.len());
            }
            tracing::warn!(segment = segment.id, error = %e, "spool append failed; segment sealed");
            return Err(e.into());
        }
        meta.bytes += buf.len() as u64;
        meta.records += batch.len() as u64;
        self.open = Some(segment);
        Ok(())
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

    fn create_segment(&mut self) -> Result<OpenSegment, SpoolError> {
        let id = self.next_id;
        // `create_new`: an existing file of that name would be someone else's data.
        let file = OpenOptions::new()
            .append(true)
            .create_new(true)
            .open(segment_path(&self.dir, id))?;
        self.next_id += 1;
        self.segments.insert(id, SegmentMeta::default());
        Ok(OpenSegment { id, file })
    }
}

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

/// Replays the spool oldest segment first: reads a segment, hands its records to `commit`
/// (one call per segment; chunk inside `commit` if that is too many for one statement) and
/// deletes the segment once `commit` succeeded. Stops at the first failure, leaving that
/// segment and everything newer in place. `commit` must be idempotent: a segment whose
/// commit succeeded but whose deletion did not happen (crash, failed unlink) is replayed.
///
/// An async caller can run the same loop itself with [`Spool::segments`],
/// [`Spool::read_segment`] and [`Spool::remove_segment`].
pub fn drain<E>(
    spool: &mut Spool,
    mut commit: impl FnMut(&[DecisionRecord]) -> Result<(), E>,
) -> Result<DrainReport, DrainError<E>> {
    let mut done = DrainReport::default();
    for id in spool.segments() {
        let read = spool
            .read_segment(id)
            .map_err(|source| DrainError::Spool { done, source })?;
        if !read.records.is_empty() {
            commit(&read.records).map_err(|source| DrainError::Commit {
                segment: id,
                done,
                source,
            })?;
            done.committed += read.records.len() as u64;
        }
        spool
            .remove_segment(id)
            .map_err(|source| DrainError::Spool { done, source })?;
        done.corrupt += read.corrupt;
        done.segments += 1;
    }
    Ok(done)
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

fn encode(batch: &[DecisionRecord]) -> Result<Vec<u8>, SpoolError> {
    let unspoolable = |record: &DecisionRecord, reason| SpoolError::Unspoolable {
        decision_id: record.decision_id,
        reason,
    };
    let mut buf = Vec::new();
    for record in batch {
        let start = buf.len();
        buf.extend_from_slice(&[0; RECORD_HEADER]);
        serde_json::to_writer(&mut buf, record)
            .map_err(|_| unspoolable(record, "it does not serialize"))?;
        let payload = &buf[start + RECORD_HEADER..];
        if payload.len() > MAX_RECORD_BYTES {
            return Err(unspoolable(
                record,
                "it is larger than a spool record may be",
            ));
        }
        // serde_json writes a non-finite weight or score as `null`, which does not read back:
        // the decision would be acknowledged and then only ever counted as corrupt. Checking
        // costs one parse per record, small next to the fsync, and turns that into a refusal.
        if serde_json::from_slice::<DecisionRecord>(payload).is_err() {
            return Err(unspoolable(record, "it would not read back"));
        }
        let len = payload.len() as u32;
        let crc = crc32fast::hash(payload);
        buf[start..start + 4].copy_from_slice(&len.to_le_bytes());
        buf[start + 4..start + RECORD_HEADER].copy_from_slice(&crc.to_le_bytes());
    }
    Ok(buf)
}

fn decode(bytes: &[u8], segment: u64) -> SegmentRead {
    let mut read = SegmentRead::default();
    if bytes.is_empty() {
        // Created, then a crash before the first write: nothing was acknowledged.
        return read;
    }
    if !bytes.starts_with(MAGIC) {
        read.corrupt += 1;
        // Records carry their own checksums, so a damaged header need not cost the segment.
        tracing::warn!(
            segment,
            offset = 0,
            "spool segment header is damaged or torn"
        );
    }
    let mut pos = MAGIC.len();
    while pos < bytes.len() {
        let Some((payload, next)) = record_at(bytes, pos) else {
            read.corrupt += 1;
            let resume = (pos + 1..bytes.len()).find(|&p| record_at(bytes, p).is_some());
            let skipped = resume.unwrap_or(bytes.len()) - pos;
            tracing::warn!(
                segment,
                offset = pos,
                skipped,
                "damaged spool record skipped"
            );
            match resume {
                Some(p) => pos = p,
                None => break,
            }
            continue;
        };
        match serde_json::from_slice(payload) {
            Ok(record) => read.records.push(record),
            Err(_) => {
                read.corrupt += 1;
                tracing::warn!(
                    segment,
                    offset = pos,
                    "spool record is not a decision; skipped"
                );
            }
        }
        pos = next;
    }
    read
}

/// The payload of the record starting at `pos` and where the next one starts, if a valid
/// record starts there.
fn record_at(bytes: &[u8], pos: usize) -> Option<(&[u8], usize)> {
    let header = bytes.get(pos..pos.checked_add(RECORD_HEADER)?)?;
    let len = u32::from_le_bytes([header[0], header[1], header[2], header[3]]) as usize;
    let crc = u32::from_le_bytes([header[4], header[5], header[6], header[7]]);
    // Zero is never a real length, and rejecting it matters: a zero-filled tail (a crash
    // after the size was extended but before the data landed) would otherwise parse as a
    // run of empty records whose CRC (0) matches.
    if len == 0 || len > MAX_RECORD_BYTES {
        return None;
    }
    let start = pos + RECORD_HEADER;
    let payload = bytes.get(start..start + len)?;
    // Every payload is a JSON object; testing its first byte before the CRC keeps scanning
    // for the next valid record through garbage cheap.
    (payload[0] == b'{' && crc32fast::hash(payload) == crc).then_some((payload, start + len))
}

#[cfg(test)]
mod tests;
