//! The web pages' HTTP contract, in-process: the questionnaire at `/` for browsers (the
//! JSON index for other clients), GraphiQL at `/graphql`, the fingerprinted assets, the
//! Content-Security-Policy and FRAME_ANCESTORS. What the pages do is tested in a real
//! browser (`browser.rs`).

use crate::helpers::*;
use actix_web::http::StatusCode;
use actix_web::http::header::HeaderMap;
use actix_web::test::TestRequest;
use clap::Parser;
use framework_matrix::config::Settings;

const BROWSER_ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
}

/// Every `/assets/...` URL an HTML page names.
fn asset_urls(html: &str) -> Vec<String> {
    html.split('"')
        .filter(|s| s.starts_with("/assets/"))
        .map(str::to_string)
        .collect()
}

fn assert_strict_policy(headers: &HeaderMap) {
    let csp = header(headers, "content-security-policy");
    for directive in [
        "default-src 'self'",
        "script-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
    ] {
        assert!(csp.contains(directive), "{directive} missing from {csp}");
    }
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{csp}"
    );
    assert_eq!(header(headers, "x-content-type-options"), "nosniff");
}

#[actix_web::test]
async fn a_browser_gets_the_questionnaire_with_a_strict_policy_and_no_cache() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let (status, headers, body) = call(
        &svc,
        TestRequest::get()
            .uri("/")
            .insert_header(("accept", BROWSER_ACCEPT)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(header(&headers, "content-type").starts_with("text/html"));
    assert_eq!(header(&headers, "cache-control"), "no-cache");
    assert_strict_policy(&headers);
    assert!(header(&headers, "content-security-policy").ends_with("frame-ancestors 'self'"));
    let html = body.as_str().unwrap();
    assert!(html.contains("<h1>Framework Decision Matrix</h1>"));
    assert!(html.contains(r#"<html lang="en" class="page">"#));
    // Nothing from another origin, and no inline script.
    assert!(!html.contains("://"), "the page names another origin");
    assert!(!html.contains("<script>") && !html.contains("<script type=\"module\">"));
    let main = asset_urls(html)
        .into_iter()
        .find(|u| u.ends_with("/app/main.js"))
        .expect("the page loads its main module from the assets");
    let hash = main.split('/').nth(2).unwrap();
    assert_eq!(hash.len(), 16, "{main}");
    assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()), "{main}");
}

#[actix_web::test]
async fn embed_mode_is_the_same_page_without_its_chrome() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let (status, headers, body) = call(
        &svc,
        TestRequest::get()
            .uri("/?embed=1")
            .insert_header(("accept", BROWSER_ACCEPT)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_strict_policy(&headers);
    assert!(
        body.as_str()
            .unwrap()
            .contains(r#"<html lang="en" class="embed">"#)
    );
}

#[actix_web::test]
async fn the_dashboard_page_has_the_same_strict_policy_and_holds_no_data() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let (status, headers, body) = call(&svc, TestRequest::get().uri("/analytics")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(header(&headers, "content-type").starts_with("text/html"));
    assert_eq!(header(&headers, "cache-control"), "no-cache");
    assert_strict_policy(&headers);
    let html = body.as_str().unwrap();
    assert!(html.contains("<h1>Decisions dashboard</h1>"));
    assert!(!html.contains("://"), "the page names another origin");
    assert!(!html.contains("<script>"), "no inline script");
    assert!(
        asset_urls(html)
            .iter()
            .any(|u| u.ends_with("/app/analytics/main.js"))
    );
}

#[actix_web::test]
async fn any_other_client_gets_the_json_index_at_the_root() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let (status, headers, body) = call(&svc, TestRequest::get().uri("/")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&headers, "content-type"), "application/json");
    assert_eq!(body["graphql"], "/graphql");
    assert_eq!(body["page"], "/");
}

#[actix_web::test]
async fn every_asset_a_page_names_is_served_immutable_with_its_type() {
    let (svc, _s) = service(Settings::for_tests()).await;
    for (uri, accept) in [
        ("/", BROWSER_ACCEPT),
        ("/graphql", BROWSER_ACCEPT),
        ("/analytics", BROWSER_ACCEPT),
    ] {
        let (_, _, body) = call(
            &svc,
            TestRequest::get()
                .uri(uri)
                .insert_header(("accept", accept)),
        )
        .await;
        let urls = asset_urls(body.as_str().unwrap());
        assert!(urls.len() >= 3, "{uri} names its assets: {urls:?}");
        for url in urls {
            let (status, headers, _) = call(&svc, TestRequest::get().uri(&url)).await;
            assert_eq!(status, StatusCode::OK, "{url}");
            assert_eq!(
                header(&headers, "cache-control"),
                "public, max-age=31536000, immutable",
                "{url}"
            );
            assert_eq!(header(&headers, "x-content-type-options"), "nosniff");
            let expected = match url.rsplit_once('.').unwrap().1 {
                "js" => "text/javascript; charset=utf-8",
                "css" => "text/css; charset=utf-8",
                "svg" => "image/svg+xml",
                other => panic!("unexpected asset type {other} in {url}"),
            };
            assert_eq!(header(&headers, "content-type"), expected, "{url}");
        }
    }
}

#[actix_web::test]
async fn assets_are_gzip_compressed_for_clients_that_accept_it() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let (_, _, body) = call(
        &svc,
        TestRequest::get()
            .uri("/")
            .insert_header(("accept", BROWSER_ACCEPT)),
    )
    .await;
    let css = asset_urls(body.as_str().unwrap())
        .into_iter()
        .find(|u| {
            std::path::Path::new(u)
                .extension()
                .is_some_and(|e| e == "css")
        })
        .unwrap();
    let resp = actix_web::test::call_service(
        &svc,
        TestRequest::get()
            .uri(&css)
            .insert_header(("accept-encoding", "gzip"))
            .to_request(),
    )
    .await;
    assert_eq!(resp.headers().get("content-encoding").unwrap(), "gzip");
}

#[actix_web::test]
async fn an_asset_under_another_hash_or_path_is_not_found() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let (_, _, body) = call(
        &svc,
        TestRequest::get()
            .uri("/")
            .insert_header(("accept", BROWSER_ACCEPT)),
    )
    .await;
    let main = asset_urls(body.as_str().unwrap())
        .into_iter()
        .find(|u| u.ends_with("/app/main.js"))
        .unwrap();
    let hash = main.split('/').nth(2).unwrap();
    for url in [
        main.replace(hash, "0000000000000000"),
        format!("/assets/{hash}/app/missing.js"),
        format!("/assets/{hash}/app/../../Cargo.toml"),
        format!("/assets/{hash}/vendor/graphiql/graphiql.min.js"), // the app folder's hash
    ] {
        let (status, headers, _) = call(&svc, TestRequest::get().uri(&url)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{url}");
        assert_eq!(header(&headers, "cache-control"), "no-store");
    }
}

#[actix_web::test]
async fn graphiql_is_vendored_and_loads_nothing_from_another_origin() {
    let (svc, _s) = service(Settings::for_tests()).await;
    let (status, headers, body) = call(
        &svc,
        TestRequest::get()
            .uri("/graphql")
            .insert_header(("accept", BROWSER_ACCEPT)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_strict_policy(&headers);
    assert_eq!(header(&headers, "cache-control"), "no-cache");
    let html = body.as_str().unwrap();
    assert!(html.contains("GraphiQL"));
    assert!(!html.contains("://"), "GraphiQL names another origin");
    assert!(!html.contains("<script>"), "inline script");
    let urls = asset_urls(html);
    for file in [
        "react.production.min.js",
        "react-dom.production.min.js",
        "graphiql.min.js",
        "graphiql.min.css",
        "boot.js",
    ] {
        assert!(urls.iter().any(|u| u.ends_with(file)), "{file} in {urls:?}");
    }
    // A query over GET still goes to GraphQL.
    let (status, _, body) = call(
        &svc,
        TestRequest::get()
            .uri("/graphql?query=%7BcatalogVersion%7D")
            .insert_header(("accept", "application/json")),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body["data"]["catalogVersion"].is_string());
}

#[actix_web::test]
async fn frame_ancestors_come_from_the_setting_on_every_page() {
    let mut settings = Settings::for_tests();
    settings.frame_ancestors = vec!["'self'".into(), "https://portal.example.com".into()];
    let (svc, _s) = service(settings).await;
    for uri in ["/", "/?embed=1", "/graphql"] {
        let (_, headers, _) = call(
            &svc,
            TestRequest::get()
                .uri(uri)
                .insert_header(("accept", BROWSER_ACCEPT)),
        )
        .await;
        assert!(
            header(&headers, "content-security-policy")
                .ends_with("frame-ancestors 'self' https://portal.example.com"),
            "{uri}"
        );
    }

    let mut settings = Settings::for_tests();
    settings.frame_ancestors = vec![];
    let (svc, _s) = service(settings).await;
    let (_, headers, _) = call(
        &svc,
        TestRequest::get()
            .uri("/")
            .insert_header(("accept", BROWSER_ACCEPT)),
    )
    .await;
    assert!(header(&headers, "content-security-policy").ends_with("frame-ancestors 'none'"));
}

#[test]
fn frame_ancestors_is_read_from_the_environment_style_list_and_refuses_header_injection() {
    let s = Settings::try_parse_from([
        "framework-matrix",
        "--frame-ancestors",
        "'self',https://portal.example.com",
    ])
    .unwrap();
    assert_eq!(s.frame_ancestors, ["'self'", "https://portal.example.com"]);
    let default = Settings::try_parse_from(["framework-matrix"]).unwrap();
    assert_eq!(default.frame_ancestors, ["'self'"]);
    for bad in [
        "https://a.example; script-src *",
        "https://a.example https://b.example",
    ] {
        let err = Settings::try_parse_from(["framework-matrix", "--frame-ancestors", bad])
            .expect_err(bad)
            .to_string();
        assert!(err.contains("is not one CSP source"), "{err}");
    }
}
