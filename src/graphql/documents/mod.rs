//! What happens to a GraphQL document before the schema executes it: automatic persisted
//! queries, a token count before parsing, parsing (cached), and the document rules
//! async-graphql has no built-in limit for:
//!
//! - at most `max_bytes` of text and `max_tokens` lexical tokens, checked before the
//!   parser runs ([`tokens`]);
//! - at most `max_aliases` aliases per document (alias abuse multiplies work cheaply);
//! - nesting and static cost ([`cost`]): list fields multiply their selection by the
//!   number of items they can return, so cycles of the schema cannot amplify a response;
//!   the transport adds up the cost of every entry of a batch against one budget;
//! - no `__schema`/`__type` when introspection is off (async-graphql alone would answer
//!   null silently);
//! - every required variable is provided and every provided variable is declared;
//! - no mutations over GET (a GET must be safe: caches and prefetchers replay it);
//! - a metrics label for the operation from a fixed set.
//!
//! Why here and not in a schema extension: registering any async-graphql extension sends
//! every field of every response through the extension chain (a boxed future per field),
//! which cost more than the whole recommendation engine; see BENCHMARKS.md (F1). Handing
//! the schema an already parsed document (`Request::set_parsed_query`) also lets repeated
//! documents skip the parser (F2). async-graphql still checks nesting depth, directive
//! count and validity of the document it is handed, after the rules here.

pub mod cost;
mod error;
mod facts;
mod operation;
mod order;
mod persisted;
mod tokens;
mod validation;
mod variables;

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

use async_graphql::parser::types::{ExecutableDocument, OperationType};
use lru::LruCache;

pub use cost::{CostModel, ListBounds, Measure};
pub use error::{DocumentError, ParseFailure};
pub use order::Order;
pub use persisted::PersistedQueryError;
pub use tokens::count_tokens;
pub use validation::Validation;
pub use variables::InputTypes;

use facts::{KeptFacts, op_name};
pub use operation::select_operation;
use operation::{FieldCounts, count_fields};
use variables::check_variables;

use crate::graphql::recommendation::variable::RequestVariables;

/// Persisted queries kept in memory for automatic persisted queries (APQ), per process.
const APQ_ENTRIES: usize = 1024;
/// Parsed documents kept, by text. Frontends send a handful of distinct documents, so a
/// small cache catches nearly every request.
const PARSED_ENTRIES: usize = 256;
/// Longer documents are parsed every time, and are not registered as persisted queries:
/// the caches must not become a way to pin megabytes in memory with one-off documents.
const MAX_CACHED_DOCUMENT_BYTES: usize = 16 * 1024;
/// Nor are documents with more fields than this cached: a syntax tree costs about 200
/// bytes per field, so a short text can still make a large tree (`{ a a a ... }`). Real
/// documents have tens of fields (the README's full-explanation preview: about 35).
/// Bounds the parsed cache at about 256 x 512 x 200 B = 26 MB in the worst case.
const MAX_CACHED_FIELDS: usize = 512;
/// The walks below stop this deep. The token limit and async-graphql's parser (which
/// refuses documents nested deeper than 32 levels) make deeper documents impossible; the
/// bound only keeps a hostile document from exhausting the stack here.
const MAX_WALK_DEPTH: usize = 64;

#[derive(Debug, Clone, Copy)]
pub struct DocumentRules {
    /// Longest document text: the parser spends about 90 ns per byte even on a single
    /// string or comment, which the token count does not see.
    pub max_bytes: usize,
    pub max_tokens: usize,
    pub max_aliases: usize,
    pub max_depth: usize,
    /// When false, documents that ask for `__schema` or `__type` are refused.
    pub introspection: bool,
}

/// How the document arrived: GET requests may not run mutations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

/// A document ready to execute, plus what the transport needs to know about it.
pub struct Prepared {
    pub document: Document,
    /// A label from a fixed set, for metrics and logs: `query:frameworks`,
    /// `mutation:submitProfile`, `query:multiple`, `invalid`...
    pub label: &'static str,
    /// Static cost, depth and decisions submitted by the selected operation.
    pub measure: Measure,
    /// The selected operation is a mutation (it counts against the mutation rate limit).
    pub mutation: bool,
    /// How to put the response back in selection order, when some field of it waits
    /// (`order`).
    pub order: Option<Order>,
    /// A query whose every root field is pure ([`crate::graphql::PURE_ROOT_FIELDS`]): its
    /// answer depends only on the catalog, the document and the variables.
    pub pure: bool,
    /// Whether the document already passed the strict validation rules.
    pub validation: Validation,
}

/// A parsed document, shared with the parsed-document cache until the schema needs its
/// own copy: a preview on the direct path (`recommendation::direct`) only reads it.
pub struct Document(Arc<Parsed>);

impl Document {
    pub fn get(&self) -> &ExecutableDocument {
        &self.0.document
    }

    /// The document for async-graphql, which consumes it: moved out when no cache holds
    /// it (a document used once), cloned otherwise.
    pub fn into_owned(self) -> ExecutableDocument {
        Arc::try_unwrap(self.0).map_or_else(|p| p.document.clone(), |p| p.document)
    }
}

/// A parsed document and the facts about it that do not depend on the request.
struct Parsed {
    document: ExecutableDocument,
    counts: FieldCounts,
    /// Shared by every request that finds this document in the cache.
    validation: Validation,
    /// [`Documents::facts`] of the operations requests ran, by operation name and cost
    /// model.
    facts: Mutex<Vec<KeptFacts>>,
}

pub struct Documents {
    rules: DocumentRules,
    inputs: InputTypes,
    /// Labels of single-root-field operations: `query:<field>` for each root field.
    labels: Vec<(&'static str, &'static str, &'static str)>,
    parsed: Mutex<LruCache<String, Arc<Parsed>>>,
    /// sha256 (hex) of a document -> its text.
    persisted: Mutex<LruCache<String, String>>,
}

impl Documents {
    /// `root_fields` are `(operation type, field)` pairs of the schema's root types; they
    /// make the fixed set of metrics labels.
    pub fn new(
        rules: DocumentRules,
        inputs: InputTypes,
        root_fields: impl IntoIterator<Item = (OperationType, String)>,
    ) -> Documents {
        let cap = |n| NonZeroUsize::new(n).expect("cache sizes are positive constants");
        let labels = root_fields
            .into_iter()
            .map(|(ty, field)| {
                let ty = op_name(ty);
                let label: &'static str = Box::leak(format!("{ty}:{field}").into_boxed_str());
                let field: &'static str = Box::leak(field.into_boxed_str());
                (ty, field, label)
            })
            .collect();
        Documents {
            rules,
            inputs,
            labels,
            parsed: Mutex::new(LruCache::new(cap(PARSED_ENTRIES))),
            persisted: Mutex::new(LruCache::new(cap(APQ_ENTRIES))),
        }
    }

    pub fn rules(&self) -> &DocumentRules {
        &self.rules
    }

    /// Parses `query` (or takes it from the cache) and applies the document rules for this
    /// request. Errors are request errors: the operation must not execute. The cost is
    /// measured here, with the cost table of the catalog the request runs against; the
    /// transport checks it against the request's budget.
    pub fn prepare(
        &self,
        cost: &CostModel,
        query: &str,
        operation_name: Option<&str>,
        variables: &RequestVariables,
        method: Method,
    ) -> Result<Prepared, DocumentError> {
        let parsed = self.parse(query)?;
        if parsed.counts.aliases > self.rules.max_aliases {
            return Err(DocumentError::TooManyAliases {
                aliases: parsed.counts.aliases,
                max: self.rules.max_aliases,
            });
        }
        if !self.rules.introspection && parsed.counts.introspection {
            return Err(DocumentError::IntrospectionDisabled);
        }
        let mut label = "invalid";
        let mut measure = Measure::default();
        let mut mutation = false;
        let mut order = None;
        let mut pure = false;
        if let Some(op) = select_operation(&parsed.document, operation_name) {
            check_variables(op, variables)?;
            self.inputs.check(op, variables)?;
            if method == Method::Get && op.ty == OperationType::Mutation {
                return Err(DocumentError::MutationOverGet);
            }
            let facts = self.facts(&parsed, op, operation_name, cost);
            measure = facts.measure.clone()?;
            label = facts.label;
            mutation = op.ty == OperationType::Mutation;
            order.clone_from(&facts.order);
            pure = facts.pure;
        }
        let validation = parsed.validation.clone();
        Ok(Prepared {
            document: Document(parsed),
            label,
            measure,
            mutation,
            order,
            pure,
            validation,
        })
    }

    fn parse(&self, query: &str) -> Result<Arc<Parsed>, DocumentError> {
        let short = query.len() <= MAX_CACHED_DOCUMENT_BYTES;
        if short && let Some(hit) = self.with_parsed(|c| c.get(query).cloned()) {
            return Ok(hit);
        }
        if query.len() > self.rules.max_bytes {
            return Err(DocumentError::TooLong {
                max: self.rules.max_bytes,
            });
        }
        count_tokens(query, self.rules.max_tokens).map_err(|_| DocumentError::TooManyTokens {
            max: self.rules.max_tokens,
        })?;
        // Parsed outside the lock: other requests keep hitting the cache meanwhile.
        let document = async_graphql::parser::parse_query(query)?;
        let parsed = Arc::new(Parsed {
            counts: count_fields(&document),
            document,
            validation: Validation::default(),
            facts: Mutex::default(),
        });
        if short && parsed.counts.fields <= MAX_CACHED_FIELDS {
            self.with_parsed(|c| c.put(query.to_string(), parsed.clone()));
        }
        Ok(parsed)
    }

    fn with_parsed<T>(&self, f: impl FnOnce(&mut LruCache<String, Arc<Parsed>>) -> T) -> T {
        f(&mut self
            .parsed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner))
    }
}

#[cfg(test)]
mod tests;
