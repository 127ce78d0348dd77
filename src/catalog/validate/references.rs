//! The checks on entries that refer to others: scoring rules, takeaways and FAQs, resolved
//! through [`Refs`]. Separate from `standalone` because these need the frameworks and
//! criteria already built, and the rules build the score matrix ([`Cells`]).

use std::collections::HashMap;

use super::{Problems, invalid, non_empty, unique_ids};
use crate::catalog::index::{CriterionIx, FrameworkIx};
use crate::catalog::load::SCORE_RANGE;
use crate::catalog::model::*;
use crate::catalog::raw::*;

/// Resolves references to frameworks, criteria and options. A `None` target means its
/// file could not be read completely: the reference is then not checked (see the `validate`
/// module doc), and not resolved either, which is fine because the catalog is rejected anyway.
pub(in crate::catalog) struct Refs<'a> {
    pub(in crate::catalog) frameworks: Option<&'a HashMap<String, FrameworkIx>>,
    pub(in crate::catalog) criteria: Option<(&'a [Criterion], &'a HashMap<String, CriterionIx>)>,
}

impl Refs<'_> {
    fn framework(
        &self,
        p: &mut Problems,
        file: &str,
        entry: &str,
        field: &'static str,
        id: &str,
    ) -> Option<FrameworkIx> {
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

    fn frameworks(
        &self,
        p: &mut Problems,
        file: &str,
        entry: &str,
        ids: &[String],
    ) -> Vec<FrameworkIx> {
        ids.iter()
            .filter_map(|id| self.framework(p, file, entry, "frameworks", id))
            .collect()
    }
}

/// The score matrix and its rationales (see `Catalog`), from the rules that resolve.
pub(in crate::catalog) struct Cells {
    pub(in crate::catalog) scores: Vec<i8>,
    pub(in crate::catalog) rationales: Vec<Option<Box<str>>>,
}

pub(in crate::catalog) fn build_rules(
    p: &mut Problems,
    file: &str,
    raw: Vec<(usize, RawRule)>,
    refs: &Refs,
    criteria: &[Criterion],
    frameworks: usize,
) -> Cells {
    let option_count = criteria
        .last()
        .map_or(0, |c| c.first_option.0 + c.options.len());
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
        let cell = criteria[choice.criterion].row(choice.option).cell(fw, n);
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

pub(in crate::catalog) fn build_takeaways(
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

pub(in crate::catalog) fn build_faqs(
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
