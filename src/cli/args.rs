//! The command-line arguments of the catalog tools (`catalog check`, `catalog diff`,
//! `replay`), as clap types that `config::Command` embeds. Only argument shapes live here:
//! no I/O, and nothing from `config`, so that `config` can use these without a cycle.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Subcommand, ValueEnum};

use crate::domain::ClientName;

#[derive(Debug, Clone, Subcommand)]
pub enum CatalogCommand {
    /// Validate a catalog directory exactly as the server does at start-up, and list every
    /// problem (file, entry, field).
    ///
    /// Needs no database and no network. Exit status: 0 when the catalog is valid (a
    /// summary is printed), 1 when it is not (every problem is printed, one per line).
    Check(CheckArgs),
    /// Show what changed between two catalog directories, in words a reviewer can read.
    ///
    /// Lists frameworks added, removed and renamed; questions and options added, removed
    /// and relabelled; scoring rules added, removed, rescored (old -> new, with the
    /// rationale) and reworded; takeaways, comparison traits, FAQs and glossary entries
    /// added, removed and changed. Exit status: 0 whatever the differences (it is a
    /// report), 2 when either catalog cannot be read or is invalid.
    Diff(DiffArgs),
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// The catalog directory (the seven files of `catalog/`).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct DiffArgs {
    /// The catalog in service now.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The candidate catalog.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Output format. The JSON shape is documented in the README ("Changing the catalog").
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Re-score logged decisions under a candidate catalog (reads DATABASE_URL).
///
/// Reports how many decisions of the period were replayed, how many top picks would
/// change, the before -> after matrix by framework, and the decisions the candidate can no
/// longer read, grouped by reason. "Before" is the top pick stored with each decision;
/// "after" is the engine's top pick under the candidate for the stored answers, weights and
/// language filter (ties for first: framework id, alphabetically, as always).
///
/// Reads the log from DATABASE_URL and applies the analytics' privacy rules: whole UTC
/// weeks, weeks with fewer than MIN_GROUP_SIZE (default 5) decisions left out, counts below
/// it hidden. Give either flag before `replay` (`framework-matrix --min-group-size 10
/// replay ...`). Exit status: 0 with a report, 1 when the database fails, 2 when the catalog
/// or the arguments are invalid.
#[derive(Debug, Clone, Args)]
pub struct ReplayArgs {
    /// The candidate catalog directory.
    #[arg(long, value_name = "DIR")]
    pub catalog: PathBuf,
    /// Only decisions made at or after this time (RFC 3339, or a date for its midnight UTC),
    /// moved back to the Monday of its week, as in the analytics.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub from: Option<DateTime<Utc>>,
    /// Only decisions made before this time (exclusive; RFC 3339 or a date), moved forward
    /// to the next Monday unless it is one.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub to: Option<DateTime<Utc>>,
    /// Only decisions sent with this `X-Client-Name`.
    #[arg(long, value_name = "NAME", value_parser = parse_client)]
    pub client: Option<ClientName>,
    /// Output format. The JSON shape is documented in the README ("Changing the catalog").
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// RFC 3339 (`2026-11-01T00:00:00Z`), or a date (`2026-11-01`) meaning its midnight UTC.
fn parse_time(s: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc())
        .map_err(|_| {
            format!(
                "{s:?} is neither an RFC 3339 time (2026-11-01T00:00:00Z) nor a date (2026-11-01)"
            )
        })
}

fn parse_client(s: &str) -> Result<ClientName, String> {
    ClientName::parse(s).ok_or_else(|| {
        format!("{s:?} is not a client name (1 to 40 of a-z, 0-9 and '-', as X-Client-Name)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rfc3339_or_a_date_at_midnight_utc() {
        assert_eq!(
            parse_time("2026-11-01").unwrap().to_rfc3339(),
            "2026-11-01T00:00:00+00:00"
        );
        assert_eq!(
            parse_time("2026-11-01T10:00:00+01:00")
                .unwrap()
                .to_rfc3339(),
            "2026-11-01T09:00:00+00:00"
        );
        assert!(parse_time("yesterday").is_err());
    }
}
