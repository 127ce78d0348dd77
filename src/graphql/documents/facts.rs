//! What the document rules find in an operation that depends neither on the request nor
//! on its variables (its cost, metrics label, order plan and purity), taken once per
//! document, operation and cost model and kept with the cached document.

use std::sync::Arc;

use async_graphql::parser::types::{OperationDefinition, OperationType, Selection, SelectionSet};

use super::{CostModel, Documents, Measure, Order, Parsed};
use crate::graphql::documents::DocumentError;

/// Operations of one document whose facts are kept with it (documents name a few; a
/// document with more is measured again for the rest).
const MAX_KEPT_OPERATIONS: usize = 8;

/// An operation's facts, with its name and the cost model they were taken with.
pub(super) type KeptFacts = (Option<String>, u64, Arc<OperationFacts>);

/// What an operation of a document is, whatever the request's variables.
pub(super) struct OperationFacts {
    pub(super) measure: Result<Measure, DocumentError>,
    pub(super) label: &'static str,
    pub(super) order: Option<Order>,
    pub(super) pure: bool,
}

impl Documents {
    /// What the document rules find in the operation that depends neither on the request
    /// nor on its variables, taken once per document, operation and cost model (a catalog
    /// reload brings a new model) and kept with the cached document: walking the document
    /// for its cost and order on every request was an eighth of a unique preview's
    /// instructions (callgrind, BENCHMARKS.md section 2).
    pub(super) fn facts(
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

    /// The label of an operation: its single root field, `<type>:multiple` for several,
    /// `invalid` for a field the schema does not have (validation will refuse it).
    pub(super) fn label_of(&self, ty: OperationType, set: &SelectionSet) -> &'static str {
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
}

pub(super) fn op_name(ty: OperationType) -> &'static str {
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
