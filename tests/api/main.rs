//! The integration tests, as one test binary: the whole service is linked once, not once
//! per file (on a two-core machine linking dominated the test build). Each module is one
//! area of behaviour; `helpers` holds what they share.

// The helpers take `json!` values and fixtures by value so that call sites read as literals.
#![allow(clippy::needless_pass_by_value)]

mod abuse;
mod analytics_privacy;
mod browser;
mod catalog;
mod catalog_cli;
mod catalog_validation;
mod clients;
mod dashboard;
mod dashboard_page;
mod dashboard_tables;
mod decision_log;
mod decision_records;
mod direct_path;
mod durability;
mod fast_resolution;
mod helpers;
mod http_audit;
mod http_surface;
mod lifecycle;
mod pages;
mod portal;
mod privacy;
mod radar_catalog;
mod random_documents;
mod recommendation;
mod reload;
mod response_cache;
mod rest;
mod schema;
mod spool_model;
