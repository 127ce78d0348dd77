//! Hard caps on what one HTTP request may make the resolvers do, independent of the
//! static cost estimate (`documents::cost`): every list a resolver returns is charged
//! against the request's budget of values, and once it is spent, list fields fail with
//! `RESPONSE_TOO_LARGE` instead of producing more. One budget is shared by every entry of
//! a batch, and it carries the request's deadline: the resolvers are synchronous, so an
//! execution runs to completion in one poll and no timer could interrupt it; instead,
//! every few thousand values, charging checks the clock and stops the work once the
//! deadline has passed (the transport then answers 503 `TIMEOUT`).
//!
//! Charging never yields to the runtime: a field that returned `Pending` would make
//! async-graphql (which resolves sibling fields with `FuturesUnordered`) list it after its
//! siblings, out of the selection's order.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;

use async_graphql::Context;

use super::errors::{Code, coded};

/// Values resolved between two looks at the clock.
pub(crate) const CLOCK_EVERY: u64 = 2048;

#[derive(Debug)]
pub struct RequestBudget {
    used: AtomicU64,
    max: u64,
    deadline: Instant,
    timed_out: AtomicBool,
}

impl RequestBudget {
    pub fn new(max_values: u64, deadline: Instant) -> RequestBudget {
        RequestBudget {
            used: AtomicU64::new(0),
            max: max_values,
            deadline,
            timed_out: AtomicBool::new(false),
        }
    }

    /// Values charged so far.
    pub fn used(&self) -> u64 {
        self.used.load(Ordering::Relaxed)
    }

    /// Whether work was stopped because the deadline had passed.
    pub fn timed_out(&self) -> bool {
        self.timed_out.load(Ordering::Relaxed)
    }

    /// What a synchronous walk may still produce: the values left and the deadline. The
    /// walker stops on its own at either (it only charges once it is done).
    pub fn walk_limits(&self) -> (u64, Instant) {
        (self.max.saturating_sub(self.used()), self.deadline)
    }

    /// Records that work stopped at the deadline (the transport then answers 503).
    pub fn stop_for_time(&self) {
        self.timed_out.store(true, Ordering::Relaxed);
    }

    /// Charges `n` values.
    fn charge(&self, n: u64) -> async_graphql::Result<()> {
        let before = self.used.fetch_add(n, Ordering::Relaxed);
        let after = before.saturating_add(n);
        if after > self.max {
            return Err(coded(
                format!(
                    "this request resolved more than {} values (MAX_RESOLVED_VALUES); select fewer fields",
                    self.max
                ),
                Code::ResponseTooLarge,
            ));
        }
        if (before / CLOCK_EVERY != after / CLOCK_EVERY || self.timed_out())
            && Instant::now() > self.deadline
        {
            self.timed_out.store(true, Ordering::Relaxed);
            return Err(coded("the request ran out of time", Code::Timeout));
        }
        Ok(())
    }

    /// Charges `n` values if they fit: all of them, or nothing (and `false`). For the
    /// synchronous walker (`graphql::fast`), which charges a whole subtree at once and,
    /// when it does not fit, leaves it to the derived resolvers to fail at the right list.
    pub(crate) fn try_charge(&self, n: u64) -> bool {
        if self.timed_out() {
            return false;
        }
        let mut before = self.used.load(Ordering::Relaxed);
        let after = loop {
            let after = before.saturating_add(n);
            if after > self.max {
                return false;
            }
            match self.used.compare_exchange_weak(
                before,
                after,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => break after,
                Err(now) => before = now,
            }
        };
        // Past the deadline the request is answered 503 by the transport (it reads
        // `timed_out`), whatever this subtree holds.
        if before / CLOCK_EVERY != after / CLOCK_EVERY && Instant::now() > self.deadline {
            self.timed_out.store(true, Ordering::Relaxed);
        }
        true
    }
}

/// The request's budget, if it has one (the schema used directly, in tests, has none).
pub fn of<'c, T>(ctx: &'c async_graphql::context::ContextBase<'_, T>) -> Option<&'c RequestBudget> {
    ctx.data_opt::<std::sync::Arc<RequestBudget>>()
        .map(std::convert::AsRef::as_ref)
}

/// [`RequestBudget::try_charge`] on the request's budget, if it has one.
pub fn try_charge<T>(ctx: &async_graphql::context::ContextBase<'_, T>, n: u64) -> bool {
    ctx.data_opt::<std::sync::Arc<RequestBudget>>()
        .is_none_or(|budget| budget.try_charge(n))
}

/// Charges a list of `n` items to the request's budget (if the request has one: the
/// schema used directly, in tests, has none). `async` so resolvers can `.await` it
/// uniformly, but it never suspends.
#[allow(clippy::unused_async)]
pub async fn charge(ctx: &Context<'_>, n: usize) -> async_graphql::Result<()> {
    if let Ok(budget) = ctx.data::<std::sync::Arc<RequestBudget>>() {
        budget.charge(n as u64 + 1)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn try_charge_takes_all_or_nothing() {
        let b = RequestBudget::new(10, Instant::now() + Duration::from_secs(60));
        assert!(b.try_charge(7));
        assert!(!b.try_charge(4));
        assert_eq!(b.used(), 7, "a refused charge takes nothing");
        assert!(b.try_charge(3));
        assert!(!b.try_charge(1));
    }

    #[test]
    fn a_budget_refuses_once_spent_and_says_why() {
        let b = RequestBudget::new(10, Instant::now() + Duration::from_secs(60));
        assert!(b.charge(4).is_ok());
        assert!(b.charge(6).is_ok());
        let e = b.charge(1).unwrap_err();
        assert!(e.message.contains("MAX_RESOLVED_VALUES"), "{}", e.message);
    }

    #[test]
    fn past_the_deadline_work_stops_at_the_next_look_at_the_clock() {
        let b = RequestBudget::new(
            u64::MAX,
            Instant::now()
                .checked_sub(Duration::from_millis(1))
                .unwrap(),
        );
        assert!(
            b.charge(CLOCK_EVERY - 1).is_ok(),
            "the clock is read only every few thousand"
        );
        assert!(b.charge(1).is_err());
        assert!(b.timed_out());
        assert!(
            b.charge(1).is_err(),
            "and every charge after that fails at once"
        );
    }
}
