//! What it costs the service to refuse the documents an attacker would send, before any
//! of them executes (issue 18): a megabyte of fields (refused by its token count before
//! the parser sees it), a megabyte hidden in one string or in comments (few tokens: the
//! parser runs, then the rules), and a document of deep cycles (parsed, then refused by
//! its cost). Also the price of a normal preview document through the same path, for
//! scale.
//!
//! `cargo bench --bench refusal`. The HTTP layer refuses bodies over `MAX_BODY_BYTES`
//! (256 KiB by default) with 413 before reading them, and documents over `MAX_QUERY_BYTES`
//! (32 KiB) are refused on their length; the `query_bytes_1mib` group shows what remains
//! if an operator raises both to a megabyte.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use framework_matrix::catalog::Catalog;
use framework_matrix::graphql::documents::{
    CostModel, DocumentRules, Documents, InputTypes, ListBounds, Method,
};
use framework_matrix::graphql::recommendation::variable::RequestVariables;

const MIB: usize = 1 << 20;

/// The rules with the default limits, but documents of up to `max_bytes`, and the
/// embedded catalog's cost table.
fn documents(max_bytes: usize) -> (Documents, CostModel) {
    let catalog = Catalog::embedded().unwrap();
    let sdl = framework_matrix::graphql::sdl();
    let documents = Documents::new(
        DocumentRules {
            max_bytes,
            max_tokens: 5000,
            max_aliases: 30,
            max_depth: 16,
            introspection: true,
        },
        InputTypes::new(&async_graphql::parser::parse_schema(&sdl).unwrap()),
        framework_matrix::graphql::root_fields(&sdl),
    );
    (documents, CostModel::new(&sdl, ListBounds::of(&catalog)))
}

fn cycle(hops: usize) -> String {
    let mut q = String::from("id");
    for _ in 0..hops {
        q = format!("frameworks {{ faqs {{ {q} }} }}");
    }
    format!("{{ {q} }}")
}

fn refusal(c: &mut Criterion) {
    let vars = RequestVariables::default();
    let cases: Vec<(&str, String)> = vec![
        ("fields_1mib", format!("{{ {} }}", "__typename ".repeat(MIB / 11))),
        (
            "string_1mib",
            format!("{{ faqs(search: \"{}\") {{ id }} }}", "x".repeat(MIB)),
        ),
        (
            "comments_1mib",
            format!("{{ __typename }}\n{}", "# comment\n".repeat(MIB / 10)),
        ),
        (
            "string_32kib",
            format!("{{ faqs(search: \"{}\") {{ id }} }}", "x".repeat(32 * 1024 - 40)),
        ),
        ("cycle_4_hops", cycle(4)),
        (
            "preview",
            "{ recommendation(profile: { answers: [] }) { confidence ranking { rank score fit framework { id name } reasons { criterionId contribution explanation } } takeaways { text } pivots { criterionId optionId newTop { id } } } }".into(),
        ),
    ];
    // The defaults (MAX_QUERY_BYTES 32 KiB), and a service whose operator raised
    // MAX_QUERY_BYTES to a megabyte (then only the token count protects the parser).
    for (group_name, max_bytes) in [("defaults", 32 * 1024), ("query_bytes_1mib", MIB + 64)] {
        let (docs, cost) = documents(max_bytes);
        let mut group = c.benchmark_group(group_name);
        for (name, doc) in &cases {
            group.throughput(Throughput::Bytes(doc.len() as u64));
            group.bench_function(*name, |b| {
                b.iter(|| {
                    // Long documents are never cached; short ones are what the cache
                    // would serve anyway.
                    let _ =
                        black_box(docs.prepare(&cost, black_box(doc), None, &vars, Method::Post));
                });
            });
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20);
    targets = refusal
}
criterion_main!(benches);
