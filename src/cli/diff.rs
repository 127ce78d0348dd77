//! `catalog diff OLD NEW`: loads both catalogs with the server's loader, compares them
//! (`catalog::diff`) and prints the differences as text for a reviewer or as JSON.
//!
//! The text folds the rules of a removed framework, criterion or option into that entry's
//! line ("and its 9 scoring rules"); the JSON lists every rule.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use super::{DiffArgs, Format, INVALID_INPUT, print};
use crate::catalog::Catalog;
use crate::catalog::diff::{self, CatalogDiff, FieldChange, RuleEntry, Value};

pub fn run(args: &DiffArgs) -> ExitCode {
    let (Some(old), Some(new)) = (load(&args.old), load(&args.new)) else {
        return ExitCode::from(INVALID_INPUT);
    };
    let d = diff::diff(&old, &new);
    match args.format {
        Format::Text => print(&to_text(&d, &args.old, &args.new)),
        Format::Json => print(&format!(
            "{}\n",
            serde_json::to_string_pretty(&d).expect("a diff serializes")
        )),
    }
    ExitCode::SUCCESS
}

fn load(dir: &Path) -> Option<Catalog> {
    Catalog::load_dir(dir)
        .map_err(|problems| {
            eprintln!(
                "catalog diff: cannot compare, {} is not a valid catalog: {problems}",
                dir.display()
            );
        })
        .ok()
}

/// `+3`, `0`, `-1`.
fn signed(score: i8) -> String {
    if score > 0 {
        format!("+{score}")
    } else {
        score.to_string()
    }
}

fn value(v: &Value) -> String {
    match v {
        Value::Text(t) => format!("{t:?}"),
        Value::List(items) => format!("[{}]", items.join(", ")),
    }
}

fn plural(n: usize, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

/// Renders `d` for a reviewer: one section per kind of entry, one line per change, `+`
/// added, `-` removed, `~` changed.
// One section after another, in the order a reviewer reads them: long, but flat.
#[allow(clippy::too_many_lines)]
pub fn to_text(d: &CatalogDiff, old: &Path, new: &Path) -> String {
    let mut out = format!(
        "catalog diff {} ({}) -> {} ({})\n",
        old.display(),
        d.old_version,
        new.display(),
        d.new_version
    );
    if d.is_empty() {
        out.push_str(if d.old_version == d.new_version {
            "No differences: the catalogs are identical.\n"
        } else {
            "No differences a reviewer would see: the files differ only in comments or layout.\n"
        });
        return out;
    }
    let s = &mut out;
    let removed_framework = |id: &str| d.frameworks.removed.iter().any(|f| f.id == id);
    let removed_criterion = |id: &str| d.criteria.removed.iter().any(|c| c.id == id);
    let removed_option = |c: &str, o: &str| {
        d.options
            .removed
            .iter()
            .any(|x| x.criterion == c && x.option == o)
    };
    let folded = |r: &RuleEntry| {
        removed_framework(&r.framework)
            || removed_criterion(&r.criterion)
            || removed_option(&r.criterion, &r.option)
    };
    let removed_rules = |keep: &dyn Fn(&RuleEntry) -> bool| {
        let n = d.rules.removed.iter().filter(|r| keep(r)).count();
        if n == 0 {
            String::new()
        } else {
            format!(", and its {}", plural(n, "scoring rule"))
        }
    };

    let f = &d.frameworks;
    section(
        s,
        "Frameworks",
        f.added.len() + f.removed.len() + f.renamed.len() + f.changed.len(),
    );
    for x in &f.added {
        let _ = writeln!(s, "  + {}: {:?} ({})", x.id, x.name, x.language);
    }
    for x in &f.removed {
        let rules = removed_rules(&|r| r.framework == x.id);
        let _ = writeln!(s, "  - {}: {:?} ({}){rules}", x.id, x.name, x.language);
    }
    for x in &f.renamed {
        let _ = writeln!(s, "  ~ {} renamed: {:?} -> {:?}", x.id, x.old, x.new);
    }
    changes(s, &f.changed);

    let c = &d.criteria;
    let o = &d.options;
    let n = c.added.len()
        + c.removed.len()
        + c.relabelled.len()
        + c.help_changed.len()
        + o.added.len()
        + o.removed.len()
        + o.relabelled.len();
    section(s, "Questions and options", n);
    for x in &c.added {
        let _ = writeln!(
            s,
            "  + question {}: {:?} (options: {})",
            x.id,
            x.question,
            x.options.join(", ")
        );
    }
    for x in &c.removed {
        let rules = removed_rules(&|r| r.criterion == x.id);
        let _ = writeln!(
            s,
            "  - question {}: {:?} (options: {}){rules}",
            x.id,
            x.question,
            x.options.join(", ")
        );
    }
    for x in &c.relabelled {
        let _ = writeln!(
            s,
            "  ~ question {} reworded: {:?} -> {:?}",
            x.id, x.old, x.new
        );
    }
    for x in &c.help_changed {
        let _ = writeln!(s, "  ~ question {} help: {:?} -> {:?}", x.id, x.old, x.new);
    }
    for x in &o.added {
        let _ = writeln!(s, "  + option {}={}: {:?}", x.criterion, x.option, x.label);
    }
    for x in &o.removed {
        let rules = removed_rules(&|r| r.criterion == x.criterion && r.option == x.option);
        let _ = writeln!(
            s,
            "  - option {}={}: {:?}{rules}",
            x.criterion, x.option, x.label
        );
    }
    for x in &o.relabelled {
        let _ = writeln!(
            s,
            "  ~ option {}={} relabelled: {:?} -> {:?}",
            x.criterion, x.option, x.old, x.new
        );
    }

    let r = &d.rules;
    let shown_removed: Vec<&RuleEntry> = r.removed.iter().filter(|x| !folded(x)).collect();
    section(
        s,
        "Scoring rules",
        r.added.len() + shown_removed.len() + r.score_changed.len() + r.reworded.len(),
    );
    for x in &r.score_changed {
        let _ = writeln!(
            s,
            "  ~ {} / {}={}: {} -> {}. {:?}",
            x.framework,
            x.criterion,
            x.option,
            signed(x.old_score),
            signed(x.new_score),
            x.new_rationale
        );
        if x.old_rationale != x.new_rationale {
            let _ = writeln!(s, "      was: {:?}", x.old_rationale);
        }
    }
    for x in &r.added {
        let _ = writeln!(
            s,
            "  + {} / {}={}: {}. {:?}",
            x.framework,
            x.criterion,
            x.option,
            signed(x.score),
            x.rationale
        );
    }
    for x in shown_removed {
        let _ = writeln!(
            s,
            "  - {} / {}={}: was {}, now neutral (0). {:?}",
            x.framework,
            x.criterion,
            x.option,
            signed(x.score),
            x.rationale
        );
    }
    for x in &r.reworded {
        let _ = writeln!(
            s,
            "  ~ {} / {}={} reworded (score {}): {:?} -> {:?}",
            x.framework,
            x.criterion,
            x.option,
            signed(x.score),
            x.old_rationale,
            x.new_rationale
        );
    }

    let t = &d.takeaways;
    section(
        s,
        "Takeaways",
        t.added.len() + t.removed.len() + t.changed.len(),
    );
    for (sign, list) in [('+', &t.added), ('-', &t.removed)] {
        for x in list {
            let about = if x.frameworks.is_empty() {
                String::new()
            } else {
                format!("; about {}", x.frameworks.join(", "))
            };
            let _ = writeln!(
                s,
                "  {sign} {} ({}, when {}{about}): {:?}",
                x.id,
                x.severity,
                x.when.join(" and "),
                x.text
            );
        }
    }
    changes(s, &t.changed);

    let tr = &d.traits;
    section(
        s,
        "Comparison traits",
        tr.added.len() + tr.removed.len() + tr.relabelled.len() + tr.values_changed.len(),
    );
    for x in &tr.added {
        let _ = writeln!(s, "  + {}: {:?}", x.id, x.label);
    }
    for x in &tr.removed {
        let _ = writeln!(s, "  - {}: {:?}", x.id, x.label);
    }
    for x in &tr.relabelled {
        let _ = writeln!(s, "  ~ {} relabelled: {:?} -> {:?}", x.id, x.old, x.new);
    }
    for x in &tr.values_changed {
        let _ = writeln!(
            s,
            "  ~ {} / {}: {:?} -> {:?}",
            x.framework, x.trait_id, x.old, x.new
        );
    }

    for (title, e) in [("FAQs", &d.faqs), ("Glossary", &d.glossary)] {
        section(s, title, e.added.len() + e.removed.len() + e.changed.len());
        for x in &e.added {
            let _ = writeln!(s, "  + {}: {:?}", x.id, x.title);
        }
        for x in &e.removed {
            let _ = writeln!(s, "  - {}: {:?}", x.id, x.title);
        }
        for x in &e.changed {
            let _ = writeln!(
                s,
                "  ~ {} ({} changed): {:?}",
                x.id,
                x.fields.join(", "),
                x.title
            );
        }
    }
    out
}

/// A section heading, when the section has something to say.
fn section(s: &mut String, title: &str, changes: usize) {
    if changes > 0 {
        let _ = write!(s, "\n{title}\n");
    }
}

fn changes(s: &mut String, list: &[FieldChange]) {
    for x in list {
        let _ = writeln!(
            s,
            "  ~ {} {}: {} -> {}",
            x.id,
            x.field,
            value(&x.old),
            value(&x.new)
        );
    }
}
