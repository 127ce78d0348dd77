//! The GraphQL layer: translates between the API contract and the domain (catalog, engine,
//! decision log). The schema is a value built once by [`build_schema`], used by `startup`
//! and by the tests; `schema.graphql` at the repository root is its committed SDL.

pub mod analytics;
pub mod catalog;
mod documents;
pub mod errors;
pub mod mutation;
pub mod recommendation;

use async_graphql::{EmptySubscription, MergedObject, Schema};

pub use analytics::AnalyticsConfig;
pub use documents::{
    DocumentRules, Documents, MUTATION_OVER_GET, PERSISTED_QUERY_NOT_FOUND, PersistedQueryError,
    Prepared, TOO_MANY_ALIASES,
};

use crate::catalog::Catalog;
use crate::config::Limits;
use crate::decision_log::{ClientName, DecisionLog};
use crate::store::Database;

/// Query cost of one recommendation (engine run plus explanation), on top of its fields.
/// Makes a document with many aliased recommendations expensive enough to be refused.
pub const RECOMMENDATION_COST: usize = 25;

#[derive(MergedObject, Default)]
pub struct Query(
    catalog::CatalogQuery,
    recommendation::RecommendationQuery,
    analytics::AnalyticsQuery,
);

pub type AppSchema = Schema<Query, mutation::Mutation, EmptySubscription>;

/// Per-request facts the transport attaches to each GraphQL request. Deliberately small:
/// nothing that identifies a person (no address, user agent or cookie) ever gets here.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    /// A valid `X-Client-Name`, if given.
    pub client_name: Option<ClientName>,
    /// The bearer token of an `Authorization` header, if given (analytics only).
    pub bearer: Option<String>,
}

/// What the schema needs from the rest of the service.
pub struct SchemaDeps {
    pub catalog: &'static Catalog,
    pub decision_log: DecisionLog,
    pub database: Option<Database>,
    pub analytics: AnalyticsConfig,
    pub limits: Limits,
    pub introspection: bool,
}

/// No schema extensions are registered on purpose: any extension sends every resolved
/// field through async-graphql's extension chain, the largest cost of a response. What
/// extensions would do here (persisted queries, document rules) is in [`Documents`], which
/// the transport runs before handing the schema a parsed document.
pub fn build_schema(deps: SchemaDeps) -> AppSchema {
    let mut builder = Schema::build(Query::default(), mutation::Mutation, EmptySubscription)
        .data(deps.catalog)
        .data(deps.decision_log)
        .data(deps.database)
        .data(deps.analytics)
        .limit_depth(deps.limits.max_query_depth)
        .limit_complexity(deps.limits.max_query_complexity)
        .limit_directives(deps.limits.max_directives);
    if !deps.introspection {
        builder = builder.disable_introspection();
    }
    builder.finish()
}

/// The SDL of the schema as served (what `schema.graphql` must contain). Types, not data,
/// make the SDL, so no services are needed to produce it.
pub fn sdl() -> String {
    Schema::build(Query::default(), mutation::Mutation, EmptySubscription)
        .finish()
        .sdl()
}
