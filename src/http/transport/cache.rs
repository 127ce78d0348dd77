//! A bounded cache of serialized responses for pure operations (issue 17).
//!
//! A query whose root fields are all pure (`graphql::documents::Prepared::pure`: the
//! catalog, previews, objects by id) answers the same bytes for the same catalog version,
//! document, operation name and variables. The first error-free answer is kept, as the
//! exact bytes the response carries, and later identical requests get those bytes without
//! executing: a hit is byte-identical to a miss by construction. What a questionnaire's
//! live preview sends repeats a lot (many people pass through the same early answers), and
//! so do catalog reads.
//!
//! - Keyed by the catalog version: entries of an older catalog are dropped at the first
//!   request after a reload.
//! - Bounded in bytes (`RESPONSE_CACHE_BYTES`, body and key counted), least recently used
//!   first out; an answer larger than [`MAX_ENTRY_BYTES`] is never kept; 0 turns it off.
//! - Variables are part of the key as canonical JSON (`serde_json` sorts object keys), so
//!   the same answers in another key order share an entry. The key is held in memory only
//!   for as long as the entry: it is a profile's answers, never written anywhere.
//! - Limits still apply before a lookup: the document rules, the cost of the request and
//!   the rate limits run first, exactly as for a miss.

use std::hash::{BuildHasher, RandomState};
use std::sync::{Arc, Mutex, PoisonError};

use lru::LruCache;

/// Largest answer kept (a full explanation is about 13 KB).
pub const MAX_ENTRY_BYTES: usize = 64 * 1024;

/// What a request is looked up by.
pub struct Key {
    hash: u64,
    material: Box<str>,
}

/// A kept answer: the serialized `{"data": ...}` of one operation.
#[derive(Clone)]
pub struct Cached {
    pub body: Arc<[u8]>,
    /// `Some(max_age)` when the answer is publicly cacheable over GET.
    pub max_age: Option<i32>,
}

pub struct ResponseCache {
    inner: Option<Mutex<Inner>>,
    hasher: RandomState,
}

struct Inner {
    /// The catalog version of every entry.
    version: String,
    entries: LruCache<u64, (Box<str>, Cached)>,
    bytes: usize,
    max_bytes: usize,
}

impl ResponseCache {
    /// A cache of at most `max_bytes`; 0 keeps nothing.
    pub fn new(max_bytes: usize) -> ResponseCache {
        ResponseCache {
            inner: (max_bytes > 0).then(|| {
                Mutex::new(Inner {
                    version: String::new(),
                    entries: LruCache::unbounded(),
                    bytes: 0,
                    max_bytes,
                })
            }),
            hasher: RandomState::new(),
        }
    }

    /// The key of an operation, or `None` when the cache is off.
    pub fn key(
        &self,
        catalog_version: &str,
        operation_name: Option<&str>,
        query: &str,
        variables: &str,
    ) -> Option<Key> {
        self.inner.as_ref()?;
        let mut material =
            String::with_capacity(catalog_version.len() + query.len() + variables.len() + 64);
        for part in [
            catalog_version,
            operation_name.unwrap_or(""),
            query,
            variables,
        ] {
            material.push_str(part);
            material.push('\0');
        }
        Some(Key {
            hash: self.hasher.hash_one(&material),
            material: material.into_boxed_str(),
        })
    }

    pub fn get(&self, catalog_version: &str, key: &Key) -> Option<Cached> {
        let mut inner = self.lock()?;
        if inner.version != catalog_version {
            // A reload: nothing kept can be served again.
            inner.entries.clear();
            inner.bytes = 0;
            inner.version = catalog_version.to_string();
            return None;
        }
        match inner.entries.get(&key.hash) {
            Some((material, cached)) if *material == key.material => Some(cached.clone()),
            _ => None,
        }
    }

    /// Keeps `cached` under `key` if it is small enough, evicting the least recently used
    /// entries to stay within the bound.
    pub fn put(&self, catalog_version: &str, key: Key, cached: Cached) {
        if cached.body.len() > MAX_ENTRY_BYTES {
            return;
        }
        let Some(mut inner) = self.lock() else {
            return;
        };
        if inner.version != catalog_version {
            return;
        }
        let size = cached.body.len() + key.material.len();
        if size > inner.max_bytes {
            return;
        }
        if let Some((material, old)) = inner.entries.put(key.hash, (key.material, cached)) {
            inner.bytes -= material.len() + old.body.len();
        }
        inner.bytes += size;
        while inner.bytes > inner.max_bytes {
            let Some((_, (material, old))) = inner.entries.pop_lru() else {
                break;
            };
            inner.bytes -= material.len() + old.body.len();
        }
    }

    fn lock(&self) -> Option<std::sync::MutexGuard<'_, Inner>> {
        // A panic while holding the lock leaves only a cache behind: keep using it.
        Some(
            self.inner
                .as_ref()?
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cached(n: usize) -> Cached {
        Cached {
            body: vec![b'x'; n].into(),
            max_age: None,
        }
    }

    #[test]
    fn a_hit_needs_the_same_version_document_name_and_variables() {
        let c = ResponseCache::new(1 << 20);
        let key = || c.key("v1", Some("A"), "{ q }", "{}").unwrap();
        assert!(c.get("v1", &key()).is_none());
        c.put("v1", key(), cached(10));
        assert_eq!(c.get("v1", &key()).unwrap().body.len(), 10);
        for other in [
            c.key("v1", None, "{ q }", "{}"),
            c.key("v1", Some("A"), "{ r }", "{}"),
            c.key("v1", Some("A"), "{ q }", "{\"x\":1}"),
        ] {
            assert!(c.get("v1", &other.unwrap()).is_none());
        }
        // A new catalog version empties the cache.
        assert!(c.get("v2", &key()).is_none());
        assert!(
            c.get("v1", &c.key("v1", Some("A"), "{ q }", "{}").unwrap())
                .is_none()
        );
    }

    #[test]
    fn the_bound_counts_bytes_and_evicts_the_least_recently_used() {
        let c = ResponseCache::new(300);
        let k = |q: &str| c.key("v", None, q, "").unwrap();
        c.get("v", &k("a"));
        c.put("v", k("a"), cached(100));
        c.put("v", k("b"), cached(100));
        assert!(c.get("v", &k("a")).is_some());
        c.put("v", k("c"), cached(100));
        assert!(
            c.get("v", &k("b")).is_none(),
            "b was the least recently used"
        );
        assert!(c.get("v", &k("a")).is_some() && c.get("v", &k("c")).is_some());
        c.put("v", k("big"), cached(MAX_ENTRY_BYTES + 1));
        assert!(c.get("v", &k("big")).is_none());
    }

    #[test]
    fn zero_bytes_turns_it_off() {
        let c = ResponseCache::new(0);
        assert!(c.key("v", None, "{ q }", "").is_none());
    }
}
