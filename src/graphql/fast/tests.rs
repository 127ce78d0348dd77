use super::*;
use std::time::Duration;

/// `{ a: Int, b: Pair, list: [Pair] }` with pairs `{ x, y }`.
struct Root;
struct Pair(i32);

impl Fast for Root {
    const TYPE: &'static str = "Root";
    fn field(&self, w: &mut Walker<'_>, name: &str, set: &SelectionSet) -> Option<Value> {
        Some(match name {
            "a" => int(1),
            "b" => w.object(&Pair(7), set)?,
            "list" => w.objects([Pair(1), Pair(2)].into_iter(), set)?,
            _ => return None,
        })
    }
}

impl Fast for Pair {
    const TYPE: &'static str = "Pair";
    const INTERFACES: &'static [&'static str] = &["Node"];
    fn field(&self, _: &mut Walker<'_>, name: &str, _: &SelectionSet) -> Option<Value> {
        Some(match name {
            "x" => int(self.0),
            "y" => int(self.0 * 10),
            _ => return None,
        })
    }
}

fn walk(query: &str) -> (Option<String>, u64) {
    let doc = async_graphql::parser::parse_query(query).unwrap();
    let set = match &doc.operations {
        async_graphql::parser::types::DocumentOperations::Single(op) => {
            op.node.selection_set.node.clone()
        }
        async_graphql::parser::types::DocumentOperations::Multiple(_) => unreachable!(),
    };
    let fragments: HashMap<Name, Positioned<FragmentDefinition>> =
        doc.fragments.into_iter().collect();
    let mut w = Walker::new(&fragments);
    let value = w.object(&Root, &set);
    (value.map(|v| v.to_string()), w.values())
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
    fn field(&self, w: &mut Walker<'_>, name: &str, set: &SelectionSet) -> Option<Value> {
        match name {
            "list" => w.objects((0..self.0).map(|i| Pair(i as i32)), set),
            "inner" => w.objects((0..self.0).map(|_| Many(self.0)), set),
            _ => None,
        }
    }
}

fn walk_limited(n: usize, limit: u64, deadline: Instant) -> (Option<Value>, Walker<'static>) {
    static NO_FRAGMENTS: std::sync::LazyLock<HashMap<Name, Positioned<FragmentDefinition>>> =
        std::sync::LazyLock::new(HashMap::new);
    let doc = async_graphql::parser::parse_query("{ inner { inner { list { x } } } }").unwrap();
    let async_graphql::parser::types::DocumentOperations::Single(op) = &doc.operations else {
        unreachable!()
    };
    let mut w = Walker::limited(&NO_FRAGMENTS, limit, deadline);
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
