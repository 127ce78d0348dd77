//! Decision records in MADR format: `Recommendation.decisionRecord` and
//! `GET /api/v1/decisions/{id}/record.md`, checked against the headings of MADR's own
//! template (the `madr` npm package, version 4.0.0, pinned in `tests/portal`).

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use framework_matrix::config::Settings;
use framework_matrix::startup::{app, build_services_with};
use framework_matrix::store::{Database, MIGRATOR};
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::helpers::*;

const RECORD: &str = "query($p: ProfileInput!) { recommendation(profile: $p) { decisionRecord(format: MADR) ranking { framework { name } } } }";
const SUBMIT: &str =
    "mutation($p: ProfileInput!) { submitProfile(profile: $p) { decisionId outcomeToken } }";
const OUTCOME: &str = "mutation($d: ID!, $f: ID!, $t: String) { recordOutcome(decisionId: $d, chosenFrameworkId: $f, outcomeToken: $t) }";

/// MADR's template: its section headings in order, each with whether it is optional
/// (preceded by the template's "optional element" comment), and its front-matter keys.
struct Template {
    headings: Vec<(String, bool)>,
    front_matter: Vec<String>,
}

async fn madr_template() -> Template {
    let dir = node::tests_dir("portal");
    node::install(
        dir.clone(),
        &["madr/template/adr-template.md"],
        "to check decision records against MADR's template",
    )
    .await;
    let text = std::fs::read_to_string(dir.join("node_modules/madr/template/adr-template.md"))
        .expect("MADR's template is installed");
    let mut headings = Vec::new();
    let mut optional = false;
    for line in text.lines() {
        if line.contains("optional element") {
            optional = true;
        } else if line.starts_with("## ") || line.starts_with("### ") {
            // `### {title of option 1}` is a placeholder, not a section.
            if !line.contains('{') {
                headings.push((line.to_string(), optional));
            }
            optional = false;
        }
    }
    let front_matter = text
        .split("---")
        .nth(1)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once(':').map(|(k, _)| k.trim().to_string()))
        .filter(|k| !k.starts_with('#') && !k.is_empty())
        .collect();
    Template {
        headings,
        front_matter,
    }
}

/// Every section of `md` is one of the template's, in the template's order; the required
/// ones are all there; the options under "Pros and Cons" are the considered options; the
/// front matter uses only the template's keys. Returns the considered options.
fn assert_fits(template: &Template, md: &str) -> Vec<String> {
    assert!(
        template.headings.len() >= 5,
        "the template's headings: {:?}",
        template.headings.iter().map(|h| &h.0).collect::<Vec<_>>()
    );
    let (front, body) = md
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .expect("the record opens with front matter");
    for line in front.lines() {
        let key = line.split_once(':').expect("key: value").0;
        assert!(
            template.front_matter.iter().any(|k| k == key),
            "front matter key {key:?} is not MADR's ({:?})",
            template.front_matter
        );
    }
    assert_eq!(
        body.lines().filter(|l| l.starts_with("# ")).count(),
        1,
        "one title:\n{md}"
    );
    let mut in_options = false;
    let mut sections = Vec::new();
    let mut option_titles = Vec::new();
    for line in body.lines() {
        if line.starts_with("## ") {
            in_options = line == "## Pros and Cons of the Options";
            sections.push(line);
        } else if line.starts_with("### ") {
            if in_options {
                option_titles.push(line.trim_start_matches("### ").to_string());
            } else {
                sections.push(line);
            }
        }
    }
    let positions: Vec<usize> = sections
        .iter()
        .map(|s| {
            template
                .headings
                .iter()
                .position(|(h, _)| h == s)
                .unwrap_or_else(|| panic!("{s:?} is not a section of MADR's template:\n{md}"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "sections out of the template's order: {sections:?}"
    );
    for (h, optional) in &template.headings {
        assert!(
            *optional || sections.contains(&h.as_str()),
            "required section {h:?} missing:\n{md}"
        );
    }
    let considered: Vec<String> = body
        .split("## Considered Options\n\n")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|l| l.starts_with("* "))
        .map(|l| l[2..].to_string())
        .collect();
    assert_eq!(
        option_titles, considered,
        "pros and cons per considered option"
    );
    assert!(body.contains("\nChosen option: \""), "{md}");
    considered
}

#[actix_web::test]
async fn a_recommendation_exports_as_a_madr_record_with_the_ranking_as_its_options() {
    let template = madr_template().await;
    let (svc, _s) = service(Settings::for_tests()).await;
    let profile = json!({ "answers": [
        { "criterionId": "data_model", "optionId": "document" },
        { "criterionId": "realtime", "optionId": "core", "weight": 2 }
    ], "languages": ["PYTHON", "JAVASCRIPT"] });
    let (status, _, body) = call(&svc, gql(RECORD, json!({ "p": profile }))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let rec = &body["data"]["recommendation"];
    let md = rec["decisionRecord"].as_str().expect("a record");
    let options = assert_fits(&template, md);
    let ranked: Vec<&str> = rec["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["framework"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(options, ranked);
    assert!(md.contains("status: proposed"), "{md}");
    assert!(md.contains("limited to JAVASCRIPT, PYTHON"), "{md}");
    assert!(md.contains("(weight 2)"), "{md}");
    assert!(
        md.contains(&format!("Chosen option: \"{}\"", ranked[0])),
        "{md}"
    );
    // The takeaways are the consequences: Django with a document store is a warning.
    assert!(
        md.contains("### Consequences\n\n* Warning (Django): "),
        "{md}"
    );
    assert!(!md.contains("date:"), "a preview has no date:\n{md}");
}

#[actix_web::test]
async fn the_format_defaults_to_madr_and_an_unknown_format_is_a_validation_error() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let p = json!({ "p": { "answers": [] } });
    let q = "query($p: ProfileInput!) { recommendation(profile: $p) { decisionRecord } }";
    let (_, _, body) = call(&svc, gql(q, p.clone())).await;
    assert!(
        body["data"]["recommendation"]["decisionRecord"]
            .as_str()
            .is_some_and(|md| md.contains("and gave no answers")),
        "{body}"
    );
    let q = "query($p: ProfileInput!) { recommendation(profile: $p) { decisionRecord(format: NYGARD) } }";
    let (_, _, body) = call(&svc, gql(q, p)).await;
    assert_eq!(codes(&body), ["GRAPHQL_VALIDATION_FAILED"], "{body}");
}

macro_rules! app_with_db {
    ($pool:expr) => {{
        let services = build_services_with(
            &Settings::for_tests(),
            Some(Database::from_pool($pool.clone())),
        )
        .unwrap();
        let svc = actix_web::test::init_service(app(services.state.clone(), vec![])).await;
        (svc, services)
    }};
}

fn record_md(id: &str) -> TestRequest {
    TestRequest::get().uri(&format!("/api/v1/decisions/{id}/record.md"))
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn a_logged_decision_has_a_record_whose_outcome_is_what_the_team_chose(pool: PgPool) {
    let template = madr_template().await;
    let (svc, _s) = app_with_db!(pool);
    let profile = json!({ "answers": answers(&[("admin_panel", "yes"), ("team_size", "large")]) });
    let (_, _, body) = call(
        &svc,
        gql(SUBMIT, json!({ "p": profile })).insert_header(("x-client-name", "payments-team")),
    )
    .await;
    let id = body["data"]["submitProfile"]["decisionId"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"))
        .to_string();
    let token = body["data"]["submitProfile"]["outcomeToken"].clone();

    let (status, headers, before) = call(&svc, record_md(&id)).await;
    assert_eq!(status, StatusCode::OK, "{before}");
    assert_eq!(
        headers.get("content-type").unwrap(),
        "text/markdown; charset=utf-8"
    );
    let before = before.as_str().unwrap().to_string();
    assert_fits(&template, &before);
    assert!(before.contains("status: proposed"), "{before}");
    assert!(before.contains("Chosen option: \"Django\""), "{before}");

    let (_, _, body) = call(
        &svc,
        gql(OUTCOME, json!({ "d": id, "f": "flask", "t": token })),
    )
    .await;
    assert_eq!(body["data"]["recordOutcome"], true, "{body}");
    let (status, _, after) = call(&svc, record_md(&id)).await;
    assert_eq!(status, StatusCode::OK);
    let after = after.as_str().unwrap();
    assert_fits(&template, after);
    assert!(after.contains("status: accepted"), "{after}");
    assert!(
        after.contains("Chosen option: \"Flask\", because the team chose it"),
        "{after}"
    );
    let today = chrono::Utc::now().date_naive().to_string();
    assert!(after.contains(&format!("date: {today}")), "{after}");
    assert!(after.contains(&id), "{after}");
    // Nothing about who decided.
    assert!(!after.contains("payments-team"), "{after}");
}

fn assert_problem(status: StatusCode, body: &Value, expected: StatusCode, code: &str) {
    assert_eq!(status, expected, "{body}");
    assert_eq!(body["status"], expected.as_u16(), "{body}");
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["type"], "about:blank", "{body}");
    assert_eq!(
        body["title"],
        expected.canonical_reason().unwrap(),
        "{body}"
    );
    assert!(
        body["detail"].as_str().is_some_and(|d| !d.is_empty()),
        "{body}"
    );
}

#[sqlx::test(migrator = "MIGRATOR")]
async fn an_unknown_or_malformed_decision_id_is_a_problem_document(pool: PgPool) {
    let (svc, _s) = app_with_db!(pool);
    let unknown = "01a21827-ef00-79c6-973f-3893728cb2d9";
    let (status, headers, body) = call(&svc, record_md(unknown)).await;
    assert_problem(status, &body, StatusCode::NOT_FOUND, "BAD_USER_INPUT");
    assert_eq!(
        headers.get("content-type").unwrap(),
        "application/problem+json"
    );
    assert!(body["detail"].as_str().unwrap().contains(unknown), "{body}");
    let (status, _, body) = call(&svc, record_md("not-a-uuid")).await;
    assert_problem(status, &body, StatusCode::BAD_REQUEST, "BAD_USER_INPUT");
}

#[actix_web::test]
async fn without_a_database_a_record_is_unavailable_not_an_error() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let (status, _, body) = call(&svc, record_md("01a21827-ef00-79c6-973f-3893728cb2d9")).await;
    assert_problem(
        status,
        &body,
        StatusCode::SERVICE_UNAVAILABLE,
        "SERVICE_UNAVAILABLE",
    );
}
