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
use crate::metrics::Metrics;
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

/// The last step of every response, in one middleware (each `from_fn` layer costs a boxed
/// call per request): counts it by status for `/metrics`, and gives it one `Vary` header.
///
/// The handlers name `Accept`; the compressor appends `accept-encoding` as a second header
/// value, and only when it encodes; CORS rewrites the header from its first value only.
/// Merged here, after both, and with `Accept-Encoding` always (a response that could have
/// been compressed varies on it whether or not this one was), a shared cache can never
/// hand one client a representation chosen for another.
pub async fn finish_response(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let metrics = req
        .app_data::<web::Data<AppState>>()
        .map(|s| s.metrics.clone());
    let mut res = next.call(req).await?;
    if let Some(m) = metrics {
        m.count_response(res.status().as_u16());
    }
    if let Some(value) = merged_vary(res.headers()) {
        res.headers_mut().insert(header::VARY, value);
    }
    Ok(res)
}

/// The `Vary` header a response leaves with: [`merge_vary_values`] of what it carries.
/// Nearly every response carries the same single value (the handler's, as CORS rewrote
/// it), so each worker thread keeps its last single-value answer: the merge was 6 % of the
/// instructions of a cached GraphQL answer (BENCHMARKS.md, "Issue 17, fourth round").
fn merged_vary(headers: &header::HeaderMap) -> Option<header::HeaderValue> {
    thread_local! {
        static LAST: std::cell::RefCell<Option<(header::HeaderValue, header::HeaderValue)>> =
            const { std::cell::RefCell::new(None) };
    }
    let mut values = headers.get_all(header::VARY);
    let (Some(single), None) = (values.next(), values.next()) else {
        return merge_vary_values(headers.get_all(header::VARY));
    };
    LAST.with_borrow_mut(|last| {
        if let Some((given, merged)) = last.as_ref()
            && given == single
        {
            return Some(merged.clone());
        }
        let merged = merge_vary_values(std::iter::once(single))?;
        *last = Some((single.clone(), merged.clone()));
        Some(merged)
    })
}

/// Every name of every `Vary` value, once (compared case-insensitively, first spelling
/// kept), then `Accept-Encoding`; `*` alone if any value is `*`.
fn merge_vary_values<'a>(
    values: impl Iterator<Item = &'a header::HeaderValue>,
) -> Option<header::HeaderValue> {
    let mut names: Vec<&str> = Vec::with_capacity(8);
    let given = values
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .chain(std::iter::once("Accept-Encoding"));
    for name in given {
        if name == "*" {
            return Some(header::HeaderValue::from_static("*"));
        }
        if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            names.push(name);
        }
    }
    header::HeaderValue::from_str(&names.join(", ")).ok()
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

#[cfg(test)]
mod tests {
    use super::merged_vary;
    use actix_web::http::header::{HeaderMap, HeaderValue, VARY};

    fn vary(values: &[&'static str]) -> Option<HeaderValue> {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append(VARY, HeaderValue::from_static(v));
        }
        merged_vary(&headers)
    }

    #[test]
    fn the_remembered_merge_answers_only_the_value_it_was_made_for() {
        // Same thread, so the second and fourth calls may come from the remembered merge.
        for _ in 0..2 {
            assert_eq!(
                vary(&["Accept, Origin"]).unwrap(),
                "Accept, Origin, Accept-Encoding"
            );
            assert_eq!(
                vary(&["Origin, accept-encoding"]).unwrap(),
                "Origin, accept-encoding"
            );
        }
        assert_eq!(vary(&[]).unwrap(), "Accept-Encoding");
        assert_eq!(
            vary(&["Accept", "Accept-Encoding, Origin"]).unwrap(),
            "Accept, Accept-Encoding, Origin"
        );
        assert_eq!(vary(&["Accept, *"]).unwrap(), "*");
    }
}
