//! After the schema ran an operation: its response as an [`Answer`] (every error with a
//! code), what the response cache may keep, and the metrics of answers, refusals and cache
//! lookups. Separate from the request's loop so that it reads as the order of events.

use std::time::Instant;

use async_graphql::ErrorExtensionValues;
use async_graphql::ServerError;

use super::{Answer, Outcome};
use crate::graphql::Code;
use crate::http::AppState;
use crate::http::transport::cache::{self, Cached};
use crate::metrics::{CacheLabels, ErrorLabels, OperationLabels};

pub(super) fn answer(
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
pub(super) fn count_answer(state: &AppState, label: &'static str, started: Instant) {
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
pub(super) fn count_cache(state: &AppState, result: &'static str) {
    state
        .metrics
        .response_cache
        .get_or_create(&CacheLabels { result })
        .inc();
}

/// The serialized answer, if it may be kept: executed, without errors, small enough.
pub(super) fn keepable(answer: &Answer) -> Option<Cached> {
    if !answer.errors.is_empty() || answer.data.is_none() {
        return None;
    }
    let body = crate::http::transport::response::serialize_answer(answer, cache::MAX_ENTRY_BYTES)?;
    Some(Cached {
        body: body.into(),
        max_age: answer.cache_max_age,
    })
}

pub(super) fn count_refusal(state: &AppState, outcome: &Outcome) {
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
pub(super) fn ensure_code(e: &mut ServerError, executed: bool) -> String {
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
