//! The HTML pages: the questionnaire at `/` (and `/?embed=1` for a portal's iframe), the
//! decisions dashboard at `/analytics`, and the vendored GraphiQL at `/graphql` for a
//! browser. Both are small templates in
//! `static/` whose `{{app}}`-style placeholders become the fingerprinted asset URLs of
//! [`super::assets`]; they are rendered once at start-up and served `no-cache`, so a
//! browser always learns the current asset hashes.
//!
//! Every page carries a strict Content-Security-Policy: scripts and styles only from this
//! origin (no inline script, no `eval`), requests only to this origin, and
//! `frame-ancestors` from `FRAME_ANCESTORS`. The pages hold no data: they ask `/graphql`
//! like any other client. This module must not touch the GraphQL transport beyond
//! handing it the requests that are not for a page.

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, web};

use super::AppState;
use super::assets;
use super::transport;

const INDEX_TEMPLATE: &str = include_str!("../../static/index.html");
const GRAPHIQL_TEMPLATE: &str = include_str!("../../static/graphiql.html");
const ANALYTICS_TEMPLATE: &str = include_str!("../../static/analytics.html");

/// The rendered pages and their headers, built once from the settings.
pub struct Pages {
    index: Bytes,
    index_embed: Bytes,
    graphiql: Bytes,
    /// The dashboard: it holds no figures, only the code that asks for them with the
    /// analyst's token.
    analytics: Bytes,
    /// The questionnaire's policy (the dashboard's too).
    page_csp: String,
    /// GraphiQL's: the same, plus `data:` fonts and images, which its stylesheet inlines.
    graphiql_csp: String,
}

impl Pages {
    /// `frame_ancestors`: CSP source expressions (`'self'`, `https://portal.example.com`);
    /// empty means no site may frame the pages.
    pub fn new(frame_ancestors: &[String]) -> Pages {
        assets::warm_up();
        let render = |template: &str, mode: &str| {
            Bytes::from(
                template
                    .replace("{{app}}", &assets::url_prefix("app"))
                    .replace("{{graphiql}}", &assets::url_prefix("graphiql"))
                    .replace("{{vendor}}", &assets::url_prefix("vendor"))
                    .replace("{{mode}}", mode),
            )
        };
        let sources: Vec<&str> = frame_ancestors
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        let ancestors = if sources.is_empty() {
            "'none'".to_string()
        } else {
            sources.join(" ")
        };
        let common = "default-src 'self'; script-src 'self'; connect-src 'self'; \
                      object-src 'none'; base-uri 'none'; form-action 'self'";
        Pages {
            index: render(INDEX_TEMPLATE, "page"),
            index_embed: render(INDEX_TEMPLATE, "embed"),
            graphiql: render(GRAPHIQL_TEMPLATE, "page"),
            analytics: render(ANALYTICS_TEMPLATE, "page"),
            page_csp: format!(
                "{common}; style-src 'self'; img-src 'self'; frame-ancestors {ancestors}"
            ),
            graphiql_csp: format!(
                "{common}; style-src 'self'; img-src 'self' data:; font-src 'self' data:; \
                 frame-ancestors {ancestors}"
            ),
        }
    }
}

/// `GET /`: the questionnaire for a browser; the JSON index of endpoints for any other
/// client (what `/` answered before the page existed).
pub async fn index(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    if !accepts_html(&req) {
        return HttpResponse::Ok()
            .insert_header((header::VARY, "Accept"))
            .content_type("application/json")
            .body(
                r#"{"service":"framework-matrix","page":"/","graphql":"/graphql","health":"/healthz","ready":"/readyz","metrics":"/metrics"}"#,
            );
    }
    let pages = &state.pages;
    let embed = web::Query::<Vec<(String, String)>>::from_query(req.query_string())
        .is_ok_and(|q| q.iter().any(|(k, v)| k == "embed" && v == "1"));
    let html = if embed {
        &pages.index_embed
    } else {
        &pages.index
    };
    page(&req, html, &pages.page_csp)
}

/// `GET /analytics`: the decisions dashboard. The page itself is public (it holds no
/// data); every figure comes from `decisionStats`, behind the analytics token.
pub async fn analytics(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    page(&req, &state.pages.analytics, &state.pages.page_csp)
}

/// `GET /graphql` (and HEAD): GraphiQL for a browser navigating there, everything else to
/// the GraphQL transport.
pub async fn graphql_get(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    if req.query_string().is_empty() && transport::prefers_html(&req) {
        return page(&req, &state.pages.graphiql, &state.pages.graphiql_csp);
    }
    transport::get(req, state).await
}

fn page(req: &HttpRequest, html: &Bytes, csp: &str) -> HttpResponse {
    let mut res = HttpResponse::Ok();
    res.content_type("text/html; charset=utf-8")
        // Revalidated every time, so it always names the current asset hashes.
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header((header::VARY, "Accept"))
        .insert_header((header::CONTENT_SECURITY_POLICY, csp.to_string()))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        // Shared links carry answers in the fragment; keep even the path to ourselves.
        .insert_header((header::REFERRER_POLICY, "no-referrer"));
    if req.method() == actix_web::http::Method::HEAD {
        return res.finish();
    }
    res.body(html.clone())
}

/// Whether the client takes HTML at all (a browser navigation lists `text/html`).
fn accepts_html(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| {
            accept.split(',').any(|range| {
                let mut parts = range.split(';');
                let media = parts.next().unwrap_or("").trim();
                let refused = parts.any(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                        .is_some_and(|q| q <= 0.0)
                });
                media.eq_ignore_ascii_case("text/html") && !refused
            })
        })
}
