//! Every query the dashboard (`/analytics`) sends, timed on a log of a million decisions:
//! the document is read from `web/app/analytics/api.js` (so the bench times what the page
//! sends), and run through the whole service in-process (transport, token, document
//! rules, `reporting`, PostgreSQL, serialization) with each bucket, each filter and each
//! question the page can ask for. The target is under 200 ms each (issue 12).
//!
//! `cargo bench --bench dashboard` (or `--profile dev` to reuse the test build: slower
//! Rust, same SQL). Needs PostgreSQL; CI only compiles it.
//!
//! The log is `support/log.rs`'s (the replay bench's generator); the bench then moves its
//! first 30 days to an older catalog version and reports outcomes for 30 % of the
//! decisions (70 % of them the recommended framework), in SQL, rollups included, so the
//! version filter, the matrix and the agreement rates have data.
//!
//! Environment: `BENCH_DATABASE_URL` (default
//! `postgres://postgres@127.0.0.1:5432/framework_matrix_bench_dashboard`, created if
//! missing, never `postgres`); `DASHBOARD_DECISIONS` (1000000); `DASHBOARD_ROUNDS` (15).

#[path = "support/log.rs"]
mod log;

use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use framework_matrix::catalog::Catalog;
use framework_matrix::config::Settings;
use framework_matrix::startup::{app, build_services_with};
use framework_matrix::store::{Database, MIGRATOR};
use log::{connect, env_or, generate};
use serde_json::{Value, json};
use sqlx::PgPool;
use sqlx::postgres::PgConnectOptions;

const DEFAULT_URL: &str = "postgres://postgres@127.0.0.1:5432/framework_matrix_bench_dashboard";
const TOKEN: &str = "bench-token";
const OLDER: &str = "sha256-bench0older000";
const TARGET: Duration = Duration::from_millis(200);

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("dashboard bench: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The `STATS` document of the page's `api.js`.
fn dashboard_document() -> anyhow::Result<String> {
    let api = include_str!("../web/app/analytics/api.js");
    let start = api.find("const STATS = `").context("api.js has STATS")? + "const STATS = `".len();
    let len = api[start..].find('`').context("STATS ends")?;
    Ok(api[start..start + len].to_string())
}

async fn prepare(pool: &PgPool, n: usize) -> anyhow::Result<()> {
    MIGRATOR.run(pool).await.context("migrations")?;
    let have: i64 = sqlx::query_scalar("SELECT count(*) FROM decisions")
        .fetch_one(pool)
        .await?;
    if have == n as i64 {
        eprintln!("reusing the {n} decisions already in the bench database");
        return Ok(());
    }
    sqlx::query("TRUNCATE decisions, decision_days, answer_days, outcome_days CASCADE")
        .execute(pool)
        .await?;
    let started = Instant::now();
    generate(pool, n).await?;
    // The first 30 days under an older catalog, and outcomes for 30 % of the decisions.
    let cut = "timestamptz '2026-10-27 00:00:00+00'";
    for sql in [
        format!("UPDATE decisions SET catalog_version = '{OLDER}' WHERE decided_hour < {cut}"),
        format!("UPDATE decision_days SET catalog_version = '{OLDER}' WHERE day < ({cut})::date"),
        format!("UPDATE answer_days SET catalog_version = '{OLDER}' WHERE day < ({cut})::date"),
        "INSERT INTO decision_outcomes (decision_id, chosen_framework, recorded_hour) \
         SELECT decision_id, CASE WHEN abs(hashtext(decision_id::text)) % 10 < 7 THEN top_framework \
         WHEN top_framework = 'flask' THEN 'django' ELSE 'flask' END, decided_hour \
         FROM decisions WHERE abs(hashtext(decision_id::text || 'o')) % 10 < 3"
            .to_string(),
        "INSERT INTO outcome_days (day, client_name, catalog_version, recommended, chosen, decisions) \
         SELECT (d.decided_hour AT TIME ZONE 'UTC')::date, coalesce(d.client_name, ''), d.catalog_version, \
                d.top_framework, o.chosen_framework, count(*) \
         FROM decision_outcomes o JOIN decisions d USING (decision_id) GROUP BY 1, 2, 3, 4, 5"
            .to_string(),
        "VACUUM ANALYZE".to_string(),
    ] {
        sqlx::query(sqlx::AssertSqlSafe(sql)).execute(pool).await?;
    }
    eprintln!("generated {n} decisions in {:.1?}", started.elapsed());
    Ok(())
}

async fn run() -> anyhow::Result<bool> {
    let url = std::env::var("BENCH_DATABASE_URL").unwrap_or_else(|_| DEFAULT_URL.to_string());
    let opts: PgConnectOptions = url.parse().context("BENCH_DATABASE_URL")?;
    if opts.get_database() == Some("postgres") {
        bail!(
            "BENCH_DATABASE_URL names the maintenance database `postgres`; give the bench its own"
        );
    }
    let n: usize = env_or("DASHBOARD_DECISIONS", 1_000_000)?;
    let rounds: usize = env_or("DASHBOARD_ROUNDS", 15)?;
    let pool = connect(&opts).await?;
    prepare(&pool, n).await?;
    for (table, what) in [
        ("decision_days", "rows"),
        ("answer_days", "rows"),
        ("outcome_days", "rows"),
    ] {
        let rows: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
                .fetch_one(&pool)
                .await?;
        eprintln!("{table}: {rows} {what}");
    }

    let mut settings = Settings::for_tests();
    settings.analytics_token = Some(TOKEN.into());
    settings.min_group_size = 5;
    let services = build_services_with(&settings, Some(Database::from_pool(pool.clone())))?;
    let svc = actix_web::test::init_service(app(services.state.clone(), vec![])).await;
    let document = dashboard_document()?;
    let catalog = Catalog::embedded()?;

    let base = json!({ "from": null, "to": null, "clientName": null, "catalogVersion": null,
                       "bucket": "WEEK", "criterionId": "admin_panel" });
    let with = |changes: Value| {
        let mut v = base.clone();
        for (k, x) in changes.as_object().into_iter().flatten() {
            v[k] = x.clone();
        }
        v
    };
    let mut cases: Vec<(String, Value)> = vec![
        ("whole log, weeks".into(), base.clone()),
        ("whole log, days".into(), with(json!({ "bucket": "DAY" }))),
        (
            "whole log, months".into(),
            with(json!({ "bucket": "MONTH" })),
        ),
        (
            "client backstage-prod, days".into(),
            with(json!({ "clientName": "backstage-prod", "bucket": "DAY" })),
        ),
        (
            "older catalog version, weeks".into(),
            with(json!({ "catalogVersion": OLDER })),
        ),
        (
            "last 4 weeks, portal-a, days".into(),
            with(
                json!({ "from": "2026-10-26T00:00:00Z", "to": "2026-11-26T00:00:00Z", "clientName": "portal-a", "bucket": "DAY" }),
            ),
        ),
    ];
    for c in &catalog.criteria {
        cases.push((
            format!("question {}, weeks", c.id),
            with(json!({ "criterionId": c.id })),
        ));
    }

    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    eprintln!(
        "load average before: {}",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    let mut all_ok = true;
    println!("| Query ({rounds} rounds) | median | 90th percentile | slowest |");
    println!("|---|---:|---:|---:|");
    for (name, variables) in &cases {
        let mut times = Vec::with_capacity(rounds);
        for round in 0..rounds + 2 {
            let req = actix_web::test::TestRequest::post()
                .uri("/graphql")
                .insert_header(("authorization", format!("Bearer {TOKEN}")))
                .set_json(json!({ "query": document, "variables": variables }))
                .to_request();
            let started = Instant::now();
            let body: Value = actix_web::test::call_and_read_body_json(&svc, req).await;
            let took = started.elapsed();
            if let Some(errors) = body.get("errors") {
                bail!("{name}: {errors}");
            }
            if round >= 2 {
                times.push(took);
            }
        }
        times.sort();
        let at = |q: usize| times[(times.len() * q / 100).min(times.len() - 1)];
        let (median, p90, slowest) = (at(50), at(90), times[times.len() - 1]);
        let ok = p90 < TARGET;
        all_ok &= ok;
        let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1e3);
        println!(
            "| {name} | {} | {}{} | {} |",
            ms(median),
            ms(p90),
            if ok { "" } else { " **over 200 ms**" },
            ms(slowest)
        );
    }
    Ok(all_ok)
}
