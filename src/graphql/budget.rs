//! A hard cap on what one HTTP request may make the resolvers produce, independent of the
//! static cost estimate (`documents::cost`): every list a resolver returns is charged
//! against the request's budget, and once it is spent, list fields fail with
//! `RESPONSE_TOO_LARGE` instead of producing more. One budget is shared by every entry of
//! a batch.
//!
//! Charging also yields to the runtime every few thousand values: the resolvers are
//! synchronous, so without a yield point an execution would run to completion in one
//! poll and the request timeout could not stop it.

use std::sync::atomic::{AtomicU64, Ordering};

use async_graphql::Context;

use super::errors::{Code, coded};

/// Values resolved between two yields to the runtime.
const YIELD_EVERY: u64 = 2048;

#[derive(Debug)]
pub struct RequestBudget {
    used: AtomicU64,
    max: u64,
}

impl RequestBudget {
    pub fn new(max_values: u64) -> RequestBudget {
        RequestBudget {
            used: AtomicU64::new(0),
            max: max_values,
        }
    }

    /// Values charged so far.
    pub fn used(&self) -> u64 {
        self.used.load(Ordering::Relaxed)
    }

    /// Charges `n` values. `Ok(true)` when a yield point was crossed.
    fn charge(&self, n: u64) -> async_graphql::Result<bool> {
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
        Ok(before / YIELD_EVERY != after / YIELD_EVERY)
    }
}

/// Charges a list of `n` items to the request's budget (if the request has one: the
/// schema used directly, in tests, has none) and yields now and then.
pub async fn charge(ctx: &Context<'_>, n: usize) -> async_graphql::Result<()> {
    if let Ok(budget) = ctx.data::<RequestBudget>()
        && budget.charge(n as u64 + 1)?
    {
        tokio::task::yield_now().await;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_budget_refuses_once_spent_and_says_why() {
        let b = RequestBudget::new(10);
        assert!(b.charge(4).is_ok());
        assert!(b.charge(6).is_ok());
        let e = b.charge(1).unwrap_err();
        assert!(e.message.contains("MAX_RESOLVED_VALUES"), "{}", e.message);
    }

    #[test]
    fn crossing_a_multiple_of_the_yield_interval_asks_for_a_yield() {
        let b = RequestBudget::new(u64::MAX);
        assert!(!b.charge(YIELD_EVERY - 1).unwrap());
        assert!(b.charge(1).unwrap());
        assert!(!b.charge(1).unwrap());
    }
}
