//! Prometheus metrics, served at `GET /metrics` in the text exposition format.
//!
//! Labels are bounded by construction: an operation label is built from schema field
//! names (never from the client's operation name), an error label from our own codes.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::{Metric, Registry};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OperationLabels {
    /// e.g. `query:frameworks`, `mutation:submitProfile`, `invalid`.
    pub operation: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ErrorLabels {
    pub code: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StatusLabels {
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct CacheLabels {
    /// `hit` or `miss`.
    pub result: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ReloadLabels {
    /// `replaced`, `unchanged` or `failed`.
    pub result: &'static str,
}

/// Only the version being served has a series: a reload removes the old one.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct CatalogLabels {
    pub version: String,
}

pub struct Metrics {
    registry: Registry,
    /// Read through [`Metrics::count_response`].
    http_responses: Family<StatusLabels, Counter>,
    /// The `200` series of `http_responses`, kept once it exists: nearly every response
    /// is a 200, and the family's lookup (a lock and a hash) was a visible share of the
    /// cheapest requests (BENCHMARKS.md, "Issue 17, fourth round").
    ok_responses: std::sync::OnceLock<Counter>,
    pub graphql_requests: Family<OperationLabels, Counter>,
    pub graphql_duration: Family<OperationLabels, Histogram>,
    pub graphql_errors: Family<ErrorLabels, Counter>,
    pub rate_limited: Counter,
    pub decisions_logged: Counter,
    pub decisions_not_recorded: Counter,
    pub decision_batches: Counter,
    pub decision_batch_size: Histogram,
    pub decision_queue_depth: Gauge,
    pub spool_backlog_bytes: Gauge,
    pub spool_backlog_records: Gauge,
    pub decisions_spooled: Counter,
    pub decisions_replayed: Counter,
    pub spool_corrupt_records: Counter,
    pub catalog_info: Family<CatalogLabels, Gauge>,
    pub catalog_loaded_timestamp_seconds: Gauge,
    pub catalog_reloads: Family<ReloadLabels, Counter>,
    pub response_cache: Family<CacheLabels, Counter>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Counts one HTTP response by status.
    pub fn count_response(&self, status: u16) {
        if status == 200 {
            self.ok_responses
                .get_or_init(|| {
                    self.http_responses
                        .get_or_create(&StatusLabels { status })
                        .clone()
                })
                .inc();
        } else {
            self.http_responses
                .get_or_create(&StatusLabels { status })
                .inc();
        }
    }

    pub fn new() -> Metrics {
        let mut r = Registry::with_prefix("framework_matrix");
        let latency = || Histogram::new(exponential_buckets(0.000_05, 2.0, 18));
        Metrics {
            http_responses: register(
                &mut r,
                "http_responses",
                "HTTP responses by status code",
                Family::default(),
            ),
            ok_responses: std::sync::OnceLock::new(),
            graphql_requests: register(
                &mut r,
                "graphql_requests",
                "GraphQL operations executed, by root fields",
                Family::default(),
            ),
            graphql_duration: register(
                &mut r,
                "graphql_duration_seconds",
                "GraphQL execution time, by root fields",
                Family::new_with_constructor(latency),
            ),
            graphql_errors: register(
                &mut r,
                "graphql_errors",
                "GraphQL errors returned, by extensions.code",
                Family::default(),
            ),
            rate_limited: register(
                &mut r,
                "rate_limited",
                "Requests refused by the rate limiter",
                Counter::default(),
            ),
            decisions_logged: register(
                &mut r,
                "decisions_logged",
                "Decisions committed to PostgreSQL",
                Counter::default(),
            ),
            decisions_not_recorded: register(
                &mut r,
                "decisions_not_recorded",
                "Submitted decisions answered without a decisionId (DECISION_NOT_RECORDED)",
                Counter::default(),
            ),
            decision_batches: register(
                &mut r,
                "decision_batches",
                "Group commits (one statement each)",
                Counter::default(),
            ),
            decision_batch_size: register(
                &mut r,
                "decision_batch_size",
                "Decisions per group commit",
                Histogram::new(exponential_buckets(1.0, 2.0, 12)),
            ),
            decision_queue_depth: register(
                &mut r,
                "decision_queue_depth",
                "Decisions waiting for the writer",
                Gauge::default(),
            ),
            spool_backlog_bytes: register(
                &mut r,
                "spool_backlog_bytes",
                "Bytes of decisions in the local spool",
                Gauge::default(),
            ),
            spool_backlog_records: register(
                &mut r,
                "spool_backlog_records",
                "Decisions in the local spool",
                Gauge::default(),
            ),
            decisions_spooled: register(
                &mut r,
                "decisions_spooled",
                "Decisions written to the local spool",
                Counter::default(),
            ),
            decisions_replayed: register(
                &mut r,
                "decisions_replayed",
                "Spooled decisions replayed into PostgreSQL",
                Counter::default(),
            ),
            spool_corrupt_records: register(
                &mut r,
                "spool_corrupt_records",
                "Damaged spool records skipped",
                Counter::default(),
            ),
            catalog_info: register(
                &mut r,
                "catalog_info",
                "The catalog version being served (value 1)",
                Family::default(),
            ),
            catalog_loaded_timestamp_seconds: register(
                &mut r,
                "catalog_loaded_timestamp_seconds",
                "When the catalog being served was loaded (start-up or the last successful reload), Unix time",
                Gauge::default(),
            ),
            catalog_reloads: register(
                &mut r,
                "catalog_reloads",
                "Catalog reloads, by result: replaced, unchanged (same version), failed (invalid; the previous catalog stays)",
                Family::default(),
            ),
            response_cache: register(
                &mut r,
                "response_cache",
                "Lookups of pure operations in the response cache, by result: hit, miss",
                Family::default(),
            ),
            registry: r,
        }
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)
            .expect("writing to a String cannot fail");
        out
    }
}

/// Registers `metric` under `name` and returns it: the registry keeps a handle that shares
/// its value.
fn register<M: Metric + Clone>(registry: &mut Registry, name: &str, help: &str, metric: M) -> M {
    registry.register(name, help, metric.clone());
    metric
}
