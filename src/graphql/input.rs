//! Bounds on what a client may send in arguments and input fields, checked in the
//! resolvers so the refusal is a `BAD_USER_INPUT` that names the argument (async-graphql's
//! own validators report without a code), and so no resolver spends time proportional to
//! an attacker's megabyte: a search string, an id list and a language list are short in
//! any real request.

use super::errors::bad_input;

/// Longest FAQ search, in characters.
pub const MAX_SEARCH_CHARS: usize = 200;
/// Most items in an id list (`frameworkIds`) or a language filter.
pub const MAX_LIST_ITEMS: usize = 64;
/// Most answers in one profile (far more than any catalog has criteria).
pub const MAX_ANSWERS: usize = 256;
/// Longest id a client may send (catalog ids have at most 64 characters; decision ids 36).
pub const MAX_ID_CHARS: usize = 64;

/// `BAD_USER_INPUT` when `len` (items or characters of `what`) is over `max`.
pub fn check_len(what: &str, len: usize, max: usize) -> async_graphql::Result<()> {
    if len > max {
        return Err(bad_input(format!(
            "`{what}` has {len} items or characters; at most {max} are accepted"
        )));
    }
    Ok(())
}

/// A client-sent value as it may appear in an error message: at most `MAX_ID_CHARS`
/// characters, so an error never echoes a megabyte back.
pub fn shown(value: &str) -> String {
    match value.char_indices().nth(MAX_ID_CHARS) {
        None => value.to_string(),
        Some((cut, _)) => format!("{}…", &value[..cut]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_in_messages() {
        assert_eq!(shown("django"), "django");
        let long = "x".repeat(1000);
        assert_eq!(shown(&long).chars().count(), MAX_ID_CHARS + 1);
    }

    #[test]
    fn lengths_over_the_bound_are_bad_input_naming_the_argument() {
        assert!(check_len("search", 200, MAX_SEARCH_CHARS).is_ok());
        let e = check_len("search", 201, MAX_SEARCH_CHARS).unwrap_err();
        assert!(e.message.contains("`search`"), "{}", e.message);
    }
}
