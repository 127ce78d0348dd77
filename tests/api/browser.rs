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

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use framework_matrix::store::MIGRATOR;
use sqlx::PgPool;

use crate::helpers::process::Server;

/// The whole run takes about 40 s on two idle cores; this only guards against a hang.
const DEADLINE: Duration = Duration::from_secs(300);
/// A source for FRAME_ANCESTORS that the script's stand-in portal matches (and its other
/// stand-in, on 127.0.0.1, does not).
const PORTAL_SOURCE: &str = "http://localhost:*";

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("browser")
}

fn chromium() -> PathBuf {
    let path = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(
        path.exists(),
        "Chromium is not installed at {}: the browser tests need it. On Debian or Ubuntu: \
         `apt-get install -y chromium` (or set CHROMIUM to a Chromium binary).",
        path.display()
    );
    path
}

/// `npm ci` unless `node_modules` already matches the lockfile.
fn ensure_installed() {
    let dir = browser_dir();
    let lockfile = dir.join("package-lock.json");
    let installed = dir.join("node_modules").join(".package-lock.json");
    let up_to_date = matches!(
        (modified(&lockfile), modified(&installed)),
        (Some(lock), Some(inst)) if inst >= lock
            && dir.join("node_modules/playwright-core/package.json").exists()
            && dir.join("node_modules/axe-core/axe.min.js").exists()
    );
    if up_to_date {
        return;
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&dir)
        .status()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run `npm ci` in {}: {e}. The browser tests need Node.js with npm: \
                 `apt-get install -y nodejs npm`.",
                dir.display()
            )
        });
    assert!(
        status.success(),
        "`npm ci` in {} failed with {status}",
        dir.display()
    );
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// `<target dir>/screenshots`, next to the `tmp` folder cargo gives integration tests.
fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target tmp dir has a parent")
        .join("screenshots")
}

/// Runs the script; returns whether it passed and everything it printed. Output goes to
/// temporary files (no pipe to fill, nothing to drain when it has to be killed).
async fn run_script(url: &str, no_db_url: &str, chromium: &Path) -> (bool, String) {
    let stdout = tempfile::tempfile().expect("can create a temporary file");
    let stderr = tempfile::tempfile().expect("can create a temporary file");
    let mut child = Command::new("node")
        .arg(browser_dir().join("run.mjs"))
        .arg(url)
        .env("NO_DB_URL", no_db_url)
        .env("SCREENSHOT_DIR", screenshot_dir())
        .env("PORTAL_SOURCE", PORTAL_SOURCE)
        .env("CHROMIUM", chromium)
        .current_dir(browser_dir())
        .stdin(Stdio::null())
        .stdout(stdout.try_clone().expect("can clone a file handle"))
        .stderr(stderr.try_clone().expect("can clone a file handle"))
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot run `node`: {e}. The browser tests need Node.js: `apt-get install -y nodejs npm`.")
        });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("can poll the node process") {
            break Some(status);
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let mut output = read_all(stdout);
    let err = read_all(stderr);
    if !err.is_empty() {
        output.push_str("\n--- stderr ---\n");
        output.push_str(&err);
    }
    match status {
        Some(status) => (status.success(), output),
        None => (false, format!("{output}\nnot finished within {DEADLINE:?}")),
    }
}

fn read_all(mut file: File) -> String {
    use std::io::{Read, Seek, SeekFrom};
    let mut text = String::new();
    file.seek(SeekFrom::Start(0))
        .expect("can rewind a temporary file");
    file.read_to_string(&mut text)
        .expect("the script prints UTF-8");
    text
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
    // Rethrow the setup's own panic, so that its message ("install Node.js") is the failure.
    if let Err(e) = tokio::task::spawn_blocking(ensure_installed).await {
        std::panic::resume_unwind(e.into_panic());
    }

    let db = pool.connect_options().get_database().unwrap().to_string();
    let url = format!("postgres://postgres@127.0.0.1:5432/{db}");
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

    let (passed, output) = run_script(
        &format!("http://127.0.0.1:{}/", server.port),
        &format!("http://127.0.0.1:{}/", without_db.port),
        &chromium,
    )
    .await;
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
