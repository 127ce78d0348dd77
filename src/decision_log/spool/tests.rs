//! Unit tests of the spool: format, damage handling, bounds, locking, drain.

use std::sync::{Arc, Mutex};

use super::format::{MAGIC, RECORD_HEADER};
use super::*;
use crate::domain::{Hour, StoredAnswer, StoredRank};

fn record(i: usize) -> DecisionRecord {
    DecisionRecord {
        decision_id: Uuid::now_v7(),
        decided_hour: Hour::now(),
        catalog_version: "2026-11".into(),
        answers: vec![StoredAnswer {
            criterion: "team-size".into(),
            option: "small".into(),
            weight: 1.0,
        }],
        languages: Some(vec!["rust".into()]),
        top_framework: format!("framework-{i}"),
        ranking: vec![StoredRank {
            framework: format!("framework-{i}"),
            score: 0.75,
        }],
        client_name: None,
        outcome_token_hash: None,
    }
}

fn records(n: usize) -> Vec<DecisionRecord> {
    (0..n).map(record).collect()
}

fn open(dir: &Path) -> (Spool, u64) {
    Spool::open(dir, 1 << 30).unwrap()
}

fn only_segment_file(dir: &Path) -> PathBuf {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "wal"))
        .collect();
    assert_eq!(files.len(), 1, "expected one segment: {files:?}");
    files.pop().unwrap()
}

/// Offsets of the records' payloads in a segment file written by `append`.
fn payload_offsets(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut pos = MAGIC.len();
    let mut found = Vec::new();
    while pos < bytes.len() {
        let len = u32::from_le_bytes(bytes[pos..pos + 4].try_into().unwrap()) as usize;
        found.push((pos + RECORD_HEADER, len));
        pos += RECORD_HEADER + len;
    }
    found
}

fn read_all(spool: &mut Spool) -> SegmentRead {
    let mut all = SegmentRead::default();
    for id in spool.segments() {
        let read = spool.read_segment(id).unwrap();
        all.records.extend(read.records);
        all.corrupt += read.corrupt;
    }
    all
}

#[test]
fn appended_decisions_read_back_in_order_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let spool_dir = dir.path().join("spool");
    let written = records(5);
    let (mut spool, _) = open(&spool_dir);
    spool.append(&written[..2]).unwrap();
    spool.append(&written[2..]).unwrap();
    let before = spool.backlog();
    assert_eq!(before.records, 5);
    drop(spool);

    let (mut spool, corrupt) = open(&spool_dir);
    assert_eq!(corrupt, 0);
    assert_eq!(spool.backlog(), before);
    assert_eq!(
        read_all(&mut spool),
        SegmentRead {
            records: written,
            corrupt: 0
        }
    );
}

#[test]
fn a_segment_cut_mid_record_yields_the_complete_records_and_one_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let written = records(3);
    let (mut spool, _) = open(dir.path());
    spool.append(&written).unwrap();
    drop(spool);
    let file = only_segment_file(dir.path());
    let len = fs::metadata(&file).unwrap().len();
    OpenOptions::new()
        .write(true)
        .open(&file)
        .unwrap()
        .set_len(len - 10)
        .unwrap();

    let (mut spool, corrupt) = open(dir.path());
    assert_eq!(corrupt, 1);
    assert_eq!(spool.backlog().records, 2);
    let read = read_all(&mut spool);
    assert_eq!(
        read,
        SegmentRead {
            records: written[..2].to_vec(),
            corrupt: 1
        }
    );
}

#[test]
fn a_zero_filled_tail_counts_as_one_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let written = records(2);
    let (mut spool, _) = open(dir.path());
    spool.append(&written).unwrap();
    drop(spool);
    let file = only_segment_file(dir.path());
    let len = fs::metadata(&file).unwrap().len();
    OpenOptions::new()
        .write(true)
        .open(&file)
        .unwrap()
        .set_len(len + 4096)
        .unwrap();

    let (mut spool, corrupt) = open(dir.path());
    assert_eq!(corrupt, 1);
    assert_eq!(
        read_all(&mut spool),
        SegmentRead {
            records: written,
            corrupt: 1
        }
    );
}

#[test]
fn a_flipped_bit_in_a_payload_costs_only_that_record() {
    let dir = tempfile::tempdir().unwrap();
    let written = records(5);
    let (mut spool, _) = open(dir.path());
    spool.append(&written).unwrap();
    let file = only_segment_file(dir.path());
    let mut bytes = fs::read(&file).unwrap();
    let (start, len) = payload_offsets(&bytes)[2];
    bytes[start + len / 2] ^= 0x04;
    fs::write(&file, &bytes).unwrap();

    let read = spool.read_segment(spool.segments()[0]).unwrap();
    let expected: Vec<_> = [0, 1, 3, 4].iter().map(|&i| written[i].clone()).collect();
    assert_eq!(
        read,
        SegmentRead {
            records: expected,
            corrupt: 1
        }
    );
}

#[test]
fn a_damaged_length_field_does_not_lose_the_rest_of_the_segment() {
    let dir = tempfile::tempdir().unwrap();
    let written = records(4);
    let (mut spool, _) = open(dir.path());
    spool.append(&written).unwrap();
    let file = only_segment_file(dir.path());
    let mut bytes = fs::read(&file).unwrap();
    let (start, _) = payload_offsets(&bytes)[1];
    bytes[start - RECORD_HEADER] ^= 0x01;
    fs::write(&file, &bytes).unwrap();

    let read = spool.read_segment(spool.segments()[0]).unwrap();
    let expected: Vec<_> = [0, 2, 3].iter().map(|&i| written[i].clone()).collect();
    assert_eq!(
        read,
        SegmentRead {
            records: expected,
            corrupt: 1
        }
    );
}

#[test]
fn appends_after_a_torn_tail_go_to_a_new_segment_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let (first, later) = (records(2), records(2));
    let (mut spool, _) = open(dir.path());
    spool.append(&first).unwrap();
    drop(spool);
    let file = only_segment_file(dir.path());
    let len = fs::metadata(&file).unwrap().len();
    OpenOptions::new()
        .write(true)
        .open(&file)
        .unwrap()
        .set_len(len - 3)
        .unwrap();

    let (mut spool, _) = open(dir.path());
    spool.append(&later).unwrap();
    assert_eq!(spool.segments().len(), 2);
    let read = read_all(&mut spool);
    assert_eq!(read.records, [&first[..1], &later[..]].concat());
    assert_eq!(read.corrupt, 1);
}

#[test]
fn an_append_past_the_bound_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let max_bytes = 2_000;
    let (mut spool, _) = Spool::open(dir.path(), max_bytes).unwrap();
    let mut acknowledged = Vec::new();
    let refused = loop {
        let one = record(acknowledged.len());
        match spool.append(std::slice::from_ref(&one)) {
            Ok(()) => acknowledged.push(one),
            Err(e) => break e,
        }
    };
    assert!(
        matches!(refused, SpoolError::Full { max_bytes: 2_000 }),
        "{refused}"
    );
    assert!(!acknowledged.is_empty());
    let file = only_segment_file(dir.path());
    let on_disk = fs::metadata(&file).unwrap().len();
    assert!(on_disk <= max_bytes);
    assert_eq!(spool.backlog().bytes, on_disk);

    // A batch is refused whole even when part of it would fit.
    let (mut roomy, _) = Spool::open(&dir.path().join("roomy"), on_disk + 100).unwrap();
    assert!(matches!(
        roomy.append(&records(10)),
        Err(SpoolError::Full { .. })
    ));
    assert_eq!(roomy.backlog(), Backlog::default());
    drop(roomy);

    assert!(matches!(
        spool.append(&records(1)),
        Err(SpoolError::Full { .. })
    ));
    assert_eq!(fs::metadata(&file).unwrap().len(), on_disk);
    drop(spool);
    let (mut spool, _) = Spool::open(dir.path(), max_bytes).unwrap();
    assert_eq!(read_all(&mut spool).records, acknowledged);
}

#[test]
fn decisions_that_would_not_read_back_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (mut spool, _) = open(dir.path());
    let mut bad = record(0);
    bad.ranking[0].score = f64::NAN;
    let refused = spool.append(&[record(1), bad.clone()]).unwrap_err();
    assert!(
        matches!(refused, SpoolError::Unspoolable { decision_id, .. } if decision_id == bad.decision_id)
    );
    assert_eq!(spool.backlog(), Backlog::default());
}

#[test]
fn a_second_open_of_the_same_directory_is_refused_while_the_first_lives() {
    let dir = tempfile::tempdir().unwrap();
    let (first, _) = open(dir.path());
    assert!(matches!(
        Spool::open(dir.path(), 1 << 30),
        Err(SpoolError::Locked(_))
    ));
    drop(first);
    assert!(Spool::open(dir.path(), 1 << 30).is_ok());
}

#[test]
fn segments_rotate_at_the_segment_size() {
    let dir = tempfile::tempdir().unwrap();
    let written = records(6);
    let (mut spool, _) = Spool::open_with_segment_bytes(dir.path(), 1 << 30, 600).unwrap();
    for one in written.chunks(1) {
        spool.append(one).unwrap();
    }
    assert!(spool.segments().len() > 1);
    assert_eq!(read_all(&mut spool).records, written);
}

#[test]
fn removing_a_segment_takes_it_out_of_the_backlog() {
    let dir = tempfile::tempdir().unwrap();
    let (mut spool, _) = open(dir.path());
    spool.append(&records(3)).unwrap();
    let first = spool.backlog();
    drop(spool);
    let (mut spool, _) = open(dir.path());
    spool.append(&records(2)).unwrap();
    let both = spool.backlog();
    assert_eq!((both.segments, both.records), (2, 5));

    spool.remove_segment(spool.segments()[0]).unwrap();
    let after = spool.backlog();
    assert_eq!(after.segments, 1);
    assert_eq!(after.records, 2);
    assert_eq!(after.bytes, both.bytes - first.bytes);
    spool.remove_segment(spool.segments()[0]).unwrap();
    assert_eq!(spool.backlog(), Backlog::default());
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "only LOCK is left"
    );
}

#[test]
fn reading_the_open_segment_seals_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut spool, _) = open(dir.path());
    spool.append(&records(2)).unwrap();
    let id = spool.segments()[0];
    let read = spool.read_segment(id).unwrap();
    spool.append(&records(1)).unwrap();
    spool.remove_segment(id).unwrap();
    assert_eq!(read.records.len(), 2);
    assert_eq!(
        spool.backlog().records,
        1,
        "the later record survives the removal"
    );
}

/// Runs the (async) replay loop to completion on a small runtime.
fn drain_now<E>(
    spool: &Arc<Mutex<Spool>>,
    commit: impl FnMut(Vec<DecisionRecord>) -> std::future::Ready<Result<(), E>>,
) -> Result<DrainReport, DrainError<E>> {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(drain(spool, commit))
}

#[test]
fn drain_stops_at_the_first_failed_commit_and_keeps_that_segment() {
    let dir = tempfile::tempdir().unwrap();
    let batches = [records(2), records(3), records(4)];
    for batch in &batches {
        // Each open starts a new segment, so this makes one segment per batch.
        let (mut spool, _) = open(dir.path());
        spool.append(batch).unwrap();
    }
    let (spool, _) = open(dir.path());
    let ids = spool.segments();
    let spool = Arc::new(Mutex::new(spool));
    let mut committed = Vec::new();
    let failed = drain_now(&spool, |records| {
        if committed.len() == 2 {
            return std::future::ready(Err("database unreachable"));
        }
        committed.extend(records);
        std::future::ready(Ok(()))
    })
    .unwrap_err();

    assert!(matches!(failed, DrainError::Commit { segment, .. } if segment == ids[1]));
    assert_eq!(
        failed.done(),
        DrainReport {
            committed: 2,
            corrupt: 0,
            segments: 1
        }
    );
    assert_eq!(spool.lock().unwrap().segments(), ids[1..]);
    assert_eq!(spool.lock().unwrap().backlog().records, 7);

    let rest = drain_now(&spool, |records| {
        committed.extend(records);
        std::future::ready(Ok::<_, ()>(()))
    })
    .unwrap();
    assert_eq!(
        rest,
        DrainReport {
            committed: 7,
            corrupt: 0,
            segments: 2
        }
    );
    assert_eq!(committed, batches.concat());
    assert_eq!(spool.lock().unwrap().backlog(), Backlog::default());
}

#[test]
fn a_creation_cut_short_leaves_no_segment_and_is_cleaned_up() {
    let dir = tempfile::tempdir().unwrap();
    // What a crash between creating and renaming a segment leaves behind.
    fs::write(
        dir.path().join("seg-0000000000000007.tmp"),
        b"FMSPOOL1partial",
    )
    .unwrap();
    let (mut spool, corrupt) = open(dir.path());
    assert_eq!(corrupt, 0);
    assert_eq!(spool.backlog(), Backlog::default());
    assert!(!dir.path().join("seg-0000000000000007.tmp").exists());
    spool.append(&records(1)).unwrap();
    let bytes = fs::read(only_segment_file(dir.path())).unwrap();
    assert!(
        bytes.starts_with(format::MAGIC),
        "a segment always starts with its header"
    );
}

/// A small tmpfs, mounted for the test and unmounted afterwards: a real full disk.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(bytes: usize) -> SmallDisk {
        let dir = tempfile::tempdir().unwrap();
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={bytes}"), "tmpfs"])
            .arg(dir.path())
            .status()
            .expect("`mount` runs");
        assert!(
            status.success(),
            "mounting a tmpfs failed ({status}): this test needs root (CI and the dev machines run as root)"
        );
        SmallDisk { dir }
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.dir.path())
            .status();
    }
}

#[test]
fn a_full_disk_refuses_appends_without_leaving_files_and_backs_off() {
    let disk = SmallDisk::mount(64 * 1024);
    let dir = disk.dir.path().join("spool");
    let (mut spool, _) = Spool::open_with_segment_bytes(&dir, 1 << 30, 16 * 1024).unwrap();
    // Fill the disk with segments until an append fails for lack of space.
    let mut failure = None;
    for _ in 0..10_000 {
        if let Err(e) = spool.append(&records(20)) {
            failure = Some(e);
            break;
        }
    }
    let failure = failure.expect("a 64 KiB disk fills up");
    assert!(
        matches!(&failure, SpoolError::Io(e) if e.kind() == io::ErrorKind::StorageFull),
        "{failure}"
    );
    let files = fs::read_dir(&dir).unwrap().count();
    let backlog = spool.backlog();
    // Two thousand more refusals: each is answered without touching the disk.
    for _ in 0..2000 {
        assert!(matches!(
            spool.append(&records(1)),
            Err(SpoolError::NoSpace { .. })
        ));
    }
    assert_eq!(
        fs::read_dir(&dir).unwrap().count(),
        files,
        "refusals leave no files behind"
    );
    assert_eq!(spool.backlog(), backlog);
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "wal") {
            assert!(
                fs::read(&path).unwrap().starts_with(format::MAGIC),
                "{path:?}"
            );
        }
    }
    // Once space is back (a replay freed a segment), appends are accepted again after
    // the back-off.
    let oldest = spool.segments()[0];
    spool.remove_segment(oldest).unwrap();
    std::thread::sleep(FIRST_BACKOFF + Duration::from_millis(50));
    spool.append(&records(1)).unwrap();
}
