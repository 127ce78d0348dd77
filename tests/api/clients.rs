//! Client compatibility (issue 16): the mainstream GraphQL clients, set up as their docs
//! say (Apollo Client with InMemoryCache, urql with graphcache and with its document cache,
//! Relay with compiled artifacts and the default store, graphql-request, graphql-hooks),
//! run against the real binary over TCP by `tests/clients/run.mjs`. Catalog data read back
//! from each normalized cache must equal the server's JSON; previews, submissions, outcomes,
//! error codes, APQ, batching, HTTP caching (ETag, 304, Vary, gzip), CORS for Apollo's
//! client-awareness headers, result field order and the schema's descriptions are checked
//! too. Then the decisions each client submitted are looked up in PostgreSQL: each must be
//! stored under the client name it sent (`X-Client-Name`, or Apollo's
//! `apollographql-client-name`), with its reported outcome.
//!
//! Needs Node.js and npm on the PATH. The suite's packages are pinned by
//! `tests/clients/package-lock.json` and installed with `npm ci` on first use (network
//! access needed once); without Node the test fails rather than silently skipping.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::process::Server;
use framework_matrix::store::MIGRATOR;
use serde_json::Value;
use sqlx::PgPool;

/// The suite takes a few seconds; this only guards against a hang.
const SUITE_DEADLINE: Duration = Duration::from_secs(180);
const ANALYTICS_TOKEN: &str = "clients-suite-analytics-token";
const ORIGIN: &str = "http://portal.example";

/// The client name each submission must be stored under, one per way of sending it.
const EXPECTED_CLIENT_NAMES: &[&str] = &[
    // Apollo Client's `clientAwareness: { name }` (the apollographql-client-name header).
    "apollo-client",
    // X-Client-Name, set in each client's own way.
    "urql-client",
    "relay-client",
    "graphql-request",
    "graphql-hooks",
    // Plain HTTP: apollographql-client-name alone, and both headers (X-Client-Name wins).
    "plain-apollo-header",
    "plain-x-client-name",
];

fn clients_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("clients")
}

/// Installs the suite's npm packages unless the installed tree already matches the lockfile
/// (npm writes `node_modules/.package-lock.json` when it installs).
fn ensure_suite_installed() {
    let dir = clients_dir();
    let lockfile = dir.join("package-lock.json");
    let installed = dir.join("node_modules").join(".package-lock.json");
    let up_to_date = match (modified(&lockfile), modified(&installed)) {
        (Some(lock), Some(inst)) => {
            inst >= lock
                && dir
                    .join("node_modules/@apollo/client/package.json")
                    .exists()
        }
        _ => false,
    };
    if up_to_date {
        return;
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&dir)
        .status()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run `npm ci` in {}: {e}. Install Node.js (with npm) to run the \
                 client-compatibility suite.",
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

/// Runs `node run.mjs <url> --decisions <file>`; returns whether every check passed and
/// everything it printed. Output goes to temporary files rather than pipes, so that a hung
/// suite can be killed without a reader thread.
async fn run_suite(base_url: &str, decisions: &Path) -> (bool, String) {
    let stdout = tempfile::tempfile().expect("can create a temporary file");
    let stderr = tempfile::tempfile().expect("can create a temporary file");
    let mut child = Command::new("node")
        .arg(clients_dir().join("run.mjs"))
        .arg(base_url)
        .arg("--decisions")
        .arg(decisions)
        .env("ANALYTICS_TOKEN", ANALYTICS_TOKEN)
        .env("CORS_ORIGIN", ORIGIN)
        .stdin(Stdio::null())
        .stdout(stdout.try_clone().expect("can clone a file handle"))
        .stderr(stderr.try_clone().expect("can clone a file handle"))
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot run `node`: {e}. Install Node.js to run the client-compatibility suite.")
        });

    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("can poll the suite's process") {
            break Some(status);
        }
        if started.elapsed() > SUITE_DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };

    let mut output = read_all(stdout);
    let err = read_all(stderr);
    if !err.is_empty() {
        output.push_str("\n--- stderr ---\n");
        output.push_str(&err);
    }
    match status {
        Some(status) => (status.success(), output),
        None => (
            false,
            format!("{output}\nthe suite did not finish within {SUITE_DEADLINE:?}"),
        ),
    }
}

fn read_all(mut file: File) -> String {
    use std::io::{Read, Seek, SeekFrom};
    let mut text = String::new();
    file.seek(SeekFrom::Start(0))
        .expect("can rewind a temporary file");
    file.read_to_string(&mut text)
        .expect("the suite prints UTF-8");
    text
}

/// What PostgreSQL holds for each client name the suite had to submit under; one line per
/// problem.
async fn stored_decision_problems(pool: &PgPool, decisions: &[Value]) -> Vec<String> {
    let mut problems = Vec::new();
    for &name in EXPECTED_CLIENT_NAMES {
        let Some(d) = decisions.iter().find(|d| d["clientName"] == name) else {
            problems.push(format!(
                "{name}: the suite reports no acknowledged submission under this name"
            ));
            continue;
        };
        let label = d["label"].as_str().unwrap_or("?");
        let Some(id) = d["decisionId"]
            .as_str()
            .and_then(|s| uuid::Uuid::parse_str(s).ok())
        else {
            problems.push(format!("{label}: not a decision id: {}", d["decisionId"]));
            continue;
        };
        let stored: Option<Option<String>> =
            sqlx::query_scalar("SELECT client_name FROM decisions WHERE decision_id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await
                .expect("can read the decisions table");
        match stored {
            None => problems.push(format!("{label}: decision {id} is not stored")),
            Some(stored) if stored.as_deref() != Some(name) => problems.push(format!(
                "{label}: decision {id} is stored with client_name {stored:?}, expected {name:?}"
            )),
            Some(_) => {}
        }
        if let Some(chosen) = d["chosenFrameworkId"].as_str() {
            let outcome: Option<String> = sqlx::query_scalar(
                "SELECT chosen_framework FROM decision_outcomes WHERE decision_id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await
            .expect("can read the decision_outcomes table");
            if outcome.as_deref() != Some(chosen) {
                problems.push(format!(
                    "{label}: the outcome of decision {id} is {outcome:?}, expected {chosen:?}"
                ));
            }
        }
    }
    problems
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn mainstream_graphql_clients_show_exactly_what_the_server_sent(pool: PgPool) {
    // Rethrow the setup's own panic, so that its message ("install Node.js") is the failure.
    if let Err(e) = tokio::task::spawn_blocking(ensure_suite_installed).await {
        std::panic::resume_unwind(e.into_panic());
    }

    let options = pool.connect_options();
    let database_url = format!(
        "postgres://{}@{}:{}/{}",
        options.get_username(),
        options.get_host(),
        options.get_port(),
        options.get_database().expect("test database name")
    );
    let spool = tempfile::tempdir().expect("can create a spool directory");
    let server = Server::start(
        &database_url,
        spool.path(),
        &[
            ("ANALYTICS_TOKEN", ANALYTICS_TOKEN),
            ("CORS_ALLOWED_ORIGINS", ORIGIN),
        ],
    )
    .await;
    server.wait_ready("ready").await;

    let decisions_file = tempfile::NamedTempFile::new().expect("can create a temporary file");
    let (passed, output) = run_suite(
        &format!("http://127.0.0.1:{}", server.port),
        decisions_file.path(),
    )
    .await;
    println!("{output}");

    let decisions: Vec<Value> = std::fs::read_to_string(decisions_file.path())
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    let problems = stored_decision_problems(&pool, &decisions).await;
    drop(server);

    assert!(
        passed && problems.is_empty(),
        "the client-compatibility suite found problems:\n{}{output}",
        if problems.is_empty() {
            String::new()
        } else {
            format!(
                "in PostgreSQL:\n  {}\n--- suite output ---\n",
                problems.join("\n  ")
            )
        }
    );
}
