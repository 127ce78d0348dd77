//! The static cost of a document, computed before it executes, so that one request can
//! never make the service build an enormous response.
//!
//! A field costs its weight (1 for most fields; more for fields that run the engine or
//! query the database), plus, for each item it can return, the cost of its selection. A
//! list field's item count is bounded by what the catalog holds (`frameworks` returns at
//! most as many frameworks as the catalog has; a framework's `faqs` at most as many as
//! the framework with the most FAQs), like GitHub's node limit and Shopify's calculated
//! cost bound a list by its `first` argument. So `frameworks { faqs { frameworks { faqs
//! ... } } }` multiplies at every hop, and the cycles of the schema are refused after a
//! few hops instead of growing the response geometrically.
//!
//! The bound is an upper bound, computed from the schema's SDL (types, fields, list
//! types) and a table of list sizes ([`ListBounds`]); every list field of the schema must
//! have an entry (a unit test checks it). Introspection (`__schema`, `__type`) is costed
//! exactly against the schema itself ([`introspection`]): the schema is fixed, so the
//! product of per-list maxima would overstate the standard introspection query tenfold.
//! Fragments are costed once per type they are spread on (memoised), so a chain of
//! fragments that spread each other twice cannot make this walk itself exponential; a
//! fragment that spreads itself is refused.

mod introspection;

use std::collections::{HashMap, HashSet};

use async_graphql::Value;
use async_graphql::parser::types::{
    BaseType, ExecutableDocument, Selection, SelectionSet, Type, TypeKind, TypeSystemDefinition,
};

use super::error::DocumentError;
use crate::catalog::Catalog;
use introspection::{Eval, Introspection};

/// Cost of one recommendation (engine run plus explanation), on top of its fields.
pub const RECOMMENDATION_COST: u64 = 25;
/// Cost of each `decisionStats` figure: each one is an aggregate query in PostgreSQL.
pub const STATS_QUERY_COST: u64 = 20;
/// Cost of `recordOutcome`: one write.
pub const OUTCOME_COST: u64 = 10;
/// Largest number of days a `daily` breakdown returns (its range is capped to this).
pub const MAX_STATS_DAYS: u64 = 400;

/// How many items each list field can return, from the catalog being served.
#[derive(Debug, Clone, Copy)]
pub struct ListBounds {
    pub frameworks: u64,
    pub criteria: u64,
    pub options_per_criterion: u64,
    pub options: u64,
    pub traits: u64,
    pub takeaways: u64,
    pub faqs: u64,
    pub faqs_per_framework: u64,
    pub frameworks_per_faq: u64,
    pub glossary: u64,
    pub strengths: u64,
    pub tags: u64,
}

impl ListBounds {
    pub fn of(catalog: &Catalog) -> ListBounds {
        let n = |x: usize| x as u64;
        let max = |it: &mut dyn Iterator<Item = usize>| n(it.max().unwrap_or(0));
        ListBounds {
            frameworks: n(catalog.frameworks.len()),
            criteria: n(catalog.criteria.len()),
            options_per_criterion: max(&mut catalog.criteria.iter().map(|c| c.options.len())),
            options: n(catalog.option_count()),
            traits: n(catalog.traits.len()),
            takeaways: n(catalog.takeaways.len()),
            faqs: n(catalog.faqs.len()),
            faqs_per_framework: max(&mut (0..catalog.frameworks.len()).map(|f| {
                catalog
                    .faqs
                    .iter()
                    .filter(|q| q.frameworks.contains(&f))
                    .count()
            })),
            frameworks_per_faq: max(&mut catalog.faqs.iter().map(|q| q.frameworks.len())),
            glossary: n(catalog.glossary.len()),
            strengths: max(&mut catalog
                .frameworks
                .iter()
                .map(|f| f.strengths.len().max(f.weaknesses.len()))),
            tags: max(&mut catalog.faqs.iter().map(|q| q.tags.len())),
        }
    }

    /// Items a list field can return; `None` for a field this table does not know.
    fn items(&self, ty: &str, field: &str, schema: &SchemaCounts) -> Option<u64> {
        Some(match (ty, field) {
            ("Query" | "Comparison", "frameworks")
            | ("Recommendation", "ranking")
            | ("ComparisonRow", "values")
            | ("DecisionStats", "byFramework")
            | ("Takeaway", "frameworkIds")
            | ("Pivot", "newLeaders") => self.frameworks,
            ("Query", "criteria") | ("RankedFramework", "reasons") => self.criteria,
            ("Criterion", "options") | ("DecisionStats", "answers") => self.options_per_criterion,
            ("Recommendation", "pivots") => self.options,
            ("Framework", "traits") | ("Comparison", "rows") => self.traits,
            ("Recommendation", "takeaways") => self.takeaways,
            ("Query", "faqs") => self.faqs,
            ("Framework", "faqs") => self.faqs_per_framework,
            ("Faq", "frameworks") => self.frameworks_per_faq,
            ("Faq", "tags") => self.tags,
            ("Query", "glossary") => self.glossary,
            ("Framework", "strengths" | "weaknesses") => self.strengths,
            ("DecisionStats", "daily") => MAX_STATS_DAYS,
            ("Query", "nodes") => crate::graphql::input::MAX_LIST_ITEMS as u64,
            ("DecisionStats", "outcomes") => self.frameworks * self.frameworks,
            ("__Schema", "types") | ("__Type", "interfaces" | "possibleTypes") => schema.types,
            ("__Schema", "directives") => schema.directives,
            ("__Type", "fields") => schema.fields_per_type,
            ("__Type", "enumValues") => schema.enum_values,
            ("__Type", "inputFields") => schema.input_fields,
            ("__Field" | "__Directive", "args") => schema.args_per_field,
            ("__Directive", "locations") => 19,
            _ => return None,
        })
    }
}

/// Sizes of the schema itself, bounding the introspection types' lists while the walk
/// descends into them (their cost comes from the exact evaluation).
#[derive(Debug, Clone, Copy)]
struct SchemaCounts {
    types: u64,
    directives: u64,
    fields_per_type: u64,
    enum_values: u64,
    input_fields: u64,
    args_per_field: u64,
}

#[derive(Debug, Clone)]
struct FieldInfo {
    /// The named type at the bottom of the field's type.
    ty: String,
    /// Items per returned value: 1 for a single value, the list bound for a list.
    items: u64,
    list: bool,
    weight: u64,
}

/// The spec-defined introspection types, which the SDL does not contain.
const INTROSPECTION: &[(&str, &[(&str, &str)])] = &[
    ("Query", &[("__schema", "__Schema!"), ("__type", "__Type")]),
    (
        "__Schema",
        &[
            ("description", "String"),
            ("types", "[__Type!]!"),
            ("queryType", "__Type!"),
            ("mutationType", "__Type"),
            ("subscriptionType", "__Type"),
            ("directives", "[__Directive!]!"),
        ],
    ),
    (
        "__Type",
        &[
            ("kind", "__TypeKind!"),
            ("name", "String"),
            ("description", "String"),
            ("specifiedByURL", "String"),
            ("fields", "[__Field!]"),
            ("interfaces", "[__Type!]"),
            ("possibleTypes", "[__Type!]"),
            ("enumValues", "[__EnumValue!]"),
            ("inputFields", "[__InputValue!]"),
            ("ofType", "__Type"),
            ("isOneOf", "Boolean"),
        ],
    ),
    (
        "__Field",
        &[
            ("name", "String!"),
            ("description", "String"),
            ("args", "[__InputValue!]!"),
            ("type", "__Type!"),
            ("isDeprecated", "Boolean!"),
            ("deprecationReason", "String"),
        ],
    ),
    (
        "__InputValue",
        &[
            ("name", "String!"),
            ("description", "String"),
            ("type", "__Type!"),
            ("defaultValue", "String"),
            ("isDeprecated", "Boolean!"),
            ("deprecationReason", "String"),
        ],
    ),
    (
        "__EnumValue",
        &[
            ("name", "String!"),
            ("description", "String"),
            ("isDeprecated", "Boolean!"),
            ("deprecationReason", "String"),
        ],
    ),
    (
        "__Directive",
        &[
            ("name", "String!"),
            ("description", "String"),
            ("locations", "[__DirectiveLocation!]!"),
            ("args", "[__InputValue!]!"),
            ("isRepeatable", "Boolean!"),
        ],
    ),
];

/// `@include`, `@skip`, `@deprecated`, `@specifiedBy`, `@oneOf`, and room for a few more.
const DIRECTIVES: u64 = 8;

/// The cost table of one schema and catalog.
#[derive(Debug)]
pub struct CostModel {
    fields: HashMap<String, HashMap<String, FieldInfo>>,
    introspection: Introspection,
    /// List fields the bounds table has no entry for (a unit test keeps this empty).
    unbounded: Vec<String>,
}

/// What [`CostModel::measure`] finds in one operation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Measure {
    pub cost: u64,
    /// Deepest field nesting, counted as async-graphql counts it (root fields are 1).
    pub depth: usize,
    /// `submitProfile` fields: decisions the operation would log.
    pub submits: u64,
}

impl CostModel {
    /// Builds the table from the schema's SDL and the catalog's list sizes.
    pub fn new(sdl: &str, bounds: ListBounds) -> CostModel {
        let doc = async_graphql::parser::parse_schema(sdl).expect("the schema's own SDL parses");
        let mut types: Vec<(String, Vec<(String, Type)>)> = Vec::new();
        let mut counts = SchemaCounts {
            types: 0,
            directives: DIRECTIVES,
            fields_per_type: 11,
            enum_values: 19,
            input_fields: 0,
            args_per_field: 1,
        };
        counts.types = Introspection::new(&doc).type_count() as u64;
        for def in &doc.definitions {
            let TypeSystemDefinition::Type(t) = def else {
                continue;
            };
            let t = &t.node;
            let fields = match &t.kind {
                TypeKind::Object(o) => &o.fields,
                TypeKind::Interface(i) => &i.fields,
                TypeKind::Enum(e) => {
                    counts.enum_values = counts.enum_values.max(e.values.len() as u64);
                    continue;
                }
                TypeKind::InputObject(i) => {
                    counts.input_fields = counts.input_fields.max(i.fields.len() as u64);
                    continue;
                }
                TypeKind::Scalar | TypeKind::Union(_) => continue,
            };
            counts.fields_per_type = counts.fields_per_type.max(fields.len() as u64);
            let list = fields
                .iter()
                .map(|f| {
                    let f = &f.node;
                    counts.args_per_field = counts.args_per_field.max(f.arguments.len() as u64);
                    (f.name.node.to_string(), f.ty.node.clone())
                })
                .collect();
            types.push((t.name.node.to_string(), list));
        }
        for (ty, fields) in INTROSPECTION {
            let list = fields
                .iter()
                .map(|(name, t)| {
                    let t = Type::new(t).expect("introspection types are well-formed");
                    (name.to_string(), t)
                })
                .collect();
            types.push((ty.to_string(), list));
        }

        let mut model = CostModel {
            fields: HashMap::new(),
            introspection: Introspection::new(&doc),
            unbounded: Vec::new(),
        };
        for (ty, fields) in types {
            for (name, t) in fields {
                let (named, list) = unwrap_type(&t);
                let items = if list {
                    bounds.items(&ty, &name, &counts).unwrap_or_else(|| {
                        model.unbounded.push(format!("{ty}.{name}"));
                        100
                    })
                } else {
                    1
                };
                let weight = weight(&ty, &name);
                model.fields.entry(ty.clone()).or_default().insert(
                    name,
                    FieldInfo {
                        ty: named,
                        items,
                        list,
                        weight,
                    },
                );
            }
        }
        model
    }

    /// List fields without a bound in [`ListBounds`] (each is costed as 100 items).
    pub fn unbounded_lists(&self) -> &[String] {
        &self.unbounded
    }

    /// Measures the selection set of one operation whose root type is `root`.
    pub fn measure(
        &self,
        doc: &ExecutableDocument,
        root: &str,
        set: &SelectionSet,
        max_depth: usize,
    ) -> Result<Measure, DocumentError> {
        let mut walk = Walk {
            model: self,
            doc,
            exact: Eval::new(&self.introspection, doc),
            memo: HashMap::new(),
            active: HashSet::new(),
            max_depth,
        };
        walk.set(set, root, 0)
    }
}

/// The named type under any list and non-null wrappers, and whether there was a list.
fn unwrap_type(t: &Type) -> (String, bool) {
    match &t.base {
        BaseType::Named(n) => (n.to_string(), false),
        BaseType::List(inner) => (unwrap_type(inner).0, true),
    }
}

fn weight(ty: &str, field: &str) -> u64 {
    match (ty, field) {
        ("Query", "recommendation") | ("Mutation", "submitProfile") => RECOMMENDATION_COST,
        ("Mutation", "recordOutcome") => OUTCOME_COST,
        ("DecisionStats", "minGroupSize") => 1,
        ("DecisionStats", _) => STATS_QUERY_COST,
        _ => 1,
    }
}

struct Walk<'a> {
    model: &'a CostModel,
    doc: &'a ExecutableDocument,
    exact: Eval<'a>,
    /// (fragment, type it is spread on) -> its measure.
    memo: HashMap<(&'a str, &'a str), Measure>,
    /// Fragments being walked right now: spreading one of them again is a cycle.
    active: HashSet<&'a str>,
    max_depth: usize,
}

impl<'a> Walk<'a> {
    /// `depth` is the nesting of the field that owns `set` (0 for the operation).
    fn set(
        &mut self,
        set: &'a SelectionSet,
        ty: &'a str,
        depth: usize,
    ) -> Result<Measure, DocumentError> {
        let mut total = Measure::default();
        for selection in &set.items {
            let m = match &selection.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    let name = field.name.node.as_str();
                    let here = depth + 1;
                    if here > self.max_depth {
                        return Err(DocumentError::TooDeep);
                    }
                    let info = self.model.fields.get(ty).and_then(|f| f.get(name));
                    let Some(info) = info else {
                        // `__typename`, or a field the schema will refuse: one point.
                        total.cost = total.cost.saturating_add(1);
                        total.depth = total.depth.max(here);
                        continue;
                    };
                    let sub_set = &field.selection_set.node;
                    let sub = self.set(sub_set, info.ty.as_str(), here)?;
                    let per_item = if sub_set.items.is_empty() {
                        u64::from(info.list)
                    } else {
                        sub.cost
                    };
                    let cost = match (ty, name) {
                        ("Query", "__schema") => 1 + self.exact.schema(sub_set),
                        ("Query", "__type") => {
                            // A literal name costs that type; a variable, the dearest.
                            let name = field
                                .get_argument("name")
                                .and_then(|v| v.node.clone().into_const());
                            let name = match &name {
                                Some(Value::String(n)) => Some(n.as_str()),
                                _ => None,
                            };
                            1 + self.exact.named_type(sub_set, name)
                        }
                        _ => info
                            .weight
                            .saturating_add(info.items.saturating_mul(per_item)),
                    };
                    Measure {
                        cost,
                        depth: sub.depth.max(here),
                        submits: sub
                            .submits
                            .saturating_mul(info.items)
                            .saturating_add(u64::from(ty == "Mutation" && name == "submitProfile")),
                    }
                }
                Selection::InlineFragment(frag) => {
                    let frag = &frag.node;
                    let on = frag
                        .type_condition
                        .as_ref()
                        .map_or(ty, |c| c.node.on.node.as_str());
                    self.set(&frag.selection_set.node, on, depth)?
                }
                Selection::FragmentSpread(spread) => {
                    let name = spread.node.fragment_name.node.as_str();
                    self.spread(name, depth)?
                }
            };
            total.cost = total.cost.saturating_add(m.cost);
            total.depth = total.depth.max(m.depth);
            total.submits = total.submits.saturating_add(m.submits);
        }
        Ok(total)
    }

    fn spread(&mut self, name: &'a str, depth: usize) -> Result<Measure, DocumentError> {
        // Unknown fragments are the schema's validation's to report.
        let Some((key, frag)) = self.doc.fragments.get_key_value(name) else {
            return Ok(Measure::default());
        };
        let key = key.as_str();
        let on = frag.node.type_condition.node.on.node.as_str();
        if let Some(m) = self.memo.get(&(key, on)) {
            // Memoised with depth measured from 0: shift it to where it is spread.
            if depth + m.depth > self.max_depth {
                return Err(DocumentError::TooDeep);
            }
            return Ok(Measure {
                depth: depth + m.depth,
                ..*m
            });
        }
        if !self.active.insert(key) {
            return Err(DocumentError::FragmentCycle(key.to_string()));
        }
        let m = self.set(&frag.node.selection_set.node, on, 0);
        self.active.remove(key);
        let m = m?;
        self.memo.insert((key, on), m);
        if depth + m.depth > self.max_depth {
            return Err(DocumentError::TooDeep);
        }
        Ok(Measure {
            depth: depth + m.depth,
            ..m
        })
    }
}

#[cfg(test)]
mod tests;
