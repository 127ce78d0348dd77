//! The errors the service layer decides, and every error code the API sends.
//!
//! A [`ServiceError`] is a typed decision (bad input, not allowed, unavailable, not
//! recorded, internal); each transport maps it: GraphQL to an error with
//! `extensions.code` (`graphql::errors`), REST to an RFC 9457 problem (`http::rest`).
//! The code string of each kind is written once, in [`Code::as_str`].

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
    /// REST only: no such resource (GraphQL answers null instead).
    NotFound,
    /// A logged decision's answers no longer fit the served catalog (its record cannot be
    /// recomputed).
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
            Code::NotFound => "NOT_FOUND",
            Code::CatalogChanged => "CATALOG_CHANGED",
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What went wrong in a service call, as the client may see it.
///
/// Deliberately not `Display`: async-graphql turns any `Display` error into a GraphQL
/// error without a code, so `?` must go through the explicit conversion that keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceError {
    /// A client mistake; the message names the offending value.
    BadInput(String),
    /// Missing or wrong credentials (an outcome token).
    Unauthenticated(String),
    /// A feature switched off, or a dependency that is down; the message says what to do.
    Unavailable(String),
    /// The recommendation is valid but the decision could not be stored durably.
    NotRecorded(String),
    /// Anything else: already logged with its cause chain; the client gets only the code.
    Internal,
}

impl ServiceError {
    pub fn code(&self) -> Code {
        match self {
            ServiceError::BadInput(_) => Code::BadUserInput,
            ServiceError::Unauthenticated(_) => Code::Unauthenticated,
            ServiceError::Unavailable(_) => Code::ServiceUnavailable,
            ServiceError::NotRecorded(_) => Code::DecisionNotRecorded,
            ServiceError::Internal => Code::InternalServerError,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            ServiceError::BadInput(m)
            | ServiceError::Unauthenticated(m)
            | ServiceError::Unavailable(m)
            | ServiceError::NotRecorded(m) => m,
            ServiceError::Internal => "internal error",
        }
    }

    /// Logs `err` with its whole cause chain and returns the generic error.
    pub fn internal(context: &str, err: &(dyn std::error::Error + 'static)) -> ServiceError {
        tracing::error!(error = %crate::telemetry::Chain(err), "{context}");
        ServiceError::Internal
    }
}
