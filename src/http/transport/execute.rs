//! Running the operations of one HTTP request: persisted-query lookup and document rules
//! (`Documents`), one cost budget and one decision cap for the whole request (every entry
//! of a batch, every alias), then the schema, under one deadline and one
//! [`RequestBudget`] of resolved values.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use actix_web::HttpRequest;
use async_graphql::{ErrorExtensionValues, ServerError, Variables};
use serde_json::Value;

use super::cache::{self, Cached, Key};
use super::params::Params;
use super::{AppState, Refusal};
use crate::catalog::Catalog;
use crate::graphql::documents::{DocumentError, Method, PersistedQueryError, Prepared};
use crate::graphql::{Code, RequestBudget, RequestMeta, ServedCatalog};
use crate::http::identity::Identity;
use crate::metrics::{CacheLabels, ErrorLabels, OperationLabels};

/// What became of one operation.
pub enum Outcome {
    /// Refused by the transport (a malformed entry of a batch).
    Refused(Refusal),
    /// Refused by the document rules: never executed.
    NotExecuted(DocumentError),
    /// Handed to the schema (which may still refuse it in validation: see `answer`).
    Answered(Box<Answer>),
    /// An error-free answer of a pure operation, serialized: from the response cache, or
    /// just computed and kept there.
    Cached(Cached),
}

/// One operation's result, kept in async-graphql's types until it is written out: the
/// response is serialized once, straight into the body.
pub struct Answer {
    pub errors: Vec<ServerError>,
    /// `None` when the operation never executed (GraphQL over HTTP: no `data` key then).
    pub data: Option<async_graphql::Value>,
    pub extensions: BTreeMap<String, async_graphql::Value>,
    /// `Some(max_age)` when every field of the result is publicly cacheable.
    pub cache_max_age: Option<i32>,
}

/// An entry that passed the document rules, waiting for the request's budget check.
struct Ready {
    prepared: Prepared,
    variables: Variables,
    operation_name: Option<String>,
    /// Set for a pure operation when the response cache is on.
    cache_key: Option<Key>,
}

/// Why an entry will not run.
enum Rejected {
    Refused(Refusal),
    NotExecuted(DocumentError),
}

impl From<Rejected> for Outcome {
    fn from(r: Rejected) -> Outcome {
        match r {
            Rejected::Refused(r) => Outcome::Refused(r),
            Rejected::NotExecuted(e) => Outcome::NotExecuted(e),
        }
    }
}

/// Runs every entry of the request in order, all against `served` (the catalog taken once
/// for the request). `Err` refuses the whole request: a deadline passed, or the request's
/// variables are too large.
pub async fn run(
    req: &HttpRequest,
    state: &AppState,
    served: &ServedCatalog,
    identity: &Identity,
    entries: Vec<Params>,
    method: Method,
) -> Result<Vec<Outcome>, Refusal> {
    let started = Instant::now();
    let limits = &state.limits;
    let variables_len: usize = entries.iter().map(Params::variables_len).sum();
    if variables_len > limits.max_variables_bytes {
        return Err(Refusal::VariablesTooLarge {
            max: limits.max_variables_bytes,
        });
    }

    let meta = RequestMeta {
        client_name: identity.client_name.clone(),
        bearer: header(req, "authorization").and_then(bearer_token),
        limit_key: identity.limit_key,
    };
    let mut prepared: Vec<Result<Ready, Rejected>> = entries
        .into_iter()
        .map(|p| prepare(state, served, p, method))
        .collect();

    // One budget for the whole request: the entries' costs and decisions add up.
    let cost: u64 = prepared
        .iter()
        .flatten()
        .map(|r| r.prepared.measure.cost)
        .sum();
    let submits: u64 = prepared
        .iter()
        .flatten()
        .map(|r| r.prepared.measure.submits)
        .sum();
    let over = if cost > limits.max_query_complexity {
        Some(DocumentError::TooComplex {
            cost,
            limit: limits.max_query_complexity,
        })
    } else if submits > limits.max_decisions_per_request {
        Some(DocumentError::TooManyDecisions {
            submits,
            max: limits.max_decisions_per_request,
        })
    } else {
        None
    };
    if let Some(e) = over {
        for entry in &mut prepared {
            if entry.is_ok() {
                *entry = Err(Rejected::NotExecuted(e.clone()));
            }
        }
    }
    // Mutations write what analysts read: a request carrying any counts against the
    // client's mutation bucket, once.
    let mutates = prepared.iter().flatten().any(|r| r.prepared.mutation);
    if mutates && let Some(limit) = &state.mutation_limit {
        limit.check(identity.limit_key).map_err(|retry_after| {
            state.metrics.rate_limited.inc();
            Refusal::RateLimited { retry_after }
        })?;
    }

    let deadline = tokio::time::Instant::from_std(started) + limits.request_timeout();
    let budget = Arc::new(RequestBudget::new(
        limits.max_resolved_values,
        deadline.into_std(),
    ));
    let mut outcomes = Vec::with_capacity(prepared.len());
    for entry in prepared {
        let mut ready = match entry {
            Ok(ready) => ready,
            Err(rejected) => {
                let outcome = Outcome::from(rejected);
                count_refusal(state, &outcome);
                outcomes.push(outcome);
                continue;
            }
        };
        let label = ready.prepared.label;
        let version = served.catalog.version.as_str();
        let cache_key = ready.cache_key.take();
        if let Some(key) = &cache_key {
            let hit = state.response_cache.get(version, key);
            count_cache(state, if hit.is_some() { "hit" } else { "miss" });
            if let Some(hit) = hit {
                count_answer(state, label, Instant::now());
                outcomes.push(Outcome::Cached(hit));
                continue;
            }
        }
        let order = ready.prepared.order.take();
        let request = ready.into_request(&meta, &budget, &served.catalog);
        let op_started = Instant::now();
        let timeout = || Refusal::Timeout {
            seconds: limits.request_timeout_secs,
        };
        let mut response = tokio::time::timeout_at(deadline, state.schema.execute(request))
            .await
            .map_err(|_| timeout())?;
        if budget.timed_out() {
            return Err(timeout());
        }
        if let Some(order) = order {
            order.apply(&mut response.data);
        }
        let answer = answer(state, response, label, op_started);
        let kept = cache_key.and_then(|key| {
            let cached = keepable(&answer)?;
            state.response_cache.put(version, key, cached.clone());
            Some(cached)
        });
        outcomes.push(match kept {
            Some(cached) => Outcome::Cached(cached),
            None => Outcome::Answered(Box::new(answer)),
        });
    }
    Ok(outcomes)
}

fn prepare(
    state: &AppState,
    served: &ServedCatalog,
    params: Params,
    method: Method,
) -> Result<Ready, Rejected> {
    let variables = params.parsed_variables().map_err(Rejected::Refused)?;
    let mut extensions = params.parsed_extensions().map_err(Rejected::Refused)?;
    let persisted_query = extensions.remove("persistedQuery");
    let text = state
        .documents
        .resolve_text(params.query, persisted_query.as_ref())
        .map_err(|e| match e {
            PersistedQueryError::NotFound => {
                Rejected::NotExecuted(DocumentError::PersistedQueryNotFound)
            }
            PersistedQueryError::Invalid(m) => Rejected::Refused(Refusal::BadRequest(m)),
        })?;
    let canonical_variables = serde_json::to_string(&variables).unwrap_or_default();
    let variables = Variables::from_json(Value::Object(variables));
    let prepared = state
        .documents
        .prepare(
            &served.cost,
            &text,
            params.operation_name.as_deref(),
            &variables,
            method,
        )
        .map_err(Rejected::NotExecuted)?;
    let cache_key = prepared
        .pure
        .then(|| {
            state.response_cache.key(
                &served.catalog.version,
                params.operation_name.as_deref(),
                &text,
                &canonical_variables,
            )
        })
        .flatten();
    Ok(Ready {
        prepared,
        variables,
        operation_name: params.operation_name,
        cache_key,
    })
}

impl Ready {
    fn into_request(
        self,
        meta: &RequestMeta,
        budget: &Arc<RequestBudget>,
        catalog: &Arc<Catalog>,
    ) -> async_graphql::Request {
        let mut request = async_graphql::Request::new(String::new()).variables(self.variables);
        if let Some(name) = self.operation_name {
            request = request.operation_name(name);
        }
        request.set_parsed_query(self.prepared.document);
        request
            .data(meta.clone())
            .data(budget.clone())
            .data(catalog.clone())
    }
}

fn answer(
    state: &AppState,
    response: async_graphql::Response,
    label: &'static str,
    started: Instant,
) -> Answer {
    // An operation the schema refused in validation answers errors without a path and no
    // data; an executed one has data, or (a non-null root field failed) errors with paths.
    // This holds for async-graphql 7.2 as long as no schema extension or custom directive
    // is registered (those can fail during execution without a path); tests/api pins it.
    let executed = !(response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty()));
    // Labels come from a fixed set; a refused document is "invalid" whatever it named.
    count_answer(state, if executed { label } else { "invalid" }, started);

    let cache = response.cache_control;
    let cacheable = executed && response.errors.is_empty() && cache.public && cache.max_age > 0;
    let mut errors = response.errors;
    for e in &mut errors {
        let code = ensure_code(e, executed);
        state
            .metrics
            .graphql_errors
            .get_or_create(&ErrorLabels { code })
            .inc();
    }
    Answer {
        errors,
        data: executed.then_some(response.data),
        extensions: response.extensions,
        cache_max_age: cacheable.then_some(cache.max_age),
    }
}

/// Counts one answered operation under `label`, with its execution time.
fn count_answer(state: &AppState, label: &'static str, started: Instant) {
    let labels = OperationLabels {
        operation: label.to_string(),
    };
    state.metrics.graphql_requests.get_or_create(&labels).inc();
    state
        .metrics
        .graphql_duration
        .get_or_create(&labels)
        .observe(started.elapsed().as_secs_f64());
    tracing::Span::current().record("graphql.operation", label);
}

/// Counts a lookup of a pure operation in the response cache: `hit` or `miss`.
fn count_cache(state: &AppState, result: &'static str) {
    state
        .metrics
        .response_cache
        .get_or_create(&CacheLabels { result })
        .inc();
}

/// The serialized answer, if it may be kept: executed, without errors, small enough.
fn keepable(answer: &Answer) -> Option<Cached> {
    if !answer.errors.is_empty() || answer.data.is_none() {
        return None;
    }
    let body = super::response::serialize_answer(answer, cache::MAX_ENTRY_BYTES)?;
    Some(Cached {
        body: body.into(),
        max_age: answer.cache_max_age,
    })
}

fn count_refusal(state: &AppState, outcome: &Outcome) {
    let code = match outcome {
        Outcome::Refused(r) => r.code(),
        Outcome::NotExecuted(e) => e.code(),
        Outcome::Answered(_) | Outcome::Cached(_) => return,
    };
    state
        .metrics
        .graphql_errors
        .get_or_create(&ErrorLabels {
            code: code.as_str().to_string(),
        })
        .inc();
}

/// Gives every error an `extensions.code` and returns it: errors async-graphql raises
/// itself carry none. Before execution they are validation failures (documents are
/// parsed before the schema sees them); during execution, an error without a code is
/// ours to explain, so it is internal.
fn ensure_code(e: &mut ServerError, executed: bool) -> String {
    let ext = e
        .extensions
        .get_or_insert_with(ErrorExtensionValues::default);
    if let Some(async_graphql::Value::String(code)) = ext.get("code") {
        return code.clone();
    }
    let code = if executed {
        Code::InternalServerError
    } else {
        Code::GraphqlValidationFailed
    };
    ext.set("code", code.as_str());
    code.as_str().to_string()
}

fn header<'a>(req: &'a HttpRequest, name: &str) -> Option<&'a str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

/// The token of an `Authorization: Bearer <token>` header. The scheme is
/// case-insensitive (RFC 9110, section 11.1).
fn bearer_token(value: &str) -> Option<String> {
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::bearer_token;

    #[test]
    fn the_bearer_scheme_is_case_insensitive() {
        for h in ["Bearer abc", "bearer abc", "BEARER abc", "  Bearer   abc "] {
            assert_eq!(bearer_token(h).as_deref(), Some("abc"), "{h:?}");
        }
        for h in ["Basic abc", "Bearer", "Bearer ", "Bearerabc"] {
            assert_eq!(bearer_token(h), None, "{h:?}");
        }
    }
}
