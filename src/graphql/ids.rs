//! Global ids (`<Type>:<key>`) and the keys arguments accept: below every GraphQL object
//! module, so objects can name themselves and `node` can resolve them without an import
//! circle. What a global id means for clients is in `node`.

use async_graphql::ID;

/// The global id of the object of `type_name` whose key is `key`.
pub fn global_id(type_name: &str, key: &str) -> ID {
    ID(format!("{type_name}:{key}"))
}

/// The key in an argument that names an object of `type_name`: either the key itself or
/// the object's global id.
pub fn key_of<'a>(type_name: &str, raw: &'a str) -> &'a str {
    raw.strip_prefix(type_name)
        .and_then(|rest| rest.strip_prefix(':'))
        .unwrap_or(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_argument_takes_the_key_or_the_global_id() {
        assert_eq!(key_of("Framework", "django"), "django");
        assert_eq!(key_of("Framework", "Framework:django"), "django");
        assert_eq!(key_of("Framework", "Criterion:django"), "Criterion:django");
    }
}
