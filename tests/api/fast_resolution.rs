//! The synchronous walker (`graphql::fast`, issue 17) against async-graphql's own executor:
//! generated selection sets over the recommendation and the catalog types (aliases, the
//! same field twice, `__typename`, inline fragments and named spreads on the type and on
//! `Node`, `@skip`/`@include`), with generated profiles, run both ways on the same schema.
//! The data and the errors must be equal to the byte. With a budget of resolved values
//! too small for the answer, the walker must leave the failure to the derived resolvers:
//! the same errors at the same paths. And the direct path for previews
//! (`recommendation::direct`), which answers without the executor, must write exactly the
//! bytes the transport writes for the executor's answer, or decline.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_graphql::parser::types::{BaseType, TypeKind, TypeSystemDefinition};
use framework_matrix::catalog::Catalog;
use framework_matrix::config::Settings;
use framework_matrix::decision_log::DecisionLog;
use framework_matrix::graphql::fast::DerivedOnly;
use framework_matrix::graphql::recommendation::direct::{self, Direct};
use framework_matrix::graphql::recommendation::variable::{ProfileVariable, RequestVariables};
use framework_matrix::graphql::{
    AnalyticsConfig, AppSchema, RequestBudget, RequestMeta, SchemaDeps, build_schema,
};
use framework_matrix::metrics::Metrics;
use framework_matrix::ratelimit::FailureLimit;
use framework_matrix::store::decisions::OutcomeAuth;
use proptest::prelude::*;
use serde_json::json;

/// An output field: its name and, for an object type, the type (`None` for leaves).
type Fields = Vec<(String, Option<String>)>;

/// The object types the walker serves, with their fields, from the served SDL.
fn walked_types() -> HashMap<String, Fields> {
    const WALKED: &[&str] = &[
        "Recommendation",
        "RankedFramework",
        "Reason",
        "Takeaway",
        "Pivot",
        "Framework",
        "TraitValue",
        "Faq",
        "Criterion",
        "CriterionOption",
        "GlossaryTerm",
    ];
    let doc = async_graphql::parser::parse_schema(framework_matrix::graphql::sdl()).unwrap();
    let mut out = HashMap::new();
    for def in &doc.definitions {
        let TypeSystemDefinition::Type(t) = def else {
            continue;
        };
        let name = t.node.name.node.to_string();
        let TypeKind::Object(o) = &t.node.kind else {
            continue;
        };
        if !WALKED.contains(&name.as_str()) {
            continue;
        }
        let fields = o
            .fields
            .iter()
            .map(|f| {
                let mut ty = &f.node.ty.node.base;
                while let BaseType::List(inner) = ty {
                    ty = &inner.base;
                }
                let BaseType::Named(named) = ty else {
                    unreachable!()
                };
                let named = named.to_string();
                let object = WALKED.contains(&named.as_str()).then_some(named);
                (f.node.name.node.to_string(), object)
            })
            .collect();
        out.insert(name, fields);
    }
    assert_eq!(
        out.len(),
        WALKED.len(),
        "every walked type is in the schema"
    );
    out
}

/// Implements `Node` (fragments `... on Node` apply).
fn is_node(ty: &str) -> bool {
    matches!(
        ty,
        "Framework" | "Faq" | "Criterion" | "CriterionOption" | "GlossaryTerm" | "Takeaway"
    )
}

/// A selection set for `ty`, drawn from `choices` (a stream of random numbers), at most
/// `depth` levels deep. Named fragments it uses are added to `fragments`.
fn selection(
    types: &HashMap<String, Fields>,
    ty: &str,
    depth: usize,
    choices: &mut impl Iterator<Item = u32>,
    fragments: &mut Vec<String>,
) -> String {
    let mut next = |n: u32| choices.next().unwrap_or(0) % n.max(1);
    let fields = &types[ty];
    let count = 1 + next(4) as usize;
    let mut items = Vec::new();
    for _ in 0..count {
        let (name, object) = &fields[next(fields.len() as u32) as usize];
        let sub = match object {
            Some(_) if depth == 0 => continue,
            Some(inner) => {
                let mut rest: Vec<u32> = (0..64).map(|_| next(u32::MAX)).collect();
                let mut it = rest.drain(..);
                format!(
                    " {{ {} }}",
                    selection(types, inner, depth - 1, &mut it, fragments)
                )
            }
            None => String::new(),
        };
        // An alias names one field only (`nameA` is always `name`): two different
        // fields under one response key would not pass validation.
        let alias = match next(4) {
            0 => format!("{name}A: "),
            1 => format!("{name}B: "),
            _ => String::new(),
        };
        let directive = match next(10) {
            0 => " @skip(if: true)",
            1 => " @include(if: true)",
            2 => " @skip(if: false)",
            3 => " @include(if: false)",
            _ => "",
        };
        let field = format!("{alias}{name}{directive}{sub}");
        let item = match next(10) {
            0 => format!("... on {ty} {{ {field} }}"),
            1 if is_node(ty) => format!("... on Node {{ id }} {field}"),
            2 => format!("... {{ {field} }}"),
            3 => {
                let name = format!("F{}", fragments.len());
                fragments.push(format!("fragment {name} on {ty} {{ {field} }}"));
                format!("...{name}")
            }
            4 => format!("{field} {field}"),
            _ => field,
        };
        items.push(item);
    }
    if items.is_empty() || next(6) == 0 {
        items.push("__typename".into());
    }
    items.join(" ")
}

fn schema() -> (AppSchema, Arc<Catalog>) {
    let settings = Settings::for_tests();
    let (decision_log, _writer) = DecisionLog::start(None, Arc::new(Metrics::new()));
    let schema = build_schema(SchemaDeps {
        decision_log,
        database: None,
        analytics: AnalyticsConfig {
            token: None,
            min_group_size: 5,
            failures: Arc::new(FailureLimit::per_minute(10)),
        },
        outcome_auth: OutcomeAuth::TokenRequired,
        limits: settings.limits,
        introspection: true,
        federation: false,
    });
    (schema, Arc::new(Catalog::embedded().unwrap()))
}

/// Data and errors as JSON text: equal strings mean byte-identical responses.
async fn run(
    schema: &AppSchema,
    catalog: &Arc<Catalog>,
    query: &str,
    variables: &serde_json::Value,
    budget: Option<u64>,
    derived: bool,
) -> (String, String) {
    let mut request = async_graphql::Request::new(query)
        .variables(async_graphql::Variables::from_json(variables.clone()))
        .data(catalog.clone())
        .data(RequestMeta::default());
    if let Some(max) = budget {
        request = request.data(Arc::new(RequestBudget::new(
            max,
            Instant::now() + Duration::from_secs(60),
        )));
    }
    if derived {
        request = request.data(DerivedOnly);
    }
    let response = schema.execute(request).await;
    (
        serde_json::to_string(&response.data).unwrap(),
        serde_json::to_string(&response.errors).unwrap(),
    )
}

fn profile() -> impl Strategy<Value = serde_json::Value> {
    let catalog = Catalog::embedded().unwrap();
    let criteria: Vec<(String, Vec<String>)> = catalog
        .criteria
        .iter()
        .map(|c| {
            (
                c.id.clone(),
                c.options.iter().map(|o| o.id.clone()).collect(),
            )
        })
        .collect();
    (
        proptest::collection::vec((0usize..64, 0usize..8, 0u8..5), 0..8),
        prop::option::of(prop::sample::subsequence(
            vec!["PYTHON", "JAVASCRIPT", "GO"],
            1..=3,
        )),
    )
        .prop_map(move |(answers, languages)| {
            let mut seen = std::collections::HashSet::new();
            let answers: Vec<serde_json::Value> = answers
                .into_iter()
                .filter_map(|(c, o, w)| {
                    let (id, options) = &criteria[c % criteria.len()];
                    seen.insert(id.clone()).then(|| {
                        let weight = [0.0, 0.5, 1.0, 2.0, 3.5][w as usize];
                        json!({
                            "criterionId": id,
                            "optionId": options[o % options.len()],
                            "weight": weight,
                        })
                    })
                })
                .collect();
            json!({ "p": { "answers": answers, "languages": languages } })
        })
}

/// A document: a recommendation and, sometimes, catalog root fields.
fn document(choices: Vec<u32>, catalog_fields: bool) -> String {
    let types = walked_types();
    let mut it = choices.into_iter();
    let mut fragments = Vec::new();
    let rec = selection(&types, "Recommendation", 4, &mut it, &mut fragments);
    let mut roots = vec![format!("recommendation(profile: $p) {{ {rec} }}")];
    if catalog_fields {
        for (root, ty) in [
            ("frameworks", "Framework"),
            ("criteria", "Criterion"),
            ("glossary", "GlossaryTerm"),
            ("faqs(search: \"django\")", "Faq"),
        ] {
            let sel = selection(&types, ty, 3, &mut it, &mut fragments);
            roots.push(format!("{root} {{ {sel} }}"));
        }
    }
    format!(
        "query($p: ProfileInput!) {{ {} }}\n{}",
        roots.join(" "),
        fragments.join("\n")
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn the_walker_answers_exactly_what_the_executor_answers(
        choices in proptest::collection::vec(any::<u32>(), 64..512),
        catalog_fields in any::<bool>(),
        variables in profile(),
    ) {
        let query = document(choices, catalog_fields);
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let ((fast, fast_errors), (derived, derived_errors)) = rt.block_on(async {
            let (schema, catalog) = schema();
            (
                run(&schema, &catalog, &query, &variables, None, false).await,
                run(&schema, &catalog, &query, &variables, None, true).await,
            )
        });
        // Generated documents are valid: the comparison is of answers, not of refusals.
        prop_assert_eq!(&derived_errors, "[]", "{}", query);
        prop_assert_eq!(&fast_errors, &derived_errors, "errors differ for\n{}", query);
        prop_assert_eq!(&fast, &derived, "data differs for\n{}", query);
    }

    #[test]
    fn with_too_small_a_budget_the_walker_leaves_the_failure_to_the_executor(
        choices in proptest::collection::vec(any::<u32>(), 64..512),
        variables in profile(),
        budget in 0u64..120,
    ) {
        // One root field: under a budget that runs out, the executor's concurrent root
        // fields would charge in an order of their own.
        let query = document(choices, false);
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let (fast, derived) = rt.block_on(async {
            let (schema, catalog) = schema();
            (
                run(&schema, &catalog, &query, &variables, Some(budget), false).await,
                run(&schema, &catalog, &query, &variables, Some(budget), true).await,
            )
        });
        prop_assert_eq!(fast, derived, "budget {} for\n{}", budget, query);
    }
}

/// The direct path's answer and the executor's, for one document, variables and budget:
/// `(direct bytes or why not, the executor's answer as the transport serializes it, the
/// executor's errors, the values each charged)`.
fn both_ways(
    query: &str,
    variables: &serde_json::Value,
    budget: u64,
) -> (Result<String, &'static str>, String, String, (u64, u64)) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // The decision log behind the schema starts its writer task on the runtime.
    let _runtime = rt.enter();
    let doc = async_graphql::parser::parse_query(query).unwrap();
    let (schema, catalog) = schema();
    let direct_budget = RequestBudget::new(budget, Instant::now() + Duration::from_secs(60));
    let vars = async_graphql::Variables::from_json(variables.clone());
    let answer = |vars: &RequestVariables, budget: &RequestBudget| match direct::preview(
        &doc, None, vars, &catalog, budget,
    ) {
        Direct::Answered(bytes) => Ok(String::from_utf8(bytes).unwrap()),
        Direct::Declined => Err("declined"),
        Direct::OutOfTime => Err("out of time"),
    };
    let direct = answer(&RequestVariables::Values(vars.clone()), &direct_budget);
    // The same variables read straight from their text, when they are in the usual shape,
    // answer the same.
    if let Some(read) = ProfileVariable::read(&variables.to_string()) {
        let read_budget = RequestBudget::new(budget, Instant::now() + Duration::from_secs(60));
        let from_read = answer(&RequestVariables::Profile(read), &read_budget);
        assert_eq!(
            from_read, direct,
            "read from the text, for\n{query}\n{variables}"
        );
        assert_eq!(read_budget.used(), direct_budget.used());
    }
    let executor_budget = Arc::new(RequestBudget::new(
        budget,
        Instant::now() + Duration::from_secs(60),
    ));
    let response = rt.block_on(
        schema.execute(
            async_graphql::Request::new(query)
                .variables(vars)
                .data(catalog.clone())
                .data(RequestMeta::default())
                .data(executor_budget.clone()),
        ),
    );
    let executor = format!(
        "{{\"data\":{}}}",
        serde_json::to_string(&response.data).unwrap()
    );
    let errors = serde_json::to_string(&response.errors).unwrap();
    (
        direct,
        executor,
        errors,
        (direct_budget.used(), executor_budget.used()),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn the_direct_path_writes_the_executors_answer_to_the_byte_or_declines(
        choices in proptest::collection::vec(any::<u32>(), 64..512),
        variables in profile(),
        budget in prop_oneof![3 => Just(u64::MAX), 1 => 0u64..400],
    ) {
        let query = document(choices, false);
        let (direct, executor, errors, (direct_used, executor_used)) =
            both_ways(&query, &variables, budget);
        match direct {
            Ok(bytes) => {
                prop_assert_eq!(&errors, "[]", "answered directly, but the executor failed: {}", query);
                prop_assert_eq!(&bytes, &executor, "bytes differ for\n{}", query);
                prop_assert_eq!(direct_used, executor_used, "charged differently for\n{}", query);
            }
            Err(why) => {
                prop_assert_eq!(why, "declined");
                prop_assert_eq!(direct_used, 0, "a declined walk charges nothing");
            }
        }
    }
}

/// What a client sends (the page's and the README's previews, with fragments, aliases and
/// `__typename` as Apollo Client adds it) is answered directly, not declined.
#[test]
fn everyday_previews_take_the_direct_path() {
    let variables = json!({ "p": { "answers": [
        { "criterionId": "admin_panel", "optionId": "yes", "weight": 2 },
        { "criterionId": "data_model", "optionId": "document" }
    ], "languages": ["PYTHON", "GO"] } });
    for query in [
        "query Preview($p: ProfileInput!) { recommendation(profile: $p) { catalogVersion confidence \
         top { framework { id name } score fit } ranking { rank framework { id } score fit \
         reasons { criterionId optionId contribution explanation } } takeaways { id severity text \
         frameworkIds } pivots { criterionId optionId fromOptionId newTop { id } newTopScore } } }",
        "query($p: ProfileInput!) { rec: recommendation(profile: $p) { __typename ...R } } \
         fragment R on Recommendation { confidence leaders ranking { __typename rank \
         framework { __typename id frameworkId name } } takeaways { __typename id ... on Node { id } } }",
    ] {
        let (direct, executor, errors, used) = both_ways(query, &variables, 10_000);
        assert_eq!(errors, "[]");
        assert_eq!(direct.as_deref(), Ok(executor.as_str()), "{query}");
        assert_eq!(used.0, used.1);
    }
}
