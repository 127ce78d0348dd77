//! Client compatibility (issue 16): the mainstream GraphQL clients, set up as their docs
//! say (Apollo Client with InMemoryCache, urql with graphcache and with its document cache,
//! Relay with compiled artifacts and the default store, graphql-request, graphql-hooks),
//! run against the real binary over TCP by `tests/clients/run.mjs`. Catalog data read back
//! from each normalized cache must equal the server's JSON; previews, submissions, outcomes,
//! error codes, APQ, batching, HTTP caching (ETag, 304, Vary, gzip), CORS for Apollo's
//! client-awareness headers, result field order and the schema's descriptions are checked
//! too. Then the decisions each client submitted are looked up in PostgreSQL: each must be
//! stored under the client name it sent (`X-Client-Name`, or Apollo's
//! `apollographql-client-name`), with its reported outcome.
//!
//! Needs Node.js and npm on the PATH. The suite's packages are pinned by
//! `tests/clients/package-lock.json` and installed with `npm ci` on first use (network
//! access needed once); without Node the test fails rather than silently skipping.

use std::process::Command;
use std::time::Duration;

use crate::helpers::node;
use crate::helpers::process::Server;
use framework_matrix::store::MIGRATOR;
use serde_json::Value;
use sqlx::PgPool;

/// The suite takes a few seconds; this only guards against a hang.
const SUITE_DEADLINE: Duration = Duration::from_secs(180);
const ANALYTICS_TOKEN: &str = "clients-suite-analytics-token";
const ORIGIN: &str = "http://portal.example";

/// The client name each submission must be stored under, one per way of sending it.
const EXPECTED_CLIENT_NAMES: &[&str] = &[
    // Apollo Client's `clientAwareness: { name }` (the apollographql-client-name header).
    "apollo-client",
    // X-Client-Name, set in each client's own way.
    "urql-client",
    "relay-client",
    "graphql-request",
    "graphql-hooks",
    // Plain HTTP: apollographql-client-name alone, and both headers (X-Client-Name wins).
    "plain-apollo-header",
    "plain-x-client-name",
];

const PURPOSE: &str = "to run the client-compatibility suite";

/// What PostgreSQL holds for each client name the suite had to submit under; one line per
/// problem.
async fn stored_decision_problems(pool: &PgPool, decisions: &[Value]) -> Vec<String> {
    let mut problems = Vec::new();
    for &name in EXPECTED_CLIENT_NAMES {
        let Some(d) = decisions.iter().find(|d| d["clientName"] == name) else {
            problems.push(format!(
                "{name}: the suite reports no acknowledged submission under this name"
            ));
            continue;
        };
        let label = d["label"].as_str().unwrap_or("?");
        let Some(id) = d["decisionId"]
            .as_str()
            .and_then(|s| uuid::Uuid::parse_str(s).ok())
        else {
            problems.push(format!("{label}: not a decision id: {}", d["decisionId"]));
            continue;
        };
        let stored: Option<Option<String>> =
            sqlx::query_scalar("SELECT client_name FROM decisions WHERE decision_id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await
                .expect("can read the decisions table");
        match stored {
            None => problems.push(format!("{label}: decision {id} is not stored")),
            Some(stored) if stored.as_deref() != Some(name) => problems.push(format!(
                "{label}: decision {id} is stored with client_name {stored:?}, expected {name:?}"
            )),
            Some(_) => {}
        }
        if let Some(chosen) = d["chosenFrameworkId"].as_str() {
            let outcome: Option<String> = sqlx::query_scalar(
                "SELECT chosen_framework FROM decision_outcomes WHERE decision_id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await
            .expect("can read the decision_outcomes table");
            if outcome.as_deref() != Some(chosen) {
                problems.push(format!(
                    "{label}: the outcome of decision {id} is {outcome:?}, expected {chosen:?}"
                ));
            }
        }
    }
    problems
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn mainstream_graphql_clients_show_exactly_what_the_server_sent(pool: PgPool) {
    let dir = node::tests_dir("clients");
    node::install(dir.clone(), &["@apollo/client/package.json"], PURPOSE).await;

    let database_url = crate::helpers::database_url(&pool);
    let spool = tempfile::tempdir().expect("can create a spool directory");
    let server = Server::start(
        &database_url,
        spool.path(),
        &[
            ("ANALYTICS_TOKEN", ANALYTICS_TOKEN),
            ("CORS_ALLOWED_ORIGINS", ORIGIN),
        ],
    )
    .await;
    server.wait_ready("ready").await;

    let decisions_file = tempfile::NamedTempFile::new().expect("can create a temporary file");
    let mut suite = Command::new("node");
    suite
        .arg(dir.join("run.mjs"))
        .arg(format!("http://127.0.0.1:{}", server.port))
        .arg("--decisions")
        .arg(decisions_file.path())
        .env("ANALYTICS_TOKEN", ANALYTICS_TOKEN)
        .env("CORS_ORIGIN", ORIGIN);
    let (passed, output) = node::run(suite, SUITE_DEADLINE, PURPOSE).await;
    println!("{output}");

    let decisions: Vec<Value> = std::fs::read_to_string(decisions_file.path())
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    let problems = stored_decision_problems(&pool, &decisions).await;
    drop(server);

    assert!(
        passed && problems.is_empty(),
        "the client-compatibility suite found problems:\n{}{output}",
        if problems.is_empty() {
            String::new()
        } else {
            format!(
                "in PostgreSQL:\n  {}\n--- suite output ---\n",
                problems.join("\n  ")
            )
        }
    );
}
