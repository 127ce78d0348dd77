//! The REST API under `/api/v1/`, for portals that do not speak GraphQL: the catalog,
//! recommendations, submitting a decision and reporting its outcome, plus the OpenAPI
//! 3.1 document (`/api/v1/openapi.json`, generated from these handlers and types by
//! utoipa) and a page that renders it (`/api/v1/docs`).
//!
//! Handlers translate; the service layer ([`crate::service`]) decides, exactly as for the
//! GraphQL resolvers, so both validate the same way and refuse with the same codes.
//! Errors are RFC 9457 problems ([`problem`]). The jobs are split by file: [`catalog`]
//! (reads), [`decisions`] (recommend, submit, outcome), [`request`] (identity, limits,
//! bodies), [`views`] (the JSON shapes), [`openapi`] (the document and its page).

pub mod catalog;
pub mod decisions;
pub mod openapi;
pub mod problem;
pub mod request;
pub mod views;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};

use problem::Problem;

/// Registers the table of routes below, and answers anything else under `/api/v1` with
/// a problem (404, or 405 naming the methods the path takes).
macro_rules! rest_routes {
    ($($method:ident $path:literal => $handler:path,)*) => {
        /// Every REST route as `(method, path)`: the router is built from this table, and
        /// a test holds the OpenAPI document to it.
        pub const ROUTES: &[(&str, &str)] = &[$((stringify!($method), $path),)*];

        /// Registers the REST API (called once from `http::configure`).
        pub fn routes(cfg: &mut web::ServiceConfig) {
            $(cfg.service(
                web::resource($path)
                    .route(web::$method().to($handler))
                    .default_service(web::to(unrouted)),
            );)*
            cfg.service(web::scope("/api/v1").default_service(web::to(unrouted)));
        }
    };
}

rest_routes! {
    get "/api/v1/frameworks" => catalog::frameworks,
    get "/api/v1/frameworks/{frameworkId}" => catalog::framework,
    get "/api/v1/criteria" => catalog::criteria,
    get "/api/v1/faqs" => catalog::faqs,
    get "/api/v1/glossary" => catalog::glossary,
    get "/api/v1/comparison" => catalog::comparison,
    post "/api/v1/recommendation" => decisions::recommendation,
    post "/api/v1/submit" => decisions::submit,
    post "/api/v1/outcome" => decisions::outcome,
    get "/api/v1/openapi.json" => openapi::document,
    get "/api/v1/docs" => openapi::docs_page,
}

/// A path under `/api/v1` that no route takes with this method (HEAD included: the
/// routes are GET or POST only, as the OpenAPI document says).
async fn unrouted(req: HttpRequest) -> HttpResponse {
    let path = req.path();
    let allowed: Vec<String> = ROUTES
        .iter()
        .filter(|(_, p)| matches(p, path))
        .map(|(m, _)| m.to_uppercase())
        .collect();
    if allowed.is_empty() {
        return Problem::not_found(format!(
            "no REST route at {}",
            crate::service::input::shown(path)
        ))
        .error_response();
    }
    let mut res = Problem::new(
        actix_web::http::StatusCode::METHOD_NOT_ALLOWED,
        crate::service::Code::MethodNotAllowed,
        format!("{path} takes {}", allowed.join(", ")),
    )
    .error_response();
    if let Ok(v) = header::HeaderValue::from_str(&allowed.join(", ")) {
        res.headers_mut().insert(header::ALLOW, v);
    }
    res
}

/// Whether `path` fits the route `pattern` (`{name}` matches one non-empty segment).
fn matches(pattern: &str, path: &str) -> bool {
    let (mut p, mut s) = (pattern.split('/'), path.split('/'));
    loop {
        match (p.next(), s.next()) {
            (None, None) => return true,
            (Some(want), Some(got)) if want.starts_with('{') && !got.is_empty() => {}
            (Some(want), Some(got)) if want == got => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_matches_its_paths_only() {
        assert!(matches(
            "/api/v1/frameworks/{frameworkId}",
            "/api/v1/frameworks/django"
        ));
        assert!(!matches(
            "/api/v1/frameworks/{frameworkId}",
            "/api/v1/frameworks/"
        ));
        assert!(!matches("/api/v1/frameworks", "/api/v1/frameworks/django"));
        assert!(matches("/api/v1/submit", "/api/v1/submit"));
    }
}
