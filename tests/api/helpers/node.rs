//! The Node.js tools the tests drive (the GraphQL-over-HTTP audit, the client suite, the
//! browser script): their npm packages, installed from the committed lockfile on first
//! use, and a script run under a deadline. Without Node.js the tests fail, saying what to
//! install: a skipped check would pass CI with the behaviour untested.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// `tests/<name>`, a folder with a `package.json` and a `package-lock.json`.
pub fn tests_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(name)
}

/// Runs `npm ci` in `dir` unless its `node_modules` already matches the lockfile (npm
/// writes `node_modules/.package-lock.json` when it installs) and holds every file of
/// `markers` (paths below `node_modules`). `purpose` ends the error messages ("to run the
/// browser tests"). Blocking: call it through `spawn_blocking` (see [`install`]).
fn ensure_installed(dir: &Path, markers: &[&str], purpose: &str) {
    // Several tests share one folder (tests/portal): one `npm ci` at a time, or two would
    // delete each other's node_modules. The later ones then find it installed.
    static INSTALLING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = INSTALLING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let lock = modified(&dir.join("package-lock.json"));
    let installed = modified(&dir.join("node_modules/.package-lock.json"));
    let up_to_date = matches!((lock, installed), (Some(lock), Some(inst)) if inst >= lock)
        && markers
            .iter()
            .all(|m| dir.join("node_modules").join(m).exists());
    if up_to_date {
        return;
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(dir)
        .status()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run `npm ci` in {}: {e}. Install Node.js with npm \
                 (`apt-get install -y nodejs npm`) {purpose}.",
                dir.display()
            )
        });
    assert!(
        status.success(),
        "`npm ci` in {} failed with {status}",
        dir.display()
    );
}

/// [`ensure_installed`] off the async runtime; its own panic ("install Node.js") is
/// rethrown as the test's failure.
pub async fn install(dir: PathBuf, markers: &'static [&'static str], purpose: &'static str) {
    let installed =
        tokio::task::spawn_blocking(move || ensure_installed(&dir, markers, purpose)).await;
    if let Err(e) = installed {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// Runs `node` as `command` describes (script, arguments, environment); returns whether it
/// exited with success and everything it printed (stdout, then stderr). Output goes to
/// temporary files rather than pipes, so that a hung script can be killed without a
/// reader thread and a chatty one cannot block on a full pipe.
pub async fn run(mut command: Command, deadline: Duration, purpose: &str) -> (bool, String) {
    let stdout = tempfile::tempfile().expect("can create a temporary file");
    let stderr = tempfile::tempfile().expect("can create a temporary file");
    let mut child = command
        .stdin(Stdio::null())
        .stdout(stdout.try_clone().expect("can clone a file handle"))
        .stderr(stderr.try_clone().expect("can clone a file handle"))
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot run `node`: {e}. Install Node.js (`apt-get install -y nodejs npm`) {purpose}.")
        });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("can poll the node process") {
            break Some(status);
        }
        if started.elapsed() > deadline {
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
        None => (false, format!("{output}\nnot finished within {deadline:?}")),
    }
}

fn read_all(mut file: File) -> String {
    use std::io::{Read, Seek, SeekFrom};
    let mut bytes = Vec::new();
    file.seek(SeekFrom::Start(0))
        .expect("can rewind a temporary file");
    file.read_to_end(&mut bytes)
        .expect("can read a temporary file");
    String::from_utf8_lossy(&bytes).into_owned()
}
