//! A schema extension that tells the HTTP transport what happened to a request, and
//! enforces the document rules async-graphql has no built-in limit for:
//!
//! - whether the operation was executed at all (parse, validation and variable errors
//!   stop before execution; GraphQL over HTTP wants a 400 and no `data` key for those);
//! - a bounded metrics label for the operation (root fields, checked against the schema);
//! - at most `max_aliases` aliases per document (alias abuse multiplies work cheaply);
//! - no mutations over GET (a GET must be safe: caches and prefetchers replay it);
//! - every required variable is provided (a request error, not a field error).

use std::sync::{Arc, Mutex};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery,
};
use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, OperationType, Selection, SelectionSet,
};
use async_graphql::{Response, ServerError, ServerResult, Variables};

/// Codes set on errors raised here; the transport maps some of them to HTTP statuses.
pub const TOO_MANY_ALIASES: &str = "TOO_MANY_ALIASES";
pub const MUTATION_OVER_GET: &str = "METHOD_NOT_ALLOWED";
pub const INTROSPECTION_DISABLED: &str = "INTROSPECTION_DISABLED";

/// Shared between the transport (which creates it and reads it afterwards) and the
/// extension (which fills it in), attached to each request as request data.
#[derive(Debug, Clone, Default)]
pub struct RequestInfo(Arc<Mutex<InfoInner>>);

#[derive(Debug, Default)]
struct InfoInner {
    get_request: bool,
    operation_name: Option<String>,
    executed: bool,
    label: Option<String>,
}

impl RequestInfo {
    pub fn new(get_request: bool, operation_name: Option<String>) -> RequestInfo {
        RequestInfo(Arc::new(Mutex::new(InfoInner {
            get_request,
            operation_name,
            ..Default::default()
        })))
    }

    fn with<T>(&self, f: impl FnOnce(&mut InfoInner) -> T) -> T {
        f(&mut self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// True once the operation passed parsing and validation and began executing.
    pub fn executed(&self) -> bool {
        self.with(|i| i.executed)
    }

    /// `query:frameworks+criteria`, `mutation:submitProfile`, or `invalid` when the
    /// request never executed.
    pub fn label(&self) -> String {
        self.with(|i| i.label.clone())
            .unwrap_or_else(|| "invalid".to_string())
    }
}

pub struct Inspect {
    pub max_aliases: usize,
    /// When false, documents that ask for `__schema` or `__type` are refused with a clear
    /// error (async-graphql alone would silently answer null).
    pub introspection: bool,
}

impl ExtensionFactory for Inspect {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(InspectExtension {
            max_aliases: self.max_aliases,
            introspection: self.introspection,
            pending_label: Mutex::new(None),
        })
    }
}

struct InspectExtension {
    max_aliases: usize,
    introspection: bool,
    pending_label: Mutex<Option<String>>,
}

fn coded_error(message: String, code: &str) -> ServerError {
    let mut e = ServerError::new(message, None);
    let mut ext = async_graphql::ErrorExtensionValues::default();
    ext.set("code", code);
    e.extensions = Some(ext);
    e
}

#[async_graphql::async_trait::async_trait]
impl Extension for InspectExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let doc = next.run(ctx, query, variables).await?;
        let aliases = count_aliases(&doc);
        if aliases > self.max_aliases {
            return Err(coded_error(
                format!(
                    "the document uses {aliases} aliases; at most {} are allowed",
                    self.max_aliases
                ),
                TOO_MANY_ALIASES,
            ));
        }
        if !self.introspection && asks_for_introspection(&doc) {
            return Err(coded_error(
                "introspection is disabled on this server (INTROSPECTION=false)".to_string(),
                INTROSPECTION_DISABLED,
            ));
        }
        if let Some(info) = ctx.data_opt::<RequestInfo>() {
            let (get, name) = info.with(|i| (i.get_request, i.operation_name.clone()));
            if let Some(op) = select_operation(&doc, name.as_deref()) {
                // async-graphql reports a missing required variable only while executing
                // (as a field error); it is a request error, so refuse it before execution.
                for def in &op.variable_definitions {
                    let def = &def.node;
                    let given = variables
                        .get(def.name.node.as_str())
                        .is_some_and(|v| *v != async_graphql::Value::Null);
                    if !def.var_type.node.nullable && def.default_value.is_none() && !given {
                        return Err(coded_error(
                            format!(
                                "variable ${} of type {} was not provided",
                                def.name.node, def.var_type.node
                            ),
                            crate::graphql::errors::BAD_USER_INPUT,
                        ));
                    }
                }
                if get && op.ty == OperationType::Mutation {
                    return Err(coded_error(
                        "mutations are not allowed over GET; use POST".to_string(),
                        MUTATION_OVER_GET,
                    ));
                }
                *self.pending_label.lock().unwrap_or_else(|e| e.into_inner()) =
                    Some(label_of(op.ty, &op.selection_set.node));
            }
        }
        Ok(doc)
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        if let Some(info) = ctx.data_opt::<RequestInfo>() {
            // Validation has passed by now, so every root field in the label exists in the
            // schema: the label set is bounded.
            let label = self
                .pending_label
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take();
            info.with(|i| {
                i.executed = true;
                i.label = label;
            });
        }
        next.run(ctx, operation_name).await
    }
}

fn select_operation<'a>(
    doc: &'a ExecutableDocument,
    name: Option<&str>,
) -> Option<&'a async_graphql::parser::types::OperationDefinition> {
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

/// Visits every field of the document (operations and fragments) and sums `f` over them.
fn sum_fields(
    doc: &ExecutableDocument,
    f: &dyn Fn(&async_graphql::parser::types::Field) -> usize,
) -> usize {
    fn in_set(
        set: &SelectionSet,
        f: &dyn Fn(&async_graphql::parser::types::Field) -> usize,
    ) -> usize {
        set.items
            .iter()
            .map(|s| match &s.node {
                Selection::Field(field) => {
                    f(&field.node) + in_set(&field.node.selection_set.node, f)
                }
                Selection::InlineFragment(frag) => in_set(&frag.node.selection_set.node, f),
                Selection::FragmentSpread(_) => 0,
            })
            .sum()
    }
    // Each fragment is counted once, however often it is spread: repeated spreads are
    // bounded by the complexity limit.
    doc.operations
        .iter()
        .map(|(_, op)| in_set(&op.node.selection_set.node, f))
        .sum::<usize>()
        + doc
            .fragments
            .values()
            .map(|frag| in_set(&frag.node.selection_set.node, f))
            .sum::<usize>()
}

fn count_aliases(doc: &ExecutableDocument) -> usize {
    sum_fields(doc, &|field| usize::from(field.alias.is_some()))
}

fn asks_for_introspection(doc: &ExecutableDocument) -> bool {
    sum_fields(doc, &|field| {
        usize::from(matches!(field.name.node.as_str(), "__schema" | "__type"))
    }) > 0
}
