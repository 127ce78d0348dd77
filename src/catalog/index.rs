//! Typed positions in the catalog's lists (issue 15): a [`FrameworkIx`], a [`CriterionIx`],
//! an [`OptionIx`] and a [`TakeawayIx`] cannot be passed for one another, so
//! `catalog.score(criterion, option, framework)` with two arguments swapped no longer
//! compiles. Each indexes only its own list (`catalog.frameworks[f]`,
//! `criterion.options[o]`); a raw `usize` still indexes anything, which is what the
//! engine's scratch tables use through `index()`.
//!
//! All four wrap a `usize` (`repr(transparent)`): indexing with one is exactly indexing
//! with the number, with no widening in the engine's inner loops as a `u16` or `u32` would
//! need, and the engine's structs keep their size. The catalog creates them when it
//! resolves ids at load time; the rest of the service gets them from the catalog
//! (`framework_index`, `framework_ixs`, `Criterion::option_ixs`, ...) and only tests and
//! the engine's tables need `new` and `index`.
//!
//! [`OptionRow`] is the one index that is not a position in a list a reader sees: the row of
//! an option in the catalog's score matrix, counted over all criteria. It never leaves the
//! catalog module.

use std::ops::Index;

use super::model::{Criterion, CriterionOption, Framework, Takeaway};

/// Defines an index type and the `Index` impls that let it index its list, as a slice and
/// as a `Vec` (a `Vec`'s own `Index` impl is generic over `SliceIndex`, so indexing a `Vec`
/// does not fall back to the slice's impl).
macro_rules! catalog_index {
    ($(#[$doc:meta])* $name:ident => $entry:ty) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[repr(transparent)]
        pub struct $name(pub(super) usize);

        impl $name {
            /// The index at position `i`. Only the catalog knows which positions exist;
            /// elsewhere this is for tests.
            #[inline]
            pub const fn new(i: usize) -> Self {
                Self(i)
            }

            /// The position as a number, for tables the catalog does not own (the
            /// engine's per-framework and per-criterion scratch vectors).
            #[inline]
            pub const fn index(self) -> usize {
                self.0
            }
        }

        impl Index<$name> for [$entry] {
            type Output = $entry;
            #[inline]
            fn index(&self, ix: $name) -> &$entry {
                &self[ix.0]
            }
        }

        impl Index<$name> for Vec<$entry> {
            type Output = $entry;
            #[inline]
            fn index(&self, ix: $name) -> &$entry {
                &self[ix.0]
            }
        }
    };
}

catalog_index! {
    /// A framework's position in `Catalog::frameworks`.
    FrameworkIx => Framework
}

catalog_index! {
    /// A criterion's position in `Catalog::criteria` (the questionnaire's order).
    CriterionIx => Criterion
}

catalog_index! {
    /// An option's position within its own criterion's `options`: the same `OptionIx`
    /// names a different option of every criterion, so it means something only next to a
    /// [`CriterionIx`] (as in `Choice`, `Rule` and the engine's `Answer`). Not a row of the
    /// score matrix: that is [`OptionRow`].
    OptionIx => CriterionOption
}

catalog_index! {
    /// A takeaway's position in `Catalog::takeaways`.
    TakeawayIx => Takeaway
}

/// An option's row in the score matrix: its criterion's first row plus its [`OptionIx`],
/// so options of all criteria are numbered one after another. Private to the catalog, which
/// alone lays out the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct OptionRow(pub(super) usize);

impl OptionRow {
    /// The matrix cell of this row for `framework`, in a matrix of `frameworks` columns.
    #[inline]
    pub(super) fn cell(self, framework: FrameworkIx, frameworks: usize) -> usize {
        self.0 * frameworks + framework.0
    }
}
