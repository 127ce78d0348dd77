//! What changed between two catalogs, entry by entry and by id: the review of a catalog
//! change in the terms a reviewer reads (frameworks, questions and options, scoring rules,
//! takeaways, comparison traits, FAQs, glossary).
//!
//! Pure: two validated catalogs in, a [`CatalogDiff`] out. Its JSON (serde) is a stable,
//! documented shape (README, "Changing the catalog"): every list is always present, in
//! catalog order (added and changed entries in the new catalog's order, removed ones in the
//! old one's), and a rule is listed even when it went with its framework, criterion or
//! option. The text rendering belongs to the command (`cli::diff`).
//!
//! This file holds the matching by id every entry kind shares; [`framework_changes`],
//! [`question_changes`] and [`text_changes`] compare the entry kinds, [`shape`] is the
//! result.

mod framework_changes;
mod question_changes;
mod shape;
mod text_changes;

use framework_changes::{frameworks, traits};
use question_changes::{criteria, options, rules};
pub use shape::*;
pub use text_changes::severity_str;
use text_changes::{faqs, glossary, takeaways};

use std::collections::HashMap;

use super::Catalog;

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

#[cfg(test)]
mod tests;
