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
mod walk;

use std::collections::HashMap;

use async_graphql::parser::types::{
    BaseType, ExecutableDocument, SelectionSet, Type, TypeKind, TypeSystemDefinition,
};

use super::error::DocumentError;
use crate::catalog::Catalog;
use introspection::{INTROSPECTION_TYPES, Introspection};
use walk::Walk;

/// Cost of one recommendation (engine run plus explanation), on top of its fields.
pub const RECOMMENDATION_COST: u64 = 25;
/// Cost of each `decisionStats` figure: each one is an aggregate query in PostgreSQL.
pub const STATS_QUERY_COST: u64 = 20;
/// Cost of `recordOutcome`: one write.
pub const OUTCOME_COST: u64 = 10;
/// Largest number of days a `daily` breakdown returns (its range is capped to this).
pub const MAX_STATS_DAYS: u64 = 400;
/// Clients or catalog versions assumed for `byClient` and `byCatalogVersion`.
pub const MAX_STATS_NAMES: u64 = 100;

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
            faqs_per_framework: max(&mut catalog.framework_ixs().map(|f| {
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
            ("DecisionStats", "timeSeries") => crate::reporting::MAX_BUCKETS as u64,
            ("TimeSeriesPoint", "byFramework") | ("DecisionStats", "agreementByFramework") => {
                self.frameworks
            }
            ("DecisionStats", "answersByFramework") => self.options_per_criterion * self.frameworks,
            // Read from the segments the report already holds (no query per item); a
            // realistic bound on the clients and catalog versions of one range.
            ("DecisionStats", "byClient" | "byCatalogVersion") => MAX_STATS_NAMES,
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

/// `@include`, `@skip`, `@deprecated`, `@specifiedBy`, `@oneOf`, and room for a few more.
const DIRECTIVES: u64 = 8;

/// The cost table of one schema and catalog.
#[derive(Debug)]
pub struct CostModel {
    /// Unique per model built (a catalog reload builds a new one): what a document's
    /// cached measure was taken with (`documents::Parsed`).
    id: u64,
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

static NEXT_MODEL_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl CostModel {
    /// Which model this is: measures taken with another model do not apply.
    pub fn id(&self) -> u64 {
        self.id
    }

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
        // The spec-defined introspection types, which the SDL does not contain, and the
        // root fields that reach them.
        types.push((
            "Query".to_string(),
            vec![
                ("__schema".to_string(), introspection_type("__Schema!")),
                ("__type".to_string(), introspection_type("__Type")),
            ],
        ));
        for (ty, fields) in INTROSPECTION_TYPES {
            let list = fields
                .iter()
                .map(|(name, _, t)| (name.to_string(), introspection_type(t)))
                .collect();
            types.push((ty.to_string(), list));
        }

        let mut model = CostModel {
            id: NEXT_MODEL_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
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
        Walk::new(self, doc, max_depth).set(set, root, 0)
    }
}

fn introspection_type(t: &str) -> Type {
    Type::new(t).expect("introspection types are well-formed")
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
        ("DecisionStats", "minGroupSize" | "byClient" | "byCatalogVersion") => 1,
        ("DecisionStats", _) => STATS_QUERY_COST,
        _ => 1,
    }
}

#[cfg(test)]
mod tests;
