//! The REST API (`/api/v1/`): the same data, validation and error codes as GraphQL, with
//! RFC 9457 problems; the OpenAPI document held to the router; Schemathesis against both
//! APIs. Each file is one area: `catalog`, `decisions`, `errors`, `openapi`,
//! `schemathesis`.

mod catalog;
mod decisions;
mod docs_page;
mod errors;
mod findings;
mod openapi;
mod schemathesis;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::Value;

use crate::helpers::Resp;

pub fn get(uri: &str) -> TestRequest {
    TestRequest::get().uri(uri)
}

pub fn post(uri: &str, body: &Value) -> TestRequest {
    TestRequest::post()
        .uri(uri)
        .insert_header(("content-type", "application/json"))
        .set_payload(body.to_string())
}

/// Asserts that `resp` is an RFC 9457 problem with `status` and `code`; its `detail`.
pub fn problem(resp: &Resp, status: StatusCode, code: &str) -> String {
    let (got, headers, body) = resp;
    assert_eq!(*got, status, "{body}");
    assert_eq!(
        headers.get("content-type").unwrap(),
        "application/problem+json",
        "{body}"
    );
    assert_eq!(body["type"], "about:blank", "{body}");
    assert_eq!(body["status"], status.as_u16(), "{body}");
    assert_eq!(body["title"], status.canonical_reason().unwrap(), "{body}");
    assert_eq!(body["code"], code, "{body}");
    body["detail"].as_str().expect("a detail").to_string()
}
