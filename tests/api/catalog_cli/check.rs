//! `catalog check DIR`: the server's loader, a summary or every problem, exit 0 or 1.

use super::fixture::{Fixture, arg};
use super::run;
use framework_matrix::catalog::Catalog;

#[test]
fn checking_the_embedded_catalog_prints_its_summary_and_exits_0() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/catalog");
    let out = run(&["catalog", "check", dir], &[]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let c = Catalog::embedded().unwrap();
    let options: usize = c.criteria.iter().map(|x| x.options.len()).sum();
    for line in [
        format!("valid catalog, version {}", c.version),
        format!("{} frameworks", c.frameworks.len()),
        format!("{} criteria with {options} options", c.criteria.len()),
        format!("{} scoring rules", c.rules().count()),
        format!("{} takeaways", c.takeaways.len()),
        format!("{} comparison traits", c.traits.len()),
        format!("{} FAQs", c.faqs.len()),
        format!("{} glossary terms", c.glossary.len()),
    ] {
        assert!(out.stdout.contains(&line), "{line:?} in\n{}", out.stdout);
    }
}

/// Asserts that one line of `report` names `file`, and contains every one of `parts`.
fn named(report: &str, file: &str, parts: &[&str]) {
    assert!(
        report
            .lines()
            .any(|l| l.contains(file) && parts.iter().all(|p| l.contains(p))),
        "no line naming {file} with {parts:?} in\n{report}"
    );
}

#[test]
fn every_kind_of_problem_in_every_file_is_named_with_its_file_entry_and_field() {
    let missing_trait = Fixture::embedded()
        .replace("glossary.toml", "definition =", "definition = =")
        .replace("faqs.toml", "question =", "qestion =")
        .replace("faqs.toml", "id = \"flask-vs-django\"", "id = \"django-mongodb\"")
        .replace("scoring.toml", "framework = \"django\"", "framework = \"djangoo\"")
        .replace("scoring.toml", "score = 3", "score = 7")
        .replace(
            "takeaways.toml",
            "text = \"If MongoDB is your primary database, it is usually better to use Flask or FastAPI with Motor or PyMongo.\"",
            "text = \"  \"",
        )
        .replace("comparison.toml", "label = \"Learning Curve\"", "label = \"\"");
    // The first framework loses its value for the last comparison trait.
    let dir = missing_trait
        .replace(
            "frameworks.toml",
            "realtime_support = \"Add-on (Django Channels plus Redis)\"\n",
            "",
        )
        .write();

    let out = run(&["catalog", "check", arg(&dir)], &[]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let r = &out.stdout;
    named(r, "glossary.toml", &["not valid TOML", "line 7"]);
    named(
        r,
        "faqs.toml",
        &["faq #1 (django-high-traffic)", "unknown field `qestion`"],
    );
    named(
        r,
        "faqs.toml",
        &[
            "faq #3 (django-mongodb)",
            "field `id`",
            "used by an earlier faq",
        ],
    );
    named(
        r,
        "scoring.toml",
        &[
            "(djangoo / admin_panel=yes)",
            "field `framework`",
            "unknown framework \"djangoo\"",
        ],
    );
    named(
        r,
        "scoring.toml",
        &["field `score`", "7 is outside the allowed range -3..=3"],
    );
    named(
        r,
        "takeaways.toml",
        &[
            "takeaway document-store-python-choice",
            "field `text`",
            "must not be empty",
        ],
    );
    named(
        r,
        "comparison.toml",
        &["trait learning_curve", "field `label`", "must not be empty"],
    );
    named(
        r,
        "frameworks.toml",
        &[
            "framework django",
            "field `traits`",
            "no value for trait \"realtime_support\"",
        ],
    );
    // Grouped by file in load order: frameworks first, glossary last.
    let first = r.lines().nth(1).unwrap();
    let last = r.lines().last().unwrap();
    assert!(
        first.contains("frameworks.toml") && last.contains("glossary.toml"),
        "{r}"
    );
}

#[test]
fn a_file_that_cannot_be_read_hides_no_problem_elsewhere_and_adds_no_false_one() {
    // frameworks.toml is broken, so every reference to a framework is left unchecked
    // rather than reported as unknown; the score out of range is still found.
    let dir = Fixture::small()
        .replace("frameworks.toml", "[[framework]]", "[[framework]")
        .replace("scoring.toml", "score = 3", "score = -4")
        .write();
    let out = run(&["catalog", "check", arg(&dir)], &[]);
    assert_eq!(out.code, 1);
    named(
        &out.stdout,
        "frameworks.toml",
        &["not valid TOML", "line 2"],
    );
    named(&out.stdout, "scoring.toml", &["rule #1", "-4 is outside"]);
    assert!(
        !out.stdout.contains("unknown framework"),
        "no consequence of the broken file is reported:\n{}",
        out.stdout
    );
}

#[test]
fn a_directory_missing_files_names_each_of_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["catalog", "check", dir.path().to_str().unwrap()], &[]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("7 problems"), "{}", out.stdout);
    for file in ["frameworks.toml", "scoring.toml", "glossary.toml"] {
        named(&out.stdout, file, &["cannot read it"]);
    }
}

#[test]
fn an_unknown_top_level_table_is_named() {
    let dir = Fixture::small()
        .append("scoring.toml", "\n[[rules]]\ncriterion = \"admin_panel\"\n")
        .write();
    let out = run(&["catalog", "check", arg(&dir)], &[]);
    assert_eq!(out.code, 1);
    named(
        &out.stdout,
        "scoring.toml",
        &["unknown key `rules`", "`[[rule]]`"],
    );
}

#[test]
fn the_small_test_catalog_is_valid() {
    let dir = Fixture::small().write();
    let out = run(&["catalog", "check", arg(&dir)], &[]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(out.stdout.contains("3 frameworks") && out.stdout.contains("14 scoring rules"));
}

#[test]
fn usage_errors_exit_2_and_every_subcommand_has_help() {
    assert_eq!(run(&["catalog", "check"], &[]).code, 2);
    for cmd in [
        &["catalog", "check", "--help"][..],
        &["catalog", "diff", "--help"],
        &["replay", "--help"],
    ] {
        let out = run(cmd, &[]);
        assert_eq!(out.code, 0, "{cmd:?}");
        assert!(
            out.stdout.contains("Exit status"),
            "{cmd:?}: {}",
            out.stdout
        );
    }
}
