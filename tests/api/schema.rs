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

#[test]
fn the_contract_names_are_in_the_schema() {
    let sdl = framework_matrix::graphql::sdl();
    for needle in [
        "frameworks(language: Language): [Framework!]!",
        "framework(id: ID!): Framework",
        "criteria: [Criterion!]!",
        "faqs(search: String, frameworkId: ID): [Faq!]!",
        "comparison(frameworkIds: [ID!]): Comparison!",
        "glossary: [GlossaryTerm!]!",
        "recommendation(profile: ProfileInput!): Recommendation!",
        "submitProfile(profile: ProfileInput!): Recommendation!",
        "recordOutcome(decisionId: ID!, chosenFrameworkId: ID!, outcomeToken: String): Boolean!",
        "decisionStats(from: DateTime, to: DateTime, clientName: String, catalogVersion: String): DecisionStats!",
        "weight: Float = 1.0",
        "enum Language",
    ] {
        assert!(sdl.contains(needle), "missing from the schema: {needle}");
    }
}
