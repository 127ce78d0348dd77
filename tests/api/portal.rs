//! The developer-portal integrations, checked with the tools' own packages
//! (`tests/portal`, installed with `npm ci` on first use): the Tech Radar feed against the
//! Tech Radar plugin's types and parser, `catalog-info.yaml` with Backstage's catalog
//! model validators, and the federation subgraph composed with a second subgraph and
//! queried through Apollo Gateway.

use std::process::Command;
use std::time::Duration;

use framework_matrix::config::Settings;
use framework_matrix::startup::Application;

use crate::helpers::node;

const DEADLINE: Duration = Duration::from_secs(120);
const PURPOSE: &str = "to check the portal integrations";
const MARKERS: &[&str] = &[
    "typescript/package.json",
    "@backstage-community/plugin-tech-radar-common/package.json",
    "@backstage/catalog-model/package.json",
    "yaml/package.json",
    "@apollo/gateway/package.json",
    "@apollo/composition/package.json",
];

async fn started() -> u16 {
    let app = Application::build(Settings::for_tests())
        .await
        .expect("the service starts");
    let port = app.port();
    tokio::spawn(app.run_until_stopped());
    port
}

#[tokio::test(flavor = "multi_thread")]
async fn the_tech_radar_feed_type_checks_against_the_plugins_types_and_parses_with_its_parser() {
    let dir = node::tests_dir("portal");
    node::install(dir.clone(), MARKERS, PURPOSE).await;
    let port = started().await;
    let mut check = Command::new("node");
    check
        .arg(dir.join("tech-radar.mjs"))
        .arg(format!("http://127.0.0.1:{port}/api/tech-radar"));
    let (passed, output) = node::run(check, DEADLINE, PURPOSE).await;
    println!("{output}");
    assert!(
        passed,
        "the Tech Radar feed does not fit the plugin:\n{output}"
    );
    assert!(
        output.contains("9 entries in 4 quadrants and 4 rings"),
        "{output}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn catalog_info_yaml_holds_a_valid_component_and_graphql_api_for_backstage() {
    let dir = node::tests_dir("portal");
    node::install(dir.clone(), MARKERS, PURPOSE).await;
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog-info.yaml");
    let mut check = Command::new("node");
    check.arg(dir.join("catalog-info.mjs")).arg(&file);
    let (passed, output) = node::run(check, DEADLINE, PURPOSE).await;
    println!("{output}");
    assert!(
        passed,
        "catalog-info.yaml is not valid for Backstage:\n{output}"
    );
    // The API's definition is the committed schema, which the schema test keeps equal to
    // what the service serves.
    let schema = include_str!("../../schema.graphql");
    assert!(
        output.contains("Component:framework-matrix valid"),
        "{output}"
    );
    assert!(
        output.contains(&format!(
            "API:framework-matrix-graphql valid graphql definition of {} characters",
            schema.encode_utf16().count()
        )),
        "{output}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn as_a_federation_subgraph_it_composes_with_another_and_answers_through_apollo_gateway() {
    let dir = node::tests_dir("portal");
    node::install(dir.clone(), MARKERS, PURPOSE).await;
    let mut settings = Settings::for_tests();
    settings.federation = true;
    let app = Application::build(settings)
        .await
        .expect("the service starts");
    let port = app.port();
    tokio::spawn(app.run_until_stopped());
    let mut check = Command::new("node");
    check
        .arg(dir.join("federation.mjs"))
        .arg(format!("http://127.0.0.1:{port}/graphql"));
    let (passed, output) = node::run(check, DEADLINE, PURPOSE).await;
    println!("{output}");
    assert!(
        passed,
        "federation through Apollo Gateway failed:\n{output}"
    );
}

#[actix_web::test]
async fn federation_is_off_by_default_and_the_subgraph_resolves_framework_entities_by_id() {
    use crate::helpers::{call, codes, gql, service};
    use serde_json::json;

    let (plain, _s) = service(Settings::for_tests()).await;
    let (_, _, body) = call(&plain, gql("{ _service { sdl } }", json!({}))).await;
    assert_eq!(codes(&body), ["GRAPHQL_VALIDATION_FAILED"], "{body}");

    let mut settings = Settings::for_tests();
    settings.federation = true;
    let (federated, _f) = service(settings).await;
    let (_, _, body) = call(&federated, gql("{ _service { sdl } }", json!({}))).await;
    let sdl = body["data"]["_service"]["sdl"].as_str().unwrap_or_default();
    assert!(
        sdl.contains("url: \"https://specs.apollo.dev/federation/v2")
            && sdl.contains("type Framework implements Node @key(fields: \"id\")")
            && sdl.contains("The reads: the catalog, recommendation previews"),
        "{body}"
    );
    let entities = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Framework { frameworkId name } } }";
    let (_, _, body) = call(
        &federated,
        gql(
            entities,
            json!({ "r": [
                { "__typename": "Framework", "id": "Framework:gin" },
                { "__typename": "Framework", "id": "echo" }
            ] }),
        ),
    )
    .await;
    assert_eq!(
        body["data"]["_entities"],
        json!([
            { "frameworkId": "gin", "name": "Gin" },
            { "frameworkId": "echo", "name": "Echo" }
        ]),
        "{body}"
    );
    let (_, _, body) = call(
        &federated,
        gql(
            entities,
            json!({ "r": [{ "__typename": "Framework", "id": "Framework:rails" }] }),
        ),
    )
    .await;
    assert_eq!(codes(&body), ["BAD_USER_INPUT"], "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("rails"),
        "{body}"
    );
}

#[actix_web::test]
async fn the_tech_radar_feed_is_cacheable_under_the_catalog_version_and_answers_head() {
    use crate::helpers::{call, service};
    use actix_web::test::TestRequest;

    let (svc, s) = service(Settings::for_tests()).await;
    let version = s.state.catalog.current().catalog.version.clone();
    let (status, headers, body) = call(&svc, TestRequest::get().uri("/api/tech-radar")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(headers.get("etag").unwrap(), &format!("W/\"{version}\""));
    assert_eq!(headers.get("cache-control").unwrap(), "public, max-age=300");
    assert_eq!(body["rings"].as_array().unwrap().len(), 4, "{body}");
    let (status, _, _) = call(
        &svc,
        TestRequest::default()
            .method(actix_web::http::Method::HEAD)
            .uri("/api/tech-radar"),
    )
    .await;
    assert_eq!(status, 200);
}
