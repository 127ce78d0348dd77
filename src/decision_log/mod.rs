//! The decision log: getting an anonymous record (`domain::DecisionRecord`) durably
//! stored: group commit into PostgreSQL ([`writer`]), a local write-ahead spool while the
//! database is away ([`spool`]), and its replay ([`drainer`]), which share one state
//! ([`shared`]). SQL itself lives in `store`; this module decides *when* and *where* to
//! write.

mod drainer;
mod shared;
pub mod spool;
mod writer;

pub use writer::{DecisionLog, LogError, LogStatus, WriterHandle};
