//! Random documents built from the schema itself (nesting, aliases, fragments, variables,
//! batches): each is refused by a limit with a documented code, or executed within the
//! caps. Never a panic, never a 5xx, never a response over `MAX_RESPONSE_BYTES`.

use std::collections::HashMap;

use actix_web::test::TestRequest;
use async_graphql::parser::types::{BaseType, TypeKind, TypeSystemDefinition};
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::helpers::{call, codes, service};
use framework_matrix::config::Settings;

/// Codes a random document may legitimately earn.
const EXPECTED_CODES: &[&str] = &[
    "BAD_USER_INPUT",
    "GRAPHQL_PARSE_FAILED",
    "GRAPHQL_VALIDATION_FAILED",
    "QUERY_TOO_COMPLEX",
    "RESPONSE_TOO_LARGE",
    "TOO_MANY_ALIASES",
    "TOO_MANY_DECISIONS",
    "BATCH_LIMIT_EXCEEDED",
    "PAYLOAD_TOO_LARGE",
    "UNAUTHENTICATED",
    "SERVICE_UNAVAILABLE",
    "DECISION_NOT_RECORDED",
];

#[derive(Debug, Clone)]
struct Field {
    name: String,
    /// The named type of the field, when it is an object type (needs a selection).
    object: Option<String>,
    /// Required arguments, as literals.
    args: String,
}

/// Object types and their fields, from the served SDL.
fn schema() -> HashMap<String, Vec<Field>> {
    let doc = async_graphql::parser::parse_schema(framework_matrix::graphql::sdl()).unwrap();
    let objects: Vec<String> = doc
        .definitions
        .iter()
        .filter_map(|d| match d {
            TypeSystemDefinition::Type(t)
                if matches!(t.node.kind, TypeKind::Object(_) | TypeKind::Interface(_)) =>
            {
                Some(t.node.name.node.to_string())
            }
            _ => None,
        })
        .collect();
    let mut out = HashMap::new();
    for def in &doc.definitions {
        let TypeSystemDefinition::Type(t) = def else {
            continue;
        };
        let TypeKind::Object(o) = &t.node.kind else {
            continue;
        };
        let mut fields = Vec::new();
        for f in &o.fields {
            let f = &f.node;
            let mut base = &f.ty.node.base;
            while let BaseType::List(inner) = base {
                base = &inner.base;
            }
            let BaseType::Named(named) = base else {
                unreachable!()
            };
            let args = match (t.node.name.node.as_str(), f.name.node.as_str()) {
                ("Query", "framework") => r#"(id: "django")"#,
                ("Query", "recommendation") | ("Mutation", "submitProfile") => {
                    r#"(profile: { answers: [{ criterionId: "realtime", optionId: "core", weight: $w }] })"#
                }
                ("Query", "faqs") => "(search: $s)",
                ("Query", "comparison") => r#"(frameworkIds: ["django", "gin"])"#,
                ("DecisionStats", "answers") => r#"(criterionId: "admin_panel")"#,
                ("Mutation", "recordOutcome") => {
                    r#"(decisionId: "00000000-0000-0000-0000-000000000000", chosenFrameworkId: "django")"#
                }
                _ if f.arguments.iter().any(|a| !a.node.ty.node.nullable) => continue,
                _ => "",
            };
            fields.push(Field {
                name: f.name.node.to_string(),
                object: objects
                    .contains(&named.to_string())
                    .then(|| named.to_string()),
                args: args.to_string(),
            });
        }
        out.insert(t.node.name.node.to_string(), fields);
    }
    out
}

/// A small deterministic generator driven by proptest's seed.
struct Gen<'a> {
    schema: &'a HashMap<String, Vec<Field>>,
    state: u64,
    fragments: Vec<String>,
    aliases: bool,
}

impl Gen<'_> {
    fn next(&mut self, n: usize) -> usize {
        // xorshift64*
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        (self.state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n.max(1)
    }

    fn selection(&mut self, ty: &str, depth: usize, width: usize) -> String {
        let fields = self.schema[ty].clone();
        let mut out = String::new();
        for _ in 0..=self.next(width) {
            let f = &fields[self.next(fields.len())];
            if self.aliases && self.next(3) == 0 {
                out.push_str(&format!("a{}: ", self.next(1000)));
            }
            out.push_str(&f.name);
            out.push_str(&f.args);
            if let Some(object) = &f.object {
                let inner = if depth == 0 {
                    "__typename".to_string()
                } else {
                    self.selection(object, depth - 1, width)
                };
                match self.next(4) {
                    // A named fragment for this selection.
                    0 => {
                        let name = format!("F{}", self.fragments.len());
                        self.fragments
                            .push(format!("fragment {name} on {object} {{ {inner} }}"));
                        out.push_str(&format!(" {{ ...{name} }}"));
                    }
                    1 => out.push_str(&format!(" {{ ... on {object} {{ {inner} }} }}")),
                    _ => out.push_str(&format!(" {{ {inner} }}")),
                }
            }
            out.push(' ');
        }
        out
    }

    fn document(&mut self, depth: usize, width: usize) -> String {
        self.fragments.clear();
        let (keyword, root) = if self.next(6) == 0 {
            ("mutation", "Mutation")
        } else {
            ("query", "Query")
        };
        let selection = self.selection(root, depth, width);
        let mut vars = Vec::new();
        if selection.contains("$w") {
            vars.push("$w: Float");
        }
        if selection.contains("$s") {
            vars.push("$s: String");
        }
        let vars = if vars.is_empty() {
            String::new()
        } else {
            format!("({})", vars.join(", "))
        };
        format!(
            "{keyword}{vars} {{ {selection} }} {}",
            self.fragments.join(" ")
        )
    }
}

fn variables(seed: u64) -> Value {
    let weights = [
        json!(1.0),
        json!(0),
        json!(10),
        json!(11),
        json!(-1),
        json!("heavy"),
        json!(null),
    ];
    let searches = [json!("django"), json!(""), json!("x".repeat(500)), json!(7)];
    json!({ "w": weights[(seed % 7) as usize], "s": searches[(seed / 7 % 4) as usize] })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn random_documents_are_refused_by_a_limit_or_answered_within_the_caps(
        seed in any::<u64>(),
        depth in 0usize..9,
        width in 1usize..6,
        aliases in any::<bool>(),
        batch in 0usize..13,
    ) {
        let schema = schema();
        let mut generator = Gen { schema: &schema, state: seed | 1, fragments: Vec::new(), aliases };
        let entry = |g: &mut Gen| {
            let doc = g.document(depth, width);
            // Only the variables the document declares: undeclared ones are refused.
            let mut vars = variables(seed);
            vars.as_object_mut().unwrap().retain(|k, _| doc.contains(&format!("${k}:")));
            json!({ "query": doc, "variables": vars })
        };
        let body = if batch == 0 {
            entry(&mut generator)
        } else {
            Value::Array((0..batch).map(|_| entry(&mut generator)).collect())
        };
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let (svc, _s) = service(Settings::for_tests()).await;
            let req = TestRequest::post()
                .uri("/graphql")
                .insert_header(("content-type", "application/json"))
                .insert_header(("accept", "application/graphql-response+json"))
                .set_payload(body.to_string());
            let (status, _, answer) = call(&svc, req).await;
            prop_assert!(status.as_u16() < 500, "{status} for {body}: {answer}");
            prop_assert!(answer.to_string().len() <= 1 << 20, "a response over the cap for {body}");
            let results: Vec<&Value> = match &answer {
                Value::Array(items) => items.iter().collect(),
                one => vec![one],
            };
            for r in results {
                for code in codes(r) {
                    prop_assert!(EXPECTED_CODES.contains(&code.as_str()), "{code} for {body}: {r}");
                }
            }
            Ok(())
        })?;
    }
}
