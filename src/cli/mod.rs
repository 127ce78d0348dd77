//! The command-line tools for changing the catalog safely: `catalog check`, `catalog diff`
//! and `replay` (README, "Changing the catalog"). Each prints its report on stdout (a
//! report is the product here, not a log line, so it is not `tracing` output), its errors
//! on stderr, and returns the exit status its `--help` documents.
//!
//! What the tools compute lives below: loading and validation in `catalog` (the server's
//! own loader), the comparison in `catalog::diff`, the re-scoring and suppression in
//! `replay`, the SQL in `store::replay`. This module only reads arguments, calls them and
//! writes what they return.

mod args;
mod check;
mod diff;
mod progress;
mod replay;

pub use args::{CatalogCommand, CheckArgs, DiffArgs, Format, ReplayArgs};

use std::io::Write as _;
use std::process::ExitCode;

/// `framework-matrix catalog ...`: no database, no network.
pub fn catalog(command: &CatalogCommand) -> ExitCode {
    match command {
        CatalogCommand::Check(args) => check::run(args),
        CatalogCommand::Diff(args) => diff::run(args),
    }
}

/// `framework-matrix replay ...`, reading `database_url` and hiding counts below
/// `min_group_size`.
pub async fn replay(
    args: &ReplayArgs,
    database_url: Option<&str>,
    min_group_size: u32,
) -> ExitCode {
    replay::run(args, database_url, min_group_size).await
}

/// Writes a report on stdout. A closed pipe (`| head`) is not an error worth a panic.
fn print(report: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(report.as_bytes()).and_then(|()| out.flush());
}

/// Exit status 2: the input cannot be used (unreadable or invalid catalog, bad arguments).
const INVALID_INPUT: u8 = 2;
