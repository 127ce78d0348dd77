//! Changes to frameworks (their fields and radar placement) and to the comparison traits
//! with each framework's values. Separate from the other entry kinds because a framework's
//! diff covers many fields and the trait values span both lists.

use super::{
    FrameworkChanges, FrameworkEntry, Relabel, TraitChanges, TraitEntry, TraitValueChange,
};
use super::{Value, field_change, list, match_by_id, text};
use crate::catalog::Catalog;

/// The radar fields of a framework the catalog leaves off the radar read "none".
fn ring(f: &crate::catalog::Framework) -> Value {
    text(f.radar.as_ref().map_or("none", |r| r.ring().as_str()))
}

fn quadrant(f: &crate::catalog::Framework) -> Value {
    text(f.radar.as_ref().map_or("none", |r| r.quadrant.as_str()))
}

/// `trial since 2021-06-07`, oldest first: a move added or redated shows here.
fn moves(f: &crate::catalog::Framework) -> Value {
    Value::List(f.radar.as_ref().map_or_else(Vec::new, |r| {
        r.moves
            .iter()
            .map(|m| format!("{} since {}", m.ring.as_str(), m.date))
            .collect()
    }))
}

pub(super) fn frameworks(old: &Catalog, new: &Catalog) -> FrameworkChanges {
    let m = match_by_id(&old.frameworks, &new.frameworks, |f| &f.id);
    let entry = |f: &crate::catalog::Framework| FrameworkEntry {
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

pub(super) fn traits(old: &Catalog, new: &Catalog) -> TraitChanges {
    let m = match_by_id(&old.traits, &new.traits, |t| &t.id);
    let entry = |t: &crate::catalog::Trait| TraitEntry {
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
