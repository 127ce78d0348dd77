//! The Python tools the tests drive (Schemathesis): a virtualenv under the target
//! directory, installed from a committed, fully pinned `requirements.txt` on first use and
//! again whenever that file changes. Without `python3 -m venv` the tests fail, saying what
//! to install: a skipped check would pass CI with the behaviour untested.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// One installer at a time: two tests creating the same venv would corrupt it.
static INSTALLING: Mutex<()> = Mutex::new(());

/// The venv for `tests/<name>/requirements.txt`, created or refreshed as needed; returns
/// its `bin` folder. Blocking: call it through `spawn_blocking`.
pub fn venv(name: &str) -> PathBuf {
    let _one = INSTALLING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let requirements = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(name)
        .join("requirements.txt");
    let wanted = std::fs::read_to_string(&requirements)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", requirements.display()));
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-venv"));
    let bin = dir.join("bin");
    // The requirements the venv was installed from, written only after a successful install.
    let stamp = dir.join("installed-requirements.txt");
    if std::fs::read_to_string(&stamp).is_ok_and(|s| s == wanted) {
        return bin;
    }
    let _ = std::fs::remove_dir_all(&dir);
    let run = |cmd: &mut Command, what: &str| {
        let status = cmd
            .status()
            .unwrap_or_else(|e| panic!("cannot run {what}: {e}. Install Python 3 with venv (`apt-get install -y python3-venv`)."));
        assert!(status.success(), "{what} failed with {status}");
    };
    run(
        Command::new("python3").args(["-m", "venv"]).arg(&dir),
        "`python3 -m venv`",
    );
    run(
        Command::new(bin.join("pip"))
            .args(["install", "--quiet", "--disable-pip-version-check", "-r"])
            .arg(&requirements),
        "`pip install -r tests/schemathesis/requirements.txt`",
    );
    std::fs::write(&stamp, wanted).expect("can write the venv's stamp");
    bin
}
