//! The decision log: turning a submitted recommendation into an anonymous record
//! ([`record`]) and getting it durably stored with group commit ([`writer`]).
//! SQL itself lives in `store`; this module decides *when* and *how much* to write.

mod record;
mod writer;

pub use record::{ClientName, DecisionRecord, StoredAnswer, StoredRank, truncate_to_hour};
pub use writer::{DecisionLog, LogError, WriterHandle};
