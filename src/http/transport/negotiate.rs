//! Content negotiation for GraphQL responses (the `Accept` header).

use actix_web::HttpRequest;
use actix_web::http::header::ACCEPT;

pub const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json; charset=utf-8";
pub const JSON: &str = "application/json; charset=utf-8";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum ResponseType {
    /// `application/graphql-response+json`: request errors are 4xx.
    GraphqlResponseJson = 1,
    /// `application/json`: the legacy type, where every well-formed request gets 200.
    Json = 2,
}

impl ResponseType {
    pub fn content_type(self) -> &'static str {
        match self {
            ResponseType::GraphqlResponseJson => GRAPHQL_RESPONSE_JSON,
            ResponseType::Json => JSON,
        }
    }
}

/// `(media range, q)` pairs of the Accept header, in the order given.
fn ranges(req: &HttpRequest) -> Option<Vec<(String, f32)>> {
    let raw = req.headers().get(ACCEPT)?.to_str().ok()?;
    Some(
        raw.split(',')
            .filter_map(|part| {
                let mut it = part.split(';');
                let media = it.next()?.trim().to_ascii_lowercase();
                if media.is_empty() {
                    return None;
                }
                let q = it
                    .find_map(|p| {
                        p.trim()
                            .strip_prefix("q=")
                            .and_then(|q| q.parse::<f32>().ok())
                    })
                    .unwrap_or(1.0);
                Some((media, q))
            })
            .collect(),
    )
}

/// Picks the response type: the acceptable type with the highest q (earlier wins ties);
/// `*/*`, `application/*` and a missing header mean `application/json`, as the spec asks
/// for clients that predate the GraphQL response type. `None`: nothing acceptable.
pub fn negotiate(req: &HttpRequest) -> Option<ResponseType> {
    let Some(ranges) = ranges(req) else {
        return Some(ResponseType::Json);
    };
    let mut best: Option<(ResponseType, f32)> = None;
    for (media, q) in ranges {
        let rt = match media.as_str() {
            "application/graphql-response+json" => ResponseType::GraphqlResponseJson,
            "application/json" | "application/*" | "*/*" => ResponseType::Json,
            _ => continue,
        };
        if q > 0.0 && best.is_none_or(|(_, bq)| q > bq) {
            best = Some((rt, q));
        }
    }
    best.map(|(rt, _)| rt)
}

/// A browser navigating to /graphql asks for HTML first.
pub fn prefers_html(req: &HttpRequest) -> bool {
    ranges(req).is_some_and(|r| r.first().is_some_and(|(m, _)| m == "text/html"))
}
