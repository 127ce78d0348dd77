//! The JSON the REST API answers with: the GraphQL types' fields, with the same names
//! (camelCase), built straight from the catalog and the engine's result. Differences,
//! each because a REST client cannot pick fields: no global `id`s (REST names things by
//! key), and objects nested in another name it by key and name ([`FrameworkRef`]) or by
//! key (`frameworkIds`) instead of the whole object. The schemas in the OpenAPI document
//! are derived from these types.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::catalog::{self, Catalog, FrameworkIx};

mod recommendation;
pub use recommendation::{
    AnswerBody, OutcomeBody, OutcomeRecorded, ProfileBody, RecommendationView,
};

/// The language a framework is written for, and the hard filter of a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Language {
    Python,
    Javascript,
    Go,
}

impl From<Language> for catalog::Language {
    fn from(l: Language) -> catalog::Language {
        match l {
            Language::Python => catalog::Language::Python,
            Language::Javascript => catalog::Language::Javascript,
            Language::Go => catalog::Language::Go,
        }
    }
}

impl From<catalog::Language> for Language {
    fn from(l: catalog::Language) -> Language {
        match l {
            catalog::Language::Python => Language::Python,
            catalog::Language::Javascript => Language::Javascript,
            catalog::Language::Go => Language::Go,
        }
    }
}

/// `SEED` for the seed document's entries, `CATALOG` for the catalog's additions.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Source {
    Seed,
    Catalog,
}

impl From<catalog::Source> for Source {
    fn from(s: catalog::Source) -> Source {
        match s {
            catalog::Source::Seed => Source::Seed,
            catalog::Source::Catalog => Source::Catalog,
        }
    }
}

/// A web framework the catalog can recommend (GraphQL `Framework`, without `faqs`: ask
/// `/api/v1/faqs?frameworkId=`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FrameworkView {
    /// The framework's catalog key, e.g. `django`.
    pub framework_id: String,
    pub name: String,
    pub language: Language,
    /// `full-stack`, `micro`, `api` or `progressive`.
    pub category: String,
    pub summary: String,
    pub strengths: Vec<String>,
    pub weaknesses: Vec<String>,
    /// The official site (https).
    pub link: String,
    /// This framework's row of the comparison matrix, in the catalog's trait order.
    pub traits: Vec<TraitValue>,
}

/// One framework's value for one comparison trait.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TraitValue {
    pub trait_id: String,
    pub label: String,
    pub value: String,
}

impl FrameworkView {
    pub fn new(c: &Catalog, index: FrameworkIx) -> FrameworkView {
        let f = &c.frameworks[index];
        FrameworkView {
            framework_id: f.id.clone(),
            name: f.name.clone(),
            language: f.language.into(),
            category: f.category.clone(),
            summary: f.summary.clone(),
            strengths: f.strengths.clone(),
            weaknesses: f.weaknesses.clone(),
            link: f.link.clone(),
            traits: c
                .traits
                .iter()
                .zip(&f.traits)
                .map(|(t, v)| TraitValue {
                    trait_id: t.id.clone(),
                    label: t.label.clone(),
                    value: v.clone(),
                })
                .collect(),
        }
    }
}

/// A framework named inside another object: its key and display name.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FrameworkRef {
    pub framework_id: String,
    pub name: String,
}

impl FrameworkRef {
    pub fn new(c: &Catalog, index: FrameworkIx) -> FrameworkRef {
        let f = &c.frameworks[index];
        FrameworkRef {
            framework_id: f.id.clone(),
            name: f.name.clone(),
        }
    }
}

/// A question of the questionnaire.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CriterionView {
    /// What `Answer.criterionId` takes, e.g. `admin_panel`.
    pub criterion_id: String,
    pub question: String,
    pub help: String,
    /// The possible answers, in the order to show them.
    pub options: Vec<OptionView>,
}

/// One possible answer to a question.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OptionView {
    /// What `Answer.optionId` takes, e.g. `yes` (unique within its question).
    pub option_id: String,
    pub label: String,
}

impl CriterionView {
    pub fn new(c: &catalog::Criterion) -> CriterionView {
        CriterionView {
            criterion_id: c.id.clone(),
            question: c.question.clone(),
            help: c.help.clone(),
            options: c
                .options
                .iter()
                .map(|o| OptionView {
                    option_id: o.id.clone(),
                    label: o.label.clone(),
                })
                .collect(),
        }
    }
}

/// A frequently asked question (GraphQL `Faq`, with `frameworkIds` for `frameworks`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FaqView {
    pub faq_id: String,
    pub question: String,
    pub answer: String,
    pub tags: Vec<String>,
    pub source: Source,
    /// Keys of the frameworks this FAQ is about, in catalog order.
    pub framework_ids: Vec<String>,
}

impl FaqView {
    pub fn new(c: &Catalog, faq: &catalog::Faq) -> FaqView {
        FaqView {
            faq_id: faq.id.clone(),
            question: faq.question.clone(),
            answer: faq.answer.clone(),
            tags: faq.tags.clone(),
            source: faq.source.into(),
            framework_ids: faq
                .frameworks
                .iter()
                .map(|&f| c.frameworks[f].id.clone())
                .collect(),
        }
    }
}

/// A term the catalog uses, defined in one sentence.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GlossaryTermView {
    pub term_id: String,
    pub term: String,
    pub definition: String,
    pub source: Source,
}

impl GlossaryTermView {
    pub fn new(t: &catalog::Term) -> GlossaryTermView {
        GlossaryTermView {
            term_id: t.id.clone(),
            term: t.term.clone(),
            definition: t.definition.clone(),
            source: t.source.into(),
        }
    }
}

/// The comparison matrix: one row per trait, one value per framework.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ComparisonView {
    /// The columns, in the order asked for.
    pub frameworks: Vec<FrameworkRef>,
    /// One row per trait, in the catalog's trait order.
    pub rows: Vec<ComparisonRow>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ComparisonRow {
    pub trait_id: String,
    pub label: String,
    pub source: Source,
    /// One cell per framework, in the order of `frameworks`.
    pub values: Vec<ComparisonCell>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ComparisonCell {
    pub framework_id: String,
    pub value: String,
}

impl ComparisonView {
    pub fn new(c: &Catalog, columns: &[FrameworkIx]) -> ComparisonView {
        ComparisonView {
            frameworks: columns.iter().map(|&f| FrameworkRef::new(c, f)).collect(),
            rows: c
                .traits
                .iter()
                .enumerate()
                .map(|(t, tr)| ComparisonRow {
                    trait_id: tr.id.clone(),
                    label: tr.label.clone(),
                    source: tr.source.into(),
                    values: columns
                        .iter()
                        .map(|&f| ComparisonCell {
                            framework_id: c.frameworks[f].id.clone(),
                            value: c.frameworks[f].traits[t].clone(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}
