//! Token-bucket rate limits keyed by an opaque 64-bit key (via `governor`), shared by the
//! HTTP layer (requests, mutations) and the GraphQL layer (failed analytics logins).
//!
//! Keys are what `http::identity` derives: a verified client key's name, or a keyed hash
//! of the connection's peer address. The hash key is random per process and the address
//! itself is never kept, logged or stored: the limiters hold only 64-bit hashes, and
//! forget idle ones every minute.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

#[derive(Clone)]
pub struct RateLimit {
    limiter: Arc<DefaultKeyedRateLimiter<u64>>,
}

impl RateLimit {
    /// `None` when `per_second` is 0 (the limit is off). A `burst` of 0 means the rate.
    pub fn per_second(per_second: u32, burst: u32) -> Option<RateLimit> {
        let rate = NonZeroU32::new(per_second)?;
        Some(RateLimit::with(Quota::per_second(rate), burst, rate))
    }

    /// `None` when `per_minute` is 0 (the limit is off). A `burst` of 0 means the rate.
    pub fn per_minute(per_minute: u32, burst: u32) -> Option<RateLimit> {
        let rate = NonZeroU32::new(per_minute)?;
        Some(RateLimit::with(Quota::per_minute(rate), burst, rate))
    }

    fn with(quota: Quota, burst: u32, rate: NonZeroU32) -> RateLimit {
        let burst = NonZeroU32::new(burst).unwrap_or(rate);
        RateLimit {
            limiter: Arc::new(DefaultKeyedRateLimiter::hashmap(quota.allow_burst(burst))),
        }
    }

    /// Takes one token from `key`'s bucket; `Err(wait)` when it is empty.
    pub fn check(&self, key: u64) -> Result<(), Duration> {
        self.limiter
            .check_key(&key)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// Drops the state of keys whose bucket is full again; call periodically.
    pub fn forget_idle(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}

/// Most keys a [`FailureLimit`] remembers as locked out; past it, the oldest locks are
/// dropped first (a flood of distinct keys cannot grow memory).
const MAX_LOCKED: usize = 10_000;

/// A limit on failures (wrong credentials): each failure takes a token, and a key whose
/// bucket is empty is locked out, so that it cannot even try again, until the bucket
/// refills. Successful attempts cost nothing.
pub struct FailureLimit {
    limit: RateLimit,
    locked: Mutex<HashMap<u64, Instant>>,
}

impl FailureLimit {
    pub fn per_minute(failures: u32) -> FailureLimit {
        FailureLimit {
            limit: RateLimit::per_minute(failures.max(1), failures.max(1))
                .expect("at least one failure a minute"),
            locked: Mutex::new(HashMap::new()),
        }
    }

    /// How long `key` is still locked out, if it is.
    pub fn locked(&self, key: u64) -> Option<Duration> {
        let now = Instant::now();
        let locked = self
            .locked
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        locked
            .get(&key)
            .and_then(|until| until.checked_duration_since(now))
            .filter(|d| !d.is_zero())
    }

    /// Counts one failure for `key`, locking it out when that was its last allowed one.
    pub fn failed(&self, key: u64) {
        if let Err(wait) = self.limit.check(key) {
            let mut locked = self
                .locked
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if locked.len() >= MAX_LOCKED {
                let now = Instant::now();
                locked.retain(|_, until| *until > now);
                if locked.len() >= MAX_LOCKED {
                    locked.clear();
                }
            }
            locked.insert(key, Instant::now() + wait);
        }
    }

    /// Forgets expired locks and full buckets; call periodically.
    pub fn forget_idle(&self) {
        self.limit.forget_idle();
        let now = Instant::now();
        self.locked
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .retain(|_, until| *until > now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_locked_out_after_its_allowed_failures_and_others_are_not() {
        let limit = FailureLimit::per_minute(3);
        for _ in 0..3 {
            assert!(limit.locked(1).is_none());
            limit.failed(1);
        }
        assert!(limit.locked(1).is_none(), "three failures are allowed");
        limit.failed(1);
        assert!(limit.locked(1).is_some(), "the fourth locks the key out");
        assert!(limit.locked(2).is_none());
    }

    #[test]
    fn buckets_are_per_key() {
        let limit = RateLimit::per_second(1, 2).unwrap();
        assert!(limit.check(7).is_ok());
        assert!(limit.check(7).is_ok());
        assert!(limit.check(7).is_err());
        assert!(limit.check(8).is_ok());
    }
}
