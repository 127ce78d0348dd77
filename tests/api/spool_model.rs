//! Model test of the spool's promise, end to end without a database: whatever the order of
//! submissions, outages, restarts and replays (some of whose acknowledgements get lost), every
//! acknowledged decision ends up stored exactly once and no refused one is stored at all.
//! Replays run the same loop as the service's drainer (`spool::drain`), against a fake
//! database.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use framework_matrix::decision_log::spool::{DrainError, SEGMENT_BYTES, Spool, SpoolError, drain};
use framework_matrix::domain::{DecisionRecord, Hour, StoredAnswer, StoredRank};
use proptest::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone)]
enum Op {
    Submit(usize),
    DbDown,
    DbUp,
    /// The process dies and starts again: the spool is dropped and reopened.
    Restart,
    Replay,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (1usize..20).prop_map(Op::Submit),
        1 => Just(Op::DbDown),
        1 => Just(Op::DbUp),
        1 => Just(Op::Restart),
        2 => Just(Op::Replay),
    ]
}

/// Why the fake database's commit failed.
#[derive(Debug)]
enum CommitFailed {
    Unreachable,
    /// The rows were committed, but the answer never reached the caller.
    AckLost,
}

/// PostgreSQL as the spool sees it: a primary key on `decision_id` and
/// `ON CONFLICT DO NOTHING`.
#[derive(Default)]
struct FakeDb {
    up: bool,
    /// Rows per decision id: the primary key must keep this at 1.
    rows: HashMap<Uuid, usize>,
    /// Times an id was offered, duplicates included.
    offered: HashMap<Uuid, usize>,
    commits: u32,
}

impl FakeDb {
    fn insert(&mut self, batch: &[DecisionRecord]) {
        for record in batch {
            *self.offered.entry(record.decision_id).or_default() += 1;
            self.rows.entry(record.decision_id).or_insert(1);
        }
    }

    /// The commit `drain` calls: every third one loses its acknowledgement after committing.
    fn commit(&mut self, batch: &[DecisionRecord]) -> Result<(), CommitFailed> {
        if !self.up {
            return Err(CommitFailed::Unreachable);
        }
        self.insert(batch);
        self.commits += 1;
        if self.commits.is_multiple_of(3) {
            return Err(CommitFailed::AckLost);
        }
        Ok(())
    }
}

struct System {
    _root: tempfile::TempDir,
    dir: PathBuf,
    max_bytes: u64,
    segment_bytes: u64,
    spool: Option<Arc<Mutex<Spool>>>,
    db: FakeDb,
    runtime: tokio::runtime::Runtime,
    acknowledged: HashSet<Uuid>,
    refused: HashSet<Uuid>,
}

impl System {
    fn start(max_bytes: u64, segment_bytes: u64, db_up: bool) -> System {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("spool");
        let mut system = System {
            _root: root,
            dir,
            max_bytes,
            segment_bytes,
            spool: None,
            db: FakeDb {
                up: db_up,
                ..FakeDb::default()
            },
            acknowledged: HashSet::new(),
            refused: HashSet::new(),
            runtime: tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap(),
        };
        system.spool = Some(Arc::new(Mutex::new(system.open())));
        system
    }

    fn open(&self) -> Spool {
        let (spool, corrupt) =
            Spool::open_with_segment_bytes(&self.dir, self.max_bytes, self.segment_bytes).unwrap();
        assert_eq!(corrupt, 0, "nothing here damages the spool");
        spool
    }

    fn spool(&self) -> MutexGuard<'_, Spool> {
        self.spool.as_ref().unwrap().lock().unwrap()
    }

    fn apply(&mut self, op: &Op) {
        match *op {
            Op::Submit(n) => self.submit(n),
            Op::DbDown => self.db.up = false,
            Op::DbUp => self.db.up = true,
            Op::Restart => self.restart(),
            Op::Replay => {
                self.replay();
            }
        }
        let backlog = self.spool().backlog();
        assert!(
            backlog.bytes <= self.max_bytes,
            "{backlog:?} exceeds the bound"
        );
    }

    /// What the writer does with a batch: the database if it is up, else the spool.
    fn submit(&mut self, n: usize) {
        let batch: Vec<DecisionRecord> = (0..n).map(decision).collect();
        let ids = batch.iter().map(|r| r.decision_id);
        if self.db.up {
            self.db.insert(&batch);
            self.acknowledged.extend(ids);
            return;
        }
        let appended = self.spool().append(&batch);
        match appended {
            Ok(()) => self.acknowledged.extend(ids),
            Err(SpoolError::Full { .. }) => self.refused.extend(ids),
            Err(e) => panic!("append failed: {e}"),
        }
    }

    /// Returns whether the spool is now empty.
    fn replay(&mut self) -> bool {
        let spool = self.spool.clone().unwrap();
        let before = self.spool().backlog();
        let db = &mut self.db;
        let drained = self.runtime.block_on(drain(&spool, |records| {
            std::future::ready(db.commit(&records))
        }));
        let spool = spool.lock().unwrap();
        match drained {
            Ok(report) => {
                assert_eq!(report.committed, before.records);
                true
            }
            Err(DrainError::Commit {
                source: CommitFailed::Unreachable,
                done,
                ..
            }) => {
                assert_eq!(
                    done.committed, 0,
                    "nothing commits while the database is down"
                );
                assert_eq!(
                    spool.backlog(),
                    before,
                    "a failed replay keeps the spool as it was"
                );
                false
            }
            Err(DrainError::Commit {
                source: CommitFailed::AckLost,
                ..
            }) => false,
            Err(e @ DrainError::Spool { .. }) => panic!("drain failed: {e}"),
        }
    }

    fn restart(&mut self) {
        let before = self.spool.take().unwrap().lock().unwrap().backlog();
        let mut spool = self.open();
        assert_eq!(
            spool.backlog(),
            before,
            "the backlog survives a restart unchanged"
        );

        let mut spooled = HashSet::new();
        for id in spool.segments() {
            for record in spool.read_segment(id).unwrap().records {
                assert!(
                    spooled.insert(record.decision_id),
                    "a decision spooled twice"
                );
            }
        }
        assert_eq!(spooled.len() as u64, before.records);
        for id in &self.acknowledged {
            assert!(
                spooled.contains(id) || self.db.rows.contains_key(id),
                "acknowledged decision {id} is neither spooled nor stored"
            );
        }
        assert!(
            spooled.is_disjoint(&self.refused),
            "a refused decision was spooled"
        );
        self.spool = Some(Arc::new(Mutex::new(spool)));
    }

    fn finish(mut self) {
        self.db.up = true;
        let segments = self.spool().segments().len();
        // Every third commit loses its acknowledgement, so this always gets through.
        let drained = (0..=2 * segments + 2).any(|_| self.replay());
        assert!(drained, "the spool did not drain");
        assert!(self.spool().segments().is_empty());
        assert_eq!(self.spool().backlog().records, 0);

        let stored: HashSet<Uuid> = self.db.rows.keys().copied().collect();
        assert_eq!(
            stored, self.acknowledged,
            "stored decisions differ from the acknowledged"
        );
        assert!(self.db.rows.values().all(|&rows| rows == 1));
        assert!(self.acknowledged.is_disjoint(&self.refused));
    }
}

fn decision(i: usize) -> DecisionRecord {
    DecisionRecord {
        decision_id: Uuid::now_v7(),
        decided_hour: Hour::now(),
        catalog_version: "2026-11".into(),
        answers: vec![StoredAnswer {
            criterion: "team-size".into(),
            option: "small".into(),
            weight: 1.0,
        }],
        languages: Some(vec!["rust".into(), "go".into()]),
        top_framework: format!("framework-{}", i % 7),
        ranking: vec![StoredRank {
            framework: format!("framework-{}", i % 7),
            score: 0.5 + (i as f64) / 100.0,
        }],
        client_name: None,
        outcome_token_hash: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_acknowledged_decision_is_stored_exactly_once_and_no_refused_one_is(
        ops in prop::collection::vec(op(), 1..40),
        // Small bounds make the spool fill up (a record is about 300 bytes); the large one
        // never does.
        max_bytes in prop_oneof![Just(1u64 << 30), 1_000u64..20_000],
        segment_bytes in prop_oneof![Just(SEGMENT_BYTES), 400u64..4_000],
        db_up in any::<bool>(),
    ) {
        let mut system = System::start(max_bytes, segment_bytes, db_up);
        for op in &ops {
            system.apply(op);
        }
        system.finish();
    }
}
