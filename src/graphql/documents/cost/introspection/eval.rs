//! Evaluating one document's introspection selections against [`Introspection`]: what
//! they would really return, memoised per (selection set, type).

use std::collections::HashMap;

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};

use super::{Introspection, Ref};

/// One evaluation: the document's fragments and a memo of what was already costed.
pub struct Eval<'a> {
    schema: &'a Introspection,
    doc: &'a ExecutableDocument,
    memo: HashMap<(usize, Ref), u64>,
    /// Fragment spreads followed at once: bounds the walk for a (refused elsewhere)
    /// fragment cycle.
    spreads: usize,
}

/// Selections deeper than this are not followed (the depth limit refuses them anyway).
const MAX_SPREADS: usize = 64;

impl<'a> Eval<'a> {
    pub fn new(schema: &'a Introspection, doc: &'a ExecutableDocument) -> Eval<'a> {
        Eval {
            schema,
            doc,
            memo: HashMap::new(),
            spreads: 0,
        }
    }

    /// `__schema { ... }`.
    pub fn schema(&mut self, set: &'a SelectionSet) -> u64 {
        let mut cost = 0u64;
        self.fields(set, &mut |this, name, sub| {
            let c = match name {
                "types" => {
                    let names: Vec<String> = this.schema.types.keys().cloned().collect();
                    names
                        .into_iter()
                        .map(|n| this.ty(sub, &Ref::Named(n)))
                        .fold(1, u64::saturating_add)
                }
                "queryType" => this.ty(sub, &Ref::Named("Query".into())),
                "mutationType" => this.ty(sub, &Ref::Named("Mutation".into())),
                "directives" => {
                    let directives = this.schema.directives.clone();
                    directives
                        .iter()
                        .map(|args| this.directive(sub, args))
                        .fold(1, u64::saturating_add)
                }
                _ => 1,
            };
            cost = cost.saturating_add(c);
        });
        cost
    }

    /// `__type(name: ...) { ... }`: the named type's cost, or the dearest type's when the
    /// name is not known before execution (a variable).
    pub fn named_type(&mut self, set: &'a SelectionSet, name: Option<&str>) -> u64 {
        if let Some(n) = name {
            self.ty(set, &Ref::Named(n.to_string()))
        } else {
            let names: Vec<String> = self.schema.types.keys().cloned().collect();
            names
                .into_iter()
                .map(|n| self.ty(set, &Ref::Named(n)))
                .max()
                .unwrap_or(1)
        }
    }

    fn ty(&mut self, set: &'a SelectionSet, r: &Ref) -> u64 {
        let key = (std::ptr::from_ref(set) as usize, r.clone());
        if let Some(&c) = self.memo.get(&key) {
            return c;
        }
        let mut cost = 1u64;
        let named = match r {
            Ref::Named(n) => self.schema.types.get(n),
            _ => None,
        };
        self.fields(set, &mut |this, name, sub| {
            let c = match (name, r, named) {
                ("ofType", Ref::NonNull(inner) | Ref::List(inner), _) => this.ty(sub, inner),
                ("fields", _, Some(shape)) => match &shape.fields {
                    Some(fields) => fields
                        .iter()
                        .map(|(args, ty)| this.field(sub, args, ty))
                        .fold(1, u64::saturating_add),
                    None => 1,
                },
                ("interfaces" | "possibleTypes", _, Some(shape)) => {
                    let list = if name == "interfaces" {
                        &shape.interfaces
                    } else {
                        &shape.possible_types
                    };
                    match list {
                        Some(names) => names
                            .iter()
                            .map(|n| this.ty(sub, &Ref::Named(n.clone())))
                            .fold(1, u64::saturating_add),
                        None => 1,
                    }
                }
                ("enumValues", _, Some(shape)) => shape
                    .enum_values
                    .map_or(1, |n| 1 + n as u64 * this.leaves(sub)),
                ("inputFields", _, Some(shape)) => match &shape.input_fields {
                    Some(inputs) => inputs
                        .iter()
                        .map(|ty| this.input(sub, ty))
                        .fold(1, u64::saturating_add),
                    None => 1,
                },
                _ => 1,
            };
            cost = cost.saturating_add(c);
        });
        self.memo.insert(key, cost);
        cost
    }

    fn field(&mut self, set: &'a SelectionSet, args: &[Ref], ty: &Ref) -> u64 {
        let mut cost = 1u64;
        self.fields(set, &mut |this, name, sub| {
            let c = match name {
                "args" => this.args(sub, args),
                "type" => this.ty(sub, ty),
                _ => 1,
            };
            cost = cost.saturating_add(c);
        });
        cost
    }

    /// An `args` list: one per argument, each an `__InputValue`.
    fn args(&mut self, set: &'a SelectionSet, args: &[Ref]) -> u64 {
        args.iter()
            .map(|a| self.input(set, a))
            .fold(1, u64::saturating_add)
    }

    fn input(&mut self, set: &'a SelectionSet, ty: &Ref) -> u64 {
        let mut cost = 1u64;
        self.fields(set, &mut |this, name, sub| {
            let c = if name == "type" { this.ty(sub, ty) } else { 1 };
            cost = cost.saturating_add(c);
        });
        cost
    }

    fn directive(&mut self, set: &'a SelectionSet, args: &[Ref]) -> u64 {
        let mut cost = 1u64;
        self.fields(set, &mut |this, name, sub| {
            let c = match name {
                "args" => this.args(sub, args),
                "locations" => 1 + 19,
                _ => 1,
            };
            cost = cost.saturating_add(c);
        });
        cost
    }

    /// Cost of a selection of scalar fields (one per field).
    fn leaves(&mut self, set: &'a SelectionSet) -> u64 {
        let mut n = 0u64;
        self.fields(set, &mut |_, _, _| n += 1);
        n.max(1)
    }

    /// Calls `f` with every field of `set`, following fragments.
    fn fields(
        &mut self,
        set: &'a SelectionSet,
        f: &mut dyn FnMut(&mut Self, &'a str, &'a SelectionSet),
    ) {
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => {
                    f(
                        self,
                        field.node.name.node.as_str(),
                        &field.node.selection_set.node,
                    );
                }
                Selection::InlineFragment(frag) => self.fields(&frag.node.selection_set.node, f),
                Selection::FragmentSpread(spread) => {
                    let Some(frag) = self.doc.fragments.get(&spread.node.fragment_name.node) else {
                        continue;
                    };
                    if self.spreads >= MAX_SPREADS {
                        continue;
                    }
                    self.spreads += 1;
                    self.fields(&frag.node.selection_set.node, f);
                    self.spreads -= 1;
                }
            }
        }
    }
}
