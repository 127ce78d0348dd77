//! The scoring engine, on the embedded catalog and on generated catalogs ten times larger.
//!
//! `cargo bench --bench engine` (add a filter, e.g. `-- recommend/`, to run a subset).
//! For a profile, run the bench binary without analysis under callgrind:
//! `valgrind --tool=callgrind target/release/deps/engine-* --bench --profile-time 5 recommend/embedded`.
//!
//! "Ten times larger" is generated from `EMBEDDED_FILES`, textually, so it goes through the
//! same loader and validation as the real catalog:
//! - `frameworks_x10`: every framework ten times (ids suffixed `-x1`..`-x9`), with all its
//!   scoring rules: 90 frameworks, 10× the score matrix, 10× the candidates.
//! - `criteria_x10`: every criterion ten times (ids suffixed `-c1`..`-c9`), with its rules:
//!   110 criteria, 10× the score matrix, 10× the alternatives a pivot search tries.
//! - `both_x10`: both at once, 100× the score matrix.
//!
//! The profile is the same six answers everywhere (the originals keep their ids), so what
//! grows is only the catalog.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group};
use framework_matrix::catalog::{Catalog, EMBEDDED_FILES};
use framework_matrix::engine::{Profile, RawAnswer, recommend};

/// A realistic profile: an internal product with an admin back office, live updates and a
/// latency budget; it triggers takeaways and is close enough to have pivots.
const ANSWERS: [(&str, &str, f64); 6] = [
    ("admin_panel", "yes", 2.0),
    ("data_model", "relational", 1.0),
    ("realtime", "some", 1.5),
    ("latency", "critical", 2.0),
    ("team_size", "small", 1.0),
    ("project_scope", "product", 1.0),
];

fn raw_answers() -> Vec<RawAnswer<'static>> {
    ANSWERS
        .iter()
        .map(|&(criterion_id, option_id, weight)| RawAnswer {
            criterion_id,
            option_id,
            weight,
        })
        .collect()
}

/// How a generated catalog differs from the embedded one.
#[derive(Clone, Copy)]
struct Scale {
    frameworks: usize,
    criteria: usize,
}

/// Splits `text` at every line that is exactly `header`: the preamble, then one slice per
/// block (each starting with its header line).
fn blocks<'a>(text: &'a str, header: &str) -> (&'a str, Vec<&'a str>) {
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == header {
            starts.push(offset);
        }
        offset += line.len();
    }
    let Some(&first) = starts.first() else {
        return (text, Vec::new());
    };
    starts.push(text.len());
    let blocks = starts.windows(2).map(|w| &text[w[0]..w[1]]).collect();
    (&text[..first], blocks)
}

/// `block` with the value of the first `key = "..."` line passed through `rename`.
fn rename_first(block: &str, key: &str, rename: impl Fn(&str) -> String) -> String {
    let prefix = format!("{key} = \"");
    let mut out = String::with_capacity(block.len() + 8);
    let mut done = false;
    for line in block.split_inclusive('\n') {
        match line
            .strip_prefix(&prefix)
            .and_then(|rest| rest.split_once('"'))
        {
            Some((value, rest)) if !done => {
                out.push_str(&format!("{prefix}{}\"{rest}", rename(value)));
                done = true;
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// Copy 0 keeps the original id, so the same profile works on every catalog.
fn suffixed(id: &str, tag: char, copy: usize) -> String {
    if copy == 0 {
        id.to_string()
    } else {
        format!("{id}-{tag}{copy}")
    }
}

fn generated_catalog(scale: Scale) -> Catalog {
    let mut sources: Vec<(String, String)> = EMBEDDED_FILES
        .iter()
        .map(|(f, c)| (f.to_string(), c.to_string()))
        .collect();
    let text = |name: &str| {
        EMBEDDED_FILES
            .iter()
            .find(|(f, _)| *f == name)
            .expect("catalog file")
            .1
    };
    let set = |sources: &mut Vec<(String, String)>, name: &str, contents: String| {
        sources
            .iter_mut()
            .find(|(f, _)| f == name)
            .expect("catalog file")
            .1 = contents;
    };

    let (head, frameworks) = blocks(text("frameworks.toml"), "[[framework]]");
    let mut out = head.to_string();
    for copy in 0..scale.frameworks {
        for b in &frameworks {
            out += &rename_first(b, "id", |id| suffixed(id, 'x', copy));
        }
    }
    set(&mut sources, "frameworks.toml", out);

    let (head, criteria) = blocks(text("criteria.toml"), "[[criterion]]");
    let mut out = head.to_string();
    for copy in 0..scale.criteria {
        for b in &criteria {
            out += &rename_first(b, "id", |id| suffixed(id, 'c', copy));
        }
    }
    set(&mut sources, "criteria.toml", out);

    let (head, rules) = blocks(text("scoring.toml"), "[[rule]]");
    let mut out = head.to_string();
    for fc in 0..scale.frameworks {
        for cc in 0..scale.criteria {
            for b in &rules {
                let b = rename_first(b, "framework", |id| suffixed(id, 'x', fc));
                out += &rename_first(&b, "criterion", |id| suffixed(id, 'c', cc));
            }
        }
    }
    set(&mut sources, "scoring.toml", out);

    Catalog::from_sources(sources).expect("the generated catalog is valid")
}

struct Case {
    name: &'static str,
    catalog: Catalog,
}

fn cases() -> Vec<Case> {
    let embedded = Catalog::embedded().expect("the embedded catalog is valid");
    let x = |frameworks, criteria| {
        generated_catalog(Scale {
            frameworks,
            criteria,
        })
    };
    let cases = vec![
        Case {
            name: "embedded",
            catalog: embedded,
        },
        Case {
            name: "frameworks_x10",
            catalog: x(10, 1),
        },
        Case {
            name: "criteria_x10",
            catalog: x(1, 10),
        },
        Case {
            name: "both_x10",
            catalog: x(10, 10),
        },
    ];
    let base = &cases[0].catalog;
    for c in &cases {
        let profile = Profile::parse(&c.catalog, &raw_answers(), None).expect("valid profile");
        let rec = recommend(&c.catalog, &profile);
        // The benchmark must measure what it claims: a recommendation with both.
        assert!(!rec.takeaways.is_empty(), "{}: no takeaway", c.name);
        assert!(!rec.pivots.is_empty(), "{}: no pivot", c.name);
        eprintln!(
            "{:>15}: {:>3} frameworks, {:>3} criteria, {:>4} options ({:>5.0}× score cells); \
             {} candidates, {} takeaways, {} pivots",
            c.name,
            c.catalog.frameworks.len(),
            c.catalog.criteria.len(),
            c.catalog.option_count(),
            (c.catalog.frameworks.len() * c.catalog.option_count()) as f64
                / (base.frameworks.len() * base.option_count()) as f64,
            rec.ranking.len(),
            rec.takeaways.len(),
            rec.pivots.len(),
        );
    }
    cases
}

fn engine(c: &mut Criterion) {
    let cases = cases();
    let raw = raw_answers();

    let mut group = c.benchmark_group("recommend");
    for case in &cases {
        let profile = Profile::parse(&case.catalog, &raw, None).unwrap();
        group.bench_function(case.name, |b| {
            b.iter(|| recommend(black_box(&case.catalog), black_box(&profile)));
        });
    }
    group.finish();

    let mut group = c.benchmark_group("parse_and_recommend");
    for case in &cases {
        group.bench_function(case.name, |b| {
            b.iter(|| {
                let profile = Profile::parse(black_box(&case.catalog), black_box(&raw), None)
                    .expect("valid profile");
                recommend(&case.catalog, &profile)
            });
        });
    }
    group.finish();

    let mut group = c.benchmark_group("empty_profile");
    for case in &cases {
        let empty = Profile::parse(&case.catalog, &[], None).unwrap();
        group.bench_function(case.name, |b| {
            b.iter(|| recommend(black_box(&case.catalog), black_box(&empty)));
        });
    }
    group.finish();

    let mut group = c.benchmark_group("parse_only");
    let case = &cases[0];
    group.bench_function(case.name, |b| {
        b.iter(|| Profile::parse(black_box(&case.catalog), black_box(&raw), None));
    });
    group.finish();
}

criterion_group! {
    name = benches;
    // Short runs: the machine is shared, so compare ratios within one run, not absolutes.
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(30);
    targets = engine
}
/// `ENGINE_ITERS=n [ENGINE_CASE=name]`: no criterion, just `n` recommendations on one catalog
/// (default `embedded`), so `valgrind --tool=callgrind
/// --toggle-collect='framework_matrix::engine::recommend'` gives exact instructions per call
/// (total / n), comparable between two builds on a noisy machine.
fn fixed_iterations(iters: &str) {
    let iters: usize = iters.parse().expect("ENGINE_ITERS is a number");
    let name = std::env::var("ENGINE_CASE").unwrap_or_else(|_| "embedded".into());
    let case = cases()
        .into_iter()
        .find(|c| c.name == name)
        .expect("ENGINE_CASE is one of embedded, frameworks_x10, criteria_x10, both_x10");
    let profile = Profile::parse(&case.catalog, &raw_answers(), None).unwrap();
    for _ in 0..iters {
        black_box(recommend(black_box(&case.catalog), black_box(&profile)));
    }
    eprintln!("{iters} recommendations on {name}");
}

fn main() {
    if let Ok(iters) = std::env::var("ENGINE_ITERS") {
        fixed_iterations(&iters);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
