//! The catalog tools through the real binary: `catalog check` (every problem named, exit
//! status), `catalog diff` (text and JSON for hand-made pairs) and `replay` (decisions
//! logged under one catalog, replayed under another, small groups hidden).

mod check;
mod diff;
mod fixture;
mod replay;

use std::process::Command;

/// What the binary printed and how it exited.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `framework-matrix` with `args`, a clean environment plus `env`.
pub fn run(args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_framework-matrix"))
        .env_clear()
        .envs(env.iter().copied())
        .args(args)
        .output()
        .expect("the binary runs");
    Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}
