//! `framework-matrix replay` on a million logged decisions: wall time and peak RSS of the
//! real (release) binary, measured with `/usr/bin/time -v`, for the whole log and for its
//! last ten days (peak memory must not depend on how many decisions are read).
//!
//! `cargo bench --bench replay`. Needs PostgreSQL and `/usr/bin/time`; without them it says
//! so and exits 1. CI only compiles it (`cargo bench --no-run`).
//!
//! The log is made the way the service makes it: random profiles over the embedded
//! catalog's questions (each criterion answered with probability 0.6, weights 0.5 to 3, a
//! language filter on 30 %), scored by the engine, turned into `DecisionRecord`s and stored
//! with `store::decisions::insert_batch`, spread over 60 days (busier in working hours) and
//! five clients (one of them "no client name"). The candidate catalog is the embedded one
//! with the option `realtime=some` removed (with its rules and takeaway) and two scores
//! changed, so the replay exercises re-scoring, changed picks and unreadable decisions.
//!
//! Environment:
//! - `BENCH_DATABASE_URL`, else `postgres://postgres@127.0.0.1:5432/framework_matrix_bench_replay`
//!   (created if missing, migrated; never `postgres`). The log is generated only when the
//!   table does not already hold exactly `REPLAY_DECISIONS` rows, so reruns start at once.
//! - `REPLAY_DECISIONS` (default 1000000);
//! - `REPLAY_ROUNDS` (default 3) runs of each measurement.

#[path = "support/log.rs"]
mod log;

use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use framework_matrix::catalog::{Catalog, EMBEDDED_FILES};
use framework_matrix::store::MIGRATOR;
use log::{connect, env_or, generate};
use sqlx::postgres::PgConnectOptions;

const DEFAULT_URL: &str = "postgres://postgres@127.0.0.1:5432/framework_matrix_bench_replay";

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("replay bench: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<()> {
    let url = std::env::var("BENCH_DATABASE_URL").unwrap_or_else(|_| DEFAULT_URL.to_string());
    let opts: PgConnectOptions = url.parse().context("BENCH_DATABASE_URL")?;
    if opts.get_database() == Some("postgres") {
        bail!(
            "BENCH_DATABASE_URL names the maintenance database `postgres`; give the bench its own"
        );
    }
    let n: usize = env_or("REPLAY_DECISIONS", 1_000_000)?;
    let rounds: usize = env_or("REPLAY_ROUNDS", 3)?;
    if !Path::new("/usr/bin/time").exists() {
        bail!("/usr/bin/time is needed for peak RSS (apt-get install time)");
    }

    let pool = connect(&opts).await?;
    MIGRATOR.run(&pool).await.context("migrations")?;
    let have: i64 = sqlx::query_scalar("SELECT count(*) FROM decisions")
        .fetch_one(&pool)
        .await?;
    if have == n as i64 {
        eprintln!("reusing the {n} decisions already in the bench database");
    } else {
        sqlx::query("TRUNCATE decisions CASCADE")
            .execute(&pool)
            .await?;
        let started = Instant::now();
        generate(&pool, n).await?;
        sqlx::query("VACUUM ANALYZE decisions")
            .execute(&pool)
            .await?;
        eprintln!("generated {n} decisions in {:.1?}", started.elapsed());
    }
    let size: String =
        sqlx::query_scalar("SELECT pg_size_pretty(pg_total_relation_size('decisions'))")
            .fetch_one(&pool)
            .await?;
    eprintln!("table decisions: {size}");
    pool.close().await;

    let dir = tempfile::tempdir()?;
    let candidate = dir.path().join("candidate");
    write_candidate(&candidate)?;

    // The replay counts whole weeks: from the Monday ten days before the end.
    let runs: [(&str, Vec<String>); 2] = [
        ("whole log", vec![]),
        (
            "weeks from Monday 2026-11-16 (10 days)",
            vec!["--from".into(), "2026-11-16".into()],
        ),
    ];
    for (what, extra) in &runs {
        for round in 1..=rounds {
            let m = measure(&url, &candidate, extra)?;
            println!(
                "replay {what}, round {round}: {} decisions ({} changed), wall {:.2} s, CPU {:.2} s, peak RSS {:.1} MiB, {:.0} decisions/s; load average before: {}",
                m.replayed,
                m.changed,
                m.wall.as_secs_f64(),
                m.cpu_secs,
                m.peak_rss_kib as f64 / 1024.0,
                m.replayed as f64 / m.wall.as_secs_f64(),
                m.load_before,
            );
        }
    }
    Ok(())
}

/// The embedded catalog without `realtime=some`, with Django's admin score 3 -> 2 and
/// FastAPI's real-time score 1 -> 3.
fn write_candidate(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, text) in EMBEDDED_FILES {
        let text = match name {
            "criteria.toml" => without_blocks(text, "id = \"some\""),
            "takeaways.toml" => {
                without_blocks(text, "{ criterion = \"realtime\", option = \"some\" }")
            }
            "scoring.toml" => {
                let t = without_blocks(text, "criterion = \"realtime\"\noption = \"some\"");
                let t = rescore(&t, "admin_panel", "yes", "django", 2)?;
                rescore(&t, "realtime", "core", "fastapi", 3)?
            }
            _ => text.to_string(),
        };
        std::fs::write(dir.join(name), text)?;
    }
    Catalog::from_dir(dir).context("the candidate catalog is valid")?;
    Ok(())
}

fn without_blocks(text: &str, needle: &str) -> String {
    text.split("\n\n")
        .filter(|block| !block.contains(needle))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn rescore(
    text: &str,
    criterion: &str,
    option: &str,
    framework: &str,
    score: i8,
) -> anyhow::Result<String> {
    let key = format!(
        "criterion = \"{criterion}\"\noption = \"{option}\"\nframework = \"{framework}\"\n"
    );
    let mut found = false;
    let blocks: Vec<String> = text
        .split("\n\n")
        .map(|block| {
            if !block.contains(&key) {
                return block.to_string();
            }
            found = true;
            block
                .lines()
                .map(|l| {
                    if l.starts_with("score = ") {
                        format!("score = {score}")
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();
    if !found {
        bail!("no rule {framework} / {criterion}={option} to rescore");
    }
    Ok(blocks.join("\n\n"))
}

struct Measurement {
    replayed: u64,
    changed: String,
    wall: Duration,
    /// User plus system time of the replay process (PostgreSQL's work is not in it).
    cpu_secs: f64,
    peak_rss_kib: u64,
    /// The 1-minute load average when the run started: the machine is shared.
    load_before: String,
}

/// One run of the real binary under `/usr/bin/time -v`.
fn measure(url: &str, candidate: &Path, extra: &[String]) -> anyhow::Result<Measurement> {
    let load_before = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_default();
    let out = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(env!("CARGO_BIN_EXE_framework-matrix"))
        .arg("replay")
        .arg("--catalog")
        .arg(candidate)
        .args(["--format", "json"])
        .args(extra)
        .env("DATABASE_URL", url)
        .output()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        bail!("replay failed: {stderr}");
    }
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    let field = |prefix: &str| {
        stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix(prefix).map(str::trim))
            .with_context(|| format!("no {prefix:?} in /usr/bin/time's output"))
    };
    let wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss):")?;
    let wall = wall
        .split(':')
        .try_fold(0.0, |acc, part| part.parse::<f64>().map(|v| acc * 60.0 + v))?;
    let cpu_secs = field("User time (seconds):")?.parse::<f64>()?
        + field("System time (seconds):")?.parse::<f64>()?;
    Ok(Measurement {
        replayed: report["replayed"].as_u64().unwrap_or(0),
        changed: report["changed"].to_string(),
        wall: Duration::from_secs_f64(wall),
        cpu_secs,
        peak_rss_kib: field("Maximum resident set size (kbytes):")?.parse()?,
        load_before,
    })
}
