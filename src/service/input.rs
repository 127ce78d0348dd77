//! Bounds on what a client may send, whatever the transport: checked before any work so
//! the refusal is a `BAD_USER_INPUT` that names the argument, and so no request spends
//! time proportional to an attacker's megabyte (a search string, an id list and a
//! language list are short in any real request).

use super::ServiceError;

/// Longest FAQ search, in characters.
pub const MAX_SEARCH_CHARS: usize = 200;
/// Most items in an id list (`frameworkIds`) or a language filter.
pub const MAX_LIST_ITEMS: usize = 64;
/// Most answers in one profile (far more than any catalog has criteria).
pub const MAX_ANSWERS: usize = 256;
/// Longest id a client may send (catalog ids have at most 64 characters; decision ids 36).
pub const MAX_ID_CHARS: usize = 64;

/// `BAD_USER_INPUT` when `len` (items or characters of `what`) is over `max`.
pub fn check_len(what: &str, len: usize, max: usize) -> Result<(), ServiceError> {
    if len > max {
        return Err(ServiceError::BadInput(format!(
            "`{what}` has {len} items or characters; at most {max} are accepted"
        )));
    }
    Ok(())
}

/// `BAD_USER_INPUT` when a string argument `what` is longer than [`MAX_ID_CHARS`] bytes or
/// holds a control character: no id, key or version the service stores has one, and
/// PostgreSQL refuses a NUL in text outright (Schemathesis found `decisionStats` answering
/// an internal error for one).
pub fn check_id_text(what: &str, value: &str) -> Result<(), ServiceError> {
    check_len(what, value.len(), MAX_ID_CHARS)?;
    if let Some(c) = value.chars().find(|c| c.is_control()) {
        return Err(ServiceError::BadInput(format!(
            "`{what}` contains the control character U+{:04X}",
            u32::from(c)
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

/// The key in an argument that names an object of `type_name`: either the key itself or
/// the object's global id (`<type_name>:<key>`).
pub fn key_of<'a>(type_name: &str, raw: &'a str) -> &'a str {
    raw.strip_prefix(type_name)
        .and_then(|rest| rest.strip_prefix(':'))
        .unwrap_or(raw)
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
        assert!(e.message().contains("`search`"), "{e:?}");
    }

    #[test]
    fn ids_with_control_characters_are_bad_input_naming_the_argument() {
        assert!(check_id_text("catalogVersion", "sha256-0123456789abcdef").is_ok());
        let e = check_id_text("catalogVersion", "sha256-\u{0}").unwrap_err();
        assert_eq!(
            e.message(),
            "`catalogVersion` contains the control character U+0000"
        );
        assert!(check_id_text("clientName", &"a".repeat(65)).is_err());
    }

    #[test]
    fn an_argument_takes_the_key_or_the_global_id() {
        assert_eq!(key_of("Framework", "django"), "django");
        assert_eq!(key_of("Framework", "Framework:django"), "django");
        assert_eq!(key_of("Framework", "Criterion:django"), "Criterion:django");
    }
}
