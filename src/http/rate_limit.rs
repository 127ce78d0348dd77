//! Per-client rate limiting (token bucket, via `governor`), off unless
//! `RATE_LIMIT_PER_SECOND` is set.
//!
//! The key is the client's `X-Client-Name` when it sends a valid one (portals are the
//! heavy users), otherwise a keyed hash of the connection's peer address. The hash key is
//! random per process and the address itself is never kept, logged or stored: the limiter
//! holds only 64-bit hashes, and forgets idle ones.

use std::hash::{BuildHasher, Hash, Hasher, RandomState};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use actix_web::HttpRequest;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

use crate::domain::ClientName;

#[derive(Clone)]
pub struct RateLimit {
    limiter: Arc<DefaultKeyedRateLimiter<u64>>,
    hasher: RandomState,
}

impl RateLimit {
    /// `None` when `per_second` is 0 (rate limiting off).
    pub fn new(per_second: u32, burst: u32) -> Option<RateLimit> {
        let rate = NonZeroU32::new(per_second)?;
        let burst = NonZeroU32::new(burst).unwrap_or(rate);
        let quota = Quota::per_second(rate).allow_burst(burst);
        Some(RateLimit {
            limiter: Arc::new(DefaultKeyedRateLimiter::hashmap(quota)),
            hasher: RandomState::new(),
        })
    }

    fn key(&self, req: &HttpRequest) -> u64 {
        let mut h = self.hasher.build_hasher();
        let client = req
            .headers()
            .get("x-client-name")
            .and_then(|v| v.to_str().ok())
            .and_then(ClientName::parse);
        match client {
            Some(name) => ("client", name.as_str()).hash(&mut h),
            None => ("peer", req.peer_addr().map(|a| a.ip())).hash(&mut h),
        }
        h.finish()
    }

    /// `Err(wait)` when the client has no token left.
    pub fn check(&self, req: &HttpRequest) -> Result<(), Duration> {
        self.limiter
            .check_key(&self.key(req))
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// Drops the state of clients whose bucket is full again; call periodically.
    pub fn forget_idle(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}
