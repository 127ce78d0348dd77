//! End-to-end conformance: the `graphql-http` server audit (the reference checks of the
//! GraphQL-over-HTTP specification) run against the real service over TCP. Every item must
//! pass, MUST, SHOULD and MAY alike; a failure prints the audit's reasons.
//!
//! Needs Node.js and npm on the PATH. The audit package is pinned by
//! `tests/audit/package-lock.json` and installed with `npm ci` on first use (network
//! access needed once); without npm the test fails rather than silently skipping.

use std::process::Command;
use std::time::Duration;

use framework_matrix::config::Settings;
use framework_matrix::startup::Application;

use crate::helpers::node;

/// The audit sends about sixty small requests; this only guards against a hang.
const AUDIT_DEADLINE: Duration = Duration::from_secs(120);

const PURPOSE: &str = "to run the GraphQL-over-HTTP audit";

#[tokio::test(flavor = "multi_thread")]
async fn the_graphql_endpoint_passes_every_item_of_the_graphql_http_audit() {
    let dir = node::tests_dir("audit");
    node::install(dir.clone(), &["graphql-http/package.json"], PURPOSE).await;

    let app = Application::build(Settings::for_tests())
        .await
        .expect("the service starts");
    let port = app.port();
    tokio::spawn(app.run_until_stopped());

    let mut audit = Command::new("node");
    audit
        .arg(dir.join("audit.mjs"))
        .arg(format!("http://127.0.0.1:{port}/graphql"));
    let (passed, output) = node::run(audit, AUDIT_DEADLINE, PURPOSE).await;
    println!("{output}");
    assert!(
        passed,
        "the graphql-http audit reported items that are not ok:\n{output}"
    );
}
