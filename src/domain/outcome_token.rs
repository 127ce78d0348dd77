//! The outcome token: a secret `submitProfile` returns once, that `recordOutcome` needs, so
//! only whoever submitted a decision can report what the team finally chose. The log keeps
//! only its SHA-256; the token itself is never stored or logged (its `Debug` is redacted).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The token as the client receives it: 32 hex digits, 122 random bits (a UUIDv4 from the
/// operating system's CSPRNG).
pub struct OutcomeToken(String);

impl OutcomeToken {
    pub fn generate() -> OutcomeToken {
        OutcomeToken(uuid::Uuid::new_v4().simple().to_string())
    }

    /// What the client sends back.
    pub fn parse(raw: &str) -> OutcomeToken {
        OutcomeToken(raw.to_string())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn hash(&self) -> TokenHash {
        TokenHash(Sha256::digest(self.0.as_bytes()).into())
    }
}

impl std::fmt::Debug for OutcomeToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OutcomeToken([REDACTED])")
    }
}

/// SHA-256 of an outcome token. A hash is enough (no slow KDF): the token has 122 random
/// bits, so there is nothing to guess from the hash. Serialized as hex in the spool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct TokenHash(pub [u8; 32]);

impl TokenHash {
    /// Whether `token` hashes to this, in time independent of where they differ.
    pub fn verifies(&self, token: &OutcomeToken) -> bool {
        self.0.ct_eq(&token.hash().0).into()
    }
}

impl From<TokenHash> for String {
    fn from(h: TokenHash) -> String {
        hex::encode(h.0)
    }
}

impl TryFrom<String> for TokenHash {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        let mut out = [0u8; 32];
        hex::decode_to_slice(&s, &mut out).map_err(|e| format!("invalid token hash: {e}"))?;
        Ok(TokenHash(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_token_verifies_against_its_hash() {
        let token = OutcomeToken::generate();
        assert_eq!(token.expose().len(), 32);
        let hash = token.hash();
        assert!(hash.verifies(&OutcomeToken::parse(token.expose())));
        assert!(!hash.verifies(&OutcomeToken::generate()));
        assert_ne!(token.expose(), OutcomeToken::generate().expose());
    }

    #[test]
    fn the_token_never_shows_in_debug_output() {
        let token = OutcomeToken::generate();
        assert!(!format!("{token:?}").contains(token.expose()));
    }

    #[test]
    fn hashes_read_back_from_their_hex_form() {
        let hash = OutcomeToken::generate().hash();
        let json = serde_json::to_string(&hash).unwrap();
        assert_eq!(serde_json::from_str::<TokenHash>(&json).unwrap(), hash);
    }
}
