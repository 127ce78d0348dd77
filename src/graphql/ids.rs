//! Global ids (`<Type>:<key>`) and the keys arguments accept: below every GraphQL object
//! module, so objects can name themselves and `node` can resolve them without an import
//! circle. What a global id means for clients is in `node`.

use async_graphql::ID;

/// The global id of the object of `type_name` whose key is `key`.
pub fn global_id(type_name: &str, key: &str) -> ID {
    // Not `format!`: every object of a walked answer names itself, and the formatting
    // machinery cost several times the copy (callgrind, BENCHMARKS.md section 2).
    let mut id = String::with_capacity(type_name.len() + 1 + key.len());
    id.push_str(type_name);
    id.push(':');
    id.push_str(key);
    ID(id)
}

pub use crate::service::input::key_of;
