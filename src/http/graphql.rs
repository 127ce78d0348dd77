//! GraphQL over HTTP, following the GraphQL-over-HTTP specification (checked by the
//! `graphql-http` audit in `tests/audit`):
//!
//! - `POST /graphql` with `Content-Type: application/json` (anything else is 415: a
//!   browser cannot send a JSON "simple request", which is the CSRF protection);
//! - `GET /graphql?query=...` for queries only (mutations get 405), cacheable with an ETag;
//!   a browser asking for HTML gets GraphiQL;
//! - the response type follows `Accept`: `application/graphql-response+json` (request
//!   errors are 400 and carry no `data`) or `application/json` (legacy: 200);
//! - JSON arrays are batches, up to `MAX_BATCH` operations.

use std::time::Instant;

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use async_graphql::{ErrorExtensionValues, Variables};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::AppState;
use super::accept::{ResponseType, negotiate};
use crate::decision_log::ClientName;
use crate::graphql::errors::INTERNAL;
use crate::graphql::{RequestInfo, RequestMeta};
use crate::metrics::{ErrorLabels, OperationLabels};

const GRAPHIQL_HTML: &str = include_str!("../../static/graphiql.html");

/// Everything a GraphQL request may carry, after transport-level validation.
struct Params {
    query: Option<String>,
    operation_name: Option<String>,
    variables: Option<Map<String, Value>>,
    extensions: Option<Map<String, Value>>,
}

/// A request refused before GraphQL sees it.
pub(super) struct Refusal {
    status: StatusCode,
    code: &'static str,
    message: String,
}

pub(super) fn refuse(
    status: StatusCode,
    code: &'static str,
    message: impl Into<String>,
) -> Refusal {
    Refusal {
        status,
        code,
        message: message.into(),
    }
}

pub async fn post(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> HttpResponse {
    if let Some(resp) = rate_limited(&req, &state) {
        return resp;
    }
    let rt = match negotiate(&req) {
        Ok(rt) => rt,
        Err(r) => return refusal_response(ResponseType::Json, r),
    };
    let body = match read_body(&req, payload, state.limits.max_body_bytes).await {
        Ok(b) => b,
        Err(r) => return refusal_response(rt, r),
    };
    let is_json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return refusal_response(
            rt,
            refuse(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "UNSUPPORTED_MEDIA_TYPE",
                "POST /graphql needs Content-Type: application/json",
            ),
        );
    }
    if body.is_empty() {
        return refusal_response(
            rt,
            refuse(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                "the request body is empty",
            ),
        );
    }
    let value: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => {
            return refusal_response(
                rt,
                refuse(
                    StatusCode::BAD_REQUEST,
                    "BAD_REQUEST",
                    format!("the request body is not valid JSON: {e}"),
                ),
            );
        }
    };
    match value {
        Value::Object(map) => match params_from_json(map) {
            Ok(p) => execute_one(&req, &state, rt, p, false).await,
            Err(r) => refusal_response(rt, r),
        },
        Value::Array(items) => execute_batch(&req, &state, rt, items).await,
        _ => refusal_response(
            rt,
            refuse(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                "the request body must be a JSON object (or an array for a batch)",
            ),
        ),
    }
}

pub async fn get(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    if let Some(resp) = rate_limited(&req, &state) {
        return resp;
    }
    let query: Vec<(String, String)> = match serde_urlencoded_pairs(req.query_string()) {
        Ok(q) => q,
        Err(r) => return refusal_response(ResponseType::Json, r),
    };
    if query.is_empty() && super::accept::prefers_html(&req) {
        return HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
            .body(GRAPHIQL_HTML);
    }
    let rt = match negotiate(&req) {
        Ok(rt) => rt,
        Err(r) => return refusal_response(ResponseType::Json, r),
    };
    let mut map = Map::new();
    for (k, v) in query {
        let value = match k.as_str() {
            "variables" | "extensions" => match serde_json::from_str::<Value>(&v) {
                Ok(v) => v,
                Err(e) => {
                    return refusal_response(
                        rt,
                        refuse(
                            StatusCode::BAD_REQUEST,
                            "BAD_REQUEST",
                            format!("`{k}` is not valid JSON: {e}"),
                        ),
                    );
                }
            },
            _ => Value::String(v),
        };
        map.insert(k, value);
    }
    match params_from_json(map) {
        Ok(p) => execute_one(&req, &state, rt, p, true).await,
        Err(r) => refusal_response(rt, r),
    }
}

/// The request body, refused with 413 as soon as it is known to be too large: from its
/// declared length before reading a byte, otherwise once the limit is crossed.
async fn read_body(
    req: &HttpRequest,
    payload: web::Payload,
    max: usize,
) -> Result<web::Bytes, Refusal> {
    let too_large = || {
        refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
            format!("the request body is larger than {max} bytes (MAX_BODY_BYTES)"),
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(too_large());
    }
    match payload.to_bytes_limited(max).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) => Err(refuse(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            format!("cannot read the request body: {e}"),
        )),
        Err(_) => Err(too_large()),
    }
}

/// 429 with `Retry-After` when the client's token bucket is empty.
fn rate_limited(req: &HttpRequest, state: &AppState) -> Option<HttpResponse> {
    let wait = state.rate_limit.as_ref()?.check(req).err()?;
    state.metrics.rate_limited.inc();
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let mut resp = refusal_response(
        ResponseType::Json,
        refuse(
            StatusCode::TOO_MANY_REQUESTS,
            "RATE_LIMITED",
            format!("too many requests; retry in {secs}s"),
        ),
    );
    resp.headers_mut()
        .insert(header::RETRY_AFTER, secs.max(1).into());
    Some(resp)
}

fn serde_urlencoded_pairs(qs: &str) -> Result<Vec<(String, String)>, Refusal> {
    web::Query::<Vec<(String, String)>>::from_query(qs)
        .map(|q| q.into_inner())
        .map_err(|e| {
            refuse(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                format!("malformed query string: {e}"),
            )
        })
}

fn params_from_json(mut map: Map<String, Value>) -> Result<Params, Refusal> {
    fn bad(message: String) -> Refusal {
        refuse(StatusCode::BAD_REQUEST, "BAD_REQUEST", message)
    }
    let query = match map.remove("query") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(_) => return Err(bad("`query` must be a string".into())),
    };
    let operation_name = match map.remove("operationName") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(_) => return Err(bad("`operationName` must be a string or null".into())),
    };
    let mut object = |key: &str| match map.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(m)) => Ok(Some(m)),
        Some(_) => Err(bad(format!("`{key}` must be an object or null"))),
    };
    let variables = object("variables")?;
    let extensions = object("extensions")?;
    let persisted = extensions
        .as_ref()
        .is_some_and(|e| e.contains_key("persistedQuery"));
    if query.is_none() && !persisted {
        return Err(bad("the request has no `query`".into()));
    }
    Ok(Params {
        query,
        operation_name,
        variables,
        extensions,
    })
}

fn request_meta(req: &HttpRequest) -> RequestMeta {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    RequestMeta {
        client_name: header("x-client-name").and_then(ClientName::parse),
        bearer: header("authorization")
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(|t| t.trim().to_string()),
    }
}

/// Runs one operation; the result plus what the transport needs to pick a status.
async fn run(
    req: &HttpRequest,
    state: &AppState,
    params: Params,
    get_request: bool,
) -> Result<(Value, Outcome), Refusal> {
    let info = RequestInfo::new(get_request, params.operation_name.clone());
    let mut request = async_graphql::Request::new(params.query.unwrap_or_default());
    if let Some(name) = params.operation_name {
        request = request.operation_name(name);
    }
    if let Some(vars) = params.variables {
        request = request.variables(Variables::from_json(Value::Object(vars)));
    }
    if let Some(ext) = params.extensions {
        for (k, v) in ext {
            let v = async_graphql::Value::from_json(v).unwrap_or(async_graphql::Value::Null);
            request.extensions.insert(k, v);
        }
    }
    request = request.data(request_meta(req)).data(info.clone());

    let started = Instant::now();
    let response = match tokio::time::timeout(
        state.limits.request_timeout(),
        state.schema.execute(request),
    )
    .await
    {
        Ok(r) => r,
        Err(_) => {
            return Err(refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                "TIMEOUT",
                format!(
                    "the request took longer than {}s",
                    state.limits.request_timeout_secs
                ),
            ));
        }
    };
    let executed = info.executed();
    let label = OperationLabels {
        operation: info.label(),
    };
    state.metrics.graphql_requests.get_or_create(&label).inc();
    state
        .metrics
        .graphql_duration
        .get_or_create(&label)
        .observe(started.elapsed().as_secs_f64());
    tracing::Span::current().record("graphql.operation", label.operation.as_str());

    let cache = response.cache_control;
    let cacheable = executed && response.errors.is_empty() && cache.public && cache.max_age > 0;
    let mut outcome = Outcome {
        executed,
        method_not_allowed: false,
        cache_max_age: cacheable.then_some(cache.max_age),
    };
    let mut errors = response.errors;
    for e in &mut errors {
        let code = ensure_code(e, executed);
        if code == crate::graphql::MUTATION_OVER_GET {
            outcome.method_not_allowed = true;
        }
        state
            .metrics
            .graphql_errors
            .get_or_create(&ErrorLabels { code })
            .inc();
    }
    let mut body = Map::new();
    if !errors.is_empty() {
        body.insert(
            "errors".into(),
            serde_json::to_value(&errors).unwrap_or(Value::Null),
        );
    }
    if executed {
        body.insert(
            "data".into(),
            serde_json::to_value(&response.data).unwrap_or(Value::Null),
        );
    }
    if !response.extensions.is_empty() {
        body.insert(
            "extensions".into(),
            serde_json::to_value(&response.extensions).unwrap_or(Value::Null),
        );
    }
    Ok((Value::Object(body), outcome))
}

struct Outcome {
    executed: bool,
    method_not_allowed: bool,
    cache_max_age: Option<i32>,
}

/// Gives every error an `extensions.code` (Apollo's names for parse and validation
/// failures) and returns it.
fn ensure_code(e: &mut async_graphql::ServerError, executed: bool) -> String {
    let ext = e
        .extensions
        .get_or_insert_with(ErrorExtensionValues::default);
    if let Some(async_graphql::Value::String(code)) = ext.get("code") {
        return code.clone();
    }
    let code = if executed {
        INTERNAL
    } else if e.message == "PersistedQueryNotFound" {
        "PERSISTED_QUERY_NOT_FOUND"
    } else if e.message.contains(" --> ") {
        "GRAPHQL_PARSE_FAILED"
    } else {
        "GRAPHQL_VALIDATION_FAILED"
    };
    ext.set("code", code);
    code.to_string()
}

async fn execute_one(
    req: &HttpRequest,
    state: &AppState,
    rt: ResponseType,
    params: Params,
    get_request: bool,
) -> HttpResponse {
    let etag = get_request.then(|| etag_for(state, rt, req.query_string()));
    let (body, outcome) = match run(req, state, params, get_request).await {
        Ok(r) => r,
        Err(r) => return refusal_response(rt, r),
    };
    let status = if outcome.method_not_allowed {
        StatusCode::METHOD_NOT_ALLOWED
    } else if !outcome.executed && rt == ResponseType::GraphqlResponseJson && !is_apq_miss(&body) {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let mut resp = HttpResponse::build(status);
    resp.insert_header((header::CONTENT_TYPE, rt.content_type()));
    resp.insert_header((header::VARY, "Accept"));
    if outcome.method_not_allowed {
        resp.insert_header((header::ALLOW, "POST"));
    }
    match (etag, outcome.cache_max_age) {
        (Some(etag), Some(max_age)) => {
            resp.insert_header((header::CACHE_CONTROL, format!("public, max-age={max_age}")));
            resp.insert_header((header::ETAG, etag.clone()));
            if if_none_match(req, &etag) {
                return resp.status(StatusCode::NOT_MODIFIED).finish();
            }
        }
        _ => {
            resp.insert_header((header::CACHE_CONTROL, "no-store"));
        }
    }
    resp.body(body.to_string())
}

fn is_apq_miss(body: &Value) -> bool {
    body["errors"].as_array().is_some_and(|errs| {
        errs.iter()
            .any(|e| e["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND")
    })
}

async fn execute_batch(
    req: &HttpRequest,
    state: &AppState,
    rt: ResponseType,
    items: Vec<Value>,
) -> HttpResponse {
    let max = state.limits.max_batch;
    if items.is_empty() || items.len() > max {
        let message = if max == 0 {
            "batched requests are not accepted".to_string()
        } else {
            format!(
                "a batch must hold 1 to {max} operations; this one holds {}",
                items.len()
            )
        };
        return refusal_response(
            rt,
            refuse(StatusCode::BAD_REQUEST, "BATCH_LIMIT_EXCEEDED", message),
        );
    }
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let params = match item {
            Value::Object(map) => params_from_json(map),
            _ => Err(refuse(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                "each batch entry must be a JSON object",
            )),
        };
        let body = match params {
            Ok(p) => match run(req, state, p, false).await {
                Ok((body, _)) => body,
                Err(r) => refusal_body(&r),
            },
            Err(r) => refusal_body(&r),
        };
        out.push(body);
    }
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, rt.content_type()))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(Value::Array(out).to_string())
}

fn refusal_body(r: &Refusal) -> Value {
    json!({ "errors": [{ "message": r.message, "extensions": { "code": r.code } }] })
}

pub(super) fn refusal_response(rt: ResponseType, r: Refusal) -> HttpResponse {
    HttpResponse::build(r.status)
        .insert_header((header::CONTENT_TYPE, rt.content_type()))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(refusal_body(&r).to_string())
}

/// Same catalog, same request, same representation: same bytes. The catalog is immutable
/// for the life of the process, so its version plus the request identifies the response.
fn etag_for(state: &AppState, rt: ResponseType, query_string: &str) -> String {
    let mut h = Sha256::new();
    h.update(state.catalog.version.as_bytes());
    h.update([0, rt as u8, 0]);
    h.update(query_string.as_bytes());
    let digest = h.finalize();
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

fn if_none_match(req: &HttpRequest, etag: &str) -> bool {
    req.headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .map(str::trim)
                .any(|t| t == etag || t == "*" || t.strip_prefix("W/") == Some(etag))
        })
}
