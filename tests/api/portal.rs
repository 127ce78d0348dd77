//! The developer-portal integrations, checked with the tools' own packages
//! (`tests/portal`, installed with `npm ci` on first use): the Tech Radar feed against the
//! Tech Radar plugin's types and parser, and `catalog-info.yaml` with Backstage's catalog
//! model validators.

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
