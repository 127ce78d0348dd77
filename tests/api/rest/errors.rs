//! Every refusal is an RFC 9457 problem with the code GraphQL would send.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use framework_matrix::config::Settings;
use serde_json::json;
use sha2::Digest;

use super::{get, post, problem};
use crate::helpers::*;

#[actix_web::test]
async fn a_body_that_is_not_json_is_refused_like_graphql_refuses_it() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let form = TestRequest::post()
        .uri("/api/v1/recommendation")
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload("answers=");
    let resp = call(&svc, form).await;
    problem(
        &resp,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "UNSUPPORTED_MEDIA_TYPE",
    );

    let broken = TestRequest::post()
        .uri("/api/v1/recommendation")
        .insert_header(("content-type", "application/json"))
        .set_payload("{\"answers\": [");
    let resp = call(&svc, broken).await;
    problem(&resp, StatusCode::BAD_REQUEST, "BAD_REQUEST");

    let unknown_field = json!({ "answers": [], "answer": [] });
    let resp = call(&svc, post("/api/v1/recommendation", &unknown_field)).await;
    let detail = problem(&resp, StatusCode::BAD_REQUEST, "BAD_REQUEST");
    assert!(detail.contains("answer"), "{detail}");

    let missing = json!({ "languages": ["GO"] });
    let resp = call(&svc, post("/api/v1/submit", &missing)).await;
    let detail = problem(&resp, StatusCode::BAD_REQUEST, "BAD_REQUEST");
    assert!(detail.contains("answers"), "{detail}");
}

#[actix_web::test]
async fn a_body_over_max_body_bytes_is_a_payload_too_large_problem() {
    let mut settings = Settings::for_tests();
    settings.limits.max_body_bytes = 1024;
    let (svc, _s) = service(settings).await;
    let big = json!({ "answers": [], "pad": "x".repeat(4096) });
    let resp = call(&svc, post("/api/v1/recommendation", &big)).await;
    let detail = problem(&resp, StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE");
    assert!(detail.contains("1024"), "{detail}");
}

#[actix_web::test]
async fn unknown_routes_and_wrong_methods_are_problems() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let resp = call(&svc, get("/api/v1/nothing-here")).await;
    problem(&resp, StatusCode::NOT_FOUND, "NOT_FOUND");
    let resp = call(&svc, get("/api/v1/submit")).await;
    problem(&resp, StatusCode::METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED");
    assert_eq!(resp.1.get("allow").unwrap(), "POST");
    let resp = call(&svc, post("/api/v1/frameworks", &json!({}))).await;
    problem(&resp, StatusCode::METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED");
    assert_eq!(resp.1.get("allow").unwrap(), "GET");
}

#[actix_web::test]
async fn an_unknown_client_key_is_refused_and_a_known_one_is_rate_limited_apart() {
    let keys = tempfile::NamedTempFile::new().unwrap();
    let hash = hex::encode(sha2::Sha256::digest(b"key-a"));
    std::fs::write(
        keys.path(),
        format!("[[client]]\nname = \"portal-a\"\nkey_sha256 = \"{hash}\"\n"),
    )
    .unwrap();
    let mut settings = Settings::for_tests();
    settings.client_keys_file = Some(keys.path().to_path_buf());
    settings.limits.rate_limit_per_second = 1;
    settings.limits.rate_limit_burst = 1;
    let (svc, _s) = service(settings).await;
    let resp = call(
        &svc,
        get("/api/v1/criteria").insert_header(("x-client-key", "guess")),
    )
    .await;
    problem(&resp, StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    let keyed = || get("/api/v1/criteria").insert_header(("x-client-key", "key-a"));
    assert_eq!(call(&svc, keyed()).await.0, StatusCode::OK);
    let resp = call(&svc, keyed()).await;
    problem(&resp, StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED");
    assert!(resp.1.get("retry-after").is_some());
}
