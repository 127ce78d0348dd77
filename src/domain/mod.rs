//! Small domain types shared by the decision log, the store and the API, so that none of
//! them has to import another for them: a client's name, the hour, the anonymous record
//! of a decision and the hash of its outcome token. Below all three; depends only on the catalog and the engine.

mod client_name;
mod decision;
mod hour;
mod outcome_token;

pub use client_name::ClientName;
pub use decision::{DecisionRecord, StoredAnswer, StoredRank, decision_id};
pub use hour::Hour;
pub use outcome_token::{OutcomeToken, TokenHash};
