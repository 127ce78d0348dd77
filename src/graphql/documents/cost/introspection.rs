//! The exact cost of introspection selections (`__schema`, `__type`), evaluated against
//! the schema itself.
//!
//! The schema is fixed, so there is no need for an upper bound per list: `__schema {
//! types { fields { ... } } }` costs exactly what the schema's types and their fields
//! make it cost, and a selection that goes round the schema's cycles (`fields { type {
//! fields { type ... } } }`) costs what it would really return. Evaluation is memoised
//! per (selection set, type), so the walk itself stays proportional to the document
//! times the schema, however deep the cycle.

use std::collections::HashMap;

use async_graphql::parser::types::{
    BaseType, ExecutableDocument, Selection, SelectionSet, Type, TypeKind, TypeSystemDefinition,
};

/// A type reference as introspection shows it: wrappers down to a named type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Ref {
    NonNull(Box<Ref>),
    List(Box<Ref>),
    Named(String),
}

impl Ref {
    fn of(t: &Type) -> Ref {
        let base = match &t.base {
            BaseType::Named(n) => Ref::Named(n.to_string()),
            BaseType::List(inner) => Ref::List(Box::new(Ref::of(inner))),
        };
        if t.nullable {
            base
        } else {
            Ref::NonNull(Box::new(base))
        }
    }

    fn parse(text: &str) -> Ref {
        Ref::of(&Type::new(text).expect("built-in type references are well-formed"))
    }
}

#[derive(Debug, Default)]
struct Shape {
    /// Fields of an object or interface, each with its arguments' types and its type.
    fields: Option<Vec<(Vec<Ref>, Ref)>>,
    interfaces: Option<Vec<String>>,
    possible_types: Option<Vec<String>>,
    enum_values: Option<usize>,
    input_fields: Option<Vec<Ref>>,
}

/// The schema as introspection sees it, including the built-in scalars, the introspection
/// types themselves and the built-in directives.
#[derive(Debug)]
pub struct Introspection {
    types: HashMap<String, Shape>,
    /// Argument types of each directive.
    directives: Vec<Vec<Ref>>,
}

const BUILTIN_SCALARS: [&str; 5] = ["String", "Int", "Float", "Boolean", "ID"];

/// `(field, [argument types], type)`.
type FieldSpec = (&'static str, &'static [&'static str], &'static str);

/// The introspection types and their fields (the spec's).
const INTROSPECTION_TYPES: &[(&str, &[FieldSpec])] = &[
    (
        "__Schema",
        &[
            ("description", &[], "String"),
            ("types", &[], "[__Type!]!"),
            ("queryType", &[], "__Type!"),
            ("mutationType", &[], "__Type"),
            ("subscriptionType", &[], "__Type"),
            ("directives", &[], "[__Directive!]!"),
        ],
    ),
    (
        "__Type",
        &[
            ("kind", &[], "__TypeKind!"),
            ("name", &[], "String"),
            ("description", &[], "String"),
            ("specifiedByURL", &[], "String"),
            ("fields", &["Boolean"], "[__Field!]"),
            ("interfaces", &[], "[__Type!]"),
            ("possibleTypes", &[], "[__Type!]"),
            ("enumValues", &["Boolean"], "[__EnumValue!]"),
            ("inputFields", &["Boolean"], "[__InputValue!]"),
            ("ofType", &[], "__Type"),
            ("isOneOf", &[], "Boolean"),
        ],
    ),
    (
        "__Field",
        &[
            ("name", &[], "String!"),
            ("description", &[], "String"),
            ("args", &["Boolean"], "[__InputValue!]!"),
            ("type", &[], "__Type!"),
            ("isDeprecated", &[], "Boolean!"),
            ("deprecationReason", &[], "String"),
        ],
    ),
    (
        "__InputValue",
        &[
            ("name", &[], "String!"),
            ("description", &[], "String"),
            ("type", &[], "__Type!"),
            ("defaultValue", &[], "String"),
            ("isDeprecated", &[], "Boolean!"),
            ("deprecationReason", &[], "String"),
        ],
    ),
    (
        "__EnumValue",
        &[
            ("name", &[], "String!"),
            ("description", &[], "String"),
            ("isDeprecated", &[], "Boolean!"),
            ("deprecationReason", &[], "String"),
        ],
    ),
    (
        "__Directive",
        &[
            ("name", &[], "String!"),
            ("description", &[], "String"),
            ("locations", &[], "[__DirectiveLocation!]!"),
            ("args", &["Boolean"], "[__InputValue!]!"),
            ("isRepeatable", &[], "Boolean!"),
        ],
    ),
];

/// `__TypeKind` and `__DirectiveLocation` have 8 and 19 values.
const INTROSPECTION_ENUMS: [(&str, usize); 2] = [("__TypeKind", 8), ("__DirectiveLocation", 19)];

/// Argument types of `@include`, `@skip`, `@deprecated`, `@specifiedBy` and `@oneOf`.
const BUILTIN_DIRECTIVES: [&[&str]; 5] =
    [&["Boolean!"], &["Boolean!"], &["String"], &["String!"], &[]];

impl Introspection {
    pub fn new(schema: &async_graphql::parser::types::ServiceDocument) -> Introspection {
        let mut types: HashMap<String, Shape> = HashMap::new();
        for name in BUILTIN_SCALARS {
            types.insert(name.to_string(), Shape::default());
        }
        for (name, fields) in INTROSPECTION_TYPES {
            let fields = fields
                .iter()
                .map(|(_, args, ty)| (args.iter().map(|a| Ref::parse(a)).collect(), Ref::parse(ty)))
                .collect();
            types.insert(
                name.to_string(),
                Shape {
                    fields: Some(fields),
                    interfaces: Some(Vec::new()),
                    ..Shape::default()
                },
            );
        }
        for (name, n) in INTROSPECTION_ENUMS {
            types.insert(
                name.to_string(),
                Shape {
                    enum_values: Some(n),
                    ..Shape::default()
                },
            );
        }
        let mut implementors: HashMap<String, Vec<String>> = HashMap::new();
        let mut directives: Vec<Vec<Ref>> = BUILTIN_DIRECTIVES
            .iter()
            .map(|args| args.iter().map(|a| Ref::parse(a)).collect())
            .collect();
        for def in &schema.definitions {
            let t = match def {
                TypeSystemDefinition::Type(t) => &t.node,
                TypeSystemDefinition::Directive(d) => {
                    directives.push(
                        d.node
                            .arguments
                            .iter()
                            .map(|a| Ref::of(&a.node.ty.node))
                            .collect(),
                    );
                    continue;
                }
                TypeSystemDefinition::Schema(_) => continue,
            };
            let name = t.name.node.to_string();
            let fields_of = |fields: &Vec<
                async_graphql::Positioned<async_graphql::parser::types::FieldDefinition>,
            >| {
                fields
                    .iter()
                    .map(|f| {
                        let args = f
                            .node
                            .arguments
                            .iter()
                            .map(|a| Ref::of(&a.node.ty.node))
                            .collect();
                        (args, Ref::of(&f.node.ty.node))
                    })
                    .collect()
            };
            let shape = match &t.kind {
                TypeKind::Scalar => Shape::default(),
                TypeKind::Object(o) => {
                    for i in &o.implements {
                        implementors
                            .entry(i.node.to_string())
                            .or_default()
                            .push(name.clone());
                    }
                    Shape {
                        fields: Some(fields_of(&o.fields)),
                        interfaces: Some(o.implements.iter().map(|i| i.node.to_string()).collect()),
                        ..Shape::default()
                    }
                }
                TypeKind::Interface(i) => Shape {
                    fields: Some(fields_of(&i.fields)),
                    interfaces: Some(i.implements.iter().map(|i| i.node.to_string()).collect()),
                    ..Shape::default()
                },
                TypeKind::Union(u) => Shape {
                    possible_types: Some(u.members.iter().map(|m| m.node.to_string()).collect()),
                    ..Shape::default()
                },
                TypeKind::Enum(e) => Shape {
                    enum_values: Some(e.values.len()),
                    ..Shape::default()
                },
                TypeKind::InputObject(i) => Shape {
                    input_fields: Some(i.fields.iter().map(|f| Ref::of(&f.node.ty.node)).collect()),
                    ..Shape::default()
                },
            };
            types.insert(name, shape);
        }
        for (interface, objects) in implementors {
            if let Some(shape) = types.get_mut(&interface) {
                shape.possible_types = Some(objects);
            }
        }
        Introspection { types, directives }
    }

    /// Number of types `__schema { types }` lists.
    pub fn type_count(&self) -> usize {
        self.types.len()
    }
}

/// One evaluation: the document's fragments and a memo of what was already costed.
pub struct Eval<'a> {
    schema: &'a Introspection,
    doc: &'a ExecutableDocument,
    memo: HashMap<(usize, Ref), u64>,
    /// Fragment spreads followed at once: bounds the walk for a (refused elsewhere)
    /// fragment cycle.
    spreads: usize,
}

/// Selections deeper than this are not followed (the depth limit refuses them anyway).
const MAX_SPREADS: usize = 64;

impl<'a> Eval<'a> {
    pub fn new(schema: &'a Introspection, doc: &'a ExecutableDocument) -> Eval<'a> {
        Eval {
            schema,
            doc,
            memo: HashMap::new(),
            spreads: 0,
        }
    }

    /// `__schema { ... }`.
    pub fn schema(&mut self, set: &'a SelectionSet) -> u64 {
        let mut cost = 0u64;
        self.fields(set, &mut |this, name, sub| {
            let c = match name {
                "types" => {
                    let names: Vec<String> = this.schema.types.keys().cloned().collect();
                    names
                        .into_iter()
                        .map(|n| this.ty(sub, &Ref::Named(n)))
                        .fold(1, u64::saturating_add)
                }
                "queryType" => this.ty(sub, &Ref::Named("Query".into())),
                "mutationType" => this.ty(sub, &Ref::Named("Mutation".into())),
                "directives" => {
                    let directives = this.schema.directives.clone();
                    directives
                        .iter()
                        .map(|args| this.directive(sub, args))
                        .fold(1, u64::saturating_add)
                }
                _ => 1,
            };
            cost = cost.saturating_add(c);
        });
        cost
    }

    /// `__type(name: ...) { ... }`: the named type's cost, or the dearest type's when the
    /// name is not known before execution (a variable).
    pub fn named_type(&mut self, set: &'a SelectionSet, name: Option<&str>) -> u64 {
        match name {
            Some(n) => self.ty(set, &Ref::Named(n.to_string())),
            None => {
                let names: Vec<String> = self.schema.types.keys().cloned().collect();
                names
                    .into_iter()
                    .map(|n| self.ty(set, &Ref::Named(n)))
                    .max()
                    .unwrap_or(1)
            }
        }
    }

    fn ty(&mut self, set: &'a SelectionSet, r: &Ref) -> u64 {
        let key = (std::ptr::from_ref(set) as usize, r.clone());
        if let Some(&c) = self.memo.get(&key) {
            return c;
        }
        let mut cost = 1u64;
        let named = match r {
            Ref::Named(n) => self.schema.types.get(n),
            _ => None,
        };
        self.fields(set, &mut |this, name, sub| {
            let c = match (name, r, named) {
                ("ofType", Ref::NonNull(inner) | Ref::List(inner), _) => this.ty(sub, inner),
                ("fields", _, Some(shape)) => match &shape.fields {
                    Some(fields) => fields
                        .iter()
                        .map(|(args, ty)| this.field(sub, args, ty))
                        .fold(1, u64::saturating_add),
                    None => 1,
                },
                ("interfaces" | "possibleTypes", _, Some(shape)) => {
                    let list = if name == "interfaces" {
                        &shape.interfaces
                    } else {
                        &shape.possible_types
                    };
                    match list {
                        Some(names) => names
                            .iter()
                            .map(|n| this.ty(sub, &Ref::Named(n.clone())))
                            .fold(1, u64::saturating_add),
                        None => 1,
                    }
                }
                ("enumValues", _, Some(shape)) => shape
                    .enum_values
                    .map_or(1, |n| 1 + n as u64 * this.leaves(sub)),
                ("inputFields", _, Some(shape)) => match &shape.input_fields {
                    Some(inputs) => inputs
                        .iter()
                        .map(|ty| this.input(sub, ty))
                        .fold(1, u64::saturating_add),
                    None => 1,
                },
                _ => 1,
            };
            cost = cost.saturating_add(c);
        });
        self.memo.insert(key, cost);
        cost
    }

    fn field(&mut self, set: &'a SelectionSet, args: &[Ref], ty: &Ref) -> u64 {
        let mut cost = 1u64;
        self.fields(set, &mut |this, name, sub| {
            let c = match name {
                "args" => args
                    .iter()
                    .map(|a| this.input(sub, a))
                    .fold(1, u64::saturating_add),
                "type" => this.ty(sub, ty),
                _ => 1,
            };
            cost = cost.saturating_add(c);
        });
        cost
    }

    fn input(&mut self, set: &'a SelectionSet, ty: &Ref) -> u64 {
        let mut cost = 1u64;
        self.fields(set, &mut |this, name, sub| {
            let c = if name == "type" { this.ty(sub, ty) } else { 1 };
            cost = cost.saturating_add(c);
        });
        cost
    }

    fn directive(&mut self, set: &'a SelectionSet, args: &[Ref]) -> u64 {
        let mut cost = 1u64;
        self.fields(set, &mut |this, name, sub| {
            let c = match name {
                "args" => args
                    .iter()
                    .map(|a| this.input(sub, a))
                    .fold(1, u64::saturating_add),
                "locations" => 1 + 19,
                _ => 1,
            };
            cost = cost.saturating_add(c);
        });
        cost
    }

    /// Cost of a selection of scalar fields (one per field).
    fn leaves(&mut self, set: &'a SelectionSet) -> u64 {
        let mut n = 0u64;
        self.fields(set, &mut |_, _, _| n += 1);
        n.max(1)
    }

    /// Calls `f` with every field of `set`, following fragments.
    fn fields(
        &mut self,
        set: &'a SelectionSet,
        f: &mut dyn FnMut(&mut Self, &'a str, &'a SelectionSet),
    ) {
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => {
                    f(
                        self,
                        field.node.name.node.as_str(),
                        &field.node.selection_set.node,
                    );
                }
                Selection::InlineFragment(frag) => self.fields(&frag.node.selection_set.node, f),
                Selection::FragmentSpread(spread) => {
                    let Some(frag) = self.doc.fragments.get(&spread.node.fragment_name.node) else {
                        continue;
                    };
                    if self.spreads >= MAX_SPREADS {
                        continue;
                    }
                    self.spreads += 1;
                    self.fields(&frag.node.selection_set.node, f);
                    self.spreads -= 1;
                }
            }
        }
    }
}
