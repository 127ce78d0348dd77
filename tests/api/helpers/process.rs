//! The built binary as a child process, and a minimal HTTP/1.1 client over raw TCP (so the
//! tests need no HTTP client stack of their own).

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub struct Server {
    pub port: u16,
    pub child: Child,
    /// Every line the process has logged (JSON, on stdout) so far.
    logs: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `framework-matrix` on a port the kernel picks (port 0: no race with other
    /// processes for a "free" port), reads that port from its start-up log line, and waits
    /// until it answers `/healthz`.
    pub async fn start(database_url: &str, spool_dir: &Path, env: &[(&str, &str)]) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_framework-matrix"));
        cmd.env_clear()
            .env("LISTEN_ADDR", "127.0.0.1:0")
            .env("DATABASE_URL", database_url)
            .env("SPOOL_DIR", spool_dir)
            .env("RUST_LOG", "warn,framework_matrix::startup=info")
            .env("LOG_FORMAT", "json")
            .env("WORKERS", "2")
            // Load tests submit hundreds of decisions from one address; tests of the limit
            // itself set it again.
            .env("MUTATION_RATE_LIMIT_PER_MINUTE", "0")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("the service binary starts");
        let logs = Arc::new(Mutex::new(Vec::new()));
        let port = listening_port(child.stdout.take().expect("stdout is piped"), logs.clone());
        let server = Server { port, child, logs };
        let deadline = Instant::now() + Duration::from_secs(20);
        while get(port, "/healthz").await.is_err() {
            assert!(
                Instant::now() < deadline,
                "the service did not come up on port {port}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        server
    }

    /// Waits until `/readyz` reports `status` (e.g. "ready").
    pub async fn wait_ready(&self, status: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok((_, body)) = get(self.port, "/readyz").await
                && body["status"] == status
            {
                return;
            }
            assert!(Instant::now() < deadline, "/readyz never said {status}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The process's peak resident set size so far (`VmHWM`), in bytes.
    pub fn peak_rss(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("the server process is alive");
        let kib: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .expect("/proc/<pid>/status has VmHWM");
        kib * 1024
    }

    /// Sockets the process has open (TCP connections and listeners among its descriptors).
    pub fn open_sockets(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.child.id())).map_or(0, |fds| {
            fds.filter_map(Result::ok)
                .filter(|fd| {
                    std::fs::read_link(fd.path())
                        .is_ok_and(|t| t.to_string_lossy().starts_with("socket:"))
                })
                .count()
        })
    }

    /// The lines logged so far.
    pub fn logs(&self) -> Vec<String> {
        self.logs.lock().unwrap().clone()
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    pub fn signal(&self, signal: &str) {
        let ok = Command::new("kill")
            .args([format!("-{signal}"), self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
    }
}

/// The port of the "framework-matrix listening" log line; the output is read in the
/// background (kept in `logs`) so the child never blocks on a full pipe.
fn listening_port(stdout: std::process::ChildStdout, logs: Arc<Mutex<Vec<String>>>) -> u16 {
    use std::io::BufRead;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut tx = Some(tx);
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let event = serde_json::from_str::<Value>(&line);
            logs.lock().unwrap().push(line);
            let Ok(event) = event else {
                continue;
            };
            if event["message"] == "framework-matrix listening"
                && let (Some(port), Some(tx)) = (event["port"].as_u64(), tx.take())
            {
                let _ = tx.send(port as u16);
            }
        }
    });
    rx.recv_timeout(Duration::from_secs(20))
        .expect("the service logs the port it listens on")
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub async fn request(port: u16, raw: String) -> std::io::Result<(u16, Value)> {
    // Any failure to connect (refused, or reset during the handshake by a closing listener)
    // means the server never took the request.
    let mut s = TcpStream::connect(("127.0.0.1", port))
        .await
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::ConnectionRefused, e))?;
    let mut buf = Vec::new();
    let exchange = async {
        s.write_all(raw.as_bytes()).await?;
        s.read_to_end(&mut buf).await
    };
    let result = exchange.await;
    // A connection closed or reset before a single byte of response was never handled by
    // the server (it sat in the kernel's accept queue when the listener closed): report it
    // as such, apart from a response cut off half-way.
    if buf.is_empty() {
        let why = result.err().map_or("closed".to_string(), |e| e.to_string());
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            format!("no response: {why}"),
        ));
    }
    let text = String::from_utf8_lossy(&buf);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("response cut off in its header"))?;
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status"))?;
    let body = serde_json::from_str(body)
        .map_err(|e| std::io::Error::other(format!("response body cut off: {e}")))?;
    Ok((status, body))
}

pub async fn get(port: u16, path: &str) -> std::io::Result<(u16, Value)> {
    request(
        port,
        format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
    )
    .await
}

pub async fn post_graphql(port: u16, body: &Value) -> std::io::Result<(u16, Value)> {
    let body = body.to_string();
    request(
        port,
        format!(
            "POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
    .await
}

/// Submits a small profile; `Some(decisionId)` when it was acknowledged.
pub async fn submit(port: u16, i: usize) -> std::io::Result<Option<String>> {
    let scopes = ["microservice", "product", "platform"];
    let body = serde_json::json!({
        "query": "mutation($p: ProfileInput!) { submitProfile(profile: $p) { decisionId } }",
        "variables": { "p": { "answers": [{ "criterionId": "project_scope", "optionId": scopes[i % 3] }] } }
    });
    let (status, body) = post_graphql(port, &body).await?;
    assert_eq!(status, 200, "{body}");
    Ok(body["data"]["submitProfile"]["decisionId"]
        .as_str()
        .map(str::to_string))
}
