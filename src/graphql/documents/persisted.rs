//! Apollo's automatic persisted queries: a document's text from its SHA-256 alone, once a
//! client has sent the two together. Apart from the document rules because it only
//! decides which text a request carries; `Documents::prepare` then treats it as any other.

use lru::LruCache;
use sha2::{Digest, Sha256};

use super::{Documents, MAX_CACHED_DOCUMENT_BYTES};

/// Why `extensions.persistedQuery` gave no document.
#[derive(Debug, PartialEq, Eq)]
pub enum PersistedQueryError {
    /// A hash this process does not know: the client resends the document with it.
    NotFound,
    /// A malformed extension, another version, or a hash that is not the document's.
    Invalid(String),
}

impl Documents {
    /// The document text of a request, following Apollo's automatic persisted queries
    /// when `extensions.persistedQuery` is given: a hash alone is looked up (an unknown hash
    /// is [`PersistedQueryError::NotFound`], so the client resends the document); a
    /// document with its hash is checked against the hash and remembered.
    pub fn resolve_text(
        &self,
        query: Option<String>,
        persisted_query: Option<&serde_json::Value>,
    ) -> Result<String, PersistedQueryError> {
        let Some(pq) = persisted_query else {
            return Ok(query.unwrap_or_default());
        };
        let version = pq.get("version").and_then(serde_json::Value::as_i64);
        let hash = pq.get("sha256Hash").and_then(serde_json::Value::as_str);
        let (Some(version), Some(hash)) = (version, hash) else {
            return Err(PersistedQueryError::Invalid(
                "extensions.persistedQuery needs `version` (a number) and `sha256Hash` (a string)"
                    .into(),
            ));
        };
        if version != 1 {
            return Err(PersistedQueryError::Invalid(format!(
                "persisted query version {version} is not supported; only version 1 is"
            )));
        }
        // Hex digits in either case name the same hash.
        let hash = hash.to_ascii_lowercase();
        match query.filter(|q| !q.is_empty()) {
            None => self
                .with_persisted(|p| p.get(&hash).cloned())
                .ok_or(PersistedQueryError::NotFound),
            Some(text) => {
                if hash != hex::encode(Sha256::digest(text.as_bytes())) {
                    return Err(PersistedQueryError::Invalid(
                        "extensions.persistedQuery.sha256Hash is not the SHA-256 of `query`".into(),
                    ));
                }
                // Only documents that could be cached and that parse are remembered: the
                // store holds at most APQ_ENTRIES x 16 KiB. Others are still answered, and
                // a later hash-only request gets NotFound and resends the document.
                if text.len() <= MAX_CACHED_DOCUMENT_BYTES && self.parse(&text).is_ok() {
                    self.with_persisted(|p| p.put(hash, text.clone()));
                }
                Ok(text)
            }
        }
    }

    fn with_persisted<T>(&self, f: impl FnOnce(&mut LruCache<String, String>) -> T) -> T {
        f(&mut self
            .persisted
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner))
    }
}
