//! The checks on each kind of catalog entry, recording every problem rather than stopping
//! at the first: ids well-formed and unique, texts not empty, references resolved, every
//! framework with a value for every comparison trait. `load` runs them in file order and
//! builds the catalog only when none failed.
//!
//! This file holds the checks every entry shares (ids, non-empty texts); [`standalone`]
//! builds the entries that refer to no other, [`references`] the ones that do.

use std::collections::{HashMap, HashSet};

use super::CatalogError;

mod references;
mod standalone;

pub(super) use references::{Cells, Refs, build_faqs, build_rules, build_takeaways};
pub(super) use standalone::{build_criteria, build_frameworks, build_terms, build_traits};

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

/// Each id with its position, as the index type `ix` (`FrameworkIx`, `CriterionIx`).
pub(super) fn index_by_id<'a, I>(
    ids: impl Iterator<Item = &'a String>,
    ix: impl Fn(usize) -> I,
) -> HashMap<String, I> {
    ids.enumerate().map(|(i, id)| (id.clone(), ix(i))).collect()
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
