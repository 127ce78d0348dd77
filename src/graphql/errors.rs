//! Which error to return where, in the GraphQL layer.
//!
//! Every `extensions.code` the service sends is a [`Code`] (defined in the service layer,
//! shared with the REST API); its string is written once, in [`Code::as_str`]. Errors the
//! service layer decides ([`ServiceError`](crate::service::ServiceError)) convert with `?`.
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

pub use crate::service::Code;

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

impl From<crate::service::ServiceError> for Error {
    fn from(e: crate::service::ServiceError) -> Error {
        coded(e.message(), e.code())
    }
}
