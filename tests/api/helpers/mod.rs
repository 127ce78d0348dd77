//! Shared test helpers: the app in-process (no socket) and GraphQL request shortcuts.

pub mod node;
pub mod process;
pub mod proxy;
pub mod python;
pub mod seed;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::test;
use framework_matrix::config::Settings;
use framework_matrix::startup::{Services, app, build_services};
use serde_json::{Value, json};

pub type Resp = (StatusCode, actix_web::http::header::HeaderMap, Value);

/// The full middleware stack and routes, with `settings` (no socket).
pub async fn service(
    settings: Settings,
) -> (
    impl Service<
        actix_http::Request,
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
    >,
    Services,
) {
    let services = build_services(&settings).expect("services build");
    let svc = test::init_service(app(
        services.state.clone(),
        settings.cors_allowed_origins.clone(),
    ))
    .await;
    (svc, services)
}

pub async fn call(
    svc: &impl Service<
        actix_http::Request,
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
    >,
    req: test::TestRequest,
) -> Resp {
    let resp = test::call_service(svc, req.to_request()).await;
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = test::read_body(resp).await;
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    };
    (status, headers, body)
}

/// POST a GraphQL document with variables, as a client library would.
pub fn gql(query: &str, variables: Value) -> test::TestRequest {
    test::TestRequest::post()
        .uri("/graphql")
        .insert_header(("content-type", "application/json"))
        .insert_header((
            "accept",
            "application/graphql-response+json, application/json;q=0.9",
        ))
        .set_payload(json!({ "query": query, "variables": variables }).to_string())
}

/// The `extensions.code` of every error in a GraphQL response.
pub fn codes(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|errs| {
            errs.iter()
                .map(|e| e["extensions"]["code"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

pub fn first_message(body: &Value) -> String {
    body["errors"][0]["message"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

pub fn answers(pairs: &[(&str, &str)]) -> Value {
    Value::Array(
        pairs
            .iter()
            .map(|(c, o)| json!({ "criterionId": c, "optionId": o }))
            .collect(),
    )
}

/// The URL of a `#[sqlx::test]` database, for a service process to connect to.
pub fn database_url(pool: &sqlx::PgPool) -> String {
    let options = pool.connect_options();
    database_url_via(pool, options.get_port())
}

/// As [`database_url`], through another port (a proxy in front of PostgreSQL).
pub fn database_url_via(pool: &sqlx::PgPool, port: u16) -> String {
    let options = pool.connect_options();
    format!(
        "postgres://{}@{}:{port}/{}",
        options.get_username(),
        options.get_host(),
        options.get_database().expect("a test database has a name")
    )
}
