//! `replay --catalog NEW [--from T] [--to T] [--client NAME] [--format text|json]`: streams
//! the decision log of the period from `DATABASE_URL` through a [`Replayer`] and prints the
//! report with small groups hidden.

use std::process::ExitCode;

use anyhow::Context as _;
use futures_util::TryStreamExt as _;

use super::progress::Progress;
use super::{Format, INVALID_INPUT, ReplayArgs, print};
use crate::catalog::Catalog;
use crate::privacy::Weeks;
use crate::replay::report::{Filter, Report};
use crate::replay::{Replayer, Tally};
use crate::store::replay::Period;
use crate::store::{Database, StoreError};

pub async fn run(args: &ReplayArgs, database_url: Option<&str>, k: u32) -> ExitCode {
    let path = args.catalog.display().to_string();
    let catalog = match Catalog::load_dir(&args.catalog) {
        Ok(c) => c,
        Err(problems) => {
            eprintln!("replay: the candidate catalog {path} is invalid: {problems}");
            return ExitCode::from(INVALID_INPUT);
        }
    };
    if let (Some(from), Some(to)) = (args.from, args.to)
        && from > to
    {
        eprintln!("replay: --from ({from}) is after --to ({to})");
        return ExitCode::from(INVALID_INPUT);
    }
    let Some(url) = database_url.filter(|u| !u.is_empty()) else {
        eprintln!("replay: needs DATABASE_URL (or --database-url): the decision log to replay");
        return ExitCode::from(INVALID_INPUT);
    };

    // Whole UTC weeks, as the analytics count them.
    let weeks = Weeks::snap(args.from, args.to);
    let midnight = |d: chrono::NaiveDate| d.and_time(chrono::NaiveTime::MIN).and_utc();
    let period = Period {
        from: weeks.from.map(midnight),
        to: weeks.to.map(midnight),
        client_name: args.client.as_ref().map(|c| c.as_str().to_string()),
    };
    let tally = match replay_log(url, &catalog, &period, k).await {
        Ok(tally) => tally,
        Err(e) => {
            // The context and the root cause: the layers between repeat one another.
            match e.chain().nth(1).map(|_| e.root_cause()) {
                Some(cause) => eprintln!("replay: {e}: {cause}"),
                None => eprintln!("replay: {e}"),
            }
            return ExitCode::FAILURE;
        }
    };
    let report = Report::new(
        &tally,
        &catalog,
        path,
        Filter {
            from: args.from,
            to: args.to,
            client: period.client_name,
        },
        weeks,
        k,
    );
    match args.format {
        Format::Text => print(&report.to_text()),
        Format::Json => print(&format!(
            "{}\n",
            serde_json::to_string_pretty(&report).expect("a report serializes")
        )),
    }
    ExitCode::SUCCESS
}

async fn replay_log(
    url: &str,
    catalog: &Catalog,
    period: &Period,
    k: u32,
) -> anyhow::Result<Tally> {
    let db = Database::connect_for_tool(url).await?;
    let show_progress = Progress::wanted();
    // Only for the percentage: a count is a second scan, not worth it without a terminal.
    let estimate = if show_progress {
        db.count_logged_decisions(period)
            .await
            .ok()
            .and_then(|n| u64::try_from(n).ok())
    } else {
        None
    };
    let mut progress = Progress::new(show_progress, estimate);
    let mut replayer = Replayer::new(catalog);
    let mut rows = std::pin::pin!(db.logged_decisions(period));
    let result = async {
        while let Some(decision) = rows.try_next().await? {
            replayer.replay(&decision);
            progress.tick();
        }
        Ok::<(), StoreError>(())
    }
    .await;
    progress.finish();
    result.context("reading the decision log")?;
    Ok(replayer.finish(u64::from(k)))
}
