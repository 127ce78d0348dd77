//! Reading one catalog file into its entries, recording every problem instead of stopping
//! at the first: each syntax error (the TOML parser recovers and goes on), a top-level key
//! the file does not hold, and each entry whose shape is wrong (an unknown key, a missing
//! field, a value of the wrong type), named by its position and id. What the entries mean
//! (ids, references, ranges, texts) is checked in `load`, never here.

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::CatalogError;

/// The list of `[[key]]` tables one catalog file holds.
pub(super) struct FileSpec {
    /// The array-of-tables key: `framework` for `[[framework]]`.
    pub(super) key: &'static str,
    /// How problems name one entry: `framework #2 (flask)`.
    pub(super) kind: &'static str,
    /// Whether the file must hold the key (an absent optional key is an empty list).
    pub(super) required: bool,
}

/// The entries of one file that have the right shape, each with its 1-based position in
/// the file (so `rule #12` is the twelfth `[[rule]]`, whether or not an earlier one could
/// be read).
pub(super) struct Entries<T> {
    pub(super) list: Vec<(usize, T)>,
    /// False when the file, or one of its entries, could not be read. References into such
    /// a file are not checked: an entry that could not be read would look like a dangling
    /// reference, and that problem would be a consequence, not a cause.
    pub(super) complete: bool,
}

impl<T> Entries<T> {
    fn unreadable() -> Entries<T> {
        Entries {
            list: Vec::new(),
            complete: false,
        }
    }
}

/// Reads `text` (`None`: the file could not be read, already recorded) as a list of
/// `spec.key` entries, recording every problem in `problems`.
pub(super) fn entries<T: DeserializeOwned>(
    file: &str,
    text: Option<&str>,
    spec: &FileSpec,
    problems: &mut Vec<CatalogError>,
) -> Entries<T> {
    let Some(text) = text else {
        return Entries::unreadable();
    };
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for e in errors {
            problems.push(CatalogError::Syntax {
                file: file.to_string(),
                message: located(text, e.span(), e.message()),
            });
        }
        return Entries::unreadable();
    }

    let mut complete = true;
    let mut list = None;
    for (key, value) in root.get_ref() {
        if key.get_ref() == spec.key {
            list = Some(value);
        } else {
            complete = false;
            problems.push(CatalogError::Syntax {
                file: file.to_string(),
                message: located(
                    text,
                    Some(key.span()),
                    &format!(
                        "unknown key `{}`: this file holds only `[[{}]]` tables",
                        key.get_ref(),
                        spec.key
                    ),
                ),
            });
        }
    }
    let items: &[_] = match list.map(|v| (v, v.get_ref())) {
        None if spec.required => {
            problems.push(CatalogError::Syntax {
                file: file.to_string(),
                message: format!("no `[[{}]]` tables", spec.key),
            });
            return Entries::unreadable();
        }
        None => &[],
        Some((_, DeValue::Array(items))) => items,
        Some((value, _)) => {
            problems.push(CatalogError::Syntax {
                file: file.to_string(),
                message: located(
                    text,
                    Some(value.span()),
                    &format!("`{}` must be a list of `[[{}]]` tables", spec.key, spec.key),
                ),
            });
            return Entries::unreadable();
        }
    };

    let mut parsed = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match T::deserialize(ValueDeserializer::from(item.clone())) {
            Ok(entry) => parsed.push((i + 1, entry)),
            Err(e) => {
                complete = false;
                problems.push(CatalogError::Entry {
                    file: file.to_string(),
                    entry: entry_name(spec.kind, i, item.get_ref()),
                    problem: located(text, e.span().or(Some(item.span())), e.message()),
                });
            }
        }
    }
    Entries {
        list: parsed,
        complete,
    }
}

/// `rule #3 (django / admin_panel=yes)`, `faq #2 (orm)`, or `term #4` when the entry has
/// no readable id: the same names `load` uses for these entries.
fn entry_name(kind: &str, i: usize, item: &DeValue<'_>) -> String {
    let field = |k: &str| item.get(k).and_then(|v| v.get_ref().as_str());
    let n = i + 1;
    match (
        field("id"),
        field("framework"),
        field("criterion"),
        field("option"),
    ) {
        (Some(id), ..) => format!("{kind} #{n} ({id})"),
        (None, Some(f), Some(c), Some(o)) => format!("{kind} #{n} ({f} / {c}={o})"),
        _ => format!("{kind} #{n}"),
    }
}

/// `line 12, column 3: <message>`, from a byte span into `text`.
fn located(text: &str, span: Option<std::ops::Range<usize>>, message: &str) -> String {
    let Some(span) = span else {
        return message.to_string();
    };
    let before = &text[..span.start.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!("line {line}, column {column}: {message}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct Item {
        #[allow(dead_code)]
        id: String,
        #[allow(dead_code)]
        n: i64,
    }

    const SPEC: FileSpec = FileSpec {
        key: "item",
        kind: "item",
        required: true,
    };

    fn read(text: &str) -> (Entries<Item>, Vec<String>) {
        let mut problems = Vec::new();
        let e = entries("items.toml", Some(text), &SPEC, &mut problems);
        (e, problems.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn every_entry_with_a_wrong_shape_is_named_and_the_good_ones_are_kept() {
        let (e, problems) = read(
            "[[item]]\nid = \"a\"\nn = 1\n\n[[item]]\nid = \"b\"\nnn = 2\n\n[[item]]\nid = \"c\"\nn = \"x\"\n",
        );
        assert_eq!(e.list.len(), 1);
        assert_eq!(e.list[0].0, 1);
        assert!(!e.complete);
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(
            problems[0].contains("item #2 (b)")
                && problems[0].contains("line 7")
                && problems[0].contains("unknown field `nn`"),
            "{problems:#?}"
        );
        assert!(problems[1].contains("item #3 (c)"), "{problems:#?}");
    }

    #[test]
    fn a_syntax_error_gives_its_line_and_no_entries() {
        let (e, problems) = read("[[item]]\nid = \"a\"\nn = \n");
        assert!(e.list.is_empty() && !e.complete);
        assert!(problems[0].contains("line 3"), "{problems:#?}");
    }

    #[test]
    fn an_unknown_top_level_key_is_named() {
        let (e, problems) = read("[[item]]\nid = \"a\"\nn = 1\n\n[[items]]\nid = \"b\"\n");
        assert_eq!(e.list.len(), 1);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(problems[0].contains("unknown key `items`"), "{problems:#?}");
    }

    #[test]
    fn a_missing_required_list_is_a_problem() {
        let (_, problems) = read("# nothing\n");
        assert!(
            problems[0].contains("no `[[item]]` tables"),
            "{problems:#?}"
        );
    }
}
