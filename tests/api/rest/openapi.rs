//! The OpenAPI document is 3.1, complete (every route of the router, nothing else) and
//! self-contained; its page loads nothing from another origin.

use std::collections::BTreeSet;

use actix_web::http::StatusCode;
use framework_matrix::config::Settings;
use framework_matrix::http::rest::ROUTES;
use serde_json::Value;

use super::get;
use crate::helpers::*;

async fn document() -> Value {
    let (svc, _s) = service(Settings::for_tests()).await;
    let (status, headers, doc) = call(&svc, get("/api/v1/openapi.json")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers.get("content-type").unwrap(), "application/json");
    doc
}

#[actix_web::test]
async fn the_document_is_openapi_3_1_and_lists_exactly_the_routes_of_the_router() {
    let doc = document().await;
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1."),
        "{}",
        doc["openapi"]
    );
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |method| (method.clone(), path.clone()))
        })
        .collect();
    let routed: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(documented, routed);
}

fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref") {
                out.push(r);
            }
            m.values().for_each(|x| refs(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

#[actix_web::test]
async fn every_reference_resolves_and_every_error_is_a_problem() {
    let doc = document().await;
    let mut found = Vec::new();
    refs(&doc, &mut found);
    assert!(!found.is_empty());
    for r in found {
        let name = r
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("a local schema reference: {r}"));
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "{r} resolves"
        );
    }
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for (status, response) in op["responses"].as_object().unwrap() {
                if status.starts_with('4') || status.starts_with('5') {
                    let problem =
                        &response["content"]["application/problem+json"]["schema"]["$ref"];
                    assert_eq!(
                        problem, "#/components/schemas/Problem",
                        "{method} {path} {status}"
                    );
                }
            }
        }
    }
}

#[actix_web::test]
async fn the_docs_page_loads_only_from_this_origin() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let (status, headers, body) = call(&svc, get("/api/v1/docs")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let csp = headers
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        csp.contains("script-src 'self'") && csp.contains("connect-src 'self'"),
        "{csp}"
    );
    assert!(csp.contains("default-src 'self'"), "{csp}");
    let html = body.as_str().expect("HTML");
    let urls: Vec<&str> = html
        .split(['"', '\''])
        .filter(|s| s.starts_with('/') || s.contains("://"))
        .collect();
    assert!(urls.len() >= 3, "{urls:?}");
    for url in urls {
        assert!(
            url.starts_with('/') && !url.starts_with("//"),
            "{url} is on this origin"
        );
        if url.starts_with("/assets/") || url.starts_with("/api/") {
            let (status, _, _) = call(&svc, get(url)).await;
            assert_eq!(status, StatusCode::OK, "{url}");
        }
    }
}
