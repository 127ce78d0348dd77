//! Bounds on arguments and input fields: the service layer's ([`crate::service::input`]),
//! returned as GraphQL errors. Checked in the resolvers so the refusal is a
//! `BAD_USER_INPUT` that names the argument (async-graphql's own validators report
//! without a code).

pub use crate::service::input::{
    MAX_ANSWERS, MAX_ID_CHARS, MAX_LIST_ITEMS, MAX_SEARCH_CHARS, shown,
};

/// `BAD_USER_INPUT` when `len` (items or characters of `what`) is over `max`.
pub fn check_len(what: &str, len: usize, max: usize) -> async_graphql::Result<()> {
    Ok(crate::service::input::check_len(what, len, max)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_over_the_bound_are_bad_input_naming_the_argument() {
        let e = check_len("search", 201, MAX_SEARCH_CHARS).unwrap_err();
        assert!(e.message.contains("`search`"), "{}", e.message);
        let code = e.extensions.and_then(|x| x.get("code").cloned());
        assert_eq!(code, Some(async_graphql::Value::from("BAD_USER_INPUT")));
    }
}
