//! Putting a response's keys back in the order the document selected them.
//!
//! async-graphql 7.2 resolves the fields of an object with `FuturesUnordered` and writes
//! each result as it completes, so a field that waits (on the database) comes out after
//! its siblings. GraphQL requires the selection's order (spec 6.3, CollectFields). The
//! fields of this schema that wait are `decisionStats` and its figures; an operation that
//! selects it gets its response reordered here, from the plan this module builds out of the
//! document: response keys in order of first appearance, fragments followed in place.

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Name, Value};

/// Fields whose resolvers wait, anywhere in the schema.
const WAITING_FIELDS: [&str; 1] = ["decisionStats"];

/// The response keys of one selection set, in order, each with the plan of its own
/// selection.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Order {
    keys: Vec<(Name, Order)>,
}

impl Order {
    /// The plan for `set`, or `None` when nothing in it waits (then async-graphql's order
    /// is already the selection's).
    pub fn of(doc: &ExecutableDocument, set: &SelectionSet) -> Option<Order> {
        let mut order = Order::default();
        let mut waits = false;
        order.add(doc, set, &mut waits, 0);
        waits.then_some(order)
    }

    fn add(
        &mut self,
        doc: &ExecutableDocument,
        set: &SelectionSet,
        waits: &mut bool,
        depth: usize,
    ) {
        // Documents are depth-limited before this runs; the bound keeps a fragment cycle
        // (refused later by validation) from recursing forever.
        if depth > 64 {
            return;
        }
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    *waits |= WAITING_FIELDS.contains(&field.name.node.as_str());
                    let key = field.response_key().node.clone();
                    let at = if let Some(at) = self.keys.iter().position(|(k, _)| *k == key) {
                        at
                    } else {
                        self.keys.push((key, Order::default()));
                        self.keys.len() - 1
                    };
                    self.keys[at]
                        .1
                        .add(doc, &field.selection_set.node, waits, depth + 1);
                }
                Selection::InlineFragment(frag) => {
                    self.add(doc, &frag.node.selection_set.node, waits, depth + 1);
                }
                Selection::FragmentSpread(spread) => {
                    if let Some(frag) = doc.fragments.get(&spread.node.fragment_name.node) {
                        self.add(doc, &frag.node.selection_set.node, waits, depth + 1);
                    }
                }
            }
        }
    }

    /// Reorders `value`'s objects (and the objects in its lists) to follow the plan.
    pub fn apply(&self, value: &mut Value) {
        match value {
            Value::Object(map) => {
                let position = |k: &Name| {
                    self.keys
                        .iter()
                        .position(|(key, _)| key == k)
                        .unwrap_or(usize::MAX)
                };
                map.sort_by(|a, _, b, _| position(a).cmp(&position(b)));
                for (key, sub) in &self.keys {
                    if let Some(v) = map.get_mut(key) {
                        sub.apply(v);
                    }
                }
            }
            Value::List(items) => items.iter_mut().for_each(|item| self.apply(item)),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(query: &str) -> Option<Order> {
        let doc = async_graphql::parser::parse_query(query).unwrap();
        let (_, op) = doc.operations.iter().next().unwrap();
        Order::of(&doc, &op.node.selection_set.node)
    }

    #[test]
    fn documents_without_waiting_fields_need_no_plan() {
        assert!(plan("{ frameworks { id } criteria { id } }").is_none());
    }

    #[test]
    fn keys_come_back_in_selection_order_fragments_and_aliases_included() {
        let order = plan(
            "{ frameworks { id } decisionStats { total ...F m: minGroupSize } } \
             fragment F on DecisionStats { daily { day count } }",
        )
        .unwrap();
        let mut value = async_graphql::value!({
            "decisionStats": { "m": 5, "daily": [{ "count": 1, "day": "2026-11-23" }], "total": 9 },
            "frameworks": [{ "id": "Framework:django" }],
        });
        order.apply(&mut value);
        assert_eq!(
            value.to_string(),
            r#"{frameworks: [{id: "Framework:django"}], decisionStats: {total: 9, daily: [{day: "2026-11-23", count: 1}], m: 5}}"#
        );
    }
}
