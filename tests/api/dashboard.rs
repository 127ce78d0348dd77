//! The dashboard's aggregates (issue 12) against a real PostgreSQL: segments below the
//! minimum group size count nowhere, clients and catalog versions, the time series in
//! day, week and month buckets, each with its suppression and complementary suppression
//! (MIN_GROUP_SIZE = 5 throughout). The agreement rate and answers by top framework are
//! in `dashboard_tables`, with the helpers here.

use chrono::Duration;
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::helpers::seed::{Group, monday, seed};
use crate::helpers::*;
use framework_matrix::catalog::Catalog;
use framework_matrix::config::Settings;
use framework_matrix::startup::{app, build_services_with};
use framework_matrix::store::{Database, MIGRATOR};

pub const TOKEN: &str = "dashboard-analyst-token";
const OLD: &str = "sha256-older-catalog";

pub fn settings() -> Settings {
    let mut s = Settings::for_tests();
    s.analytics_token = Some(TOKEN.into());
    s.min_group_size = 5;
    s
}

/// `decisionStats(<args>) { <selection> }` through the whole app, as the analyst.
pub async fn stats(pool: &PgPool, args: &str, selection: &str) -> Value {
    let services =
        build_services_with(&settings(), Some(Database::from_pool(pool.clone()))).unwrap();
    let svc = actix_web::test::init_service(app(services.state.clone(), vec![])).await;
    let args = if args.is_empty() {
        String::new()
    } else {
        format!("({args})")
    };
    let query = format!("{{ decisionStats{args} {{ {selection} }} }}");
    let req = gql(&query, json!({})).insert_header(("authorization", format!("Bearer {TOKEN}")));
    let (_, _, body) = call(&svc, req).await;
    assert!(body["errors"].is_null(), "{query}: {body}");
    body["data"]["decisionStats"].clone()
}

/// `[(key, count)]` of a list of objects.
fn pairs(list: &Value, key: &str) -> Vec<(String, Value)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c[key].as_str().unwrap_or("").to_string(),
                c["count"].clone(),
            )
        })
        .collect()
}

/// The count of `key` in a list of `{ <field>, count }`.
pub fn count_of(list: &Value, field: &str, key: &str) -> Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|c| c[field] == key)
        .unwrap_or_else(|| panic!("no {key} in {list}"))["count"]
        .clone()
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn a_small_segment_counts_nowhere_so_clients_and_versions_cannot_be_differenced(
    pool: PgPool,
) {
    let week = monday(1) + Duration::hours(34);
    let current = Catalog::embedded().unwrap().version;
    seed(
        &pool,
        &[
            Group::new(10, week, "django").client("portal-a"),
            Group::new(6, week, "django").client("portal-b"),
            // Two segments below k: a small client, and a few decisions of an old catalog.
            Group::new(2, week, "django").client("tiny-portal"),
            Group::new(3, week, "django")
                .client("portal-a")
                .version(OLD),
        ],
    )
    .await;
    let all = stats(
        &pool,
        "",
        "total byClient { clientName count } byCatalogVersion { catalogVersion count }",
    )
    .await;
    assert_eq!(all["total"], 16, "only the two large segments count: {all}");
    assert_eq!(
        pairs(&all["byClient"], "clientName"),
        [
            ("portal-a".into(), json!(10)),
            ("portal-b".into(), json!(6))
        ],
        "the tiny portal is not even listed"
    );
    assert_eq!(
        pairs(&all["byCatalogVersion"], "catalogVersion"),
        [(current.clone(), json!(16))]
    );
    // Every filter agrees with the unfiltered answer: the whole log minus the large
    // clients is zero, not the tiny portal's two decisions.
    let a = stats(&pool, r#"clientName: "portal-a""#, "total").await;
    let b = stats(&pool, r#"clientName: "portal-b""#, "total").await;
    assert_eq!(
        a["total"].as_i64().unwrap() + b["total"].as_i64().unwrap(),
        16
    );
    let old = format!(r#"catalogVersion: "{OLD}""#);
    for filter in [r#"clientName: "tiny-portal""#, old.as_str()] {
        let s = stats(
            &pool,
            filter,
            "total suppressed byClient { clientName count } byCatalogVersion { catalogVersion count } \
             timeSeries { count byFramework { count } } agreementRate { rate outcomes } \
             agreementByFramework { rate outcomes } answersByFramework(criterionId: \"admin_panel\") { count }",
        )
        .await;
        assert_eq!(s["suppressed"], true, "{filter}: {s}");
        assert_eq!(s["byClient"], json!([]));
        assert_eq!(s["byCatalogVersion"], json!([]));
        assert_eq!(
            s["agreementRate"],
            json!({ "rate": null, "outcomes": null })
        );
        let text = s.to_string();
        assert!(
            !text.contains(":2") && !text.contains(":3"),
            "{filter}: {s}"
        );
        for point in s["timeSeries"].as_array().unwrap() {
            assert!(point["count"].is_null(), "{filter}: {s}");
        }
    }
    // The current catalog filter counts exactly what the unfiltered answer does.
    let v = stats(&pool, &format!(r#"catalogVersion: "{current}""#), "total").await;
    assert_eq!(v["total"], 16);
    // The BI views apply the same rule: the API and the views cannot be differenced.
    framework_matrix::store::stats::set_min_group_size(&pool, 5)
        .await
        .unwrap();
    let kept: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT client_name, catalog_version, decisions FROM bi_kept_segments ORDER BY 1",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        kept,
        [
            ("portal-a".to_string(), current.clone(), 10),
            ("portal-b".to_string(), current, 6)
        ]
    );
    let weeks: i64 = sqlx::query_scalar("SELECT sum(decisions)::bigint FROM bi_kept_weeks")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(weeks, 16);
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn the_weekly_series_hides_small_cells_along_each_bucket_and_each_framework(pool: PgPool) {
    let (a, b) = (
        monday(2) + Duration::hours(34),
        monday(1) + Duration::hours(34),
    );
    seed(
        &pool,
        &[
            Group::new(12, a, "django"),
            Group::new(3, a, "fastapi"),
            Group::new(10, a, "express"),
            Group::new(20, b, "django"),
            Group::new(14, b, "fastapi"),
            Group::new(6, b, "express"),
        ],
    )
    .await;
    let range = format!(
        r#"from: "{}", to: "{}""#,
        monday(2).to_rfc3339(),
        monday(0).to_rfc3339()
    );
    let s = stats(
        &pool,
        &range,
        "byFramework { frameworkId count } timeSeries(bucket: WEEK) { start end count byFramework { frameworkId count } }",
    )
    .await;
    // Each framework's total is large: all shown.
    assert_eq!(count_of(&s["byFramework"], "frameworkId", "django"), 32);
    assert_eq!(count_of(&s["byFramework"], "frameworkId", "fastapi"), 17);
    assert_eq!(count_of(&s["byFramework"], "frameworkId", "express"), 16);
    let series = s["timeSeries"].as_array().unwrap();
    assert_eq!(series.len(), 2, "{s}");
    assert_eq!(series[0]["start"], monday(2).date_naive().to_string());
    assert_eq!(series[0]["end"], monday(1).date_naive().to_string());
    assert_eq!(series[0]["count"], 25);
    assert_eq!(series[1]["count"], 40);
    let cell = |i: usize, f: &str| count_of(&series[i]["byFramework"], "frameworkId", f);
    // FastAPI's 3 in week A is hidden; its week then hides its next smallest (Express,
    // 10); FastAPI's column hides week B's 14, or 17 - 3 would give it away; and Express's
    // column hides week B's 6, or 16 - 6 would give week A's 10 back, and with it the 3.
    assert_eq!(cell(0, "fastapi"), Value::Null);
    assert_eq!(
        cell(0, "express"),
        Value::Null,
        "complementary along the week"
    );
    assert_eq!(
        cell(1, "fastapi"),
        Value::Null,
        "complementary along the framework"
    );
    assert_eq!(cell(0, "django"), 12);
    assert_eq!(cell(1, "django"), 20);
    assert_eq!(
        cell(1, "express"),
        Value::Null,
        "no cell hidden alone in a line"
    );
    assert_eq!(
        cell(0, "gin"),
        Value::Null,
        "zero is hidden like any small count"
    );
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn day_and_month_buckets_are_built_on_whole_weeks(pool: PgPool) {
    let tuesday = monday(1) + Duration::hours(34);
    seed(
        &pool,
        &[
            Group::new(9, tuesday, "django"),
            Group::new(2, tuesday + Duration::days(1), "django"),
            Group::new(12, monday(3) + Duration::hours(3), "flask"),
        ],
    )
    .await;
    let s = stats(
        &pool,
        "",
        "total days: timeSeries(bucket: DAY) { start end count } \
         months: timeSeries(bucket: MONTH) { start end count }",
    )
    .await;
    let days = s["days"].as_array().unwrap();
    let day = |d: chrono::DateTime<chrono::Utc>| {
        days.iter()
            .find(|p| p["start"] == d.date_naive().to_string())
            .unwrap_or_else(|| panic!("no {d} in {s}"))["count"]
            .clone()
    };
    // Wednesday's 2 are hidden, and with them Tuesday's 9 (the week's total, 11, is known).
    assert_eq!(day(tuesday + Duration::days(1)), Value::Null);
    assert_eq!(day(tuesday), Value::Null);
    assert_eq!(day(monday(3) + Duration::hours(3)), 12);
    // A week that is not counted at all (two weeks ago) shows its days as hidden.
    assert_eq!(day(monday(2)), Value::Null);
    assert!(days.len() % 7 == 0 && days.iter().all(|p| p["count"] != 0));
    // Months are whole weeks: every bucket starts and ends on a Monday, and together they
    // count the whole total.
    let months = s["months"].as_array().unwrap();
    let mut sum = 0;
    for m in months {
        for edge in ["start", "end"] {
            let d: chrono::NaiveDate = m[edge].as_str().unwrap().parse().unwrap();
            assert_eq!(d, framework_matrix::privacy::week_of(d), "{m}");
        }
        sum += m["count"].as_i64().unwrap_or(0);
    }
    assert_eq!(sum, s["total"].as_i64().unwrap());
    assert_eq!(sum, 23);
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn a_day_split_cannot_be_worked_out_from_its_week(pool: PgPool) {
    let monday = monday(1) + Duration::hours(9);
    let tuesday = monday + Duration::days(1);
    seed(
        &pool,
        &[
            Group::new(12, monday, "django"),
            Group::new(10, monday, "flask"),
            Group::new(3, tuesday, "django"),
            Group::new(10, tuesday, "flask"),
        ],
    )
    .await;
    let s = stats(
        &pool,
        "",
        "weeks: timeSeries(bucket: WEEK) { byFramework { frameworkId count } } \
         days: timeSeries(bucket: DAY) { start count byFramework { frameworkId count } }",
    )
    .await;
    let week = &s["weeks"][0]["byFramework"];
    assert_eq!(count_of(week, "frameworkId", "django"), 15);
    assert_eq!(count_of(week, "frameworkId", "flask"), 20);
    let days = s["days"].as_array().unwrap();
    assert_eq!(days[0]["count"], 22);
    assert_eq!(days[1]["count"], 13);
    // Tuesday's 3 Django are hidden, and Tuesday's Flask with them; the week's Django (15)
    // would then give Monday's Django the 3 back, and the week's Flask (20) would give
    // Monday's Flask Tuesday's 10: every cell of the two days is hidden.
    for day in &days[..2] {
        for f in ["django", "flask"] {
            assert_eq!(
                count_of(&day["byFramework"], "frameworkId", f),
                Value::Null,
                "{s}"
            );
        }
    }
}
