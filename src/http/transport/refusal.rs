//! Requests refused before GraphQL sees them, and every HTTP status a GraphQL request can
//! get: the one place that maps refusals and document errors to statuses.

use std::time::Duration;

use actix_web::http::StatusCode;

use super::negotiate::ResponseType;
use crate::graphql::Code;
use crate::graphql::documents::DocumentError;
use crate::http::identity::UnknownClientKey;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    PayloadTooLarge {
        max: usize,
    },
    /// The body arrived slower than the minimum transfer rate allows.
    BodyTooSlow {
        seconds: u64,
    },
    UnsupportedMediaType,
    NotAcceptable,
    /// A malformed request: bad JSON, wrong parameter types, no query.
    BadRequest(String),
    VariablesTooLarge {
        max: usize,
    },
    BatchTooLarge {
        len: usize,
        max: usize,
    },
    RateLimited {
        retry_after: Duration,
    },
    /// Client keys are configured and the request's `X-Client-Key` is none of them.
    UnknownClientKey,
    Timeout {
        seconds: u64,
    },
}

impl From<UnknownClientKey> for Refusal {
    fn from(_: UnknownClientKey) -> Refusal {
        Refusal::UnknownClientKey
    }
}

impl Refusal {
    pub fn status(&self) -> StatusCode {
        match self {
            Refusal::PayloadTooLarge { .. } | Refusal::VariablesTooLarge { .. } => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
            Refusal::BodyTooSlow { .. } => StatusCode::REQUEST_TIMEOUT,
            Refusal::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Refusal::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
            Refusal::BadRequest(_) | Refusal::BatchTooLarge { .. } => StatusCode::BAD_REQUEST,
            Refusal::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Refusal::UnknownClientKey => StatusCode::UNAUTHORIZED,
            Refusal::Timeout { .. } => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    pub fn code(&self) -> Code {
        match self {
            Refusal::PayloadTooLarge { .. } | Refusal::VariablesTooLarge { .. } => {
                Code::PayloadTooLarge
            }
            Refusal::BodyTooSlow { .. } => Code::RequestTimeout,
            Refusal::UnsupportedMediaType => Code::UnsupportedMediaType,
            Refusal::NotAcceptable => Code::NotAcceptable,
            Refusal::BadRequest(_) => Code::BadRequest,
            Refusal::BatchTooLarge { .. } => Code::BatchLimitExceeded,
            Refusal::RateLimited { .. } => Code::RateLimited,
            Refusal::UnknownClientKey => Code::Unauthenticated,
            Refusal::Timeout { .. } => Code::Timeout,
        }
    }

    pub fn message(&self) -> String {
        match self {
            Refusal::PayloadTooLarge { max } => {
                format!("the request body is larger than {max} bytes (MAX_BODY_BYTES)")
            }
            Refusal::BodyTooSlow { seconds } => format!(
                "the request body did not arrive within {seconds}s (MIN_BODY_BYTES_PER_SECOND)"
            ),
            Refusal::UnsupportedMediaType => {
                "POST /graphql needs Content-Type: application/json".into()
            }
            Refusal::NotAcceptable => {
                "Accept must allow application/graphql-response+json or application/json".into()
            }
            Refusal::BadRequest(message) => message.clone(),
            Refusal::VariablesTooLarge { max } => {
                format!("the variables are larger than {max} bytes (MAX_VARIABLES_BYTES)")
            }
            Refusal::BatchTooLarge { max: 0, .. } => "batched requests are not accepted".into(),
            Refusal::BatchTooLarge { len, max } => {
                format!("a batch must hold 1 to {max} operations (MAX_BATCH); this one holds {len}")
            }
            Refusal::RateLimited { retry_after } => {
                format!(
                    "too many requests; retry in {}s",
                    retry_seconds(*retry_after)
                )
            }
            Refusal::UnknownClientKey => {
                "the X-Client-Key is not one this service knows; send a valid key, or none".into()
            }
            Refusal::Timeout { seconds } => {
                format!("the request took longer than {seconds}s (REQUEST_TIMEOUT_SECS)")
            }
        }
    }
}

/// Whole seconds to wait, rounded up, at least 1.
pub fn retry_seconds(wait: Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

/// The status of a response whose operations did not execute because of `error`.
/// GraphQL over HTTP: request errors are 4xx under `application/graphql-response+json`
/// and 200 under legacy `application/json`; an APQ miss is part of the protocol (Apollo
/// clients resend the document on a 200); a mutation over GET is 405 either way.
pub fn document_status(error: &DocumentError, rt: ResponseType) -> StatusCode {
    match error {
        DocumentError::MutationOverGet => StatusCode::METHOD_NOT_ALLOWED,
        DocumentError::PersistedQueryNotFound => StatusCode::OK,
        _ => not_executed_status(rt),
    }
}

/// The status of a response without `data` (never executed) for reasons that are the
/// client's: refused by async-graphql's validation, or a response too large to send.
pub fn not_executed_status(rt: ResponseType) -> StatusCode {
    match rt {
        ResponseType::GraphqlResponseJson => StatusCode::BAD_REQUEST,
        ResponseType::Json => StatusCode::OK,
    }
}
