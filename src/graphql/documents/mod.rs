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
mod operation;
mod order;
mod persisted;
mod tokens;
mod validation;
mod variables;

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

use async_graphql::Variables;
use async_graphql::parser::types::{
    ExecutableDocument, OperationDefinition, OperationType, Selection, SelectionSet,
};
use lru::LruCache;

pub use cost::{CostModel, ListBounds, Measure};
pub use error::{DocumentError, ParseFailure};
pub use order::Order;
pub use persisted::PersistedQueryError;
pub use tokens::count_tokens;
pub use validation::Validation;
pub use variables::InputTypes;

use operation::{FieldCounts, count_fields, select_operation};
use variables::check_variables;

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
/// Operations of one document whose facts are kept with it (documents name a few; a
/// document with more is measured again for the rest).
const MAX_KEPT_OPERATIONS: usize = 8;
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

/// An operation's facts, with its name and the cost model they were taken with.
type KeptFacts = (Option<String>, u64, Arc<OperationFacts>);

/// What an operation of a document is, whatever the request's variables.
struct OperationFacts {
    measure: Result<Measure, DocumentError>,
    label: &'static str,
    order: Option<Order>,
    pure: bool,
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
        variables: &Variables,
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

    /// What the document rules find in the operation that depends neither on the request
    /// nor on its variables, taken once per document, operation and cost model (a catalog
    /// reload brings a new model) and kept with the cached document: walking the document
    /// for its cost and order on every request was an eighth of a unique preview's
    /// instructions (callgrind, BENCHMARKS.md section 2).
    fn facts(
        &self,
        parsed: &Parsed,
        op: &OperationDefinition,
        operation_name: Option<&str>,
        cost: &CostModel,
    ) -> Arc<OperationFacts> {
        let model = cost.id();
        let mut kept = parsed
            .facts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((.., facts)) = kept
            .iter()
            .find(|(name, m, _)| *m == model && name.as_deref() == operation_name)
        {
            return facts.clone();
        }
        let root = match op.ty {
            OperationType::Query => "Query",
            OperationType::Mutation => "Mutation",
            OperationType::Subscription => "Subscription",
        };
        let facts = Arc::new(OperationFacts {
            measure: cost.measure(
                &parsed.document,
                root,
                &op.selection_set.node,
                self.rules.max_depth,
            ),
            label: self.label_of(op.ty, &op.selection_set.node),
            order: Order::of(&parsed.document, &op.selection_set.node),
            pure: op.ty == OperationType::Query
                && op.selection_set.node.items.iter().all(|s| match &s.node {
                    // A fragment at the root could hide anything: not pure, to be safe.
                    Selection::Field(f) => {
                        crate::graphql::PURE_ROOT_FIELDS.contains(&f.node.name.node.as_str())
                    }
                    _ => false,
                }),
        });
        // Facts of an older model are of no use again; a document names few operations.
        kept.retain(|(_, m, _)| *m == model);
        if kept.len() < MAX_KEPT_OPERATIONS {
            kept.push((operation_name.map(str::to_string), model, facts.clone()));
        }
        facts
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

    /// The label of an operation: its single root field, `<type>:multiple` for several,
    /// `invalid` for a field the schema does not have (validation will refuse it).
    fn label_of(&self, ty: OperationType, set: &SelectionSet) -> &'static str {
        let ty = op_name(ty);
        let mut single: Option<&str> = None;
        for selection in &set.items {
            let name = match &selection.node {
                Selection::Field(f) => f.node.name.node.as_str(),
                _ => return multiple(ty),
            };
            if name == "__typename" || single == Some(name) {
                continue;
            }
            if single.is_some() {
                return multiple(ty);
            }
            single = Some(name);
        }
        let Some(field) = single else {
            return match ty {
                "mutation" => "mutation:__typename",
                _ => "query:__typename",
            };
        };
        self.labels
            .iter()
            .find(|(t, f, _)| *t == ty && *f == field)
            .map_or("invalid", |(_, _, label)| label)
    }

    fn with_parsed<T>(&self, f: impl FnOnce(&mut LruCache<String, Arc<Parsed>>) -> T) -> T {
        f(&mut self
            .parsed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner))
    }
}

fn op_name(ty: OperationType) -> &'static str {
    match ty {
        OperationType::Query => "query",
        OperationType::Mutation => "mutation",
        OperationType::Subscription => "subscription",
    }
}

fn multiple(ty: &str) -> &'static str {
    match ty {
        "mutation" => "mutation:multiple",
        _ => "query:multiple",
    }
}

#[cfg(test)]
mod tests;
