//! Hot reload of the catalog (issue 14), against the real binary: SIGHUP and
//! `CATALOG_WATCH` swap the catalog atomically under load, with no failed request and no
//! response mixing two catalogs; an invalid catalog keeps the old one; versions, ETags,
//! readiness, metrics, recorded decisions and the BI views' keys follow the new catalog.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sqlx::PgPool;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::process::{Server, get, post_graphql, request};
use framework_matrix::catalog::EMBEDDED_FILES;

/// Catalog A: the embedded catalog, written to `dir`.
fn write_catalog_a(dir: &Path) {
    for (name, text) in EMBEDDED_FILES {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

/// Catalog B: A with Django renamed and a third answer to `admin_panel`, so that a
/// response says which catalog it came from (names) and the keys change (the option).
fn write_catalog_b(dir: &Path) {
    write_catalog_a(dir);
    edit(
        dir,
        "frameworks.toml",
        "name = \"Django\"",
        "name = \"Django (B)\"",
    );
    edit(
        dir,
        "criteria.toml",
        "id = \"no\"\nlabel = \"No\"\n",
        "id = \"no\"\nlabel = \"No\"\n\n[[criterion.option]]\nid = \"later\"\nlabel = \"Not yet\"\n",
    );
}

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// What one response says about the catalog it was computed with; `Err` for a failed
/// request or a response that mixes two catalogs.
fn catalog_of(status: u16, body: &Value) -> Result<&'static str, String> {
    if status != 200 || body.get("errors").is_some() {
        return Err(format!("failed: {status} {body}"));
    }
    let data = &body["data"];
    let version = data["catalogVersion"].as_str().unwrap_or_default();
    if data["recommendation"]["catalogVersion"] != version {
        return Err(format!("two versions in one response: {body}"));
    }
    let django = data["frameworks"][0]["name"].as_str().unwrap_or_default();
    let options = data["criteria"][0]["options"]
        .as_array()
        .map_or(0, Vec::len);
    match (django, options) {
        ("Django", 2) => Ok("A"),
        ("Django (B)", 3) => Ok("B"),
        _ => Err(format!(
            "a torn read (name {django:?} with {options} options): {body}"
        )),
    }
}

const QUERY: &str = "{ catalogVersion frameworks { name } criteria { options { optionId } } \
     recommendation(profile: { answers: [{ criterionId: \"admin_panel\", optionId: \"yes\" }] }) { catalogVersion } }";

async fn metrics(port: u16) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    s.write_all(b"GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).await.unwrap();
    out
}

fn metric(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.trim().parse().ok())
}

/// Polls until `f` holds, up to ten seconds.
async fn eventually<F, Fut>(what: &str, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(10);
    while !f().await {
        assert!(Instant::now() < deadline, "never happened: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn served_version(port: u16) -> String {
    let (_, body) = get(port, "/readyz").await.unwrap();
    body["catalog"]["version"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn sighup_swaps_the_catalog_under_load_without_a_failed_request_or_a_torn_read() {
    let dir = tempfile::tempdir().unwrap();
    let spool = tempfile::tempdir().unwrap();
    write_catalog_a(dir.path());
    let server = Server::start(
        "",
        spool.path(),
        &[("CATALOG_PATH", dir.path().to_str().unwrap())],
    )
    .await;
    let port = server.port;
    let version_a = served_version(port).await;

    let stop = Arc::new(AtomicBool::new(false));
    let seen = Arc::new(std::sync::Mutex::new(HashSet::new()));
    let requests = Arc::new(AtomicUsize::new(0));
    let clients: Vec<_> = (0..8)
        .map(|_| {
            let (stop, seen, requests) = (stop.clone(), seen.clone(), requests.clone());
            tokio::spawn(async move {
                let mut problems = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    let (status, body) = post_graphql(port, &json!({ "query": QUERY }))
                        .await
                        .expect("the server answers during reloads");
                    requests.fetch_add(1, Ordering::Relaxed);
                    match catalog_of(status, &body) {
                        Ok(which) => {
                            seen.lock().unwrap().insert(which);
                        }
                        Err(p) => problems.push(p),
                    }
                }
                problems
            })
        })
        .collect();

    let mut versions = HashSet::from([version_a.clone()]);
    for round in 0..6 {
        if round % 2 == 0 {
            write_catalog_b(dir.path());
        } else {
            write_catalog_a(dir.path());
        }
        let before = served_version(port).await;
        server.signal("HUP");
        eventually("the reload is served", || async {
            served_version(port).await != before
        })
        .await;
        versions.insert(served_version(port).await);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    stop.store(true, Ordering::Relaxed);
    let mut problems = Vec::new();
    for c in clients {
        problems.extend(c.await.unwrap());
    }
    let total = requests.load(Ordering::Relaxed);
    assert!(
        problems.is_empty(),
        "{} of {total} requests failed or were torn; first: {}",
        problems.len(),
        problems[0]
    );
    assert!(total > 50, "only {total} requests ran during the reloads");
    assert_eq!(*seen.lock().unwrap(), HashSet::from(["A", "B"]));
    assert_eq!(versions.len(), 2, "A and B, back and forth: {versions:?}");
    // Back on A (an even number of swaps): the same content is the same version.
    assert_eq!(served_version(port).await, version_a);

    let m = metrics(port).await;
    assert_eq!(
        metric(
            &m,
            "framework_matrix_catalog_reloads_total{result=\"replaced\"}"
        ),
        Some(6.0),
        "{m}"
    );
    let info: Vec<&str> = m
        .lines()
        .filter(|l| l.starts_with("framework_matrix_catalog_info{"))
        .collect();
    assert_eq!(
        info,
        [format!(
            "framework_matrix_catalog_info{{version=\"{version_a}\"}} 1"
        )],
        "one series, for the version served"
    );
}

#[tokio::test]
async fn an_invalid_catalog_is_refused_and_the_old_one_keeps_serving() {
    let dir = tempfile::tempdir().unwrap();
    let spool = tempfile::tempdir().unwrap();
    write_catalog_a(dir.path());
    let server = Server::start(
        "",
        spool.path(),
        &[
            ("CATALOG_PATH", dir.path().to_str().unwrap()),
            ("RUST_LOG", "info"),
        ],
    )
    .await;
    let port = server.port;
    let version_a = served_version(port).await;
    let (_, before) = get(port, "/readyz").await.unwrap();

    // A rule about a framework the catalog does not have.
    edit(
        dir.path(),
        "scoring.toml",
        "framework = \"gin\"",
        "framework = \"rails\"",
    );
    server.signal("HUP");
    eventually("the failed reload is counted", || async {
        metric(
            &metrics(port).await,
            "framework_matrix_catalog_reloads_total{result=\"failed\"}",
        ) == Some(1.0)
    })
    .await;
    assert_eq!(served_version(port).await, version_a);
    // The log names the file, the entry and the field.
    let logged = server
        .logs()
        .into_iter()
        .find(|l| l.contains("catalog reload failed"))
        .expect("the failed reload is logged");
    assert!(
        logged.contains("scoring.toml") && logged.contains("rails") && logged.contains("framework"),
        "{logged}"
    );
    let (status, body) = post_graphql(port, &json!({ "query": QUERY }))
        .await
        .unwrap();
    assert_eq!(catalog_of(status, &body), Ok("A"));
    let (_, after) = get(port, "/readyz").await.unwrap();
    assert_eq!(after["catalog"]["loadedAt"], before["catalog"]["loadedAt"]);

    // Fixed: the next reload serves it.
    write_catalog_b(dir.path());
    server.signal("HUP");
    eventually("the fixed catalog is served", || async {
        served_version(port).await != version_a
    })
    .await;
    let (status, body) = post_graphql(port, &json!({ "query": QUERY }))
        .await
        .unwrap();
    assert_eq!(catalog_of(status, &body), Ok("B"));
}

#[tokio::test]
async fn with_catalog_watch_a_saved_file_is_picked_up_and_etags_follow_the_version() {
    let dir = tempfile::tempdir().unwrap();
    let spool = tempfile::tempdir().unwrap();
    write_catalog_a(dir.path());
    let server = Server::start(
        "",
        spool.path(),
        &[
            ("CATALOG_PATH", dir.path().to_str().unwrap()),
            ("CATALOG_WATCH", "true"),
        ],
    )
    .await;
    let port = server.port;
    let version_a = served_version(port).await;
    let get_frameworks = "GET /graphql?query=%7Bframeworks%7Bname%7D%7D HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    let etag_a = etag(port, get_frameworks).await;

    write_catalog_b(dir.path());
    eventually("the watcher reloads the catalog", || async {
        served_version(port).await != version_a
    })
    .await;
    let etag_b = etag(port, get_frameworks).await;
    assert_ne!(etag_a, etag_b, "an ETag names the catalog version");
    // A client revalidating with the old ETag gets the new body, not a 304.
    let (status, body) = request(
        port,
        format!(
            "GET /graphql?query=%7Bframeworks%7Bname%7D%7D HTTP/1.1\r\nHost: localhost\r\n\
             If-None-Match: {etag_a}\r\nConnection: close\r\n\r\n"
        ),
    )
    .await
    .unwrap();
    assert_eq!(status, 200);
    assert_eq!(body["data"]["frameworks"][0]["name"], "Django (B)");
}

async fn etag(port: u16, raw: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    s.write_all(raw.as_bytes()).await.unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).await.unwrap();
    out.lines()
        .find_map(|l| l.strip_prefix("etag: "))
        .unwrap_or_else(|| panic!("no ETag in {out}"))
        .to_string()
}

#[sqlx::test(migrator = "framework_matrix::store::MIGRATOR")]
async fn decisions_keep_the_version_they_were_computed_with_and_bi_keys_follow_the_catalog(
    pool: PgPool,
) {
    let dir = tempfile::tempdir().unwrap();
    let spool = tempfile::tempdir().unwrap();
    write_catalog_a(dir.path());
    let server = Server::start(
        &crate::helpers::database_url(&pool),
        spool.path(),
        &[("CATALOG_PATH", dir.path().to_str().unwrap())],
    )
    .await;
    let port = server.port;
    server.wait_ready("ready").await;
    let submit = json!({
        "query": "mutation { submitProfile(profile: { answers: [{ criterionId: \"admin_panel\", optionId: \"yes\" }] }) { decisionId catalogVersion } }"
    });
    let (_, a) = post_graphql(port, &submit).await.unwrap();
    write_catalog_b(dir.path());
    server.signal("HUP");
    let version_a = a["data"]["submitProfile"]["catalogVersion"].clone();
    eventually("B is served", || async {
        served_version(port).await != version_a
    })
    .await;
    let (_, b) = post_graphql(port, &submit).await.unwrap();

    for response in [&a, &b] {
        let d = &response["data"]["submitProfile"];
        let id = uuid::Uuid::parse_str(d["decisionId"].as_str().unwrap()).unwrap();
        let stored: String =
            sqlx::query_scalar("SELECT catalog_version FROM decisions WHERE decision_id = $1")
                .bind(id)
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!(stored, d["catalogVersion"].as_str().unwrap());
    }
    assert_ne!(
        a["data"]["submitProfile"]["catalogVersion"],
        b["data"]["submitProfile"]["catalogVersion"]
    );
    // The BI views list B's keys, the new option included.
    eventually("analytics_keys lists B's option", || async {
        sqlx::query_scalar::<_, i64>(
            "SELECT count(*) FROM analytics_keys WHERE kind = 'option' AND a = 'admin_panel' AND b = 'later'",
        )
        .fetch_one(&pool)
        .await
        .unwrap()
            == 1
    })
    .await;
}
