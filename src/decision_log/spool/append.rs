//! The write side of the spool: appending a batch durably (fsync before acknowledging),
//! creating segments whole, sealing a segment whose append failed, and the back-off after
//! a full disk. The guarantees are in the module doc of `spool`.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::time::Instant;

use super::format::{MAGIC, encode};
use super::{
    FIRST_BACKOFF, MAX_BACKOFF, OpenSegment, SegmentMeta, Spool, SpoolError, segment_path, sync_dir,
};
use crate::domain::DecisionRecord;

impl Spool {
    /// Appends the batch to the open segment (starting a new one when there is none or the
    /// batch would take it past the segment size) and fsyncs it. All or nothing with respect
    /// to the bound: if the spool would exceed `max_bytes`, returns [`SpoolError::Full`] and
    /// writes nothing.
    pub fn append(&mut self, batch: &[DecisionRecord]) -> Result<(), SpoolError> {
        if batch.is_empty() {
            return Ok(());
        }
        if let Some((until, _)) = self.backoff {
            let now = Instant::now();
            if now < until {
                return Err(SpoolError::NoSpace {
                    retry_in: until - now,
                });
            }
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

        let result = match self.open.take() {
            Some(open) if fits_open_segment => self.append_to(open, &encoded),
            _ => self.create_segment(&encoded),
        };
        match result {
            Ok(segment) => {
                let meta = self.segments.entry(segment.id).or_default();
                meta.bytes += (header + encoded.len()) as u64;
                meta.records += batch.len() as u64;
                self.open = Some(segment);
                self.backoff = None;
                Ok(())
            }
            Err(e) => {
                if e.kind() == io::ErrorKind::StorageFull {
                    let wait = self
                        .backoff
                        .map_or(FIRST_BACKOFF, |(_, last)| (last * 2).min(MAX_BACKOFF));
                    self.backoff = Some((Instant::now() + wait, wait));
                }
                Err(e.into())
            }
        }
    }

    /// Appends to the open segment and fsyncs it. On failure the segment is sealed.
    fn append_to(&mut self, segment: OpenSegment, encoded: &[u8]) -> io::Result<OpenSegment> {
        let written = (&segment.file)
            .write_all(encoded)
            // fdatasync is enough: it also persists the file size, which reading depends on.
            .and_then(|()| segment.file.sync_data());
        let Err(e) = written else {
            return Ok(segment);
        };
        // Cut the unacknowledged bytes off again so they are not replayed. The segment
        // stays sealed (`self.open` remains `None`) even if that works: after a failed
        // fsync the kernel may have dropped the dirty pages, and a later fsync could report
        // success for data that never reached the disk.
        let meta = self.segments.entry(segment.id).or_default();
        let truncated = segment
            .file
            .set_len(meta.bytes)
            .and_then(|()| segment.file.sync_all());
        if truncated.is_err() {
            meta.bytes = segment
                .file
                .metadata()
                .map_or(meta.bytes + encoded.len() as u64, |m| m.len());
        }
        tracing::warn!(segment = segment.id, error = %e, "spool append failed; segment sealed");
        Err(e)
    }

    /// Creates the next segment holding the header and `encoded`: written under a temporary
    /// name, fsynced, then renamed, so no segment file exists without its header and a
    /// failed creation leaves no file behind.
    fn create_segment(&mut self, encoded: &[u8]) -> io::Result<OpenSegment> {
        let id = self.next_id;
        // Never reused, even after a failure: a rename that happened before a later step
        // failed must not be overwritten by the next creation.
        self.next_id += 1;
        let tmp = self.dir.join(format!("seg-{id:016}.tmp"));
        // `create_new`: an existing file of that name would be someone else's data.
        let file = OpenOptions::new()
            .append(true)
            .create_new(true)
            .open(&tmp)?;
        let created = (&file)
            .write_all(MAGIC)
            .and_then(|()| (&file).write_all(encoded))
            .and_then(|()| file.sync_data())
            .and_then(|()| fs::rename(&tmp, segment_path(&self.dir, id)))
            .and_then(|()| sync_dir(&self.dir));
        if let Err(e) = created {
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
        self.segments.insert(id, SegmentMeta::default());
        Ok(OpenSegment { id, file })
    }
}
