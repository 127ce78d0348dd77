//! Facts about a parsed document that do not depend on the request: which operation a
//! request names, and how many fields and aliases the whole document has.

use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, OperationDefinition, Selection, SelectionSet,
};

use super::MAX_WALK_DEPTH;

/// Counted over every field of a document (operations and fragments), in one walk.
#[derive(Default)]
pub(super) struct FieldCounts {
    pub fields: usize,
    pub aliases: usize,
    /// Some field is `__schema` or `__type`.
    pub introspection: bool,
}

/// The operation a request names: the one of a single-operation document (whatever the
/// name), the named one of several, or the only one when no name is given.
pub fn select_operation<'a>(
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

/// Visits every field of the document (operations and fragments) once.
pub(super) fn count_fields(doc: &ExecutableDocument) -> FieldCounts {
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
                    in_set(&frag.node.selection_set.node, counts, depth + 1);
                }
                Selection::FragmentSpread(_) => {}
            }
        }
    }
    let mut counts = FieldCounts::default();
    // Each fragment is counted once, however often it is spread: repeated spreads are
    // bounded by the cost limit.
    for (_, op) in doc.operations.iter() {
        in_set(&op.node.selection_set.node, &mut counts, 0);
    }
    for frag in doc.fragments.values() {
        in_set(&frag.node.selection_set.node, &mut counts, 0);
    }
    counts
}
