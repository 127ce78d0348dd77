//! What Schemathesis found, kept as regression tests (each names the run that found it).

use actix_web::http::StatusCode;
use framework_matrix::config::Settings;
use framework_matrix::startup::{app, build_services_with};
use framework_matrix::store::{Database, MIGRATOR};
use serde_json::json;
use sqlx::PgPool;

use super::{get, problem};
use crate::helpers::*;

const TOKEN: &str = "analyst-token";

/// GraphQL fuzzing (seed 7, 150 examples) sent `decisionStats(catalogVersion:)` with a NUL
/// character: PostgreSQL refuses NUL in text, and the answer was INTERNAL_SERVER_ERROR.
#[sqlx::test(migrator = "MIGRATOR")]
async fn a_control_character_in_an_analytics_filter_is_bad_input_not_an_internal_error(
    pool: PgPool,
) {
    let mut settings = Settings::for_tests();
    settings.analytics_token = Some(TOKEN.into());
    let services = build_services_with(&settings, Some(Database::from_pool(pool.clone()))).unwrap();
    let svc = actix_web::test::init_service(app(services.state.clone(), vec![])).await;
    for (arg, value) in [
        ("catalogVersion", "sha256-\u{0}"),
        ("clientName", "a\u{7}b"),
    ] {
        let q = format!("query($v: String) {{ decisionStats({arg}: $v) {{ to }} }}");
        let req = gql(&q, json!({ "v": value }))
            .insert_header(("authorization", format!("Bearer {TOKEN}")));
        let (_, _, body) = call(&svc, req).await;
        assert_eq!(codes(&body), ["BAD_USER_INPUT"], "{body}");
        assert!(first_message(&body).contains(arg), "{body}");
    }
    // The same filter without the control character is answered.
    let req = gql(
        "{ decisionStats(catalogVersion: \"sha256-0\") { to } }",
        json!({}),
    )
    .insert_header(("authorization", format!("Bearer {TOKEN}")));
    let (_, _, body) = call(&svc, req).await;
    assert!(body.get("errors").is_none(), "{body}");
}

/// REST fuzzing sends control characters and `%`-escapes in path segments: each is a
/// NOT_FOUND problem, never a 5xx or a non-problem body.
#[actix_web::test]
async fn odd_framework_ids_in_the_path_are_not_found_problems() {
    let (svc, _s) = service(Settings::for_tests()).await;
    for id in ["%00", "%C3%28", "..%2F..%2Fetc", "Framework:", "%20django"] {
        let resp = call(&svc, get(&format!("/api/v1/frameworks/{id}"))).await;
        problem(&resp, StatusCode::NOT_FOUND, "NOT_FOUND");
    }
}
