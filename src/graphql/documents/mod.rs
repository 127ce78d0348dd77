//! What happens to a GraphQL document before the schema executes it: automatic persisted
//! queries, parsing (cached), and the document rules async-graphql has no built-in limit
//! for:
//!
//! - at most `max_aliases` aliases per document (alias abuse multiplies work cheaply);
//! - no `__schema`/`__type` when introspection is off (async-graphql alone would answer
//!   null silently);
//! - every required variable is provided (a request error, not a field error);
//! - no mutations over GET (a GET must be safe: caches and prefetchers replay it);
//! - a bounded metrics label for the operation (its root fields).
//!
//! Why here and not in a schema extension: registering any async-graphql extension sends
//! every field of every response through the extension chain (a boxed future per field),
//! which cost more than the whole recommendation engine; see BENCHMARKS.md (F1). Handing
//! the schema an already parsed document (`Request::set_parsed_query`) also lets repeated
//! documents skip the parser (F2). async-graphql still checks nesting depth, directive
//! count, complexity and validity of the document it is handed, after the rules here (so
//! a document that breaks both one of these rules and, say, the depth limit is refused
//! for the rule here).

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, OperationDefinition, OperationType, Selection,
    SelectionSet,
};
use async_graphql::{ErrorExtensionValues, ServerError, Value, Variables};
use lru::LruCache;
use sha2::{Digest, Sha256};

use super::errors::BAD_USER_INPUT;

/// Codes set on errors raised here; the transport maps some of them to HTTP statuses.
pub const TOO_MANY_ALIASES: &str = "TOO_MANY_ALIASES";
pub const MUTATION_OVER_GET: &str = "METHOD_NOT_ALLOWED";
pub const INTROSPECTION_DISABLED: &str = "INTROSPECTION_DISABLED";
pub const PERSISTED_QUERY_NOT_FOUND: &str = "PERSISTED_QUERY_NOT_FOUND";

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
/// The walks below stop this deep. async-graphql refuses documents nested deeper than 32
/// levels anyway; the bound only keeps a hostile document from exhausting the stack here.
const MAX_WALK_DEPTH: usize = 64;

#[derive(Debug, Clone, Copy)]
pub struct DocumentRules {
    pub max_aliases: usize,
    /// When false, documents that ask for `__schema` or `__type` are refused.
    pub introspection: bool,
}

/// A document ready to execute, plus what the transport records about it.
pub struct Prepared {
    pub document: ExecutableDocument,
    /// `query:frameworks+criteria`, `mutation:submitProfile`; `None` when the requested
    /// operation is not in the document (the schema then refuses it). Bounded only once
    /// the schema has validated the document: use it for metrics only if it executed.
    pub label: Option<String>,
}

/// Why `extensions.persistedQuery` gave no document.
#[derive(Debug, PartialEq, Eq)]
pub enum PersistedQueryError {
    /// A hash this process does not know: part of the protocol, the client resends the
    /// document with it.
    NotFound,
    /// A malformed extension, another version, or a hash that is not the document's.
    Invalid(String),
}

impl PersistedQueryError {
    /// `NotFound` as the GraphQL error Apollo clients look for (by this exact message).
    pub fn not_found_error() -> ServerError {
        coded_error("PersistedQueryNotFound", PERSISTED_QUERY_NOT_FOUND)
    }
}

/// A parsed document and the facts about it that do not depend on the request.
struct Parsed {
    document: ExecutableDocument,
    counts: FieldCounts,
}

/// Counted over every field of a document (operations and fragments), in one walk.
#[derive(Default)]
struct FieldCounts {
    fields: usize,
    aliases: usize,
    /// Some field is `__schema` or `__type`.
    introspection: bool,
}

pub struct Documents {
    rules: DocumentRules,
    parsed: Mutex<LruCache<String, Arc<Parsed>>>,
    /// sha256 (hex) of a document -> its text.
    persisted: Mutex<LruCache<String, String>>,
}

impl Documents {
    pub fn new(rules: DocumentRules) -> Documents {
        let cap = |n| NonZeroUsize::new(n).expect("cache sizes are positive constants");
        Documents {
            rules,
            parsed: Mutex::new(LruCache::new(cap(PARSED_ENTRIES))),
            persisted: Mutex::new(LruCache::new(cap(APQ_ENTRIES))),
        }
    }

    /// The document text of a request, following Apollo's automatic persisted queries
    /// when `extensions.persistedQuery` is given: a hash alone is looked up (an unknown hash
    /// is [`PersistedQueryError::NotFound`], so the client resends the document); a
    /// document with its hash is checked against the hash and remembered.
    pub fn resolve_text(
        &self,
        query: Option<String>,
        persisted_query: Option<&serde_json::Value>,
    ) -> Result<String, PersistedQueryError> {
        let Some(pq) = persisted_query else {
            return Ok(query.unwrap_or_default());
        };
        let version = pq.get("version").and_then(serde_json::Value::as_i64);
        let hash = pq.get("sha256Hash").and_then(serde_json::Value::as_str);
        let (Some(version), Some(hash)) = (version, hash) else {
            return Err(PersistedQueryError::Invalid(
                "extensions.persistedQuery needs `version` (a number) and `sha256Hash` (a string)"
                    .into(),
            ));
        };
        if version != 1 {
            return Err(PersistedQueryError::Invalid(format!(
                "persisted query version {version} is not supported; only version 1 is"
            )));
        }
        // Hex digits in either case name the same hash.
        let hash = hash.to_ascii_lowercase();
        match query.filter(|q| !q.is_empty()) {
            None => self
                .with_persisted(|p| p.get(&hash).cloned())
                .ok_or(PersistedQueryError::NotFound),
            Some(text) => {
                let digest = Sha256::digest(text.as_bytes());
                if hash != hex(&digest) {
                    return Err(PersistedQueryError::Invalid(
                        "extensions.persistedQuery.sha256Hash is not the SHA-256 of `query`".into(),
                    ));
                }
                // Only documents that could be cached and that parse are remembered: the
                // store holds at most APQ_ENTRIES x 16 KiB. Others are still answered, and
                // a later hash-only request gets NotFound and resends the document.
                if text.len() <= MAX_CACHED_DOCUMENT_BYTES && self.parse(&text).is_ok() {
                    self.with_persisted(|p| p.put(hash, text.clone()));
                }
                Ok(text)
            }
        }
    }

    /// Parses `query` (or takes it from the cache) and applies the document rules for this
    /// request. Errors are request errors: the operation must not execute.
    pub fn prepare(
        &self,
        query: &str,
        operation_name: Option<&str>,
        variables: &Variables,
        get_request: bool,
    ) -> Result<Prepared, ServerError> {
        let parsed = self.parse(query)?;
        if parsed.counts.aliases > self.rules.max_aliases {
            return Err(coded_error(
                format!(
                    "the document uses {} aliases; at most {} are allowed",
                    parsed.counts.aliases, self.rules.max_aliases
                ),
                TOO_MANY_ALIASES,
            ));
        }
        if !self.rules.introspection && parsed.counts.introspection {
            return Err(coded_error(
                "introspection is disabled on this server (INTROSPECTION=false)",
                INTROSPECTION_DISABLED,
            ));
        }
        let mut label = None;
        if let Some(op) = select_operation(&parsed.document, operation_name) {
            // async-graphql reports a missing required variable only while executing (as a
            // field error); it is a request error, so refuse it before execution.
            for def in &op.variable_definitions {
                let def = &def.node;
                let given = variables
                    .get(def.name.node.as_str())
                    .is_some_and(|v| *v != Value::Null);
                if !def.var_type.node.nullable && def.default_value.is_none() && !given {
                    return Err(coded_error(
                        format!(
                            "variable ${} of type {} was not provided",
                            def.name.node, def.var_type.node
                        ),
                        BAD_USER_INPUT,
                    ));
                }
            }
            if get_request && op.ty == OperationType::Mutation {
                return Err(coded_error(
                    "mutations are not allowed over GET; use POST",
                    MUTATION_OVER_GET,
                ));
            }
            label = Some(label_of(op.ty, &op.selection_set.node));
        }
        // A document that is not in the cache is used once: move it out instead of cloning.
        let document = Arc::try_unwrap(parsed).map_or_else(|p| p.document.clone(), |p| p.document);
        Ok(Prepared { document, label })
    }

    fn parse(&self, query: &str) -> Result<Arc<Parsed>, ServerError> {
        let short = query.len() <= MAX_CACHED_DOCUMENT_BYTES;
        if short && let Some(hit) = self.with_parsed(|c| c.get(query).cloned()) {
            return Ok(hit);
        }
        // Parsed outside the lock: other requests keep hitting the cache meanwhile.
        let document = async_graphql::parser::parse_query(query)?;
        let parsed = Arc::new(Parsed {
            counts: count_fields(&document),
            document,
        });
        if short && parsed.counts.fields <= MAX_CACHED_FIELDS {
            self.with_parsed(|c| c.put(query.to_string(), parsed.clone()));
        }
        Ok(parsed)
    }

    fn with_parsed<T>(&self, f: impl FnOnce(&mut LruCache<String, Arc<Parsed>>) -> T) -> T {
        f(&mut self.parsed.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn with_persisted<T>(&self, f: impl FnOnce(&mut LruCache<String, String>) -> T) -> T {
        f(&mut self.persisted.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

fn coded_error(message: impl Into<String>, code: &str) -> ServerError {
    let mut e = ServerError::new(message, None);
    let mut ext = ErrorExtensionValues::default();
    ext.set("code", code);
    e.extensions = Some(ext);
    e
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn select_operation<'a>(
    doc: &'a ExecutableDocument,
    name: Option<&str>,
) -> Option<&'a OperationDefinition> {
    match (&doc.operations, name) {
        (DocumentOperations::Single(op), _) => Some(&op.node),
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name).map(|op| &op.node),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => {
            ops.values().next().map(|op| &op.node)
        }
        _ => None,
    }
}

fn label_of(ty: OperationType, set: &SelectionSet) -> String {
    let mut fields: Vec<&str> = set
        .items
        .iter()
        .filter_map(|s| match &s.node {
            Selection::Field(f) => Some(f.node.name.node.as_str()),
            _ => None,
        })
        .collect();
    fields.sort_unstable();
    fields.dedup();
    let ty = match ty {
        OperationType::Query => "query",
        OperationType::Mutation => "mutation",
        OperationType::Subscription => "subscription",
    };
    if fields.is_empty() {
        ty.to_string()
    } else {
        format!("{ty}:{}", fields.join("+"))
    }
}

/// Visits every field of the document (operations and fragments) once.
fn count_fields(doc: &ExecutableDocument) -> FieldCounts {
    fn in_set(set: &SelectionSet, counts: &mut FieldCounts, depth: usize) {
        if depth > MAX_WALK_DEPTH {
            return;
        }
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    counts.fields += 1;
                    counts.aliases += usize::from(field.alias.is_some());
                    counts.introspection |=
                        matches!(field.name.node.as_str(), "__schema" | "__type");
                    in_set(&field.selection_set.node, counts, depth + 1);
                }
                Selection::InlineFragment(frag) => {
                    in_set(&frag.node.selection_set.node, counts, depth + 1)
                }
                Selection::FragmentSpread(_) => {}
            }
        }
    }
    let mut counts = FieldCounts::default();
    // Each fragment is counted once, however often it is spread: repeated spreads are
    // bounded by the complexity limit.
    for (_, op) in doc.operations.iter() {
        in_set(&op.node.selection_set.node, &mut counts, 0);
    }
    for frag in doc.fragments.values() {
        in_set(&frag.node.selection_set.node, &mut counts, 0);
    }
    counts
}

#[cfg(test)]
mod tests;
