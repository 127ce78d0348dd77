//! Changes to the questions a team answers and to how they score: criteria, their
//! options, and the scoring rules keyed by (criterion, option, framework). Separate
//! because rules are matched by that key, not by an id of their own.

use std::collections::HashMap;

use super::match_by_id;
use super::{
    CriterionChanges, CriterionEntry, OptionChanges, OptionEntry, OptionRelabel, Relabel, Reworded,
    RuleChanges, RuleEntry, ScoreChange,
};
use crate::catalog::Catalog;

pub(super) fn criteria(old: &Catalog, new: &Catalog) -> CriterionChanges {
    let m = match_by_id(&old.criteria, &new.criteria, |c| &c.id);
    let entry = |c: &crate::catalog::Criterion| CriterionEntry {
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

pub(super) fn options(old: &Catalog, new: &Catalog) -> OptionChanges {
    let mut changes = OptionChanges {
        added: Vec::new(),
        removed: Vec::new(),
        relabelled: Vec::new(),
    };
    let criteria = match_by_id(&old.criteria, &new.criteria, |c| &c.id);
    for (oc, nc) in criteria.both {
        let m = match_by_id(&oc.options, &nc.options, |o| &o.id);
        let entry = |o: &crate::catalog::CriterionOption| OptionEntry {
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

pub(super) fn rules(old: &Catalog, new: &Catalog) -> RuleChanges {
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
