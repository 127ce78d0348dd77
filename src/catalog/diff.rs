//! What changed between two catalogs, entry by entry and by id: the review of a catalog
//! change in the terms a reviewer reads (frameworks, questions and options, scoring rules,
//! takeaways, comparison traits, FAQs, glossary).
//!
//! Pure: two validated catalogs in, a [`CatalogDiff`] out. Its JSON (serde) is a stable,
//! documented shape (README, "Changing the catalog"): every list is always present, in
//! catalog order (added and changed entries in the new catalog's order, removed ones in the
//! old one's), and a rule is listed even when it went with its framework, criterion or
//! option. The text rendering belongs to the command (`cli::diff`).

mod shape;

pub use shape::*;

use std::collections::HashMap;

use super::{Catalog, Severity};

/// Compares `old` with `new`.
pub fn diff(old: &Catalog, new: &Catalog) -> CatalogDiff {
    CatalogDiff {
        old_version: old.version.clone(),
        new_version: new.version.clone(),
        frameworks: frameworks(old, new),
        criteria: criteria(old, new),
        options: options(old, new),
        rules: rules(old, new),
        takeaways: takeaways(old, new),
        traits: traits(old, new),
        faqs: faqs(old, new),
        glossary: glossary(old, new),
    }
}

/// Entries only in `new` (new order), only in `old` (old order), and in both (new order).
struct Matched<'a, T> {
    added: Vec<&'a T>,
    removed: Vec<&'a T>,
    both: Vec<(&'a T, &'a T)>,
}

fn match_by_id<'a, T>(old: &'a [T], new: &'a [T], id: impl Fn(&T) -> &str) -> Matched<'a, T> {
    let old_by_id: HashMap<&str, &T> = old.iter().map(|x| (id(x), x)).collect();
    let new_by_id: HashMap<&str, &T> = new.iter().map(|x| (id(x), x)).collect();
    let mut m = Matched {
        added: Vec::new(),
        removed: Vec::new(),
        both: Vec::new(),
    };
    for x in new {
        match old_by_id.get(id(x)) {
            Some(&o) => m.both.push((o, x)),
            None => m.added.push(x),
        }
    }
    m.removed = old
        .iter()
        .filter(|x| !new_by_id.contains_key(id(x)))
        .collect();
    m
}

fn field_change(id: &str, field: &'static str, old: Value, new: Value) -> Option<FieldChange> {
    (old != new).then(|| FieldChange {
        id: id.to_string(),
        field,
        old,
        new,
    })
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn list(items: &[String]) -> Value {
    Value::List(items.to_vec())
}

/// The radar fields of a framework the catalog leaves off the radar read "none".
fn ring(f: &super::Framework) -> Value {
    text(f.radar.as_ref().map_or("none", |r| r.ring().as_str()))
}

fn quadrant(f: &super::Framework) -> Value {
    text(f.radar.as_ref().map_or("none", |r| r.quadrant.as_str()))
}

/// `trial since 2021-06-07`, oldest first: a move added or redated shows here.
fn moves(f: &super::Framework) -> Value {
    Value::List(f.radar.as_ref().map_or_else(Vec::new, |r| {
        r.moves
            .iter()
            .map(|m| format!("{} since {}", m.ring.as_str(), m.date))
            .collect()
    }))
}

fn frameworks(old: &Catalog, new: &Catalog) -> FrameworkChanges {
    let m = match_by_id(&old.frameworks, &new.frameworks, |f| &f.id);
    let entry = |f: &super::Framework| FrameworkEntry {
        id: f.id.clone(),
        name: f.name.clone(),
        language: f.language.as_str(),
    };
    let mut changes = FrameworkChanges {
        added: m.added.iter().map(|f| entry(f)).collect(),
        removed: m.removed.iter().map(|f| entry(f)).collect(),
        renamed: Vec::new(),
        changed: Vec::new(),
    };
    for (o, n) in m.both {
        if o.name != n.name {
            changes.renamed.push(Relabel {
                id: n.id.clone(),
                old: o.name.clone(),
                new: n.name.clone(),
            });
        }
        let id = &n.id;
        changes.changed.extend(
            [
                field_change(
                    id,
                    "language",
                    text(o.language.as_str()),
                    text(n.language.as_str()),
                ),
                field_change(id, "category", text(&o.category), text(&n.category)),
                field_change(id, "summary", text(&o.summary), text(&n.summary)),
                field_change(id, "strengths", list(&o.strengths), list(&n.strengths)),
                field_change(id, "weaknesses", list(&o.weaknesses), list(&n.weaknesses)),
                field_change(id, "link", text(&o.link), text(&n.link)),
                field_change(id, "radar.ring", ring(o), ring(n)),
                field_change(id, "radar.quadrant", quadrant(o), quadrant(n)),
                field_change(id, "radar.moves", moves(o), moves(n)),
            ]
            .into_iter()
            .flatten(),
        );
    }
    changes
}

fn criteria(old: &Catalog, new: &Catalog) -> CriterionChanges {
    let m = match_by_id(&old.criteria, &new.criteria, |c| &c.id);
    let entry = |c: &super::Criterion| CriterionEntry {
        id: c.id.clone(),
        question: c.question.clone(),
        options: c.options.iter().map(|o| o.id.clone()).collect(),
    };
    let relabel = |id: &str, old: &str, new: &str| {
        (old != new).then(|| Relabel {
            id: id.to_string(),
            old: old.to_string(),
            new: new.to_string(),
        })
    };
    CriterionChanges {
        added: m.added.iter().map(|c| entry(c)).collect(),
        removed: m.removed.iter().map(|c| entry(c)).collect(),
        relabelled: m
            .both
            .iter()
            .filter_map(|(o, n)| relabel(&n.id, &o.question, &n.question))
            .collect(),
        help_changed: m
            .both
            .iter()
            .filter_map(|(o, n)| relabel(&n.id, &o.help, &n.help))
            .collect(),
    }
}

fn options(old: &Catalog, new: &Catalog) -> OptionChanges {
    let mut changes = OptionChanges {
        added: Vec::new(),
        removed: Vec::new(),
        relabelled: Vec::new(),
    };
    let criteria = match_by_id(&old.criteria, &new.criteria, |c| &c.id);
    for (oc, nc) in criteria.both {
        let m = match_by_id(&oc.options, &nc.options, |o| &o.id);
        let entry = |o: &super::CriterionOption| OptionEntry {
            criterion: nc.id.clone(),
            option: o.id.clone(),
            label: o.label.clone(),
        };
        changes.added.extend(m.added.iter().map(|o| entry(o)));
        changes.removed.extend(m.removed.iter().map(|o| entry(o)));
        changes
            .relabelled
            .extend(
                m.both
                    .iter()
                    .filter(|(o, n)| o.label != n.label)
                    .map(|(o, n)| OptionRelabel {
                        criterion: nc.id.clone(),
                        option: n.id.clone(),
                        old: o.label.clone(),
                        new: n.label.clone(),
                    }),
            );
    }
    changes
}

type RuleKey<'a> = (&'a str, &'a str, &'a str);

/// Every rule of `c` by (criterion, option, framework) id, in catalog order.
fn rule_list(c: &Catalog) -> Vec<(RuleKey<'_>, i8, &str)> {
    c.rules()
        .map(|r| {
            let crit = &c.criteria[r.criterion];
            (
                (
                    crit.id.as_str(),
                    crit.options[r.option].id.as_str(),
                    c.frameworks[r.framework].id.as_str(),
                ),
                r.score,
                r.rationale,
            )
        })
        .collect()
}

fn rules(old: &Catalog, new: &Catalog) -> RuleChanges {
    let old_rules = rule_list(old);
    let new_rules = rule_list(new);
    let old_by_key: HashMap<RuleKey, (i8, &str)> =
        old_rules.iter().map(|(k, s, r)| (*k, (*s, *r))).collect();
    let new_by_key: HashMap<RuleKey, (i8, &str)> =
        new_rules.iter().map(|(k, s, r)| (*k, (*s, *r))).collect();
    let entry = |(c, o, f): RuleKey, score: i8, rationale: &str| RuleEntry {
        criterion: c.to_string(),
        option: o.to_string(),
        framework: f.to_string(),
        score,
        rationale: rationale.to_string(),
    };
    let mut changes = RuleChanges {
        added: Vec::new(),
        removed: Vec::new(),
        score_changed: Vec::new(),
        reworded: Vec::new(),
    };
    for &(key, score, rationale) in &new_rules {
        let (c, o, f) = key;
        match old_by_key.get(&key) {
            None => changes.added.push(entry(key, score, rationale)),
            Some(&(old_score, old_rationale)) if old_score != score => {
                changes.score_changed.push(ScoreChange {
                    criterion: c.to_string(),
                    option: o.to_string(),
                    framework: f.to_string(),
                    old_score,
                    new_score: score,
                    old_rationale: old_rationale.to_string(),
                    new_rationale: rationale.to_string(),
                });
            }
            Some(&(_, old_rationale)) if old_rationale != rationale => {
                changes.reworded.push(Reworded {
                    criterion: c.to_string(),
                    option: o.to_string(),
                    framework: f.to_string(),
                    score,
                    old_rationale: old_rationale.to_string(),
                    new_rationale: rationale.to_string(),
                });
            }
            Some(_) => {}
        }
    }
    changes.removed = old_rules
        .iter()
        .filter(|(k, _, _)| !new_by_key.contains_key(k))
        .map(|&(k, s, r)| entry(k, s, r))
        .collect();
    changes
}

pub fn severity_str(s: Severity) -> &'static str {
    match s {
        Severity::Info => "INFO",
        Severity::Caution => "CAUTION",
        Severity::Warning => "WARNING",
    }
}

fn takeaways(old: &Catalog, new: &Catalog) -> TakeawayChanges {
    let m = match_by_id(&old.takeaways, &new.takeaways, |t| &t.id);
    let entry = |c: &Catalog, t: &super::Takeaway| TakeawayEntry {
        id: t.id.clone(),
        severity: severity_str(t.severity),
        when: t
            .when
            .iter()
            .map(|w| {
                let crit = &c.criteria[w.criterion];
                format!("{}={}", crit.id, crit.options[w.option].id)
            })
            .collect(),
        frameworks: t
            .frameworks
            .iter()
            .map(|&f| c.frameworks[f].id.clone())
            .collect(),
        text: t.text.clone(),
    };
    let mut changes = TakeawayChanges {
        added: m.added.iter().map(|t| entry(new, t)).collect(),
        removed: m.removed.iter().map(|t| entry(old, t)).collect(),
        changed: Vec::new(),
    };
    for (o, n) in m.both {
        let (o, n) = (entry(old, o), entry(new, n));
        let id = &n.id;
        changes.changed.extend(
            [
                field_change(id, "severity", text(o.severity), text(n.severity)),
                field_change(id, "when", list(&o.when), list(&n.when)),
                field_change(id, "frameworks", list(&o.frameworks), list(&n.frameworks)),
                field_change(id, "text", text(&o.text), text(&n.text)),
            ]
            .into_iter()
            .flatten(),
        );
    }
    changes
}

fn traits(old: &Catalog, new: &Catalog) -> TraitChanges {
    let m = match_by_id(&old.traits, &new.traits, |t| &t.id);
    let entry = |t: &super::Trait| TraitEntry {
        id: t.id.clone(),
        label: t.label.clone(),
    };
    let mut changes = TraitChanges {
        added: m.added.iter().map(|t| entry(t)).collect(),
        removed: m.removed.iter().map(|t| entry(t)).collect(),
        relabelled: m
            .both
            .iter()
            .filter(|(o, n)| o.label != n.label)
            .map(|(o, n)| Relabel {
                id: n.id.clone(),
                old: o.label.clone(),
                new: n.label.clone(),
            })
            .collect(),
        values_changed: Vec::new(),
    };
    let frameworks = match_by_id(&old.frameworks, &new.frameworks, |f| &f.id);
    for (of, nf) in frameworks.both {
        for (ot, nt) in &m.both {
            let position = |c: &Catalog, id: &str| c.traits.iter().position(|t| t.id == id);
            let (Some(oi), Some(ni)) = (position(old, &ot.id), position(new, &nt.id)) else {
                continue;
            };
            if of.traits[oi] != nf.traits[ni] {
                changes.values_changed.push(TraitValueChange {
                    framework: nf.id.clone(),
                    trait_id: nt.id.clone(),
                    old: of.traits[oi].clone(),
                    new: nf.traits[ni].clone(),
                });
            }
        }
    }
    changes
}

fn entry_changes<T>(
    m: &Matched<'_, T>,
    id: impl Fn(&T) -> &str,
    title: impl Fn(&T) -> &str,
    changed_fields: impl Fn(&T, &T) -> Vec<&'static str>,
) -> EntryChanges {
    let entry = |x: &T| Entry {
        id: id(x).to_string(),
        title: title(x).to_string(),
    };
    EntryChanges {
        added: m.added.iter().map(|x| entry(x)).collect(),
        removed: m.removed.iter().map(|x| entry(x)).collect(),
        changed: m
            .both
            .iter()
            .filter_map(|(o, n)| {
                let fields = changed_fields(o, n);
                (!fields.is_empty()).then(|| EntryChange {
                    id: id(n).to_string(),
                    title: title(n).to_string(),
                    fields,
                })
            })
            .collect(),
    }
}

fn faqs(old: &Catalog, new: &Catalog) -> EntryChanges {
    let ids = |c: &Catalog, fs: &[usize]| -> Vec<String> {
        fs.iter().map(|&f| c.frameworks[f].id.clone()).collect()
    };
    entry_changes(
        &match_by_id(&old.faqs, &new.faqs, |f| &f.id),
        |f| &f.id,
        |f| &f.question,
        |o, n| {
            [
                ("question", o.question != n.question),
                ("answer", o.answer != n.answer),
                (
                    "frameworks",
                    ids(old, &o.frameworks) != ids(new, &n.frameworks),
                ),
                ("tags", o.tags != n.tags),
                ("source", o.source != n.source),
            ]
            .into_iter()
            .filter_map(|(f, changed)| changed.then_some(f))
            .collect()
        },
    )
}

fn glossary(old: &Catalog, new: &Catalog) -> EntryChanges {
    entry_changes(
        &match_by_id(&old.glossary, &new.glossary, |t| &t.id),
        |t| &t.id,
        |t| &t.term,
        |o, n| {
            [
                ("term", o.term != n.term),
                ("definition", o.definition != n.definition),
                ("source", o.source != n.source),
            ]
            .into_iter()
            .filter_map(|(f, changed)| changed.then_some(f))
            .collect()
        },
    )
}

#[cfg(test)]
mod tests;
