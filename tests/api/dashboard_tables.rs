//! The dashboard's two-way tables (issue 12) against a real PostgreSQL: the agreement
//! rate with the recommended-vs-chosen matrix, and answers by top framework, each with its
//! suppression and complementary suppression along every published line
//! (MIN_GROUP_SIZE = 5).

use actix_web::test::init_service;
use chrono::Duration;
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::dashboard::{TOKEN, count_of, settings, stats};
use crate::helpers::seed::{Group, monday, seed};
use crate::helpers::*;
use framework_matrix::startup::{app, build_services_with};
use framework_matrix::store::{Database, MIGRATOR};

#[sqlx::test(migrator = "MIGRATOR")]
async fn the_agreement_rate_is_hidden_with_its_small_parts(pool: PgPool) {
    let at = monday(1) + Duration::hours(30);
    seed(
        &pool,
        &[
            Group::new(12, at, "django")
                .client("portal-a")
                .chose("django", 12),
            Group::new(8, at, "django")
                .client("portal-a")
                .chose("flask", 8),
            Group::new(6, at, "fastapi")
                .client("portal-a")
                .chose("fastapi", 6),
            // Two FastAPI teams chose Flask; two more never reported.
            Group::new(4, at, "fastapi")
                .client("portal-a")
                .chose("flask", 2),
            Group::new(7, at, "express")
                .client("portal-a")
                .chose("express", 7),
            Group::new(6, at, "express")
                .client("portal-a")
                .chose("fastify", 6),
            // A client of its own with only three reported outcomes.
            Group::new(6, at, "django")
                .client("portal-b")
                .chose("django", 3),
        ],
    )
    .await;
    let selection = "agreementRate { rate outcomes } agreementByFramework { frameworkId rate outcomes } \
                     outcomes { recommendedFrameworkId chosenFrameworkId count }";
    let s = stats(&pool, r#"clientName: "portal-a""#, selection).await;
    assert_eq!(s["agreementRate"]["outcomes"], 41);
    let rate = s["agreementRate"]["rate"].as_f64().unwrap();
    assert!((rate - 25.0 / 41.0).abs() < 1e-9, "{s}");
    let per = |f: &str| {
        s["agreementByFramework"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["frameworkId"] == f)
            .unwrap()
            .clone()
    };
    assert_eq!(
        per("django"),
        json!({ "frameworkId": "django", "rate": 0.6, "outcomes": 20 })
    );
    // Express's diagonal cell (7) is hidden with FastAPI's along the diagonal, whose total
    // the overall rate gives: its rate would give the cell back.
    assert_eq!(
        per("express"),
        json!({ "frameworkId": "express", "rate": null, "outcomes": null })
    );
    // FastAPI's group is 8, but 2 of them disagreed: the rate would tell that pair apart.
    assert_eq!(
        per("fastapi"),
        json!({ "frameworkId": "fastapi", "rate": null, "outcomes": null })
    );
    assert_eq!(per("gin")["rate"], Value::Null, "no outcome at all");
    let pair = |r: &str, c: &str| {
        s["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["recommendedFrameworkId"] == r && o["chosenFrameworkId"] == c)
            .unwrap()["count"]
            .clone()
    };
    assert_eq!(pair("django", "django"), 12);
    assert_eq!(pair("django", "flask"), 8);
    assert_eq!(pair("fastapi", "flask"), Value::Null);
    // Hidden to protect the 2 (with the 2 unreported, fewer than k across the table) ...
    assert_eq!(
        pair("fastapi", "fastapi"),
        Value::Null,
        "complementary: the smallest cell"
    );
    // ... along the diagonal and the off-diagonal, whose totals the overall rate gives.
    assert_eq!(
        pair("express", "express"),
        Value::Null,
        "complementary: the diagonal"
    );
    assert_eq!(
        pair("express", "fastify"),
        Value::Null,
        "complementary: the off-diagonal"
    );

    let b = stats(&pool, r#"clientName: "portal-b""#, selection).await;
    assert_eq!(
        b["agreementRate"],
        json!({ "rate": null, "outcomes": null }),
        "3 outcomes < k"
    );
    assert!(
        b["agreementByFramework"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["rate"].is_null())
    );
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn answers_by_top_framework_hide_along_options_and_frameworks(pool: PgPool) {
    let at = monday(1) + Duration::hours(30);
    seed(
        &pool,
        &[
            Group::new(15, at, "django").answer("admin_panel", "yes"),
            Group::new(6, at, "flask").answer("admin_panel", "yes"),
            Group::new(7, at, "express").answer("admin_panel", "yes"),
            Group::new(9, at, "express").answer("admin_panel", "no"),
            Group::new(2, at, "django").answer("admin_panel", "no"),
            Group::new(6, at, "fastapi"),
        ],
    )
    .await;
    let s = stats(
        &pool,
        "",
        "answers(criterionId: \"admin_panel\") { optionId count } \
         answersByFramework(criterionId: \"admin_panel\") { optionId frameworkId count }",
    )
    .await;
    assert_eq!(count_of(&s["answers"], "optionId", "yes"), 28);
    assert_eq!(count_of(&s["answers"], "optionId", "no"), 11);
    let table = s["answersByFramework"].as_array().unwrap();
    assert_eq!(table.len(), 2 * 9, "every option with every framework");
    let cell = |o: &str, f: &str| {
        table
            .iter()
            .find(|c| c["optionId"] == o && c["frameworkId"] == f)
            .unwrap()["count"]
            .clone()
    };
    assert_eq!(cell("no", "django"), Value::Null, "2 is below k");
    assert_eq!(
        cell("no", "express"),
        Value::Null,
        "complementary along the option"
    );
    assert_eq!(
        cell("yes", "django"),
        Value::Null,
        "complementary along the framework"
    );
    // Express's column would give the 9 back from its total (16) alone.
    assert_eq!(
        cell("yes", "express"),
        Value::Null,
        "no cell hidden alone in a line"
    );
    assert_eq!(cell("yes", "flask"), 6);
    assert_eq!(cell("yes", "gin"), Value::Null);
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn an_unknown_criterion_is_refused_by_name(pool: PgPool) {
    let services =
        build_services_with(&settings(), Some(Database::from_pool(pool.clone()))).unwrap();
    let svc = init_service(app(services.state.clone(), vec![])).await;
    let req = gql(
        r#"{ decisionStats { answersByFramework(criterionId: "no_such_question") { count } } }"#,
        json!({}),
    )
    .insert_header(("authorization", format!("Bearer {TOKEN}")));
    let (_, _, body) = call(&svc, req).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{body}"
    );
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("no_such_question")
    );
}
