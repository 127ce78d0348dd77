use super::*;
use crate::catalog::EMBEDDED_FILES;
use crate::domain::{DecisionRecord, StoredAnswer};

/// The embedded catalog with `edit(file name, text)` applied to every file.
fn edited(edit: impl Fn(&str, &str) -> String) -> Catalog {
    Catalog::from_sources(
        EMBEDDED_FILES
            .iter()
            .map(|(f, text)| (f.to_string(), edit(f, text))),
    )
    .expect("the edited catalog is valid")
}

/// Drops the blank-line separated blocks of `text` that contain `needle`.
fn without_blocks(text: &str, needle: &str) -> String {
    text.split("\n\n")
        .filter(|block| !block.contains(needle))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The embedded catalog without the option realtime=some (its rules and takeaway too).
fn without_realtime_some() -> Catalog {
    edited(|f, t| match f {
        "criteria.toml" => without_blocks(t, "id = \"some\""),
        "scoring.toml" => without_blocks(t, "criterion = \"realtime\"\noption = \"some\""),
        "takeaways.toml" => without_blocks(t, "{ criterion = \"realtime\", option = \"some\" }"),
        _ => t.to_string(),
    })
}

/// A decision as the service logs it, made under `catalog`.
fn logged(
    catalog: &Catalog,
    answers: &[(&str, &str)],
    languages: Option<&[Language]>,
) -> LoggedDecision {
    let raw: Vec<RawAnswer> = answers
        .iter()
        .map(|(c, o)| RawAnswer {
            criterion_id: c,
            option_id: o,
            weight: 1.0,
        })
        .collect();
    let profile = Profile::parse(catalog, &raw, languages).unwrap();
    let rec = engine::recommend(catalog, &profile);
    let (record, _token) =
        DecisionRecord::new(catalog, &profile, &rec, None, at("2026-11-20T10:17:00Z"));
    LoggedDecision {
        answers: Some(record.answers),
        languages: record.languages,
        top_framework: record.top_framework,
        decided_hour: record.decided_hour.as_datetime(),
    }
}

fn at(t: &str) -> chrono::DateTime<chrono::Utc> {
    t.parse().unwrap()
}

fn replay_all(catalog: &Catalog, decisions: &[LoggedDecision]) -> Tally {
    let mut r = Replayer::new(catalog);
    for d in decisions {
        r.replay(d);
    }
    r.finish(1)
}

#[test]
fn replaying_under_the_catalog_the_decisions_were_made_with_changes_nothing() {
    let c = Catalog::embedded().unwrap();
    let decisions = [
        logged(
            &c,
            &[("admin_panel", "yes"), ("data_model", "relational")],
            None,
        ),
        logged(&c, &[("realtime", "core"), ("concurrency", "high")], None),
        logged(&c, &[("latency", "critical")], Some(&[Language::Go])),
        logged(&c, &[], None),
    ];
    let t = replay_all(&c, &decisions);
    assert_eq!(t.replayed, 4);
    assert!(t.unreadable.is_empty());
    assert!(
        t.transitions.keys().all(|(before, after)| before == after),
        "{t:?}"
    );
    assert_eq!(t.transitions.values().sum::<u64>(), 4);
}

#[test]
fn a_removed_option_makes_its_decisions_unreadable_under_one_reason() {
    let old = Catalog::embedded().unwrap();
    let new = without_realtime_some();
    let decisions = [
        logged(&old, &[("realtime", "some")], None),
        logged(&old, &[("admin_panel", "yes"), ("realtime", "some")], None),
        logged(&old, &[("realtime", "core")], None),
    ];
    let t = replay_all(&new, &decisions);
    let reason = Reason::OptionRemoved {
        criterion: "realtime".into(),
        option: "some".into(),
    };
    assert_eq!(t.unreadable.get(&reason), Some(&2), "{t:?}");
    assert_eq!(t.transitions.values().sum::<u64>(), 1);
    assert_eq!(reason.to_string(), "option `realtime=some` removed");
}

#[test]
fn a_language_filter_with_no_framework_left_is_a_reason() {
    let old = Catalog::embedded().unwrap();
    let new = edited(|f, t| match f {
        "frameworks.toml" => t.replace("language = \"GO\"", "language = \"JAVASCRIPT\""),
        _ => t.to_string(),
    });
    let t = replay_all(&new, &[logged(&old, &[], Some(&[Language::Go]))]);
    let reason = Reason::NoCandidate {
        languages: vec!["GO".into()],
    };
    assert_eq!(t.unreadable.get(&reason), Some(&1), "{t:?}");
    assert_eq!(
        reason.to_string(),
        "language filter [GO] leaves no candidate"
    );
}

#[test]
fn a_changed_score_moves_the_top_pick_and_the_stored_pick_stays_the_before() {
    let old = Catalog::embedded().unwrap();
    // Django's +3 for an admin panel becomes -3: an admin-panel-only profile leaves Django.
    let new = edited(|f, t| {
        match f {
        "scoring.toml" => t.replacen(
            "framework = \"django\"\nscore = 3\nrationale = \"Django generates a full admin interface",
            "framework = \"django\"\nscore = -3\nrationale = \"Django generates a full admin interface",
            1,
        ),
        _ => t.to_string(),
    }
    });
    let d = logged(&old, &[("admin_panel", "yes")], None);
    assert_eq!(d.top_framework, "django");
    let t = replay_all(&new, &[d]);
    let ((before, after), n) = t.transitions.iter().next().unwrap();
    assert_eq!((before.as_str(), *n), ("django", 1));
    assert_ne!(after, "django");
}

#[test]
fn stored_answer_lists_that_are_not_aligned_are_counted_not_fatal() {
    let c = Catalog::embedded().unwrap();
    let answers = StoredAnswer::from_columns(
        vec!["admin_panel".into(), "latency".into()],
        vec!["yes".into()],
        vec![1.0, 1.0],
    );
    assert_eq!(answers, None, "lists of unequal length are not answers");
    let bad = LoggedDecision {
        answers,
        languages: None,
        top_framework: "django".into(),
        decided_hour: at("2026-11-20T10:00:00Z"),
    };
    let t = replay_all(&c, &[bad]);
    assert_eq!(t.unreadable.get(&Reason::UnreadableAnswers), Some(&1));
}

#[test]
fn a_week_with_fewer_than_k_decisions_counts_nowhere() {
    let c = Catalog::embedded().unwrap();
    let mut r = Replayer::new(&c);
    let mut d = logged(&c, &[("admin_panel", "yes")], None);
    for _ in 0..5 {
        r.replay(&d); // the week of Monday 2026-11-16
    }
    d.decided_hour = at("2026-11-23T09:00:00Z");
    for _ in 0..4 {
        r.replay(&d); // the next week: 4 < 5
    }
    let t = r.finish(5);
    assert_eq!(t.replayed, 5);
    assert_eq!(t.weeks, vec!["2026-11-16".parse::<NaiveDate>().unwrap()]);
    assert_eq!(t.transitions.values().sum::<u64>(), 5);
}
