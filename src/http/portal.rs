//! The developer-portal routes: the Tech Radar feed (`GET /api/tech-radar`) and the
//! decision record of a logged decision (`GET /api/v1/decisions/{id}/record.md`). They
//! translate HTTP to `crate::portal` (which builds the documents) and the store.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use uuid::Uuid;

use super::AppState;
use crate::catalog::Language;
use crate::domain::StoredAnswer;
use crate::engine::{self, Profile, RawAnswer};
use crate::graphql::Code;
use crate::graphql::errors::Chain;
use crate::portal::madr;
use crate::portal::tech_radar::tech_radar;
use crate::store::StoreError;

/// The radar of the catalog being served. Cacheable like catalog queries: it changes only
/// with the catalog, whose version is its `ETag`.
pub async fn tech_radar_feed(state: web::Data<AppState>) -> HttpResponse {
    let served = state.catalog.current();
    let catalog = &served.catalog;
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .insert_header((header::ETAG, format!("W/\"{}\"", catalog.version)))
        .json(tech_radar(catalog))
}

/// The decision record (MADR) of a logged decision, recomputed with the catalog being
/// served from the answers the log kept; the outcome is what the team reported choosing,
/// or else the top pick. The decision id is the only key: whoever holds it may read the
/// record, which holds nothing about who decided (see `crate::portal::madr`).
pub async fn decision_record(state: web::Data<AppState>, id: web::Path<String>) -> HttpResponse {
    let shown: String = id.chars().take(64).collect();
    let Ok(decision_id) = Uuid::parse_str(&id) else {
        return problem(
            StatusCode::BAD_REQUEST,
            Code::BadUserInput,
            &format!("decision id \"{shown}\" is not a UUID"),
        );
    };
    let Some(db) = &state.database else {
        return problem(
            StatusCode::SERVICE_UNAVAILABLE,
            Code::ServiceUnavailable,
            "decision records need the decision log database (DATABASE_URL is not set)",
        );
    };
    let logged = match db.logged_decision(decision_id).await {
        Ok(Some(logged)) => logged,
        Ok(None) => {
            let spooled = state
                .decision_log
                .status()
                .is_some_and(|s| s.spool.records > 0);
            return if spooled {
                problem(
                    StatusCode::SERVICE_UNAVAILABLE,
                    Code::ServiceUnavailable,
                    &format!(
                        "decision \"{decision_id}\" is not in the database yet (the service is \
                         replaying decisions recorded during a database outage); retry later"
                    ),
                )
            } else {
                problem(
                    StatusCode::NOT_FOUND,
                    Code::BadUserInput,
                    &format!("unknown decision \"{decision_id}\""),
                )
            };
        }
        Err(e @ StoreError::Unavailable(_)) => {
            tracing::warn!(error = %Chain(&e), "decision record: database unreachable");
            return problem(
                StatusCode::SERVICE_UNAVAILABLE,
                Code::ServiceUnavailable,
                "the decision log database is unreachable; retry later",
            );
        }
        Err(e) => {
            tracing::error!(error = %Chain(&e), "decision record: reading the decision failed");
            return problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                Code::InternalServerError,
                "internal error",
            );
        }
    };

    let served = state.catalog.current();
    let catalog = &served.catalog;
    let raw: Vec<RawAnswer<'_>> = logged.answers.iter().map(StoredAnswer::raw).collect();
    let languages: Option<Vec<Language>> = logged.languages.as_ref().map(|ls| {
        Language::ALL
            .into_iter()
            .filter(|l| ls.iter().any(|s| s == l.as_str()))
            .collect()
    });
    let profile = match Profile::parse(catalog, &raw, languages.as_deref()) {
        Ok(profile) => profile,
        Err(e) => {
            return problem(
                StatusCode::CONFLICT,
                Code::CatalogChanged,
                &format!(
                    "decision \"{decision_id}\" was made with catalog {}, and the catalog now \
                     served ({}) no longer accepts its answers: {e}",
                    logged.catalog_version, catalog.version
                ),
            );
        }
    };
    let rec = engine::recommend(catalog, &profile);
    let markdown = madr::render(&madr::RecordInput {
        catalog,
        profile: &profile,
        rec: &rec,
        chosen: logged
            .chosen_framework
            .as_deref()
            .and_then(|f| catalog.framework_index(f)),
        logged: Some((decision_id, logged.decided_hour.date_naive())),
        recorded_with: Some(logged.catalog_version.as_str()),
    });
    HttpResponse::Ok()
        .content_type("text/markdown; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"decision-{decision_id}.md\""),
        ))
        .body(markdown)
}

/// An RFC 9457 problem: `type`, `title` and `status` as the RFC defines them (no problem
/// type of our own, so `about:blank` and the status's phrase), `detail` for the person
/// reading, and `code`, the service's error code (the one GraphQL sends in
/// `extensions.code`) for programs.
fn problem(status: StatusCode, code: Code, detail: &str) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("application/problem+json")
        .json(serde_json::json!({
            "type": "about:blank",
            "title": status.canonical_reason().unwrap_or("Error"),
            "status": status.as_u16(),
            "detail": detail,
            "code": code.as_str(),
        }))
}
