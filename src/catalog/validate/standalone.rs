//! The checks on entries that stand alone: comparison traits, frameworks, criteria with
//! their options, glossary terms. Separate from `references` because none of them resolves
//! an id of another entry; they only use the shared checks of the parent module.

use super::{Problems, invalid, non_empty, unique_ids};
use crate::catalog::index::OptionRow;
use crate::catalog::model::*;
use crate::catalog::parse::Entries;
use crate::catalog::raw::*;

pub(in crate::catalog) fn build_traits(
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
pub(in crate::catalog) fn build_frameworks(
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
                    .and_then(|r| crate::catalog::radar::build_radar(p, file, &entry, r)),
            }
        })
        .collect()
}

pub(in crate::catalog) fn build_criteria(
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
                first_option: OptionRow(first_option),
                options,
            };
            first_option += criterion.options.len();
            criterion
        })
        .collect()
}

pub(in crate::catalog) fn build_terms(
    p: &mut Problems,
    file: &str,
    raw: Vec<(usize, RawTerm)>,
) -> Vec<Term> {
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
