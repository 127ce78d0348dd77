//! Who is asking, as far as the decision log and the rate limits need to know, and
//! nothing more:
//!
//! - with client keys configured (`CLIENT_KEYS_FILE`), the client name is the one the
//!   `X-Client-Key` maps to; a request with an unknown key is refused, one without a key
//!   is anonymous, and `X-Client-Name` is ignored (a name must not be claimable);
//! - without keys, the client name is the request's `X-Client-Name` as it says, or else
//!   Apollo Client's `apollographql-client-name` (self-asserted: any client can use any
//!   name; `apollographql-client-version` is never stored);
//! - the rate-limit key is the verified client name, or else a keyed hash of the
//!   connection's peer address. Never a self-asserted header: it would let one client
//!   drain another's bucket. The address itself is never kept, logged or stored.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher, RandomState};
use std::path::Path;

use actix_web::HttpRequest;
use anyhow::Context as _;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::domain::ClientName;

/// Client keys, by the SHA-256 of the key. The file holds only hashes, so it can be
/// stored like any other configuration.
pub struct ClientKeys {
    by_hash: HashMap<[u8; 32], ClientName>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeysFile {
    #[serde(default)]
    client: Vec<KeyEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyEntry {
    name: String,
    key_sha256: String,
}

impl ClientKeys {
    /// Reads and validates a keys file; errors name the file and the entry.
    pub fn load(path: &Path) -> anyhow::Result<ClientKeys> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read CLIENT_KEYS_FILE {}", path.display()))?;
        ClientKeys::parse(&text).with_context(|| format!("CLIENT_KEYS_FILE {}", path.display()))
    }

    pub fn parse(text: &str) -> anyhow::Result<ClientKeys> {
        let file: KeysFile = toml::from_str(text)?;
        let mut by_hash = HashMap::new();
        for (i, entry) in file.client.into_iter().enumerate() {
            let at = || format!("client #{} ({})", i + 1, entry.name);
            let name = ClientName::parse(&entry.name)
                .with_context(|| format!("{}: `name` must match [a-z0-9-]{{1,40}}", at()))?;
            let mut hash = [0u8; 32];
            hex::decode_to_slice(entry.key_sha256.trim(), &mut hash).with_context(|| {
                format!(
                    "{}: `key_sha256` must be 64 hex digits (sha256sum of the key)",
                    at()
                )
            })?;
            if by_hash.insert(hash, name).is_some() {
                anyhow::bail!("{}: the same key is listed twice", at());
            }
        }
        Ok(ClientKeys { by_hash })
    }

    fn lookup(&self, key: &str) -> Option<&ClientName> {
        let hash: [u8; 32] = Sha256::digest(key.trim().as_bytes()).into();
        self.by_hash.get(&hash)
    }
}

/// What the service knows about a request's sender.
#[derive(Debug, Clone)]
pub struct Identity {
    /// The client name to record with decisions, if any.
    pub client_name: Option<ClientName>,
    /// Opaque key for rate limits: a verified client, or the peer address's hash.
    pub limit_key: u64,
}

pub struct Identify {
    keys: Option<ClientKeys>,
    /// Random per process: peer hashes cannot be compared across restarts or replicas.
    hasher: RandomState,
}

/// An `X-Client-Key` that `CLIENT_KEYS_FILE` does not list (the transport refuses it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownClientKey;

impl Identify {
    pub fn new(keys: Option<ClientKeys>) -> Identify {
        Identify {
            keys,
            hasher: RandomState::new(),
        }
    }

    pub fn identify(&self, req: &HttpRequest) -> Result<Identity, UnknownClientKey> {
        let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
        let mut h = self.hasher.build_hasher();
        let client_name = match &self.keys {
            Some(keys) => match header("x-client-key") {
                Some(key) => {
                    let name = keys.lookup(key).ok_or(UnknownClientKey)?;
                    ("client", name.as_str()).hash(&mut h);
                    return Ok(Identity {
                        client_name: Some(name.clone()),
                        limit_key: h.finish(),
                    });
                }
                None => None,
            },
            None => header("x-client-name")
                .or_else(|| header("apollographql-client-name"))
                .and_then(ClientName::parse),
        };
        ("peer", req.peer_addr().map(|a| a.ip())).hash(&mut h);
        Ok(Identity {
            client_name,
            limit_key: h.finish(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn keys() -> ClientKeys {
        let hash = hex::encode(Sha256::digest(b"s3cret-portal-key"));
        ClientKeys::parse(&format!(
            "[[client]]\nname = \"backstage-prod\"\nkey_sha256 = \"{hash}\"\n"
        ))
        .unwrap()
    }

    #[test]
    fn with_keys_the_name_comes_from_the_key_and_never_from_the_header() {
        let id = Identify::new(Some(keys()));
        let req = TestRequest::default()
            .insert_header(("x-client-key", "s3cret-portal-key"))
            .insert_header(("x-client-name", "someone-else"))
            .to_http_request();
        assert_eq!(
            id.identify(&req).unwrap().client_name.unwrap().as_str(),
            "backstage-prod"
        );
        let claimed = TestRequest::default()
            .insert_header(("x-client-name", "backstage-prod"))
            .to_http_request();
        assert!(id.identify(&claimed).unwrap().client_name.is_none());
        let wrong = TestRequest::default()
            .insert_header(("x-client-key", "guess"))
            .to_http_request();
        assert_eq!(id.identify(&wrong).unwrap_err(), UnknownClientKey);
    }

    #[test]
    fn a_self_asserted_name_never_picks_the_rate_limit_bucket() {
        let id = Identify::new(None);
        let as_a = TestRequest::default()
            .insert_header(("x-client-name", "portal-a"))
            .to_http_request();
        let as_b = TestRequest::default()
            .insert_header(("x-client-name", "portal-b"))
            .to_http_request();
        let (a, b) = (id.identify(&as_a).unwrap(), id.identify(&as_b).unwrap());
        assert_eq!(a.client_name.unwrap().as_str(), "portal-a");
        assert_eq!(
            a.limit_key, b.limit_key,
            "same peer, same bucket, whatever the name"
        );
    }

    #[test]
    fn a_malformed_keys_file_names_the_entry() {
        let e = ClientKeys::parse("[[client]]\nname = \"Bad Name\"\nkey_sha256 = \"00\"\n")
            .err()
            .unwrap();
        assert!(format!("{e:#}").contains("client #1"), "{e:#}");
    }
}
