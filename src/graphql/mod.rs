//! The GraphQL layer: translates between the API contract and the domain (catalog, engine,
//! decision log). The schema is a value built once by [`build_schema`], used by `startup`
//! and by the tests; `schema.graphql` at the repository root is its committed SDL.
//!
//! What a document must satisfy before the schema runs it (size, cost, the rules
//! async-graphql has no limit for) is in [`documents`]; the transport applies it.

pub mod budget;
pub mod catalog;
pub mod documents;
pub mod errors;
pub mod fast;
pub mod federation;
pub mod ids;
pub mod input;
pub mod mutation;
pub mod node;
pub mod recommendation;
pub mod served;
pub mod stats;

use async_graphql::parser::types::OperationType;
use async_graphql::{EmptySubscription, MergedObject, Schema, ValidationMode};

pub use budget::RequestBudget;
pub use errors::Code;
pub use served::ServedCatalog;
pub use stats::AnalyticsConfig;

use crate::config::Limits;
use crate::decision_log::DecisionLog;
use crate::domain::ClientName;
use crate::store::Database;
use crate::store::decisions::OutcomeAuth;
use documents::{DocumentRules, Documents, InputTypes};

/// Root query fields whose answer depends only on the catalog version, the document and
/// the variables (not on who asks, when, or the decision log): their answers may be
/// served again (the transport's response cache). Every other root field is impure; a
/// test makes every new root field take a side.
pub const PURE_ROOT_FIELDS: &[&str] = &[
    "__typename",
    "frameworks",
    "framework",
    "criteria",
    "faqs",
    "comparison",
    "glossary",
    "catalogVersion",
    "node",
    "nodes",
    "recommendation",
];

/// Root query fields whose answer depends on more than the request (analytics).
pub const IMPURE_ROOT_FIELDS: &[&str] = &["decisionStats"];

/// The reads: the catalog, recommendation previews, analytics, and objects by global id.
#[derive(MergedObject, Default)]
pub struct Query(
    catalog::CatalogQuery,
    node::NodeQuery,
    recommendation::RecommendationQuery,
    stats::AnalyticsQuery,
);

/// The schema as `schema.graphql` describes it.
pub type PlainSchema = Schema<Query, mutation::Mutation, EmptySubscription>;

/// The schema as a federation subgraph ([`federation`]).
pub type FederatedSchema =
    Schema<federation::FederatedQuery, mutation::Mutation, EmptySubscription>;

/// The schema being served: plain, or a federation subgraph (`FEDERATION`). Both run the
/// same resolvers; only the root type differs.
#[derive(Clone)]
pub enum Roots {
    Plain(PlainSchema),
    Federated(FederatedSchema),
}

/// The schema twice: with async-graphql's strict validation, for a document the first
/// time, and with its fast validation (cache control, depth and complexity only), for a
/// document that has already passed the strict rules (`Prepared::validation`). The strict
/// rules run again on every request otherwise, a third of a unique preview's
/// instructions (BENCHMARKS.md, issue 17); what they check is the document, which does
/// not change, and the variables, which `documents::variables` checks on every request
/// before the schema sees them.
#[derive(Clone)]
pub struct AppSchema {
    strict: Roots,
    fast: Roots,
}

impl AppSchema {
    /// Runs `request` with the strict validation rules.
    pub async fn execute(
        &self,
        request: impl Into<async_graphql::Request>,
    ) -> async_graphql::Response {
        Self::run(&self.strict, request).await
    }

    /// Runs `request` with the fast rules if its document already passed the strict ones,
    /// else with the strict rules, recording a pass. A refusal in validation is an answer
    /// with errors that have no path and no data; anything else executed.
    pub async fn execute_document(
        &self,
        request: impl Into<async_graphql::Request>,
        validation: &documents::Validation,
    ) -> async_graphql::Response {
        if validation.passed() {
            return Self::run(&self.fast, request).await;
        }
        let response = Self::run(&self.strict, request).await;
        let refused = response.data == async_graphql::Value::Null
            && !response.errors.is_empty()
            && response.errors.iter().all(|e| e.path.is_empty());
        if !refused {
            validation.record_pass();
        }
        response
    }

    async fn run(
        roots: &Roots,
        request: impl Into<async_graphql::Request>,
    ) -> async_graphql::Response {
        match roots {
            Roots::Plain(s) => s.execute(request).await,
            Roots::Federated(s) => s.execute(request).await,
        }
    }

    /// The SDL as served to introspection (with `_service` and `_entities` when federated;
    /// the subgraph SDL with its directives is what `_service { sdl }` returns).
    pub fn sdl(&self) -> String {
        match &self.strict {
            Roots::Plain(s) => s.sdl(),
            Roots::Federated(s) => s.sdl(),
        }
    }
}

/// Per-request facts the transport attaches to each GraphQL request. Deliberately small:
/// nothing that identifies a person (no address, user agent or cookie) ever gets here.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    /// The client name to record with a decision (from a client key, or a valid
    /// `X-Client-Name` when no keys are configured).
    pub client_name: Option<ClientName>,
    /// The bearer token of an `Authorization` header, if given (analytics only).
    pub bearer: Option<String>,
    /// Opaque rate-limit key of the sender (a verified client, or a keyed hash of the
    /// connection's address): for limits only, never stored or logged.
    pub limit_key: u64,
}

/// What the schema needs from the rest of the service.
#[derive(Clone)]
pub struct SchemaDeps {
    pub decision_log: DecisionLog,
    pub database: Option<Database>,
    pub analytics: AnalyticsConfig,
    /// Who may report outcomes (`RECORD_OUTCOME_WITHOUT_TOKEN`).
    pub outcome_auth: OutcomeAuth,
    pub limits: Limits,
    pub introspection: bool,
    /// Serve the schema as an Apollo Federation v2 subgraph (`FEDERATION`).
    pub federation: bool,
}

/// No schema extensions are registered on purpose: any extension sends every resolved
/// field through async-graphql's extension chain, the largest cost of a response. What
/// extensions would do here (persisted queries, document rules, cost) is in
/// [`Documents`], which the transport runs before handing the schema a parsed document.
pub fn build_schema(deps: SchemaDeps) -> AppSchema {
    AppSchema {
        strict: build_roots(deps.clone(), ValidationMode::Strict),
        fast: build_roots(deps, ValidationMode::Fast),
    }
}

fn build_roots(deps: SchemaDeps, mode: ValidationMode) -> Roots {
    if deps.federation {
        let builder = Schema::build(
            federation::FederatedQuery::default(),
            mutation::Mutation,
            EmptySubscription,
        )
        .enable_federation();
        Roots::Federated(configure(builder, deps).validation_mode(mode).finish())
    } else {
        let builder = Schema::build(Query::default(), mutation::Mutation, EmptySubscription);
        Roots::Plain(configure(builder, deps).validation_mode(mode).finish())
    }
}

/// The services, limits and introspection switch, the same for both roots.
fn configure<Q>(
    builder: async_graphql::SchemaBuilder<Q, mutation::Mutation, EmptySubscription>,
    deps: SchemaDeps,
) -> async_graphql::SchemaBuilder<Q, mutation::Mutation, EmptySubscription> {
    let mut builder = builder
        .data(deps.decision_log)
        .data(deps.database)
        .data(deps.analytics)
        .data(deps.outcome_auth)
        .limit_depth(deps.limits.max_query_depth)
        .limit_directives(deps.limits.max_directives);
    if !deps.introspection {
        // "Did you mean ...?" suggestions would rebuild the schema for anyone who asks
        // (clairvoyance does exactly that): off whenever introspection is.
        builder = builder.disable_introspection().disable_suggestions();
    }
    builder
}

/// The document rules for `schema` (the cost table comes with each catalog:
/// [`ServedCatalog`]).
pub fn documents(schema: &AppSchema, limits: &Limits, introspection: bool) -> Documents {
    let sdl = schema.sdl();
    let root_fields = root_fields(&sdl);
    Documents::new(
        DocumentRules {
            max_bytes: limits.max_query_bytes,
            max_tokens: limits.max_query_tokens,
            max_aliases: limits.max_aliases,
            max_depth: limits.max_query_depth,
            introspection,
        },
        InputTypes::new(
            &async_graphql::parser::parse_schema(&sdl).expect("the schema's own SDL parses"),
        ),
        root_fields,
    )
}

/// `(operation type, field)` for every field of the query and mutation types.
pub fn root_fields(sdl: &str) -> Vec<(OperationType, String)> {
    use async_graphql::parser::types::{TypeKind, TypeSystemDefinition};
    let doc = async_graphql::parser::parse_schema(sdl).expect("the schema's own SDL parses");
    let mut out = Vec::new();
    for def in doc.definitions {
        let TypeSystemDefinition::Type(t) = def else {
            continue;
        };
        let ty = match t.node.name.node.as_str() {
            "Query" => OperationType::Query,
            "Mutation" => OperationType::Mutation,
            _ => continue,
        };
        if let TypeKind::Object(o) = t.node.kind {
            out.extend(
                o.fields
                    .into_iter()
                    .map(|f| (ty, f.node.name.node.to_string())),
            );
        }
    }
    out
}

/// The SDL of the schema as served (what `schema.graphql` must contain). Types, not data,
/// make the SDL, so no services are needed to produce it.
pub fn sdl() -> String {
    Schema::build(Query::default(), mutation::Mutation, EmptySubscription)
        .finish()
        .sdl()
}
