//! Changes to the texts a reader sees: takeaways (with their conditions), FAQs and the
//! glossary. Separate because FAQs and glossary terms share one generic entry-change shape
//! ([`EntryChanges`](super::EntryChanges)), and takeaways list their fields the same way.

use super::{Entry, EntryChange, EntryChanges, TakeawayChanges, TakeawayEntry};
use super::{Matched, field_change, list, match_by_id, text};
use crate::catalog::{Catalog, FrameworkIx, Severity};

pub fn severity_str(s: Severity) -> &'static str {
    match s {
        Severity::Info => "INFO",
        Severity::Caution => "CAUTION",
        Severity::Warning => "WARNING",
    }
}

pub(super) fn takeaways(old: &Catalog, new: &Catalog) -> TakeawayChanges {
    let m = match_by_id(&old.takeaways, &new.takeaways, |t| &t.id);
    let entry = |c: &Catalog, t: &crate::catalog::Takeaway| TakeawayEntry {
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

pub(super) fn faqs(old: &Catalog, new: &Catalog) -> EntryChanges {
    let ids = |c: &Catalog, fs: &[FrameworkIx]| -> Vec<String> {
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

pub(super) fn glossary(old: &Catalog, new: &Catalog) -> EntryChanges {
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
