//! Prometheus metrics, served at `GET /metrics` in the text exposition format.
//!
//! Labels are bounded by construction: an operation label is built from schema field
//! names (never from the client's operation name), an error label from our own codes.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

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

pub struct Metrics {
    registry: Registry,
    pub http_responses: Family<StatusLabels, Counter>,
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
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("framework_matrix");
        let latency = || Histogram::new(exponential_buckets(0.000_05, 2.0, 18));
        let m = Metrics {
            http_responses: Family::default(),
            graphql_requests: Family::default(),
            graphql_duration: Family::new_with_constructor(latency),
            graphql_errors: Family::default(),
            rate_limited: Counter::default(),
            decisions_logged: Counter::default(),
            decisions_not_recorded: Counter::default(),
            decision_batches: Counter::default(),
            decision_batch_size: Histogram::new(exponential_buckets(1.0, 2.0, 12)),
            decision_queue_depth: Gauge::default(),
            spool_backlog_bytes: Gauge::default(),
            spool_backlog_records: Gauge::default(),
            decisions_spooled: Counter::default(),
            decisions_replayed: Counter::default(),
            spool_corrupt_records: Counter::default(),
            registry: Registry::default(),
        };
        registry.register(
            "http_responses",
            "HTTP responses by status code",
            m.http_responses.clone(),
        );
        registry.register(
            "graphql_requests",
            "GraphQL operations executed, by root fields",
            m.graphql_requests.clone(),
        );
        registry.register(
            "graphql_duration_seconds",
            "GraphQL execution time, by root fields",
            m.graphql_duration.clone(),
        );
        registry.register(
            "graphql_errors",
            "GraphQL errors returned, by extensions.code",
            m.graphql_errors.clone(),
        );
        registry.register(
            "rate_limited",
            "Requests refused by the rate limiter",
            m.rate_limited.clone(),
        );
        registry.register(
            "decisions_logged",
            "Decisions committed to PostgreSQL",
            m.decisions_logged.clone(),
        );
        registry.register(
            "decisions_not_recorded",
            "Submitted decisions answered without a decisionId (DECISION_NOT_RECORDED)",
            m.decisions_not_recorded.clone(),
        );
        registry.register(
            "decision_batches",
            "Group commits (one statement each)",
            m.decision_batches.clone(),
        );
        registry.register(
            "decision_batch_size",
            "Decisions per group commit",
            m.decision_batch_size.clone(),
        );
        registry.register(
            "decision_queue_depth",
            "Decisions waiting for the writer",
            m.decision_queue_depth.clone(),
        );
        registry.register(
            "spool_backlog_bytes",
            "Bytes of decisions in the local spool",
            m.spool_backlog_bytes.clone(),
        );
        registry.register(
            "spool_backlog_records",
            "Decisions in the local spool",
            m.spool_backlog_records.clone(),
        );
        registry.register(
            "decisions_spooled",
            "Decisions written to the local spool",
            m.decisions_spooled.clone(),
        );
        registry.register(
            "decisions_replayed",
            "Spooled decisions replayed into PostgreSQL",
            m.decisions_replayed.clone(),
        );
        registry.register(
            "spool_corrupt_records",
            "Damaged spool records skipped",
            m.spool_corrupt_records.clone(),
        );
        Metrics { registry, ..m }
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)
            .expect("writing to a String cannot fail");
        out
    }
}
