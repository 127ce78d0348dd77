//! Checks that each variable's value fits the type the operation declares for it, before
//! the schema sees it, so that a wrong-typed variable (`weight: "heavy"`, `languages:
//! ["RUST"]`) is a `BAD_USER_INPUT` naming the variable and the place, as Apollo Server
//! reports it, rather than a validation failure. This follows the input coercion rules of
//! the GraphQL specification (section 3.5 and 3.10): scalars by kind, enum values by name,
//! input objects field by field, and a single value where a list is expected.
//!
//! Custom scalars are checked as far as their format is known (`DateTime`: RFC 3339,
//! `NaiveDate`: `YYYY-MM-DD`); others only as strings.

use std::collections::{HashMap, HashSet};

use async_graphql::Value;
use async_graphql::parser::types::{
    BaseType, OperationDefinition, ServiceDocument, Type, TypeKind, TypeSystemDefinition,
};

use super::error::DocumentError;
use crate::graphql::input::shown;
use crate::graphql::recommendation::variable::{ProfileVariable, RequestVariables};

/// The input types of a schema: input objects with their fields, and enums.
#[derive(Debug, Default)]
pub struct InputTypes {
    /// Input object -> (field, type, has a default).
    objects: HashMap<String, Vec<(String, Type, bool)>>,
    enums: HashMap<String, HashSet<String>>,
}

impl InputTypes {
    pub fn new(schema: &ServiceDocument) -> InputTypes {
        let mut types = InputTypes::default();
        for def in &schema.definitions {
            let TypeSystemDefinition::Type(t) = def else {
                continue;
            };
            let name = t.node.name.node.to_string();
            match &t.node.kind {
                TypeKind::InputObject(o) => {
                    let fields = o
                        .fields
                        .iter()
                        .map(|f| {
                            let f = &f.node;
                            (
                                f.name.node.to_string(),
                                f.ty.node.clone(),
                                f.default_value.is_some(),
                            )
                        })
                        .collect();
                    types.objects.insert(name, fields);
                }
                TypeKind::Enum(e) => {
                    let values = e
                        .values
                        .iter()
                        .map(|v| v.node.value.node.to_string())
                        .collect();
                    types.enums.insert(name, values);
                }
                _ => {}
            }
        }
        types
    }

    /// Checks every given variable of `op` against its declared type.
    pub fn check(
        &self,
        op: &OperationDefinition,
        variables: &RequestVariables,
    ) -> Result<(), DocumentError> {
        let variables = match variables {
            RequestVariables::Values(values) => values,
            // A profile read straight from the text fits `ProfileInput` (nullable or not)
            // by construction; declared as anything else, it is checked as a tree, so the
            // error says what it would have said.
            RequestVariables::Profile(p) => {
                let declared = op
                    .variable_definitions
                    .iter()
                    .find(|def| def.node.name.node == p.name());
                let fits = declared.is_none_or(|def| {
                    matches!(&def.node.var_type.node.base,
                        BaseType::Named(name) if name == ProfileVariable::TYPE)
                });
                if fits {
                    return Ok(());
                }
                return self.check(op, &RequestVariables::Values(p.values()));
            }
        };
        for def in &op.variable_definitions {
            let def = &def.node;
            let name = def.name.node.as_str();
            if let Some(value) = variables.get(name) {
                self.coerce(value, &def.var_type.node, At::Root(name))
                    .map_err(|problem| DocumentError::InvalidVariable {
                        name: name.to_string(),
                        problem,
                    })?;
            }
        }
        Ok(())
    }

    fn coerce(&self, value: &Value, ty: &Type, at: At<'_>) -> Result<(), String> {
        if matches!(value, Value::Null) {
            return if ty.nullable {
                Ok(())
            } else {
                Err(format!("at {at}: null where a {ty} is required"))
            };
        }
        match &ty.base {
            BaseType::List(inner) => match value {
                Value::List(items) => items
                    .iter()
                    .enumerate()
                    .try_for_each(|(i, item)| self.coerce(item, inner, At::Index(&at, i))),
                // A single value where a list is expected is a list of one.
                single => self.coerce(single, inner, at),
            },
            BaseType::Named(name) => self.named(value, name.as_str(), at),
        }
    }

    fn named(&self, value: &Value, name: &str, at: At<'_>) -> Result<(), String> {
        let fits = match (name, value) {
            ("Int", Value::Number(n)) => n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()),
            // `_Any`: federation's entity representations (`_entities`, FEDERATION=true),
            // objects the entity resolvers read by `__typename` and key fields.
            ("Float", Value::Number(_))
            | ("String" | "ID", Value::String(_))
            | ("Boolean", Value::Boolean(_))
            | ("_Any", Value::Object(_)) => true,
            ("ID", Value::Number(n)) => n.is_i64() || n.is_u64(),
            ("DateTime", Value::String(s)) => chrono::DateTime::parse_from_rfc3339(s).is_ok(),
            ("NaiveDate", Value::String(s)) => {
                chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
            }
            (_, Value::String(_) | Value::Enum(_)) if self.enums.contains_key(name) => {
                let s = match value {
                    Value::Enum(e) => e.as_str(),
                    Value::String(s) => s.as_str(),
                    _ => "",
                };
                if self.enums[name].contains(s) {
                    true
                } else {
                    let mut allowed: Vec<&str> =
                        self.enums[name].iter().map(String::as_str).collect();
                    allowed.sort_unstable();
                    return Err(format!(
                        "at {at}: \"{}\" is not a {name} (expected one of: {})",
                        shown(s),
                        allowed.join(", ")
                    ));
                }
            }
            (_, Value::Object(fields)) if self.objects.contains_key(name) => {
                return self.object(fields, name, at);
            }
            (_, Value::String(_)) => {
                !self.objects.contains_key(name)
                    && !self.enums.contains_key(name)
                    && !matches!(name, "Int" | "Float" | "Boolean" | "ID")
            }
            _ => false,
        };
        if fits {
            Ok(())
        } else {
            Err(format!(
                "at {at}: expected {}, got {}",
                article(name),
                describe(value)
            ))
        }
    }

    fn object(
        &self,
        given: &async_graphql::indexmap::IndexMap<async_graphql::Name, Value>,
        name: &str,
        at: At<'_>,
    ) -> Result<(), String> {
        let fields = &self.objects[name];
        for key in given.keys() {
            if !fields.iter().any(|(f, ..)| f == key.as_str()) {
                return Err(format!("at {at}: {name} has no field `{}`", shown(key)));
            }
        }
        for (field, ty, has_default) in fields {
            match given.get(field.as_str()) {
                Some(v) => self.coerce(v, ty, At::Field(&at, field))?,
                None if !ty.nullable && !has_default => {
                    return Err(format!("at {at}: the required field `{field}` is missing"));
                }
                None => {}
            }
        }
        Ok(())
    }
}

fn article(name: &str) -> String {
    let vowel = name.starts_with(['A', 'E', 'I', 'O', 'U']);
    format!("{} {name}", if vowel { "an" } else { "a" })
}

fn describe(value: &Value) -> String {
    match value {
        Value::String(s) => format!("the string \"{}\"", shown(s)),
        Value::Number(n) => format!("the number {n}"),
        Value::Boolean(b) => format!("{b}"),
        Value::List(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
        Value::Enum(e) => format!("the enum value {e}"),
        Value::Binary(_) => "binary data".into(),
        Value::Null => "null".into(),
    }
}

/// Where a value sits inside a variable (`p.answers[0].weight`), written out only when an
/// error names it: building the path as a string for every value checked was a twentieth
/// of a unique preview's instructions (callgrind, BENCHMARKS.md section 2).
#[derive(Clone, Copy)]
enum At<'a> {
    Root(&'a str),
    Index(&'a At<'a>, usize),
    Field(&'a At<'a>, &'a str),
}

impl std::fmt::Display for At<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            At::Root(name) => f.write_str(name),
            At::Index(parent, i) => write!(f, "{parent}[{i}]"),
            At::Field(parent, field) => write!(f, "{parent}.{field}"),
        }
    }
}

/// Every required variable is given (async-graphql reports a missing one only while
/// executing, as a field error; it is a request error), and every given variable is
/// declared (an undeclared one is a client mistake, and would be held in memory for the
/// whole execution for nothing).
pub(super) fn check_variables(
    op: &OperationDefinition,
    variables: &RequestVariables,
) -> Result<(), DocumentError> {
    for def in &op.variable_definitions {
        let def = &def.node;
        let given = variables.given(def.name.node.as_str());
        if !def.var_type.node.nullable && def.default_value.is_none() && !given {
            return Err(DocumentError::MissingVariable {
                name: def.name.node.to_string(),
                ty: def.var_type.node.to_string(),
            });
        }
    }
    let undeclared = variables.find_name(|name| {
        !op.variable_definitions
            .iter()
            .any(|d| d.node.name.node.as_str() == name)
    });
    match undeclared {
        Some(name) => Err(DocumentError::UndeclaredVariable(name.to_string())),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::Variables;

    fn check(query: &str, variables: serde_json::Value) -> Result<(), DocumentError> {
        let schema = async_graphql::parser::parse_schema(crate::graphql::sdl()).unwrap();
        let types = InputTypes::new(&schema);
        let doc = async_graphql::parser::parse_query(query).unwrap();
        let (_, op) = doc.operations.iter().next().unwrap();
        types.check(&op.node, &Variables::from_json(variables).into())
    }

    const PREVIEW: &str = "query($p: ProfileInput!) { recommendation(profile: $p) { confidence } }";

    #[test]
    fn a_well_typed_profile_passes() {
        let p = serde_json::json!({ "p": { "answers": [{ "criterionId": "realtime", "optionId": "core", "weight": 2 }], "languages": ["PYTHON"] } });
        assert!(check(PREVIEW, p).is_ok());
        // A single value where a list is expected is a list of one.
        let one = serde_json::json!({ "p": { "answers": { "criterionId": "realtime", "optionId": "core" } } });
        assert!(check(PREVIEW, one).is_ok());
    }

    #[test]
    fn a_wrong_typed_value_names_the_variable_and_the_place() {
        let p = serde_json::json!({ "p": { "answers": [{ "criterionId": "realtime", "optionId": "core", "weight": "heavy" }] } });
        let e = check(PREVIEW, p).unwrap_err();
        assert_eq!(e.code(), crate::graphql::Code::BadUserInput);
        let m = e.to_string();
        assert!(
            m.contains("$p") && m.contains("answers[0].weight") && m.contains("heavy"),
            "{m}"
        );
        let p = serde_json::json!({ "p": { "answers": [], "languages": ["RUST"] } });
        let m = check(PREVIEW, p).unwrap_err().to_string();
        assert!(m.contains("RUST") && m.contains("PYTHON"), "{m}");
    }

    #[test]
    fn missing_and_unknown_input_fields_are_named() {
        let m = check(
            PREVIEW,
            serde_json::json!({ "p": { "answers": [{ "criterionId": "x" }] } }),
        )
        .unwrap_err()
        .to_string();
        assert!(m.contains("optionId"), "{m}");
        let m = check(
            PREVIEW,
            serde_json::json!({ "p": { "answers": [], "colour": 1 } }),
        )
        .unwrap_err()
        .to_string();
        assert!(m.contains("colour"), "{m}");
    }

    #[test]
    fn dates_are_checked_by_format() {
        let q = "query($f: DateTime) { decisionStats(from: $f) { total } }";
        assert!(check(q, serde_json::json!({ "f": "2026-11-23T00:00:00Z" })).is_ok());
        assert!(check(q, serde_json::json!({ "f": "last tuesday" })).is_err());
        assert!(check(q, serde_json::json!({ "f": 17 })).is_err());
    }
}
