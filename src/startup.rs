//! Wiring: settings in, a running service out. [`Application::build`] binds the listener
//! (port 0 works: tests read the real port), builds the schema once and shares it with
//! every worker; [`Application::run_until_stopped`] serves until SIGTERM/SIGINT, then
//! drains in-flight requests and flushes pending decisions.

use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use actix_web::dev::{Server, ServerHandle};
use actix_web::middleware::Compress;
use actix_web::{App, HttpServer, web};
use anyhow::Context as _;
use secrecy::ExposeSecret;
use tracing_actix_web::TracingLogger;

use crate::catalog::Catalog;
use crate::config::Settings;
use crate::decision_log::spool::Spool;
use crate::decision_log::{DecisionLog, WriterHandle};
use crate::graphql::{AnalyticsConfig, SchemaDeps, build_schema};
use crate::http::{AppState, ClientKeys, Identify, RequestSpan};
use crate::metrics::Metrics;
use crate::ratelimit::{FailureLimit, RateLimit};
use crate::reload::LiveCatalog;
use crate::store::Database;
use crate::store::decisions::OutcomeAuth;

pub struct Application {
    port: u16,
    /// Reloads the catalog on SIGHUP (and file changes with `CATALOG_WATCH`).
    _triggers: crate::reload::triggers::Triggers,
    server: Server,
    handle: ServerHandle,
    writer: WriterHandle,
    shutting_down: Arc<AtomicBool>,
    shutdown_timeout: Duration,
}

/// Loads the catalog named by `CATALOG_PATH`, or the embedded one.
pub fn load_catalog(settings: &Settings) -> anyhow::Result<Catalog> {
    Ok(match &settings.catalog_path {
        Some(dir) => Catalog::from_dir(dir)?,
        None => Catalog::embedded()?,
    })
}

/// Everything a server needs besides the socket: the shared state and the decision writer.
/// Tests use it to run the app in-process (`actix_web::test`).
pub struct Services {
    pub state: web::Data<AppState>,
    pub writer: WriterHandle,
}

/// Builds the shared state. Must run inside a tokio runtime (it starts background tasks:
/// database preparation, the decision writer, rate-limiter housekeeping).
pub fn build_services(settings: &Settings) -> anyhow::Result<Services> {
    let url = settings
        .database_url
        .as_ref()
        .map(ExposeSecret::expose_secret);
    let database = match url.filter(|u| !u.is_empty()) {
        Some(url) => Some(
            Database::connect_lazy(
                url,
                settings.database_max_connections,
                settings.analytics_max_connections,
            )
            // The error names what is wrong with the URL without repeating it: it may hold
            // a password.
            .map_err(|e| anyhow::anyhow!("DATABASE_URL is not a valid PostgreSQL URL: {e}"))?,
        ),
        None => None,
    };
    build_services_with(settings, database)
}

/// As [`build_services`], with an already built database handle (tests pass the pool of
/// their own throwaway database).
pub fn build_services_with(
    settings: &Settings,
    database: Option<Database>,
) -> anyhow::Result<Services> {
    let metrics = Arc::new(Metrics::new());
    let catalog = Arc::new(LiveCatalog::new(
        load_catalog(settings)?,
        settings.catalog_path.clone(),
        metrics.clone(),
        database.clone(),
    ));
    if let Some(db) = &database {
        db.spawn_probe();
        tokio::spawn(
            db.clone()
                .prepare_until_ready(settings.min_group_size, settings.migrate_on_start),
        );
    }
    let log_target = match &database {
        Some(db) => {
            let (spool, corrupt) = Spool::open(&settings.spool_dir, settings.spool_max_bytes)
                .with_context(|| {
                    format!(
                        "cannot open the decision spool in {}",
                        settings.spool_dir.display()
                    )
                })?;
            // Counted in the metric when the drainer drops them for good, not here: the
            // same damaged record would otherwise count again at every restart.
            if corrupt > 0 {
                tracing::warn!(
                    corrupt,
                    "the decision spool holds damaged records; they will be skipped"
                );
            }
            Some((db.clone(), spool))
        }
        None => None,
    };
    let (decision_log, writer) = DecisionLog::start(log_target, metrics.clone());

    let auth_failures = Arc::new(FailureLimit::per_minute(
        settings.analytics_auth_failures_per_minute,
    ));
    let outcome_auth = if settings.record_outcome_without_token {
        OutcomeAuth::TokenOptional
    } else {
        OutcomeAuth::TokenRequired
    };
    let schema = build_schema(SchemaDeps {
        decision_log: decision_log.clone(),
        database: database.clone(),
        analytics: AnalyticsConfig {
            token: settings
                .analytics_token
                .clone()
                .filter(|t| !t.expose_secret().is_empty()),
            min_group_size: settings.min_group_size,
            failures: auth_failures.clone(),
        },
        outcome_auth,
        limits: settings.limits.clone(),
        introspection: settings.introspection,
        federation: settings.federation,
    });

    let limits = &settings.limits;
    let request_limit =
        RateLimit::per_second(limits.rate_limit_per_second, limits.rate_limit_burst);
    let mutation_limit = RateLimit::per_minute(
        limits.mutation_rate_limit_per_minute,
        limits.mutation_rate_limit_burst,
    );
    {
        let (requests, mutations) = (request_limit.clone(), mutation_limit.clone());
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                requests
                    .iter()
                    .chain(&mutations)
                    .for_each(RateLimit::forget_idle);
                auth_failures.forget_idle();
            }
        });
    }
    let client_keys = match &settings.client_keys_file {
        Some(path) => Some(ClientKeys::load(path)?),
        None => None,
    };

    let documents = crate::graphql::documents(&schema, &settings.limits, settings.introspection);
    let state = web::Data::new(AppState {
        schema,
        documents,
        response_cache: crate::http::ResponseCache::new(settings.limits.response_cache_bytes),
        catalog,
        database,
        decision_log,
        metrics,
        limits: settings.limits.clone(),
        identify: Identify::new(client_keys),
        request_limit,
        mutation_limit,
        outcome_auth,
        shutting_down: Arc::new(AtomicBool::new(false)),
        pages: crate::http::pages::Pages::new(&settings.frame_ancestors),
    });
    Ok(Services { state, writer })
}

/// The middleware stack and routes, shared by the server and in-process tests.
// Owned origins: the returned App may not borrow (actix builds one per worker thread).
#[allow(clippy::needless_pass_by_value)]
pub fn app(
    state: web::Data<AppState>,
    cors_allowed_origins: Vec<String>,
) -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let max_body = state.limits.max_body_bytes;
    App::new()
        .wrap(Compress::default())
        .wrap(crate::http::cors(&cors_allowed_origins))
        .wrap(actix_web::middleware::from_fn(crate::http::finish_response))
        .wrap(TracingLogger::<RequestSpan>::new())
        .app_data(state)
        .configure(move |cfg| crate::http::configure(cfg, max_body))
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        let Services { state, writer } = build_services(&settings)?;
        let catalog_version = state.catalog.current().catalog.version.clone();
        let watch_dir = settings
            .catalog_watch
            .then(|| settings.catalog_path.clone())
            .flatten();
        if settings.catalog_watch && watch_dir.is_none() {
            tracing::warn!(
                "CATALOG_WATCH is set but CATALOG_PATH is not: the embedded catalog never changes"
            );
        }
        let triggers = crate::reload::triggers::start(state.catalog.clone(), watch_dir)?;
        let state_has_db = state.database.is_some();
        let shutting_down = state.shutting_down.clone();
        let listener = listen(&settings)?;
        let port = listener.local_addr()?.port();
        let origins = settings.cors_allowed_origins.clone();
        let workers = settings
            .workers
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
        let server = HttpServer::new(move || app(state.clone(), origins.clone()))
            .workers(workers)
            // actix counts connections per worker.
            .max_connections(settings.limits.max_connections.div_ceil(workers).max(1))
            .listen(listener)?
            .disable_signals()
            .shutdown_timeout(settings.shutdown_timeout_secs);
        let server = server.run();
        let handle = server.handle();
        tracing::info!(
            addr = %settings.listen_addr,
            port,
            catalog_version = %catalog_version,
            database = state_has_db,
            "framework-matrix listening"
        );
        Ok(Application {
            port,
            server,
            handle,
            writer,
            _triggers: triggers,
            shutting_down,
            shutdown_timeout: settings.shutdown_timeout(),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGTERM or SIGINT, then shuts down gracefully: stop accepting, finish
    /// in-flight requests (up to the shutdown timeout), flush queued decisions, return.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let Application {
            server,
            handle,
            writer,
            shutting_down,
            shutdown_timeout,
            ..
        } = self;
        let (signalled_tx, signalled) = tokio::sync::oneshot::channel();
        let stopper = tokio::spawn(async move {
            wait_for_signal().await;
            let deadline = tokio::time::Instant::now() + shutdown_timeout;
            let _ = signalled_tx.send(deadline);
            tracing::info!("shutdown requested: draining in-flight requests");
            shutting_down.store(true, Ordering::Relaxed);
            handle.stop(true).await;
        });
        server.await?;
        stopper.abort();
        // One budget for the whole shutdown: what the HTTP drain used is not available to
        // the decision flush, so an orchestrator's grace period just above
        // SHUTDOWN_TIMEOUT_SECS is enough.
        let deadline = signalled
            .await
            .unwrap_or_else(|_| tokio::time::Instant::now() + shutdown_timeout);
        let flush_budget = deadline
            .saturating_duration_since(tokio::time::Instant::now())
            .max(Duration::from_secs(1));
        if tokio::time::timeout(flush_budget, writer.shutdown())
            .await
            .is_err()
        {
            tracing::error!(
                "decision log did not finish within the shutdown timeout; the spool keeps the rest"
            );
        }
        tracing::info!("stopped");
        Ok(())
    }
}

/// The listening socket. Its TCP_USER_TIMEOUT, inherited by every accepted connection, is
/// the response-write deadline: the kernel drops a connection whose sent data stays
/// unacknowledged that long, including a client that keeps its receive window at zero
/// and never reads (actix-web has no write timeout of its own). That frees the response
/// the connection was holding.
fn listen(settings: &Settings) -> anyhow::Result<TcpListener> {
    let listener = TcpListener::bind(settings.listen_addr)
        .with_context(|| format!("cannot listen on {}", settings.listen_addr))?;
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "fuchsia"))]
    socket2::SockRef::from(&listener)
        .set_tcp_user_timeout(Some(Duration::from_secs(
            settings.limits.response_write_timeout_secs,
        )))
        .context("cannot set TCP_USER_TIMEOUT on the listening socket")?;
    // std binds with a backlog of 128: a burst of more new connections than that waits for
    // SYN retransmits (1 s and more) even far below MAX_CONNECTIONS. Listening again
    // raises it (the kernel still caps it at net.core.somaxconn).
    socket2::SockRef::from(&listener)
        .listen(1024)
        .context("cannot set the listening socket's backlog")?;
    Ok(listener)
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate()).expect("can install a SIGTERM handler");
        tokio::select! {
            _ = term.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
