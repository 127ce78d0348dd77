//! Whether a document already passed async-graphql's strict validation rules, so that
//! later requests with it can run the fast ones (`AppSchema::execute_document`). Apart
//! from the document rules because it is a fact the schema records, not a rule.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Shared by every request that found the document in the parsed-document cache. A
/// document that is not cached gets a flag of its own, used once: only cached documents
/// ever skip the strict rules.
#[derive(Debug, Clone, Default)]
pub struct Validation(Arc<AtomicBool>);

impl Validation {
    pub fn passed(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// Records a strict pass: later requests with this document run the fast rules.
    pub fn record_pass(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
}
