//! The framework catalog: what the service knows (frameworks, questions, scoring rules,
//! takeaways, comparison traits, FAQs, glossary), loaded from data files and then
//! immutable (a reload builds a new one: `crate::reload`).
//!
//! This module owns the in-memory shape of the catalog and the indexes the engine needs.
//! It knows nothing about HTTP, GraphQL or SQL; loading lives in [`load`] (reading each
//! file entry by entry in `parse`, checking each entry in `validate`), and [`diff`]
//! compares two catalogs.

pub mod diff;
mod index;
mod load;
mod model;
mod parse;
pub mod radar;
mod raw;
mod validate;

pub use index::{CriterionIx, FrameworkIx, OptionIx, TakeawayIx};
pub use load::{CatalogError, CatalogProblems, EMBEDDED_FILES};
pub use model::*;

use std::collections::HashMap;

/// The whole catalog, validated. Every cross reference is an index into one of the vectors
/// (typed: [`FrameworkIx`], [`CriterionIx`], [`OptionIx`], [`TakeawayIx`]), so the engine
/// never looks anything up by string on its hot path.
#[derive(Debug)]
pub struct Catalog {
    pub frameworks: Vec<Framework>,
    pub criteria: Vec<Criterion>,
    pub traits: Vec<Trait>,
    pub takeaways: Vec<Takeaway>,
    pub faqs: Vec<Faq>,
    pub glossary: Vec<Term>,
    /// Content hash of the source files; reported with every recommendation so a stored
    /// decision can be traced to the exact rules that produced it.
    pub version: String,
    /// Dense score matrix: `scores[row * frameworks.len() + framework]`, where `row` is an
    /// option's global row (`index::OptionRow`, from [`Criterion`]'s first row and the
    /// option's [`OptionIx`]). Missing rules are 0.
    scores: Vec<i8>,
    /// Rationale for each cell of `scores`, `None` where no rule exists (neutral).
    rationales: Vec<Option<Box<str>>>,
    /// Per framework and criterion, the lowest and highest score any option can give:
    /// `score_bounds[criterion * frameworks.len() + framework]`. Used for `fit`.
    score_bounds: Vec<(i8, i8)>,
    framework_by_id: HashMap<String, FrameworkIx>,
    criterion_by_id: HashMap<String, CriterionIx>,
    /// Position of each framework in alphabetical id order: the engine's tie-break. Indexed
    /// by [`FrameworkIx`].
    id_rank: Vec<u32>,
}

/// One scoring rule, as indexes into the catalog (see [`Catalog::rules`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule<'a> {
    pub criterion: CriterionIx,
    /// Within `criterion`.
    pub option: OptionIx,
    pub framework: FrameworkIx,
    pub score: i8,
    pub rationale: &'a str,
}

impl Catalog {
    pub fn framework_index(&self, id: &str) -> Option<FrameworkIx> {
        self.framework_by_id.get(id).copied()
    }

    pub fn framework(&self, id: &str) -> Option<&Framework> {
        self.framework_index(id).map(|i| &self.frameworks[i])
    }

    pub fn criterion_index(&self, id: &str) -> Option<CriterionIx> {
        self.criterion_by_id.get(id).copied()
    }

    /// Every framework's index, in catalog order.
    pub fn framework_ixs(&self) -> impl ExactSizeIterator<Item = FrameworkIx> + Clone + use<> {
        (0..self.frameworks.len()).map(FrameworkIx)
    }

    /// Every framework with its index, in catalog order.
    pub fn frameworks_indexed(&self) -> impl Iterator<Item = (FrameworkIx, &Framework)> {
        self.frameworks
            .iter()
            .enumerate()
            .map(|(i, f)| (FrameworkIx(i), f))
    }

    /// Every criterion's index, in questionnaire order.
    pub fn criterion_ixs(&self) -> impl ExactSizeIterator<Item = CriterionIx> + Clone + use<> {
        (0..self.criteria.len()).map(CriterionIx)
    }

    /// Every criterion with its index, in questionnaire order.
    pub fn criteria_indexed(&self) -> impl Iterator<Item = (CriterionIx, &Criterion)> {
        self.criteria
            .iter()
            .enumerate()
            .map(|(i, c)| (CriterionIx(i), c))
    }

    /// Every takeaway with its index, in catalog order.
    pub fn takeaways_indexed(&self) -> impl Iterator<Item = (TakeawayIx, &Takeaway)> {
        self.takeaways
            .iter()
            .enumerate()
            .map(|(i, t)| (TakeawayIx(i), t))
    }

    /// Total number of options over all criteria (the rows of the score matrix).
    pub fn option_count(&self) -> usize {
        self.criteria
            .last()
            .map_or(0, |c| c.first_option.0 + c.options.len())
    }

    /// The score-matrix cell of `option` (an option of `criterion`) for `framework`.
    #[inline]
    fn cell(&self, criterion: CriterionIx, option: OptionIx, framework: FrameworkIx) -> usize {
        self.criteria[criterion]
            .row(option)
            .cell(framework, self.frameworks.len())
    }

    /// Score of `framework` for `option` (an option of `criterion`).
    #[inline]
    pub fn score(&self, criterion: CriterionIx, option: OptionIx, framework: FrameworkIx) -> i8 {
        self.scores[self.cell(criterion, option, framework)]
    }

    /// The catalog's sentence explaining that score, if a rule exists.
    pub fn rationale(
        &self,
        criterion: CriterionIx,
        option: OptionIx,
        framework: FrameworkIx,
    ) -> Option<&str> {
        self.rationales[self.cell(criterion, option, framework)].as_deref()
    }

    /// Every scoring rule (a cell with a rationale; an explicit `score = 0` included), in
    /// criterion, option, then framework order.
    pub fn rules(&self) -> impl Iterator<Item = Rule<'_>> + '_ {
        self.criteria_indexed().flat_map(move |(c, crit)| {
            crit.option_ixs().flat_map(move |o| {
                self.framework_ixs().filter_map(move |f| {
                    self.rationale(c, o, f).map(|rationale| Rule {
                        criterion: c,
                        option: o,
                        framework: f,
                        score: self.score(c, o, f),
                        rationale,
                    })
                })
            })
        })
    }

    /// Lowest and highest score any option of `criterion` gives `framework`.
    #[inline]
    pub fn score_bounds(&self, criterion: CriterionIx, framework: FrameworkIx) -> (i8, i8) {
        self.score_bounds[criterion.0 * self.frameworks.len() + framework.0]
    }

    /// Tie-break key: frameworks with equal scores are ordered by id, alphabetically.
    #[inline]
    pub fn id_rank(&self, framework: FrameworkIx) -> u32 {
        self.id_rank[framework.0]
    }

    /// FAQs whose question, answer or tags contain every word of `search`
    /// (case-insensitive), optionally only those about `framework`, in catalog order.
    pub fn search_faqs<'a>(
        &'a self,
        search: Option<&str>,
        framework: Option<FrameworkIx>,
    ) -> impl Iterator<Item = &'a Faq> + 'a {
        let words: Vec<String> = search
            .map(|s| s.split_whitespace().map(str::to_lowercase).collect())
            .unwrap_or_default();
        self.faqs.iter().filter(move |faq| {
            framework.is_none_or(|f| faq.frameworks.contains(&f))
                && words.iter().all(|w| faq.search_text.contains(w.as_str()))
        })
    }
}
