//! Which error to return where, in the GraphQL layer.
//!
//! Every `extensions.code` the service sends is a [`Code`]; its string is written once,
//! in [`Code::as_str`].
//!
//! - A client mistake (unknown id, bad weight, ...) is [`bad_input`]: code `BAD_USER_INPUT`,
//!   a message that names the offending value.
//! - Missing or wrong analytics credentials: [`unauthenticated`] (`UNAUTHENTICATED`).
//! - A feature switched off by configuration, or a dependency that is down:
//!   [`unavailable`] (`SERVICE_UNAVAILABLE`) with a message that says what to do.
//! - Anything else is an internal failure: log it with its cause chain and return
//!   [`internal`], which tells the client nothing but a code. Never `?` a raw
//!   `sqlx::Error` (or any other foreign error) into a GraphQL error: its text can leak
//!   SQL, hostnames or data.
//!
//! Refusals before execution have their own types: `documents::DocumentError` (the
//! document) and `http::transport::Refusal` (the HTTP request); both carry a [`Code`].

use async_graphql::{Error, ErrorExtensions};

pub use crate::telemetry::Chain;

/// Every error code of the API. Clients match on these strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    BadUserInput,
    Unauthenticated,
    ServiceUnavailable,
    InternalServerError,
    DecisionNotRecorded,
    GraphqlParseFailed,
    GraphqlValidationFailed,
    PersistedQueryNotFound,
    TooManyAliases,
    QueryTooComplex,
    ResponseTooLarge,
    TooManyDecisions,
    MethodNotAllowed,
    IntrospectionDisabled,
    UnsupportedMediaType,
    NotAcceptable,
    BadRequest,
    PayloadTooLarge,
    RequestTimeout,
    BatchLimitExceeded,
    RateLimited,
    Timeout,
    CatalogChanged,
}

impl Code {
    pub const fn as_str(self) -> &'static str {
        match self {
            Code::BadUserInput => "BAD_USER_INPUT",
            Code::Unauthenticated => "UNAUTHENTICATED",
            Code::ServiceUnavailable => "SERVICE_UNAVAILABLE",
            Code::InternalServerError => "INTERNAL_SERVER_ERROR",
            Code::DecisionNotRecorded => "DECISION_NOT_RECORDED",
            Code::GraphqlParseFailed => "GRAPHQL_PARSE_FAILED",
            Code::GraphqlValidationFailed => "GRAPHQL_VALIDATION_FAILED",
            Code::PersistedQueryNotFound => "PERSISTED_QUERY_NOT_FOUND",
            Code::TooManyAliases => "TOO_MANY_ALIASES",
            Code::QueryTooComplex => "QUERY_TOO_COMPLEX",
            Code::ResponseTooLarge => "RESPONSE_TOO_LARGE",
            Code::TooManyDecisions => "TOO_MANY_DECISIONS",
            Code::MethodNotAllowed => "METHOD_NOT_ALLOWED",
            Code::IntrospectionDisabled => "INTROSPECTION_DISABLED",
            Code::UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
            Code::NotAcceptable => "NOT_ACCEPTABLE",
            Code::BadRequest => "BAD_REQUEST",
            Code::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            Code::RequestTimeout => "REQUEST_TIMEOUT",
            Code::BatchLimitExceeded => "BATCH_LIMIT_EXCEEDED",
            Code::RateLimited => "RATE_LIMITED",
            Code::Timeout => "TIMEOUT",
            Code::CatalogChanged => "CATALOG_CHANGED",
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

pub fn coded(message: impl Into<String>, code: Code) -> Error {
    Error::new(message).extend_with(|_, e| e.set("code", code.as_str()))
}

pub fn bad_input(message: impl Into<String>) -> Error {
    coded(message, Code::BadUserInput)
}

pub fn unauthenticated(message: impl Into<String>) -> Error {
    coded(message, Code::Unauthenticated)
}

pub fn unavailable(message: impl Into<String>) -> Error {
    coded(message, Code::ServiceUnavailable)
}

/// Logs `err` with its whole cause chain and returns the generic client-facing error.
pub fn internal(context: &str, err: &(dyn std::error::Error + 'static)) -> Error {
    tracing::error!(error = %Chain(err), "{context}");
    coded("internal error", Code::InternalServerError)
}
