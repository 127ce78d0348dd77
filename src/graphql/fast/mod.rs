//! Synchronous resolution of the leaf-heavy output types (issue 17).
//!
//! async-graphql resolves every field of every object as a boxed future in a
//! `FuturesUnordered`, then merges the results into an `IndexMap`: for a full explanation
//! (about 350 fields) that machinery costs more than everything else a request does
//! (BENCHMARKS.md, "What bounds the preview"). The recommendation and the catalog objects
//! are plain in-memory data, so nothing needs to wait: [`Walker`] walks the selection set
//! and builds the response value directly, honouring what the executor does: aliases,
//! `__typename`, fragment spreads and inline fragments (on the type or on an interface it
//! implements), and the merging of fields selected twice. `@skip` and `@include` need no
//! handling: async-graphql removes the skipped selections before execution starts.
//!
//! The derived resolvers (`#[Object]`) stay the reference: a type that opts in (see
//! [`fast_output_type!`]) tries the walker first and falls back to its derived resolver
//! when the walker declines: a field it does not serve (one with arguments, or a field
//! added to the schema and not to the walker), or a budget too small for the values the
//! walk would produce (the derived path then fails at exactly the list it would have
//! failed at). A differential property test (`tests/api/fast_resolution.rs`) runs generated
//! selection sets both ways and compares the JSON. [`DerivedOnly`] in the request data
//! turns the walker off, for that test.

use std::borrow::Cow;
use std::collections::HashMap;
use std::time::Instant;

use async_graphql::parser::types::{Field, FragmentDefinition, Selection, SelectionSet};
use async_graphql::registry::Registry;
use async_graphql::resolver_utils::EnumType;
use async_graphql::{ContextSelectionSet, Name, OutputType, Positioned, ServerResult, Value};

use super::budget;

mod out;
pub use out::{Json, Out, Tree};

/// Request data that makes every opted-in type use its derived resolver.
#[derive(Debug, Clone, Copy)]
pub struct DerivedOnly;

/// An object the walker can resolve.
pub trait Fast {
    /// Its GraphQL type name (`__typename`, and fragment type conditions).
    const TYPE: &'static str;
    /// The interfaces it implements (a fragment `... on Node` applies to it).
    const INTERFACES: &'static [&'static str] = &[];

    /// Writes the value of the field `name` with the sub-selection `set` (empty for
    /// scalars) through `w`; `None` when this field is not served by the walker (or the
    /// walk stopped).
    fn field<O: Out>(&self, w: &mut Walker<'_, O>, name: &str, set: &SelectionSet) -> Option<()>;
}

/// One walk over a selection set, writing to `O`. Counts the values it produces the way
/// the derived resolvers charge them (each list: its items plus one), so that the caller
/// can charge the request's budget once; and stops, declining the walk, as soon as that
/// count passes the values the budget has left or the deadline has passed (looked at
/// every [`budget::CLOCK_EVERY`] values): the hard caps hold during the walk, not only
/// after it, whatever the static cost estimate let through.
pub struct Walker<'a, O> {
    fragments: &'a HashMap<Name, Positioned<FragmentDefinition>>,
    out: O,
    values: u64,
    limit: u64,
    deadline: Option<Instant>,
    next_clock: u64,
    out_of_time: bool,
}

impl<'a, O: Out> Walker<'a, O> {
    /// A walk with no limit (the tests' schema has no budget).
    pub fn new(fragments: &'a HashMap<Name, Positioned<FragmentDefinition>>, out: O) -> Self {
        Walker {
            fragments,
            out,
            values: 0,
            limit: u64::MAX,
            deadline: None,
            next_clock: budget::CLOCK_EVERY,
            out_of_time: false,
        }
    }

    /// A walk that declines once it would produce more than `limit` values, or once
    /// `deadline` has passed.
    pub fn limited(
        fragments: &'a HashMap<Name, Positioned<FragmentDefinition>>,
        out: O,
        limit: u64,
        deadline: Instant,
    ) -> Self {
        Walker {
            limit,
            deadline: Some(deadline),
            ..Walker::new(fragments, out)
        }
    }

    /// Whether the walk stopped because the deadline had passed.
    pub fn out_of_time(&self) -> bool {
        self.out_of_time
    }

    /// Values produced so far, as the budget counts them.
    pub fn values(&self) -> u64 {
        self.values
    }

    /// The output, once the walk is over.
    pub fn into_out(self) -> O {
        self.out
    }

    /// `obj` with the selection `set`: an object, or `null` when nothing was selected (as
    /// the executor answers an object whose fragments all skipped).
    pub fn object<T: Fast + ?Sized>(&mut self, obj: &T, set: &SelectionSet) -> Option<()> {
        self.out.begin_object();
        self.collect(obj, set)?;
        self.out.end_object();
        Some(())
    }

    /// A list of `items`, each written by `item`.
    pub fn list<I>(
        &mut self,
        items: impl ExactSizeIterator<Item = I>,
        mut item: impl FnMut(&mut Self, I) -> Option<()>,
    ) -> Option<()> {
        self.values = self.values.saturating_add(items.len() as u64 + 1);
        if self.values > self.limit {
            return None;
        }
        if self.values >= self.next_clock {
            self.next_clock = self.values.saturating_add(budget::CLOCK_EVERY);
            if self.deadline.is_some_and(|d| Instant::now() > d) {
                self.out_of_time = true;
                return None;
            }
        }
        self.out.begin_list(items.len());
        for i in items {
            item(self, i)?;
        }
        self.out.end_list();
        Some(())
    }

    /// A list of objects with one selection.
    pub fn objects<T: Fast>(
        &mut self,
        items: impl ExactSizeIterator<Item = T>,
        set: &SelectionSet,
    ) -> Option<()> {
        self.list(items, |w, obj| w.object(&obj, set))
    }

    /// A list of strings.
    pub fn strings<'s>(&mut self, items: impl ExactSizeIterator<Item = &'s str>) -> Option<()> {
        self.list(items, Walker::str)
    }

    /// Scalar values as the derived resolvers produce them.
    pub fn str(&mut self, s: &str) -> Option<()> {
        self.out.str(s);
        Some(())
    }

    pub fn string(&mut self, s: String) -> Option<()> {
        self.out.string(s);
        Some(())
    }

    pub fn optional_str(&mut self, s: Option<&str>) -> Option<()> {
        match s {
            Some(s) => self.out.str(s),
            None => self.out.null(),
        }
        Some(())
    }

    pub fn int(&mut self, i: i32) -> Option<()> {
        self.out.int(i);
        Some(())
    }

    pub fn float(&mut self, f: f64) -> Option<()> {
        self.out.float(f);
        Some(())
    }

    pub fn enumeration<E: EnumType>(&mut self, e: E) -> Option<()> {
        self.out.enumeration(enum_name(e)?);
        Some(())
    }

    fn collect<T: Fast + ?Sized>(&mut self, obj: &T, set: &SelectionSet) -> Option<()> {
        for selection in &set.items {
            // Directives are declined everywhere: under the executor, `@skip`/`@include`
            // were already applied (what remains would be left to the derived resolvers),
            // and the direct path (`graphql::direct`) sees the document as written.
            if !selection.node.directives().is_empty() {
                return None;
            }
            match &selection.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    // No field the walker serves takes arguments; one that does is left to
                    // the derived resolver, which validates and uses them.
                    if !field.arguments.is_empty() {
                        return None;
                    }
                    let set = &field.selection_set.node;
                    let key = &field.response_key().node;
                    let mute = match self.out.field(key, set.items.is_empty()) {
                        out::Field::Write => false,
                        out::Field::Skip => true,
                        out::Field::Decline => return None,
                    };
                    self.out.mute(mute);
                    if field.name.node == "__typename" {
                        self.out.str(T::TYPE);
                    } else {
                        obj.field(self, &field.name.node, set)?;
                    }
                    self.out.mute(false);
                }
                Selection::FragmentSpread(spread) => {
                    let fragment = &self.fragments.get(&spread.node.fragment_name.node)?.node;
                    if applies::<T>(Some(&fragment.type_condition.node.on.node)) {
                        self.collect(obj, &fragment.selection_set.node)?;
                    }
                }
                Selection::InlineFragment(fragment) => {
                    let fragment = &fragment.node;
                    let on = fragment.type_condition.as_ref().map(|c| &c.node.on.node);
                    if applies::<T>(on) {
                        self.collect(obj, &fragment.selection_set.node)?;
                    }
                }
            }
        }
        Some(())
    }
}

/// Whether a fragment with this type condition applies to a `T`.
fn applies<T: Fast + ?Sized>(on: Option<&Name>) -> bool {
    on.is_none_or(|on| on.as_str() == T::TYPE || T::INTERFACES.contains(&on.as_str()))
}

/// The GraphQL name of an enum value (what `resolver_utils::enum_value` writes).
fn enum_name<E: EnumType>(e: E) -> Option<&'static str> {
    E::items()
        .iter()
        .find(|item| item.value == e)
        .map(|item| item.name)
}

/// An object the walker resolves, with its derived resolver (`T`'s `#[Object]`) as the
/// fallback. To the schema it is `T`: same name, same fields, same SDL.
pub struct Walked<T>(pub T);

impl<T: OutputType + Fast> OutputType for Walked<T> {
    fn type_name() -> Cow<'static, str> {
        T::type_name()
    }

    fn qualified_type_name() -> String {
        T::qualified_type_name()
    }

    fn introspection_type_name(&self) -> Cow<'static, str> {
        self.0.introspection_type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        T::create_type_info(registry)
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        if ctx.data_opt::<DerivedOnly>().is_none() {
            // `query_env` is public but hidden in async-graphql's docs: the fragments of
            // the operation, which the walker needs for spreads (pinned by Cargo.lock; the
            // differential test fails loudly if their meaning ever changes).
            let fragments = &ctx.query_env.fragments;
            let budget = budget::of(ctx);
            let mut walker = match budget.map(budget::RequestBudget::walk_limits) {
                Some((limit, deadline)) => {
                    Walker::limited(fragments, Tree::default(), limit, deadline)
                }
                None => Walker::new(fragments, Tree::default()),
            };
            let walked = walker.object(&self.0, &ctx.item.node).is_some();
            let (values, out_of_time) = (walker.values(), walker.out_of_time());
            if walked
                && budget::try_charge(ctx, values)
                && let Some(value) = walker.into_out().finish()
            {
                return Ok(value);
            }
            if out_of_time && let Some(budget) = budget {
                // The derived resolvers then fail at their first list.
                budget.stop_for_time();
            }
        }
        self.0.resolve(ctx, field).await
    }
}

/// Every object of a list, walked.
pub fn walked<T>(items: Vec<T>) -> Vec<Walked<T>> {
    items.into_iter().map(Walked).collect()
}

#[cfg(test)]
mod tests;
