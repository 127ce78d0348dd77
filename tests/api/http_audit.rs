//! End-to-end conformance: the `graphql-http` server audit (the reference checks of the
//! GraphQL-over-HTTP specification) run against the real service over TCP. Every item must
//! pass, MUST, SHOULD and MAY alike; a failure prints the audit's reasons.
//!
//! Needs Node.js and npm on the PATH. The audit package is pinned by
//! `tests/audit/package-lock.json` and installed with `npm ci` on first use (network
//! access needed once); without npm the test fails rather than silently skipping.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use framework_matrix::config::Settings;
use framework_matrix::startup::Application;

/// The audit sends about sixty small requests; this only guards against a hang.
const AUDIT_DEADLINE: Duration = Duration::from_secs(120);

fn audit_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("audit")
}

/// Installs the audit's npm packages unless the installed tree already matches the lockfile
/// (npm writes `node_modules/.package-lock.json` when it installs).
fn ensure_audit_installed() {
    let dir = audit_dir();
    let lockfile = dir.join("package-lock.json");
    let installed = dir.join("node_modules").join(".package-lock.json");
    let up_to_date = match (modified(&lockfile), modified(&installed)) {
        (Some(lock), Some(inst)) => {
            inst >= lock && dir.join("node_modules/graphql-http/package.json").exists()
        }
        _ => false,
    };
    if up_to_date {
        return;
    }
    let subcommand = if lockfile.exists() { "ci" } else { "install" };
    let status = Command::new("npm")
        .args([subcommand, "--no-audit", "--no-fund"])
        .current_dir(&dir)
        .status()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run `npm {subcommand}` in {}: {e}. Install Node.js (with npm) to run the \
                 GraphQL-over-HTTP audit.",
                dir.display()
            )
        });
    assert!(
        status.success(),
        "`npm {subcommand}` in {} failed with {status}",
        dir.display()
    );
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Runs `node audit.mjs <url>`; returns whether it succeeded and everything it printed.
/// Output goes to temporary files rather than pipes so that a hung audit can be killed
/// without a reader thread, and a chatty one cannot block on a full pipe.
async fn run_audit(url: &str) -> (bool, String) {
    let stdout = tempfile::tempfile().expect("can create a temporary file");
    let stderr = tempfile::tempfile().expect("can create a temporary file");
    let mut child = Command::new("node")
        .arg(audit_dir().join("audit.mjs"))
        .arg(url)
        .stdin(Stdio::null())
        .stdout(stdout.try_clone().expect("can clone a file handle"))
        .stderr(stderr.try_clone().expect("can clone a file handle"))
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot run `node`: {e}. Install Node.js to run the GraphQL-over-HTTP audit.")
        });

    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("can poll the audit process") {
            break Some(status);
        }
        if started.elapsed() > AUDIT_DEADLINE {
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
            format!("{output}\nthe audit did not finish within {AUDIT_DEADLINE:?}"),
        ),
    }
}

fn read_all(mut file: File) -> String {
    use std::io::{Read, Seek, SeekFrom};
    let mut text = String::new();
    file.seek(SeekFrom::Start(0))
        .expect("can rewind a temporary file");
    file.read_to_string(&mut text)
        .expect("the audit prints UTF-8");
    text
}

#[tokio::test(flavor = "multi_thread")]
async fn the_graphql_endpoint_passes_every_item_of_the_graphql_http_audit() {
    // Rethrow the setup's own panic, so that its message ("install Node.js") is the failure.
    if let Err(e) = tokio::task::spawn_blocking(ensure_audit_installed).await {
        std::panic::resume_unwind(e.into_panic());
    }

    let app = Application::build(Settings::for_tests())
        .await
        .expect("the service starts");
    let port = app.port();
    tokio::spawn(app.run_until_stopped());

    let (passed, output) = run_audit(&format!("http://127.0.0.1:{port}/graphql")).await;
    println!("{output}");
    assert!(
        passed,
        "the graphql-http audit reported items that are not ok:\n{output}"
    );
}
