//! The catalog's objects as GraphQL types. Views borrow the catalog the request runs
//! against (`'a` is the request's: a reload never changes what one request sees), so
//! resolving them copies nothing until serialization. Every list a view
//! returns is charged to the request's budget (`graphql::budget`).

use async_graphql::{Context, Enum, ID, Object, Result, SimpleObject};

use crate::catalog::{self, Catalog, FrameworkIx};
use crate::graphql::budget::charge;
use crate::graphql::ids::global_id;

/// The language a framework is written for, and the hard filter of a profile.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(name = "Language", remote = "crate::catalog::Language")]
pub enum LanguageGql {
    /// Python (Django, Flask, FastAPI, Litestar in the default catalog).
    Python,
    /// JavaScript or TypeScript on Node.js (Express, Fastify, NestJS).
    Javascript,
    /// Go (Gin, Echo).
    Go,
}

/// Where a piece of knowledge comes from.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(name = "Source", remote = "crate::catalog::Source")]
pub enum SourceGql {
    /// The framework decision matrix document the catalog was built from.
    Seed,
    /// Added by the catalog's maintainers.
    Catalog,
}

#[derive(Clone, Copy)]
pub struct Framework<'a> {
    pub catalog: &'a Catalog,
    pub index: FrameworkIx,
}

impl<'a> Framework<'a> {
    pub(crate) fn entry(&self) -> &'a catalog::Framework {
        &self.catalog.frameworks[self.index]
    }
}

impl<'a> Framework<'a> {
    pub(crate) fn faq_entries(&self) -> impl Iterator<Item = &'a catalog::Faq> + use<'a> {
        self.catalog.search_faqs(None, Some(self.index))
    }
}

/// A web framework the catalog can recommend.
#[Object]
impl<'a> Framework<'a> {
    /// Globally unique id (`Framework:<frameworkId>`); opaque, for caches and `node(id:)`.
    pub async fn id(&self) -> ID {
        global_id("Framework", &self.entry().id)
    }
    /// The framework's catalog key, e.g. `django`: what arguments such as
    /// `framework(id:)`, `comparison(frameworkIds:)` and `recordOutcome` take.
    async fn framework_id(&self) -> &str {
        &self.entry().id
    }
    /// Display name, e.g. "FastAPI".
    async fn name(&self) -> &str {
        &self.entry().name
    }
    /// The programming language it is written for.
    async fn language(&self) -> LanguageGql {
        self.entry().language.into()
    }
    /// Kind of framework: `full-stack`, `micro`, `api` or `progressive`.
    async fn category(&self) -> &str {
        &self.entry().category
    }
    /// One or two sentences on what it is.
    async fn summary(&self) -> &str {
        &self.entry().summary
    }
    /// Three to five short sentences, strongest first.
    async fn strengths(&self, ctx: &Context<'_>) -> Result<&[String]> {
        charged(ctx, &self.entry().strengths).await
    }
    /// Three to five short sentences.
    async fn weaknesses(&self, ctx: &Context<'_>) -> Result<&[String]> {
        charged(ctx, &self.entry().weaknesses).await
    }
    /// The framework's official site (https).
    async fn link(&self) -> &str {
        &self.entry().link
    }
    /// This framework's row of the comparison matrix, one value per trait, in the
    /// catalog's trait order.
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
    /// FAQs about this framework, in catalog order.
    async fn faqs(&self, ctx: &Context<'_>) -> Result<Vec<Faq<'a>>> {
        faq_views(ctx, self.catalog, self.faq_entries()).await
    }
}

/// One framework's value for one comparison trait.
#[derive(SimpleObject)]
pub struct TraitValue {
    /// The trait's catalog key, e.g. `admin_interface`.
    pub trait_id: ID,
    /// The trait as a row label, e.g. "Admin Interface".
    pub label: String,
    /// The framework's value, e.g. "Built-in (Automatic)".
    pub value: String,
}

pub struct Criterion<'a>(pub &'a catalog::Criterion);

/// A question of the questionnaire.
#[Object]
impl<'a> Criterion<'a> {
    /// Globally unique id (`Criterion:<criterionId>`); opaque, for caches and `node(id:)`.
    pub async fn id(&self) -> ID {
        global_id("Criterion", &self.0.id)
    }
    /// The question's catalog key, e.g. `admin_panel`: what `AnswerInput.criterionId`
    /// takes.
    async fn criterion_id(&self) -> &str {
        &self.0.id
    }
    /// The question, as shown to a person.
    async fn question(&self) -> &str {
        &self.0.question
    }
    /// Why the question matters, for people who are unsure how to answer.
    async fn help(&self) -> &str {
        &self.0.help
    }
    /// The possible answers, in the order to show them.
    async fn options(&self, ctx: &Context<'_>) -> Result<Vec<CriterionOption<'a>>> {
        charge(ctx, self.0.options.len()).await?;
        Ok(self
            .0
            .options
            .iter()
            .map(|option| CriterionOption {
                criterion: self.0,
                option,
            })
            .collect())
    }
}

pub struct CriterionOption<'a> {
    pub criterion: &'a catalog::Criterion,
    pub option: &'a catalog::CriterionOption,
}

impl CriterionOption<'_> {
    pub(crate) fn global_id(&self) -> ID {
        global_id(
            "CriterionOption",
            &format!("{}:{}", self.criterion.id, self.option.id),
        )
    }
}

/// One possible answer to a question.
#[Object]
impl CriterionOption<'_> {
    /// Globally unique id (`CriterionOption:<criterionId>:<optionId>`): the "yes" of one
    /// question is not the "yes" of another.
    pub async fn id(&self) -> ID {
        self.global_id()
    }
    /// The option's key within its question, e.g. `yes`: what `AnswerInput.optionId`
    /// takes. Not unique across questions.
    async fn option_id(&self) -> &str {
        &self.option.id
    }
    /// The answer, as shown to a person.
    async fn label(&self) -> &str {
        &self.option.label
    }
}

pub struct Faq<'a> {
    pub catalog: &'a Catalog,
    pub entry: &'a catalog::Faq,
}

/// A frequently asked question, with its answer.
#[Object]
impl<'a> Faq<'a> {
    /// Globally unique id (`Faq:<faqId>`); opaque, for caches and `node(id:)`.
    pub async fn id(&self) -> ID {
        global_id("Faq", &self.entry.id)
    }
    /// The FAQ's catalog key.
    async fn faq_id(&self) -> &str {
        &self.entry.id
    }
    /// The question, plain text.
    async fn question(&self) -> &str {
        &self.entry.question
    }
    /// The answer, plain text.
    async fn answer(&self) -> &str {
        &self.entry.answer
    }
    /// Lowercase words the search also looks at.
    async fn tags(&self, ctx: &Context<'_>) -> Result<&[String]> {
        charged(ctx, &self.entry.tags).await
    }
    /// `SEED` for the seed document's FAQs (verbatim), `CATALOG` for added ones.
    async fn source(&self) -> SourceGql {
        self.entry.source.into()
    }
    /// The frameworks this FAQ is about, in catalog order.
    async fn frameworks(&self, ctx: &Context<'_>) -> Result<Vec<Framework<'a>>> {
        framework_views(ctx, self.catalog, &self.entry.frameworks).await
    }
}

pub struct GlossaryTerm<'a>(pub &'a catalog::Term);

/// A term the catalog uses, defined in one sentence.
#[Object]
impl GlossaryTerm<'_> {
    /// Globally unique id (`GlossaryTerm:<termId>`); opaque, for caches and `node(id:)`.
    pub async fn id(&self) -> ID {
        global_id("GlossaryTerm", &self.0.id)
    }
    /// The term's catalog key, e.g. `orm`.
    async fn term_id(&self) -> &str {
        &self.0.id
    }
    /// The term as displayed, e.g. "ORM".
    async fn term(&self) -> &str {
        &self.0.term
    }
    /// One plain sentence.
    async fn definition(&self) -> &str {
        &self.0.definition
    }
    /// `SEED` for the seed document's definitions, `CATALOG` for added ones.
    async fn source(&self) -> SourceGql {
        self.0.source.into()
    }
}

pub struct Comparison<'a> {
    pub catalog: &'a Catalog,
    pub frameworks: Vec<FrameworkIx>,
}

/// The comparison matrix: one row per trait, one cell per framework (in `frameworks`
/// order).
#[Object]
impl<'a> Comparison<'a> {
    /// The compared frameworks: the columns, in the order asked for.
    async fn frameworks(&self, ctx: &Context<'_>) -> Result<Vec<Framework<'a>>> {
        framework_views(ctx, self.catalog, &self.frameworks).await
    }
    /// One row per trait, in the catalog's trait order.
    async fn rows(&self, ctx: &Context<'_>) -> Result<Vec<ComparisonRow>> {
        // Rows and their cells are built here at once: charge them all.
        charge(ctx, self.catalog.traits.len() * (1 + self.frameworks.len())).await?;
        Ok(self
            .catalog
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
            .collect())
    }
}

/// One trait of the comparison matrix across the compared frameworks.
#[derive(SimpleObject)]
pub struct ComparisonRow {
    /// The trait's catalog key, e.g. `admin_interface`.
    pub trait_id: ID,
    /// The row label, e.g. "Admin Interface".
    pub label: String,
    /// `SEED` for the seed document's rows, `CATALOG` for added ones.
    pub source: SourceGql,
    /// One cell per framework, in the order of `Comparison.frameworks`.
    pub values: Vec<ComparisonCell>,
}

/// One framework's value in a comparison row.
#[derive(SimpleObject)]
pub struct ComparisonCell {
    /// The framework's catalog key.
    pub framework_id: ID,
    /// The value, e.g. "Included (Powerful)".
    pub value: String,
}

pub async fn faq_views<'a>(
    ctx: &Context<'_>,
    catalog: &'a Catalog,
    faqs: impl Iterator<Item = &'a catalog::Faq>,
) -> Result<Vec<Faq<'a>>> {
    let out: Vec<Faq> = faqs.map(|entry| Faq { catalog, entry }).collect();
    charge(ctx, out.len()).await?;
    Ok(out)
}

pub async fn framework_views<'a>(
    ctx: &Context<'_>,
    catalog: &'a Catalog,
    indexes: &[FrameworkIx],
) -> Result<Vec<Framework<'a>>> {
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
