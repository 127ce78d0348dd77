//! Reading and validating catalog data files.
//!
//! The catalog is data (`catalog/*.toml`), embedded at build time and replaceable at
//! start-up (`CATALOG_PATH`). A broken catalog must stop start-up with a message that names
//! the file, the entry and the field, so every check here reports all three.
//!
//! Validation records every problem it can find rather than stopping at the first, so
//! `framework-matrix catalog check` (and a reload) can list them all at once: every file's
//! syntax errors, every entry of the wrong shape, and every invalid value. A check that
//! would only repeat an earlier problem is skipped: references into a file that could not
//! be read completely are not checked, and a framework's traits are not checked against a
//! comparison file that could not be read.

use std::collections::HashMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::index::{CriterionIx, FrameworkIx};
use super::parse::{self, Entries, FileSpec};
use super::raw::*;
use super::validate::*;
use super::{Catalog, Framework};

/// The catalog files, in load order. A `CATALOG_PATH` directory must hold the same names.
pub const EMBEDDED_FILES: [(&str, &str); 7] = [
    (
        "frameworks.toml",
        include_str!("../../catalog/frameworks.toml"),
    ),
    (
        "comparison.toml",
        include_str!("../../catalog/comparison.toml"),
    ),
    ("criteria.toml", include_str!("../../catalog/criteria.toml")),
    ("scoring.toml", include_str!("../../catalog/scoring.toml")),
    (
        "takeaways.toml",
        include_str!("../../catalog/takeaways.toml"),
    ),
    ("faqs.toml", include_str!("../../catalog/faqs.toml")),
    ("glossary.toml", include_str!("../../catalog/glossary.toml")),
];

/// What each file of [`EMBEDDED_FILES`] holds, in the same order.
const SPECS: [FileSpec; 7] = [
    FileSpec {
        key: "framework",
        kind: "framework",
        required: true,
    },
    FileSpec {
        key: "trait",
        kind: "trait",
        required: true,
    },
    FileSpec {
        key: "criterion",
        kind: "criterion",
        required: true,
    },
    FileSpec {
        key: "rule",
        kind: "rule",
        required: false,
    },
    FileSpec {
        key: "takeaway",
        kind: "takeaway",
        required: false,
    },
    FileSpec {
        key: "faq",
        kind: "faq",
        required: false,
    },
    FileSpec {
        key: "term",
        kind: "term",
        required: false,
    },
];

/// Scores are small integers so a person can follow the arithmetic.
pub const SCORE_RANGE: std::ops::RangeInclusive<i64> = -3..=3;

/// Why a catalog was rejected: which file, which entry, which field, and what is wrong.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("catalog file {file}: cannot read it: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    /// The file is not TOML, or not one list of the tables this file holds.
    #[error("catalog file {file}: not valid TOML for this catalog: {message}")]
    Syntax { file: String, message: String },
    /// One entry has the wrong shape: an unknown key, a missing field, a value of the wrong
    /// type. The problem names the key.
    #[error("catalog file {file}: {entry}: {problem}")]
    Entry {
        file: String,
        entry: String,
        problem: String,
    },
    #[error("catalog file {file}: {entry}: field `{field}`: {problem}")]
    Invalid {
        file: String,
        entry: String,
        field: &'static str,
        problem: String,
    },
}

impl CatalogError {
    /// The file the problem is in, as named in the message.
    pub fn file(&self) -> &str {
        match self {
            CatalogError::Io { file, .. }
            | CatalogError::Syntax { file, .. }
            | CatalogError::Entry { file, .. }
            | CatalogError::Invalid { file, .. } => file,
        }
    }
}

/// Every problem found in a catalog, grouped by file (in load order), then in the order
/// they were found. Never empty.
#[derive(Debug)]
pub struct CatalogProblems(Vec<CatalogError>);

impl CatalogProblems {
    pub fn as_slice(&self) -> &[CatalogError] {
        &self.0
    }

    /// The first problem: what start-up has always reported.
    pub fn into_first(self) -> CatalogError {
        self.0
            .into_iter()
            .next()
            .expect("a catalog is rejected with at least one problem")
    }
}

impl std::fmt::Display for CatalogProblems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.0.len();
        write!(
            f,
            "{n} problem{} in the catalog:",
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.0 {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CatalogProblems {}

impl Catalog {
    /// The catalog compiled into the binary.
    pub fn embedded() -> Result<Catalog, CatalogError> {
        Catalog::from_sources(
            EMBEDDED_FILES
                .iter()
                .map(|(f, c)| (f.to_string(), c.to_string())),
        )
    }

    /// A catalog directory holding the same file names as `catalog/` in this repository.
    /// Reports the first problem; [`Catalog::load_dir`] reports them all.
    pub fn from_dir(dir: &Path) -> Result<Catalog, CatalogError> {
        Catalog::load_dir(dir).map_err(CatalogProblems::into_first)
    }

    /// Parses and validates the seven files, given as `(display name, contents)` in the
    /// order of [`EMBEDDED_FILES`]. Reports the first problem; [`Catalog::load_sources`]
    /// reports them all.
    pub fn from_sources(
        sources: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Catalog, CatalogError> {
        Catalog::load_sources(sources).map_err(CatalogProblems::into_first)
    }

    /// Reads and validates a catalog directory exactly as start-up does, and returns the
    /// catalog or every problem found (each missing file included). `catalog check` runs
    /// this; so should anything that reloads a catalog.
    pub fn load_dir(dir: &Path) -> Result<Catalog, CatalogProblems> {
        let mut problems = Problems::new();
        let sources: Vec<_> = EMBEDDED_FILES
            .iter()
            .map(|(name, _)| {
                let path = dir.join(name);
                let shown = path.display().to_string();
                match std::fs::read_to_string(&path) {
                    Ok(text) => (shown, Some(text)),
                    Err(source) => {
                        problems.push(CatalogError::Io {
                            file: shown.clone(),
                            source,
                        });
                        (shown, None)
                    }
                }
            })
            .collect();
        validate(&sources, problems)
    }

    /// As [`Catalog::from_sources`], returning every problem found.
    pub fn load_sources(
        sources: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Catalog, CatalogProblems> {
        let sources: Vec<(String, Option<String>)> = sources
            .into_iter()
            .map(|(file, text)| (file, Some(text)))
            .collect();
        validate(&sources, Problems::new())
    }
}

/// The seven files (`None`: could not be read, already recorded in `problems`).
fn validate(
    sources: &[(String, Option<String>)],
    mut problems: Problems,
) -> Result<Catalog, CatalogProblems> {
    assert_eq!(
        sources.len(),
        EMBEDDED_FILES.len(),
        "one source per catalog file"
    );
    let file = |i: usize| sources[i].0.as_str();
    let text = |i: usize| sources[i].1.as_deref();
    let p = &mut problems;

    let raw_frameworks: Entries<RawFramework> = parse::entries(file(0), text(0), &SPECS[0], p);
    let raw_traits: Entries<RawTrait> = parse::entries(file(1), text(1), &SPECS[1], p);
    let raw_criteria: Entries<RawCriterion> = parse::entries(file(2), text(2), &SPECS[2], p);
    let raw_rules: Entries<RawRule> = parse::entries(file(3), text(3), &SPECS[3], p);
    let raw_takeaways: Entries<RawTakeaway> = parse::entries(file(4), text(4), &SPECS[4], p);
    let raw_faqs: Entries<RawFaq> = parse::entries(file(5), text(5), &SPECS[5], p);
    let raw_terms: Entries<RawTerm> = parse::entries(file(6), text(6), &SPECS[6], p);

    let traits = build_traits(p, file(1), raw_traits.list);
    let frameworks_complete = raw_frameworks.complete;
    let frameworks = build_frameworks(
        p,
        file(0),
        raw_frameworks,
        raw_traits.complete.then_some(&traits[..]),
    );
    super::radar::check_quadrants(p, file(0), &frameworks);
    let framework_by_id: HashMap<String, FrameworkIx> =
        index_by_id(frameworks.iter().map(|f| &f.id), FrameworkIx);
    let criteria_complete = raw_criteria.complete;
    let criteria = build_criteria(p, file(2), raw_criteria.list);
    let criterion_by_id: HashMap<String, CriterionIx> =
        index_by_id(criteria.iter().map(|c| &c.id), CriterionIx);
    let refs = Refs {
        frameworks: frameworks_complete.then_some(&framework_by_id),
        criteria: criteria_complete.then_some((&criteria[..], &criterion_by_id)),
    };

    let n = frameworks.len();
    let Cells { scores, rationales } = build_rules(p, file(3), raw_rules.list, &refs, &criteria, n);

    let takeaways = build_takeaways(p, file(4), raw_takeaways.list, &refs);
    let faqs = build_faqs(p, file(5), raw_faqs.list, &refs);
    let glossary = build_terms(p, file(6), raw_terms.list);

    if !problems.is_empty() {
        // Grouped by file, in load order; within a file, in the order they were found.
        problems.sort_by_key(|e| sources.iter().position(|(f, _)| f == e.file()));
        return Err(CatalogProblems(problems));
    }

    // In the layout `Catalog::score_bounds` reads: criterion-major, one cell per framework.
    let mut score_bounds = Vec::with_capacity(criteria.len() * n);
    for c in &criteria {
        for fw in (0..n).map(FrameworkIx) {
            let cells = c.option_ixs().map(|o| scores[c.row(o).cell(fw, n)]);
            let lo = cells.clone().min().unwrap_or(0);
            let hi = cells.max().unwrap_or(0);
            score_bounds.push((lo, hi));
        }
    }

    let id_rank = id_ranks(&frameworks);

    Ok(Catalog {
        frameworks,
        criteria,
        traits,
        takeaways,
        faqs,
        glossary,
        version: content_version(sources),
        scores,
        rationales,
        score_bounds,
        framework_by_id,
        criterion_by_id,
        id_rank,
    })
}

/// Each framework's position in alphabetical id order, indexed by [`FrameworkIx`].
fn id_ranks(frameworks: &[Framework]) -> Vec<u32> {
    let mut by_id: Vec<FrameworkIx> = (0..frameworks.len()).map(FrameworkIx).collect();
    by_id.sort_by(|&a, &b| frameworks[a].id.cmp(&frameworks[b].id));
    let mut id_rank = vec![0u32; frameworks.len()];
    for (rank, &fw) in by_id.iter().enumerate() {
        // u32: the sort key (i64, u32) is no larger than with u16, and no catalog that fits
        // in memory has 2^32 frameworks.
        id_rank[fw.0] = rank as u32;
    }
    id_rank
}

/// A short, stable content hash: the same files always give the same version.
fn content_version(sources: &[(String, Option<String>)]) -> String {
    let mut hasher = Sha256::new();
    for (_, text) in sources {
        let text = text.as_deref().unwrap_or_default();
        hasher.update((text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    }
    let digest = hasher.finalize();
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("sha256-{hex}")
}
