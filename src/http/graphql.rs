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

use std::collections::BTreeMap;
use std::time::Instant;

use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use async_graphql::{ErrorExtensionValues, Variables};
use serde::Serialize;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::AppState;
use super::accept::{ResponseType, negotiate};
use crate::decision_log::ClientName;
use crate::graphql::errors::INTERNAL;
use crate::graphql::{PersistedQueryError, RequestMeta};
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

/// One operation's result, kept in async-graphql's types until it is written out: the
/// response is serialized once, straight into the body.
struct Answer {
    errors: Vec<async_graphql::ServerError>,
    /// `None` when the operation never executed (GraphQL over HTTP: no `data` key then).
    data: Option<async_graphql::Value>,
    extensions: BTreeMap<String, async_graphql::Value>,
    method_not_allowed: bool,
    persisted_query_miss: bool,
    cache_max_age: Option<i32>,
}

#[derive(Serialize)]
struct AnswerBody<'a> {
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [async_graphql::ServerError],
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a async_graphql::Value>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    extensions: &'a BTreeMap<String, async_graphql::Value>,
}

impl Answer {
    fn executed(&self) -> bool {
        self.data.is_some()
    }

    fn to_json(&self) -> Vec<u8> {
        let body = AnswerBody {
            errors: &self.errors,
            data: self.data.as_ref(),
            extensions: &self.extensions,
        };
        serde_json::to_vec(&body).unwrap_or_else(|e| {
            // Not expected (every key is a string), but never a panic or a half-written body.
            tracing::error!(error = %e, "cannot serialize a GraphQL response");
            refusal_body(&refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                INTERNAL,
                "internal error",
            ))
            .to_string()
            .into_bytes()
        })
    }
}

/// Runs one operation: persisted-query lookup and document rules (`Documents`), then the
/// schema with the parsed document.
async fn run(
    req: &HttpRequest,
    state: &AppState,
    params: Params,
    get_request: bool,
) -> Result<Answer, Refusal> {
    let started = Instant::now();
    let variables = params
        .variables
        .map(|v| Variables::from_json(Value::Object(v)))
        .unwrap_or_default();
    let mut extensions = params.extensions.unwrap_or_default();
    let persisted_query = extensions.remove("persistedQuery");
    let prepared = match state
        .documents
        .resolve_text(params.query, persisted_query.as_ref())
    {
        Ok(text) => state.documents.prepare(
            &text,
            params.operation_name.as_deref(),
            &variables,
            get_request,
        ),
        Err(PersistedQueryError::NotFound) => Err(PersistedQueryError::not_found_error()),
        Err(PersistedQueryError::Invalid(message)) => {
            return Err(refuse(StatusCode::BAD_REQUEST, "BAD_REQUEST", message));
        }
    };
    let (response, label) = match prepared {
        Err(e) => (async_graphql::Response::from_errors(vec![e]), None),
        Ok(prepared) => {
            let mut request = async_graphql::Request::new(String::new()).variables(variables);
            if let Some(name) = params.operation_name {
                request = request.operation_name(name);
            }
            for (k, v) in extensions {
                let v = async_graphql::Value::from_json(v).unwrap_or(async_graphql::Value::Null);
                request.extensions.insert(k, v);
            }
            request.set_parsed_query(prepared.document);
            request = request.data(request_meta(req));
            let response = tokio::time::timeout(
                state.limits.request_timeout(),
                state.schema.execute(request),
            )
            .await
            .map_err(|_| {
                refuse(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "TIMEOUT",
                    format!(
                        "the request took longer than {}s",
                        state.limits.request_timeout_secs
                    ),
                )
            })?;
            (response, prepared.label)
        }
    };
    // An operation that never executed (refused by the rules above, or by async-graphql's
    // parser and validation) answers errors without a path and no data; an executed one
    // has data, or (a non-null root field failed) errors with paths. This holds for
    // async-graphql 7.2 as long as no schema extension or custom directive is registered
    // (those can fail during execution without a path); tests/http_surface.rs pins it.
    let executed = !(response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty()));
    let label = OperationLabels {
        // Validation has passed when it executed, so every root field in the label exists
        // in the schema: the label set is bounded.
        operation: label
            .filter(|_| executed)
            .unwrap_or_else(|| "invalid".to_string()),
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
    let mut answer = Answer {
        errors: response.errors,
        data: executed.then_some(response.data),
        extensions: response.extensions,
        method_not_allowed: false,
        persisted_query_miss: false,
        cache_max_age: cacheable.then_some(cache.max_age),
    };
    for e in &mut answer.errors {
        let code = ensure_code(e, executed);
        answer.method_not_allowed |= code == crate::graphql::MUTATION_OVER_GET;
        answer.persisted_query_miss |= code == crate::graphql::PERSISTED_QUERY_NOT_FOUND;
        state
            .metrics
            .graphql_errors
            .get_or_create(&ErrorLabels { code })
            .inc();
    }
    Ok(answer)
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
    let answer = match run(req, state, params, get_request).await {
        Ok(a) => a,
        Err(r) => return refusal_response(rt, r),
    };
    // An APQ miss is part of the protocol, not a bad request: Apollo clients resend the
    // document on a 200.
    let status = if answer.method_not_allowed {
        StatusCode::METHOD_NOT_ALLOWED
    } else if !answer.executed()
        && rt == ResponseType::GraphqlResponseJson
        && !answer.persisted_query_miss
    {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let mut resp = HttpResponse::build(status);
    resp.insert_header((header::CONTENT_TYPE, rt.content_type()));
    resp.insert_header((header::VARY, "Accept"));
    if answer.method_not_allowed {
        resp.insert_header((header::ALLOW, "POST"));
    }
    match (etag, answer.cache_max_age) {
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
    resp.body(answer.to_json())
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
    let mut out = Vec::with_capacity(64 * items.len());
    out.push(b'[');
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let params = match item {
            Value::Object(map) => params_from_json(map),
            _ => Err(refuse(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                "each batch entry must be a JSON object",
            )),
        };
        match params {
            Ok(p) => match run(req, state, p, false).await {
                Ok(answer) => out.extend_from_slice(&answer.to_json()),
                Err(r) => out.extend_from_slice(refusal_body(&r).to_string().as_bytes()),
            },
            Err(r) => out.extend_from_slice(refusal_body(&r).to_string().as_bytes()),
        }
    }
    out.push(b']');
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, rt.content_type()))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(out)
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
