//! `replay`: decisions logged under the small catalog (through the engine and the store's
//! own insert), replayed by the real binary under a candidate with a changed score and a
//! removed option.

use chrono::{DateTime, Utc};
use framework_matrix::catalog::{Catalog, Language};
use framework_matrix::domain::{ClientName, DecisionRecord};
use framework_matrix::engine::{Profile, RawAnswer, recommend};
use framework_matrix::store::{MIGRATOR, decisions};
use serde_json::{Value, json};
use sqlx::PgPool;

use super::fixture::{Fixture, arg};
use super::run;

fn database_url(pool: &PgPool) -> String {
    let db = pool.connect_options().get_database().unwrap().to_string();
    format!("postgres://postgres@127.0.0.1:5432/{db}")
}

fn at(t: &str) -> DateTime<Utc> {
    t.parse().unwrap()
}

/// Stores `count` decisions for `answers` (weight 1), made under `catalog` at `when`.
async fn log(
    pool: &PgPool,
    catalog: &Catalog,
    count: usize,
    answers: &[(&str, &str)],
    languages: Option<&[Language]>,
    client: &str,
    when: &str,
) {
    let raw: Vec<RawAnswer> = answers
        .iter()
        .map(|(c, o)| RawAnswer {
            criterion_id: c,
            option_id: o,
            weight: 1.0,
        })
        .collect();
    let profile = Profile::parse(catalog, &raw, languages).unwrap();
    let rec = recommend(catalog, &profile);
    let batch: Vec<DecisionRecord> = (0..count)
        .map(|_| {
            DecisionRecord::new(catalog, &profile, &rec, ClientName::parse(client), at(when)).0
        })
        .collect();
    assert_eq!(
        decisions::insert_batch(pool, &batch).await.unwrap(),
        count as u64
    );
}

/// The small catalog with Express's real-time score +3 -> +1 and the option
/// `realtime=some` removed (with its rules and takeaway).
fn candidate() -> Fixture {
    Fixture::small()
        .replace(
            "scoring.toml",
            "score = 3\nrationale = \"Node.js event loop.\"",
            "score = 1\nrationale = \"Node.js event loop.\"",
        )
        .drop_blocks("criteria.toml", "id = \"some\"")
        .drop_blocks("scoring.toml", "option = \"some\"")
        .drop_blocks("takeaways.toml", "option = \"some\"")
}

/// Logs, under the small catalog:
/// - 7 × realtime=core: Express (3) over Gin (2); under the candidate Gin (2) over Express (1).
/// - 8 × realtime=core, team_size=small: Express 4 over Gin 3; then Gin 3 over Express 2.
/// - 6 × admin_panel=yes: Django either way.
/// - 2 × team_size=large, Go only: Gin either way.
/// - 3 × realtime=some: Express and Gin tie at 1, Express by id; the candidate has no
///   option `some` any more.
///
/// all from `backstage-prod` on 2026-11-20, plus decisions the filters must leave out:
/// 5 from another client, 4 before November.
async fn log_under_the_small_catalog(pool: &PgPool) {
    let dir = Fixture::small().write();
    let a = Catalog::from_dir(dir.path()).unwrap();
    let day = "2026-11-20T10:17:00Z";
    let go: &[Language] = &[Language::Go];
    log(
        pool,
        &a,
        7,
        &[("realtime", "core")],
        None,
        "backstage-prod",
        day,
    )
    .await;
    log(
        pool,
        &a,
        8,
        &[("realtime", "core"), ("team_size", "small")],
        None,
        "backstage-prod",
        day,
    )
    .await;
    log(
        pool,
        &a,
        6,
        &[("admin_panel", "yes")],
        None,
        "backstage-prod",
        day,
    )
    .await;
    log(
        pool,
        &a,
        2,
        &[("team_size", "large")],
        Some(go),
        "backstage-prod",
        day,
    )
    .await;
    log(
        pool,
        &a,
        3,
        &[("realtime", "some")],
        None,
        "backstage-prod",
        day,
    )
    .await;
    log(pool, &a, 5, &[("realtime", "core")], None, "portal-b", day).await;
    log(
        pool,
        &a,
        4,
        &[("realtime", "core")],
        None,
        "backstage-prod",
        "2026-10-02T08:00:00Z",
    )
    .await;
}

fn replay(pool: &PgPool, global: &[&str], args: &[&str]) -> super::Run {
    let url = database_url(pool);
    let mut all = global.to_vec();
    all.push("replay");
    all.extend_from_slice(args);
    run(&all, &[("DATABASE_URL", &url)])
}

/// `(before, after, count)` of every transition of a JSON report.
fn transitions(r: &Value) -> Vec<(String, String, Value)> {
    r["transitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["before"].as_str().unwrap().to_string(),
                t["after"].as_str().unwrap().to_string(),
                t["count"].clone(),
            )
        })
        .collect()
}

fn cell(b: &str, a: &str, n: Value) -> (String, String, Value) {
    (b.to_string(), a.to_string(), n)
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn replay_counts_changed_picks_and_unreadable_decisions_exactly_with_a_group_size_of_1(
    pool: PgPool,
) {
    log_under_the_small_catalog(&pool).await;
    let b = candidate().write();
    let out = replay(
        &pool,
        &["--min-group-size", "1"],
        &[
            "--catalog",
            arg(&b),
            "--from",
            "2026-11-01",
            "--client",
            "backstage-prod",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let r: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(r["replayed"], 26);
    assert_eq!(
        (&r["unchanged"], &r["changed"], &r["unreadable"]),
        (&json!(8), &json!(15), &json!(3))
    );
    // Every pair of the candidate's frameworks, in catalog order; zero reads null (below
    // any group size, and "nobody" is not told from "a few").
    let null = Value::Null;
    assert_eq!(
        transitions(&r),
        vec![
            cell("django", "django", json!(6)),
            cell("django", "express", null.clone()),
            cell("django", "gin", null.clone()),
            cell("express", "django", null.clone()),
            cell("express", "express", null.clone()),
            cell("express", "gin", json!(15)),
            cell("gin", "django", null.clone()),
            cell("gin", "express", null.clone()),
            cell("gin", "gin", json!(2)),
        ]
    );
    assert_eq!(
        r["transitions"][5],
        json!({ "before": "express", "after": "gin", "changed": true, "before_in_catalog": true, "count": 15 })
    );
    assert_eq!(
        r["unreadable_reasons"],
        json!([{
            "reason": "option_removed", "criterion": "realtime", "option": "some",
            "description": "option `realtime=some` removed", "count": 3
        }])
    );
    assert_eq!(
        r["filter"],
        json!({ "from": "2026-11-01T00:00:00Z", "to": null, "client": "backstage-prod" })
    );
    // Whole weeks: Sunday 2026-11-01 belongs to the week of Monday 2026-10-26.
    assert_eq!(
        r["weeks"],
        json!({ "from": "2026-10-26", "to": null, "counted": 1 })
    );
    assert_eq!(r["min_group_size"], 1);
    assert!(r["tie_break"].as_str().unwrap().contains("alphabetically"));
    let version = Catalog::from_dir(b.path()).unwrap().version;
    assert_eq!(r["catalog"]["version"], version);
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn small_groups_are_hidden_until_what_is_hidden_reaches_the_group_size(pool: PgPool) {
    log_under_the_small_catalog(&pool).await;
    let b = candidate().write();
    let args = [
        "--catalog",
        arg(&b),
        "--from",
        "2026-11-01",
        "--client",
        "backstage-prod",
    ];

    let json = replay(&pool, &[], &[&args[..], &["--format", "json"]].concat());
    assert_eq!(json.code, 0, "{}", json.stderr);
    let r: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(r["min_group_size"], 5);
    // 3 unreadable is below 5; unchanged (8) is hidden with it, or 26 - 15 - 8 would
    // give it away.
    assert_eq!(r["replayed"], 26);
    assert_eq!(
        (&r["unchanged"], &r["changed"], &r["unreadable"]),
        (&Value::Null, &json!(15), &Value::Null)
    );
    // Of the unchanged, Django's 6 can show: what stays hidden (gin's 2, the zeros, the
    // 3 unreadable) adds up to 5.
    let null = Value::Null;
    assert_eq!(
        transitions(&r),
        vec![
            cell("django", "django", json!(6)),
            cell("django", "express", null.clone()),
            cell("django", "gin", null.clone()),
            cell("express", "django", null.clone()),
            cell("express", "express", null.clone()),
            cell("express", "gin", json!(15)),
            cell("gin", "django", null.clone()),
            cell("gin", "express", null.clone()),
            cell("gin", "gin", null.clone()),
        ]
    );
    // A reason of 3 decisions is not listed at all.
    assert_eq!(r["unreadable_reasons"], json!([]));

    let text = replay(&pool, &[], &args);
    assert_eq!(text.code, 0, "{}", text.stderr);
    let t = &text.stdout;
    for line in [
        "Decisions: client `backstage-prod`, the weeks from Monday 2026-10-26 on, whole UTC weeks with at least 5 decisions (1 week)",
        "decisions replayed                26",
        "  top pick unchanged          hidden",
        "  top pick would change           15   57.7%",
        "  no longer readable              <5",
    ] {
        assert!(t.contains(line), "{line:?} in\n{t}");
    }
    assert!(!t.contains("by reason"), "{t}");
    let row = |name: &str| {
        t.lines()
            .find(|l| l.trim_start().starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("row {name} in\n{t}"))
            .split_whitespace()
            .skip(1)
            .collect::<Vec<_>>()
    };
    assert_eq!(row("django"), vec!["6", "<5", "<5"]);
    assert_eq!(row("express"), vec!["<5", "<5", "15"]);
    assert_eq!(row("gin"), vec!["<5", "<5", "<5"]);
    assert!(t.contains("framework id, alphabetically"), "{t}");
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn replaying_under_the_same_catalog_changes_no_pick_and_small_weeks_count_nowhere(
    pool: PgPool,
) {
    log_under_the_small_catalog(&pool).await;
    let a = Fixture::small().write();
    let out = replay(&pool, &[], &["--catalog", arg(&a), "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let r: Value = serde_json::from_str(&out.stdout).unwrap();
    // The 31 decisions of the week of 2026-11-16; the 4 of the week of 2026-09-28 are
    // fewer than 5 and count nowhere.
    assert_eq!(r["replayed"], 31);
    assert_eq!(r["unchanged"], 31);
    assert_eq!(r["weeks"]["counted"], 1);
    // Zero changed and zero unreadable read as hidden, like any count below 5.
    assert_eq!(
        (&r["changed"], &r["unreadable"]),
        (&Value::Null, &Value::Null)
    );

    let all = replay(
        &pool,
        &["--min-group-size", "1"],
        &["--catalog", arg(&a), "--format", "json"],
    );
    let r: Value = serde_json::from_str(&all.stdout).unwrap();
    assert_eq!((&r["replayed"], &r["unchanged"]), (&json!(35), &json!(35)));
    assert_eq!(r["weeks"]["counted"], 2);
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn too_few_decisions_show_nothing_but_that(pool: PgPool) {
    let a = Catalog::from_dir(Fixture::small().write().path()).unwrap();
    log(
        &pool,
        &a,
        4,
        &[("realtime", "core")],
        None,
        "backstage-prod",
        "2026-11-20T10:00:00Z",
    )
    .await;
    let dir = Fixture::small().write();
    let json = replay(&pool, &[], &["--catalog", arg(&dir), "--format", "json"]);
    let r: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(r["replayed"], Value::Null);
    assert!(
        r["transitions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["count"].is_null())
    );
    let text = replay(&pool, &[], &["--catalog", arg(&dir)]);
    assert!(
        text.stdout
            .contains("Fewer than 5 decisions in weeks holding at least 5: nothing to show."),
        "{}",
        text.stdout
    );
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn a_stored_pick_missing_from_the_candidate_is_a_row_of_its_own(pool: PgPool) {
    let a = Catalog::from_dir(Fixture::small().write().path()).unwrap();
    let day = "2026-11-20T10:00:00Z";
    // Go or Python, real-time core: Gin (2) under the small catalog; Django without Gin.
    let go_or_python: &[Language] = &[Language::Go, Language::Python];
    log(
        &pool,
        &a,
        3,
        &[("realtime", "core")],
        Some(go_or_python),
        "backstage-prod",
        day,
    )
    .await;
    // Go only: no candidate at all without Gin.
    let go: &[Language] = &[Language::Go];
    log(
        &pool,
        &a,
        2,
        &[("team_size", "large")],
        Some(go),
        "backstage-prod",
        day,
    )
    .await;
    let b = Fixture::small()
        .drop_blocks("frameworks.toml", "id = \"gin\"")
        .drop_blocks("scoring.toml", "framework = \"gin\"")
        .write();

    let out = replay(
        &pool,
        &["--min-group-size", "1"],
        &["--catalog", arg(&b), "--format", "json"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let r: Value = serde_json::from_str(&out.stdout).unwrap();
    let gin: Vec<&Value> = r["transitions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["before"] == "gin")
        .collect();
    assert_eq!(
        gin,
        vec![
            &json!({ "before": "gin", "after": "django", "changed": true, "before_in_catalog": false, "count": 3 }),
            &json!({ "before": "gin", "after": "express", "changed": true, "before_in_catalog": false, "count": null }),
        ]
    );
    assert_eq!(
        r["unreadable_reasons"],
        json!([{
            "reason": "no_candidate", "languages": ["GO"],
            "description": "language filter [GO] leaves no candidate", "count": 2
        }])
    );

    let text = replay(&pool, &["--min-group-size", "1"], &["--catalog", arg(&b)]);
    let row = text
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("gin (not in the candidate)"))
        .unwrap_or_else(|| panic!("a row for gin in\n{}", text.stdout));
    assert_eq!(
        row.split_whitespace().rev().take(2).collect::<Vec<_>>(),
        vec!["<1", "3"]
    );

    // With the default group size, a row of 3 decisions is not listed at all.
    let out = replay(&pool, &[], &["--catalog", arg(&b), "--format", "json"]);
    let r: Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(
        r["transitions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["before"] != "gin"),
        "{r}"
    );
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn bad_arguments_and_an_unreachable_database_are_told_apart(pool: PgPool) {
    let a = Fixture::small().write();
    let invalid = Fixture::small()
        .replace("scoring.toml", "score = 3", "score = 8")
        .write();
    let out = replay(&pool, &[], &["--catalog", arg(&invalid)]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("8 is outside"), "{}", out.stderr);

    let out = replay(
        &pool,
        &[],
        &[
            "--catalog",
            arg(&a),
            "--from",
            "2026-12-01",
            "--to",
            "2026-11-01",
        ],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("after --to"), "{}", out.stderr);

    let out = run(&["replay", "--catalog", arg(&a)], &[]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("DATABASE_URL"), "{}", out.stderr);

    let out = run(
        &["replay", "--catalog", arg(&a)],
        &[("DATABASE_URL", "postgres://postgres@127.0.0.1:1/none")],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        !out.stderr.contains("postgres://"),
        "the URL is not echoed: {}",
        out.stderr
    );
}
