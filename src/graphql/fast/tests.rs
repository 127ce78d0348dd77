use super::*;
use std::time::Duration;

/// `{ a: Int, b: Pair, list: [Pair] }` with pairs `{ x, y }`.
struct Root;
struct Pair(i32);

impl Fast for Root {
    const TYPE: &'static str = "Root";
    fn field<O: Out>(&self, w: &mut Walker<'_, O>, name: &str, set: &SelectionSet) -> Option<()> {
        match name {
            "a" => w.int(1),
            "b" => w.object(&Pair(7), set),
            "list" => w.objects([Pair(1), Pair(2)].into_iter(), set),
            _ => None,
        }
    }
}

impl Fast for Pair {
    const TYPE: &'static str = "Pair";
    const INTERFACES: &'static [&'static str] = &["Node"];
    fn field<O: Out>(&self, w: &mut Walker<'_, O>, name: &str, _: &SelectionSet) -> Option<()> {
        match name {
            "x" => w.int(self.0),
            "y" => w.int(self.0 * 10),
            _ => None,
        }
    }
}

fn parse(query: &str) -> (SelectionSet, HashMap<Name, Positioned<FragmentDefinition>>) {
    let doc = async_graphql::parser::parse_query(query).unwrap();
    let set = match &doc.operations {
        async_graphql::parser::types::DocumentOperations::Single(op) => {
            op.node.selection_set.node.clone()
        }
        async_graphql::parser::types::DocumentOperations::Multiple(_) => unreachable!(),
    };
    (set, doc.fragments.into_iter().collect())
}

/// The walk as a value tree (as under the executor), with the values it counted.
fn walk(query: &str) -> (Option<String>, u64) {
    let (set, fragments) = parse(query);
    let mut w = Walker::new(&fragments, Tree::default());
    let walked = w.object(&Root, &set);
    let values = w.values();
    let value = walked.and_then(|()| w.into_out().finish());
    (value.map(|v| v.to_string()), values)
}

/// The walk written as JSON text (the direct path), or `None` when it declined.
fn walk_json(query: &str) -> Option<String> {
    let (set, fragments) = parse(query);
    let mut bytes = Vec::new();
    Walker::new(&fragments, Json::new(&mut bytes)).object(&Root, &set)?;
    Some(String::from_utf8(bytes).unwrap())
}

/// The tree walk, serialized as the transport serializes the executor's answer.
fn walk_tree_json(query: &str) -> Option<String> {
    let (set, fragments) = parse(query);
    let mut w = Walker::new(&fragments, Tree::default());
    w.object(&Root, &set)?;
    Some(serde_json::to_string(&w.into_out().finish()?).unwrap())
}

#[test]
fn json_text_equals_the_serialized_tree_and_declines_only_what_needs_merging() {
    for query in [
        "{ a __typename b { x y } list { x } }",
        "{ z: a a z: a b { x x y } }",
        "{ b { ...P ... on Other { x } } list { ... on Pair { x } } } fragment P on Node { y }",
        "{ b { ... on Other { x } } list { ... on Other { x } } }",
        "{ list { __typename x } a }",
    ] {
        assert_eq!(walk_json(query), walk_tree_json(query), "{query}");
    }
    // Objects selected twice merge in the tree; text cannot merge, so it declines.
    assert!(walk_tree_json("{ b { x } b { y } }").is_some());
    assert_eq!(walk_json("{ b { x } b { y } }"), None);
    // Directives are never applied by the walker: declined, in both outputs.
    assert_eq!(walk_json("{ a @skip(if: true) }"), None);
    assert_eq!(walk_json("{ ... on Root @include(if: false) { a } }"), None);
    assert_eq!(walk("{ ... @skip(if: true) { a } }").0, None);
}

#[test]
fn aliases_typename_and_repeated_fields_merge_like_the_executor() {
    let (v, values) = walk(
        "{ z: a __typename b { x } b { y x } list { x } list { y } c: list { ... on Node { y } } }",
    );
    assert_eq!(
        v.unwrap(),
        r#"{z: 1, __typename: "Root", b: {x: 7, y: 70}, list: [{x: 1, y: 10}, {x: 2, y: 20}], c: [{y: 10}, {y: 20}]}"#
    );
    assert_eq!(values, 3 + 3 + 3, "each list: its items plus one");
}

#[test]
fn fragments_apply_by_type_or_interface_and_an_empty_selection_is_null() {
    let (v, _) = walk(
        "{ b { ...P ... on Other { x } } list { ... on Pair { x } } } fragment P on Node { y }",
    );
    assert_eq!(v.unwrap(), r"{b: {y: 70}, list: [{x: 1}, {x: 2}]}");
    let (v, _) = walk("{ b { ... on Other { x } } }");
    assert_eq!(v.unwrap(), "{b: null}");
}

#[test]
fn an_unknown_field_or_arguments_decline_the_whole_walk() {
    assert_eq!(walk("{ a nope }").0, None);
    assert_eq!(walk("{ b { x(n: 1) } }").0, None);
    assert_eq!(walk("{ ...Missing }").0, None);
}

/// `list` holding `n` pairs.
struct Many(usize);

impl Fast for Many {
    const TYPE: &'static str = "Many";
    fn field<O: Out>(&self, w: &mut Walker<'_, O>, name: &str, set: &SelectionSet) -> Option<()> {
        match name {
            "list" => w.objects((0..self.0).map(|i| Pair(i as i32)), set),
            "inner" => w.objects((0..self.0).map(|_| Many(self.0)), set),
            _ => None,
        }
    }
}

fn walk_limited(n: usize, limit: u64, deadline: Instant) -> (Option<()>, Walker<'static, Tree>) {
    static NO_FRAGMENTS: std::sync::LazyLock<HashMap<Name, Positioned<FragmentDefinition>>> =
        std::sync::LazyLock::new(HashMap::new);
    let doc = async_graphql::parser::parse_query("{ inner { inner { list { x } } } }").unwrap();
    let async_graphql::parser::types::DocumentOperations::Single(op) = &doc.operations else {
        unreachable!()
    };
    let mut w = Walker::limited(&NO_FRAGMENTS, Tree::default(), limit, deadline);
    let value = w.object(&Many(n), &op.node.selection_set.node);
    (value, w)
}

#[test]
fn a_walk_stops_as_soon_as_it_passes_the_values_left() {
    let later = Instant::now() + Duration::from_secs(60);
    // 10 + 10 x 10 + 100 x 10 lists: 1 + 10 + 100 lists, 1 110 values with their "+1"s.
    let (all, w) = walk_limited(10, 10_000, later);
    assert!(all.is_some());
    let needed = w.values();
    let (none, w) = walk_limited(10, needed - 1, later);
    assert!(none.is_none(), "one value short: declined");
    assert!(w.values() <= needed, "and it stopped there");
    assert!(!w.out_of_time());
    // A walk far over the limit stops right after the limit, not at the end.
    let (none, w) = walk_limited(1_000, 5_000, later);
    assert!(none.is_none());
    assert!(
        w.values() < 5_000 + 1_002,
        "stopped at {} values",
        w.values()
    );
}

#[test]
fn a_walk_past_the_deadline_stops_at_its_next_look_at_the_clock() {
    let past = Instant::now()
        .checked_sub(Duration::from_millis(1))
        .unwrap();
    let (none, w) = walk_limited(1_000, u64::MAX, past);
    assert!(none.is_none());
    assert!(w.out_of_time());
    assert!(
        w.values() < 2 * budget::CLOCK_EVERY,
        "stopped after {} values",
        w.values()
    );
}
