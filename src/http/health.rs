//! `/healthz` (the process is alive) and `/readyz` (what is up, what is missing).
//!
//! Readiness is 200 whenever the catalog and previews can be served, even with the
//! database down: pulling the instance out of a load balancer would take the catalog down
//! too. The body says `degraded` and what is missing; it is 503 only while shutting down.

use std::sync::atomic::Ordering;

use actix_web::{HttpResponse, web};
use serde_json::json;

use super::AppState;
use crate::store::DbState;

pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let database = match &state.database {
        None => "not_configured",
        Some(db) => match db.state() {
            DbState::Pending => "connecting",
            // The background probe's last answer: no query per hit, so `/readyz` costs
            // the database nothing however often it is polled.
            _ if db.reachable() => match db.state() {
                DbState::Ready => "ready",
                _ => "migrating",
            },
            _ => "unreachable",
        },
    };
    let log = state.decision_log.status();
    let spooling = log.is_some_and(|l| l.spool.records > 0 || !l.database_up);
    let shutting_down = state.shutting_down.load(Ordering::Relaxed);
    let status = if shutting_down {
        "shutting_down"
    } else if database == "ready" && !spooling {
        "ready"
    } else {
        "degraded"
    };
    let mut missing = Vec::new();
    match database {
        "ready" => {}
        "not_configured" => {
            missing.push("database: DATABASE_URL is not set; submitted decisions are not recorded");
        }
        _ => {
            missing
                .push("database: not reachable; submitted decisions are kept in the local spool");
        }
    }
    if spooling {
        missing.push("decision log: spooling locally until PostgreSQL accepts writes again");
    }
    let served = state.catalog.current();
    let body = json!({
        "status": status,
        "catalog": {
            "status": "ready",
            "version": served.catalog.version,
            "frameworks": served.catalog.frameworks.len(),
            "loadedAt": served.loaded_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        },
        "database": database,
        "decisionLog": log.map(|l| json!({
            "databaseWrites": if l.database_up { "up" } else { "spooling" },
            "spool": { "records": l.spool.records, "bytes": l.spool.bytes, "segments": l.spool.segments },
        })),
        "missing": missing,
    });
    if shutting_down {
        HttpResponse::ServiceUnavailable().json(body)
    } else {
        HttpResponse::Ok().json(body)
    }
}
