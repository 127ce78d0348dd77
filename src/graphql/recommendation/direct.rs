//! Previews answered without async-graphql's executor (issue 17).
//!
//! A preview's answer depends only on the catalog, the document and the variables, and the
//! walker (`graphql::fast`) already resolves every field of it synchronously. What the
//! executor still added per request was its own machinery around that walk: request data
//! maps, the fast validation visitor, the operation's environment, a value tree for the
//! walk, then serializing that tree. For a document that has already passed the strict
//! validation rules once (`documents::Validation`), [`preview`] does what the executor
//! would: picks the operation as async-graphql does, coerces the `profile` argument with
//! the same `InputType::parse`, runs the same engine, and has the walker write the JSON
//! text of the answer straight into the response, byte for byte what the executor's
//! answer serializes to (`tests/api/fast_resolution.rs` compares the two on generated
//! selections and profiles).
//!
//! Anything it does not handle exactly, it declines, and the request takes the
//! executor's path as before: other root fields, directives, fragments at the root, an
//! argument or variable that does not coerce, a profile the engine refuses (the executor
//! then produces the error), a field selected twice with a sub-selection (text cannot be
//! merged once written), a budget the walk does not fit.

use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, OperationDefinition, OperationType, Selection,
};
use async_graphql::{InputType, Name, Variables};
use serde::Serializer as _;

use super::objects::Recommendation;
use super::{ProfileInput, compute};
use crate::catalog::Catalog;
use crate::graphql::RequestBudget;
use crate::graphql::fast::{Json, Walker};

/// What became of a preview on the direct path.
pub enum Direct {
    /// The answer as the transport writes it: `{"data":{...}}`.
    Answered(Vec<u8>),
    /// The walk passed the request's deadline (recorded in the budget, as the executor's
    /// path records it); the transport answers `TIMEOUT`.
    OutOfTime,
    /// Not for this path: run the operation through the schema.
    Declined,
}

/// Answers the operation if it is a query of `recommendation` fields only. `doc` must have
/// passed async-graphql's strict validation before.
pub fn preview(
    doc: &ExecutableDocument,
    operation_name: Option<&str>,
    variables: &Variables,
    catalog: &Catalog,
    budget: &RequestBudget,
) -> Direct {
    let Some(op) = operation(doc, operation_name) else {
        return Direct::Declined;
    };
    if op.ty != OperationType::Query || !op.directives.is_empty() {
        return Direct::Declined;
    }
    let mut fields = Vec::with_capacity(op.selection_set.node.items.len());
    for selection in &op.selection_set.node.items {
        let Selection::Field(field) = &selection.node else {
            return Direct::Declined;
        };
        let field = &field.node;
        let key = &field.response_key().node;
        if field.name.node != "recommendation"
            || !field.directives.is_empty()
            || fields.iter().any(|(k, _, _)| *k == key)
        {
            return Direct::Declined;
        }
        let [(name, value)] = field.arguments.as_slice() else {
            return Direct::Declined;
        };
        if name.node != "profile" {
            return Direct::Declined;
        }
        // As the executor resolves an argument (`ContextBase::var_value`): a variable is
        // the request's value, else its declared default.
        let value = value.node.clone().into_const_with(|var: Name| {
            op.variable_definitions
                .iter()
                .find(|def| def.node.name.node == var)
                .and_then(|def| variables.get(&var).or_else(|| def.node.default_value()))
                .cloned()
                .ok_or(())
        });
        // The coercion the executor applies (`ContextBase::param_value`).
        let Ok(input) = value.map(|v| <ProfileInput as InputType>::parse(Some(v))) else {
            return Direct::Declined;
        };
        let Ok(input) = input else {
            return Direct::Declined;
        };
        let Ok((profile, rec)) = compute(catalog, &input) else {
            return Direct::Declined;
        };
        fields.push((
            key,
            Recommendation::new(catalog, profile, rec, None),
            &field.selection_set.node,
        ));
    }
    if fields.is_empty() {
        return Direct::Declined;
    }

    let (limit, deadline) = budget.walk_limits();
    let mut out = Vec::with_capacity(4096);
    out.extend_from_slice(b"{\"data\":{");
    let mut values = 0u64;
    for (i, (key, rec, set)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        // Response keys are GraphQL names: nothing in them needs escaping, but the same
        // serializer writes them as the executor's path does.
        let _ = serde_json::Serializer::new(&mut out).serialize_str(key);
        out.push(b':');
        let mut walker = Walker::limited(
            &doc.fragments,
            Json::new(&mut out),
            limit.saturating_sub(values),
            deadline,
        );
        let walked = walker.object(rec, set).is_some();
        if walker.out_of_time() {
            budget.stop_for_time();
            return Direct::OutOfTime;
        }
        if !walked {
            return Direct::Declined;
        }
        values = values.saturating_add(walker.values());
    }
    out.extend_from_slice(b"}}");
    // All or nothing, as the walker under the executor charges: a walk that does not fit
    // is left to the derived resolvers, which fail at the right list.
    if !budget.try_charge(values) {
        return Direct::Declined;
    }
    if budget.timed_out() {
        return Direct::OutOfTime;
    }
    Direct::Answered(out)
}

/// The operation a request runs, chosen as async-graphql chooses it: a name must name one
/// of several operations; without a name the document must hold exactly one.
fn operation<'d>(
    doc: &'d ExecutableDocument,
    name: Option<&str>,
) -> Option<&'d OperationDefinition> {
    match (&doc.operations, name) {
        (DocumentOperations::Single(op), None) => Some(&op.node),
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name).map(|op| &op.node),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => {
            ops.values().next().map(|op| &op.node)
        }
        _ => None,
    }
}
