//! `schema.graphql` is the committed contract: it must be exactly what the server serves.
//! After an intended change, regenerate it with `UPDATE_SCHEMA=1 cargo test --test api schema::`.

#[test]
fn the_committed_schema_matches_the_served_schema() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql");
    let served = framework_matrix::graphql::sdl();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(path, &served).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == served,
        "schema.graphql differs from the served schema; if the change is intended, run \
         `UPDATE_SCHEMA=1 cargo test --test api schema::` and review the diff"
    );
}

/// Each root field of the contract as `name(arg: Type, ...): Type`, descriptions aside.
fn signatures() -> Vec<String> {
    use async_graphql::parser::types::{TypeKind, TypeSystemDefinition};
    let doc = async_graphql::parser::parse_schema(framework_matrix::graphql::sdl()).unwrap();
    let mut out = Vec::new();
    for def in doc.definitions {
        let TypeSystemDefinition::Type(t) = def else {
            continue;
        };
        match &t.node.kind {
            TypeKind::Object(o) => {
                for f in &o.fields {
                    let f = &f.node;
                    let args: Vec<String> = f
                        .arguments
                        .iter()
                        .map(|a| format!("{}: {}", a.node.name.node, a.node.ty.node))
                        .collect();
                    let args = if args.is_empty() {
                        String::new()
                    } else {
                        format!("({})", args.join(", "))
                    };
                    out.push(format!(
                        "{}.{}{args}: {}",
                        t.node.name.node, f.name.node, f.ty.node
                    ));
                }
            }
            TypeKind::Enum(_) => out.push(format!("enum {}", t.node.name.node)),
            _ => {}
        }
    }
    out
}

#[test]
fn the_contract_names_are_in_the_schema() {
    let signatures = signatures();
    for needle in [
        "Query.frameworks(language: Language): [Framework!]!",
        "Query.framework(id: ID!): Framework",
        "Query.criteria: [Criterion!]!",
        "Query.faqs(search: String, frameworkId: ID): [Faq!]!",
        "Query.comparison(frameworkIds: [ID!]): Comparison!",
        "Query.glossary: [GlossaryTerm!]!",
        "Query.recommendation(profile: ProfileInput!): Recommendation!",
        "Mutation.submitProfile(profile: ProfileInput!): Recommendation!",
        "Mutation.recordOutcome(decisionId: ID!, chosenFrameworkId: ID!, outcomeToken: String): Boolean!",
        "Query.decisionStats(from: DateTime, to: DateTime, clientName: String, catalogVersion: String): DecisionStats!",
        "Query.node(id: ID!): Node",
        "enum Language",
    ] {
        assert!(
            signatures.iter().any(|s| s == needle),
            "missing from the schema: {needle}"
        );
    }
    assert!(framework_matrix::graphql::sdl().contains("weight: Float = 1.0"));
}
