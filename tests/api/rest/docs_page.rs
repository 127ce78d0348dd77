//! `/api/v1/docs` in a real browser (`tests/browser/apidocs.mjs`: headless Chromium through
//! playwright-core, the browser tests' packages): it renders every operation of the OpenAPI
//! document, requests nothing from another origin, breaks no CSP rule and has no serious
//! axe-core violation. Needs Node.js and Chromium, as the browser tests do.

use std::process::Command;
use std::time::Duration;

use crate::helpers::node;
use crate::helpers::process::Server;

#[tokio::test]
async fn the_docs_page_renders_every_operation_from_this_origin_only() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        std::path::Path::new(&chromium).exists(),
        "Chromium is not installed at {chromium}: `apt-get install -y chromium`"
    );
    let dir = node::tests_dir("browser");
    node::install(
        dir.clone(),
        &["playwright-core/package.json", "axe-core/axe.min.js"],
        "for the browser tests",
    )
    .await;
    let spool = tempfile::tempdir().unwrap();
    let server = Server::start("", spool.path(), &[]).await;
    let mut script = Command::new("node");
    script
        .arg(dir.join("apidocs.mjs"))
        .arg(format!("http://127.0.0.1:{}/", server.port))
        .env("CHROMIUM", &chromium);
    let (ok, output) = node::run(script, Duration::from_secs(120), "for the browser tests").await;
    assert!(ok && output.contains("ok - the REST docs page"), "{output}");
}
