//! framework-matrix: explained web-framework recommendations over GraphQL, with an
//! anonymous decision log.
//!
//! Layers, from the inside out:
//! - [`catalog`]: the knowledge (data files, validated) — no I/O beyond loading.
//! - [`engine`]: `(catalog, profile) -> recommendation`, pure.
//! - [`analytics`]: small-group suppression, pure.
//! - [`decision_log`]: anonymous records and the group-commit writer.
//! - [`store`]: PostgreSQL (the only module with SQL).
//! - [`graphql`]: the API contract, translating to and from the domain.
//! - [`http`]: GraphQL over HTTP, health, metrics, CORS, limits.
//! - [`startup`], [`config`], [`telemetry`], [`metrics`]: wiring and operations.

pub mod analytics;
pub mod catalog;
pub mod config;
pub mod decision_log;
pub mod engine;
pub mod graphql;
pub mod http;
pub mod metrics;
pub mod startup;
pub mod store;
pub mod telemetry;
