//! The catalog as GraphQL: frameworks, criteria, FAQs, the comparison matrix, the glossary.
//! Views borrow the process-wide catalog (`&'static`), so resolving them copies nothing
//! until serialization.

use async_graphql::{Context, Enum, ID, Object, Result, SimpleObject};

use super::budget::charge;
use super::errors::bad_input;
use super::input::{MAX_LIST_ITEMS, MAX_SEARCH_CHARS, check_len, shown};
use crate::catalog::{self, Catalog};

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(name = "Language")]
pub enum LanguageGql {
    Python,
    Javascript,
    Go,
}

impl From<catalog::Language> for LanguageGql {
    fn from(l: catalog::Language) -> Self {
        match l {
            catalog::Language::Python => LanguageGql::Python,
            catalog::Language::Javascript => LanguageGql::Javascript,
            catalog::Language::Go => LanguageGql::Go,
        }
    }
}

impl From<LanguageGql> for catalog::Language {
    fn from(l: LanguageGql) -> Self {
        match l {
            LanguageGql::Python => catalog::Language::Python,
            LanguageGql::Javascript => catalog::Language::Javascript,
            LanguageGql::Go => catalog::Language::Go,
        }
    }
}

#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(name = "Source")]
/// Where a piece of knowledge comes from.
pub enum SourceGql {
    /// The framework decision matrix document the catalog was built from.
    Seed,
    /// Added by the catalog's maintainers.
    Catalog,
}

impl From<catalog::Source> for SourceGql {
    fn from(s: catalog::Source) -> Self {
        match s {
            catalog::Source::Seed => SourceGql::Seed,
            catalog::Source::Catalog => SourceGql::Catalog,
        }
    }
}

/// The index of framework `id`, or `BAD_USER_INPUT` naming it.
pub fn framework_index(c: &Catalog, id: &str) -> Result<usize> {
    c.framework_index(id)
        .ok_or_else(|| bad_input(format!("unknown framework \"{}\"", shown(id))))
}

/// The process-wide catalog, as stored in the schema data.
pub fn catalog(ctx: &Context<'_>) -> Result<&'static Catalog> {
    ctx.data::<&'static Catalog>().copied()
}

#[derive(Clone, Copy)]
pub struct Framework {
    pub catalog: &'static Catalog,
    pub index: usize,
}

impl Framework {
    fn entry(&self) -> &'static catalog::Framework {
        &self.catalog.frameworks[self.index]
    }
}

/// A web framework the catalog can recommend.
#[Object]
impl Framework {
    async fn id(&self) -> ID {
        ID(self.entry().id.clone())
    }
    async fn name(&self) -> &str {
        &self.entry().name
    }
    async fn language(&self) -> LanguageGql {
        self.entry().language.into()
    }
    /// e.g. `full-stack`, `micro`, `api`.
    async fn category(&self) -> &str {
        &self.entry().category
    }
    async fn summary(&self) -> &str {
        &self.entry().summary
    }
    async fn strengths(&self, ctx: &Context<'_>) -> Result<&[String]> {
        charged(ctx, &self.entry().strengths).await
    }
    async fn weaknesses(&self, ctx: &Context<'_>) -> Result<&[String]> {
        charged(ctx, &self.entry().weaknesses).await
    }
    /// The framework's official site.
    async fn link(&self) -> &str {
        &self.entry().link
    }
    /// This framework's row of the comparison matrix.
    async fn traits(&self, ctx: &Context<'_>) -> Result<Vec<TraitValue>> {
        let f = self.entry();
        charge(ctx, f.traits.len()).await?;
        Ok(self
            .catalog
            .traits
            .iter()
            .zip(&f.traits)
            .map(|(t, v)| TraitValue {
                trait_id: ID(t.id.clone()),
                label: t.label.clone(),
                value: v.clone(),
            })
            .collect())
    }
    /// FAQs about this framework.
    async fn faqs(&self, ctx: &Context<'_>) -> Result<Vec<Faq>> {
        faq_views(
            ctx,
            self.catalog,
            self.catalog.search_faqs(None, Some(self.index)),
        )
        .await
    }
}

#[derive(SimpleObject)]
pub struct TraitValue {
    pub trait_id: ID,
    pub label: String,
    pub value: String,
}

pub struct Criterion(&'static catalog::Criterion);

/// A question of the questionnaire.
#[Object]
impl Criterion {
    async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }
    async fn question(&self) -> &str {
        &self.0.question
    }
    /// Why the question matters, for people who are unsure how to answer.
    async fn help(&self) -> &str {
        &self.0.help
    }
    async fn options(&self, ctx: &Context<'_>) -> Result<Vec<CriterionOption>> {
        charge(ctx, self.0.options.len()).await?;
        Ok(self.0.options.iter().map(CriterionOption).collect())
    }
}

pub struct CriterionOption(pub &'static catalog::CriterionOption);

#[Object]
impl CriterionOption {
    async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }
    async fn label(&self) -> &str {
        &self.0.label
    }
}

pub struct Faq {
    catalog: &'static Catalog,
    entry: &'static catalog::Faq,
}

#[Object]
impl Faq {
    async fn id(&self) -> ID {
        ID(self.entry.id.clone())
    }
    async fn question(&self) -> &str {
        &self.entry.question
    }
    async fn answer(&self) -> &str {
        &self.entry.answer
    }
    async fn tags(&self, ctx: &Context<'_>) -> Result<&[String]> {
        charged(ctx, &self.entry.tags).await
    }
    async fn source(&self) -> SourceGql {
        self.entry.source.into()
    }
    /// The frameworks this FAQ is about.
    async fn frameworks(&self, ctx: &Context<'_>) -> Result<Vec<Framework>> {
        framework_views(ctx, self.catalog, &self.entry.frameworks).await
    }
}

async fn faq_views(
    ctx: &Context<'_>,
    catalog: &'static Catalog,
    faqs: impl Iterator<Item = &'static catalog::Faq>,
) -> Result<Vec<Faq>> {
    let out: Vec<Faq> = faqs.map(|entry| Faq { catalog, entry }).collect();
    charge(ctx, out.len()).await?;
    Ok(out)
}

async fn framework_views(
    ctx: &Context<'_>,
    catalog: &'static Catalog,
    indexes: &[usize],
) -> Result<Vec<Framework>> {
    charge(ctx, indexes.len()).await?;
    Ok(indexes
        .iter()
        .map(|&index| Framework { catalog, index })
        .collect())
}

/// A scalar list, charged to the request's budget.
async fn charged<'a>(ctx: &Context<'_>, items: &'a [String]) -> Result<&'a [String]> {
    charge(ctx, items.len()).await?;
    Ok(items)
}

pub struct GlossaryTerm(&'static catalog::Term);

#[Object]
impl GlossaryTerm {
    async fn id(&self) -> ID {
        ID(self.0.id.clone())
    }
    async fn term(&self) -> &str {
        &self.0.term
    }
    async fn definition(&self) -> &str {
        &self.0.definition
    }
    async fn source(&self) -> SourceGql {
        self.0.source.into()
    }
}

/// The comparison matrix: one row per trait, one cell per framework (in `frameworks` order).
pub struct Comparison {
    catalog: &'static Catalog,
    frameworks: Vec<usize>,
}

#[Object]
impl Comparison {
    async fn frameworks(&self, ctx: &Context<'_>) -> Result<Vec<Framework>> {
        framework_views(ctx, self.catalog, &self.frameworks).await
    }
    async fn rows(&self, ctx: &Context<'_>) -> Result<Vec<ComparisonRow>> {
        // Rows and their cells are built here at once: charge them all.
        charge(ctx, self.catalog.traits.len() * (1 + self.frameworks.len())).await?;
        Ok({
            self.catalog
                .traits
                .iter()
                .enumerate()
                .map(|(t, tr)| ComparisonRow {
                    trait_id: ID(tr.id.clone()),
                    label: tr.label.clone(),
                    source: tr.source.into(),
                    values: self
                        .frameworks
                        .iter()
                        .map(|&f| ComparisonCell {
                            framework_id: ID(self.catalog.frameworks[f].id.clone()),
                            value: self.catalog.frameworks[f].traits[t].clone(),
                        })
                        .collect(),
                })
                .collect()
        })
    }
}

#[derive(SimpleObject)]
pub struct ComparisonRow {
    pub trait_id: ID,
    /// e.g. "Admin Interface".
    pub label: String,
    pub source: SourceGql,
    /// One cell per framework, in the order of `Comparison.frameworks`.
    pub values: Vec<ComparisonCell>,
}

#[derive(SimpleObject)]
pub struct ComparisonCell {
    pub framework_id: ID,
    pub value: String,
}

#[derive(Default)]
pub struct CatalogQuery;

#[Object]
impl CatalogQuery {
    /// Every framework in the catalog, optionally of one language, in catalog order.
    #[graphql(cache_control(max_age = 300))]
    async fn frameworks(
        &self,
        ctx: &Context<'_>,
        language: Option<LanguageGql>,
    ) -> Result<Vec<Framework>> {
        let c = catalog(ctx)?;
        let indexes: Vec<usize> = c
            .frameworks
            .iter()
            .enumerate()
            .filter(|(_, f)| language.is_none_or(|l| catalog::Language::from(l) == f.language))
            .map(|(index, _)| index)
            .collect();
        framework_views(ctx, c, &indexes).await
    }

    /// One framework by id; null when the id is unknown.
    #[graphql(cache_control(max_age = 300))]
    async fn framework(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Framework>> {
        let c = catalog(ctx)?;
        Ok(c.framework_index(&id)
            .map(|index| Framework { catalog: c, index }))
    }

    /// The questionnaire, in the order to ask it.
    #[graphql(cache_control(max_age = 300))]
    async fn criteria(&self, ctx: &Context<'_>) -> Result<Vec<Criterion>> {
        let c = catalog(ctx)?;
        charge(ctx, c.criteria.len()).await?;
        Ok(c.criteria.iter().map(Criterion).collect())
    }

    /// FAQs, optionally those containing every word of `search` (case-insensitive, in the
    /// question, answer or tags) and/or about one framework.
    #[graphql(cache_control(max_age = 300))]
    async fn faqs(
        &self,
        ctx: &Context<'_>,
        search: Option<String>,
        framework_id: Option<ID>,
    ) -> Result<Vec<Faq>> {
        let c = catalog(ctx)?;
        if let Some(s) = &search {
            check_len("search", s.chars().count(), MAX_SEARCH_CHARS)?;
        }
        let framework = match framework_id {
            None => None,
            Some(id) => Some(framework_index(c, &id)?),
        };
        faq_views(ctx, c, c.search_faqs(search.as_deref(), framework)).await
    }

    /// The comparison matrix for the given frameworks (all when omitted), in the order given.
    #[graphql(cache_control(max_age = 300))]
    async fn comparison(
        &self,
        ctx: &Context<'_>,
        framework_ids: Option<Vec<ID>>,
    ) -> Result<Comparison> {
        let c = catalog(ctx)?;
        let frameworks = match framework_ids {
            None => (0..c.frameworks.len()).collect(),
            Some(ids) => {
                check_len("frameworkIds", ids.len(), MAX_LIST_ITEMS)?;
                let mut out: Vec<usize> = Vec::with_capacity(ids.len());
                for id in &ids {
                    let f = framework_index(c, id)?;
                    if !out.contains(&f) {
                        out.push(f);
                    }
                }
                out
            }
        };
        Ok(Comparison {
            catalog: c,
            frameworks,
        })
    }

    /// Definitions of the terms the catalog uses.
    #[graphql(cache_control(max_age = 300))]
    async fn glossary(&self, ctx: &Context<'_>) -> Result<Vec<GlossaryTerm>> {
        let c = catalog(ctx)?;
        charge(ctx, c.glossary.len()).await?;
        Ok(c.glossary.iter().map(GlossaryTerm).collect())
    }

    /// The version (content hash) of the catalog being served.
    #[graphql(cache_control(max_age = 300))]
    async fn catalog_version(&self, ctx: &Context<'_>) -> Result<&str> {
        Ok(&catalog(ctx)?.version)
    }
}
