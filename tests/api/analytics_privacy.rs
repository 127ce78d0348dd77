//! Analytics that cannot single anyone out, and a log no stranger can write (issue 19),
//! against a real PostgreSQL. Decisions are seeded through the real insert (rollups
//! included) at chosen hours, so that weeks can be filled or left small on purpose.

use actix_web::http::StatusCode;
use chrono::{DateTime, Days, Duration, Utc};
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::helpers::*;
use framework_matrix::catalog::Catalog;
use framework_matrix::config::Settings;
use framework_matrix::domain::{ClientName, DecisionRecord};
use framework_matrix::engine::{Profile, RawAnswer, recommend};
use framework_matrix::privacy::week_of;
use framework_matrix::startup::{app, build_services_with};
use framework_matrix::store::{Database, MIGRATOR, decisions};

const TOKEN: &str = "analyst-secret-token";

fn settings() -> Settings {
    let mut s = Settings::for_tests();
    s.analytics_token = Some(TOKEN.into());
    s.min_group_size = 5;
    s
}

macro_rules! app_with_db {
    ($pool:expr, $settings:expr) => {{
        let settings = $settings;
        let services =
            build_services_with(&settings, Some(Database::from_pool($pool.clone()))).unwrap();
        let svc = actix_web::test::init_service(app(services.state.clone(), vec![])).await;
        (svc, services)
    }};
}

fn stats(query: &str) -> actix_web::test::TestRequest {
    gql(query, json!({})).insert_header(("authorization", format!("Bearer {TOKEN}")))
}

/// Monday 00:00 UTC of the week `weeks_ago` weeks before this one.
fn monday(weeks_ago: u64) -> DateTime<Utc> {
    let this = week_of(Utc::now().date_naive());
    (this - Days::new(7 * weeks_ago))
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
}

/// Stores `n` decisions at `at` for `client`, answered `admin_panel=yes` (so Django is on
/// top), through the same insert the writer uses.
async fn seed(pool: &PgPool, n: usize, at: DateTime<Utc>, client: Option<&str>) {
    let catalog = Catalog::embedded().unwrap();
    let raw = [RawAnswer {
        criterion_id: "admin_panel",
        option_id: "yes",
        weight: 1.0,
    }];
    let profile = Profile::parse(&catalog, &raw, None).unwrap();
    let rec = recommend(&catalog, &profile);
    let records: Vec<DecisionRecord> = (0..n)
        .map(|_| {
            let client = client.map(|c| ClientName::parse(c).unwrap());
            DecisionRecord::new(&catalog, &profile, &rec, client, at).0
        })
        .collect();
    decisions::insert_batch(pool, &records).await.unwrap();
}

/// Every count anywhere in a `decisionStats` answer.
fn counts(stats: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    for key in ["byFramework", "daily", "outcomes", "answers"] {
        for cell in stats[key].as_array().into_iter().flatten() {
            out.push(cell["count"].clone());
        }
    }
    out
}

const EVERYTHING: &str = "total suppressed byFramework { frameworkId count } daily { day count } outcomes { recommendedFrameworkId chosenFrameworkId count } answers(criterionId: \"admin_panel\") { optionId count }";

#[sqlx::test(migrator = "MIGRATOR")]
async fn a_lone_decision_reveals_nothing_whatever_the_filter(pool: PgPool) {
    let (svc, _s) = app_with_db!(pool, settings());
    // A busy portal this week, and one decision of a tiny portal in the same week.
    seed(&pool, 20, monday(0), Some("big-portal")).await;
    seed(
        &pool,
        1,
        monday(0) + Duration::hours(1),
        Some("tiny-portal"),
    )
    .await;
    // Alone in its week, three weeks ago, under another catalog version.
    let catalog = Catalog::embedded().unwrap();
    seed(&pool, 1, monday(3) + Duration::hours(13), None).await;
    sqlx::query("UPDATE decision_days SET catalog_version = 'old-catalog' WHERE week = $1")
        .bind(monday(3).date_naive())
        .execute(&pool)
        .await
        .unwrap();

    let lone_hour = (monday(3) + Duration::hours(13)).to_rfc3339();
    let next_hour = (monday(3) + Duration::hours(14)).to_rfc3339();
    for filter in [
        r#"clientName: "tiny-portal""#.to_string(),
        format!(r#"from: "{lone_hour}", to: "{next_hour}""#),
        r#"catalogVersion: "old-catalog""#.to_string(),
    ] {
        let (_, _, body) = call(
            &svc,
            stats(&format!("{{ decisionStats({filter}) {{ {EVERYTHING} }} }}")),
        )
        .await;
        let s = &body["data"]["decisionStats"];
        assert_eq!(s["total"], Value::Null, "{filter}: {body}");
        assert_eq!(s["suppressed"], true);
        // Every key is listed, and every count is hidden: nothing says which cell the
        // decision is in.
        assert_eq!(
            s["byFramework"].as_array().unwrap().len(),
            catalog.frameworks.len()
        );
        assert_eq!(s["outcomes"].as_array().unwrap().len(), 81);
        assert!(counts(s).iter().all(Value::is_null), "{filter}: {body}");
    }
    // The whole log shows the busy portal's week, and nothing about the lone decisions:
    // neither the old catalog's week nor the tiny portal's segment (one week of one
    // client, fewer than k: issue 12), so the total minus big-portal's total is zero.
    let (_, _, body) = call(
        &svc,
        stats(&format!("{{ decisionStats {{ {EVERYTHING} }} }}")),
    )
    .await;
    let s = &body["data"]["decisionStats"];
    assert_eq!(s["total"], 20, "the small segments are left out: {body}");
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn four_decisions_show_nothing_and_five_show_their_total(pool: PgPool) {
    let (svc, _s) = app_with_db!(pool, settings()); // MIN_GROUP_SIZE = 5
    seed(&pool, 4, monday(1) + Duration::hours(30), Some("portal-a")).await;
    seed(&pool, 5, monday(1) + Duration::hours(30), Some("portal-b")).await;
    let q = |client: &str| {
        format!(
            r#"{{ decisionStats(clientName: "{client}") {{ total suppressed byFramework {{ frameworkId count }} }} }}"#
        )
    };
    let (_, _, body) = call(&svc, stats(&q("portal-a"))).await;
    assert_eq!(
        body["data"]["decisionStats"]["total"],
        Value::Null,
        "{body}"
    );
    assert!(
        counts(&body["data"]["decisionStats"])
            .iter()
            .all(Value::is_null)
    );
    let (_, _, body) = call(&svc, stats(&q("portal-b"))).await;
    assert_eq!(body["data"]["decisionStats"]["total"], 5, "{body}");
    assert_eq!(body["data"]["decisionStats"]["suppressed"], false);
    assert_eq!(body["data"]["decisionStats"]["byFramework"][0]["count"], 5);
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn overlapping_ranges_cannot_isolate_a_small_group(pool: PgPool) {
    let (svc, _s) = app_with_db!(pool, settings());
    // Weeks 4 and 2 ago are busy; week 3 ago holds two decisions.
    seed(&pool, 20, monday(4) + Duration::hours(10), None).await;
    seed(&pool, 2, monday(3) + Duration::hours(50), None).await;
    seed(&pool, 20, monday(2) + Duration::hours(10), None).await;
    let ask = |from: DateTime<Utc>, to: DateTime<Utc>| {
        stats(&format!(
            r#"{{ decisionStats(from: "{}", to: "{}") {{ total byFramework {{ frameworkId count }} answers(criterionId: "admin_panel") {{ optionId count }} }} }}"#,
            from.to_rfc3339(),
            to.to_rfc3339()
        ))
    };
    // Weeks 4..3 vs 4..2 differ exactly by the small week: the answers are the same.
    let (_, _, a) = call(&svc, ask(monday(4), monday(3))).await;
    let (_, _, b) = call(&svc, ask(monday(4), monday(2))).await;
    assert_eq!(a["data"], b["data"], "the small week shows in a difference");
    assert_eq!(a["data"]["decisionStats"]["total"], 20);
    // Two ranges a day apart (inside the small week) snap to the same whole weeks.
    let (_, _, c) = call(&svc, ask(monday(4), monday(3) + Duration::days(2))).await;
    let (_, _, d) = call(&svc, ask(monday(4), monday(3) + Duration::days(3))).await;
    assert_eq!(c["data"], d["data"]);
    // Everything minus the two busy weeks: nothing left to learn.
    let (_, _, all) = call(&svc, stats("{ decisionStats { total } }")).await;
    assert_eq!(all["data"]["decisionStats"]["total"], 40);
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn the_bi_views_withstand_the_same_attacks(pool: PgPool) {
    let (_svc, _s) = app_with_db!(pool, settings());
    seed(&pool, 20, monday(0), Some("big-portal")).await;
    seed(&pool, 2, monday(2), Some("tiny-portal")).await;
    // Start-up writes the threshold and the catalog's keys in the background.
    for _ in 0..200 {
        let keys: i64 = sqlx::query_scalar("SELECT count(*) FROM analytics_keys")
            .fetch_one(&pool)
            .await
            .unwrap();
        let k: i32 = sqlx::query_scalar("SELECT min_group_size FROM analytics_settings")
            .fetch_one(&pool)
            .await
            .unwrap();
        if keys > 0 && k == 5 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let weeks: Vec<(chrono::NaiveDate, i64)> =
        sqlx::query_as("SELECT week, decisions::bigint FROM bi_kept_weeks")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(
        weeks,
        [(monday(0).date_naive(), 20)],
        "the small week is not counted"
    );
    let frameworks: Vec<(String, Option<i64>)> =
        sqlx::query_as("SELECT framework_id, decisions FROM bi_framework_counts")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(frameworks.len(), 9, "every framework is listed");
    assert_eq!(frameworks[0], ("django".to_string(), Some(20)));
    assert!(
        frameworks[1..].iter().all(|(_, n)| n.is_none()),
        "{frameworks:?}"
    );
    let days: Vec<(chrono::NaiveDate, Option<i64>)> =
        sqlx::query_as("SELECT day, decisions FROM bi_daily_counts ORDER BY day")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(days.len(), 7, "only the kept week's days");
    assert!(days.iter().all(|(d, _)| *d >= monday(0).date_naive()));
    let outcomes: i64 =
        sqlx::query_scalar("SELECT count(*) FROM bi_outcome_counts WHERE decisions IS NOT NULL")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(outcomes, 0, "no outcome was reported: every pair is hidden");
}

const SUBMIT: &str =
    "mutation($p: ProfileInput!) { submitProfile(profile: $p) { decisionId outcomeToken } }";
const OUTCOME: &str = "mutation($d: ID!, $f: ID!, $t: String) { recordOutcome(decisionId: $d, chosenFrameworkId: $f, outcomeToken: $t) }";

fn submit() -> actix_web::test::TestRequest {
    gql(
        SUBMIT,
        json!({ "p": { "answers": answers(&[("admin_panel", "yes")]) } }),
    )
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn only_the_submitter_can_report_an_outcome(pool: PgPool) {
    let (svc, _s) = app_with_db!(pool, settings());
    let (_, _, mine) = call(&svc, submit()).await;
    let (_, _, theirs) = call(&svc, submit()).await;
    let id = mine["data"]["submitProfile"]["decisionId"].clone();
    let token = mine["data"]["submitProfile"]["outcomeToken"]
        .as_str()
        .unwrap()
        .to_string();
    let other_token = theirs["data"]["submitProfile"]["outcomeToken"].clone();
    assert_eq!(token.len(), 32);

    let (_, _, body) = call(&svc, gql(OUTCOME, json!({ "d": id, "f": "flask" }))).await;
    assert_eq!(codes(&body), ["UNAUTHENTICATED"], "no token: {body}");
    let (_, _, wrong) = call(
        &svc,
        gql(OUTCOME, json!({ "d": id, "f": "flask", "t": other_token })),
    )
    .await;
    assert_eq!(
        codes(&wrong),
        ["UNAUTHENTICATED"],
        "another decision's token: {wrong}"
    );
    // An unknown decision looks exactly like a wrong token.
    let unknown = uuid::Uuid::now_v7().to_string();
    let (_, _, nobody) = call(
        &svc,
        gql(OUTCOME, json!({ "d": unknown, "f": "flask", "t": token })),
    )
    .await;
    assert_eq!(codes(&nobody), codes(&wrong));
    assert_eq!(
        first_message(&nobody).replace(&unknown, "ID"),
        first_message(&wrong).replace(id.as_str().unwrap(), "ID")
    );
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM decision_outcomes")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(stored, 0);

    let (_, _, ok) = call(
        &svc,
        gql(OUTCOME, json!({ "d": id, "f": "flask", "t": token })),
    )
    .await;
    assert_eq!(ok["data"]["recordOutcome"], true, "{ok}");
    // The token is stored only as its hash.
    let hash: Vec<u8> =
        sqlx::query_scalar("SELECT outcome_token_hash FROM decisions WHERE decision_id = $1")
            .bind(uuid::Uuid::parse_str(id.as_str().unwrap()).unwrap())
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(hash.len(), 32);
    assert!(!String::from_utf8_lossy(&hash).contains(&token));
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn the_old_behaviour_needs_an_explicit_setting(pool: PgPool) {
    let mut s = settings();
    s.record_outcome_without_token = true;
    let (svc, _s) = app_with_db!(pool, s);
    let (_, _, body) = call(&svc, submit()).await;
    let id = body["data"]["submitProfile"]["decisionId"].clone();
    let (_, _, body) = call(&svc, gql(OUTCOME, json!({ "d": id, "f": "flask" }))).await;
    assert_eq!(body["data"]["recordOutcome"], true, "{body}");
    // A token that is given must still be the right one.
    let (_, _, body) = call(
        &svc,
        gql(
            OUTCOME,
            json!({ "d": id, "f": "flask", "t": "0".repeat(32) }),
        ),
    )
    .await;
    assert_eq!(codes(&body), ["UNAUTHENTICATED"]);
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn with_client_keys_a_name_can_only_come_from_a_key(pool: PgPool) {
    let keys = tempfile::NamedTempFile::new().unwrap();
    let hash = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(b"portal-a-key"));
    std::fs::write(
        keys.path(),
        format!("[[client]]\nname = \"portal-a\"\nkey_sha256 = \"{hash}\"\n"),
    )
    .unwrap();
    let mut s = settings();
    s.client_keys_file = Some(keys.path().to_path_buf());
    let (svc, _s) = app_with_db!(pool, s);

    let (_, _, spoofed) = call(&svc, submit().insert_header(("x-client-name", "portal-a"))).await;
    let (_, _, keyed) = call(
        &svc,
        submit().insert_header(("x-client-key", "portal-a-key")),
    )
    .await;
    let (status, _, forged) = call(
        &svc,
        submit().insert_header(("x-client-key", "portal-a-guess")),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(codes(&forged), ["UNAUTHENTICATED"]);
    let client_of = async |body: &Value| -> Option<String> {
        let id = uuid::Uuid::parse_str(
            body["data"]["submitProfile"]["decisionId"]
                .as_str()
                .unwrap(),
        )
        .unwrap();
        sqlx::query_scalar("SELECT client_name FROM decisions WHERE decision_id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    assert_eq!(
        client_of(&spoofed).await,
        None,
        "a claimed name is not recorded"
    );
    assert_eq!(client_of(&keyed).await.as_deref(), Some("portal-a"));
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn mutations_are_rate_limited_by_default(pool: PgPool) {
    let (svc, _s) = app_with_db!(pool, settings());
    let burst = Settings::for_tests().limits.mutation_rate_limit_burst;
    for i in 0..burst {
        let (status, _, body) = call(&svc, submit()).await;
        assert_eq!(status, StatusCode::OK, "submission {i}: {body}");
    }
    let (status, headers, body) = call(&svc, submit()).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(codes(&body), ["RATE_LIMITED"]);
    assert!(headers.get("retry-after").is_some());
    // Queries are not mutations: previews go on.
    let (status, _, _) = call(
        &svc,
        gql(
            "{ recommendation(profile: { answers: [] }) { confidence } }",
            json!({}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn wrong_analytics_tokens_lock_the_client_out_and_the_scheme_is_case_insensitive(
    pool: PgPool,
) {
    let (svc, _s) = app_with_db!(pool, settings());
    let q = "{ decisionStats { suppressed } }";
    let with = |auth: &str| gql(q, json!({})).insert_header(("authorization", auth.to_string()));
    for scheme in ["Bearer", "bearer", "BEARER"] {
        let (_, _, body) = call(&svc, with(&format!("{scheme} {TOKEN}"))).await;
        assert_eq!(
            body["data"]["decisionStats"]["suppressed"], true,
            "{scheme}: {body}"
        );
    }
    let failures = Settings::for_tests().analytics_auth_failures_per_minute;
    for _ in 0..failures {
        let (_, _, body) = call(&svc, with("Bearer guess")).await;
        assert_eq!(codes(&body), ["UNAUTHENTICATED"]);
    }
    let (_, _, body) = call(&svc, with("Bearer guess")).await;
    assert_eq!(
        codes(&body),
        ["UNAUTHENTICATED"],
        "the failure past the limit locks the client out"
    );
    // Locked out: even the right token is not compared now.
    let (_, _, body) = call(&svc, with(&format!("Bearer {TOKEN}"))).await;
    assert_eq!(codes(&body), ["RATE_LIMITED"], "{body}");
}
