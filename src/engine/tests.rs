//! The engine against the embedded catalog: the seed's rules of thumb as personas, and the
//! properties the method promises (additivity, independence of irrelevant alternatives,
//! exact pivots, determinism).

use super::*;
use crate::catalog::{Catalog, FrameworkIx, Language};

fn catalog() -> &'static Catalog {
    use std::sync::OnceLock;
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::embedded().expect("the embedded catalog is valid"))
}

fn profile(answers: &[(&str, &str)], languages: Option<&[Language]>) -> Profile {
    let raw: Vec<RawAnswer> = answers
        .iter()
        .map(|(c, o)| RawAnswer {
            criterion_id: c,
            option_id: o,
            weight: 1.0,
        })
        .collect();
    Profile::parse(catalog(), &raw, languages).expect("valid profile")
}

fn ranked_ids(rec: &Recommendation) -> Vec<&'static str> {
    rec.ranking
        .iter()
        .map(|r| catalog().frameworks[r.framework].id.as_str())
        .collect()
}

fn top(answers: &[(&str, &str)], languages: Option<&[Language]>) -> &'static str {
    let rec = recommend(catalog(), &profile(answers, languages));
    ranked_ids(&rec)[0]
}

fn score_of(rec: &Recommendation, id: &str) -> f64 {
    let f = catalog().framework_index(id).unwrap();
    rec.ranking.iter().find(|r| r.framework == f).unwrap().score
}

#[test]
fn admin_dashboard_with_relational_data_and_auth_means_django() {
    let answers = [
        ("admin_panel", "yes"),
        ("data_model", "relational"),
        ("builtin_auth", "yes"),
    ];
    let rec = recommend(catalog(), &profile(&answers, None));
    assert_eq!(ranked_ids(&rec)[0], "django");
    assert!(
        rec.confidence > 0.5,
        "a clear case, confidence {}",
        rec.confidence
    );
}

#[test]
fn a_large_team_building_a_platform_the_opinionated_way_gets_django() {
    let answers = [
        ("admin_panel", "yes"),
        ("data_model", "relational"),
        ("builtin_auth", "yes"),
        ("project_scope", "platform"),
        ("team_size", "large"),
        ("structure", "opinionated"),
    ];
    assert_eq!(top(&answers, None), "django");
}

#[test]
fn a_mongodb_primary_store_steers_away_from_django() {
    let rec = recommend(catalog(), &profile(&[("data_model", "document")], None));
    assert_ne!(ranked_ids(&rec)[0], "django");
    assert!(score_of(&rec, "django") < 0.0);
    let warned = rec.takeaways.iter().any(|&t| {
        let t = &catalog().takeaways[t];
        t.text.contains("Django") && (t.text.contains("MongoDB") || t.text.contains("NoSQL"))
    });
    assert!(
        warned,
        "a document store must trigger the Django/NoSQL warning"
    );
}

#[test]
fn a_python_microservice_on_a_document_store_gets_flask_or_fastapi() {
    let answers = [
        ("data_model", "document"),
        ("admin_panel", "no"),
        ("project_scope", "microservice"),
    ];
    let t = top(&answers, Some(&[Language::Python]));
    assert!(t == "flask" || t == "fastapi", "got {t}");
}

#[test]
fn ninety_percent_realtime_with_thousands_of_connections_means_node_or_go() {
    let answers = [("realtime", "core"), ("concurrency", "high")];
    let rec = recommend(catalog(), &profile(&answers, None));
    let lang = catalog().frameworks[rec.top().framework].language;
    assert!(
        matches!(lang, Language::Javascript | Language::Go),
        "got {lang}"
    );
    let channels = rec
        .takeaways
        .iter()
        .any(|&t| catalog().takeaways[t].text.contains("Channels"));
    assert!(channels, "core real-time must warn about Django Channels");
}

#[test]
fn a_latency_critical_python_microservice_gets_fastapi() {
    let answers = [
        ("latency", "critical"),
        ("project_scope", "microservice"),
        ("admin_panel", "no"),
        ("builtin_auth", "no"),
    ];
    assert_ne!(top(&answers, None), "django");
    assert_eq!(top(&answers, Some(&[Language::Python])), "fastapi");
}

#[test]
fn a_small_team_pivoting_fast_avoids_django() {
    let answers = [
        ("schema_stability", "evolving"),
        ("team_size", "small"),
        ("structure", "flexible"),
    ];
    assert_ne!(top(&answers, None), "django");
    let t = top(&answers, Some(&[Language::Python]));
    assert!(t == "fastapi" || t == "flask", "got {t}");
}

#[test]
fn the_language_filter_removes_candidates() {
    let rec = recommend(
        catalog(),
        &profile(&[("realtime", "core")], Some(&[Language::Go])),
    );
    assert!(!rec.ranking.is_empty());
    assert!(
        rec.ranking
            .iter()
            .all(|r| catalog().frameworks[r.framework].language == Language::Go)
    );
}

#[test]
fn an_empty_profile_ranks_everything_with_zero_confidence() {
    let rec = recommend(catalog(), &profile(&[], None));
    assert_eq!(rec.ranking.len(), catalog().frameworks.len());
    assert!(rec.ranking.iter().all(|r| r.score == 0.0 && r.fit == 50));
    assert_eq!(rec.confidence, 0.0);
    // Ties are broken by id, alphabetically.
    let ids = ranked_ids(&rec);
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted);
}

#[test]
fn each_score_is_the_weighted_sum_of_its_reasons() {
    let answers = [
        ("admin_panel", "yes"),
        ("realtime", "some"),
        ("latency", "critical"),
        ("team_size", "large"),
    ];
    let raw: Vec<RawAnswer> = answers
        .iter()
        .zip([2.0, 0.5, 3.0, 1.0])
        .map(|((c, o), w)| RawAnswer {
            criterion_id: c,
            option_id: o,
            weight: w,
        })
        .collect();
    let p = Profile::parse(catalog(), &raw, None).unwrap();
    let rec = recommend(catalog(), &p);
    for r in &rec.ranking {
        let sum: f64 = r.contributions.iter().sum();
        assert!((sum - r.score).abs() < 1e-9);
        for (a, c) in p.answers.iter().zip(&r.contributions) {
            let expected =
                a.weight * f64::from(catalog().score(a.criterion, a.option, r.framework));
            assert_eq!(*c, expected);
        }
        assert!(r.fit <= 100);
    }
}

#[test]
fn removing_a_third_framework_never_changes_how_two_others_compare() {
    let answers = [
        ("data_model", "document"),
        ("concurrency", "high"),
        ("structure", "flexible"),
    ];
    let all = recommend(catalog(), &profile(&answers, None));
    let python = recommend(catalog(), &profile(&answers, Some(&[Language::Python])));
    let order_all: Vec<&str> = ranked_ids(&all)
        .into_iter()
        .filter(|id| catalog().framework(id).unwrap().language == Language::Python)
        .collect();
    assert_eq!(order_all, ranked_ids(&python));
}

/// The frameworks sharing first place, in ranking order.
fn leaders(rec: &Recommendation) -> Vec<FrameworkIx> {
    rec.ranking
        .iter()
        .take_while(|r| r.rank == 1)
        .map(|r| r.framework)
        .collect()
}

/// `answers` with criterion `c` answered `o` (replacing any answer to it).
fn with_answer<'a>(
    answers: &[(&'a str, &'a str)],
    c: &'a str,
    o: &'a str,
) -> Vec<(&'a str, &'a str)> {
    let mut changed: Vec<(&str, &str)> = answers
        .iter()
        .copied()
        .filter(|(cid, _)| *cid != c)
        .collect();
    changed.push((c, o));
    changed
}

#[test]
fn every_pivot_really_changes_who_comes_first_and_names_the_new_leaders() {
    let cases: [&[(&str, &str)]; 4] = [
        &[("admin_panel", "yes"), ("data_model", "relational")],
        &[("realtime", "core")],
        &[("latency", "critical"), ("project_scope", "microservice")],
        &[],
    ];
    for answers in cases {
        let p = profile(answers, None);
        let rec = recommend(catalog(), &p);
        for pivot in &rec.pivots {
            let c = &catalog().criteria[pivot.criterion];
            let changed = with_answer(answers, &c.id, &c.options[pivot.option].id);
            let again = recommend(catalog(), &profile(&changed, None));
            let what = format!("pivot {} = {}", c.id, c.options[pivot.option].id);
            assert_eq!(leaders(&again), pivot.new_leaders, "{what}");
            assert_ne!(leaders(&again), leaders(&rec), "{what}");
            assert_eq!(again.top().framework, pivot.new_top, "{what}");
            assert!((again.top().score - pivot.new_top_score).abs() < 1e-9);
        }
    }
}

#[test]
fn pivots_list_every_single_answer_change_that_changes_who_comes_first() {
    for answers in [&[("realtime", "core")][..], &[]] {
        let rec = recommend(catalog(), &profile(answers, None));
        let mut expected = 0;
        for c in &catalog().criteria {
            for o in &c.options {
                if answers
                    .iter()
                    .any(|(cid, oid)| *cid == c.id && *oid == o.id)
                {
                    continue;
                }
                let changed = with_answer(answers, &c.id, &o.id);
                if leaders(&recommend(catalog(), &profile(&changed, None))) != leaders(&rec) {
                    expected += 1;
                }
            }
        }
        assert_eq!(rec.pivots.len(), expected);
        assert!(expected > 0, "some answer must change who comes first");
    }
}

#[test]
fn equal_scores_share_a_rank_and_the_next_rank_skips() {
    let rec = recommend(catalog(), &profile(&[], None));
    assert!(
        rec.ranking.iter().all(|r| r.rank == 1),
        "an empty profile ties everything"
    );
    assert_eq!(rec.leaders(), catalog().frameworks.len());
    assert_eq!(rec.confidence, 0.0);
    let rec = recommend(catalog(), &profile(&[("realtime", "core")], None));
    for (i, r) in rec.ranking.iter().enumerate() {
        let higher = rec
            .ranking
            .iter()
            .filter(|o| score_key(o.score) > score_key(r.score))
            .count();
        assert_eq!(r.rank as usize, higher + 1, "{i}");
    }
}

#[test]
fn an_answer_at_weight_zero_is_no_answer_at_all() {
    let c = catalog();
    let raw = |w| {
        vec![
            RawAnswer {
                criterion_id: "realtime",
                option_id: "core",
                weight: 1.0,
            },
            RawAnswer {
                criterion_id: "data_model",
                option_id: "document",
                weight: w,
            },
        ]
    };
    let ignored = recommend(c, &Profile::parse(c, &raw(0.0), None).unwrap());
    let unanswered = recommend(c, &profile(&[("realtime", "core")], None));
    assert_eq!(ignored, unanswered);
    // The Django/MongoDB warning does not fire for an ignored answer.
    let warned = recommend(c, &Profile::parse(c, &raw(1.0), None).unwrap());
    assert!(warned.takeaways.len() > ignored.takeaways.len());
}

#[test]
fn the_same_profile_always_gives_the_same_recommendation() {
    let p = profile(&[("concurrency", "high"), ("team_size", "small")], None);
    assert_eq!(recommend(catalog(), &p), recommend(catalog(), &p));
}

#[test]
fn bad_answers_are_rejected_with_the_offending_value() {
    let c = catalog();
    let err = |answers: &[RawAnswer]| Profile::parse(c, answers, None).unwrap_err().to_string();
    let a = |cid, oid, w| RawAnswer {
        criterion_id: cid,
        option_id: oid,
        weight: w,
    };
    assert!(err(&[a("favourite_colour", "blue", 1.0)]).contains("favourite_colour"));
    assert!(err(&[a("admin_panel", "maybe", 1.0)]).contains("maybe"));
    assert!(
        err(&[a("admin_panel", "yes", 1.0), a("admin_panel", "no", 1.0)]).contains("admin_panel")
    );
    for w in [-1.0, f64::NAN, f64::INFINITY, 1e9] {
        assert!(
            err(&[a("admin_panel", "yes", w)]).contains("weight"),
            "weight {w}"
        );
    }
}
