//! The document rules and the caches, without HTTP (the cost table comes from the real
//! schema and the embedded catalog).

use super::*;
use crate::catalog::Catalog;
use crate::graphql::Code;
use crate::graphql::recommendation::variable::RequestVariables;
use async_graphql::Variables;
use sha2::{Digest, Sha256};

/// The documents with the embedded catalog's cost table, as a request would use them.
struct Docs {
    documents: Documents,
    cost: CostModel,
}

impl Docs {
    fn prepare(
        &self,
        query: &str,
        operation_name: Option<&str>,
        variables: &Variables,
        method: Method,
    ) -> Result<Prepared, DocumentError> {
        let variables = RequestVariables::Values(variables.clone());
        self.documents
            .prepare(&self.cost, query, operation_name, &variables, method)
    }
}

impl std::ops::Deref for Docs {
    type Target = Documents;
    fn deref(&self) -> &Documents {
        &self.documents
    }
}

impl std::ops::DerefMut for Docs {
    fn deref_mut(&mut self) -> &mut Documents {
        &mut self.documents
    }
}

fn docs(max_aliases: usize, introspection: bool) -> Docs {
    let catalog = Catalog::embedded().unwrap();
    let sdl = crate::graphql::sdl();
    let documents = Documents::new(
        DocumentRules {
            max_bytes: 1 << 20,
            max_tokens: 2000,
            max_aliases,
            max_depth: 16,
            introspection,
        },
        InputTypes::new(&async_graphql::parser::parse_schema(&sdl).unwrap()),
        crate::graphql::root_fields(&sdl),
    );
    Docs {
        documents,
        cost: CostModel::new(&sdl, ListBounds::of(&catalog)),
    }
}

fn code(e: &DocumentError) -> &'static str {
    e.code().as_str()
}

fn hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

#[test]
fn labels_name_the_root_fields_of_the_selected_operation() {
    let d = docs(10, true);
    let q = "query A { b: frameworks { id } criteria { id } frameworks { name } } mutation M { submitProfile }";
    let vars = Variables::default();
    // Several root fields fall in one bucket: labels come from a fixed set.
    let p = d.prepare(q, Some("A"), &vars, Method::Post).unwrap();
    assert_eq!(p.label, "query:multiple");
    let p = d.prepare(q, Some("M"), &vars, Method::Post).unwrap();
    assert_eq!(p.label, "mutation:submitProfile");
    let one = d.prepare(
        "{ a: frameworks { id } frameworks { name } __typename }",
        None,
        &vars,
        Method::Post,
    );
    assert_eq!(one.unwrap().label, "query:frameworks");
    // A field the schema does not have is not a label.
    let unknown = d
        .prepare("{ whatever }", None, &vars, Method::Post)
        .unwrap();
    assert_eq!(unknown.label, "invalid");
    // Ambiguous without a name: the schema will refuse it.
    assert_eq!(
        d.prepare(q, None, &vars, Method::Post).unwrap().label,
        "invalid"
    );
}

#[test]
fn rules_refuse_with_codes() {
    let vars = Variables::default();
    let aliases = "{ a: frameworks { id } b: frameworks { id } ...F } fragment F on Query { c: criteria { id } }";
    let e = docs(2, true)
        .prepare(aliases, None, &vars, Method::Post)
        .err()
        .unwrap();
    assert_eq!(code(&e), "TOO_MANY_ALIASES");
    assert!(e.to_string().contains("3 aliases"), "{e}");
    assert!(
        docs(3, true)
            .prepare(aliases, None, &vars, Method::Post)
            .is_ok()
    );

    let e = docs(10, false)
        .prepare(
            "{ x: __type(name: \"Query\") { name } }",
            None,
            &vars,
            Method::Post,
        )
        .err()
        .unwrap();
    assert_eq!(code(&e), "INTROSPECTION_DISABLED");

    let m = "mutation { submitProfile }";
    let e = docs(10, true)
        .prepare(m, None, &vars, Method::Get)
        .err()
        .unwrap();
    assert_eq!(code(&e), "METHOD_NOT_ALLOWED");
    assert!(docs(10, true).prepare(m, None, &vars, Method::Post).is_ok());
}

#[test]
fn required_variables_must_be_given_and_not_null() {
    let d = docs(10, true);
    let q = "query Q($a: ID!, $b: ID, $c: ID! = \"x\") { framework(id: $a) { id } }";
    let e = d
        .prepare(q, None, &Variables::default(), Method::Post)
        .err()
        .unwrap();
    assert_eq!(code(&e), "BAD_USER_INPUT");
    assert!(e.to_string().contains("$a"), "{e}");
    let null = Variables::from_json(serde_json::json!({ "a": null }));
    assert!(d.prepare(q, None, &null, Method::Post).is_err());
    let given = Variables::from_json(serde_json::json!({ "a": "django" }));
    assert!(d.prepare(q, None, &given, Method::Post).is_ok());
}

#[test]
fn parse_errors_carry_locations_and_are_not_cached() {
    let d = docs(10, true);
    let e = d.prepare(
        "{ frameworks { id }",
        None,
        &Variables::default(),
        Method::Post,
    );
    let e = e.err().unwrap();
    assert_eq!(e.code(), Code::GraphqlParseFailed);
    assert!(!e.to_server_error().locations.is_empty());
    assert_eq!(d.with_parsed(|c| c.len()), 0);
    d.prepare(
        "{ frameworks { id } }",
        None,
        &Variables::default(),
        Method::Post,
    )
    .unwrap();
    d.prepare(
        "{ frameworks { id } }",
        None,
        &Variables::default(),
        Method::Post,
    )
    .unwrap();
    assert_eq!(d.with_parsed(|c| c.len()), 1);
}

#[test]
fn long_documents_are_not_cached() {
    let d = docs(10, true);
    let q = format!(
        "{{ frameworks {{ id }} }}{}",
        " ".repeat(MAX_CACHED_DOCUMENT_BYTES)
    );
    d.prepare(&q, None, &Variables::default(), Method::Post)
        .unwrap();
    assert_eq!(d.with_parsed(|c| c.len()), 0);
}

#[test]
fn long_documents_are_refused_on_their_length_before_anything_else() {
    let mut d = docs(10, true);
    d.rules.max_bytes = 1000;
    let q = format!("{{ faqs(search: \"{}\") {{ id }} }}", "x".repeat(1000));
    let e = d
        .prepare(&q, None, &Variables::default(), Method::Post)
        .err()
        .unwrap();
    assert_eq!(e, DocumentError::TooLong { max: 1000 });
    assert_eq!(e.code(), Code::GraphqlParseFailed);
}

#[test]
fn deep_documents_do_not_exhaust_the_stack() {
    let depth = 20_000;
    let q = format!("{}{}", "{ a ".repeat(depth), "}".repeat(depth));
    // Refused by the token count before the parser (or any walk) sees it.
    let e = docs(10, true)
        .prepare(&q, None, &Variables::default(), Method::Post)
        .err()
        .unwrap();
    assert_eq!(e, DocumentError::TooManyTokens { max: 2000 });
    // Under the token limit, the parser's own recursion limit refuses it, still without
    // exhausting the stack.
    let q = format!("{}{}", "{ a ".repeat(600), "}".repeat(600));
    let e = docs(10, true)
        .prepare(&q, None, &Variables::default(), Method::Post)
        .err()
        .unwrap();
    assert_eq!(e.code(), Code::GraphqlParseFailed, "{e}");
    assert!(
        e.to_string().len() < 300,
        "a parse error never quotes the document: {e}"
    );
}

#[test]
fn persisted_queries_register_by_hash_and_refuse_mismatches() {
    let d = docs(10, true);
    let text = "{ glossary { term } }".to_string();
    let hash = hex(&Sha256::digest(text.as_bytes()));
    let pq = serde_json::json!({ "version": 1, "sha256Hash": hash });
    assert_eq!(
        d.resolve_text(None, Some(&pq)),
        Err(PersistedQueryError::NotFound)
    );
    assert_eq!(d.resolve_text(Some(text.clone()), Some(&pq)).unwrap(), text);
    assert_eq!(d.resolve_text(None, Some(&pq)).unwrap(), text);
    let upper = serde_json::json!({ "version": 1, "sha256Hash": hash.to_uppercase() });
    assert_eq!(d.resolve_text(None, Some(&upper)).unwrap(), text);

    let invalid = |r: Result<String, PersistedQueryError>| match r {
        Err(PersistedQueryError::Invalid(m)) => m,
        other => panic!("expected Invalid, got {other:?}"),
    };
    let m = invalid(d.resolve_text(Some("{ frameworks { id } }".into()), Some(&pq)));
    assert!(m.contains("sha256Hash"), "{m}");
    let v2 = serde_json::json!({ "version": 2, "sha256Hash": hash });
    assert!(invalid(d.resolve_text(None, Some(&v2))).contains("version 2"));
    let bad = serde_json::json!({ "version": 1 });
    assert!(invalid(d.resolve_text(None, Some(&bad))).contains("sha256Hash"));
    // No persisted query: the text as given.
    assert_eq!(d.resolve_text(Some(text.clone()), None).unwrap(), text);
}

#[test]
fn documents_with_many_fields_are_not_cached() {
    let d = docs(10, true);
    let wide = format!("{{ {} }}", "__typename ".repeat(MAX_CACHED_FIELDS + 1));
    assert!(wide.len() <= MAX_CACHED_DOCUMENT_BYTES);
    d.prepare(&wide, None, &Variables::default(), Method::Post)
        .unwrap();
    assert_eq!(d.with_parsed(|c| c.len()), 0);
    let narrow = format!("{{ {} }}", "__typename ".repeat(MAX_CACHED_FIELDS));
    d.prepare(&narrow, None, &Variables::default(), Method::Post)
        .unwrap();
    assert_eq!(d.with_parsed(|c| c.len()), 1);
}

#[test]
fn persisted_queries_remember_only_short_documents_that_parse() {
    let d = docs(10, true);
    let pq = |text: &str| serde_json::json!({ "version": 1, "sha256Hash": hex(&Sha256::digest(text.as_bytes())) });
    // Answered, but not remembered: the next hash-only request asks for the document.
    let broken = "{ frameworks { id }".to_string();
    assert_eq!(
        d.resolve_text(Some(broken.clone()), Some(&pq(&broken)))
            .unwrap(),
        broken
    );
    assert_eq!(
        d.resolve_text(None, Some(&pq(&broken))),
        Err(PersistedQueryError::NotFound)
    );
    let long = format!(
        "{{ frameworks {{ id }} }}{}",
        " ".repeat(MAX_CACHED_DOCUMENT_BYTES)
    );
    d.resolve_text(Some(long.clone()), Some(&pq(&long)))
        .unwrap();
    assert_eq!(
        d.resolve_text(None, Some(&pq(&long))),
        Err(PersistedQueryError::NotFound)
    );
}

#[test]
fn a_profile_read_from_the_text_meets_the_rules_as_its_tree_does() {
    use crate::graphql::recommendation::variable::ProfileVariable;
    let d = docs(10, true);
    let text = r#"{"p":{"answers":[{"criterionId":"admin_panel","optionId":"yes","weight":2}]}}"#;
    let preview = "{ recommendation(profile: $p) { confidence } }";
    for q in [
        format!("query($p: ProfileInput!) {preview}"),
        format!("query($p: ProfileInput) {preview}"),
        format!("query($p: ProfileInput!, $q: ID = \"x\") {preview}"),
        format!("query($p: ProfileInput!, $q: ID!) {preview}"),
        "query($q: ProfileInput!) { recommendation(profile: $q) { confidence } }".into(),
        "query($p: [ProfileInput!]) { __typename }".into(),
        "query($p: String) { __typename }".into(),
        "query($p: AnswerInput) { __typename }".into(),
        "{ __typename }".into(),
    ] {
        let read = ProfileVariable::read(text).unwrap();
        let tree = RequestVariables::Values(read.values());
        let outcome = |variables: &RequestVariables| {
            d.documents
                .prepare(&d.cost, &q, None, variables, Method::Post)
                .map(|p| (p.label, p.pure, p.mutation))
                .map_err(|e| (code(&e), e.to_string()))
        };
        let (straight, reference) = (outcome(&RequestVariables::Profile(read)), outcome(&tree));
        assert_eq!(straight, reference, "{q}");
    }
}
