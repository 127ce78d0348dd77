//! The catalog routes answer what the GraphQL catalog fields answer.

use actix_web::http::StatusCode;
use framework_matrix::config::Settings;
use serde_json::{Value, json};

use super::{get, problem};
use crate::helpers::*;

fn keys(list: &Value, field: &str) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|x| x[field].as_str().expect("a key").to_string())
        .collect()
}

#[actix_web::test]
async fn frameworks_are_the_graphql_frameworks_field_for_field() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let (status, headers, rest) = call(&svc, get("/api/v1/frameworks")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers.get("content-type").unwrap(), "application/json");
    let q = "{ frameworks { frameworkId name language category summary strengths weaknesses link traits { traitId label value } } }";
    let (_, _, gql_body) = call(&svc, gql(q, json!({}))).await;
    assert_eq!(rest, gql_body["data"]["frameworks"]);

    let (_, _, python) = call(&svc, get("/api/v1/frameworks?language=PYTHON")).await;
    let python = keys(&python, "frameworkId");
    assert!(python.contains(&"django".to_string()), "{python:?}");
    assert!(!python.contains(&"express".to_string()), "{python:?}");
}

#[actix_web::test]
async fn one_framework_by_key_or_a_not_found_problem() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let (status, _, body) = call(&svc, get("/api/v1/frameworks/django")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["name"], "Django");
    let resp = call(&svc, get("/api/v1/frameworks/rails")).await;
    let detail = problem(&resp, StatusCode::NOT_FOUND, "NOT_FOUND");
    assert!(detail.contains("\"rails\""), "{detail}");
}

#[actix_web::test]
async fn criteria_glossary_and_faqs_match_graphql() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let q = "{ criteria { criterionId question help options { optionId label } } glossary { termId term definition source } faqs(frameworkId: \"django\") { faqId question answer tags source frameworks { frameworkId } } }";
    let (_, _, g) = call(&svc, gql(q, json!({}))).await;
    let (_, _, criteria) = call(&svc, get("/api/v1/criteria")).await;
    assert_eq!(criteria, g["data"]["criteria"]);
    let (_, _, glossary) = call(&svc, get("/api/v1/glossary")).await;
    assert_eq!(glossary, g["data"]["glossary"]);
    let (_, _, faqs) = call(&svc, get("/api/v1/faqs?frameworkId=django")).await;
    assert_eq!(keys(&faqs, "faqId"), keys(&g["data"]["faqs"], "faqId"));
    assert!(!faqs.as_array().unwrap().is_empty());
    for faq in faqs.as_array().unwrap() {
        assert!(
            faq["frameworkIds"]
                .as_array()
                .unwrap()
                .contains(&json!("django"))
        );
    }
}

#[actix_web::test]
async fn a_faq_filter_is_validated_as_in_graphql() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let resp = call(&svc, get("/api/v1/faqs?frameworkId=rails")).await;
    let detail = problem(&resp, StatusCode::UNPROCESSABLE_ENTITY, "BAD_USER_INPUT");
    let (_, _, g) = call(
        &svc,
        gql("{ faqs(frameworkId: \"rails\") { faqId } }", json!({})),
    )
    .await;
    assert_eq!(codes(&g), ["BAD_USER_INPUT"]);
    assert_eq!(detail, first_message(&g));

    let long = "a".repeat(201);
    let resp = call(&svc, get(&format!("/api/v1/faqs?search={long}"))).await;
    let detail = problem(&resp, StatusCode::UNPROCESSABLE_ENTITY, "BAD_USER_INPUT");
    assert!(detail.contains("`search`"), "{detail}");
}

#[actix_web::test]
async fn a_comparison_keeps_the_order_asked_and_drops_duplicates() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let (status, _, body) = call(
        &svc,
        get("/api/v1/comparison?frameworkIds=flask,django,flask"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        keys(&body["frameworks"], "frameworkId"),
        ["flask", "django"]
    );
    let q = "{ comparison(frameworkIds: [\"flask\", \"django\"]) { rows { traitId label source values { frameworkId value } } } }";
    let (_, _, g) = call(&svc, gql(q, json!({}))).await;
    assert_eq!(body["rows"], g["data"]["comparison"]["rows"]);

    let (_, _, all) = call(&svc, get("/api/v1/comparison")).await;
    let (_, _, frameworks) = call(&svc, get("/api/v1/frameworks")).await;
    assert_eq!(
        keys(&all["frameworks"], "frameworkId"),
        keys(&frameworks, "frameworkId")
    );

    let resp = call(&svc, get("/api/v1/comparison?frameworkIds=django,rails")).await;
    let detail = problem(&resp, StatusCode::UNPROCESSABLE_ENTITY, "BAD_USER_INPUT");
    assert!(detail.contains("\"rails\""), "{detail}");
}

#[actix_web::test]
async fn a_malformed_query_parameter_is_a_bad_request_problem() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let resp = call(&svc, get("/api/v1/frameworks?language=RUBY")).await;
    let detail = problem(&resp, StatusCode::BAD_REQUEST, "BAD_REQUEST");
    assert!(detail.contains("RUBY"), "{detail}");
}
