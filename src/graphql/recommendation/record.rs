//! `Recommendation.decisionRecord`: the recommendation as an architecture decision record
//! (rendered by `crate::portal::madr`).

use async_graphql::Enum;

use super::objects::Recommendation;
use crate::portal::madr::{RecordInput, render};

/// Formats of `Recommendation.decisionRecord`.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Default)]
pub enum DecisionRecordFormat {
    /// Markdown Any Decision Records 4 (https://adr.github.io/madr/): the format
    /// Backstage's ADR plugin shows.
    #[default]
    Madr,
}

impl Recommendation<'_> {
    /// The record of this recommendation: a proposal (no outcome is known yet), dated
    /// today when the decision was logged.
    pub(super) fn record_markdown(&self, format: DecisionRecordFormat) -> String {
        match format {
            DecisionRecordFormat::Madr => render(&RecordInput {
                catalog: self.0.catalog,
                profile: &self.0.profile,
                rec: &self.0.rec,
                chosen: None,
                logged: self
                    .0
                    .decision
                    .as_ref()
                    .map(|(id, _)| (*id, chrono::Utc::now().date_naive())),
                recorded_with: None,
            }),
        }
    }
}
