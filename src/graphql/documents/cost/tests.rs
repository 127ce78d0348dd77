//! The cost table against the real schema and the embedded catalog.

use super::*;
use crate::catalog::Catalog;

/// graphql-js's `getIntrospectionQuery()` (with descriptions), as GraphiQL sends it.
pub const INTROSPECTION_QUERY: &str = r"
query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) {
    name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason
  }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name
    ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }
}
";

const README_PREVIEW: &str = r"query Preview($profile: ProfileInput!) {
  recommendation(profile: $profile) {
    catalogVersion confidence
    top { rank framework { id name language } score fit }
    ranking { rank framework { id name } score fit reasons { criterionId optionId contribution explanation } }
    takeaways { id severity text frameworkIds }
    pivots { criterionId optionId fromOptionId newTop { id name } newTopScore }
  }
}";

/// The default of MAX_QUERY_COMPLEXITY.
const DEFAULT_LIMIT: u64 = 20_000;

fn model() -> CostModel {
    CostModel::new(
        &crate::graphql::sdl(),
        ListBounds::of(&Catalog::embedded().unwrap()),
    )
}

fn measure(model: &CostModel, text: &str) -> Result<Measure, DocumentError> {
    let doc = async_graphql::parser::parse_query(text).unwrap();
    let (_, op) = doc.operations.iter().next().unwrap();
    let root = match op.node.ty {
        async_graphql::parser::types::OperationType::Mutation => "Mutation",
        _ => "Query",
    };
    model.measure(&doc, root, &op.node.selection_set.node, 64)
}

fn cycle(hops: usize) -> String {
    let mut q = String::from("id");
    for _ in 0..hops {
        q = format!("frameworks {{ faqs {{ {q} }} }}");
    }
    format!("{{ {q} }}")
}

#[test]
fn every_list_field_of_the_schema_has_a_bound() {
    assert_eq!(model().unbounded_lists(), &[] as &[String]);
}

#[test]
fn each_hop_of_a_schema_cycle_multiplies_the_cost() {
    let m = model();
    let costs: Vec<u64> = (1..=6)
        .map(|h| measure(&m, &cycle(h)).unwrap().cost)
        .collect();
    for pair in costs.windows(2) {
        assert!(pair[1] > pair[0] * 4, "{costs:?}");
    }
    assert!(
        costs[0] < DEFAULT_LIMIT,
        "one hop is a fair query: {costs:?}"
    );
    assert!(
        costs[3] > DEFAULT_LIMIT,
        "four hops must be refused: {costs:?}"
    );
}

#[test]
fn the_readme_preview_and_the_introspection_query_fit_the_default_budget() {
    let m = model();
    let preview = measure(&m, README_PREVIEW).unwrap();
    let introspection = measure(&m, INTROSPECTION_QUERY).unwrap();
    assert!(preview.cost < DEFAULT_LIMIT / 10, "{preview:?}");
    assert!(introspection.cost < DEFAULT_LIMIT, "{introspection:?}");
    assert_eq!(introspection.depth, 14);
    eprintln!("preview {preview:?}, introspection {introspection:?}");
}

#[test]
fn a_recommendation_costs_its_weight_plus_its_explanation() {
    let m = model();
    let bare = measure(
        &m,
        "{ recommendation(profile: { answers: [] }) { confidence } }",
    )
    .unwrap();
    assert_eq!(bare.cost, RECOMMENDATION_COST + 1);
    let ranked = measure(
        &m,
        "{ recommendation(profile: { answers: [] }) { ranking { score } } }",
    )
    .unwrap();
    let frameworks = ListBounds::of(&Catalog::embedded().unwrap()).frameworks;
    assert_eq!(ranked.cost, RECOMMENDATION_COST + 1 + frameworks);
}

#[test]
fn scalar_lists_count_their_items() {
    let m = model();
    let b = ListBounds::of(&Catalog::embedded().unwrap());
    let c = measure(&m, "{ frameworks { strengths } }").unwrap();
    assert_eq!(c.cost, 1 + b.frameworks * (1 + b.strengths));
}

#[test]
fn fragments_are_costed_where_they_are_spread() {
    let m = model();
    let inline = measure(&m, "{ frameworks { faqs { id question } } }").unwrap();
    let spread = measure(
        &m,
        "{ frameworks { ...F } } fragment F on Framework { faqs { id question } }",
    )
    .unwrap();
    assert_eq!(inline, spread);
}

#[test]
fn a_chain_of_fragments_each_spread_twice_is_walked_once_per_fragment() {
    // 2^40 expansions if walked naively; memoised, 40 fragment walks.
    let mut doc = String::from("{ ...F0 }\n");
    for i in 0..40 {
        doc.push_str(&format!(
            "fragment F{i} on Query {{ ...F{} ...F{} }}\n",
            i + 1,
            i + 1
        ));
    }
    doc.push_str("fragment F40 on Query { frameworks { id } }\n");
    let c = measure(&model(), &doc).unwrap();
    assert!(c.cost > DEFAULT_LIMIT, "{c:?}");
}

#[test]
fn a_fragment_that_spreads_itself_is_refused() {
    let doc = "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }";
    assert!(matches!(
        measure(&model(), doc),
        Err(DocumentError::FragmentCycle(_))
    ));
}

#[test]
fn depth_is_counted_in_fields_through_fragments() {
    let m = model();
    assert_eq!(
        measure(&m, "{ frameworks { faqs { id } } }").unwrap().depth,
        3
    );
    let d = measure(
        &m,
        "{ frameworks { ...F } } fragment F on Framework { faqs { id } }",
    )
    .unwrap();
    assert_eq!(d.depth, 3);
    let too_deep = async_graphql::parser::parse_query(cycle(8)).unwrap();
    let (_, op) = too_deep.operations.iter().next().unwrap();
    assert_eq!(
        m.measure(&too_deep, "Query", &op.node.selection_set.node, 16),
        Err(DocumentError::TooDeep)
    );
}

#[test]
fn submitted_decisions_are_counted_over_aliases_and_fragments() {
    let doc = "mutation { a: submitProfile(profile: { answers: [] }) { decisionId } ...S }
               fragment S on Mutation { b: submitProfile(profile: { answers: [] }) { decisionId } }";
    assert_eq!(measure(&model(), doc).unwrap().submits, 2);
}
