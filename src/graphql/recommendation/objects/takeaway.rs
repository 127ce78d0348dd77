//! A triggered takeaway (warning or advice) and its severity. Separate because a
//! takeaway reads only the catalog, not the engine's result: it carries no shared state.

use async_graphql::{Context, Enum, ID, Object, Result};

use crate::catalog::{Catalog, TakeawayIx};
use crate::graphql::budget::charge;
use crate::graphql::ids::global_id;

/// How strongly a takeaway should be shown.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "Severity", remote = "crate::catalog::Severity")]
pub enum SeverityGql {
    /// Advice worth knowing.
    Info,
    /// A trade-off to weigh before choosing.
    Caution,
    /// A choice the answers argue against (e.g. Django with MongoDB as the primary store).
    Warning,
}

pub struct Takeaway<'a> {
    pub catalog: &'a Catalog,
    pub index: TakeawayIx,
}

impl<'a> Takeaway<'a> {
    pub(in crate::graphql::recommendation) fn entry(&self) -> &'a crate::catalog::Takeaway {
        &self.catalog.takeaways[self.index]
    }

    pub(in crate::graphql::recommendation) fn framework_keys(
        &self,
    ) -> impl ExactSizeIterator<Item = &'a str> + use<'a> {
        let catalog = self.catalog;
        self.entry()
            .frameworks
            .iter()
            .map(move |&f| catalog.frameworks[f].id.as_str())
    }
}

/// A warning or piece of advice from the catalog that the answers trigger.
#[Object]
impl Takeaway<'_> {
    /// Globally unique id (`Takeaway:<takeawayId>`); opaque, for caches and `node(id:)`.
    pub async fn id(&self) -> ID {
        global_id("Takeaway", &self.entry().id)
    }
    /// The takeaway's catalog key, e.g. `mongodb-skip-django`.
    async fn takeaway_id(&self) -> &str {
        &self.entry().id
    }
    /// The advice, one or two plain sentences.
    async fn text(&self) -> &str {
        &self.entry().text
    }
    /// Keys of the frameworks the takeaway is about (may be empty).
    async fn framework_ids(&self, ctx: &Context<'_>) -> Result<Vec<ID>> {
        charge(ctx, self.entry().frameworks.len()).await?;
        Ok(self.framework_keys().map(|k| ID(k.to_string())).collect())
    }
    /// How strongly to show it.
    async fn severity(&self) -> SeverityGql {
        self.entry().severity.into()
    }
}
