//! A portal's name for itself, the only client attribute the decision log keeps.

use serde::{Deserialize, Serialize};

/// A portal's self-chosen name (`X-Client-Name`), so it can tell its traffic apart.
/// Only `[a-z0-9-]{1,40}`: anything else could carry free text (a name, an e-mail) and is
/// ignored rather than stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ClientName(String);

impl ClientName {
    pub fn parse(raw: &str) -> Option<ClientName> {
        let ok = (1..=40).contains(&raw.len())
            && raw
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        ok.then(|| ClientName(raw.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for ClientName {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        ClientName::parse(&s).ok_or_else(|| format!("invalid client name {s:?}"))
    }
}

impl From<ClientName> for String {
    fn from(c: ClientName) -> String {
        c.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_names_that_could_carry_free_text_are_ignored() {
        assert!(ClientName::parse("backstage-prod").is_some());
        assert!(ClientName::parse("a").is_some());
        for bad in [
            "",
            "Backstage",
            "john.doe@example.com",
            "has space",
            &"x".repeat(41),
            "é",
        ] {
            assert!(ClientName::parse(bad).is_none(), "{bad:?} must be ignored");
        }
    }
}
