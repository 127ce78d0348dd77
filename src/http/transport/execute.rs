//! Running the operations of one HTTP request: persisted-query lookup and document rules
//! (`Documents`), one cost budget and one decision cap for the whole request (every entry
//! of a batch, every alias), then the schema, under one deadline and one
//! [`RequestBudget`] of resolved values.
//!
//! This file holds the request's loop; [`prepare`] reads each entry and applies the
//! document rules before it runs, [`answer`] turns the schema's response into an
//! [`Answer`] and counts it.

mod answer;
mod prepare;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use actix_web::HttpRequest;
use async_graphql::ServerError;

use super::cache::Cached;
use super::params::Params;
use super::{AppState, Refusal};
use crate::config::Limits;
use crate::domain::OutcomeToken;
use crate::graphql::documents::{DocumentError, Method};
use crate::graphql::recommendation::direct::{self, Direct, Submitted};
use crate::graphql::{RequestBudget, RequestMeta, ServedCatalog};
use crate::http::identity::Identity;
use crate::service::decisions;
use answer::{answer, count_answer, count_cache, count_refusal, keepable};
use prepare::{Ready, Rejected, prepare};

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

    let over = over_budget(&prepared, limits);
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
        let op_started = Instant::now();
        let timeout = || Refusal::Timeout {
            seconds: limits.request_timeout_secs,
        };
        let (direct, submitted) =
            tokio::time::timeout_at(deadline, direct(state, &ready, served, &meta, &budget))
                .await
                .map_err(|_| timeout())?;
        match direct {
            Direct::Answered(body) => {
                count_answer(state, label, op_started);
                let answered = Cached {
                    body: body.into(),
                    max_age: None,
                };
                if let Some(key) = cache_key {
                    state.response_cache.put(version, key, answered.clone());
                }
                outcomes.push(Outcome::Cached(answered));
                continue;
            }
            Direct::OutOfTime => return Err(timeout()),
            Direct::Declined => {}
        }
        let order = ready.prepared.order.take();
        let validation = ready.prepared.validation.clone();
        let mut request = ready.into_request(&meta, &budget, &served.catalog);
        if let Some(submitted) = submitted {
            request = request.data(submitted);
        }
        let run = state.schema.execute_document(request, &validation);
        let mut response = tokio::time::timeout_at(deadline, run)
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

/// One budget for the whole request: the entries' costs and decisions add up.
fn over_budget(prepared: &[Result<Ready, Rejected>], limits: &Limits) -> Option<DocumentError> {
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
    if cost > limits.max_query_complexity {
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
    }
}

/// A preview or a submit answered without the executor (`recommendation::direct`), for a
/// document that already passed the strict validation rules; anything else is declined.
/// A submit's decision is logged here; when its answer cannot be written directly after
/// all, the logged result goes to the executor with the request ([`Submitted`]).
async fn direct(
    state: &AppState,
    ready: &Ready,
    served: &ServedCatalog,
    meta: &RequestMeta,
    budget: &RequestBudget,
) -> (Direct, Option<Submitted>) {
    if !ready.prepared.validation.passed() || ready.prepared.order.is_some() {
        return (Direct::Declined, None);
    }
    let catalog = &served.catalog;
    let Some(plan) = direct::plan(
        ready.prepared.document.get(),
        ready.operation_name.as_deref(),
        &ready.variables,
        catalog,
    ) else {
        return (Direct::Declined, None);
    };
    let Some((profile, rec)) = plan.submission() else {
        return (plan.write(catalog, budget, None), None);
    };
    let client = meta.client_name.clone();
    match decisions::submit(catalog, &state.decision_log, profile, rec, client).await {
        Ok((id, token)) => {
            // Kept for the executor in case the walk declines (`OutcomeToken::parse` is
            // the one way to copy the secret; it is never logged either way).
            let kept = OutcomeToken::parse(token.expose());
            match plan.write(catalog, budget, Some((id, token))) {
                Direct::Declined => (Direct::Declined, Some(Submitted::new(Ok((id, kept))))),
                done => (done, None),
            }
        }
        Err(e) => (Direct::Declined, Some(Submitted::new(Err(e)))),
    }
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
