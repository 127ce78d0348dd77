//! What every REST handler does before its own work, with the GraphQL transport's rules:
//! who is asking (client keys, `X-Client-Name`) under the request rate limit, the
//! mutation rate limit for writes, and a JSON body read within `MAX_BODY_BYTES` and the
//! minimum transfer rate. Refusals become problems with the codes GraphQL sends.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::problem::Problem;
use crate::http::AppState;
use crate::http::identity::Identity;
use crate::http::transport::{self, Refusal};

/// Who is asking, checked against the request rate limit.
pub fn caller(req: &HttpRequest, state: &AppState) -> Result<Identity, Problem> {
    Ok(transport::identify(req, state)?)
}

/// Takes a token from the caller's mutation bucket (`MUTATION_RATE_LIMIT_PER_MINUTE`):
/// submits and outcomes write what analysts read, over REST as over GraphQL.
pub fn mutation_allowed(state: &AppState, identity: &Identity) -> Result<(), Problem> {
    Ok(transport::rate_check(
        state,
        state.mutation_limit.as_ref(),
        identity.limit_key,
    )?)
}

/// The body as `T`: `application/json` only (415 otherwise: a browser cannot send JSON
/// cross-site without asking first, the CSRF protection GraphQL has too), within the size
/// and rate limits; malformed JSON is `BAD_REQUEST` naming what is wrong.
pub async fn json_body<T: DeserializeOwned>(
    req: &HttpRequest,
    payload: web::Payload,
    state: &AppState,
) -> Result<T, Problem> {
    if !crate::http::is_json_body(req) {
        return Err(Problem::from(Refusal::UnsupportedMediaType)
            .detail("this route takes Content-Type: application/json"));
    }
    let limits = &state.limits;
    let body = transport::read_body(
        req,
        payload,
        limits.max_body_bytes,
        limits.min_body_bytes_per_second,
    )
    .await?;
    serde_json::from_slice(&body).map_err(|e| {
        Problem::bad_request(format!("the body is not the JSON this route takes: {e}"))
    })
}

/// Query parameters as `T`; a malformed one is `BAD_REQUEST` naming it.
pub fn query<T: DeserializeOwned>(req: &HttpRequest) -> Result<T, Problem> {
    web::Query::<T>::from_query(req.query_string())
        .map(web::Query::into_inner)
        .map_err(|e| Problem::bad_request(format!("bad query parameters: {e}")))
}

/// A JSON answer. Catalog reads are as cacheable as GraphQL's catalog fields (5 minutes);
/// anything about a decision is never stored by a cache.
pub fn json(value: &impl Serialize, cacheable: bool) -> HttpResponse {
    let cache = if cacheable {
        "public, max-age=300"
    } else {
        "no-store"
    };
    match serde_json::to_vec(value) {
        Ok(body) => HttpResponse::Ok()
            .content_type("application/json")
            .insert_header((header::CACHE_CONTROL, cache))
            .body(body),
        Err(e) => {
            let e = crate::service::ServiceError::internal("serializing a REST answer", &e);
            actix_web::ResponseError::error_response(&Problem::from(e))
        }
    }
}
