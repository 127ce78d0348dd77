//! Reading one entry of the request before it runs: variables and extensions, the
//! persisted-query lookup, the document rules, and the response-cache key of a pure
//! operation. Separate from the request's loop, which only sees the [`Ready`] entry or why
//! it was [`Rejected`].

use std::sync::Arc;

use super::Outcome;
use crate::catalog::Catalog;
use crate::graphql::documents::{DocumentError, Method, PersistedQueryError, Prepared};
use crate::graphql::recommendation::variable::RequestVariables;
use crate::graphql::{RequestBudget, RequestMeta, ServedCatalog};
use crate::http::AppState;
use crate::http::transport::Refusal;
use crate::http::transport::cache::Key;
use crate::http::transport::params::{self, Params};

/// An entry that passed the document rules, waiting for the request's budget check.
pub(super) struct Ready {
    pub(super) prepared: Prepared,
    pub(super) variables: RequestVariables,
    pub(super) operation_name: Option<String>,
    /// Set for a pure operation when the response cache is on.
    pub(super) cache_key: Option<Key>,
}

/// Why an entry will not run.
pub(super) enum Rejected {
    Refused(Refusal),
    NotExecuted(DocumentError),
}

impl From<Rejected> for Outcome {
    fn from(r: Rejected) -> Outcome {
        match r {
            Rejected::Refused(r) => Outcome::Refused(r),
            Rejected::NotExecuted(e) => Outcome::NotExecuted(e),
        }
    }
}

pub(super) fn prepare(
    state: &AppState,
    served: &ServedCatalog,
    params: Params,
    method: Method,
) -> Result<Ready, Rejected> {
    let variables = params.request_variables().map_err(Rejected::Refused)?;
    let mut extensions = params.parsed_extensions().map_err(Rejected::Refused)?;
    let persisted_query = extensions.remove("persistedQuery");
    let text = state
        .documents
        .resolve_text(params.query, persisted_query.as_ref())
        .map_err(|e| match e {
            PersistedQueryError::NotFound => {
                Rejected::NotExecuted(DocumentError::PersistedQueryNotFound)
            }
            PersistedQueryError::Invalid(m) => Rejected::Refused(Refusal::BadRequest(m)),
        })?;
    let prepared = state
        .documents
        .prepare(
            &served.cost,
            &text,
            params.operation_name.as_deref(),
            &variables,
            method,
        )
        .map_err(Rejected::NotExecuted)?;
    let cache_key = prepared
        .pure
        .then(|| {
            state.response_cache.key(
                &served.catalog.version,
                params.operation_name.as_deref(),
                &text,
                &params::canonical(&variables),
            )
        })
        .flatten();
    Ok(Ready {
        prepared,
        variables,
        operation_name: params.operation_name,
        cache_key,
    })
}

impl Ready {
    pub(super) fn into_request(
        self,
        meta: &RequestMeta,
        budget: &Arc<RequestBudget>,
        catalog: &Arc<Catalog>,
    ) -> async_graphql::Request {
        let mut request =
            async_graphql::Request::new(String::new()).variables(self.variables.into_values());
        if let Some(name) = self.operation_name {
            request = request.operation_name(name);
        }
        request.set_parsed_query(self.prepared.document.into_owned());
        request
            .data(meta.clone())
            .data(budget.clone())
            .data(catalog.clone())
    }
}
