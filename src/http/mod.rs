//! The HTTP surface: routes, middleware (request spans, CORS, rate limit, compression) and
//! the small operational endpoints. GraphQL over HTTP itself is in [`transport`]; the
//! REST API for portals that do not speak GraphQL in [`rest`].

mod assets;
mod health;
pub mod identity;
pub mod pages;
mod portal;
mod request_span;
pub mod rest;
pub mod transport;

use std::sync::Arc;

use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};

pub use identity::{ClientKeys, Identify};
pub use request_span::RequestSpan;
pub use transport::ResponseCache;

use crate::config::Limits;
use crate::decision_log::DecisionLog;
use crate::graphql::AppSchema;
use crate::graphql::documents::Documents;
use crate::metrics::{Metrics, StatusLabels};
use crate::ratelimit::RateLimit;
use crate::reload::LiveCatalog;
use crate::store::Database;

/// What the handlers share. Built once in `startup`.
pub struct AppState {
    pub schema: AppSchema,
    /// Persisted queries, parsed documents and the document rules, in front of `schema`.
    pub documents: Documents,
    /// Serialized answers of pure operations (`RESPONSE_CACHE_BYTES`).
    pub response_cache: transport::ResponseCache,
    /// The catalog being served (replaced by reloads): take `current()` once per request.
    pub catalog: Arc<LiveCatalog>,
    pub database: Option<Database>,
    pub decision_log: DecisionLog,
    pub metrics: Arc<Metrics>,
    pub limits: Limits,
    /// Who is asking: client keys, and the peer hash for rate limits.
    pub identify: Identify,
    /// Requests per client (`RATE_LIMIT_PER_SECOND`), off by default.
    pub request_limit: Option<RateLimit>,
    /// Mutations per client (`MUTATION_RATE_LIMIT_PER_MINUTE`), on by default.
    pub mutation_limit: Option<RateLimit>,
    /// Who may report outcomes (`RECORD_OUTCOME_WITHOUT_TOKEN`), for the REST API (the
    /// schema has its own copy).
    pub outcome_auth: crate::store::decisions::OutcomeAuth,
    pub shutting_down: Arc<std::sync::atomic::AtomicBool>,
    /// The HTML pages, rendered once (see [`pages`]).
    pub pages: pages::Pages,
}

/// Registers every route. Used by the server and by in-process tests alike.
pub fn configure(cfg: &mut web::ServiceConfig, max_body_bytes: usize) {
    // The GraphQL handler enforces MAX_BODY_BYTES itself (to answer 413 in GraphQL's error
    // shape); this bounds any other extractor the same way.
    cfg.app_data(web::PayloadConfig::new(max_body_bytes))
        .service(
            web::resource("/graphql")
                .route(web::post().to(transport::post))
                .route(web::get().to(pages::graphql_get))
                .route(web::route().method(Method::HEAD).to(pages::graphql_get))
                .default_service(web::to(method_not_allowed)),
        )
        .route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route("/metrics", web::get().to(metrics))
        .service(
            web::resource("/api/tech-radar")
                .route(web::get().to(portal::tech_radar_feed))
                .route(web::head().to(portal::tech_radar_feed)),
        )
        .route(
            "/api/v1/decisions/{id}/record.md",
            web::get().to(portal::decision_record),
        )
        .service(
            web::resource("/")
                .route(web::get().to(pages::index))
                .route(web::head().to(pages::index)),
        )
        .service(
            web::resource("/analytics")
                .route(web::get().to(pages::analytics))
                .route(web::head().to(pages::analytics)),
        )
        .service(
            web::resource("/assets/{hash}/{path:.*}")
                .route(web::get().to(assets::serve))
                .route(web::head().to(assets::serve)),
        )
        .configure(rest::routes);
}

/// CORS for an allowlist of origins; requests from other origins get no allow headers
/// (the browser then refuses them), and same-origin or non-browser clients are unaffected.
pub fn cors(allowed_origins: &[String]) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods([Method::GET, Method::POST])
        .allowed_headers([
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::AUTHORIZATION,
            header::IF_NONE_MATCH,
            header::HeaderName::from_static("x-client-name"),
            header::HeaderName::from_static("x-client-key"),
            // Apollo Client's `clientAwareness` sends these on every request.
            header::HeaderName::from_static("apollographql-client-name"),
            header::HeaderName::from_static("apollographql-client-version"),
        ])
        .expose_headers([header::ETAG, header::RETRY_AFTER])
        .max_age(3600);
    for origin in allowed_origins
        .iter()
        .map(|o| o.trim())
        .filter(|o| !o.is_empty())
    {
        cors = cors.allowed_origin(origin);
    }
    cors
}

/// Gives every response one `Vary` header holding every header that chose it. The
/// handlers name `Accept`; the compressor appends `accept-encoding` as a second header
/// value, and only when it encodes; CORS rewrites the header from its first value only.
/// Merged here, after both, and with `Accept-Encoding` always (a response that could have
/// been compressed varies on it whether or not this one was), a shared cache can never
/// hand one client a representation chosen for another.
pub async fn merge_vary(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut res = next.call(req).await?;
    let headers = res.headers_mut();
    let mut names: Vec<String> = Vec::new();
    let given = headers
        .get_all(header::VARY)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .chain(std::iter::once("Accept-Encoding"));
    for name in given {
        if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            names.push(name.to_string());
        }
    }
    let value = if names.iter().any(|n| n == "*") {
        "*".to_string()
    } else {
        names.join(", ")
    };
    if let Ok(value) = header::HeaderValue::from_str(&value) {
        headers.insert(header::VARY, value);
    }
    Ok(res)
}

/// Counts responses by status for `/metrics`.
pub async fn count_responses(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let metrics = req
        .app_data::<web::Data<AppState>>()
        .map(|s| s.metrics.clone());
    let res = next.call(req).await?;
    if let Some(m) = metrics {
        m.http_responses
            .get_or_create(&StatusLabels {
                status: res.status().as_u16(),
            })
            .inc();
    }
    Ok(res)
}

/// Whether a request says its body is JSON (`Content-Type: application/json`, any
/// parameters). GraphQL and REST POSTs need it: a browser cannot send it in a "simple
/// request", which is the CSRF protection (docs/design.md).
pub fn is_json_body(req: &actix_web::HttpRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
}

async fn method_not_allowed() -> HttpResponse {
    HttpResponse::MethodNotAllowed()
        .insert_header((header::ALLOW, "GET, POST"))
        .content_type("application/json")
        .body(r#"{"errors":[{"message":"/graphql accepts GET (queries) and POST","extensions":{"code":"METHOD_NOT_ALLOWED"}}]}"#)
}

async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/openmetrics-text; version=1.0.0; charset=utf-8")
        .body(state.metrics.render())
}
