//! The walk over one operation's selections that adds up [`Measure`]s: fields by the cost
//! table, introspection by exact evaluation, fragments memoised per type they are spread
//! on, and a fragment that spreads itself refused.

use std::collections::{HashMap, HashSet};

use async_graphql::Value;
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};

use super::introspection::Eval;
use super::{CostModel, Measure};
use crate::graphql::documents::error::DocumentError;

pub(super) struct Walk<'a> {
    model: &'a CostModel,
    doc: &'a ExecutableDocument,
    exact: Eval<'a>,
    /// (fragment, type it is spread on) -> its measure.
    memo: HashMap<(&'a str, &'a str), Measure>,
    /// Fragments being walked right now: spreading one of them again is a cycle.
    active: HashSet<&'a str>,
    max_depth: usize,
}

impl<'a> Walk<'a> {
    pub(super) fn new(
        model: &'a CostModel,
        doc: &'a ExecutableDocument,
        max_depth: usize,
    ) -> Walk<'a> {
        Walk {
            model,
            doc,
            exact: Eval::new(&model.introspection, doc),
            memo: HashMap::new(),
            active: HashSet::new(),
            max_depth,
        }
    }

    /// `depth` is the nesting of the field that owns `set` (0 for the operation).
    pub(super) fn set(
        &mut self,
        set: &'a SelectionSet,
        ty: &'a str,
        depth: usize,
    ) -> Result<Measure, DocumentError> {
        let mut total = Measure::default();
        for selection in &set.items {
            let m = match &selection.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    let name = field.name.node.as_str();
                    let here = depth + 1;
                    if here > self.max_depth {
                        return Err(DocumentError::TooDeep);
                    }
                    let info = self.model.fields.get(ty).and_then(|f| f.get(name));
                    let Some(info) = info else {
                        // `__typename`, or a field the schema will refuse: one point.
                        total.cost = total.cost.saturating_add(1);
                        total.depth = total.depth.max(here);
                        continue;
                    };
                    let sub_set = &field.selection_set.node;
                    let sub = self.set(sub_set, info.ty.as_str(), here)?;
                    let per_item = if sub_set.items.is_empty() {
                        u64::from(info.list)
                    } else {
                        sub.cost
                    };
                    let cost = match (ty, name) {
                        ("Query", "__schema") => 1 + self.exact.schema(sub_set),
                        ("Query", "__type") => {
                            // A literal name costs that type; a variable, the dearest.
                            let name = field
                                .get_argument("name")
                                .and_then(|v| v.node.clone().into_const());
                            let name = match &name {
                                Some(Value::String(n)) => Some(n.as_str()),
                                _ => None,
                            };
                            1 + self.exact.named_type(sub_set, name)
                        }
                        _ => info
                            .weight
                            .saturating_add(info.items.saturating_mul(per_item)),
                    };
                    Measure {
                        cost,
                        depth: sub.depth.max(here),
                        submits: sub
                            .submits
                            .saturating_mul(info.items)
                            .saturating_add(u64::from(ty == "Mutation" && name == "submitProfile")),
                    }
                }
                Selection::InlineFragment(frag) => {
                    let frag = &frag.node;
                    let on = frag
                        .type_condition
                        .as_ref()
                        .map_or(ty, |c| c.node.on.node.as_str());
                    self.set(&frag.selection_set.node, on, depth)?
                }
                Selection::FragmentSpread(spread) => {
                    let name = spread.node.fragment_name.node.as_str();
                    self.spread(name, depth)?
                }
            };
            total.cost = total.cost.saturating_add(m.cost);
            total.depth = total.depth.max(m.depth);
            total.submits = total.submits.saturating_add(m.submits);
        }
        Ok(total)
    }

    fn spread(&mut self, name: &'a str, depth: usize) -> Result<Measure, DocumentError> {
        // Unknown fragments are the schema's validation's to report.
        let Some((key, frag)) = self.doc.fragments.get_key_value(name) else {
            return Ok(Measure::default());
        };
        let key = key.as_str();
        let on = frag.node.type_condition.node.on.node.as_str();
        if let Some(m) = self.memo.get(&(key, on)) {
            // Memoised with depth measured from 0: shift it to where it is spread.
            if depth + m.depth > self.max_depth {
                return Err(DocumentError::TooDeep);
            }
            return Ok(Measure {
                depth: depth + m.depth,
                ..*m
            });
        }
        if !self.active.insert(key) {
            return Err(DocumentError::FragmentCycle(key.to_string()));
        }
        let m = self.set(&frag.node.selection_set.node, on, 0);
        self.active.remove(key);
        let m = m?;
        self.memo.insert((key, on), m);
        if depth + m.depth > self.max_depth {
            return Err(DocumentError::TooDeep);
        }
        Ok(Measure {
            depth: depth + m.depth,
            ..m
        })
    }
}
