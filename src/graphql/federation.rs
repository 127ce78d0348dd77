//! The schema as an Apollo Federation v2 subgraph (`FEDERATION=true`): `Framework` is an
//! entity keyed by its global `id` (`Framework:django`), and the federation fields
//! (`_service { sdl }`, `_entities`) are added to `Query`.
//!
//! A separate root type, because async-graphql adds the federation fields to any schema
//! that has an entity resolver: the plain schema (the default, `schema.graphql`) must stay
//! exactly as it is, so the resolver lives only in [`FederatedQuery`].

use async_graphql::{Context, ID, MergedObject, Object, Result};

use super::catalog::objects::Framework;
use super::catalog::{CatalogQuery, catalog, framework_index};
use super::node::NodeQuery;
use super::recommendation::RecommendationQuery;
use super::stats::AnalyticsQuery;

/// The entity resolvers a gateway calls through `_entities`.
#[derive(Default)]
pub struct EntityQuery;

#[Object]
impl EntityQuery {
    /// A `Framework` by its key field `id`: the global id every subgraph sees on it
    /// (`Framework:django`); the catalog key (`django`) is accepted too, as everywhere.
    #[graphql(entity)]
    async fn find_framework_by_id<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        id: ID,
    ) -> Result<Framework<'ctx>> {
        let c = catalog(ctx)?;
        Ok(Framework {
            catalog: c,
            index: framework_index(c, &id)?,
        })
    }
}

// `Query` with the entity resolvers: the root of the federated schema, under the same
// name and description (the doc comment below is the schema's text, as `super::Query`'s
// is). The same parts as `super::Query`, listed again because a merged object cannot
// hold another of the same GraphQL name.
/// The reads: the catalog, recommendation previews, analytics, and objects by global id.
#[derive(MergedObject, Default)]
#[graphql(name = "Query")]
pub struct FederatedQuery(
    CatalogQuery,
    NodeQuery,
    RecommendationQuery,
    AnalyticsQuery,
    EntityQuery,
);
