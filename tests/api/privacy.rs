//! Nothing personal is stored or logged: requests carry distinctive values in every header
//! that could identify a person, and neither the database nor the captured logs (JSON,
//! debug level) may contain any of them.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use crate::helpers::*;
use actix_web::test::TestRequest;
use framework_matrix::config::{LogFormat, Settings};
use framework_matrix::startup::{app, build_services_with};
use framework_matrix::store::{Database, MIGRATOR};
use serde_json::json;
use sqlx::PgPool;

/// A `MakeWriter` that appends every log line to a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

fn logs() -> &'static Captured {
    static LOGS: OnceLock<Captured> = OnceLock::new();
    LOGS.get_or_init(|| {
        let c = Captured::default();
        framework_matrix::telemetry::init_with_writer(LogFormat::Json, "debug", c.clone());
        c
    })
}

const CANARIES: [(&str, &str); 6] = [
    ("x-forwarded-for", "203.0.113.77"),
    ("user-agent", "CanaryAgent/7f3a-9b1c"),
    ("cookie", "session=cookie-canary-91b2"),
    ("referer", "https://referrer-canary-4d2e.example/page"),
    ("x-request-id", "reqid-canary-55c1"),
    ("x-real-ip", "198.51.100.23"),
];

fn with_canaries(mut req: TestRequest) -> TestRequest {
    for (name, value) in CANARIES {
        req = req.insert_header((name, value));
    }
    req.peer_addr("192.0.2.99:40123".parse().unwrap())
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn no_personal_datum_reaches_the_database_or_the_logs(pool: PgPool) {
    let logs = logs();
    let mut settings = Settings::for_tests();
    settings.analytics_token = Some("t".into());
    let services = build_services_with(&settings, Some(Database::from_pool(pool.clone()))).unwrap();
    let svc = actix_web::test::init_service(app(services.state.clone(), vec![])).await;

    let submit = "mutation Submit($p: ProfileInput!) { submitProfile(profile: $p) { decisionId } }";
    for _ in 0..3 {
        let req = with_canaries(gql(
            submit,
            json!({ "p": { "answers": answers(&[("realtime", "core")]) } }),
        ))
        .insert_header(("x-client-name", "portal-x"));
        let (_, _, body) = call(&svc, req).await;
        let id = body["data"]["submitProfile"]["decisionId"]
            .as_str()
            .expect("recorded")
            .to_string();
        let outcome =
            "mutation($d: ID!) { recordOutcome(decisionId: $d, chosenFrameworkId: \"express\") }";
        call(&svc, with_canaries(gql(outcome, json!({ "d": id })))).await;
    }
    // A bad request and a preview too: error paths must not log headers either.
    call(&svc, with_canaries(gql("{ nope }", json!({})))).await;
    call(
        &svc,
        with_canaries(gql(
            "query($p: ProfileInput!) { recommendation(profile: $p) { confidence } }",
            json!({ "p": { "answers": [] } }),
        )),
    )
    .await;

    // Every column of every table, as text.
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT quote_ident(table_name) FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(tables.iter().any(|t| t == "decisions"));
    let mut dump = String::new();
    for t in &tables {
        let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT to_jsonb(t)::text FROM {t} t"
        )))
        .fetch_all(&pool)
        .await
        .unwrap();
        dump.push_str(&rows.join("\n"));
    }
    assert!(
        dump.contains("portal-x"),
        "the dump holds the decisions (sanity check)"
    );

    let log_text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        log_text.contains("request served"),
        "logs were captured (sanity check)"
    );
    // Structured: every line is JSON, and each request line carries our request id, the
    // operation and the timing.
    let lines: Vec<serde_json::Value> = log_text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let served = lines
        .iter()
        .find(|l| {
            l["message"] == "request served"
                && l["span"]["graphql.operation"] == "mutation:submitProfile"
        })
        .expect("a request line for submitProfile");
    assert!(
        served["span"]["request_id"]
            .as_str()
            .is_some_and(|id| id.len() >= 32),
        "{served}"
    );
    assert!(served["span"]["latency_ms"].as_f64().is_some(), "{served}");
    assert_eq!(served["span"]["status"], 200);

    let mut leaks = CANARIES.iter().map(|(_, v)| *v).collect::<Vec<_>>();
    leaks.extend([
        "192.0.2.99",
        "CanaryAgent",
        "cookie-canary",
        "referrer-canary",
        "reqid-canary",
    ]);
    for canary in leaks {
        assert!(!dump.contains(canary), "database contains {canary}");
        assert!(!log_text.contains(canary), "logs contain {canary}");
    }
}
