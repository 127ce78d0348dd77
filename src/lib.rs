//! framework-matrix: explained web-framework recommendations over GraphQL, with an
//! anonymous decision log.
//!
//! Layers, from the inside out:
//! - [`catalog`]: the knowledge (data files, validated) — no I/O beyond loading.
//! - [`engine`]: `(catalog, profile) -> recommendation`, pure.
//! - [`privacy`]: small-group suppression, pure.
//! - [`domain`]: small shared types (client name, hour, the anonymous decision record).
//! - [`decision_log`]: anonymous records and the group-commit writer.
//! - [`store`]: PostgreSQL (the only module with SQL).
//! - [`reporting`]: analytics reports, the privacy rules applied to the store's counts.
//! - [`replay`]: re-scoring logged decisions under a candidate catalog, pure.
//! - [`graphql`]: the API contract, translating to and from the domain.
//! - [`portal`]: what developer portals load (Tech Radar feed, decision records), pure.
//! - [`reload`]: the catalog being served, and replacing it while running.
//! - [`http`]: GraphQL over HTTP, health, metrics, CORS, limits.
//! - [`cli`]: the catalog tools (`catalog check`, `catalog diff`, `replay`) and their output.
//! - [`startup`], [`config`], [`telemetry`], [`metrics`], [`ratelimit`]: wiring and
//!   operations.

pub mod catalog;
pub mod cli;
pub mod config;
pub mod decision_log;
pub mod domain;
pub mod engine;
pub mod graphql;
pub mod http;
pub mod metrics;
pub mod portal;
pub mod privacy;
pub mod ratelimit;
pub mod reload;
pub mod replay;
pub mod reporting;
pub mod startup;
pub mod store;
pub mod telemetry;
