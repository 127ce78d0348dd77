//! Decision-writer throughput: decisions per second into PostgreSQL through the group-commit
//! path (`DecisionLog::record`, one background writer batching whatever queued up) against
//! a one-INSERT-per-decision baseline (`store::decisions::insert_one`), in the same run, on
//! the same pool size and the same database.
//!
//! `cargo bench --bench writer`. Needs PostgreSQL; without it, it says so and exits 1.
//! CI only compiles it (`cargo bench --no-run`).
//!
//! Environment:
//! - `BENCH_DATABASE_URL`, else `DATABASE_URL`, else
//!   `postgres://postgres@127.0.0.1:5432/framework_matrix_bench`. The database is created
//!   if missing, migrated, and its `decisions` table TRUNCATEd before every phase. A
//!   database named `postgres` is never used: `.cargo/config.toml` points `DATABASE_URL` at
//!   that maintenance database (for `#[sqlx::test]`), so through cargo the variable is
//!   always set; it is replaced by the default bench database, with a note.
//! - `WRITER_DECISIONS` (default 10000) decisions per phase;
//! - `WRITER_POOL` (default 32) connections, for every phase;
//! - `WRITER_CONCURRENCY` (default `32,64,128,256`) concurrent callers of `record()`;
//! - `WRITER_ROUNDS` (default 2) repetitions of the whole set of phases, to show the noise.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use chrono::Utc;
use framework_matrix::catalog::{Catalog, Language};
use framework_matrix::decision_log::DecisionLog;
use framework_matrix::decision_log::spool::Spool;
use framework_matrix::domain::DecisionRecord;
use framework_matrix::engine::{Profile, RawAnswer, recommend};
use framework_matrix::metrics::Metrics;
use framework_matrix::store::{Database, DbState, MIGRATOR, decisions};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{AssertSqlSafe, PgPool};

const DEFAULT_URL: &str = "postgres://postgres@127.0.0.1:5432/framework_matrix_bench";

struct Config {
    url: String,
    decisions: usize,
    pool: u32,
    concurrency: Vec<usize>,
    rounds: usize,
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T> {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .parse()
            .map_err(|_| anyhow::anyhow!("{name}={v:?} is not a valid value")),
        Err(_) => Ok(default),
    }
}

fn config() -> anyhow::Result<Config> {
    let url = match (
        std::env::var("BENCH_DATABASE_URL"),
        std::env::var("DATABASE_URL"),
    ) {
        (Ok(url), _) => {
            if database_name(&url)? == "postgres" {
                bail!(
                    "BENCH_DATABASE_URL names the maintenance database `postgres`; the bench truncates tables, give it its own database"
                );
            }
            url
        }
        (Err(_), Ok(url)) if database_name(&url)? == "postgres" => {
            eprintln!(
                "note: DATABASE_URL names the maintenance database `postgres` (the .cargo/config.toml default); \
                 using {DEFAULT_URL} instead (set BENCH_DATABASE_URL to choose)"
            );
            DEFAULT_URL.to_string()
        }
        (Err(_), Ok(url)) => url,
        (Err(_), Err(_)) => DEFAULT_URL.to_string(),
    };
    let concurrency = std::env::var("WRITER_CONCURRENCY")
        .unwrap_or_else(|_| "32,64,128,256".into())
        .split(',')
        .map(|c| c.trim().parse::<usize>().context("WRITER_CONCURRENCY"))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(Config {
        url,
        decisions: env_or("WRITER_DECISIONS", 10_000)?,
        pool: env_or("WRITER_POOL", 32)?,
        concurrency,
        rounds: env_or("WRITER_ROUNDS", 2)?,
    })
}

fn database_name(url: &str) -> anyhow::Result<String> {
    let opts: PgConnectOptions = url.parse().context("not a valid PostgreSQL URL")?;
    Ok(opts
        .get_database()
        .map_or_else(|| opts.get_username().to_string(), str::to_string))
}

/// Where the bench writes, without credentials.
fn describe(url: &str) -> String {
    match url.parse::<PgConnectOptions>() {
        Ok(o) => format!(
            "{}:{}/{}",
            o.get_host(),
            o.get_port(),
            o.get_database().unwrap_or("")
        ),
        Err(_) => "(invalid URL)".into(),
    }
}

/// Connects, creating the database first if the server is there but the database is not.
async fn connect(cfg: &Config) -> anyhow::Result<PgPool> {
    let opts: PgConnectOptions = cfg.url.parse()?;
    let pool = || {
        PgPoolOptions::new()
            .max_connections(cfg.pool)
            .acquire_timeout(Duration::from_secs(5))
    };
    match pool().connect_with(opts.clone()).await {
        Ok(p) => Ok(p),
        Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("3D000") => {
            let name = database_name(&cfg.url)?;
            if !name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            {
                bail!("database {name:?} does not exist and its name is not safe to create");
            }
            let admin = pool()
                .max_connections(1)
                .connect_with(opts.clone().database("postgres"))
                .await?;
            sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&admin)
                .await?;
            admin.close().await;
            eprintln!("created database {name}");
            Ok(pool().connect_with(opts).await?)
        }
        Err(e) => Err(e.into()),
    }
}

/// Decisions as `submitProfile` builds them, from a few realistic profiles.
fn records(n: usize) -> Vec<DecisionRecord> {
    let catalog = Catalog::embedded().expect("the embedded catalog is valid");
    let a = |criterion_id, option_id, weight| RawAnswer {
        criterion_id,
        option_id,
        weight,
    };
    let profiles = [
        (
            vec![
                a("admin_panel", "yes", 2.0),
                a("data_model", "relational", 1.0),
                a("realtime", "some", 1.5),
                a("latency", "critical", 2.0),
                a("team_size", "small", 1.0),
                a("project_scope", "product", 1.0),
            ],
            None,
        ),
        (
            vec![
                a("realtime", "core", 3.0),
                a("concurrency", "high", 2.0),
                a("structure", "flexible", 1.0),
            ],
            Some(vec![Language::Javascript, Language::Go]),
        ),
        (
            vec![
                a("data_model", "document", 1.0),
                a("admin_panel", "no", 1.0),
                a("project_scope", "microservice", 1.0),
                a("api_docs", "yes", 1.0),
            ],
            Some(vec![Language::Python]),
        ),
    ];
    let built: Vec<_> = profiles
        .iter()
        .map(|(answers, languages)| {
            let p = Profile::parse(&catalog, answers, languages.as_deref()).expect("valid");
            let rec = recommend(&catalog, &p);
            (p, rec)
        })
        .collect();
    (0..n)
        .map(|i| {
            let (p, rec) = &built[i % built.len()];
            DecisionRecord::new(&catalog, p, rec, None, Utc::now()).0
        })
        .collect()
}

async fn truncate(pool: &PgPool) -> anyhow::Result<()> {
    sqlx::query("TRUNCATE decisions CASCADE")
        .execute(pool)
        .await?;
    Ok(())
}

async fn stored(pool: &PgPool) -> anyhow::Result<i64> {
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM decisions")
        .fetch_one(pool)
        .await?;
    Ok(n)
}

struct Outcome {
    phase: String,
    concurrency: usize,
    decisions: usize,
    elapsed: Duration,
    /// Per-decision latency as the caller sees it.
    latencies: Vec<Duration>,
    /// Statements the database saw, and decisions per statement.
    statements: u64,
}

impl Outcome {
    fn rate(&self) -> f64 {
        self.decisions as f64 / self.elapsed.as_secs_f64()
    }

    fn percentile(&self, p: f64) -> Duration {
        let mut l = self.latencies.clone();
        l.sort_unstable();
        l.get(((l.len() as f64 - 1.0) * p).round() as usize)
            .copied()
            .unwrap_or_default()
    }
}

/// Splits `records` into `parts` nearly equal owned chunks.
fn split(records: &[DecisionRecord], parts: usize) -> Vec<Vec<DecisionRecord>> {
    let mut chunks: Vec<Vec<DecisionRecord>> = (0..parts).map(|_| Vec::new()).collect();
    for (i, r) in records.iter().enumerate() {
        chunks[i % parts].push(r.clone());
    }
    chunks
}

/// Baseline: one INSERT (one statement, one commit) per decision, from `concurrency`
/// tasks sharing the pool.
async fn one_insert_each(
    pool: &PgPool,
    records: &[DecisionRecord],
    concurrency: usize,
) -> anyhow::Result<Outcome> {
    truncate(pool).await?;
    let chunks = split(records, concurrency);
    let started = Instant::now();
    let tasks: Vec<_> = chunks
        .into_iter()
        .map(|chunk| {
            let pool = pool.clone();
            tokio::spawn(async move {
                let mut lat = Vec::with_capacity(chunk.len());
                for r in &chunk {
                    let t = Instant::now();
                    decisions::insert_one(&pool, r).await?;
                    lat.push(t.elapsed());
                }
                anyhow::Ok(lat)
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(records.len());
    for t in tasks {
        latencies.extend(t.await??);
    }
    let elapsed = started.elapsed();
    let n = stored(pool).await?;
    if n != records.len() as i64 {
        bail!("baseline stored {n} of {} decisions", records.len());
    }
    Ok(Outcome {
        phase: "one INSERT per decision".into(),
        concurrency,
        decisions: records.len(),
        elapsed,
        latencies,
        statements: records.len() as u64,
    })
}

/// The ceiling of a single-flight writer: full batches (`BATCH` rows per statement, the
/// writer's maximum) inserted back to back by one caller. What is left between this and
/// group commit is queueing; what is left between this and the disk is PostgreSQL's per-row
/// work (decoding the binary rows, constraints, indexes, rollups).
async fn full_batches(pool: &PgPool, records: &[DecisionRecord]) -> anyhow::Result<Outcome> {
    const BATCH: usize = 1024;
    truncate(pool).await?;
    let started = Instant::now();
    let mut latencies = Vec::new();
    for chunk in records.chunks(BATCH) {
        let t = Instant::now();
        decisions::insert_batch(pool, chunk).await?;
        latencies.push(t.elapsed());
    }
    let elapsed = started.elapsed();
    let n = stored(pool).await?;
    if n != records.len() as i64 {
        bail!("full batches stored {n} of {} decisions", records.len());
    }
    Ok(Outcome {
        phase: format!("insert_batch, {BATCH} per statement (latency per statement)"),
        concurrency: 1,
        decisions: records.len(),
        elapsed,
        statements: latencies.len() as u64,
        latencies,
    })
}

/// Group commit: `concurrency` tasks call `DecisionLog::record`, as `submitProfile` does.
async fn group_commit(
    pool: &PgPool,
    records: &[DecisionRecord],
    concurrency: usize,
) -> anyhow::Result<Outcome> {
    truncate(pool).await?;
    let db = Database::from_pool(pool.clone());
    db.set_state(DbState::Ready);
    let spool_dir = tempfile::tempdir()?;
    let (spool, _) = Spool::open(spool_dir.path(), 256 << 20)?;
    let metrics = Arc::new(Metrics::new());
    let (log, writer) = DecisionLog::start(Some((db, spool)), metrics.clone());
    let chunks = split(records, concurrency);
    let started = Instant::now();
    let tasks: Vec<_> = chunks
        .into_iter()
        .map(|chunk| {
            let log = log.clone();
            tokio::spawn(async move {
                let mut lat = Vec::with_capacity(chunk.len());
                for r in chunk {
                    let t = Instant::now();
                    log.record(r)
                        .await
                        .map_err(|e| anyhow::anyhow!("record failed: {e}"))?;
                    lat.push(t.elapsed());
                }
                anyhow::Ok(lat)
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(records.len());
    for t in tasks {
        latencies.extend(t.await??);
    }
    let elapsed = started.elapsed();
    drop(log);
    writer.shutdown().await;
    // Acknowledged decisions that went to the spool (a batch slower than the writer's
    // deadline) would make this a spool benchmark: fail loudly instead.
    let spooled = metrics.decisions_spooled.get();
    let n = stored(pool).await?;
    if spooled > 0 || n != records.len() as i64 {
        bail!(
            "group commit stored {n} of {} decisions ({spooled} spooled)",
            records.len()
        );
    }
    Ok(Outcome {
        phase: "group commit (DecisionLog::record)".into(),
        concurrency,
        decisions: records.len(),
        elapsed,
        latencies,
        statements: metrics.decision_batches.get(),
    })
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn run(cfg: Config) -> anyhow::Result<()> {
    let pool = connect(&cfg).await.with_context(|| {
        format!(
            "cannot reach PostgreSQL at {} (set BENCH_DATABASE_URL, or start PostgreSQL)",
            describe(&cfg.url)
        )
    })?;
    MIGRATOR.run(&pool).await.context("migrations failed")?;
    let settings: Vec<String> = {
        let mut out = Vec::new();
        for s in [
            "synchronous_commit",
            "fsync",
            "wal_sync_method",
            "commit_delay",
        ] {
            let v: String = sqlx::query_scalar(AssertSqlSafe(format!("SHOW {s}")))
                .fetch_one(&pool)
                .await?;
            out.push(format!("{s}={v}"));
        }
        out
    };
    let records = records(cfg.decisions);
    eprintln!(
        "writer bench: {} decisions per phase, pool of {} connections, {} round(s), database {}; {}",
        cfg.decisions,
        cfg.pool,
        cfg.rounds,
        describe(&cfg.url),
        settings.join(", ")
    );

    // Warm-up: open every connection and prepare the statement on each.
    let warm = cfg.pool as usize * 4;
    one_insert_each(
        &pool,
        &records[..warm.min(records.len())],
        cfg.pool as usize,
    )
    .await?;

    let mut rows: Vec<(usize, Outcome)> = Vec::new();
    for round in 1..=cfg.rounds {
        rows.push((round, one_insert_each(&pool, &records, 1).await?));
        rows.push((
            round,
            one_insert_each(&pool, &records, cfg.pool as usize).await?,
        ));
        for &c in &cfg.concurrency {
            rows.push((round, group_commit(&pool, &records, c).await?));
        }
        rows.push((round, full_batches(&pool, &records).await?));
    }
    truncate(&pool).await?;

    println!(
        "\n| round | phase | callers | decisions | seconds | decisions/s | p50 ms | p99 ms | statements | decisions/statement |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (round, o) in &rows {
        println!(
            "| {round} | {} | {} | {} | {:.2} | {:.0} | {:.2} | {:.2} | {} | {:.1} |",
            o.phase,
            o.concurrency,
            o.decisions,
            o.elapsed.as_secs_f64(),
            o.rate(),
            ms(o.percentile(0.5)),
            ms(o.percentile(0.99)),
            o.statements,
            o.decisions as f64 / o.statements.max(1) as f64,
        );
    }
    println!(
        "\n| round | sequential INSERT/s | {} concurrent INSERT/s | best group commit/s | group/concurrent | group/sequential | full-batch ceiling/s |",
        cfg.pool
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for round in 1..=cfg.rounds {
        let of_round = || rows.iter().filter(|(r, _)| *r == round).map(|(_, o)| o);
        let seq = of_round()
            .find(|o| o.phase.starts_with("one") && o.concurrency == 1)
            .map_or(0.0, Outcome::rate);
        let conc = of_round()
            .find(|o| o.phase.starts_with("one") && o.concurrency != 1)
            .map_or(0.0, Outcome::rate);
        let best = of_round()
            .filter(|o| o.phase.starts_with("group"))
            .map(Outcome::rate)
            .fold(0.0, f64::max);
        let ceiling = of_round()
            .find(|o| o.phase.starts_with("insert_batch"))
            .map_or(0.0, Outcome::rate);
        println!(
            "| {round} | {seq:.0} | {conc:.0} | {best:.0} | {:.1}× | {:.1}× | {ceiling:.0} |",
            best / conc,
            best / seq
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    // `cargo bench` passes `--bench` (and any filter); this bench has no sub-benchmarks.
    let cfg = match config() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("writer bench: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    match runtime.block_on(run(cfg)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("writer bench: {e:#}");
            ExitCode::FAILURE
        }
    }
}
