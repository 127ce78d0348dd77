//! The integration tests, as one test binary: the whole service is linked once, not once
//! per file (on a two-core machine linking dominated the test build). Each module is one
//! area of behaviour; `helpers` holds what they share.

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
mod durability;
mod fast_resolution;
mod helpers;
mod http_audit;
mod http_surface;
mod lifecycle;
mod pages;
mod privacy;
mod random_documents;
mod recommendation;
mod reload;
mod response_cache;
mod schema;
mod spool_model;
