//! The explained recommendation as GraphQL types: the ranking with its reasons, the
//! takeaways, the pivots. They share the engine's result through an `Arc`, so resolving a
//! field copies only what it prints.
//!
//! This file holds the recommendation itself; [`ranking`] the ranked frameworks and their
//! reasons, [`takeaway`] the triggered advice, [`pivot`] the answers that would change it.

mod pivot;
mod ranking;
mod takeaway;

use std::sync::Arc;

use async_graphql::{Context, ID, Object, Result};

pub use pivot::Pivot;
pub use ranking::{RankedFramework, Reason};
pub use takeaway::{SeverityGql, Takeaway};

use crate::catalog::Catalog;
use crate::domain::OutcomeToken;
use crate::engine::{self, Profile};
use crate::graphql::budget::charge;

pub(super) struct State<'a> {
    pub(super) catalog: &'a Catalog,
    pub(super) profile: Profile,
    pub(super) rec: engine::Recommendation,
    /// Set when the decision was logged: its id and the outcome token for its submitter.
    pub(super) decision: Option<(uuid::Uuid, OutcomeToken)>,
}

#[derive(Clone)]
pub struct Recommendation<'a>(pub(super) Arc<State<'a>>);

impl<'a> Recommendation<'a> {
    pub fn new(
        catalog: &'a Catalog,
        profile: Profile,
        rec: engine::Recommendation,
        decision: Option<(uuid::Uuid, OutcomeToken)>,
    ) -> Self {
        Recommendation(Arc::new(State {
            catalog,
            profile,
            rec,
            decision,
        }))
    }

    pub(super) fn ranked(&self, pos: usize) -> RankedFramework<'a> {
        RankedFramework {
            state: self.0.clone(),
            pos,
        }
    }

    pub(super) fn decision_key(&self) -> Option<String> {
        self.0.decision.as_ref().map(|(id, _)| id.to_string())
    }

    pub(super) fn outcome_token_text(&self) -> Option<&str> {
        self.0.decision.as_ref().map(|(_, token)| token.expose())
    }

    pub(super) fn leader_count(&self) -> i32 {
        i32::try_from(self.0.rec.leaders()).unwrap_or(i32::MAX)
    }

    pub(super) fn takeaway_views(&self) -> impl ExactSizeIterator<Item = Takeaway<'a>> + '_ {
        let catalog = self.0.catalog;
        self.0
            .rec
            .takeaways
            .iter()
            .map(move |&index| Takeaway { catalog, index })
    }

    pub(super) fn pivot_views(&self) -> impl ExactSizeIterator<Item = Pivot<'a>> + '_ {
        (0..self.0.rec.pivots.len()).map(|index| Pivot {
            state: self.0.clone(),
            index,
        })
    }
}

/// An explained recommendation: the ranking with every score's reasons, the warnings
/// that apply, and the answers that would change it.
#[Object]
impl<'a> Recommendation<'a> {
    /// Set when the decision was logged (`submitProfile`); null for previews, and when a
    /// submitted decision could not be recorded (see the `DECISION_NOT_RECORDED` error).
    async fn decision_id(&self) -> Option<ID> {
        self.decision_key().map(ID)
    }
    /// A secret for reporting this decision's outcome: pass it to `recordOutcome`. Set
    /// with `decisionId`, and shown only this once (the service keeps only its hash); keep
    /// it in memory, not in a URL or a log.
    async fn outcome_token(&self) -> Option<&str> {
        self.outcome_token_text()
    }
    /// The catalog version that produced this recommendation.
    async fn catalog_version(&self) -> &str {
        &self.0.catalog.version
    }
    /// 0 to 1: how clearly the top pick beats the runner-up (the score gap as a share of
    /// 2 points per unit of answer weight). Low means "close call, read the ranking"; 0
    /// when several frameworks tie for first (an empty profile ties everything).
    async fn confidence(&self) -> f64 {
        self.0.rec.confidence
    }
    /// The first entry of `ranking`: the top pick, or, when several tie for first, the
    /// first of them by framework id (check `leaders` or the ranks).
    async fn top(&self) -> RankedFramework<'a> {
        self.ranked(0)
    }
    /// How many frameworks share first place (rank 1): 1 unless there is a tie.
    async fn leaders(&self) -> i32 {
        self.leader_count()
    }
    /// Every candidate, best first. Equal scores share a rank and are listed by
    /// framework id.
    async fn ranking(&self, ctx: &Context<'_>) -> Result<Vec<RankedFramework<'a>>> {
        charge(ctx, self.0.rec.ranking.len()).await?;
        Ok((0..self.0.rec.ranking.len())
            .map(|pos| self.ranked(pos))
            .collect())
    }
    /// Warnings and advice the answers trigger, most severe first.
    async fn takeaways(&self, ctx: &Context<'_>) -> Result<Vec<Takeaway<'a>>> {
        charge(ctx, self.0.rec.takeaways.len()).await?;
        Ok(self.takeaway_views().collect())
    }
    /// Single-answer changes that would change who comes first (a new leader, a tie broken
    /// or a new tie), each with the new leaders. Listed in catalog order of criteria and
    /// options.
    async fn pivots(&self, ctx: &Context<'_>) -> Result<Vec<Pivot<'a>>> {
        charge(ctx, self.0.rec.pivots.len()).await?;
        Ok(self.pivot_views().collect())
    }
    /// This recommendation as an architecture decision record, to commit to the team's
    /// repository (Backstage's ADR plugin shows MADR records): the answers as the context,
    /// the ranking as the options with their reasons, the top pick as the outcome, the
    /// takeaways as the consequences.
    async fn decision_record(
        &self,
        #[graphql(default, desc = "The record's format (MADR, the default).")]
        format: super::record::DecisionRecordFormat,
    ) -> String {
        self.record_markdown(format)
    }
}
