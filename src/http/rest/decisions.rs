//! `POST /api/v1/recommendation` (a preview, never logged), `POST /api/v1/submit` (the
//! same recommendation, logged) and `POST /api/v1/outcome` (what the team chose): the
//! service layer's rules, as `recommendation`, `submitProfile` and `recordOutcome` apply
//! them. Submits and outcomes count against the mutation rate limit.

use actix_web::{HttpRequest, HttpResponse, web};

use super::problem::Problem;
use super::request::{caller, json, json_body, mutation_allowed};
use super::views::{OutcomeBody, OutcomeRecorded, ProfileBody, RecommendationView};
use crate::http::AppState;
use crate::service::{ServiceError, decisions, recommend};

const PROBLEM: &str = "application/problem+json";

/// Preview a recommendation: the same as `/api/v1/submit` gives, never logged.
#[utoipa::path(
    post, path = "/api/v1/recommendation", tag = "recommendations",
    request_body(content = ProfileBody, content_type = "application/json"),
    responses(
        (status = 200, description = "The explained recommendation", body = RecommendationView),
        (status = 400, description = "Not the JSON this route takes (`BAD_REQUEST`)", body = Problem, content_type = PROBLEM),
        (status = 413, description = "Larger than `MAX_BODY_BYTES` (`PAYLOAD_TOO_LARGE`)", body = Problem, content_type = PROBLEM),
        (status = 415, description = "Not `application/json` (`UNSUPPORTED_MEDIA_TYPE`)", body = Problem, content_type = PROBLEM),
        (status = 422, description = "Answers the catalog refutes (`BAD_USER_INPUT`)", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn recommendation(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Problem> {
    caller(&req, &state)?;
    let body: ProfileBody = json_body(&req, payload, &state).await?;
    let served = state.catalog.current();
    let c = &served.catalog;
    let (answers, languages) = body.args();
    let (profile, rec) = recommend::recommend(c, &answers, languages.as_deref())?;
    // A preview depends only on the catalog and the body, but it is a POST: not cached.
    Ok(json(
        &RecommendationView::new(c, &profile, &rec, None),
        false,
    ))
}

/// Computes the same recommendation as the preview and logs the decision anonymously.
/// `decisionId` (and `outcomeToken`) are returned only once the decision is durably
/// stored; if it could not be, the answer is 503 `DECISION_NOT_RECORDED` with the
/// recommendation in the problem's `recommendation` member.
#[utoipa::path(
    post, path = "/api/v1/submit", tag = "recommendations",
    request_body(content = ProfileBody, content_type = "application/json"),
    params(
        ("X-Client-Name" = Option<String>, Header, description = "Your portal's name (`[a-z0-9-]{1,40}`), recorded with the decision when no client keys are configured"),
        ("X-Client-Key" = Option<String>, Header, description = "Your client key, when the service has `CLIENT_KEYS_FILE`"),
    ),
    responses(
        (status = 200, description = "The recommendation, with `decisionId` and `outcomeToken`", body = RecommendationView),
        (status = 400, description = "Not the JSON this route takes (`BAD_REQUEST`)", body = Problem, content_type = PROBLEM),
        (status = 401, description = "An unknown client key (`UNAUTHENTICATED`)", body = Problem, content_type = PROBLEM),
        (status = 413, description = "Larger than `MAX_BODY_BYTES` (`PAYLOAD_TOO_LARGE`)", body = Problem, content_type = PROBLEM),
        (status = 415, description = "Not `application/json` (`UNSUPPORTED_MEDIA_TYPE`)", body = Problem, content_type = PROBLEM),
        (status = 422, description = "Answers the catalog refutes (`BAD_USER_INPUT`)", body = Problem, content_type = PROBLEM),
        (status = 429, description = "Over the mutation rate limit (`RATE_LIMITED`, with `Retry-After`)", body = Problem, content_type = PROBLEM),
        (status = 503, description = "The decision was not recorded (`DECISION_NOT_RECORDED`)", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn submit(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Problem> {
    let identity = caller(&req, &state)?;
    let body: ProfileBody = json_body(&req, payload, &state).await?;
    // Counted before the answers are validated, as GraphQL counts any mutation document.
    mutation_allowed(&state, &identity)?;
    let served = state.catalog.current();
    let c = &served.catalog;
    let (answers, languages) = body.args();
    let (profile, rec) = recommend::recommend(c, &answers, languages.as_deref())?;
    match decisions::submit(c, &state.decision_log, &profile, &rec, identity.client_name).await {
        Ok(decision) => Ok(json(
            &RecommendationView::new(c, &profile, &rec, Some(decision)),
            false,
        )),
        Err(e @ ServiceError::NotRecorded(_)) => {
            Err(Problem::from(e)
                .with_recommendation(RecommendationView::new(c, &profile, &rec, None)))
        }
        Err(e) => Err(e.into()),
    }
}

/// Reports which framework the team actually chose for a logged decision. Needs the
/// `outcomeToken` returned with the decision (unless the service runs with
/// `RECORD_OUTCOME_WITHOUT_TOKEN=true`). A second report replaces the first.
#[utoipa::path(
    post, path = "/api/v1/outcome", tag = "recommendations",
    request_body(content = OutcomeBody, content_type = "application/json"),
    responses(
        (status = 200, description = "Stored", body = OutcomeRecorded),
        (status = 400, description = "Not the JSON this route takes (`BAD_REQUEST`)", body = Problem, content_type = PROBLEM),
        (status = 401, description = "No token, a wrong token or an unknown decision (`UNAUTHENTICATED`)", body = Problem, content_type = PROBLEM),
        (status = 413, description = "Larger than `MAX_BODY_BYTES` (`PAYLOAD_TOO_LARGE`)", body = Problem, content_type = PROBLEM),
        (status = 415, description = "Not `application/json` (`UNSUPPORTED_MEDIA_TYPE`)", body = Problem, content_type = PROBLEM),
        (status = 422, description = "A malformed decision id or an unknown framework (`BAD_USER_INPUT`)", body = Problem, content_type = PROBLEM),
        (status = 429, description = "Over the mutation rate limit (`RATE_LIMITED`, with `Retry-After`)", body = Problem, content_type = PROBLEM),
        (status = 503, description = "The decision log database is not there (`SERVICE_UNAVAILABLE`)", body = Problem, content_type = PROBLEM),
    )
)]
pub async fn outcome(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Problem> {
    let identity = caller(&req, &state)?;
    let body: OutcomeBody = json_body(&req, payload, &state).await?;
    mutation_allowed(&state, &identity)?;
    let served = state.catalog.current();
    let store = decisions::OutcomeStore {
        database: state.database.as_ref(),
        log: &state.decision_log,
        auth: state.outcome_auth,
    };
    decisions::record_outcome(&served.catalog, store, body.args()).await?;
    Ok(json(&OutcomeRecorded { recorded: true }, false))
}
