//! The response cache of pure operations (issue 17): a hit is byte-identical to a miss
//! and to a service without the cache; only error-free answers of pure queries are kept;
//! mutations and analytics never are.

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::test::{self, TestRequest};
use serde_json::json;

use crate::helpers::{answers, gql, service};
use framework_matrix::config::Settings;
use framework_matrix::graphql::{IMPURE_ROOT_FIELDS, PURE_ROOT_FIELDS};

const PREVIEW: &str = "query($p: ProfileInput!) { recommendation(profile: $p) { confidence ranking { rank framework { frameworkId } reasons { explanation } } takeaways { text } } }";

/// Status, the headers that matter and the body bytes.
async fn raw(
    svc: &impl Service<
        actix_http::Request,
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
    >,
    req: TestRequest,
) -> (u16, Vec<(String, String)>, String) {
    let resp = test::call_service(svc, req.to_request()).await;
    let status = resp.status().as_u16();
    let mut headers: Vec<(String, String)> = resp
        .headers()
        .iter()
        .filter(|(k, _)| *k != "date")
        .map(|(k, v)| {
            // actix-cors lists exposed headers in a hash set's order, which differs between
            // two services: compare them as a set.
            let mut parts: Vec<&str> = v.to_str().unwrap().split(", ").collect();
            if k == "access-control-expose-headers" {
                parts.sort_unstable();
            }
            (k.to_string(), parts.join(", "))
        })
        .collect();
    headers.sort();
    let body = test::read_body(resp).await;
    (status, headers, String::from_utf8(body.to_vec()).unwrap())
}

fn cache_counts(metrics: &str) -> (u64, u64) {
    let count = |result: &str| {
        metrics
            .lines()
            .find_map(|l| {
                l.strip_prefix(&format!(
                    "framework_matrix_response_cache_total{{result=\"{result}\"}} "
                ))
            })
            .map_or(0, |v| v.parse().unwrap())
    };
    (count("hit"), count("miss"))
}

#[actix_web::test]
async fn a_hit_is_byte_identical_to_a_miss_and_to_no_cache_at_all() {
    let variables =
        json!({ "p": { "answers": answers(&[("admin_panel", "yes"), ("realtime", "core")]) } });
    let (svc, s) = service(Settings::for_tests()).await;
    let first = raw(&svc, gql(PREVIEW, variables.clone())).await;
    let second = raw(&svc, gql(PREVIEW, variables.clone())).await;
    assert_eq!(cache_counts(&s.state.metrics.render()), (1, 1));
    assert_eq!(first, second);

    let mut off = Settings::for_tests();
    off.limits.response_cache_bytes = 0;
    let (svc_off, s_off) = service(off).await;
    let uncached = raw(&svc_off, gql(PREVIEW, variables)).await;
    assert_eq!(first, uncached);
    assert_eq!(cache_counts(&s_off.state.metrics.render()), (0, 0));

    // A catalog GET: the same body, ETag and caching headers, and 304 on revalidation.
    let get = || TestRequest::get().uri("/graphql?query=%7Bframeworks%7Bname%7D%7D");
    let a = raw(&svc, get()).await;
    let b = raw(&svc, get()).await;
    assert_eq!(a, b);
    let etag = a.1.iter().find(|(k, _)| k == "etag").unwrap().1.clone();
    let (status, _, _) = raw(&svc, get().insert_header(("if-none-match", etag))).await;
    assert_eq!(status, 304);
}

/// The last form writes a key with an escape: it is not read straight into the profile
/// (`ProfileVariable`) but goes through the value tree, and its canonical key is the same.
#[actix_web::test]
async fn the_same_variables_in_another_key_order_share_an_entry() {
    let (svc, s) = service(Settings::for_tests()).await;
    let answer = |form: usize| {
        let a = [
            r#"{"criterionId":"admin_panel","optionId":"yes","weight":2}"#,
            r#"{"weight":2,"optionId":"yes","criterionId":"admin_panel"}"#,
            r#"{"criterionId":"admin_panel","optionId":"yes","\u0077eight":2}"#,
        ][form];
        TestRequest::post()
            .uri("/graphql")
            .insert_header(("content-type", "application/json"))
            .set_payload(format!(
                r#"{{"query":{},"variables":{{"p":{{"answers":[{a}]}}}}}}"#,
                serde_json::to_string(PREVIEW).unwrap()
            ))
    };
    let first = raw(&svc, answer(0)).await;
    let second = raw(&svc, answer(1)).await;
    assert_eq!(first, second);
    assert_eq!(cache_counts(&s.state.metrics.render()), (1, 1));
    let third = raw(&svc, answer(2)).await;
    assert_eq!(first, third);
    assert_eq!(cache_counts(&s.state.metrics.render()), (2, 1));
}

#[actix_web::test]
async fn errors_mutations_and_analytics_are_never_served_from_the_cache() {
    let (svc, s) = service(Settings::for_tests()).await;
    // Bad input: answered with an error each time, never kept.
    let bad = json!({ "p": { "answers": answers(&[("admin_panel", "maybe")]) } });
    for _ in 0..2 {
        let (_, _, body) = raw(&svc, gql(PREVIEW, bad.clone())).await;
        assert!(body.contains("BAD_USER_INPUT"));
    }
    assert_eq!(cache_counts(&s.state.metrics.render()), (0, 2));
    // A mutation and an analytics query are not even looked up.
    let submit = "mutation { submitProfile(profile: { answers: [] }) { confidence } }";
    raw(&svc, gql(submit, json!({}))).await;
    raw(&svc, gql(submit, json!({}))).await;
    raw(&svc, gql("{ decisionStats { total } }", json!({}))).await;
    raw(&svc, gql("{ decisionStats { total } }", json!({}))).await;
    assert_eq!(cache_counts(&s.state.metrics.render()), (0, 2));
}

#[test]
fn every_root_query_field_is_classified_pure_or_not() {
    let doc = async_graphql::parser::parse_schema(framework_matrix::graphql::sdl()).unwrap();
    let query_fields: Vec<String> = doc
        .definitions
        .iter()
        .find_map(|d| match d {
            async_graphql::parser::types::TypeSystemDefinition::Type(t)
                if t.node.name.node == "Query" =>
            {
                match &t.node.kind {
                    async_graphql::parser::types::TypeKind::Object(o) => Some(
                        o.fields
                            .iter()
                            .map(|f| f.node.name.node.to_string())
                            .collect(),
                    ),
                    _ => None,
                }
            }
            _ => None,
        })
        .unwrap();
    for field in &query_fields {
        assert!(
            PURE_ROOT_FIELDS.contains(&field.as_str())
                ^ IMPURE_ROOT_FIELDS.contains(&field.as_str()),
            "Query.{field} must be in exactly one of PURE_ROOT_FIELDS and IMPURE_ROOT_FIELDS \
             (graphql/mod.rs): may its answer be served again to anyone who sends the same \
             document and variables?"
        );
    }
}
