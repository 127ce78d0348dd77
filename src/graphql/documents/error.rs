//! Why a document is refused before it executes. One enum, one code per refusal; the
//! transport maps each to an HTTP status in one place (`http::transport::response`).

use async_graphql::{ErrorExtensionValues, ServerError};

use crate::graphql::errors::Code;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DocumentError {
    /// Longer than `MAX_QUERY_BYTES`, before anything else looks at it.
    #[error("the document is longer than {max} bytes (MAX_QUERY_BYTES); send a smaller document")]
    TooLong { max: usize },
    /// More lexical tokens than `MAX_QUERY_TOKENS`, counted before parsing.
    #[error("the document has more than {max} tokens (MAX_QUERY_TOKENS); send a smaller document")]
    TooManyTokens { max: usize },
    /// The parser's own error, with its position.
    #[error("{0}")]
    Parse(#[from] ParseFailure),
    #[error("the document uses {aliases} aliases; at most {max} are allowed (MAX_ALIASES)")]
    TooManyAliases { aliases: usize, max: usize },
    #[error("Query is nested too deep.")]
    TooDeep,
    /// A fragment spreads itself, directly or through others.
    #[error("fragment \"{0}\" spreads itself")]
    FragmentCycle(String),
    #[error(
        "the request would cost {cost} points, over the limit of {limit} (MAX_QUERY_COMPLEXITY); \
         list fields count once per item they can return, batch entries and aliases add up"
    )]
    TooComplex { cost: u64, limit: u64 },
    #[error(
        "the request submits {submits} decisions; at most {max} are allowed per request \
         (MAX_DECISIONS_PER_REQUEST)"
    )]
    TooManyDecisions { submits: u64, max: u64 },
    #[error("introspection is disabled on this server (INTROSPECTION=false)")]
    IntrospectionDisabled,
    #[error("variable ${name} of type {ty} was not provided")]
    MissingVariable { name: String, ty: String },
    #[error("variable ${0} is not declared by the operation")]
    UndeclaredVariable(String),
    /// A variable's value does not fit its declared type.
    #[error("variable ${name} got an invalid value: {problem}")]
    InvalidVariable { name: String, problem: String },
    #[error("mutations are not allowed over GET; use POST")]
    MutationOverGet,
    /// An APQ hash this process does not know: part of the protocol, the client resends the
    /// document with its hash. The message is the one Apollo clients look for.
    #[error("PersistedQueryNotFound")]
    PersistedQueryNotFound,
}

/// A parse error as async-graphql reports it (message and position).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ParseFailure {
    pub message: String,
    pub locations: Vec<async_graphql::Pos>,
}

/// Longest explanation kept from a syntax error.
const MAX_REASON_CHARS: usize = 200;

impl From<async_graphql::parser::Error> for DocumentError {
    /// pest's syntax errors quote the whole offending line of the document, which for a
    /// one-line megabyte would echo the megabyte back: keep the position and what was
    /// expected (pest's `= ...` line) only.
    fn from(e: async_graphql::parser::Error) -> Self {
        let failure = match &e {
            async_graphql::parser::Error::Syntax { message, start, .. } => {
                let reason = message
                    .lines()
                    .map(str::trim)
                    .find_map(|l| l.strip_prefix("= "))
                    .unwrap_or("unexpected input");
                let reason: String = reason.chars().take(MAX_REASON_CHARS).collect();
                ParseFailure {
                    message: format!(
                        "syntax error at line {}, column {}: {reason}",
                        start.line, start.column
                    ),
                    locations: vec![*start],
                }
            }
            other => ParseFailure {
                message: other.to_string(),
                locations: other.positions().collect(),
            },
        };
        DocumentError::Parse(failure)
    }
}

impl DocumentError {
    pub fn code(&self) -> Code {
        match self {
            DocumentError::TooComplex { .. } => Code::QueryTooComplex,
            // Refused instead of parsed, as GraphQL Armor's token limit does (a syntax
            // error there, so GRAPHQL_PARSE_FAILED with Apollo).
            DocumentError::TooLong { .. }
            | DocumentError::TooManyTokens { .. }
            | DocumentError::Parse(_) => Code::GraphqlParseFailed,
            DocumentError::TooManyAliases { .. } => Code::TooManyAliases,
            DocumentError::TooDeep | DocumentError::FragmentCycle(_) => {
                Code::GraphqlValidationFailed
            }
            DocumentError::TooManyDecisions { .. } => Code::TooManyDecisions,
            DocumentError::IntrospectionDisabled => Code::IntrospectionDisabled,
            DocumentError::MissingVariable { .. }
            | DocumentError::UndeclaredVariable(_)
            | DocumentError::InvalidVariable { .. } => Code::BadUserInput,
            DocumentError::MutationOverGet => Code::MethodNotAllowed,
            DocumentError::PersistedQueryNotFound => Code::PersistedQueryNotFound,
        }
    }

    /// The error as it appears in a GraphQL response.
    pub fn to_server_error(&self) -> ServerError {
        let locations = match self {
            DocumentError::Parse(p) => p.locations.clone(),
            _ => Vec::new(),
        };
        let mut e = ServerError::new(self.to_string(), None);
        e.locations = locations;
        let mut ext = ErrorExtensionValues::default();
        ext.set("code", self.code().as_str());
        e.extensions = Some(ext);
        e
    }
}
