//! The decisions dashboard (`/analytics`, issue 12) in a real browser:
//! `tests/browser/dashboard.mjs` drives headless Chromium against the real binary over TCP
//! with a throwaway PostgreSQL database, seeded here with a few hundred decisions and
//! outcomes from three clients across two catalog versions. The script compares what the
//! page shows (tables, CSV downloads) with `decisionStats`, checks the token handling,
//! the filters, the keyboard, and runs axe-core. Screenshots go to
//! `<target dir>/screenshots/`. Same prerequisites as `browser.rs` (Node.js, Chromium).

use std::process::Command;
use std::time::Duration;

use chrono::Duration as Span;
use framework_matrix::store::MIGRATOR;
use sqlx::PgPool;

use crate::helpers::node;
use crate::helpers::process::Server;
use crate::helpers::seed::{Group, monday, seed};

const DEADLINE: Duration = Duration::from_secs(240);
const PURPOSE: &str = "for the browser tests";
const TOKEN: &str = "dashboard-browser-token";
const OLD: &str = "sha256-0ld0ca7a1095e000";

/// Three weeks of three clients: portal-a on the current catalog, portal-b on an older
/// one, portal-c with one large week and one small one (which counts nowhere).
async fn seed_log(pool: &PgPool) -> usize {
    let mut groups = Vec::new();
    for w in 1..=3u64 {
        let at = |h: i64| monday(w) + Span::hours(h);
        groups.extend([
            Group::new(30, at(10), "django")
                .client("portal-a")
                .answer("admin_panel", "yes")
                .chose("django", 18),
            Group::new(6, at(11), "django")
                .client("portal-a")
                .answer("admin_panel", "yes")
                .chose("flask", 6),
            Group::new(12, at(35), "fastapi")
                .client("portal-a")
                .answer("admin_panel", "no")
                .chose("fastapi", 7),
            Group::new(9, at(60), "express")
                .client("portal-a")
                .chose("express", 5),
            Group::new(2, at(61), "gin")
                .client("portal-a")
                .chose("echo", 2),
            Group::new(14, at(12), "flask")
                .client("portal-b")
                .version(OLD)
                .answer("admin_panel", "yes")
                .chose("flask", 9),
            Group::new(7, at(80), "gin")
                .client("portal-b")
                .version(OLD)
                .answer("admin_panel", "no"),
            Group::new(3, at(81), "echo")
                .client("portal-b")
                .version(OLD),
        ]);
    }
    groups.push(Group::new(8, monday(1) + Span::hours(20), "nestjs").client("portal-c"));
    groups.push(Group::new(2, monday(2) + Span::hours(20), "nestjs").client("portal-c"));
    seed(pool, &groups).await;
    groups.iter().map(|g| g.n).sum()
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn the_dashboard_shows_the_analytics_with_small_groups_hidden(pool: PgPool) {
    let chromium = super::browser::chromium();
    let dir = node::tests_dir("browser");
    node::install(
        dir.clone(),
        &["playwright-core/package.json", "axe-core/axe.min.js"],
        PURPOSE,
    )
    .await;
    let seeded = seed_log(&pool).await;
    assert!(seeded >= 250, "a few hundred decisions: {seeded}");

    let url = crate::helpers::database_url(&pool);
    let spool = tempfile::tempdir().unwrap();
    let server = Server::start(
        &url,
        spool.path(),
        &[("ANALYTICS_TOKEN", TOKEN), ("MIN_GROUP_SIZE", "5")],
    )
    .await;
    server.wait_ready("ready").await;

    let mut script = Command::new("node");
    script
        .arg(dir.join("dashboard.mjs"))
        .arg(format!("http://127.0.0.1:{}/", server.port))
        .env("TOKEN", TOKEN)
        .env("SCREENSHOT_DIR", super::browser::screenshot_dir())
        .env("CHROMIUM", &chromium)
        .current_dir(&dir);
    let (passed, output) = node::run(script, DEADLINE, PURPOSE).await;
    println!("{output}");
    assert!(passed, "the dashboard's browser tests failed:\n{output}");
    // The token was sent in a header only: the service never logged it.
    assert!(
        server.logs().iter().all(|l| !l.contains(TOKEN)),
        "the token appears in the logs"
    );
    drop(server);
    // The killed server's backends end a moment after it does; wait for them, so that the
    // setup of a later test can drop this database.
    for _ in 0..100 {
        let others: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        if others < i64::from(pool.size()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
