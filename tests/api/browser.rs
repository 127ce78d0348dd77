//! The web pages in a real browser: `tests/browser/run.mjs` drives headless Chromium
//! (Debian's `chromium`, through `playwright-core`) against the real binary over TCP, with
//! a throwaway PostgreSQL database, and injects axe-core in each state. This module starts
//! the services, runs the script, and checks in the database the decisions the browser
//! made. Screenshots go to `<target dir>/screenshots/`.
//!
//! Needs Node.js with npm, and Chromium at `/usr/bin/chromium` (or `$CHROMIUM`). The npm
//! packages are pinned by `tests/browser/package-lock.json` and installed with `npm ci` on
//! first use. Without Node.js or Chromium the test fails, saying how to install them: a
//! skipped browser test would pass CI with the page untested.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use framework_matrix::store::MIGRATOR;
use sqlx::PgPool;

use crate::helpers::node;
use crate::helpers::process::Server;

/// The whole run takes about 40 s on two idle cores; this only guards against a hang.
const DEADLINE: Duration = Duration::from_secs(300);
/// A source for FRAME_ANCESTORS that the script's stand-in portal matches (and its other
/// stand-in, on 127.0.0.1, does not).
const PORTAL_SOURCE: &str = "http://localhost:*";

const PURPOSE: &str = "for the browser tests";

pub fn chromium() -> PathBuf {
    let path = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    assert!(
        path.exists(),
        "Chromium is not installed at {}: the browser tests need it. On Debian or Ubuntu: \
         `apt-get install -y chromium` (or set CHROMIUM to a Chromium binary).",
        path.display()
    );
    path
}

/// `<target dir>/screenshots`, next to the `tmp` folder cargo gives integration tests.
pub fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target tmp dir has a parent")
        .join("screenshots")
}

/// The stored decision's client label and reported outcome. An acknowledged decision is
/// durable, but may sit in the spool for a moment before it reaches the table.
async fn stored(pool: &PgPool, id: uuid::Uuid) -> (Option<String>, Option<String>) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let row: Option<(Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT d.client_name, o.chosen_framework FROM decisions d \
             LEFT JOIN decision_outcomes o USING (decision_id) WHERE d.decision_id = $1",
        )
        .bind(id)
        .fetch_optional(pool)
        .await
        .unwrap();
        match row {
            Some(row) => return row,
            None if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            None => panic!("decision {id} was acknowledged but is not stored"),
        }
    }
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn the_page_works_in_a_real_browser_from_questions_to_recorded_outcome(pool: PgPool) {
    let chromium = chromium();
    let dir = node::tests_dir("browser");
    node::install(
        dir.clone(),
        &["playwright-core/package.json", "axe-core/axe.min.js"],
        PURPOSE,
    )
    .await;

    let url = crate::helpers::database_url(&pool);
    let spools = tempfile::tempdir().unwrap();
    let frame_ancestors = format!("'self',{PORTAL_SOURCE}");
    let server = Server::start(
        &url,
        &spools.path().join("with-db"),
        &[("FRAME_ANCESTORS", frame_ancestors.as_str())],
    )
    .await;
    server.wait_ready("ready").await;
    // The same page without a database: submitting answers DECISION_NOT_RECORDED.
    let without_db = Server::start("", &spools.path().join("without-db"), &[]).await;

    let mut script = Command::new("node");
    script
        .arg(dir.join("run.mjs"))
        .arg(format!("http://127.0.0.1:{}/", server.port))
        .env(
            "NO_DB_URL",
            format!("http://127.0.0.1:{}/", without_db.port),
        )
        .env("SCREENSHOT_DIR", screenshot_dir())
        .env("PORTAL_SOURCE", PORTAL_SOURCE)
        .env("CHROMIUM", &chromium)
        .current_dir(&dir);
    let (passed, output) = node::run(script, DEADLINE, PURPOSE).await;
    println!("{output}");
    assert!(passed, "the browser tests failed:\n{output}");

    // Every decision the browser saw acknowledged is stored, with its label and outcome.
    let decisions: Vec<(&str, &str, &str)> = output
        .lines()
        .filter_map(|l| l.strip_prefix("DECISION "))
        .filter_map(|l| {
            let mut parts = l.split(' ');
            Some((parts.next()?, parts.next()?, parts.next()?))
        })
        .collect();
    assert_eq!(decisions.len(), 2, "two decisions were recorded:\n{output}");
    for (id, chosen, client) in decisions {
        let id = uuid::Uuid::parse_str(id).expect("a decision id is a UUID");
        let (client_name, outcome) = stored(&pool, id).await;
        assert_eq!(client_name.as_deref(), Some(client));
        assert_eq!(outcome.as_deref(), Some(chosen), "outcome of {id}");
    }
    drop(without_db);
    drop(server);
}
