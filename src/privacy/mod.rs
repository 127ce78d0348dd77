//! The privacy rules of the analytics, pure and independent of SQL or GraphQL: what may
//! be shown of the anonymous decision log, to whom, at what granularity. The BI views in
//! `migrations/` implement the same rules in SQL; `docs/design.md` has the threat model.
//!
//! - [`weeks`]: time is aggregated in whole UTC weeks. A *segment* (one client, one
//!   catalog version, one week) holding fewer than `k` decisions is left out of every
//!   figure, so every counted set is a union of segments of at least `k` decisions each,
//!   and any two allowed queries (whatever their time range, client or catalog version)
//!   differ by such segments: differencing reveals no group smaller than `k`.
//! - [`suppression`]: in every breakdown, a cell below `k` (zero included) is hidden, and
//!   more cells are hidden until what is hidden adds up to zero or to at least `k`, so no
//!   small group can be recovered by subtracting the visible cells from the total.
//! - [`linked`]: the same rule along every line of a two-way table whose row and column
//!   totals are known from other figures.

pub mod linked;
pub mod suppression;
pub mod weeks;

pub use linked::{Line, hide_linked};
pub use suppression::suppress;
pub use weeks::{Weeks, week_of};
