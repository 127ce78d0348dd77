use std::process::ExitCode;

use clap::Parser;
use framework_matrix::config::{Command, Settings};
use framework_matrix::startup::Application;
use framework_matrix::{cli, store, telemetry};
use secrecy::ExposeSecret;

// jemalloc, not glibc's malloc: async-graphql allocates for every resolved field, and under
// load glibc's allocator took a fifth of the service's CPU (BENCHMARKS.md, F4).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

// One thread for the main runtime: HTTP requests run on actix-web's own worker threads
// (one runtime each); what runs here is the decision writer, the spool drainer, probes and
// reloads, all waiting on I/O (disk work goes through `spawn_blocking`). A multi-threaded
// runtime added a second pool of threads that parked and woke each other around every
// commit: with one thread the service's CPU per submit fell by a tenth under `perf`
// (BENCHMARKS.md, "Issue 17, fourth round").
#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<ExitCode> {
    let settings = Settings::parse();
    let url = settings
        .database_url
        .as_ref()
        .map(ExposeSecret::expose_secret);
    match &settings.command {
        // The catalog tools print their report on stdout: logs go to stderr.
        Some(Command::Catalog(_) | Command::Replay(_)) => {
            telemetry::init_with_writer(settings.log_format, &settings.rust_log, std::io::stderr);
        }
        _ => telemetry::init(settings.log_format, &settings.rust_log),
    }
    match &settings.command {
        Some(Command::Migrate) => store::migrate_and_exit(url)
            .await
            .map(|()| ExitCode::SUCCESS),
        Some(Command::Catalog(command)) => Ok(cli::catalog(command)),
        Some(Command::Replay(args)) => Ok(cli::replay(args, url, settings.min_group_size).await),
        Some(Command::Serve) | None => Application::build(settings)
            .await?
            .run_until_stopped()
            .await
            .map(|()| ExitCode::SUCCESS),
    }
}
