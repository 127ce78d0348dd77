//! A broken catalog stops start-up with a message naming the file, the entry and the field.

use framework_matrix::catalog::{Catalog, EMBEDDED_FILES};

/// The embedded files, with `edit` applied to the one named `file`.
fn with_edit(file: &str, edit: impl Fn(&str) -> String) -> Result<Catalog, String> {
    let sources = EMBEDDED_FILES.iter().map(|(name, text)| {
        let text = if *name == file {
            edit(text)
        } else {
            text.to_string()
        };
        (format!("catalog/{name}"), text)
    });
    Catalog::from_sources(sources).map_err(|e| e.to_string())
}

fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "test fixture: {from:?} not found");
    text.replacen(from, to, 1)
}

#[test]
fn the_embedded_catalog_is_valid_and_complete() {
    let c = Catalog::embedded().expect("embedded catalog");
    for id in ["django", "flask", "fastapi", "express", "gin"] {
        assert!(c.framework(id).is_some(), "framework {id}");
    }
    let contract = [
        ("admin_panel", &["yes", "no"][..]),
        ("data_model", &["relational", "document"]),
        ("realtime", &["none", "some", "core"]),
        ("concurrency", &["normal", "high"]),
        ("project_scope", &["microservice", "product", "platform"]),
        ("structure", &["opinionated", "flexible"]),
        ("schema_stability", &["stable", "evolving"]),
        ("latency", &["normal", "critical"]),
        ("builtin_auth", &["yes", "no"]),
        ("team_size", &["small", "large"]),
    ];
    for (criterion, options) in contract {
        let i = c
            .criterion_index(criterion)
            .unwrap_or_else(|| panic!("criterion {criterion}"));
        for o in options {
            assert!(c.criteria[i].option_index(o).is_some(), "{criterion}={o}");
        }
    }
    for t in [
        "admin_interface",
        "database_orm",
        "learning_curve",
        "flexibility",
        "initial_setup",
    ] {
        assert!(c.traits.iter().any(|x| x.id == t), "trait {t}");
    }
    let seed_faqs = c
        .faqs
        .iter()
        .filter(|f| f.source == framework_matrix::catalog::Source::Seed)
        .count();
    assert_eq!(seed_faqs, 5, "all five FAQs of the seed");
    for term in [
        "Flask",
        "FastAPI",
        "PostgreSQL",
        "MongoDB",
        "Django Channels",
        "Node.js",
        "Redis",
        "REST API",
    ] {
        assert!(
            c.glossary.iter().any(|t| t.term.contains(term)),
            "glossary term {term}"
        );
    }
    assert!(c.version.starts_with("sha256-"));
}

#[test]
fn the_catalog_version_changes_with_the_content() {
    let a = Catalog::embedded().unwrap().version;
    let b = with_edit("faqs.toml", |t| format!("{t}\n# a comment\n"))
        .unwrap()
        .version;
    assert_ne!(a, b);
}

#[test]
fn a_score_out_of_range_names_the_file_the_rule_and_the_field() {
    let err = with_edit("scoring.toml", |t| {
        replace_once(t, "score = 3", "score = 7")
    })
    .unwrap_err();
    assert!(err.contains("catalog/scoring.toml"), "{err}");
    assert!(err.contains("rule #"), "{err}");
    assert!(err.contains("`score`"), "{err}");
    assert!(err.contains('7'), "{err}");
}

#[test]
fn a_rule_for_an_unknown_framework_names_it() {
    let err = with_edit("scoring.toml", |t| {
        replace_once(t, "framework = \"django\"", "framework = \"djangoo\"")
    })
    .unwrap_err();
    assert!(
        err.contains("scoring.toml") && err.contains("`framework`") && err.contains("djangoo"),
        "{err}"
    );
}

#[test]
fn a_takeaway_with_an_unknown_option_names_it() {
    let err = with_edit("takeaways.toml", |t| {
        replace_once(t, "option = \"document\"", "option = \"graph\"")
    })
    .unwrap_err();
    assert!(
        err.contains("takeaways.toml")
            && err.contains("takeaway ")
            && err.contains("`option`")
            && err.contains("graph"),
        "{err}"
    );
}

#[test]
fn a_duplicate_framework_id_is_refused() {
    let err = with_edit("frameworks.toml", |t| {
        replace_once(t, "id = \"flask\"", "id = \"django\"")
    })
    .unwrap_err();
    assert!(
        err.contains("frameworks.toml") && err.contains("`id`") && err.contains("django"),
        "{err}"
    );
}

#[test]
fn a_framework_missing_a_comparison_trait_is_refused() {
    let err = with_edit("frameworks.toml", |t| {
        let line = t
            .lines()
            .find(|l| l.starts_with("initial_setup"))
            .unwrap()
            .to_string();
        replace_once(t, &format!("{line}\n"), "")
    })
    .unwrap_err();
    assert!(
        err.contains("`traits`") && err.contains("initial_setup"),
        "{err}"
    );
}

#[test]
fn a_misspelt_field_is_a_syntax_error_naming_the_file() {
    let err = with_edit("glossary.toml", |t| {
        replace_once(t, "definition =", "defintion =")
    })
    .unwrap_err();
    assert!(
        err.contains("glossary.toml") && err.contains("defintion"),
        "{err}"
    );
}

#[test]
fn a_catalog_directory_missing_a_file_names_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let err = Catalog::from_dir(dir.path()).unwrap_err().to_string();
    assert!(err.contains("frameworks.toml"), "{err}");
}

#[test]
fn a_catalog_directory_replaces_the_embedded_catalog() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in EMBEDDED_FILES {
        let text = if name == "frameworks.toml" {
            text.replacen("name = \"Django\"", "name = \"Django (approved)\"", 1)
        } else {
            text.to_string()
        };
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let c = Catalog::from_dir(dir.path()).unwrap();
    assert_eq!(c.framework("django").unwrap().name, "Django (approved)");
    assert_ne!(c.version, Catalog::embedded().unwrap().version);
}
