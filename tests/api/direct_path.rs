//! The direct path (`recommendation::direct`, issue 17) over HTTP: a document seen before
//! is answered without the executor, and the answer is the one the executor gave the
//! first time, byte for byte (the decision's id and token aside, which are new for every
//! submit). A submit on the direct path logs its decision exactly once, also when the log
//! fails and the executor writes the answer.

use crate::helpers::*;
use actix_web::test;
use framework_matrix::config::Settings;
use framework_matrix::startup::{app, build_services_with};
use framework_matrix::store::{Database, MIGRATOR};
use serde_json::{Value, json};
use sqlx::PgPool;

const PREVIEW: &str = "query Preview($p: ProfileInput!) { recommendation(profile: $p) { \
    catalogVersion confidence leaders top { framework { id name } score fit } \
    ranking { rank framework { id frameworkId } score fit reasons { criterionId optionId contribution explanation } } \
    takeaways { id severity text frameworkIds } pivots { criterionId optionId fromOptionId newTop { id } newTopScore } } }";
const SUBMIT: &str = "mutation Submit($p: ProfileInput!) { submitProfile(profile: $p) { \
    decisionId outcomeToken confidence top { framework { frameworkId } fit } \
    ranking { rank score framework { id } } takeaways { id severity } } }";

fn settings() -> Settings {
    let mut s = Settings::for_tests();
    // Every request computes its answer: no response cache in front of the direct path.
    s.limits.response_cache_bytes = 0;
    s
}

fn profile(i: usize) -> Value {
    let realtime = ["none", "some", "core"][i % 3];
    let admin = ["yes", "no"][i % 2];
    json!({ "p": { "answers": answers(&[("realtime", realtime), ("admin_panel", admin)]) } })
}

/// The body as text, exactly as sent.
async fn raw(
    svc: &impl actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
    >,
    query: &str,
    variables: Value,
) -> String {
    let resp = test::call_service(svc, gql(query, variables).to_request()).await;
    assert_eq!(resp.status(), 200);
    String::from_utf8(test::read_body(resp).await.to_vec()).unwrap()
}

/// `text` with the decision's id and token replaced by placeholders.
fn masked(text: &str) -> String {
    let body: Value = serde_json::from_str(text).unwrap();
    let mut out = text.to_string();
    for field in ["decisionId", "outcomeToken"] {
        if let Some(v) = body["data"]["submitProfile"][field].as_str() {
            out = out.replace(v, field);
        }
    }
    out
}

#[actix_web::test]
async fn a_preview_seen_before_is_answered_with_the_executors_bytes() {
    let (svc, _s) = service(settings()).await;
    for i in 0..6 {
        // The first request of the document runs the executor (strict validation); the
        // second of the same profile takes the direct path.
        let first = raw(&svc, PREVIEW, profile(i)).await;
        let again = raw(&svc, PREVIEW, profile(i)).await;
        assert!(!first.contains("\"errors\""), "{first}");
        assert_eq!(again, first, "profile {i}");
    }
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn a_submit_on_the_direct_path_logs_its_decision_once_and_answers_as_the_executor(
    pool: PgPool,
) {
    let services =
        build_services_with(&settings(), Some(Database::from_pool(pool.clone()))).unwrap();
    let svc = test::init_service(app(services.state.clone(), vec![])).await;
    let first = raw(&svc, SUBMIT, profile(1)).await;
    let mut tokens = Vec::new();
    for _ in 0..3 {
        let again = raw(&svc, SUBMIT, profile(1)).await;
        assert_eq!(masked(&again), masked(&first));
        let body: Value = serde_json::from_str(&again).unwrap();
        let submitted = &body["data"]["submitProfile"];
        assert!(submitted["decisionId"].is_string(), "{again}");
        tokens.push((
            submitted["decisionId"].as_str().unwrap().to_string(),
            submitted["outcomeToken"].as_str().unwrap().to_string(),
        ));
    }
    let logged: i64 = sqlx::query_scalar("SELECT count(*) FROM decisions")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(logged, 4, "one row per submit, none twice");
    // The token a direct answer carries is the one the log keeps the hash of.
    let (id, token) = &tokens[2];
    let outcome = "mutation($d: ID!, $t: String) { recordOutcome(decisionId: $d, chosenFrameworkId: \"django\", outcomeToken: $t) }";
    let (_, _, body) = call(&svc, gql(outcome, json!({ "d": id, "t": token }))).await;
    assert_eq!(body["data"]["recordOutcome"], true, "{body}");
}

#[actix_web::test]
async fn a_submit_the_log_refuses_is_answered_by_the_executor_with_the_logged_result() {
    // No database: the log refuses every decision. The second request plans on the direct
    // path, tries to log, and hands the failure to the executor, which must answer exactly
    // as it did the first time (recommendation, null id, DECISION_NOT_RECORDED).
    let (svc, _s) = service(settings()).await;
    let first = raw(&svc, SUBMIT, profile(2)).await;
    let again = raw(&svc, SUBMIT, profile(2)).await;
    assert!(first.contains("DECISION_NOT_RECORDED"), "{first}");
    assert_eq!(again, first);
}
