//! actix-web alone: answers every `POST /graphql` with the bytes of `{ __typename }`'s
//! answer, with none of the service's middleware, parsing or execution. It is the ceiling
//! the service's cheapest requests are measured against (BENCHMARKS.md, "Issue 17, fourth
//! round"): what this machine's cores can do with actix-web before any work of ours.
//!
//!     cargo build --release --example bare_actix
//!     BIN=target/release/examples/bare_actix python3 bench/instructions.py floor 300
//!     target/release/examples/bare_actix &   # 127.0.0.1:18090, one worker per core
//!     BODY_FILE=floor.json wrk -t1 -c32 -d10s --latency -s post.lua http://127.0.0.1:18090/graphql
//!
//! (`floor.json` and `post.lua` as `bench/load.sh` writes them.)

use actix_web::{App, HttpResponse, HttpServer, web};

// The service's allocator, so the difference is the service's own work.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

async fn graphql(_body: web::Bytes) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/graphql-response+json")
        .body(r#"{"data":{"__typename":"Query"}}"#)
}

fn main() -> std::io::Result<()> {
    let addr = std::env::var("LISTEN_ADDR").unwrap_or_else(|_| "127.0.0.1:18090".into());
    let workers = std::env::var("WORKERS")
        .ok()
        .and_then(|w| w.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    actix_web::rt::System::new().block_on(async move {
        HttpServer::new(|| App::new().route("/graphql", web::post().to(graphql)))
            .workers(workers)
            .bind(addr)?
            .run()
            .await
    })
}
