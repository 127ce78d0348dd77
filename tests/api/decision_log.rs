//! The decision log and analytics against a real PostgreSQL: each `#[sqlx::test]` gets a
//! fresh, migrated database of its own (dropped afterwards).

use crate::helpers::*;
use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use framework_matrix::config::Settings;
use framework_matrix::startup::{app, build_services_with};
use framework_matrix::store::{Database, MIGRATOR};
use serde_json::{Value, json};
use sqlx::PgPool;

/// catalog_version, answers, languages, top_framework, client_name, decided_hour
/// A `decisions` row as the table stores it.
#[derive(sqlx::FromRow)]
struct StoredDecision {
    catalog_version: String,
    answer_criteria: Vec<String>,
    answer_options: Vec<String>,
    answer_weights: Vec<f64>,
    languages: Option<Vec<String>>,
    top_framework: String,
    ranking_frameworks: Vec<String>,
    ranking_scores: Vec<f64>,
    client_name: Option<String>,
    decided_hour: chrono::DateTime<chrono::Utc>,
}

const SUBMIT: &str = "mutation($p: ProfileInput!) { submitProfile(profile: $p) { decisionId outcomeToken top { framework { frameworkId } } } }";
const OUTCOME: &str = "mutation($d: ID!, $f: ID!, $t: String) { recordOutcome(decisionId: $d, chosenFrameworkId: $f, outcomeToken: $t) }";
const TOKEN: &str = "analyst-secret-token";

fn settings() -> Settings {
    let mut s = Settings::for_tests();
    s.analytics_token = Some(TOKEN.into());
    s.min_group_size = 3;
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

fn submit(profile: Value) -> TestRequest {
    gql(SUBMIT, json!({ "p": profile }))
}

fn stats(query: &str) -> TestRequest {
    gql(query, json!({})).insert_header(("authorization", format!("Bearer {TOKEN}")))
}

async fn count(pool: &PgPool, sql: &'static str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn a_submitted_profile_is_stored_once_under_its_decision_id(pool: PgPool) {
    let (svc, _s) = app_with_db!(pool, settings());
    let profile = json!({ "answers": answers(&[("admin_panel", "yes"), ("data_model", "relational")]), "languages": ["PYTHON"] });
    let (status, _, body) = call(
        &svc,
        submit(profile).insert_header(("x-client-name", "backstage-dev")),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.get("errors").is_none(), "{body}");
    let id = body["data"]["submitProfile"]["decisionId"]
        .as_str()
        .expect("decisionId")
        .to_string();
    let uuid = uuid::Uuid::parse_str(&id).unwrap();
    assert_eq!(uuid.get_version_num(), 7);

    let r: StoredDecision = sqlx::query_as(
        "SELECT catalog_version, answer_criteria, answer_options, answer_weights, languages, \
         top_framework, ranking_frameworks, ranking_scores, client_name, decided_hour \
         FROM decisions WHERE decision_id = $1",
    )
    .bind(uuid)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(r.catalog_version.starts_with("sha256-"));
    assert_eq!(
        (r.answer_criteria, r.answer_options, r.answer_weights),
        (
            vec!["admin_panel".to_string(), "data_model".to_string()],
            vec!["yes".to_string(), "relational".to_string()],
            vec![1.0, 1.0]
        ),
        "answers in the order given"
    );
    assert_eq!(r.languages, Some(vec!["PYTHON".to_string()]));
    let top = body["data"]["submitProfile"]["top"]["framework"]["frameworkId"]
        .as_str()
        .unwrap();
    assert_eq!(r.top_framework, top);
    let (ranked, scores) = (&r.ranking_frameworks, &r.ranking_scores);
    assert_eq!(ranked[0], top, "the ranking is stored best first");
    assert_eq!(ranked.len(), scores.len());
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "scores descend: {scores:?}"
    );
    assert_eq!(r.client_name.as_deref(), Some("backstage-dev"));
    assert_eq!(
        r.decided_hour.timestamp() % 3600,
        0,
        "time is truncated to the hour"
    );
    assert_eq!(count(&pool, "SELECT count(*) FROM decisions").await, 1);
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn previews_are_never_stored(pool: PgPool) {
    let (svc, _s) = app_with_db!(pool, settings());
    let q = "query($p: ProfileInput!) { recommendation(profile: $p) { decisionId } }";
    let (_, _, body) = call(
        &svc,
        gql(
            q,
            json!({ "p": { "answers": answers(&[("latency", "critical")]) } }),
        ),
    )
    .await;
    assert!(body["data"]["recommendation"]["decisionId"].is_null());
    assert_eq!(count(&pool, "SELECT count(*) FROM decisions").await, 0);
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn an_invalid_client_name_is_ignored_not_stored(pool: PgPool) {
    let (svc, _s) = app_with_db!(pool, settings());
    let req = submit(json!({ "answers": [] }))
        .insert_header(("x-client-name", "Jane Doe <jane@example.com>"));
    let (_, _, body) = call(&svc, req).await;
    assert!(
        body["data"]["submitProfile"]["decisionId"].is_string(),
        "{body}"
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM decisions WHERE client_name IS NULL"
        )
        .await,
        1
    );
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn hundreds_of_concurrent_submissions_are_all_stored_with_distinct_ids(pool: PgPool) {
    // One test client is one rate-limit key: this test is about concurrency, not limits.
    let mut s = settings();
    s.limits.mutation_rate_limit_per_minute = 0;
    let (svc, server) = app_with_db!(pool, s);
    let options = ["microservice", "product", "platform"];
    let calls = (0..300).map(|i| {
        let profile = json!({ "answers": answers(&[("project_scope", options[i % 3])]) });
        call(&svc, submit(profile))
    });
    let results = futures_util::future::join_all(calls).await;
    let mut ids: Vec<String> = results
        .iter()
        .map(|(_, _, b)| {
            b["data"]["submitProfile"]["decisionId"]
                .as_str()
                .unwrap_or_else(|| panic!("{b}"))
                .to_string()
        })
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 300);
    assert_eq!(
        count(&pool, "SELECT count(DISTINCT decision_id) FROM decisions").await,
        300
    );
    // Group commit: far fewer statements than decisions.
    let batches = server.state.metrics.decision_batches.get();
    assert!(batches < 300, "{batches} batches for 300 decisions");
    // Batches in flight side by side add to their own rollup shards; summed over shards,
    // the rollups count every decision exactly once.
    assert_eq!(
        count(&pool, "SELECT sum(decisions)::bigint FROM decision_days").await,
        300
    );
    assert_eq!(
        count(
            &pool,
            "SELECT sum(decisions)::bigint FROM answer_days WHERE criterion = 'project_scope'"
        )
        .await,
        300
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM decision_days WHERE shard NOT BETWEEN 0 AND 3"
        )
        .await,
        0,
        "only the writer's shards"
    );
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn outcomes_are_recorded_and_a_second_report_replaces_the_first(pool: PgPool) {
    let (svc, _s) = app_with_db!(pool, settings());
    let (_, _, body) = call(
        &svc,
        submit(json!({ "answers": answers(&[("admin_panel", "yes")]) })),
    )
    .await;
    let id = body["data"]["submitProfile"]["decisionId"]
        .as_str()
        .unwrap()
        .to_string();
    let token = body["data"]["submitProfile"]["outcomeToken"]
        .as_str()
        .unwrap()
        .to_string();
    let outcome = OUTCOME;
    for f in ["flask", "django"] {
        let (_, _, body) = call(&svc, gql(outcome, json!({ "d": id, "f": f, "t": token }))).await;
        assert_eq!(body["data"]["recordOutcome"], true, "{body}");
    }
    let chosen: Vec<String> = sqlx::query_scalar("SELECT chosen_framework FROM decision_outcomes")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(chosen, ["django"]);
    // The daily rollup the analytics read moved the decision from Flask to Django.
    let cells: Vec<(String, i32)> =
        sqlx::query_as("SELECT chosen, decisions FROM outcome_days ORDER BY chosen")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(cells, [("django".to_string(), 1), ("flask".to_string(), 0)]);

    let unknown = uuid::Uuid::now_v7().to_string();
    let (_, _, body) = call(
        &svc,
        gql(outcome, json!({ "d": unknown, "f": "django", "t": token })),
    )
    .await;
    assert_eq!(codes(&body), ["UNAUTHENTICATED"]);
    assert!(first_message(&body).contains(&unknown));
    let (_, _, body) = call(
        &svc,
        gql(outcome, json!({ "d": id, "f": "rails", "t": token })),
    )
    .await;
    assert_eq!(codes(&body), ["BAD_USER_INPUT"]);
    assert!(first_message(&body).contains("rails"));
    let (_, _, body) = call(
        &svc,
        gql(
            outcome,
            json!({ "d": "not-a-uuid", "f": "django", "t": token }),
        ),
    )
    .await;
    assert_eq!(codes(&body), ["BAD_USER_INPUT"]);
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn analytics_need_the_right_bearer_token(pool: PgPool) {
    let (svc, _s) = app_with_db!(pool, settings());
    let q = "{ decisionStats { total } }";
    let (_, _, body) = call(&svc, gql(q, json!({}))).await;
    assert_eq!(codes(&body), ["UNAUTHENTICATED"]);
    assert!(body["data"].is_null(), "no data without a token: {body}");
    let (_, _, body) = call(
        &svc,
        gql(q, json!({})).insert_header(("authorization", "Bearer wrong-token")),
    )
    .await;
    assert_eq!(codes(&body), ["UNAUTHENTICATED"]);
    assert!(body["data"].is_null());
    let (_, _, body) = call(&svc, stats(q)).await;
    // No decisions at all: a set smaller than the minimum group size shows nothing.
    assert_eq!(
        body["data"]["decisionStats"]["total"],
        Value::Null,
        "{body}"
    );
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn without_a_configured_token_analytics_are_off_and_say_so(pool: PgPool) {
    let mut s = settings();
    s.analytics_token = None;
    let (svc, _s) = app_with_db!(pool, s);
    let (_, _, body) = call(&svc, stats("{ decisionStats { total } }")).await;
    assert_eq!(codes(&body), ["SERVICE_UNAVAILABLE"]);
    assert!(first_message(&body).contains("ANALYTICS_TOKEN"));
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn small_groups_are_suppressed_and_cannot_be_recovered_by_subtraction(pool: PgPool) {
    let (svc, _s) = app_with_db!(pool, settings()); // MIN_GROUP_SIZE = 3
    // structure: opinionated ×6, flexible ×1 → the lone small cell drags the other down too.
    // team_size: small ×4, large ×2, (unanswered ×1) → only "large" is small... plus next smallest.
    let mut profiles = Vec::new();
    for i in 0..7 {
        let structure = if i < 6 { "opinionated" } else { "flexible" };
        let mut a = vec![("structure", structure)];
        if i < 4 {
            a.push(("team_size", "small"));
        } else if i < 6 {
            a.push(("team_size", "large"));
        }
        profiles.push(json!({ "answers": answers(&a) }));
    }
    for p in profiles {
        let (_, _, body) = call(&svc, submit(p)).await;
        assert!(
            body["data"]["submitProfile"]["decisionId"].is_string(),
            "{body}"
        );
    }
    let q = r#"{ decisionStats {
        total minGroupSize
        structure: answers(criterionId: "structure") { optionId count }
        team: answers(criterionId: "team_size") { optionId count }
        daily { day count }
    } }"#;
    let (_, _, body) = call(&svc, stats(q)).await;
    let s = &body["data"]["decisionStats"];
    assert_eq!(s["total"], 7, "{body}");
    assert_eq!(s["minGroupSize"], 3);
    // Both structure cells hidden: showing "opinionated: 6" with total 7 would reveal flexible = 1.
    assert_eq!(
        s["structure"],
        json!([{ "optionId": "opinionated", "count": null }, { "optionId": "flexible", "count": null }])
    );
    // large = 2 < 3 is hidden; with the one unanswered decision, what is hidden adds up to
    // 3, the minimum group size, so "small" may show.
    assert_eq!(
        s["team"],
        json!([{ "optionId": "small", "count": 4 }, { "optionId": "large", "count": null }])
    );
    // Every day of the week is listed: today holds the 7, the other (empty) days are hidden.
    let days = s["daily"].as_array().unwrap();
    assert_eq!(days.len(), 7, "{body}");
    let today = chrono::Utc::now().date_naive().to_string();
    for d in days {
        let expected = if d["day"] == today.as_str() {
            json!(7)
        } else {
            Value::Null
        };
        assert_eq!(d["count"], expected, "{d}");
    }

    let (_, _, body) = call(
        &svc,
        stats(r#"{ decisionStats { answers(criterionId: "favourite_colour") { count } } }"#),
    )
    .await;
    assert_eq!(codes(&body), ["BAD_USER_INPUT"]);
    assert!(first_message(&body).contains("favourite_colour"));
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn counts_at_the_threshold_are_shown_and_filters_apply(pool: PgPool) {
    let (svc, _s) = app_with_db!(pool, settings());
    for (client, n) in [("portal-a", 4), ("portal-b", 3)] {
        for _ in 0..n {
            let req = submit(json!({ "answers": answers(&[("admin_panel", "yes"), ("data_model", "relational")]) }))
                .insert_header(("x-client-name", client));
            call(&svc, req).await;
        }
    }
    let (_, _, body) = call(&svc, stats(r#"{ decisionStats(clientName: "portal-a") { total byFramework { frameworkId count } } }"#)).await;
    assert_eq!(body["data"]["decisionStats"]["total"], 4, "{body}");
    // Every framework is listed; only Django has decisions, the others are hidden (zero
    // and "a few" look the same).
    let rows = body["data"]["decisionStats"]["byFramework"]
        .as_array()
        .unwrap();
    assert_eq!(rows.len(), 9);
    assert_eq!(rows[0], json!({ "frameworkId": "django", "count": 4 }));
    assert!(rows[1..].iter().all(|r| r["count"].is_null()), "{body}");
    let (_, _, body) = call(&svc, stats(r#"{ decisionStats(from: "2000-01-01T00:00:00Z", to: "2000-01-02T00:00:00Z") { total suppressed } }"#)).await;
    assert_eq!(body["data"]["decisionStats"]["total"], Value::Null);
    assert_eq!(body["data"]["decisionStats"]["suppressed"], true);
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn outcome_statistics_compare_recommended_and_chosen(pool: PgPool) {
    let (svc, _s) = app_with_db!(pool, settings());
    let outcome = OUTCOME;
    for _ in 0..3 {
        let (_, _, body) = call(
            &svc,
            submit(
                json!({ "answers": answers(&[("admin_panel", "yes"), ("builtin_auth", "yes")]) }),
            ),
        )
        .await;
        let s = &body["data"]["submitProfile"];
        let (id, token) = (s["decisionId"].clone(), s["outcomeToken"].clone());
        let (_, _, body) = call(
            &svc,
            gql(outcome, json!({ "d": id, "f": "django", "t": token })),
        )
        .await;
        assert_eq!(body["data"]["recordOutcome"], true, "{body}");
    }
    let (_, _, body) = call(
        &svc,
        stats("{ decisionStats { outcomes { recommendedFrameworkId chosenFrameworkId count } } }"),
    )
    .await;
    // Every pair of catalog frameworks is listed; only Django/Django has outcomes.
    let cells = body["data"]["decisionStats"]["outcomes"]
        .as_array()
        .unwrap();
    assert_eq!(cells.len(), 81, "{body}");
    assert_eq!(
        cells[0],
        json!({ "recommendedFrameworkId": "django", "chosenFrameworkId": "django", "count": 3 })
    );
    assert!(cells[1..].iter().all(|c| c["count"].is_null()));
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn the_bi_views_apply_the_same_suppression(pool: PgPool) {
    let (svc, _s) = app_with_db!(pool, settings()); // writes MIN_GROUP_SIZE = 3 at start-up
    for (opt, n) in [("microservice", 5), ("product", 1), ("platform", 4)] {
        for _ in 0..n {
            call(
                &svc,
                submit(json!({ "answers": answers(&[("project_scope", opt)]) })),
            )
            .await;
        }
    }
    // Wait until start-up has written the threshold (it runs in the background).
    for _ in 0..100 {
        if count(
            &pool,
            "SELECT min_group_size::bigint FROM analytics_settings",
        )
        .await
            == 3
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let rows: Vec<(String, Option<i64>)> = sqlx::query_as(
        "SELECT option_id, decisions FROM bi_answer_counts WHERE criterion_id = 'project_scope' ORDER BY option_id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        rows,
        [
            ("microservice".to_string(), Some(5)),
            ("platform".to_string(), None),
            ("product".to_string(), None)
        ]
    );
}

#[actix_web::test]
async fn with_the_database_unreachable_the_catalog_and_previews_work_and_submissions_are_spooled() {
    let mut s = Settings::for_tests();
    // A socket directory that does not exist: nothing can ever answer there (a "free" TCP
    // port could be taken by another process meanwhile).
    s.database_url =
        Some("postgres://postgres@localhost/nowhere?host=/nonexistent-framework-matrix".into());
    let (svc, _s) = service(s).await;
    let (_, _, body) = call(&svc, gql("{ frameworks { id } }", json!({}))).await;
    assert!(body["data"]["frameworks"].as_array().unwrap().len() >= 5);
    let q = "query($p: ProfileInput!) { recommendation(profile: $p) { top { framework { id } } } }";
    let (_, _, body) = call(&svc, gql(q, json!({ "p": { "answers": [] } }))).await;
    assert!(body["data"]["recommendation"]["top"]["framework"]["id"].is_string());
    let (_, _, body) = call(&svc, submit(json!({ "answers": [] }))).await;
    assert!(
        body["data"]["submitProfile"]["decisionId"].is_string(),
        "acknowledged from the spool: {body}"
    );
    let (status, _, body) = call(&svc, TestRequest::get().uri("/readyz")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "degraded", "{body}");
    assert_ne!(body["database"], "ready");
    assert_eq!(body["decisionLog"]["spool"]["records"], 1);
}

/// Migration 20261127000001 turns the jsonb answers and ranking into arrays: rows logged
/// before it keep every answer, weight and score, in order, and the rollups keep their
/// counts (issue 17: "migrations that keep existing data").
#[sqlx::test(migrations = false)]
async fn rows_logged_as_jsonb_keep_their_answers_and_ranking_as_arrays(pool: PgPool) {
    const ARRAYS: i64 = 20_261_127_000_001;
    for m in MIGRATOR.iter().filter(|m| m.version < ARRAYS) {
        sqlx::raw_sql(m.sql.clone()).execute(&pool).await.unwrap();
    }
    sqlx::raw_sql(
        r#"
        INSERT INTO decisions (decision_id, decided_hour, catalog_version, answers, languages,
                               top_framework, ranking, client_name)
        VALUES ('01a21480-52e1-75f4-a8fa-50390ae87cad', '2026-11-25T20:00:00Z', 'v1',
                '[{"criterion":"admin_panel","option":"yes","weight":2.0},
                  {"criterion":"latency","option":"critical","weight":0.1}]',
                '{PYTHON}', 'django',
                '[{"framework":"django","score":19.0},{"framework":"flask","score":4.3333333333333339}]',
                'sizing'),
               ('01a21480-52e1-75f4-a8fa-50390ae87cae', '2026-11-25T20:00:00Z', 'v1', '[]',
                NULL, 'gin', '[{"framework":"gin","score":0.0}]', NULL);
        INSERT INTO decision_days (day, client_name, catalog_version, top_framework, decisions)
        VALUES ('2026-11-25', 'sizing', 'v1', 'django', 1), ('2026-11-25', '', 'v1', 'gin', 1);
        "#,
    )
    .execute(&pool)
    .await
    .unwrap();
    let arrays = MIGRATOR.iter().find(|m| m.version == ARRAYS).unwrap();
    sqlx::raw_sql(arrays.sql.clone())
        .execute(&pool)
        .await
        .unwrap();

    let rows: Vec<StoredDecision> = sqlx::query_as(
        "SELECT catalog_version, answer_criteria, answer_options, answer_weights, languages, \
         top_framework, ranking_frameworks, ranking_scores, client_name, decided_hour \
         FROM decisions ORDER BY decision_id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), 2);
    let r = &rows[0];
    assert_eq!(r.answer_criteria, ["admin_panel", "latency"]);
    assert_eq!(r.answer_options, ["yes", "critical"]);
    assert_eq!(r.answer_weights, [2.0, 0.1]);
    assert_eq!(r.languages.as_deref(), Some(&["PYTHON".to_string()][..]));
    assert_eq!(r.ranking_frameworks, ["django", "flask"]);
    assert_eq!(r.ranking_scores, [19.0, 4.333_333_333_333_334]);
    assert_eq!(r.client_name.as_deref(), Some("sizing"));
    let empty = &rows[1];
    assert!(empty.answer_criteria.is_empty() && empty.answer_weights.is_empty());
    assert_eq!(empty.ranking_frameworks, ["gin"]);
    assert_eq!(
        count(
            &pool,
            "SELECT sum(decisions)::bigint FROM decision_days WHERE shard = 0"
        )
        .await,
        2
    );
    // The new constraints hold the arrays aligned.
    let misaligned =
        sqlx::raw_sql("UPDATE decisions SET answer_weights = '{1}' WHERE top_framework = 'django'")
            .execute(&pool)
            .await;
    assert!(
        misaligned.is_err(),
        "answers of unequal lengths were accepted"
    );
}
