//! The decision log: turning a submitted recommendation into an anonymous record
//! ([`record`]) and getting it durably stored: group commit into PostgreSQL ([`writer`]),
//! a local write-ahead spool while the database is away ([`spool`]), and its replay
//! ([`drainer`]). SQL itself lives in `store`; this module decides *when* and *where* to
//! write.

mod drainer;
mod record;
pub mod spool;
mod writer;

pub use record::{ClientName, DecisionRecord, StoredAnswer, StoredRank, truncate_to_hour};
pub use writer::{DecisionLog, LogError, LogStatus, WriterHandle};
