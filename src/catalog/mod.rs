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

/// The whole catalog, validated. Every cross reference is an index into one of the vectors,
/// so the engine never looks anything up by string on its hot path.
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
    /// Dense score matrix: `scores[option * frameworks.len() + framework]`, where `option` is a
    /// global option index (see [`Criterion::first_option`]). Missing rules are 0.
    scores: Vec<i8>,
    /// Rationale for each cell of `scores`, `None` where no rule exists (neutral).
    rationales: Vec<Option<Box<str>>>,
    /// Per framework and criterion, the lowest and highest score any option can give:
    /// `score_bounds[criterion * frameworks.len() + framework]`. Used for `fit`.
    score_bounds: Vec<(i8, i8)>,
    framework_by_id: HashMap<String, usize>,
    criterion_by_id: HashMap<String, usize>,
    /// Position of each framework in alphabetical id order: the engine's tie-break.
    id_rank: Vec<u16>,
}

/// One scoring rule, as indexes into the catalog (see [`Catalog::rules`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule<'a> {
    pub criterion: usize,
    /// Index within the criterion's options.
    pub option: usize,
    pub framework: usize,
    pub score: i8,
    pub rationale: &'a str,
}

impl Catalog {
    pub fn framework_index(&self, id: &str) -> Option<usize> {
        self.framework_by_id.get(id).copied()
    }

    pub fn framework(&self, id: &str) -> Option<&Framework> {
        self.framework_index(id).map(|i| &self.frameworks[i])
    }

    pub fn criterion_index(&self, id: &str) -> Option<usize> {
        self.criterion_by_id.get(id).copied()
    }

    /// Total number of options over all criteria (the rows of the score matrix).
    pub fn option_count(&self) -> usize {
        self.criteria
            .last()
            .map_or(0, |c| c.first_option + c.options.len())
    }

    /// Score of `framework` for option `option` (index within `criterion`).
    #[inline]
    pub fn score(&self, criterion: usize, option: usize, framework: usize) -> i8 {
        let row = self.criteria[criterion].first_option + option;
        self.scores[row * self.frameworks.len() + framework]
    }

    /// The catalog's sentence explaining that score, if a rule exists.
    pub fn rationale(&self, criterion: usize, option: usize, framework: usize) -> Option<&str> {
        let row = self.criteria[criterion].first_option + option;
        self.rationales[row * self.frameworks.len() + framework].as_deref()
    }

    /// Every scoring rule (a cell with a rationale; an explicit `score = 0` included), in
    /// criterion, option, then framework order.
    pub fn rules(&self) -> impl Iterator<Item = Rule<'_>> + '_ {
        self.criteria.iter().enumerate().flat_map(move |(c, crit)| {
            (0..crit.options.len()).flat_map(move |o| {
                (0..self.frameworks.len()).filter_map(move |f| {
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
    pub fn score_bounds(&self, criterion: usize, framework: usize) -> (i8, i8) {
        self.score_bounds[criterion * self.frameworks.len() + framework]
    }

    /// Tie-break key: frameworks with equal scores are ordered by id, alphabetically.
    #[inline]
    pub fn id_rank(&self, framework: usize) -> u16 {
        self.id_rank[framework]
    }

    /// FAQs whose question, answer or tags contain every word of `search`
    /// (case-insensitive), optionally only those about `framework`, in catalog order.
    pub fn search_faqs<'a>(
        &'a self,
        search: Option<&str>,
        framework: Option<usize>,
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
