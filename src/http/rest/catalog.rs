//! `GET /api/v1/frameworks`, `/frameworks/{frameworkId}`, `/criteria`, `/faqs`,
//! `/glossary` and `/comparison`: the catalog, as GraphQL's catalog fields give it.
//! Validation (ids, list and search bounds) is the service layer's.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::problem::Problem;
use super::request::{caller, json, query};
use super::views::{
    ComparisonView, CriterionView, FaqView, FrameworkView, GlossaryTermView, Language,
};
use crate::catalog;
use crate::http::AppState;
use crate::service;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct FrameworksQuery {
    /// Only frameworks of this language. Omit for all.
    language: Option<Language>,
}

/// Every framework in the catalog, optionally of one language, in catalog order.
#[utoipa::path(
    get, path = "/api/v1/frameworks", tag = "catalog", params(FrameworksQuery),
    responses(
        (status = 200, description = "The frameworks", body = [FrameworkView]),
        (status = 400, description = "A malformed parameter", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn frameworks(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Problem> {
    caller(&req, &state)?;
    let q: FrameworksQuery = query(&req)?;
    let served = state.catalog.current();
    let c = &served.catalog;
    let language = q.language.map(catalog::Language::from);
    let list: Vec<FrameworkView> = c
        .frameworks_indexed()
        .filter(|(_, f)| language.is_none_or(|l| f.language == l))
        .map(|(i, _)| FrameworkView::new(c, i))
        .collect();
    Ok(json(&list, true))
}

/// One framework.
#[utoipa::path(
    get, path = "/api/v1/frameworks/{frameworkId}", tag = "catalog",
    params(("frameworkId" = String, Path, description = "The framework's key, e.g. `django`")),
    responses(
        (status = 200, description = "The framework", body = FrameworkView),
        (status = 404, description = "No such framework (`NOT_FOUND`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn framework(
    req: HttpRequest,
    path: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Problem> {
    caller(&req, &state)?;
    let served = state.catalog.current();
    let c = &served.catalog;
    match service::catalog::framework_index(c, &path) {
        Ok(index) => Ok(json(&FrameworkView::new(c, index), true)),
        Err(e) => Err(Problem::not_found(e.message())),
    }
}

/// The questionnaire, in the order to ask it.
#[utoipa::path(
    get, path = "/api/v1/criteria", tag = "catalog",
    responses((status = 200, description = "The questions", body = [CriterionView]))
)]
pub async fn criteria(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Problem> {
    caller(&req, &state)?;
    let served = state.catalog.current();
    let list: Vec<CriterionView> = served
        .catalog
        .criteria
        .iter()
        .map(CriterionView::new)
        .collect();
    Ok(json(&list, true))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct FaqsQuery {
    /// Words that must all appear (case-insensitive) in the question, the answer or the
    /// tags. At most 200 characters.
    #[param(max_length = 200)]
    search: Option<String>,
    /// Only FAQs about this framework (its key).
    #[param(min_length = 1, max_length = 64)]
    framework_id: Option<String>,
}

/// FAQs in catalog order, optionally those containing every word of `search` and/or
/// about one framework.
#[utoipa::path(
    get, path = "/api/v1/faqs", tag = "catalog", params(FaqsQuery),
    responses(
        (status = 200, description = "The FAQs", body = [FaqView]),
        (status = 400, description = "A malformed parameter", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown framework or too long a search (`BAD_USER_INPUT`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn faqs(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, Problem> {
    caller(&req, &state)?;
    let q: FaqsQuery = query(&req)?;
    let served = state.catalog.current();
    let c = &served.catalog;
    let list: Vec<FaqView> =
        service::catalog::faqs(c, q.search.as_deref(), q.framework_id.as_deref())?
            .map(|f| FaqView::new(c, f))
            .collect();
    Ok(json(&list, true))
}

/// Definitions of the terms the catalog uses, in catalog order.
#[utoipa::path(
    get, path = "/api/v1/glossary", tag = "catalog",
    responses((status = 200, description = "The terms", body = [GlossaryTermView]))
)]
pub async fn glossary(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Problem> {
    caller(&req, &state)?;
    let served = state.catalog.current();
    let list: Vec<GlossaryTermView> = served
        .catalog
        .glossary
        .iter()
        .map(GlossaryTermView::new)
        .collect();
    Ok(json(&list, true))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase")]
pub struct ComparisonQuery {
    /// Frameworks to compare, comma-separated keys (`django,flask`), at most 64. Omit
    /// for all.
    #[param(min_length = 1, pattern = r"^[^,]+(,[^,]+)*$")]
    framework_ids: Option<String>,
}

/// The comparison matrix for the given frameworks, in the order given (duplicates
/// dropped), or for every framework in catalog order.
#[utoipa::path(
    get, path = "/api/v1/comparison", tag = "catalog", params(ComparisonQuery),
    responses(
        (status = 200, description = "The matrix", body = ComparisonView),
        (status = 400, description = "A malformed parameter", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown framework or too many (`BAD_USER_INPUT`)", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn comparison(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Problem> {
    caller(&req, &state)?;
    let q: ComparisonQuery = query(&req)?;
    let served = state.catalog.current();
    let c = &served.catalog;
    let ids: Option<Vec<&str>> = q.framework_ids.as_deref().map(|s| s.split(',').collect());
    let columns = service::catalog::comparison_columns(c, ids.as_deref())?;
    Ok(json(&ComparisonView::new(c, &columns), true))
}
