//! Global ids (`<Type>:<key>`) and the keys arguments accept: below every GraphQL object
//! module, so objects can name themselves and `node` can resolve them without an import
//! circle. What a global id means for clients is in `node`.

use async_graphql::ID;

/// The global id of the object of `type_name` whose key is `key`.
pub fn global_id(type_name: &str, key: &str) -> ID {
    ID(format!("{type_name}:{key}"))
}

pub use crate::service::input::key_of;
