//! The catalog through the GraphQL API, in-process.

use crate::helpers::*;
use actix_web::http::StatusCode;
use framework_matrix::config::Settings;
use serde_json::json;

#[actix_web::test]
async fn frameworks_can_be_listed_and_filtered_by_language() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let (status, _, body) = call(
        &svc,
        gql(
            "{ frameworks { frameworkId name language summary link } }",
            json!({}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let ids: Vec<&str> = body["data"]["frameworks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["frameworkId"].as_str().unwrap())
        .collect();
    for id in ["django", "flask", "fastapi", "express", "gin"] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    let (_, _, body) = call(
        &svc,
        gql("{ frameworks(language: GO) { id language } }", json!({})),
    )
    .await;
    let go = body["data"]["frameworks"].as_array().unwrap();
    assert!(
        !go.is_empty() && go.iter().all(|f| f["language"] == "GO"),
        "{body}"
    );
}

#[actix_web::test]
async fn an_unknown_framework_id_is_null_not_an_error() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let (_, _, body) = call(
        &svc,
        gql(
            "{ a: framework(id: \"django\") { name } b: framework(id: \"rails\") { name } }",
            json!({}),
        ),
    )
    .await;
    assert_eq!(body["data"]["a"]["name"], "Django");
    assert!(body["data"]["b"].is_null());
    assert!(body.get("errors").is_none(), "{body}");
}

#[actix_web::test]
async fn criteria_expose_the_contract_questions_and_options() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let (_, _, body) = call(
        &svc,
        gql(
            "{ criteria { criterionId question help options { optionId label } } }",
            json!({}),
        ),
    )
    .await;
    let criteria = body["data"]["criteria"].as_array().unwrap();
    let realtime = criteria
        .iter()
        .find(|c| c["criterionId"] == "realtime")
        .expect("realtime criterion");
    let options: Vec<&str> = realtime["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["optionId"].as_str().unwrap())
        .collect();
    assert_eq!(options, ["none", "some", "core"]);
    assert!(
        criteria
            .iter()
            .all(|c| !c["question"].as_str().unwrap().is_empty())
    );
}

#[actix_web::test]
async fn faqs_are_searchable_by_words_and_by_framework() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let (_, _, body) = call(
        &svc,
        gql(
            "{ faqs(search: \"mongodb django\") { id question answer source } }",
            json!({}),
        ),
    )
    .await;
    let faqs = body["data"]["faqs"].as_array().unwrap();
    assert!(
        faqs.iter()
            .any(|f| f["question"] == "Can I use Django with MongoDB?"),
        "{body}"
    );
    assert!(faqs.iter().all(|f| {
        let text = format!("{} {}", f["question"], f["answer"]).to_lowercase();
        text.contains("mongodb") && text.contains("django")
    }));

    let (_, _, body) = call(
        &svc,
        gql(
            "{ faqs(frameworkId: \"flask\") { frameworks { frameworkId } } }",
            json!({}),
        ),
    )
    .await;
    let faqs = body["data"]["faqs"].as_array().unwrap();
    assert!(!faqs.is_empty());
    assert!(faqs.iter().all(|f| {
        f["frameworks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["frameworkId"] == "flask")
    }));

    let (_, _, body) = call(
        &svc,
        gql("{ faqs(search: \"zzzz-no-such-word\") { id } }", json!({})),
    )
    .await;
    assert_eq!(body["data"]["faqs"], json!([]));
}

#[actix_web::test]
async fn an_unknown_framework_in_a_faq_filter_is_bad_input_naming_it() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let (_, _, body) = call(
        &svc,
        gql("{ faqs(frameworkId: \"rails\") { id } }", json!({})),
    )
    .await;
    assert_eq!(codes(&body), ["BAD_USER_INPUT"]);
    assert!(first_message(&body).contains("rails"));
}

#[actix_web::test]
async fn the_comparison_matrix_has_the_seed_rows_for_the_requested_frameworks() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let q = "{ comparison(frameworkIds: [\"django\", \"flask\"]) { frameworks { frameworkId } rows { traitId label source values { frameworkId value } } } }";
    let (_, _, body) = call(&svc, gql(q, json!({}))).await;
    let rows = body["data"]["comparison"]["rows"].as_array().unwrap();
    let admin = rows
        .iter()
        .find(|r| r["label"] == "Admin Interface")
        .expect("seed row");
    assert_eq!(admin["source"], "SEED");
    assert_eq!(
        admin["values"][0],
        json!({ "frameworkId": "django", "value": "Built-in (Automatic)" })
    );
    assert_eq!(admin["values"][1]["frameworkId"], "flask");
    for label in [
        "Database ORM",
        "Learning Curve",
        "Flexibility",
        "Initial Setup",
    ] {
        assert!(rows.iter().any(|r| r["label"] == label), "{label}");
    }
    assert!(
        rows.iter()
            .all(|r| r["values"].as_array().unwrap().len() == 2)
    );

    let (_, _, body) = call(
        &svc,
        gql(
            "{ comparison(frameworkIds: [\"django\", \"rails\"]) { rows { label } } }",
            json!({}),
        ),
    )
    .await;
    assert_eq!(codes(&body), ["BAD_USER_INPUT"]);
    assert!(first_message(&body).contains("rails"));
}

#[actix_web::test]
async fn the_glossary_defines_the_seed_terms() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let (_, _, body) = call(&svc, gql("{ glossary { term definition } }", json!({}))).await;
    let terms = body["data"]["glossary"].as_array().unwrap();
    let redis = terms.iter().find(|t| t["term"] == "Redis").expect("Redis");
    assert!(redis["definition"].as_str().unwrap().contains("in-memory"));
}
