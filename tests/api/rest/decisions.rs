//! Recommendations, submits and outcomes over REST: the GraphQL rules (validation,
//! durability, outcome tokens, the mutation rate limit), checked against PostgreSQL.

use actix_web::http::StatusCode;
use framework_matrix::config::Settings;
use framework_matrix::startup::{app, build_services_with};
use framework_matrix::store::{Database, MIGRATOR};
use serde_json::{Value, json};
use sqlx::PgPool;

use super::{post, problem};
use crate::helpers::*;

macro_rules! app_with_db {
    ($pool:expr, $settings:expr) => {{
        let settings = $settings;
        let services =
            build_services_with(&settings, Some(Database::from_pool($pool.clone()))).unwrap();
        let svc = actix_web::test::init_service(app(services.state.clone(), vec![])).await;
        (svc, services)
    }};
}

async fn decisions(pool: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM decisions")
        .fetch_one(pool)
        .await
        .unwrap()
}

fn profile() -> Value {
    json!({ "answers": answers(&[("admin_panel", "yes"), ("data_model", "relational")]), "languages": ["PYTHON"] })
}

#[actix_web::test]
async fn a_preview_is_the_graphql_recommendation() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let (status, headers, rest) = call(&svc, post("/api/v1/recommendation", &profile())).await;
    assert_eq!(status, StatusCode::OK, "{rest}");
    assert_eq!(headers.get("cache-control").unwrap(), "no-store");
    let q = "query($p: ProfileInput!) { recommendation(profile: $p) { decisionId outcomeToken catalogVersion confidence leaders
        ranking { rank score fit framework { frameworkId name } reasons { criterionId optionId contribution explanation } }
        takeaways { takeawayId text frameworkIds severity }
        pivots { criterionId optionId fromOptionId option { optionId label } newTop { frameworkId name } newLeaders { frameworkId name } newTopScore } } }";
    let (_, _, g) = call(&svc, gql(q, json!({ "p": profile() }))).await;
    let mut g = g["data"]["recommendation"].clone();
    assert!(rest["decisionId"].is_null() && rest["outcomeToken"].is_null());
    assert_eq!(rest["top"], rest["ranking"][0]);
    let mut rest = rest;
    rest.as_object_mut().unwrap().remove("top");
    g.as_object_mut().unwrap().remove("top");
    assert_eq!(rest, g);
}

#[actix_web::test]
async fn a_refuted_profile_has_the_graphql_code_and_message() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let bad = json!({ "answers": answers(&[("admin_panel", "maybe")]) });
    let resp = call(&svc, post("/api/v1/recommendation", &bad)).await;
    let detail = problem(&resp, StatusCode::UNPROCESSABLE_ENTITY, "BAD_USER_INPUT");
    let q = "query($p: ProfileInput!) { recommendation(profile: $p) { confidence } }";
    let (_, _, g) = call(&svc, gql(q, json!({ "p": bad }))).await;
    assert_eq!(codes(&g), ["BAD_USER_INPUT"]);
    assert_eq!(detail, first_message(&g));

    let heavy =
        json!({ "answers": [{ "criterionId": "admin_panel", "optionId": "yes", "weight": 11 }] });
    let resp = call(&svc, post("/api/v1/recommendation", &heavy)).await;
    let detail = problem(&resp, StatusCode::UNPROCESSABLE_ENTITY, "BAD_USER_INPUT");
    assert!(detail.contains("weight 11"), "{detail}");
}

#[actix_web::test]
async fn a_submit_without_a_database_says_not_recorded_and_still_recommends() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let resp = call(&svc, post("/api/v1/submit", &profile())).await;
    problem(
        &resp,
        StatusCode::SERVICE_UNAVAILABLE,
        "DECISION_NOT_RECORDED",
    );
    let rec = &resp.2["recommendation"];
    assert!(rec["decisionId"].is_null(), "{rec}");
    assert!(rec["outcomeToken"].is_null(), "{rec}");
    assert!(rec["top"]["framework"]["frameworkId"].is_string(), "{rec}");
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn a_submit_is_stored_with_its_client_name_and_a_preview_is_not(pool: PgPool) {
    let (svc, _s) = app_with_db!(pool, Settings::for_tests());
    let (status, _, _) = call(&svc, post("/api/v1/recommendation", &profile())).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(decisions(&pool).await, 0, "previews are never logged");

    let req = post("/api/v1/submit", &profile()).insert_header(("x-client-name", "backstage-dev"));
    let (status, headers, body) = call(&svc, req).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(headers.get("cache-control").unwrap(), "no-store");
    let id = uuid::Uuid::parse_str(body["decisionId"].as_str().expect("decisionId")).unwrap();
    assert!(body["outcomeToken"].is_string(), "{body}");
    let (top, client): (String, Option<String>) =
        sqlx::query_as("SELECT top_framework, client_name FROM decisions WHERE decision_id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        top,
        body["top"]["framework"]["frameworkId"].as_str().unwrap()
    );
    assert_eq!(client.as_deref(), Some("backstage-dev"));
    assert_eq!(decisions(&pool).await, 1);
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn an_outcome_needs_the_decisions_token(pool: PgPool) {
    let (svc, _s) = app_with_db!(pool, Settings::for_tests());
    let (_, _, body) = call(&svc, post("/api/v1/submit", &profile())).await;
    let id = body["decisionId"].as_str().unwrap().to_string();
    let token = body["outcomeToken"].as_str().unwrap().to_string();

    let without = json!({ "decisionId": id, "chosenFrameworkId": "flask" });
    let resp = call(&svc, post("/api/v1/outcome", &without)).await;
    problem(&resp, StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    let wrong = json!({ "decisionId": id, "chosenFrameworkId": "flask", "outcomeToken": "guess" });
    let resp = call(&svc, post("/api/v1/outcome", &wrong)).await;
    problem(&resp, StatusCode::UNAUTHORIZED, "UNAUTHENTICATED");
    let unknown_framework =
        json!({ "decisionId": id, "chosenFrameworkId": "rails", "outcomeToken": token });
    let resp = call(&svc, post("/api/v1/outcome", &unknown_framework)).await;
    problem(&resp, StatusCode::UNPROCESSABLE_ENTITY, "BAD_USER_INPUT");
    let not_a_uuid =
        json!({ "decisionId": "x", "chosenFrameworkId": "flask", "outcomeToken": token });
    let resp = call(&svc, post("/api/v1/outcome", &not_a_uuid)).await;
    problem(&resp, StatusCode::UNPROCESSABLE_ENTITY, "BAD_USER_INPUT");

    let right = json!({ "decisionId": id, "chosenFrameworkId": "flask", "outcomeToken": token });
    let (status, _, body) = call(&svc, post("/api/v1/outcome", &right)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({ "recorded": true }));
    let chosen: Vec<String> = sqlx::query_scalar("SELECT chosen_framework FROM decision_outcomes")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(chosen, ["flask"]);
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn submits_and_outcomes_share_the_graphql_mutation_rate_limit(pool: PgPool) {
    let mut settings = Settings::for_tests();
    settings.limits.mutation_rate_limit_per_minute = 2;
    settings.limits.mutation_rate_limit_burst = 2;
    let (svc, _s) = app_with_db!(pool, settings);
    let (status, _, _) = call(&svc, post("/api/v1/submit", &profile())).await;
    assert_eq!(status, StatusCode::OK);
    let submit_gql = "mutation($p: ProfileInput!) { submitProfile(profile: $p) { decisionId } }";
    let (_, _, g) = call(&svc, gql(submit_gql, json!({ "p": profile() }))).await;
    assert!(g["data"]["submitProfile"]["decisionId"].is_string(), "{g}");
    let resp = call(&svc, post("/api/v1/submit", &profile())).await;
    problem(&resp, StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED");
    assert!(resp.1.get("retry-after").is_some());
    // Previews are reads: never limited by the mutation bucket.
    let (status, _, _) = call(&svc, post("/api/v1/recommendation", &profile())).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(decisions(&pool).await, 2);
}
