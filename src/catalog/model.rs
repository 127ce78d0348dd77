//! The catalog's entries as the rest of the service sees them: validated, with references
//! already resolved to indexes.

use serde::Deserialize;

use super::index::{CriterionIx, FrameworkIx, OptionIx, OptionRow};

/// The language a framework is written for. Also the hard filter of a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Language {
    Python,
    Javascript,
    Go,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::Python, Language::Javascript, Language::Go];

    pub fn as_str(self) -> &'static str {
        match self {
            Language::Python => "PYTHON",
            Language::Javascript => "JAVASCRIPT",
            Language::Go => "GO",
        }
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How strongly a takeaway should be shown. Ordered: `Warning` is the most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Severity {
    Info,
    Caution,
    Warning,
}

/// Where a piece of knowledge comes from: the seed document or the catalog's own additions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Seed,
    Catalog,
}

#[derive(Debug)]
pub struct Framework {
    pub id: String,
    pub name: String,
    pub language: Language,
    pub category: String,
    pub summary: String,
    pub strengths: Vec<String>,
    pub weaknesses: Vec<String>,
    pub link: String,
    /// One value per [`Trait`], in the catalog's trait order.
    pub traits: Vec<String>,
    /// Where the platform team placed it on its Tech Radar, if it did.
    pub radar: Option<Radar>,
}

/// A Tech Radar ring, from the most to the least recommended (the order `Ord` follows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Ring {
    Adopt,
    Trial,
    Assess,
    Hold,
}

impl Ring {
    pub const ALL: [Ring; 4] = [Ring::Adopt, Ring::Trial, Ring::Assess, Ring::Hold];

    pub fn as_str(self) -> &'static str {
        match self {
            Ring::Adopt => "adopt",
            Ring::Trial => "trial",
            Ring::Assess => "assess",
            Ring::Hold => "hold",
        }
    }
}

/// A framework's place on the radar: its quadrant and its moves between rings.
#[derive(Debug)]
pub struct Radar {
    /// The quadrant's display name (its id is [`quadrant_id`] of it).
    pub quadrant: String,
    /// Oldest first, dates strictly increasing, each a different ring from the one before;
    /// never empty. The last is the ring now.
    pub moves: Vec<RadarMove>,
}

impl Radar {
    pub fn ring(&self) -> Ring {
        self.moves
            .last()
            .expect("validated: at least one move")
            .ring
    }
}

#[derive(Debug)]
pub struct RadarMove {
    pub ring: Ring,
    pub date: chrono::NaiveDate,
    pub note: Option<String>,
}

/// A quadrant's id: its name in lowercase, with runs of other characters as one `-`.
pub fn quadrant_id(name: &str) -> String {
    let mut id = String::with_capacity(name.len());
    for c in name.trim().chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_matches('-').to_string()
}

#[derive(Debug)]
pub struct Criterion {
    pub id: String,
    pub question: String,
    pub help: String,
    pub options: Vec<CriterionOption>,
    /// The score-matrix row of this criterion's first option (a global row, not an
    /// [`OptionIx`]); its other options follow it.
    pub(super) first_option: OptionRow,
}

impl Criterion {
    /// The position of option `id` within this criterion.
    pub fn option_index(&self, id: &str) -> Option<OptionIx> {
        self.options.iter().position(|o| o.id == id).map(OptionIx)
    }

    /// This criterion's options' indexes, in order.
    pub fn option_ixs(&self) -> impl ExactSizeIterator<Item = OptionIx> + Clone + use<> {
        (0..self.options.len()).map(OptionIx)
    }

    /// The score-matrix row of `option` (an option of this criterion).
    #[inline]
    pub(super) fn row(&self, option: OptionIx) -> OptionRow {
        OptionRow(self.first_option.0 + option.0)
    }
}

#[derive(Debug)]
pub struct CriterionOption {
    pub id: String,
    pub label: String,
}

/// A comparison-table row (e.g. "Admin Interface").
#[derive(Debug)]
pub struct Trait {
    pub id: String,
    pub label: String,
    pub source: Source,
}

/// A criterion answered with a given option; the building block of takeaway conditions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    pub criterion: CriterionIx,
    /// Within `criterion`.
    pub option: OptionIx,
}

#[derive(Debug)]
pub struct Takeaway {
    pub id: String,
    pub severity: Severity,
    /// Every condition must hold for the takeaway to apply.
    pub when: Vec<Choice>,
    pub frameworks: Vec<FrameworkIx>,
    pub text: String,
}

#[derive(Debug)]
pub struct Faq {
    pub id: String,
    pub question: String,
    pub answer: String,
    pub frameworks: Vec<FrameworkIx>,
    pub tags: Vec<String>,
    pub source: Source,
    /// Lower-cased question, answer and tags, prepared once for search.
    pub search_text: String,
}

#[derive(Debug)]
pub struct Term {
    pub id: String,
    pub term: String,
    pub definition: String,
    pub source: Source,
}
