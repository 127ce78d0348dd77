use clap::Parser;
use framework_matrix::config::{Command, Settings};
use framework_matrix::startup::Application;
use framework_matrix::{store, telemetry};
use secrecy::ExposeSecret;

// jemalloc, not glibc's malloc: async-graphql allocates for every resolved field, and under
// load glibc's allocator took a fifth of the service's CPU (BENCHMARKS.md, F4).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let settings = Settings::parse();
    telemetry::init(settings.log_format, &settings.rust_log);
    match settings.command {
        Some(Command::Migrate) => {
            let url = settings
                .database_url
                .as_ref()
                .map(ExposeSecret::expose_secret);
            store::migrate_and_exit(url).await
        }
        Some(Command::Serve) | None => {
            Application::build(settings)
                .await?
                .run_until_stopped()
                .await
        }
    }
}
