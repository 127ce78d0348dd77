use super::*;
use crate::catalog::{EMBEDDED_FILES, FrameworkIx};

/// The embedded catalog with `edit` applied to the file `name`.
fn edited(name: &str, edit: impl Fn(&str) -> String) -> Catalog {
    Catalog::from_sources(EMBEDDED_FILES.iter().map(|(f, text)| {
        let text = if *f == name {
            edit(text)
        } else {
            text.to_string()
        };
        (f.to_string(), text)
    }))
    .expect("the edited catalog is valid")
}

fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "fixture: {from:?} not found");
    text.replacen(from, to, 1)
}

#[test]
fn a_catalog_compared_with_itself_has_no_changes() {
    let c = Catalog::embedded().unwrap();
    let d = diff(&c, &c);
    assert!(d.is_empty());
    assert_eq!(d.old_version, d.new_version);
}

#[test]
fn a_comment_changes_the_version_but_nothing_a_reviewer_sees() {
    let old = Catalog::embedded().unwrap();
    let new = edited("faqs.toml", |t| format!("{t}\n# reviewed\n"));
    let d = diff(&old, &new);
    assert!(d.is_empty());
    assert_ne!(d.old_version, d.new_version);
}

#[test]
fn a_score_change_gives_old_and_new_score_with_the_rationale() {
    let old = Catalog::embedded().unwrap();
    let new = edited("scoring.toml", |t| {
        replace_once(
            t,
            "framework = \"django\"\nscore = 3\nrationale = \"Django generates a full admin interface",
            "framework = \"django\"\nscore = 2\nrationale = \"Django generates a full admin interface",
        )
    });
    let d = diff(&old, &new);
    assert_eq!(d.rules.score_changed.len(), 1, "{:#?}", d.rules);
    let c = &d.rules.score_changed[0];
    assert_eq!(
        (
            c.criterion.as_str(),
            c.option.as_str(),
            c.framework.as_str()
        ),
        ("admin_panel", "yes", "django")
    );
    assert_eq!((c.old_score, c.new_score), (3, 2));
    assert!(c.new_rationale.starts_with("Django generates"));
    assert!(d.rules.added.is_empty() && d.rules.removed.is_empty());
}

#[test]
fn a_renamed_framework_and_a_changed_trait_value_are_told_apart() {
    let old = Catalog::embedded().unwrap();
    let new = edited("frameworks.toml", |t| {
        let t = replace_once(t, "name = \"Django\"", "name = \"Django (approved)\"");
        replace_once(
            &t,
            "admin_interface = \"Built-in (Automatic)\"",
            "admin_interface = \"Built-in\"",
        )
    });
    let d = diff(&old, &new);
    assert_eq!(
        d.frameworks.renamed,
        vec![Relabel {
            id: "django".into(),
            old: "Django".into(),
            new: "Django (approved)".into()
        }]
    );
    assert!(d.frameworks.added.is_empty() && d.frameworks.removed.is_empty());
    assert_eq!(d.traits.values_changed.len(), 1);
    assert_eq!(d.traits.values_changed[0].trait_id, "admin_interface");
}

#[test]
fn a_takeaway_text_change_names_the_field() {
    let old = Catalog::embedded().unwrap();
    let new = edited("takeaways.toml", |t| {
        replace_once(
            t,
            "it is usually better to use Flask or FastAPI",
            "use Flask or FastAPI",
        )
    });
    let d = diff(&old, &new);
    assert_eq!(d.takeaways.changed.len(), 1);
    let c = &d.takeaways.changed[0];
    assert_eq!(
        (c.id.as_str(), c.field),
        ("document-store-python-choice", "text")
    );
}

#[test]
fn removed_rules_are_listed_in_the_old_catalogs_order() {
    let old = Catalog::embedded().unwrap();
    let new = edited("scoring.toml", |t| {
        // Drop every rule for realtime=none.
        t.split("\n\n")
            .filter(|block| !block.contains("criterion = \"realtime\"\noption = \"none\""))
            .collect::<Vec<_>>()
            .join("\n\n")
    });
    let d = diff(&old, &new);
    assert!(!d.rules.removed.is_empty());
    assert!(
        d.rules
            .removed
            .iter()
            .all(|r| r.criterion == "realtime" && r.option == "none")
    );
    let order: Vec<FrameworkIx> = d
        .rules
        .removed
        .iter()
        .map(|r| old.framework_index(&r.framework).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
}

#[test]
fn a_radar_move_shows_the_new_ring_and_the_dated_moves() {
    let old = Catalog::embedded().unwrap();
    let new = edited("frameworks.toml", |t| {
        replace_once(
            t,
            "    { ring = \"trial\", date = 2022-04-04 },\n",
            "    { ring = \"trial\", date = 2022-04-04 },\n    { ring = \"adopt\", date = 2025-01-06 },\n",
        )
    });
    let d = diff(&old, &new);
    let changed: Vec<_> = d
        .frameworks
        .changed
        .iter()
        .map(|c| (c.id.as_str(), c.field, c.old.clone(), c.new.clone()))
        .collect();
    assert_eq!(
        changed,
        [
            (
                "nestjs",
                "radar.ring",
                Value::Text("trial".into()),
                Value::Text("adopt".into())
            ),
            (
                "nestjs",
                "radar.moves",
                Value::List(vec!["trial since 2022-04-04".into()]),
                Value::List(vec![
                    "trial since 2022-04-04".into(),
                    "adopt since 2025-01-06".into()
                ])
            ),
        ]
    );
}
