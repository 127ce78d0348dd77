//! The developer-portal routes: the Tech Radar feed (`GET /api/tech-radar`) and the
//! decision record of a logged decision (`GET /api/v1/decisions/{id}/record.md`). They
//! translate HTTP to `crate::portal` (which builds the documents) and the store.

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use super::AppState;
use crate::portal::tech_radar::tech_radar;

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
