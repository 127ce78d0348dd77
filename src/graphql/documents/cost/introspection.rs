//! The exact cost of introspection selections (`__schema`, `__type`), evaluated against
//! the schema itself.
//!
//! The schema is fixed, so there is no need for an upper bound per list: `__schema {
//! types { fields { ... } } }` costs exactly what the schema's types and their fields
//! make it cost, and a selection that goes round the schema's cycles (`fields { type {
//! fields { type ... } } }`) costs what it would really return. Evaluation is memoised
//! per (selection set, type), so the walk itself stays proportional to the document
//! times the schema, however deep the cycle.

mod eval;

use std::collections::HashMap;

pub use eval::Eval;

use async_graphql::parser::types::{BaseType, Type, TypeKind, TypeSystemDefinition};

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
pub type FieldSpec = (&'static str, &'static [&'static str], &'static str);

/// The introspection types and their fields (the spec's).
pub const INTROSPECTION_TYPES: &[(&str, &[FieldSpec])] = &[
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
