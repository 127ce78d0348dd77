//! The service layer: what a request may ask and what the service decides, shared by the
//! GraphQL resolvers and the REST handlers so both validate the same way, refuse with the
//! same codes and log decisions under the same durability rules.
//!
//! Transports translate (their own argument types in, their own error shapes out);
//! services decide (validation, the engine, the decision log, outcomes); the store owns
//! SQL. Nothing here knows HTTP or GraphQL.
//!
//! - [`error`]: [`ServiceError`] and every [`Code`] the API sends.
//! - [`input`]: bounds on what a client may send.
//! - [`catalog`]: resolving catalog references (frameworks, FAQ filters, comparisons).
//! - [`recommend`]: a profile from raw answers, and the engine's recommendation.
//! - [`decisions`]: logging a decision, recording its outcome.

pub mod catalog;
pub mod decisions;
pub mod error;
pub mod input;
pub mod recommend;

pub use error::{Code, ServiceError};
