//! Acknowledged decisions survive database outages, crashes (SIGKILL), damaged spool files
//! and several replicas writing at once. Real PostgreSQL, real processes.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use crate::helpers::process::{Server, submit};
use crate::helpers::proxy::Proxy;
use framework_matrix::store::MIGRATOR;
use sqlx::PgPool;
use uuid::Uuid;

async fn stored_ids(pool: &PgPool) -> Vec<Uuid> {
    sqlx::query_scalar("SELECT decision_id FROM decisions")
        .fetch_all(pool)
        .await
        .unwrap()
}

/// Waits until every id in `acked` is stored; then checks each is stored exactly once.
async fn assert_all_stored_once(pool: &PgPool, acked: &[String]) {
    let want: HashSet<Uuid> = acked
        .iter()
        .map(|id| Uuid::parse_str(id).unwrap())
        .collect();
    assert_eq!(want.len(), acked.len(), "acknowledged ids are distinct");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let have: HashSet<Uuid> = stored_ids(pool).await.into_iter().collect();
        if want.is_subset(&have) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{} of {} acknowledged decisions stored",
            want.intersection(&have).count(),
            want.len()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let total: i64 = sqlx::query_scalar("SELECT count(*) FROM decisions")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(
        total as usize,
        want.len(),
        "every acknowledged decision exactly once, nothing else"
    );
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn decisions_submitted_during_an_outage_are_all_stored_once_it_ends(pool: PgPool) {
    let proxy = Proxy::start("127.0.0.1:5432".parse().unwrap()).await;
    let spool = tempfile::tempdir().unwrap();
    let server = Server::start(
        &crate::helpers::database_url_via(&pool, proxy.port),
        spool.path(),
        &[],
    )
    .await;
    server.wait_ready("ready").await;

    let mut acked = Vec::new();
    for i in 0..20 {
        acked.push(
            submit(server.port, i)
                .await
                .unwrap()
                .expect("acknowledged before the outage"),
        );
    }
    proxy.cut();
    let started = Instant::now();
    for i in 0..60 {
        acked.push(
            submit(server.port, i)
                .await
                .unwrap()
                .expect("acknowledged during the outage"),
        );
    }
    let per_request = started.elapsed() / 60;
    assert!(
        per_request < Duration::from_millis(200),
        "answers stay fast during the outage: {per_request:?} each"
    );
    server.wait_ready("degraded").await;

    proxy.restore();
    assert_all_stored_once(&pool, &acked).await;
    server.wait_ready("ready").await;
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn decisions_acknowledged_before_a_sigkill_are_stored_by_the_next_process(pool: PgPool) {
    let proxy = Proxy::start("127.0.0.1:5432".parse().unwrap()).await;
    let spool = tempfile::tempdir().unwrap();
    let url = crate::helpers::database_url_via(&pool, proxy.port);
    let mut acked = Vec::new();
    {
        let server = Server::start(&url, spool.path(), &[]).await;
        server.wait_ready("ready").await;
        proxy.cut();
        for i in 0..40 {
            acked.push(
                submit(server.port, i)
                    .await
                    .unwrap()
                    .expect("acknowledged into the spool"),
            );
        }
        server.signal("KILL");
    } // dropped: reaped
    assert!(
        stored_ids(&pool).await.is_empty(),
        "nothing reached the database during the outage"
    );
    proxy.restore();
    let _next = Server::start(&url, spool.path(), &[]).await;
    assert_all_stored_once(&pool, &acked).await;
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn three_replicas_sharing_one_database_store_every_acknowledged_decision_once(pool: PgPool) {
    let url = crate::helpers::database_url_via(&pool, 5432);
    let spools: Vec<_> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let mut servers = Vec::new();
    for s in &spools {
        servers.push(Server::start(&url, s.path(), &[]).await);
    }
    for s in &servers {
        s.wait_ready("ready").await;
    }
    let ports: Vec<u16> = servers.iter().map(|s| s.port).collect();
    let tasks: Vec<_> = (0..300)
        .map(|i| {
            let port = ports[i % 3];
            tokio::spawn(async move { submit(port, i).await })
        })
        .collect();
    let mut acked = Vec::new();
    for t in tasks {
        if let Some(id) = t.await.unwrap().unwrap() {
            acked.push(id);
        }
    }
    assert_eq!(
        acked.len(),
        300,
        "with the database up, every decision is acknowledged"
    );
    assert_all_stored_once(&pool, &acked).await;
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn a_truncated_and_a_bit_flipped_segment_are_replayed_and_the_damage_is_counted(
    pool: PgPool,
) {
    use framework_matrix::catalog::Catalog;
    use framework_matrix::config::Settings;
    use framework_matrix::decision_log::spool::Spool;
    use framework_matrix::domain::DecisionRecord;
    use framework_matrix::engine::{Profile, recommend};
    use framework_matrix::startup::build_services_with;
    use framework_matrix::store::Database;

    let catalog = Catalog::embedded().unwrap();
    let record = || {
        let p = Profile::parse(&catalog, &[], None).unwrap();
        DecisionRecord::new(
            &catalog,
            &p,
            &recommend(&catalog, &p),
            None,
            chrono::Utc::now(),
        )
        .0
    };
    let dir = tempfile::tempdir().unwrap();
    let batches: Vec<Vec<DecisionRecord>> =
        (0..2).map(|_| (0..3).map(|_| record()).collect()).collect();
    for batch in &batches {
        // Reopening seals the previous segment, so each batch gets a segment of its own.
        let (mut spool, _) = Spool::open(dir.path(), 1 << 20).unwrap();
        spool.append(batch).unwrap();
    }
    let mut segments: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "wal"))
        .collect();
    segments.sort();
    assert_eq!(segments.len(), 2);
    // Segment 1: a crash in the middle of writing its last record.
    let len = std::fs::metadata(&segments[0]).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&segments[0])
        .unwrap()
        .set_len(len - 20)
        .unwrap();
    // Segment 2: one flipped bit in the middle of the file (inside the second record).
    let mut bytes = std::fs::read(&segments[1]).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x04;
    std::fs::write(&segments[1], bytes).unwrap();

    let mut settings = Settings::for_tests();
    settings.spool_dir = dir.path().to_path_buf();
    let services = build_services_with(&settings, Some(Database::from_pool(pool.clone()))).unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while services.state.decision_log.status().unwrap().spool.segments > 0 {
        assert!(Instant::now() < deadline, "the spool was not drained");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let stored: HashSet<Uuid> = stored_ids(&pool).await.into_iter().collect();
    assert_eq!(stored.len(), 4, "two intact records from each segment");
    assert!(
        stored
            .iter()
            .all(|id| batches.iter().flatten().any(|r| r.decision_id == *id))
    );
    assert_eq!(services.state.metrics.spool_corrupt_records.get(), 2);
    assert_eq!(services.state.metrics.decisions_replayed.get(), 4);
    services.writer.shutdown().await;
}
