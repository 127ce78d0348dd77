use clap::Parser;
use framework_matrix::config::{Command, Settings};
use framework_matrix::startup::Application;
use framework_matrix::{store, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let settings = Settings::parse();
    telemetry::init(settings.log_format, &settings.rust_log);
    match settings.command {
        Some(Command::Migrate) => store::migrate_and_exit(&settings).await,
        Some(Command::Serve) | None => {
            Application::build(settings)
                .await?
                .run_until_stopped()
                .await
        }
    }
}
