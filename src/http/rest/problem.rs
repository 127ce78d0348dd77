//! Errors as RFC 9457 problem details (`application/problem+json`): `type`, `title`,
//! `status`, `detail`, plus `code`, the same string GraphQL sends as `extensions.code`.
//!
//! `type` is `about:blank` (the status says what kind of problem it is; RFC 9457 §4.2.1),
//! so `title` is the status's reason phrase; `detail` is the message GraphQL would send.
//! The one place that maps a service error or a transport refusal to an HTTP status.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use super::views::RecommendationView;
use crate::http::transport::{Refusal, retry_seconds};
use crate::service::{Code, ServiceError};

pub const PROBLEM_JSON: &str = "application/problem+json";

/// An error, as RFC 9457 problem details.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// Always `about:blank`: the status is the problem type.
    #[schema(example = "about:blank")]
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The status's reason phrase, e.g. "Unprocessable Entity".
    pub title: String,
    /// The HTTP status, repeated.
    #[schema(minimum = 400, maximum = 599)]
    pub status: u16,
    /// What went wrong, naming the offending value.
    pub detail: String,
    /// The error code, as GraphQL's `extensions.code`, e.g. `BAD_USER_INPUT`.
    #[schema(example = "BAD_USER_INPUT")]
    pub code: &'static str,
    /// Only with `DECISION_NOT_RECORDED`: the recommendation, valid but not logged
    /// (`decisionId` is null).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<Box<RecommendationView>>,
    #[serde(skip)]
    #[schema(ignore)]
    retry_after: Option<u64>,
}

impl Problem {
    pub fn new(status: StatusCode, code: Code, detail: impl Into<String>) -> Problem {
        Problem {
            kind: "about:blank",
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            status: status.as_u16(),
            detail: detail.into(),
            code: code.as_str(),
            recommendation: None,
            retry_after: None,
        }
    }

    pub fn not_found(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::NOT_FOUND, Code::NotFound, detail)
    }

    /// A body that is not the JSON the route takes (syntax, types, missing fields).
    pub fn bad_request(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::BAD_REQUEST, Code::BadRequest, detail)
    }

    /// The same problem, told in REST's terms.
    #[must_use]
    pub fn detail(mut self, detail: impl Into<String>) -> Problem {
        self.detail = detail.into();
        self
    }

    #[must_use]
    pub fn with_recommendation(mut self, rec: RecommendationView) -> Problem {
        self.recommendation = Some(Box::new(rec));
        self
    }
}

/// The status of each service decision: a client mistake the catalog refutes is 422
/// (the request was well-formed), a missing or wrong token 401, a dependency that is
/// down (or a decision that could not be stored) 503.
impl From<ServiceError> for Problem {
    fn from(e: ServiceError) -> Problem {
        let status = match &e {
            ServiceError::BadInput(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ServiceError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            ServiceError::Unavailable(_) | ServiceError::NotRecorded(_) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ServiceError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        };
        Problem::new(status, e.code(), e.message())
    }
}

/// Refusals before the handler runs get the status and code GraphQL gives them.
impl From<Refusal> for Problem {
    fn from(r: Refusal) -> Problem {
        let mut p = Problem::new(r.status(), r.code(), r.message());
        if let Refusal::RateLimited { retry_after } = r {
            p.retry_after = Some(retry_seconds(retry_after));
        }
        p
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status, self.code, self.detail)
    }
}

impl ResponseError for Problem {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status_code());
        res.content_type(PROBLEM_JSON)
            .insert_header((header::CACHE_CONTROL, "no-store"));
        if let Some(seconds) = self.retry_after {
            res.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        res.body(serde_json::to_vec(self).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_service_error_keeps_its_graphql_code_and_message() {
        let p = Problem::from(ServiceError::BadInput("unknown framework \"x\"".into()));
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["type"], "about:blank");
        assert_eq!(json["status"], 422);
        assert_eq!(json["title"], "Unprocessable Entity");
        assert_eq!(json["code"], "BAD_USER_INPUT");
        assert_eq!(json["detail"], "unknown framework \"x\"");
        assert!(json.get("recommendation").is_none());
    }

    #[test]
    fn a_rate_limit_says_when_to_retry() {
        let p = Problem::from(Refusal::RateLimited {
            retry_after: std::time::Duration::from_millis(1500),
        });
        let res = p.error_response();
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(res.headers().get(header::RETRY_AFTER).unwrap(), "2");
        assert_eq!(
            res.headers().get(header::CONTENT_TYPE).unwrap(),
            PROBLEM_JSON
        );
    }
}
