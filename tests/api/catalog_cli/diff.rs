//! `catalog diff OLD NEW` on hand-made pairs: the text a reviewer reads and the JSON shape.

use super::fixture::{Fixture, arg};
use super::run;
use serde_json::{Value, json};

/// Text and JSON of `catalog diff` from the small catalog to `new`.
fn diff(new: Fixture) -> (String, Value) {
    let old = Fixture::small().write();
    let new = new.write();
    let text = run(&["catalog", "diff", arg(&old), arg(&new)], &[]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    let json = run(
        &["catalog", "diff", arg(&old), arg(&new), "--format", "json"],
        &[],
    );
    assert_eq!(json.code, 0, "{}", json.stderr);
    let json: Value = serde_json::from_str(&json.stdout).expect("JSON output");
    (text.stdout, json)
}

/// Every list of the JSON is present; those not named in `except` are empty.
fn only_changes_in(json: &Value, except: &[&str]) {
    for section in [
        "frameworks",
        "criteria",
        "options",
        "rules",
        "takeaways",
        "traits",
        "faqs",
        "glossary",
    ] {
        let lists = json[section].as_object().expect(section);
        for (name, list) in lists {
            let path = format!("{section}.{name}");
            let list = list
                .as_array()
                .unwrap_or_else(|| panic!("{path} is a list"));
            if !except.contains(&path.as_str()) {
                assert!(list.is_empty(), "{path} should be empty: {list:?}");
            }
        }
    }
}

#[test]
fn a_score_change_shows_old_and_new_score_with_the_rationale() {
    let (text, json) = diff(Fixture::small().replace(
        "scoring.toml",
        "score = 3\nrationale = \"Node.js event loop.\"",
        "score = 1\nrationale = \"Node.js event loop, but fan-out needs Redis.\"",
    ));
    assert!(
        text.contains(
            "  ~ express / realtime=core: +3 -> +1. \"Node.js event loop, but fan-out needs Redis.\"\n      was: \"Node.js event loop.\""
        ),
        "{text}"
    );
    assert_eq!(
        json["rules"]["score_changed"],
        json!([{
            "criterion": "realtime", "option": "core", "framework": "express",
            "old_score": 3, "new_score": 1,
            "old_rationale": "Node.js event loop.",
            "new_rationale": "Node.js event loop, but fan-out needs Redis."
        }])
    );
    only_changes_in(&json, &["rules.score_changed"]);
    assert_ne!(json["old_version"], json["new_version"]);
}

#[test]
fn a_removed_option_is_listed_with_its_rules_and_takeaways() {
    let (text, json) = diff(
        Fixture::small()
            .drop_blocks("criteria.toml", "id = \"some\"")
            .drop_blocks("scoring.toml", "option = \"some\"")
            .drop_blocks("takeaways.toml", "option = \"some\""),
    );
    assert!(
        text.contains(
            "Questions and options\n  - option realtime=some: \"Some live features\", and its 3 scoring rules\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "Takeaways\n  - realtime-some-websockets (INFO, when realtime=some; about django): \"Even a few live features need Channels in Django.\"\n"
        ),
        "{text}"
    );
    assert!(
        !text.contains("Scoring rules"),
        "the removed option's rules are folded into its line:\n{text}"
    );
    assert_eq!(
        json["options"]["removed"],
        json!([{ "criterion": "realtime", "option": "some", "label": "Some live features" }])
    );
    let removed: Vec<(&str, i64)> = json["rules"]["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert_eq!(
                (&r["criterion"], &r["option"]),
                (&json!("realtime"), &json!("some"))
            );
            (
                r["framework"].as_str().unwrap(),
                r["score"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(removed, vec![("django", -1), ("express", 1), ("gin", 1)]);
    assert_eq!(
        json["takeaways"]["removed"],
        json!([{
            "id": "realtime-some-websockets", "severity": "INFO", "when": ["realtime=some"],
            "frameworks": ["django"], "text": "Even a few live features need Channels in Django."
        }])
    );
    only_changes_in(
        &json,
        &["options.removed", "rules.removed", "takeaways.removed"],
    );
}

#[test]
fn an_added_framework_is_listed_with_its_rules() {
    let (text, json) = diff(
        Fixture::small()
            .append(
                "frameworks.toml",
                r#"
[[framework]]
id = "fastapi"
name = "FastAPI"
language = "PYTHON"
category = "api"
summary = "Typed Python APIs."
link = "https://fastapi.tiangolo.com/"
[framework.traits]
admin_interface = "None"
learning_curve = "Gentle"
"#,
            )
            .append(
                "scoring.toml",
                r#"
[[rule]]
criterion = "admin_panel"
option = "no"
framework = "fastapi"
score = 1
rationale = "FastAPI ships no admin to carry."
"#,
            ),
    );
    assert!(
        text.contains("Frameworks\n  + fastapi: \"FastAPI\" (PYTHON)\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "Scoring rules\n  + fastapi / admin_panel=no: +1. \"FastAPI ships no admin to carry.\"\n"
        ),
        "{text}"
    );
    assert_eq!(
        json["frameworks"]["added"],
        json!([{ "id": "fastapi", "name": "FastAPI", "language": "PYTHON" }])
    );
    assert_eq!(
        json["rules"]["added"],
        json!([{
            "criterion": "admin_panel", "option": "no", "framework": "fastapi",
            "score": 1, "rationale": "FastAPI ships no admin to carry."
        }])
    );
    only_changes_in(&json, &["frameworks.added", "rules.added"]);
}

#[test]
fn a_changed_takeaway_names_each_field_with_old_and_new() {
    let (text, json) = diff(
        Fixture::small()
            .replace(
                "takeaways.toml",
                "text = \"Django needs Channels and Redis for a real-time core.\"",
                "text = \"Django needs Channels, and Redis as a channel layer, for a real-time core.\"",
            )
            .replace("takeaways.toml", "severity = \"WARNING\"", "severity = \"CAUTION\""),
    );
    assert!(
        text.contains("  ~ realtime-core-channels severity: \"WARNING\" -> \"CAUTION\"\n"),
        "{text}"
    );
    assert!(
        text.contains("  ~ realtime-core-channels text: \"Django needs Channels and Redis for a real-time core.\" -> \"Django needs Channels, and Redis as a channel layer, for a real-time core.\"\n"),
        "{text}"
    );
    assert_eq!(
        json["takeaways"]["changed"],
        json!([
            { "id": "realtime-core-channels", "field": "severity", "old": "WARNING", "new": "CAUTION" },
            { "id": "realtime-core-channels", "field": "text",
              "old": "Django needs Channels and Redis for a real-time core.",
              "new": "Django needs Channels, and Redis as a channel layer, for a real-time core." }
        ])
    );
    only_changes_in(&json, &["takeaways.changed"]);
}

#[test]
fn identical_catalogs_say_so() {
    let (text, json) = diff(Fixture::small());
    assert!(
        text.contains("No differences: the catalogs are identical."),
        "{text}"
    );
    only_changes_in(&json, &[]);
    assert_eq!(json["old_version"], json["new_version"]);
}

#[test]
fn an_invalid_catalog_cannot_be_compared_and_exits_2() {
    let old = Fixture::small().write();
    let new = Fixture::small()
        .replace("scoring.toml", "score = 3", "score = 9")
        .write();
    let out = run(&["catalog", "diff", arg(&old), arg(&new)], &[]);
    assert_eq!(out.code, 2);
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr.contains("is not a valid catalog") && out.stderr.contains("9 is outside"),
        "{}",
        out.stderr
    );
    let missing = run(&["catalog", "diff", arg(&old), "/nonexistent/catalog"], &[]);
    assert_eq!(missing.code, 2);
}
