//! Reading and validating catalog data files.
//!
//! The catalog is data (`catalog/*.toml`), embedded at build time and replaceable at
//! start-up (`CATALOG_PATH`). A broken catalog must stop start-up with a message that names
//! the file, the entry and the field, so every check here reports all three.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use super::Catalog;
use super::model::*;
use super::raw::*;

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
    #[error("catalog file {file}: not valid TOML for this catalog: {message}")]
    Syntax { file: String, message: String },
    #[error("catalog file {file}: {entry}: field `{field}`: {problem}")]
    Invalid {
        file: String,
        entry: String,
        field: &'static str,
        problem: String,
    },
}

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
    pub fn from_dir(dir: &Path) -> Result<Catalog, CatalogError> {
        let mut sources = Vec::with_capacity(EMBEDDED_FILES.len());
        for (name, _) in EMBEDDED_FILES {
            let path = dir.join(name);
            let text = std::fs::read_to_string(&path).map_err(|source| CatalogError::Io {
                file: path.display().to_string(),
                source,
            })?;
            sources.push((path.display().to_string(), text));
        }
        Catalog::from_sources(sources)
    }

    /// Parses and validates the seven files, given as `(display name, contents)` in the
    /// order of [`EMBEDDED_FILES`].
    pub fn from_sources(
        sources: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Catalog, CatalogError> {
        let sources: Vec<(String, String)> = sources.into_iter().collect();
        assert_eq!(
            sources.len(),
            EMBEDDED_FILES.len(),
            "one source per catalog file"
        );
        let version = content_version(&sources);
        let file = |i: usize| sources[i].0.as_str();

        let raw_frameworks: FrameworksFile = parse(&sources[0])?;
        let raw_traits: TraitsFile = parse(&sources[1])?;
        let raw_criteria: CriteriaFile = parse(&sources[2])?;
        let raw_rules: RulesFile = parse(&sources[3])?;
        let raw_takeaways: TakeawaysFile = parse(&sources[4])?;
        let raw_faqs: FaqsFile = parse(&sources[5])?;
        let raw_terms: TermsFile = parse(&sources[6])?;

        let traits = build_traits(file(1), raw_traits.traits)?;
        let frameworks = build_frameworks(file(0), raw_frameworks.framework, &traits)?;
        let framework_by_id: HashMap<String, usize> = index_by_id(frameworks.iter().map(|f| &f.id));
        let criteria = build_criteria(file(2), raw_criteria.criterion)?;
        let criterion_by_id: HashMap<String, usize> = index_by_id(criteria.iter().map(|c| &c.id));
        let refs = Refs {
            frameworks: &framework_by_id,
            criteria: &criteria,
            criterion_by_id: &criterion_by_id,
        };

        let option_count = criteria
            .last()
            .map_or(0, |c| c.first_option + c.options.len());
        let n = frameworks.len();
        let mut scores = vec![0i8; option_count * n];
        let mut rationales: Vec<Option<Box<str>>> = vec![None; option_count * n];
        for (i, rule) in raw_rules.rule.into_iter().enumerate() {
            let f = file(3);
            let entry = format!(
                "rule #{} ({} / {}={})",
                i + 1,
                rule.framework,
                rule.criterion,
                rule.option
            );
            let choice = refs.choice(f, &entry, &rule.criterion, &rule.option)?;
            let fw = refs.framework(f, &entry, "framework", &rule.framework)?;
            if !SCORE_RANGE.contains(&rule.score) {
                return Err(invalid(
                    f,
                    &entry,
                    "score",
                    format!(
                        "{} is outside the allowed range {}..={}",
                        rule.score,
                        SCORE_RANGE.start(),
                        SCORE_RANGE.end()
                    ),
                ));
            }
            non_empty(f, &entry, "rationale", &rule.rationale)?;
            let cell = (criteria[choice.criterion].first_option + choice.option) * n + fw;
            if rationales[cell].is_some() {
                return Err(invalid(
                    f,
                    &entry,
                    "framework",
                    "a rule for this framework, criterion and option already exists".into(),
                ));
            }
            scores[cell] = rule.score as i8;
            rationales[cell] = Some(rule.rationale.into_boxed_str());
        }

        let mut score_bounds = Vec::with_capacity(criteria.len() * n);
        for c in &criteria {
            for fw in 0..n {
                let cells = (0..c.options.len()).map(|o| scores[(c.first_option + o) * n + fw]);
                let lo = cells.clone().min().unwrap_or(0);
                let hi = cells.max().unwrap_or(0);
                score_bounds.push((lo, hi));
            }
        }

        let takeaways = build_takeaways(file(4), raw_takeaways.takeaway, &refs)?;
        let faqs = build_faqs(file(5), raw_faqs.faq, &refs)?;
        let glossary = build_terms(file(6), raw_terms.term)?;

        let mut by_id: Vec<usize> = (0..n).collect();
        by_id.sort_by(|&a, &b| frameworks[a].id.cmp(&frameworks[b].id));
        let mut id_rank = vec![0u16; n];
        for (rank, &fw) in by_id.iter().enumerate() {
            id_rank[fw] = rank as u16;
        }

        Ok(Catalog {
            frameworks,
            criteria,
            traits,
            takeaways,
            faqs,
            glossary,
            version,
            scores,
            rationales,
            score_bounds,
            framework_by_id,
            criterion_by_id,
            id_rank,
        })
    }
}

/// A short, stable content hash: the same files always give the same version.
fn content_version(sources: &[(String, String)]) -> String {
    let mut hasher = Sha256::new();
    for (_, text) in sources {
        hasher.update((text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    }
    let digest = hasher.finalize();
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("sha256-{hex}")
}

fn parse<T: DeserializeOwned>((file, text): &(String, String)) -> Result<T, CatalogError> {
    toml::from_str(text).map_err(|e| CatalogError::Syntax {
        file: file.clone(),
        message: e.to_string(),
    })
}

fn invalid(file: &str, entry: &str, field: &'static str, problem: String) -> CatalogError {
    CatalogError::Invalid {
        file: file.to_string(),
        entry: entry.to_string(),
        field,
        problem,
    }
}

fn index_by_id<'a>(ids: impl Iterator<Item = &'a String>) -> HashMap<String, usize> {
    ids.enumerate().map(|(i, id)| (id.clone(), i)).collect()
}

fn non_empty(
    file: &str,
    entry: &str,
    field: &'static str,
    value: &str,
) -> Result<(), CatalogError> {
    if value.trim().is_empty() {
        return Err(invalid(file, entry, field, "must not be empty".into()));
    }
    Ok(())
}

/// Ids are public contract (GraphQL, stored decisions): lowercase, stable, URL-safe.
fn valid_id(file: &str, entry: &str, field: &'static str, id: &str) -> Result<(), CatalogError> {
    let ok = id.len() <= 64
        && id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if !ok {
        return Err(invalid(
            file,
            entry,
            field,
            format!(
                "{id:?} is not a valid id (lowercase letters, digits, '_' and '-', at most 64 characters)"
            ),
        ));
    }
    Ok(())
}

/// Checks id syntax and uniqueness for one list of entries.
fn unique_ids<'a>(
    file: &str,
    kind: &str,
    ids: impl Iterator<Item = &'a str>,
) -> Result<(), CatalogError> {
    let mut seen = HashSet::new();
    for (i, id) in ids.enumerate() {
        let entry = format!("{kind} #{} ({id})", i + 1);
        valid_id(file, &entry, "id", id)?;
        if !seen.insert(id) {
            return Err(invalid(
                file,
                &entry,
                "id",
                format!("{id:?} is used by an earlier {kind}"),
            ));
        }
    }
    Ok(())
}

struct Refs<'a> {
    frameworks: &'a HashMap<String, usize>,
    criteria: &'a [Criterion],
    criterion_by_id: &'a HashMap<String, usize>,
}

impl Refs<'_> {
    fn framework(
        &self,
        file: &str,
        entry: &str,
        field: &'static str,
        id: &str,
    ) -> Result<usize, CatalogError> {
        self.frameworks
            .get(id)
            .copied()
            .ok_or_else(|| invalid(file, entry, field, format!("unknown framework {id:?}")))
    }

    fn choice(
        &self,
        file: &str,
        entry: &str,
        criterion: &str,
        option: &str,
    ) -> Result<Choice, CatalogError> {
        let c = *self.criterion_by_id.get(criterion).ok_or_else(|| {
            invalid(
                file,
                entry,
                "criterion",
                format!("unknown criterion {criterion:?}"),
            )
        })?;
        let o = self.criteria[c].option_index(option).ok_or_else(|| {
            invalid(
                file,
                entry,
                "option",
                format!("criterion {criterion:?} has no option {option:?}"),
            )
        })?;
        Ok(Choice {
            criterion: c,
            option: o,
        })
    }

    fn frameworks(
        &self,
        file: &str,
        entry: &str,
        ids: &[String],
    ) -> Result<Vec<usize>, CatalogError> {
        ids.iter()
            .map(|id| self.framework(file, entry, "frameworks", id))
            .collect()
    }
}

fn build_traits(file: &str, raw: Vec<RawTrait>) -> Result<Vec<Trait>, CatalogError> {
    unique_ids(file, "trait", raw.iter().map(|t| t.id.as_str()))?;
    raw.into_iter()
        .map(|t| {
            non_empty(file, &format!("trait {}", t.id), "label", &t.label)?;
            Ok(Trait {
                id: t.id,
                label: t.label,
                source: t.source,
            })
        })
        .collect()
}

fn build_frameworks(
    file: &str,
    raw: Vec<RawFramework>,
    traits: &[Trait],
) -> Result<Vec<Framework>, CatalogError> {
    if raw.is_empty() {
        return Err(invalid(
            file,
            "framework list",
            "framework",
            "the catalog needs at least one framework".into(),
        ));
    }
    unique_ids(file, "framework", raw.iter().map(|f| f.id.as_str()))?;
    raw.into_iter()
        .map(|mut f| {
            let entry = format!("framework {}", f.id);
            non_empty(file, &entry, "name", &f.name)?;
            non_empty(file, &entry, "summary", &f.summary)?;
            non_empty(file, &entry, "link", &f.link)?;
            if !f.link.starts_with("https://") {
                return Err(invalid(
                    file,
                    &entry,
                    "link",
                    format!("{:?} is not an https:// URL", f.link),
                ));
            }
            let mut values = Vec::with_capacity(traits.len());
            for t in traits {
                let v = f.traits.remove(&t.id).ok_or_else(|| {
                    invalid(
                        file,
                        &entry,
                        "traits",
                        format!("no value for trait {:?}", t.id),
                    )
                })?;
                values.push(v);
            }
            if let Some(extra) = f.traits.keys().next() {
                return Err(invalid(
                    file,
                    &entry,
                    "traits",
                    format!("unknown trait {extra:?}"),
                ));
            }
            Ok(Framework {
                id: f.id,
                name: f.name,
                language: f.language,
                category: f.category,
                summary: f.summary,
                strengths: f.strengths,
                weaknesses: f.weaknesses,
                link: f.link,
                traits: values,
            })
        })
        .collect()
}

fn build_criteria(file: &str, raw: Vec<RawCriterion>) -> Result<Vec<Criterion>, CatalogError> {
    unique_ids(file, "criterion", raw.iter().map(|c| c.id.as_str()))?;
    let mut first_option = 0;
    raw.into_iter()
        .map(|c| {
            let entry = format!("criterion {}", c.id);
            non_empty(file, &entry, "question", &c.question)?;
            if c.option.len() < 2 {
                return Err(invalid(
                    file,
                    &entry,
                    "option",
                    "a criterion needs at least two options".into(),
                ));
            }
            unique_ids(
                file,
                &format!("{entry} option"),
                c.option.iter().map(|o| o.id.as_str()),
            )?;
            let options: Vec<CriterionOption> = c
                .option
                .into_iter()
                .map(|o| CriterionOption {
                    id: o.id,
                    label: o.label,
                })
                .collect();
            let criterion = Criterion {
                id: c.id,
                question: c.question,
                help: c.help,
                first_option,
                options,
            };
            first_option += criterion.options.len();
            Ok(criterion)
        })
        .collect()
}

fn build_takeaways(
    file: &str,
    raw: Vec<RawTakeaway>,
    refs: &Refs,
) -> Result<Vec<Takeaway>, CatalogError> {
    unique_ids(file, "takeaway", raw.iter().map(|t| t.id.as_str()))?;
    raw.into_iter()
        .map(|t| {
            let entry = format!("takeaway {}", t.id);
            non_empty(file, &entry, "text", &t.text)?;
            if t.when.is_empty() {
                return Err(invalid(
                    file,
                    &entry,
                    "when",
                    "needs at least one condition".into(),
                ));
            }
            let when = t
                .when
                .iter()
                .map(|c| refs.choice(file, &entry, &c.criterion, &c.option))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Takeaway {
                frameworks: refs.frameworks(file, &entry, &t.frameworks)?,
                id: t.id,
                severity: t.severity,
                when,
                text: t.text,
            })
        })
        .collect()
}

fn build_faqs(file: &str, raw: Vec<RawFaq>, refs: &Refs) -> Result<Vec<Faq>, CatalogError> {
    unique_ids(file, "faq", raw.iter().map(|f| f.id.as_str()))?;
    raw.into_iter()
        .map(|f| {
            let entry = format!("faq {}", f.id);
            non_empty(file, &entry, "question", &f.question)?;
            non_empty(file, &entry, "answer", &f.answer)?;
            let search_text =
                format!("{}\n{}\n{}", f.question, f.answer, f.tags.join(" ")).to_lowercase();
            Ok(Faq {
                frameworks: refs.frameworks(file, &entry, &f.frameworks)?,
                id: f.id,
                question: f.question,
                answer: f.answer,
                tags: f.tags,
                source: f.source,
                search_text,
            })
        })
        .collect()
}

fn build_terms(file: &str, raw: Vec<RawTerm>) -> Result<Vec<Term>, CatalogError> {
    unique_ids(file, "term", raw.iter().map(|t| t.id.as_str()))?;
    raw.into_iter()
        .map(|t| {
            let entry = format!("term {}", t.id);
            non_empty(file, &entry, "term", &t.term)?;
            non_empty(file, &entry, "definition", &t.definition)?;
            Ok(Term {
                id: t.id,
                term: t.term,
                definition: t.definition,
                source: t.source,
            })
        })
        .collect()
}
