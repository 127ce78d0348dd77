//! The privacy rules of the analytics, pure and independent of SQL or GraphQL: what may
//! be shown of the anonymous decision log, to whom, at what granularity. The BI views in
//! `migrations/` implement the same rules in SQL; `docs/design.md` has the threat model.
//!
//! - [`weeks`]: time is aggregated in whole UTC weeks, and a week holding fewer than `k`
//!   decisions of the filtered set is left out of every figure, so any two allowed queries
//!   differ by whole weeks of at least `k` decisions each (differencing reveals no group
//!   smaller than `k`).
//! - [`suppression`]: in every breakdown, a cell below `k` (zero included) is hidden, and
//!   more cells are hidden until what is hidden adds up to zero or to at least `k`, so no
//!   small group can be recovered by subtracting the visible cells from the total.

pub mod suppression;
pub mod weeks;

pub use suppression::suppress;
pub use weeks::{Weeks, week_of};
