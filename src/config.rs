//! Every setting the service reads, in one typed place. Each one is a command-line flag
//! with an environment-variable fallback; `framework-matrix --help` is the reference, and
//! the README's configuration table mirrors it. Secrets are never printed: they are
//! `SecretString`s, whose `Debug` says `[REDACTED]`, and `hide_env_values` keeps them out
//! of `--help`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};
use secrecy::SecretString;

#[derive(Debug, Clone, Parser)]
#[command(
    name = "framework-matrix",
    version,
    about = "Explained web-framework recommendations over GraphQL."
)]
pub struct Settings {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Address and port to listen on.
    #[arg(long, env = "LISTEN_ADDR", default_value = "127.0.0.1:8080")]
    pub listen_addr: SocketAddr,

    /// PostgreSQL URL for the decision log and analytics. Optional: without it the catalog
    /// and previews work, and submitted decisions are answered but not recorded.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<SecretString>,

    /// Apply migrations at start-up (in the background, never blocking it). Turn off where
    /// migrations run as a separate step (`framework-matrix migrate`), e.g. behind PgBouncer
    /// in transaction mode, which cannot hold the migration lock.
    #[arg(long, env = "MIGRATE_ON_START", default_value_t = true, action = clap::ArgAction::Set)]
    pub migrate_on_start: bool,

    /// Largest number of PostgreSQL connections the service opens for decisions and
    /// outcomes.
    #[arg(long, env = "DATABASE_MAX_CONNECTIONS", default_value_t = 8)]
    pub database_max_connections: u32,

    /// PostgreSQL connections reserved for analytics (a pool of their own, so aggregates
    /// never take the connections decisions are written with).
    #[arg(long, env = "ANALYTICS_MAX_CONNECTIONS", default_value_t = 2)]
    pub analytics_max_connections: u32,

    /// A directory with the catalog files (same names as `catalog/`), replacing the
    /// embedded catalog.
    #[arg(long, env = "CATALOG_PATH")]
    pub catalog_path: Option<PathBuf>,

    /// Reload the catalog when a file in `CATALOG_PATH` changes (SIGHUP always reloads).
    #[arg(long, env = "CATALOG_WATCH", default_value_t = false, action = clap::ArgAction::Set)]
    pub catalog_watch: bool,

    /// Log format.
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// Log filter, in tracing's EnvFilter syntax (e.g. `info,sqlx=warn`).
    #[arg(long = "log-filter", env = "RUST_LOG", default_value = "info")]
    pub rust_log: String,

    /// Bearer token that unlocks `decisionStats`. Unset: analytics are off.
    #[arg(long, env = "ANALYTICS_TOKEN", hide_env_values = true)]
    pub analytics_token: Option<SecretString>,

    /// Failed analytics logins (a wrong bearer token) allowed per client and minute; past
    /// it, `decisionStats` answers RATE_LIMITED until the minute is over.
    #[arg(long, env = "ANALYTICS_AUTH_FAILURES_PER_MINUTE", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
    pub analytics_auth_failures_per_minute: u32,

    /// A TOML file of client keys (`[[client]] name = "..." key_sha256 = "<hex>"`). When
    /// set, the client name recorded with a decision comes from the `X-Client-Key` a
    /// request carries, never from `X-Client-Name`; a request with an unknown key is
    /// refused (401). Unset: `X-Client-Name` is taken as the client says (self-asserted).
    #[arg(long, env = "CLIENT_KEYS_FILE")]
    pub client_keys_file: Option<PathBuf>,

    /// Accept `recordOutcome` without the outcome token `submitProfile` returned (the
    /// behaviour before tokens existed). Off: only the submitter can report an outcome.
    #[arg(long, env = "RECORD_OUTCOME_WITHOUT_TOKEN", default_value_t = false, action = clap::ArgAction::Set)]
    pub record_outcome_without_token: bool,

    /// Counts below this are suppressed (returned as null) in analytics and BI views.
    #[arg(long, env = "MIN_GROUP_SIZE", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    pub min_group_size: u32,

    /// Serve the introspection query (`__schema`, `__type`).
    #[arg(long, env = "INTROSPECTION", default_value_t = true, action = clap::ArgAction::Set)]
    pub introspection: bool,

    /// Serve the schema as an Apollo Federation v2 subgraph: `_service { sdl }` and
    /// `_entities`, with `Framework` an entity keyed by `id`. Off: the plain schema
    /// (`schema.graphql`), unchanged.
    #[arg(long, env = "FEDERATION", default_value_t = false, action = clap::ArgAction::Set)]
    pub federation: bool,

    #[command(flatten)]
    pub limits: Limits,

    /// Allowed browser origins for CORS, comma separated (e.g. `https://portal.example.com`).
    /// Empty: no cross-origin access.
    #[arg(
        long,
        env = "CORS_ALLOWED_ORIGINS",
        value_delimiter = ',',
        default_value = ""
    )]
    pub cors_allowed_origins: Vec<String>,

    /// Sites that may show the web pages (`/`, `/?embed=1`, GraphiQL) in a frame, comma
    /// separated CSP `frame-ancestors` sources (e.g. `'self',https://portal.example.com`).
    /// Empty: no site, not even this one.
    #[arg(
        long,
        env = "FRAME_ANCESTORS",
        value_delimiter = ',',
        default_value = "'self'",
        value_parser = frame_ancestor
    )]
    pub frame_ancestors: Vec<String>,

    /// Directory of the local decision spool (write-ahead log used while PostgreSQL is
    /// unreachable).
    #[arg(long, env = "SPOOL_DIR", default_value = "spool")]
    pub spool_dir: PathBuf,

    /// Largest size of the spool in bytes; beyond it decisions are answered but not recorded.
    #[arg(long, env = "SPOOL_MAX_BYTES", default_value_t = 256 * 1024 * 1024)]
    pub spool_max_bytes: u64,

    /// Seconds to finish in-flight requests and flush decisions after SIGTERM/SIGINT.
    #[arg(long, env = "SHUTDOWN_TIMEOUT_SECS", default_value_t = 20)]
    pub shutdown_timeout_secs: u64,

    /// HTTP worker threads (default: one per core).
    #[arg(long, env = "WORKERS")]
    pub workers: Option<usize>,
}

/// Request limits that protect the service from expensive or abusive requests. Every
/// limit applies to one HTTP request as a whole: the entries of a batch and the aliases
/// of a document share it.
#[derive(Debug, Clone, clap::Args)]
pub struct Limits {
    /// Largest accepted request body in bytes; larger bodies get 413 before parsing.
    #[arg(long, env = "MAX_BODY_BYTES", default_value_t = 256 * 1024)]
    pub max_body_bytes: usize,

    /// Slowest accepted body transfer, in bytes per second: a body must arrive within 2 s
    /// plus its length at this rate, or the request gets 408.
    #[arg(long, env = "MIN_BODY_BYTES_PER_SECOND", default_value_t = 64 * 1024, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub min_body_bytes_per_second: usize,

    /// Largest total size of the JSON variables of one request, in bytes (413 beyond).
    #[arg(long, env = "MAX_VARIABLES_BYTES", default_value_t = 64 * 1024)]
    pub max_variables_bytes: usize,

    /// Longest GraphQL document, in bytes (the standard introspection query has about 1,500).
    #[arg(long, env = "MAX_QUERY_BYTES", default_value_t = 32 * 1024)]
    pub max_query_bytes: usize,

    /// Most lexical tokens in one document, counted before it is parsed (the standard
    /// introspection query has about 300).
    #[arg(long, env = "MAX_QUERY_TOKENS", default_value_t = 5000)]
    pub max_query_tokens: usize,

    /// Deepest allowed selection nesting (the standard introspection query needs 13).
    #[arg(long, env = "MAX_QUERY_DEPTH", default_value_t = 16)]
    pub max_query_depth: usize,

    /// Largest cost of one request: each field costs 1 (a recommendation 25, each
    /// analytics figure 20) plus its selection once per item a list field can return;
    /// batch entries and aliases add up.
    #[arg(long, env = "MAX_QUERY_COMPLEXITY", default_value_t = 20_000)]
    pub max_query_complexity: u64,

    /// Most list items (values) the resolvers may produce for one request.
    #[arg(long, env = "MAX_RESOLVED_VALUES", default_value_t = 20_000)]
    pub max_resolved_values: u64,

    /// Bytes of serialized answers to pure operations (catalog reads, previews) kept to be
    /// served again; 0 turns the response cache off.
    #[arg(long, env = "RESPONSE_CACHE_BYTES", default_value_t = 16 * 1024 * 1024)]
    pub response_cache_bytes: usize,

    /// Largest response body in bytes; a larger result is replaced by RESPONSE_TOO_LARGE.
    #[arg(long, env = "MAX_RESPONSE_BYTES", default_value_t = 1024 * 1024)]
    pub max_response_bytes: usize,

    /// Most aliases allowed in one document.
    #[arg(long, env = "MAX_ALIASES", default_value_t = 30)]
    pub max_aliases: usize,

    /// Most directives allowed on one field.
    #[arg(long, env = "MAX_DIRECTIVES", default_value_t = 10)]
    pub max_directives: usize,

    /// Most operations in one batched request (a JSON array); 0 refuses batches.
    #[arg(long, env = "MAX_BATCH", default_value_t = 10)]
    pub max_batch: usize,

    /// Most decisions (`submitProfile` fields) one request may submit, over all its
    /// aliases and batch entries.
    #[arg(long, env = "MAX_DECISIONS_PER_REQUEST", default_value_t = 1)]
    pub max_decisions_per_request: u64,

    /// Requests per second allowed per client (token bucket); 0 turns rate limiting off.
    #[arg(long, env = "RATE_LIMIT_PER_SECOND", default_value_t = 0)]
    pub rate_limit_per_second: u32,

    /// Burst size of the per-client token bucket.
    #[arg(long, env = "RATE_LIMIT_BURST", default_value_t = 100)]
    pub rate_limit_burst: u32,

    /// Mutations (submitted decisions, outcome reports) allowed per client and minute:
    /// per client key, or per connection address. 0 turns this limit off.
    #[arg(long, env = "MUTATION_RATE_LIMIT_PER_MINUTE", default_value_t = 120)]
    pub mutation_rate_limit_per_minute: u32,

    /// Burst size of the mutation limit.
    #[arg(long, env = "MUTATION_RATE_LIMIT_BURST", default_value_t = 30)]
    pub mutation_rate_limit_burst: u32,

    /// Seconds a request may take before it is answered with 503 (a batch as a whole).
    #[arg(long, env = "REQUEST_TIMEOUT_SECS", default_value_t = 10)]
    pub request_timeout_secs: u64,

    /// Seconds a response may wait for the client to read it before the connection is
    /// dropped (TCP_USER_TIMEOUT on the listening socket).
    #[arg(long, env = "RESPONSE_WRITE_TIMEOUT_SECS", default_value_t = 20)]
    pub response_write_timeout_secs: u64,

    /// Most open client connections, over all workers.
    #[arg(long, env = "MAX_CONNECTIONS", default_value_t = 1024)]
    pub max_connections: usize,
}

impl Limits {
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Serve the API (the default).
    Serve,
    /// Apply database migrations to DATABASE_URL and exit.
    Migrate,
    // --- catalog tools (issue 14): argument shapes live in `cli::args`.
    /// Check a catalog directory, or compare two (no database needed).
    #[command(subcommand)]
    Catalog(crate::cli::CatalogCommand),
    Replay(crate::cli::ReplayArgs),
    // --- end of catalog tools.
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

impl Settings {
    pub fn shutdown_timeout(&self) -> Duration {
        Duration::from_secs(self.shutdown_timeout_secs)
    }

    /// Settings for tests: port 0, no database, defaults for everything else.
    pub fn for_tests() -> Settings {
        // The environment may carry the developer's DATABASE_URL (for `#[sqlx::test]`); a
        // test that wants a database says so explicitly.
        let mut s = Settings::parse_from(["framework-matrix", "--listen-addr", "127.0.0.1:0"]);
        s.database_url = None;
        // Tests run in parallel and a spool directory admits one process (and one log) at a
        // time, so each test gets its own.
        s.spool_dir = std::env::temp_dir().join(format!(
            "framework-matrix-test-spool-{}",
            uuid::Uuid::now_v7()
        ));
        s
    }
}

/// One CSP source expression: it goes into a response header, so it may not end the
/// directive (`;`), hold whitespace (which would add a source) or control characters.
fn frame_ancestor(value: &str) -> Result<String, String> {
    let value = value.trim();
    if value
        .chars()
        .any(|c| c == ';' || c == ',' || c.is_whitespace() || c.is_control())
    {
        return Err(format!(
            "{value:?} is not one CSP source (e.g. 'self' or https://portal.example.com)"
        ));
    }
    Ok(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Settings::command().debug_assert();
    }
}
