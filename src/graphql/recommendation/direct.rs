//! Previews and submits answered without async-graphql's executor (issue 17).
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
//! A `submitProfile` (alone in its mutation) goes the same way: the transport logs the
//! decision between [`plan`] and [`Plan::write`]; if the log fails or the walk declines,
//! the executor answers with that logged result ([`Submitted`]) instead of logging again.
//!
//! Anything it does not handle exactly, it declines, and the request takes the
//! executor's path as before: other root fields, directives, fragments at the root, an
//! argument or variable that does not coerce, a profile the engine refuses (the executor
//! then produces the error), a field selected twice with a sub-selection (text cannot be
//! merged once written), a budget the walk does not fit.

use std::sync::Mutex;

use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, OperationType, Selection, SelectionSet,
};
use async_graphql::{InputType, Name};
use serde::Serializer as _;
use uuid::Uuid;

use super::objects::Recommendation;
use super::variable::RequestVariables;
use super::{ProfileInput, compute};
use crate::catalog::Catalog;
use crate::domain::OutcomeToken;
use crate::engine::{self, Profile};
use crate::graphql::RequestBudget;
use crate::graphql::documents::select_operation;
use crate::graphql::fast::{Json, Walker};
use crate::service::error::ServiceError;

/// What became of an operation on the direct path.
pub enum Direct {
    /// The answer as the transport writes it: `{"data":{...}}`.
    Answered(Vec<u8>),
    /// The walk passed the request's deadline (recorded in the budget, as the executor's
    /// path records it); the transport answers `TIMEOUT`.
    OutOfTime,
    /// Not for this path: run the operation through the schema.
    Declined,
}

/// A decision `submitProfile` logged (or failed to log) on the direct path, handed to the
/// executor when the answer cannot be written directly after all (the log failed, or the
/// walk declined): the resolver then answers with it instead of logging the decision a
/// second time.
pub struct Submitted(Mutex<Option<SubmitResult>>);

/// What `decisions::submit` returned.
pub type SubmitResult = Result<(Uuid, OutcomeToken), ServiceError>;

impl Submitted {
    pub fn new(result: SubmitResult) -> Submitted {
        Submitted(Mutex::new(Some(result)))
    }

    /// The result, once: the one `submitProfile` of the operation takes it.
    pub fn take(&self) -> Option<SubmitResult> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }
}

/// The root fields of an operation the direct path can answer, each with its
/// recommendation computed: the `recommendation` fields of a query, or the one
/// `submitProfile` of a mutation.
pub struct Plan<'d> {
    fields: Vec<Planned<'d>>,
    doc: &'d ExecutableDocument,
    submit: bool,
}

struct Planned<'d> {
    key: &'d Name,
    set: &'d SelectionSet,
    profile: Profile,
    rec: engine::Recommendation,
}

/// Plans the operation if the direct path can answer it. `doc` must have passed
/// async-graphql's strict validation before.
pub fn plan<'d>(
    doc: &'d ExecutableDocument,
    operation_name: Option<&str>,
    variables: &RequestVariables,
    catalog: &Catalog,
) -> Option<Plan<'d>> {
    // async-graphql refuses a name for a document of one operation ("Unknown operation
    // named"); the document rules do not, so that case is the executor's to answer.
    if operation_name.is_some() && matches!(doc.operations, DocumentOperations::Single(_)) {
        return None;
    }
    let op = select_operation(doc, operation_name)?;
    let (root, submit) = match op.ty {
        OperationType::Query => ("recommendation", false),
        // One decision per operation: several run one after another under the executor,
        // each logged before the next is computed.
        OperationType::Mutation if op.selection_set.node.items.len() == 1 => {
            ("submitProfile", true)
        }
        _ => return None,
    };
    if !op.directives.is_empty() {
        return None;
    }
    let mut fields: Vec<Planned<'d>> = Vec::with_capacity(op.selection_set.node.items.len());
    for selection in &op.selection_set.node.items {
        let Selection::Field(field) = &selection.node else {
            return None;
        };
        let field = &field.node;
        let key = &field.response_key().node;
        if field.name.node != root
            || !field.directives.is_empty()
            || fields.iter().any(|f| f.key == key)
        {
            return None;
        }
        let [(name, value)] = field.arguments.as_slice() else {
            return None;
        };
        if name.node != "profile" {
            return None;
        }
        // As the executor resolves an argument (`ContextBase::var_value`): a variable is
        // the request's value, else its declared default.
        let declared = |var: &Name| {
            op.variable_definitions
                .iter()
                .find(|def| def.node.name.node == *var)
        };
        let (values, read) = match variables {
            RequestVariables::Values(values) => (Some(values), None),
            RequestVariables::Profile(p) => (None, Some(p)),
        };
        let variable = |var: &Name| {
            declared(var).and_then(|def| {
                values
                    .and_then(|values| values.get(var))
                    .or_else(|| def.node.default_value())
            })
        };
        // The coercion the executor applies (`ContextBase::param_value`); a profile passed
        // as a variable in the usual shape is read where it lies, or was read straight
        // from the request's text.
        let parsed;
        let input = match &value.node {
            async_graphql_value::Value::Variable(var)
                if read.is_some_and(|p| p.name() == var.as_str()) =>
            {
                declared(var)?;
                read?.input()
            }
            async_graphql_value::Value::Variable(var) => {
                let value = variable(var)?;
                parsed = match ProfileInput::read_in_place(value) {
                    Some(input) => input,
                    None => <ProfileInput as InputType>::parse(Some(value.clone())).ok()?,
                };
                &parsed
            }
            // A literal naming the profile read from the text is the executor's to
            // answer (it needs the variable as a value).
            literal => {
                let value = literal
                    .clone()
                    .into_const_with(|var: Name| {
                        if read.is_some_and(|p| p.name() == var.as_str()) {
                            return Err(());
                        }
                        variable(&var).cloned().ok_or(())
                    })
                    .ok()?;
                parsed = <ProfileInput as InputType>::parse(Some(value)).ok()?;
                &parsed
            }
        };
        let (profile, rec) = compute(catalog, input).ok()?;
        fields.push(Planned {
            key,
            set: &field.selection_set.node,
            profile,
            rec,
        });
    }
    (!fields.is_empty()).then_some(Plan {
        fields,
        doc,
        submit,
    })
}

impl Plan<'_> {
    /// The decision to log first, for a `submitProfile`.
    pub fn submission(&self) -> Option<(&Profile, &engine::Recommendation)> {
        let field = self.fields.first().filter(|_| self.submit)?;
        Some((&field.profile, &field.rec))
    }

    /// Writes the answer, with the logged `decision` of a `submitProfile`.
    pub fn write(
        self,
        catalog: &Catalog,
        budget: &RequestBudget,
        mut decision: Option<(Uuid, OutcomeToken)>,
    ) -> Direct {
        let (limit, deadline) = budget.walk_limits();
        let mut out = Vec::with_capacity(4096);
        out.extend_from_slice(b"{\"data\":{");
        let mut values = 0u64;
        for (i, field) in self.fields.into_iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            // Response keys are GraphQL names: nothing in them needs escaping, but the
            // same serializer writes them as on the executor's path.
            let _ = serde_json::Serializer::new(&mut out).serialize_str(field.key);
            out.push(b':');
            let rec = Recommendation::new(catalog, field.profile, field.rec, decision.take());
            let mut walker = Walker::limited(
                &self.doc.fragments,
                Json::new(&mut out),
                limit.saturating_sub(values),
                deadline,
            );
            let walked = walker.object(&rec, field.set).is_some();
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
        // All or nothing, as the walker under the executor charges: a walk that does not
        // fit is left to the derived resolvers, which fail at the right list.
        if !budget.try_charge(values) {
            return Direct::Declined;
        }
        if budget.timed_out() {
            return Direct::OutOfTime;
        }
        Direct::Answered(out)
    }
}

/// Answers a query of `recommendation` fields (the tests' entry point; the transport
/// plans and writes in two steps, to log a submitted decision between them).
pub fn preview(
    doc: &ExecutableDocument,
    operation_name: Option<&str>,
    variables: &RequestVariables,
    catalog: &Catalog,
    budget: &RequestBudget,
) -> Direct {
    match plan(doc, operation_name, variables, catalog) {
        Some(plan) if plan.submission().is_none() => plan.write(catalog, budget, None),
        _ => Direct::Declined,
    }
}
