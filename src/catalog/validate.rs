//! The checks on each kind of catalog entry, recording every problem rather than stopping
//! at the first: ids well-formed and unique, texts not empty, references resolved, every
//! framework with a value for every comparison trait. `load` runs them in file order and
//! builds the catalog only when none failed.

use std::collections::{HashMap, HashSet};

use super::CatalogError;
use super::load::SCORE_RANGE;
use super::model::*;
use super::parse::Entries;
use super::raw::*;

pub(super) type Problems = Vec<CatalogError>;

pub(super) fn invalid(
    file: &str,
    entry: &str,
    field: &'static str,
    problem: String,
) -> CatalogError {
    CatalogError::Invalid {
        file: file.to_string(),
        entry: entry.to_string(),
        field,
        problem,
    }
}

pub(super) fn index_by_id<'a>(ids: impl Iterator<Item = &'a String>) -> HashMap<String, usize> {
    ids.enumerate().map(|(i, id)| (id.clone(), i)).collect()
}

/// Records a problem if `value` is blank; returns whether it is not.
fn non_empty(p: &mut Problems, file: &str, entry: &str, field: &'static str, value: &str) -> bool {
    if value.trim().is_empty() {
        p.push(invalid(file, entry, field, "must not be empty".into()));
        return false;
    }
    true
}

/// Ids are public contract (GraphQL, stored decisions): lowercase, stable, URL-safe.
fn valid_id(p: &mut Problems, file: &str, entry: &str, field: &'static str, id: &str) -> bool {
    let ok = id.len() <= 64
        && id.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if !ok {
        p.push(invalid(
            file,
            entry,
            field,
            format!(
                "{id:?} is not a valid id (lowercase letters, digits, '_' and '-', at most 64 characters)"
            ),
        ));
    }
    ok
}

/// Checks id syntax and uniqueness for one list of entries.
/// `ids` are numbered from 1 in file order.
fn unique_ids<'a>(
    p: &mut Problems,
    file: &str,
    kind: &str,
    ids: impl Iterator<Item = (usize, &'a str)>,
) {
    let mut seen = HashSet::new();
    for (n, id) in ids {
        let entry = format!("{kind} #{n} ({id})");
        if valid_id(p, file, &entry, "id", id) && !seen.insert(id) {
            p.push(invalid(
                file,
                &entry,
                "id",
                format!("{id:?} is used by an earlier {kind}"),
            ));
        }
    }
}

/// Resolves references to frameworks, criteria and options. A `None` target means its
/// file could not be read completely: the reference is then not checked (see the module
/// doc), and not resolved either, which is fine because the catalog is rejected anyway.
pub(super) struct Refs<'a> {
    pub(super) frameworks: Option<&'a HashMap<String, usize>>,
    pub(super) criteria: Option<(&'a [Criterion], &'a HashMap<String, usize>)>,
}

impl Refs<'_> {
    fn framework(
        &self,
        p: &mut Problems,
        file: &str,
        entry: &str,
        field: &'static str,
        id: &str,
    ) -> Option<usize> {
        let found = self.frameworks?.get(id).copied();
        if found.is_none() {
            p.push(invalid(
                file,
                entry,
                field,
                format!("unknown framework {id:?}"),
            ));
        }
        found
    }

    fn choice(
        &self,
        p: &mut Problems,
        file: &str,
        entry: &str,
        criterion: &str,
        option: &str,
    ) -> Option<Choice> {
        let (criteria, by_id) = self.criteria?;
        let Some(&c) = by_id.get(criterion) else {
            p.push(invalid(
                file,
                entry,
                "criterion",
                format!("unknown criterion {criterion:?}"),
            ));
            return None;
        };
        let Some(o) = criteria[c].option_index(option) else {
            p.push(invalid(
                file,
                entry,
                "option",
                format!("criterion {criterion:?} has no option {option:?}"),
            ));
            return None;
        };
        Some(Choice {
            criterion: c,
            option: o,
        })
    }

    fn frameworks(&self, p: &mut Problems, file: &str, entry: &str, ids: &[String]) -> Vec<usize> {
        ids.iter()
            .filter_map(|id| self.framework(p, file, entry, "frameworks", id))
            .collect()
    }
}

pub(super) fn build_traits(
    p: &mut Problems,
    file: &str,
    raw: Vec<(usize, RawTrait)>,
) -> Vec<Trait> {
    unique_ids(
        p,
        file,
        "trait",
        raw.iter().map(|(n, t)| (*n, t.id.as_str())),
    );
    raw.into_iter()
        .map(|(_, t)| {
            non_empty(p, file, &format!("trait {}", t.id), "label", &t.label);
            Trait {
                id: t.id,
                label: t.label,
                source: t.source,
            }
        })
        .collect()
}

/// `traits`: the comparison rows every framework must fill, or `None` when the comparison
/// file could not be read (then the frameworks' traits are not checked).
pub(super) fn build_frameworks(
    p: &mut Problems,
    file: &str,
    raw: Entries<RawFramework>,
    traits: Option<&[Trait]>,
) -> Vec<Framework> {
    if raw.complete && raw.list.is_empty() {
        p.push(invalid(
            file,
            "framework list",
            "framework",
            "the catalog needs at least one framework".into(),
        ));
    }
    unique_ids(
        p,
        file,
        "framework",
        raw.list.iter().map(|(n, f)| (*n, f.id.as_str())),
    );
    raw.list
        .into_iter()
        .map(|(_, mut f)| {
            let entry = format!("framework {}", f.id);
            non_empty(p, file, &entry, "name", &f.name);
            non_empty(p, file, &entry, "summary", &f.summary);
            if non_empty(p, file, &entry, "link", &f.link) && !f.link.starts_with("https://") {
                p.push(invalid(
                    file,
                    &entry,
                    "link",
                    format!("{:?} is not an https:// URL", f.link),
                ));
            }
            let mut values = Vec::new();
            if let Some(traits) = traits {
                for t in traits {
                    let v = f.traits.remove(&t.id).unwrap_or_else(|| {
                        p.push(invalid(
                            file,
                            &entry,
                            "traits",
                            format!("no value for trait {:?}", t.id),
                        ));
                        String::new()
                    });
                    values.push(v);
                }
                for extra in f.traits.keys() {
                    p.push(invalid(
                        file,
                        &entry,
                        "traits",
                        format!("unknown trait {extra:?}"),
                    ));
                }
            }
            Framework {
                id: f.id,
                name: f.name,
                language: f.language,
                category: f.category,
                summary: f.summary,
                strengths: f.strengths,
                weaknesses: f.weaknesses,
                link: f.link,
                traits: values,
                radar: f
                    .radar
                    .and_then(|r| super::radar::build_radar(p, file, &entry, r)),
            }
        })
        .collect()
}

pub(super) fn build_criteria(
    p: &mut Problems,
    file: &str,
    raw: Vec<(usize, RawCriterion)>,
) -> Vec<Criterion> {
    unique_ids(
        p,
        file,
        "criterion",
        raw.iter().map(|(n, c)| (*n, c.id.as_str())),
    );
    let mut first_option = 0;
    raw.into_iter()
        .map(|(_, c)| {
            let entry = format!("criterion {}", c.id);
            non_empty(p, file, &entry, "question", &c.question);
            if c.option.len() < 2 {
                p.push(invalid(
                    file,
                    &entry,
                    "option",
                    "a criterion needs at least two options".into(),
                ));
            }
            unique_ids(
                p,
                file,
                &format!("{entry} option"),
                c.option
                    .iter()
                    .enumerate()
                    .map(|(i, o)| (i + 1, o.id.as_str())),
            );
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
            criterion
        })
        .collect()
}

/// The score matrix and its rationales (see `Catalog`), from the rules that resolve.
pub(super) struct Cells {
    pub(super) scores: Vec<i8>,
    pub(super) rationales: Vec<Option<Box<str>>>,
}

pub(super) fn build_rules(
    p: &mut Problems,
    file: &str,
    raw: Vec<(usize, RawRule)>,
    refs: &Refs,
    criteria: &[Criterion],
    frameworks: usize,
) -> Cells {
    let option_count = criteria
        .last()
        .map_or(0, |c| c.first_option + c.options.len());
    let n = frameworks;
    let mut scores = vec![0i8; option_count * n];
    let mut rationales: Vec<Option<Box<str>>> = vec![None; option_count * n];
    for (i, rule) in raw {
        let entry = format!(
            "rule #{i} ({} / {}={})",
            rule.framework, rule.criterion, rule.option
        );
        let choice = refs.choice(p, file, &entry, &rule.criterion, &rule.option);
        let fw = refs.framework(p, file, &entry, "framework", &rule.framework);
        let in_range = SCORE_RANGE.contains(&rule.score);
        if !in_range {
            p.push(invalid(
                file,
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
        non_empty(p, file, &entry, "rationale", &rule.rationale);
        let (Some(choice), Some(fw), true) = (choice, fw, in_range) else {
            continue;
        };
        let cell = (criteria[choice.criterion].first_option + choice.option) * n + fw;
        if rationales[cell].is_some() {
            p.push(invalid(
                file,
                &entry,
                "framework",
                "a rule for this framework, criterion and option already exists".into(),
            ));
            continue;
        }
        scores[cell] = rule.score as i8;
        rationales[cell] = Some(rule.rationale.into_boxed_str());
    }
    Cells { scores, rationales }
}

pub(super) fn build_takeaways(
    p: &mut Problems,
    file: &str,
    raw: Vec<(usize, RawTakeaway)>,
    refs: &Refs,
) -> Vec<Takeaway> {
    unique_ids(
        p,
        file,
        "takeaway",
        raw.iter().map(|(n, t)| (*n, t.id.as_str())),
    );
    raw.into_iter()
        .map(|(_, t)| {
            let entry = format!("takeaway {}", t.id);
            non_empty(p, file, &entry, "text", &t.text);
            if t.when.is_empty() {
                p.push(invalid(
                    file,
                    &entry,
                    "when",
                    "needs at least one condition".into(),
                ));
            }
            let when = t
                .when
                .iter()
                .filter_map(|c| refs.choice(p, file, &entry, &c.criterion, &c.option))
                .collect();
            Takeaway {
                frameworks: refs.frameworks(p, file, &entry, &t.frameworks),
                id: t.id,
                severity: t.severity,
                when,
                text: t.text,
            }
        })
        .collect()
}

pub(super) fn build_faqs(
    p: &mut Problems,
    file: &str,
    raw: Vec<(usize, RawFaq)>,
    refs: &Refs,
) -> Vec<Faq> {
    unique_ids(p, file, "faq", raw.iter().map(|(n, f)| (*n, f.id.as_str())));
    raw.into_iter()
        .map(|(_, f)| {
            let entry = format!("faq {}", f.id);
            non_empty(p, file, &entry, "question", &f.question);
            non_empty(p, file, &entry, "answer", &f.answer);
            let search_text =
                format!("{}\n{}\n{}", f.question, f.answer, f.tags.join(" ")).to_lowercase();
            Faq {
                frameworks: refs.frameworks(p, file, &entry, &f.frameworks),
                id: f.id,
                question: f.question,
                answer: f.answer,
                tags: f.tags,
                source: f.source,
                search_text,
            }
        })
        .collect()
}

pub(super) fn build_terms(p: &mut Problems, file: &str, raw: Vec<(usize, RawTerm)>) -> Vec<Term> {
    unique_ids(
        p,
        file,
        "term",
        raw.iter().map(|(n, t)| (*n, t.id.as_str())),
    );
    raw.into_iter()
        .map(|(_, t)| {
            let entry = format!("term {}", t.id);
            non_empty(p, file, &entry, "term", &t.term);
            non_empty(p, file, &entry, "definition", &t.definition);
            Term {
                id: t.id,
                term: t.term,
                definition: t.definition,
                source: t.source,
            }
        })
        .collect()
}
