//! Logging: one `tracing` subscriber for the whole process, text for people or JSON
//! (`LOG_FORMAT=json`) for log pipelines.
//!
//! What must never appear in a log line: client addresses, user agents, cookies, referrers,
//! client-supplied request ids, or free text from a request. The request span
//! (see `http::request_span`) records only server-side facts for that reason.

use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

/// Installs the global subscriber. Safe to call more than once (tests): later calls are
/// ignored.
pub fn init(format: LogFormat, filter: &str) {
    init_with_writer(format, filter, std::io::stdout);
}

/// As [`init`], writing to `writer` (tests capture the logs this way).
pub fn init_with_writer<W>(format: LogFormat, filter: &str, writer: W)
where
    W: for<'w> tracing_subscriber::fmt::MakeWriter<'w> + Send + Sync + 'static,
{
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|e| {
        eprintln!("invalid RUST_LOG filter {filter:?} ({e}); falling back to \"info\"");
        EnvFilter::new("info")
    });
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(true)
        .with_writer(writer);
    let _ = match format {
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

/// Displays an error followed by each of its sources: `a: b: c`. For logging an error
/// with its cause chain: anyhow's `{:#}` does this only for its own (owned) errors, and
/// tracing-subscriber's JSON formatter records only the top-level message.
pub struct Chain<'a>(pub &'a (dyn std::error::Error + 'static));

impl std::fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(s) = source {
            write!(f, ": {s}")?;
            source = s.source();
        }
        Ok(())
    }
}
