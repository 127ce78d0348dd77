//! The spool's bytes: how a batch of decisions is written into a segment and read back,
//! damage included. Pure: no files, no locks, no limits (those are in the parent module).
//!
//! A segment starts with the 8-byte header `FMSPOOL1` (format version 1), followed by
//! records:
//!
//! ```text
//! | payload length: u32 LE | CRC-32 of the payload: u32 LE | payload: one DecisionRecord as JSON |
//! ```
//!
//! Reading validates every record: a length that is zero, above [`MAX_RECORD_BYTES`] or
//! past the end, a CRC mismatch, or JSON that is not a `DecisionRecord`. Each damaged
//! stretch counts as one corrupt record, is logged with the segment id and offset (never
//! content), and reading resumes at the next offset where a valid record starts.

use super::{SegmentRead, SpoolError};
use crate::domain::DecisionRecord;

/// Largest record payload written, and believed when reading. Real records are a few KiB;
/// a larger length field is damage. A low cap also keeps resynchronising past damage cheap.
pub const MAX_RECORD_BYTES: usize = 1 << 20;

pub(super) const MAGIC: &[u8; 8] = b"FMSPOOL1";
pub(super) const RECORD_HEADER: usize = 8;

pub(super) fn encode(batch: &[DecisionRecord]) -> Result<Vec<u8>, SpoolError> {
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

pub(super) fn decode(bytes: &[u8], segment: u64) -> SegmentRead {
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
        if let Ok(record) = serde_json::from_slice(payload) {
            read.records.push(record);
        } else {
            read.corrupt += 1;
            tracing::warn!(
                segment,
                offset = pos,
                "spool record is not a decision; skipped"
            );
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
