//! The production HTTP surface, in-process: CSRF and method rules, limits (each with a
//! refusal and a passing real query), batching, rate limiting, timeouts, CORS, caching,
//! APQ, introspection, metrics and health.

use crate::helpers::*;
use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use framework_matrix::config::Settings;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// The preview query the README shows: it must pass every default limit.
/// The preview document the README shows a frontend sending ("The preview as a GraphQL
/// document"), read from the README so the two cannot drift apart.
fn readme_preview() -> &'static str {
    let readme = include_str!("../../README.md");
    let start = readme
        .find("```graphql\nquery Preview(")
        .expect("the README shows the Preview document")
        + "```graphql\n".len();
    let len = readme[start..].find("```").expect("the block is closed");
    &readme[start..start + len]
}

fn profile() -> Value {
    json!({ "profile": { "answers": answers(&[("admin_panel", "yes"), ("realtime", "some"), ("team_size", "large")]) } })
}

fn get(query: &str) -> TestRequest {
    let qs = serde_urlencoded_query(query);
    TestRequest::get()
        .uri(&format!("/graphql?{qs}"))
        .insert_header(("accept", "application/graphql-response+json"))
}

fn serde_urlencoded_query(query: &str) -> String {
    let mut s = String::from("query=");
    for b in query.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

#[actix_web::test]
async fn the_readme_preview_passes_every_default_limit() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let (status, _, body) = call(&svc, gql(readme_preview(), profile())).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.get("errors").is_none(), "{body}");
}

#[actix_web::test]
async fn a_post_without_a_json_content_type_is_refused() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let req = TestRequest::post()
        .uri("/graphql")
        .insert_header(("content-type", "text/plain"))
        .set_payload(r#"{"query":"{ __typename }"}"#);
    let (status, _, body) = call(&svc, req).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(codes(&body), ["UNSUPPORTED_MEDIA_TYPE"]);
}

#[actix_web::test]
async fn mutations_over_get_are_refused_with_405() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let (status, headers, body) = call(
        &svc,
        get("mutation { submitProfile(profile: { answers: [] }) { decisionId } }"),
    )
    .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{body}");
    assert_eq!(headers.get("allow").unwrap(), "POST");
    assert!(body.get("data").is_none());
}

#[actix_web::test]
async fn an_oversized_body_gets_413_before_parsing() {
    let mut s = Settings::for_tests();
    s.limits.max_body_bytes = 2048;
    let (svc, _s) = service(s).await;
    let padding = " ".repeat(4096);
    let req = TestRequest::post()
        .uri("/graphql")
        .insert_header(("content-type", "application/json"))
        .set_payload(format!(r#"{{"query":"{{ __typename }}{padding}"}}"#));
    let (status, _, body) = call(&svc, req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(codes(&body), ["PAYLOAD_TOO_LARGE"]);
    let (status, _, _) = call(&svc, gql("{ __typename }", json!({}))).await;
    assert_eq!(status, StatusCode::OK, "a small body still passes");
}

fn aliased_recommendations(n: usize) -> String {
    let fields: String = (0..n)
        .map(|i| format!("r{i}: recommendation(profile: {{ answers: [] }}) {{ confidence }} "))
        .collect();
    format!("{{ {fields} }}")
}

#[actix_web::test]
async fn two_hundred_aliased_recommendations_are_refused() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let (status, _, body) = call(&svc, gql(&aliased_recommendations(200), json!({}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(codes(&body), ["TOO_MANY_ALIASES"]);
    assert!(body.get("data").is_none());
    let (_, _, body) = call(&svc, gql(&aliased_recommendations(3), json!({}))).await;
    assert!(body.get("errors").is_none(), "a few aliases pass: {body}");
}

#[actix_web::test]
async fn query_cost_is_limited_even_without_aliases_abuse() {
    let mut s = Settings::for_tests();
    s.limits.max_aliases = 1000;
    s.limits.max_query_complexity = 1000;
    let (svc, _s) = service(s).await;
    let (_, _, body) = call(&svc, gql(&aliased_recommendations(200), json!({}))).await;
    assert_eq!(codes(&body), ["QUERY_TOO_COMPLEX"]);
    assert!(
        first_message(&body).to_lowercase().contains("complex"),
        "{body}"
    );
}

#[actix_web::test]
async fn deeply_nested_queries_are_refused() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let mut q = String::from("id");
    for _ in 0..10 {
        q = format!("frameworks {{ faqs {{ {q} }} }}");
    }
    let (_, _, body) = call(&svc, gql(&format!("{{ faqs {{ {q} }} }}"), json!({}))).await;
    assert_eq!(codes(&body), ["GRAPHQL_VALIDATION_FAILED"]);
    assert!(
        first_message(&body).to_lowercase().contains("nested"),
        "{body}"
    );
}

#[actix_web::test]
async fn too_many_directives_on_a_field_are_refused() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let directives = "@include(if: true) ".repeat(11);
    let (_, _, body) = call(
        &svc,
        gql(&format!("{{ __typename {directives} }}"), json!({})),
    )
    .await;
    assert_eq!(codes(&body), ["GRAPHQL_VALIDATION_FAILED"], "{body}");
    let (_, _, body) = call(&svc, gql("{ __typename @include(if: true) }", json!({}))).await;
    assert!(body.get("errors").is_none());
}

#[actix_web::test]
async fn batches_are_capped() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let batch = |n: usize| {
        let items: Vec<Value> = (0..n)
            .map(|_| json!({ "query": "{ __typename }" }))
            .collect();
        TestRequest::post()
            .uri("/graphql")
            .insert_header(("content-type", "application/json"))
            .set_payload(Value::Array(items).to_string())
    };
    let (status, _, body) = call(&svc, batch(2)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body.as_array().unwrap().len(), 2);
    assert_eq!(body[1]["data"]["__typename"], "Query");
    // Over the limit: refused, with one error per entry (batching clients match results
    // to operations by position), and the limit in the message.
    let (status, _, body) = call(&svc, batch(11)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let entries = body.as_array().expect("one result per entry");
    assert_eq!(entries.len(), 11);
    for e in entries {
        assert_eq!(codes(e), ["BATCH_LIMIT_EXCEEDED"]);
        assert!(first_message(e).contains("1 to 10"), "{e}");
    }
}

#[actix_web::test]
async fn a_client_over_its_rate_gets_429_with_retry_after() {
    // Client keys give portals buckets of their own; a self-asserted X-Client-Name does not.
    let keys = tempfile::NamedTempFile::new().unwrap();
    let hash = |k: &str| hex::encode(<sha2::Sha256 as sha2::Digest>::digest(k.as_bytes()));
    std::fs::write(
        keys.path(),
        format!(
            "[[client]]\nname = \"portal-a\"\nkey_sha256 = \"{}\"\n[[client]]\nname = \"portal-b\"\nkey_sha256 = \"{}\"\n",
            hash("key-a"),
            hash("key-b")
        ),
    )
    .unwrap();
    let mut s = Settings::for_tests();
    s.limits.rate_limit_per_second = 1;
    s.limits.rate_limit_burst = 2;
    s.client_keys_file = Some(keys.path().to_path_buf());
    let (svc, _s) = service(s).await;
    let req = || gql("{ __typename }", json!({})).insert_header(("x-client-key", "key-a"));
    assert_eq!(call(&svc, req()).await.0, StatusCode::OK);
    assert_eq!(call(&svc, req()).await.0, StatusCode::OK);
    let (status, headers, body) = call(&svc, req()).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        headers
            .get("retry-after")
            .unwrap()
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );
    assert_eq!(codes(&body), ["RATE_LIMITED"]);
    // Another client has its own bucket.
    let other = gql("{ __typename }", json!({})).insert_header(("x-client-key", "key-b"));
    assert_eq!(call(&svc, other).await.0, StatusCode::OK);
    // Claiming a name does not make a bucket: anonymous requests share the address's.
    for name in ["portal-c", "portal-d", "portal-e"] {
        let _ = call(
            &svc,
            gql("{ __typename }", json!({})).insert_header(("x-client-name", name)),
        )
        .await;
    }
    let claimed = gql("{ __typename }", json!({})).insert_header(("x-client-name", "portal-f"));
    assert_eq!(call(&svc, claimed).await.0, StatusCode::TOO_MANY_REQUESTS);
    // An unknown key is refused outright.
    let forged = gql("{ __typename }", json!({})).insert_header(("x-client-key", "guess"));
    let (status, _, body) = call(&svc, forged).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(codes(&body), ["UNAUTHENTICATED"]);
}

#[actix_web::test]
async fn a_request_that_outlives_the_timeout_gets_503() {
    // A "database" that accepts connections and never answers: an analytics query hangs
    // until the pool gives up (1.5 s), longer than the 1 s request timeout.
    let blackhole = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let mut s = Settings::for_tests();
    s.database_url =
        Some(format!("postgres://postgres@{}/x", blackhole.local_addr().unwrap()).into());
    s.analytics_token = Some("t".into());
    s.limits.request_timeout_secs = 1;
    let (svc, _s) = service(s).await;
    let req =
        gql("{ decisionStats { total } }", json!({})).insert_header(("authorization", "Bearer t"));
    let (status, _, body) = call(&svc, req).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(codes(&body), ["TIMEOUT"]);
}

#[actix_web::test]
async fn cors_answers_allowed_origins_only() {
    let mut s = Settings::for_tests();
    s.cors_allowed_origins = vec!["https://portal.example.com".into()];
    let (svc, _s) = service(s).await;
    let preflight = |origin: &str| {
        TestRequest::default()
            .method(actix_web::http::Method::OPTIONS)
            .uri("/graphql")
            .insert_header(("origin", origin))
            .insert_header(("access-control-request-method", "POST"))
            .insert_header(("access-control-request-headers", "content-type"))
    };
    let (status, headers, _) = call(&svc, preflight("https://portal.example.com")).await;
    assert!(status.is_success(), "{status}");
    assert_eq!(
        headers.get("access-control-allow-origin").unwrap(),
        "https://portal.example.com"
    );
    let (_, headers, _) = call(&svc, preflight("https://evil.example.net")).await;
    assert!(headers.get("access-control-allow-origin").is_none());
    let (status, headers, _) = call(
        &svc,
        gql("{ __typename }", json!({})).insert_header(("origin", "https://evil.example.net")),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "non-browser semantics unchanged");
    assert!(headers.get("access-control-allow-origin").is_none());
}

#[actix_web::test]
async fn catalog_queries_over_get_are_cacheable_and_revalidate_with_304() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let q = "{ frameworks { id name } }";
    let (status, headers, body) = call(&svc, get(q)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(headers.get("cache-control").unwrap(), "public, max-age=300");
    let etag = headers.get("etag").unwrap().to_str().unwrap().to_string();
    let (status, _, body) = call(&svc, get(q).insert_header(("if-none-match", etag.clone()))).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_null(), "304 has no body");
    let (_, headers, _) = call(&svc, get("{ criteria { id } }")).await;
    assert_ne!(
        headers.get("etag").unwrap().to_str().unwrap(),
        etag,
        "another query, another ETag"
    );
}

#[actix_web::test]
async fn previews_and_posts_are_not_cached() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let (status, headers, _) = call(
        &svc,
        get("{ recommendation(profile: { answers: [] }) { confidence } }"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers.get("cache-control").unwrap(), "no-store");
    assert!(headers.get("etag").is_none());
    let (_, headers, _) = call(&svc, gql("{ frameworks { id } }", json!({}))).await;
    assert_eq!(headers.get("cache-control").unwrap(), "no-store");
}

#[actix_web::test]
async fn automatic_persisted_queries_trade_documents_for_hashes() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let query = "{ glossary { term } }";
    let hash: String = Sha256::digest(query.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let ext = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } });
    let post = |body: Value| {
        TestRequest::post()
            .uri("/graphql")
            .insert_header(("content-type", "application/json"))
            .set_payload(body.to_string())
    };

    let (status, _, body) = call(&svc, post(json!({ "extensions": ext }))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(codes(&body), ["PERSISTED_QUERY_NOT_FOUND"]);
    let (_, _, body) = call(&svc, post(json!({ "query": query, "extensions": ext }))).await;
    assert!(body["data"]["glossary"].is_array(), "{body}");
    let (_, _, body) = call(&svc, post(json!({ "extensions": ext }))).await;
    assert!(
        body["data"]["glossary"].is_array(),
        "registered hash alone works: {body}"
    );
    // And over GET, where CDNs can cache it.
    let uri = format!(
        "/graphql?extensions={}",
        serde_urlencoded_query(&ext.to_string()).trim_start_matches("query=")
    );
    let (status, headers, body) = call(&svc, TestRequest::get().uri(&uri)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(headers.get("etag").is_some());
    // A document that is not the hash's is a bad request, not a silent re-registration.
    let (status, _, body) = call(
        &svc,
        post(json!({ "query": "{ faqs { id } }", "extensions": ext })),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(codes(&body), ["BAD_REQUEST"]);
    let (_, _, body) = call(&svc, post(json!({ "extensions": ext }))).await;
    assert!(
        body["data"]["glossary"].is_array(),
        "still the glossary: {body}"
    );
}

#[actix_web::test]
async fn introspection_works_by_default_and_can_be_turned_off() {
    let q = "{ __schema { queryType { name } types { name fields { name type { name kind ofType { name kind ofType { name kind ofType { name } } } } } } } }";
    let (svc, _s) = service(Settings::for_tests()).await;
    let (_, _, body) = call(&svc, gql(q, json!({}))).await;
    assert_eq!(
        body["data"]["__schema"]["queryType"]["name"], "Query",
        "{body}"
    );
    let mut s = Settings::for_tests();
    s.introspection = false;
    let (svc, _s) = service(s).await;
    let (_, _, body) = call(&svc, gql(q, json!({}))).await;
    assert_eq!(codes(&body), ["INTROSPECTION_DISABLED"], "{body}");
    let (_, _, body) = call(&svc, gql("{ frameworks { id } }", json!({}))).await;
    assert!(body.get("errors").is_none(), "ordinary queries still work");
}

#[actix_web::test]
async fn metrics_count_operations_errors_and_decisions() {
    let (svc, _s) = service(Settings::for_tests()).await;
    call(&svc, gql("{ frameworks { id } }", json!({}))).await;
    call(&svc, gql("query Named { recommendation(profile: { answers: [{ criterionId: \"nope\", optionId: \"x\" }] }) { confidence } }", json!({}))).await;
    let (status, headers, body) = call(&svc, TestRequest::get().uri("/metrics")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("openmetrics-text")
    );
    let text = body.as_str().unwrap();
    assert!(
        text.contains(r#"framework_matrix_graphql_requests_total{operation="query:frameworks"} 1"#),
        "{text}"
    );
    assert!(
        text.contains(r#"framework_matrix_graphql_errors_total{code="BAD_USER_INPUT"} 1"#),
        "{text}"
    );
    assert!(
        text.contains("framework_matrix_graphql_duration_seconds_bucket"),
        "{text}"
    );
    assert!(
        text.contains("framework_matrix_decisions_logged_total 0"),
        "{text}"
    );
    assert!(
        text.contains("framework_matrix_decision_queue_depth"),
        "{text}"
    );
    assert!(
        !text.contains("Named"),
        "client operation names never become labels"
    );
}

#[actix_web::test]
async fn health_and_readiness_report_what_is_up() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let (status, _, body) = call(&svc, TestRequest::get().uri("/healthz")).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::OK, Some("ok"))
    );
    let (status, _, body) = call(&svc, TestRequest::get().uri("/readyz")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "degraded");
    assert_eq!(body["database"], "not_configured");
    assert!(
        body["catalog"]["version"]
            .as_str()
            .unwrap()
            .starts_with("sha256-")
    );
}

#[actix_web::test]
async fn a_browser_gets_graphiql() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let (status, headers, body) = call(
        &svc,
        TestRequest::get()
            .uri("/graphql")
            .insert_header(("accept", "text/html,application/xhtml+xml")),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(body.as_str().unwrap().contains("GraphiQL"));
}

#[actix_web::test]
async fn a_missing_required_variable_is_a_request_error() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let q = "query($p: ProfileInput!) { recommendation(profile: $p) { confidence } }";
    let (status, _, body) = call(&svc, gql(q, json!({}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(codes(&body), ["BAD_USER_INPUT"]);
    assert!(first_message(&body).contains("$p"), "{body}");
    assert!(body.get("data").is_none());
}

#[actix_web::test]
async fn a_failed_non_null_root_field_is_an_executed_operation_not_a_request_error() {
    // `recommendation` is non-null: its input error nulls `data`, yet the operation ran.
    // GraphQL over HTTP: 200 with a `data` key (null), the error with its path.
    let (svc, _s) = service(Settings::for_tests()).await;
    let q = "query Q($profile: ProfileInput!) { recommendation(profile: $profile) { confidence } }";
    let vars = json!({ "profile": { "answers": answers(&[("no_such_criterion", "yes")]) } });
    let (status, _, body) = call(&svc, gql(q, vars)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body.as_object().unwrap().contains_key("data") && body["data"].is_null(),
        "{body}"
    );
    assert_eq!(codes(&body), ["BAD_USER_INPUT"]);
    assert_eq!(body["errors"][0]["path"], json!(["recommendation"]));
    // While a document that never executed answers 400 and has no `data` key at all.
    let (status, _, body) = call(&svc, gql("{ recommendation { nope } }", json!({}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(!body.as_object().unwrap().contains_key("data"), "{body}");
}

#[actix_web::test]
async fn a_document_seen_before_refuses_bad_variables_exactly_as_the_first_time() {
    // Once a cached document has passed async-graphql's strict validation, later requests
    // with it run the fast rules (issue 17). Whatever the variables then, the answer must
    // be the one a first-time document gets: compare a fresh service with a warmed one.
    let q = "query W($p: ProfileInput!, $l: Language) { recommendation(profile: $p) { confidence } frameworks(language: $l) { frameworkId } }";
    let p = profile()["profile"].clone();
    let good = json!({ "p": p, "l": null });
    let bad = [
        json!({ "p": { "answers": [{ "criterionId": "admin_panel", "optionId": "yes", "weight": "heavy" }] } }),
        json!({ "p": p, "l": "COBOL" }),
        json!({ "p": p, "l": ["PYTHON", "GO"] }),
        json!({ "p": { "answers": "none" } }),
        json!({ "p": null }),
        json!({ "p": p, "l": 7 }),
        json!({ "p": { "answers": answers(&[("no_such_criterion", "yes")]) } }),
    ];
    let (warm, _w) = service(Settings::for_tests()).await;
    let (status, _, body) = call(&warm, gql(q, good.clone())).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.get("errors").is_none(), "{body}");
    for vars in bad {
        let (fresh, _f) = service(Settings::for_tests()).await;
        let first = call(&fresh, gql(q, vars.clone())).await;
        let again = call(&warm, gql(q, vars.clone())).await;
        assert_eq!(
            first.0, again.0,
            "status for {vars}: {} vs {}",
            first.2, again.2
        );
        assert_eq!(first.2, again.2, "body for {vars}");
        assert!(
            !codes(&again.2).is_empty(),
            "{vars} is refused: {}",
            again.2
        );
    }
    // And the good variables still answer the same after all that.
    let (status, _, body) = call(&warm, gql(q, good)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.get("errors").is_none(), "{body}");
}
