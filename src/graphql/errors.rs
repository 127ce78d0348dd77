//! Which error to return where, in the GraphQL layer.
//!
//! - A client mistake (unknown id, bad weight, ...) is [`bad_input`]: code `BAD_USER_INPUT`,
//!   a message that names the offending value.
//! - Missing or wrong analytics credentials: [`unauthenticated`] (`UNAUTHENTICATED`).
//! - A feature switched off by configuration: [`unavailable`] (`SERVICE_UNAVAILABLE`)
//!   with a message that says which setting enables it.
//! - Anything else is an internal failure: log it with its cause chain and return
//!   [`internal`], which tells the client nothing but a code. Never `?` a raw
//!   `sqlx::Error` (or any other foreign error) into a GraphQL error: its text can leak
//!   SQL, hostnames or data.

use async_graphql::{Error, ErrorExtensions};

pub const BAD_USER_INPUT: &str = "BAD_USER_INPUT";
pub const UNAUTHENTICATED: &str = "UNAUTHENTICATED";
pub const SERVICE_UNAVAILABLE: &str = "SERVICE_UNAVAILABLE";
pub const INTERNAL: &str = "INTERNAL_SERVER_ERROR";
pub const DECISION_NOT_RECORDED: &str = "DECISION_NOT_RECORDED";

fn coded(message: impl Into<String>, code: &'static str) -> Error {
    Error::new(message).extend_with(|_, e| e.set("code", code))
}

pub fn bad_input(message: impl Into<String>) -> Error {
    coded(message, BAD_USER_INPUT)
}

pub fn unauthenticated(message: impl Into<String>) -> Error {
    coded(message, UNAUTHENTICATED)
}

pub fn unavailable(message: impl Into<String>) -> Error {
    coded(message, SERVICE_UNAVAILABLE)
}

/// Logs `err` with its whole cause chain and returns the generic client-facing error.
pub fn internal(context: &str, err: &(dyn std::error::Error + 'static)) -> Error {
    let mut chain = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        source = s.source();
    }
    tracing::error!(error = %chain, "{context}");
    coded("internal error", INTERNAL)
}
