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
            _ if db.ping().await => match db.state() {
                DbState::Ready => "ready",
                _ => "migrating",
            },
            _ => "unreachable",
        },
    };
    let shutting_down = state.shutting_down.load(Ordering::Relaxed);
    let status = if shutting_down {
        "shutting_down"
    } else if database == "ready" {
        "ready"
    } else {
        "degraded"
    };
    let mut missing = Vec::new();
    if database != "ready" {
        missing.push(match database {
            "not_configured" => "database: DATABASE_URL is not set; decisions cannot be recorded",
            _ => "database: not reachable yet; decisions cannot be recorded until it is",
        });
    }
    let body = json!({
        "status": status,
        "catalog": { "status": "ready", "version": state.catalog.version, "frameworks": state.catalog.frameworks.len() },
        "database": database,
        "missing": missing,
    });
    if shutting_down {
        HttpResponse::ServiceUnavailable().json(body)
    } else {
        HttpResponse::Ok().json(body)
    }
}
