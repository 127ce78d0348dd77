//! GraphQL over HTTP, following the GraphQL-over-HTTP specification (checked by the
//! `graphql-http` audit in `tests/audit`):
//!
//! - `POST /graphql` with `Content-Type: application/json` (anything else is 415: a
//!   browser cannot send a JSON "simple request", which is the CSRF protection);
//! - `GET /graphql?query=...` for queries only (mutations get 405), cacheable with an ETag
//!   (a browser asking for HTML gets GraphiQL instead: `http::pages`);
//! - the response type follows `Accept`: `application/graphql-response+json` (request
//!   errors are 400 and carry no `data`) or `application/json` (legacy: 200);
//! - JSON arrays are batches, up to `MAX_BATCH` operations, sharing one budget.
//!
//! The jobs are split by file: [`params`] reads the request, [`execute`] runs it,
//! [`response`] writes it, [`refusal`] maps every refusal to a status, [`negotiate`]
//! picks the response type.

mod cache;
mod execute;
mod negotiate;
mod params;
mod refusal;
mod response;

use actix_web::{HttpRequest, HttpResponse, web};

pub use cache::ResponseCache;
pub use negotiate::{ResponseType, prefers_html};
pub use params::read_body;
pub use refusal::{Refusal, retry_seconds};

use super::AppState;
use super::identity::Identity;
use crate::graphql::documents::Method;
use crate::ratelimit::RateLimit;
use params::Body;

pub async fn post(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> HttpResponse {
    let identity = match identify(&req, &state) {
        Ok(identity) => identity,
        Err(r) => return response::refusal(ResponseType::Json, &r),
    };
    let Some(rt) = negotiate::negotiate(&req) else {
        return response::refusal(ResponseType::Json, &Refusal::NotAcceptable);
    };
    let limits = &state.limits;
    let body = match params::read_body(
        &req,
        payload,
        limits.max_body_bytes,
        limits.min_body_bytes_per_second,
    )
    .await
    {
        Ok(b) => b,
        Err(r) => return response::refusal(rt, &r),
    };
    if !crate::http::is_json_body(&req) {
        return response::refusal(rt, &Refusal::UnsupportedMediaType);
    }
    match params::parse_body(&body, limits.max_batch) {
        Err(r @ Refusal::BatchTooLarge { .. }) => response::refused_batch(rt, &r),
        Err(r) => response::refusal(rt, &r),
        Ok(Body::Single(p)) => single(&req, &state, &identity, rt, p, Method::Post).await,
        Ok(Body::Batch(entries)) => {
            drop(body);
            let served = state.catalog.current();
            match execute::run(&req, &state, &served, &identity, entries, Method::Post).await {
                Ok(outcomes) => response::batch(rt, &outcomes, limits.max_response_bytes),
                Err(r) => response::refusal(rt, &r),
            }
        }
    }
}

pub async fn get(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let identity = match identify(&req, &state) {
        Ok(identity) => identity,
        Err(r) => return response::refusal(ResponseType::Json, &r),
    };
    let Some(rt) = negotiate::negotiate(&req) else {
        return response::refusal(ResponseType::Json, &Refusal::NotAcceptable);
    };
    match params::parse_query_string(req.query_string()) {
        Ok(p) => single(&req, &state, &identity, rt, p, Method::Get).await,
        Err(r) => response::refusal(rt, &r),
    }
}

async fn single(
    req: &HttpRequest,
    state: &AppState,
    identity: &Identity,
    rt: ResponseType,
    params: params::Params,
    method: Method,
) -> HttpResponse {
    // One catalog for the whole request, even if a reload swaps it meanwhile: the ETag
    // names the version the response is computed with.
    let served = state.catalog.current();
    let etag = (method == Method::Get)
        .then(|| response::etag_for(&served.catalog.version, rt, req.query_string()));
    match execute::run(req, state, &served, identity, vec![params], method).await {
        Ok(mut outcomes) => {
            let outcome = outcomes.pop().expect("one outcome per entry");
            response::single(req, rt, &outcome, etag, state.limits.max_response_bytes)
        }
        Err(r) => response::refusal(rt, &r),
    }
}

/// Who is asking (a refusal for an unknown client key), checked against the request rate
/// limit.
pub(crate) fn identify(req: &HttpRequest, state: &AppState) -> Result<Identity, Refusal> {
    let identity = state.identify.identify(req)?;
    rate_check(state, state.request_limit.as_ref(), identity.limit_key)?;
    Ok(identity)
}

/// A refusal when `key`'s token bucket in `limit` is empty.
pub(crate) fn rate_check(
    state: &AppState,
    limit: Option<&RateLimit>,
    key: u64,
) -> Result<(), Refusal> {
    let Some(limit) = limit else {
        return Ok(());
    };
    limit.check(key).map_err(|retry_after| {
        state.metrics.rate_limited.inc();
        Refusal::RateLimited { retry_after }
    })
}
