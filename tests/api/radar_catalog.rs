//! The Tech Radar data of the catalog (`[framework.radar]` in `frameworks.toml`) is
//! validated like the rest: a problem names the file, the framework and the field.

use framework_matrix::catalog::{Catalog, EMBEDDED_FILES, Ring};

fn with_frameworks(edit: impl Fn(&str) -> String) -> Result<Catalog, String> {
    let sources = EMBEDDED_FILES.iter().map(|(name, text)| {
        let text = if *name == "frameworks.toml" {
            edit(text)
        } else {
            text.to_string()
        };
        (format!("catalog/{name}"), text)
    });
    Catalog::load_sources(sources).map_err(|e| e.to_string())
}

fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "test fixture: {from:?} not found");
    text.replacen(from, to, 1)
}

#[test]
fn the_ring_of_a_framework_is_its_latest_move() {
    let c = Catalog::embedded().unwrap();
    let ring = |id: &str| c.framework(id).unwrap().radar.as_ref().unwrap().ring();
    assert_eq!(ring("fastapi"), Ring::Adopt);
    assert_eq!(ring("echo"), Ring::Hold);
    assert_eq!(ring("litestar"), Ring::Assess);
}

#[test]
fn moves_out_of_order_name_the_framework_and_the_field() {
    let err = with_frameworks(|t| {
        replace_once(
            t,
            "{ ring = \"adopt\", date = 2023-03-06",
            "{ ring = \"adopt\", date = 2021-03-06",
        )
    })
    .unwrap_err();
    assert!(
        err.contains("catalog/frameworks.toml")
            && err.contains("framework fastapi")
            && err.contains("`radar.moves`")
            && err.contains("move #3: 2021-03-06 is not after 2021-10-04"),
        "{err}"
    );
}

#[test]
fn a_move_into_the_same_ring_and_a_date_with_a_time_are_both_reported() {
    let err = with_frameworks(|t| {
        let t = replace_once(
            t,
            "{ ring = \"trial\", date = 2021-10-04",
            "{ ring = \"assess\", date = 2021-10-04",
        );
        replace_once(
            &t,
            "{ ring = \"adopt\", date = 2020-01-15 }",
            "{ ring = \"adopt\", date = 2020-01-15T10:00:00 }",
        )
    })
    .unwrap_err();
    assert!(err.starts_with("2 problems"), "{err}");
    assert!(
        err.contains("framework django") && err.contains("is not a date"),
        "{err}"
    );
    assert!(
        err.contains("framework fastapi") && err.contains("already in ring \"assess\""),
        "{err}"
    );
}

#[test]
fn an_unknown_ring_is_an_entry_problem_naming_it() {
    let err =
        with_frameworks(|t| replace_once(t, "ring = \"hold\"", "ring = \"retire\"")).unwrap_err();
    assert!(
        err.contains("framework #9 (echo)") && err.contains("retire"),
        "{err}"
    );
}

#[test]
fn a_fifth_quadrant_is_refused() {
    let err = with_frameworks(|t| {
        replace_once(
            t,
            "quadrant = \"Micro\"\nmoves = [\n    { ring = \"adopt\", date = 2021-01-11 }",
            "quadrant = \"Go\"\nmoves = [\n    { ring = \"adopt\", date = 2021-01-11 }",
        )
    })
    .unwrap_err();
    assert!(
        err.contains("framework gin") && err.contains("fifth quadrant"),
        "{err}"
    );
}

#[test]
fn a_framework_without_radar_data_is_valid_and_left_off_the_radar() {
    let c = with_frameworks(|t| {
        replace_once(
            t,
            "[framework.radar]\nquadrant = \"Full-stack\"\nmoves = [\n    { ring = \"adopt\", date = 2020-01-15 },\n]\n",
            "",
        )
    })
    .unwrap();
    assert!(c.framework("django").unwrap().radar.is_none());
    let radar = framework_matrix::portal::tech_radar::tech_radar(&c);
    assert!(radar.entries.iter().all(|e| e.id != "django"));
    assert_eq!(radar.entries.len(), c.frameworks.len() - 1);
}
