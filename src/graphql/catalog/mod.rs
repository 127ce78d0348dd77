//! The catalog as GraphQL: the root fields for frameworks, criteria, FAQs, the comparison
//! matrix, the glossary and the catalog version; the types are in [`objects`]. Every
//! catalog field is publicly cacheable (`cache_control`), which is what lets a GET of them
//! be cached (see the transport).

pub mod objects;
mod walk;

use std::sync::Arc;

use async_graphql::{Context, ID, Object, Result};

use super::fast::{Walked, walked};
use super::ids::key_of;
use crate::catalog::{self, Catalog, FrameworkIx};
use crate::service;
use objects::{
    Comparison, Criterion, Faq, Framework, GlossaryTerm, LanguageGql, faq_views, framework_views,
};

/// The index of the framework an argument names (its key or its global id), or
/// `BAD_USER_INPUT` naming it.
pub fn framework_index(c: &Catalog, id: &str) -> Result<FrameworkIx> {
    Ok(service::catalog::framework_index(c, id)?)
}

/// The catalog this request runs against: the transport takes it from the live catalog
/// once per HTTP request and attaches it to every operation of the request, so a reload
/// in the middle of a request never mixes two catalogs in one response.
pub fn catalog<'c>(ctx: &Context<'c>) -> Result<&'c Catalog> {
    ctx.data::<Arc<Catalog>>().map(|c| &**c)
}

/// As [`catalog`], shared, for what outlives the resolver (an analytics report).
pub fn shared_catalog(ctx: &Context<'_>) -> Result<Arc<Catalog>> {
    ctx.data::<Arc<Catalog>>().cloned()
}

#[derive(Default)]
pub struct CatalogQuery;

#[Object]
impl CatalogQuery {
    /// Every framework in the catalog, optionally of one language, in catalog order.
    #[graphql(cache_control(max_age = 300))]
    async fn frameworks<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        #[graphql(desc = "Only frameworks of this language. Omit for all.")] language: Option<
            LanguageGql,
        >,
    ) -> Result<Vec<Walked<Framework<'ctx>>>> {
        let c = catalog(ctx)?;
        let indexes: Vec<FrameworkIx> = c
            .frameworks_indexed()
            .filter(|(_, f)| language.is_none_or(|l| catalog::Language::from(l) == f.language))
            .map(|(index, _)| index)
            .collect();
        Ok(walked(framework_views(ctx, c, &indexes).await?))
    }

    /// One framework; null when the catalog has no such framework.
    #[graphql(cache_control(max_age = 300))]
    async fn framework<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        #[graphql(desc = "The framework's key (`frameworkId`, e.g. `django`) or its global id.")]
        id: ID,
    ) -> Result<Option<Walked<Framework<'ctx>>>> {
        let c = catalog(ctx)?;
        Ok(c.framework_index(key_of("Framework", &id))
            .map(|index| Walked(Framework { catalog: c, index })))
    }

    /// The questionnaire, in the order to ask it.
    #[graphql(cache_control(max_age = 300))]
    async fn criteria<'ctx>(&self, ctx: &Context<'ctx>) -> Result<Vec<Walked<Criterion<'ctx>>>> {
        let c = catalog(ctx)?;
        super::budget::charge(ctx, c.criteria.len()).await?;
        Ok(c.criteria.iter().map(|x| Walked(Criterion(x))).collect())
    }

    /// FAQs in catalog order, optionally those containing every word of `search` and/or
    /// about one framework.
    #[graphql(cache_control(max_age = 300))]
    async fn faqs<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        #[graphql(
            desc = "Words that must all appear (case-insensitive) in the question, the answer or the tags. At most 200 characters."
        )]
        search: Option<String>,
        #[graphql(desc = "Only FAQs about this framework (its key or global id).")]
        framework_id: Option<ID>,
    ) -> Result<Vec<Walked<Faq<'ctx>>>> {
        let c = catalog(ctx)?;
        let faqs = service::catalog::faqs(
            c,
            search.as_deref(),
            framework_id.as_ref().map(|id| id.as_str()),
        )?;
        Ok(walked(faq_views(ctx, c, faqs).await?))
    }

    /// The comparison matrix for the given frameworks, in the order given (duplicates
    /// dropped), or for every framework in catalog order.
    #[graphql(cache_control(max_age = 300))]
    async fn comparison<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        #[graphql(desc = "Frameworks to compare (keys or global ids), at most 64. Omit for all.")]
        framework_ids: Option<Vec<ID>>,
    ) -> Result<Comparison<'ctx>> {
        let c = catalog(ctx)?;
        let frameworks = service::catalog::comparison_columns(c, framework_ids.as_deref())?;
        Ok(Comparison {
            catalog: c,
            frameworks,
        })
    }

    /// Definitions of the terms the catalog uses, in catalog order.
    #[graphql(cache_control(max_age = 300))]
    async fn glossary<'ctx>(&self, ctx: &Context<'ctx>) -> Result<Vec<Walked<GlossaryTerm<'ctx>>>> {
        let c = catalog(ctx)?;
        super::budget::charge(ctx, c.glossary.len()).await?;
        Ok(c.glossary.iter().map(|t| Walked(GlossaryTerm(t))).collect())
    }

    /// The version of the catalog being served: `sha256-` and 16 hex digits of its
    /// content. Every recommendation and stored decision carries it.
    #[graphql(cache_control(max_age = 300))]
    async fn catalog_version<'ctx>(&self, ctx: &Context<'ctx>) -> Result<&'ctx str> {
        Ok(&catalog(ctx)?.version)
    }
}
