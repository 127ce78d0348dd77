//! The root span of every request, for `tracing-actix-web`.
//!
//! The crate's default span records the client address and user agent; this one records
//! only server-side facts (method, route, our own request id, status, GraphQL operation,
//! latency), so no personal datum reaches the logs. A client-supplied `X-Request-Id` is
//! ignored for the same reason: it could be a tracking identifier.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::{Error, HttpMessage};
use tracing::Span;
use tracing_actix_web::{RequestId, RootSpanBuilder};

pub struct RequestSpan;

struct Started(Instant);

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        // With request logs off (`RUST_LOG=warn`), nothing below would be seen: skip the
        // clock, the route's string and the id's formatting.
        if !tracing::enabled!(tracing::Level::INFO) {
            return Span::none();
        }
        request.extensions_mut().insert(Started(Instant::now()));
        let request_id = request.extensions().get::<RequestId>().copied();
        let route = request
            .match_pattern()
            .unwrap_or_else(|| "unmatched".to_string());
        tracing::info_span!(
            "request",
            method = %request.method(),
            route = %route,
            request_id = request_id.map(|id| id.to_string()).unwrap_or_default(),
            graphql.operation = tracing::field::Empty,
            status = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        let (status, started) = match outcome {
            Ok(r) => (
                r.status().as_u16(),
                r.request().extensions().get::<Started>().map(|s| s.0),
            ),
            Err(e) => (e.as_response_error().status_code().as_u16(), None),
        };
        span.record("status", status);
        if let Some(t) = started {
            span.record("latency_ms", t.elapsed().as_secs_f64() * 1000.0);
        }
        span.in_scope(|| {
            if status >= 500 {
                tracing::error!("request failed");
            } else {
                tracing::info!("request served");
            }
        });
    }
}
