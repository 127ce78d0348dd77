//! A candidate's place in the ranking and the reasons for its score, one per answer.
//! Separate from the recommendation: these objects resolve the engine's per-framework
//! results, which the rest of the recommendation does not touch.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, Result};

use super::State;
use crate::engine;
use crate::graphql::budget::charge;
use crate::graphql::catalog::objects::Framework;

pub struct RankedFramework<'a> {
    pub(super) state: Arc<State<'a>>,
    pub(super) pos: usize,
}

impl<'a> RankedFramework<'a> {
    pub(in crate::graphql::recommendation) fn entry(&self) -> &engine::Ranked {
        &self.state.rec.ranking[self.pos]
    }

    pub(in crate::graphql::recommendation) fn rank_number(&self) -> i32 {
        i32::try_from(self.entry().rank).unwrap_or(i32::MAX)
    }

    pub(in crate::graphql::recommendation) fn framework_view(&self) -> Framework<'a> {
        Framework {
            catalog: self.state.catalog,
            index: self.entry().framework,
        }
    }

    pub(in crate::graphql::recommendation) fn reason_views(
        &self,
    ) -> impl ExactSizeIterator<Item = Reason<'a>> + '_ {
        (0..self.state.profile.answers.len()).map(|answer| Reason {
            state: self.state.clone(),
            pos: self.pos,
            answer,
        })
    }
}

/// One candidate's place in the ranking, with its score explained.
#[Object]
impl<'a> RankedFramework<'a> {
    /// 1 for the top pick. Equal scores share a rank and the next rank skips, as in
    /// sport (1, 1, 3): two frameworks with rank 1 are tied for first.
    async fn rank(&self) -> i32 {
        self.rank_number()
    }
    /// The framework.
    async fn framework(&self) -> Framework<'a> {
        self.framework_view()
    }
    /// Sum of the answers' contributions (weight × rule score).
    async fn score(&self) -> f64 {
        self.entry().score
    }
    /// 0–100: where the score sits between the lowest and the highest total any candidate
    /// could reach on the answered criteria with these weights (100: as good as these
    /// questions allow). The same scale for every framework of one recommendation, so equal
    /// scores have equal fit and a higher score never has a lower fit; 50 when the answers
    /// cannot separate anything (no answers, or only neutral ones).
    async fn fit(&self) -> i32 {
        i32::from(self.entry().fit)
    }
    /// One reason per answer that counts (weight above zero), in the order given.
    async fn reasons(&self, ctx: &Context<'_>) -> Result<Vec<Reason<'a>>> {
        charge(ctx, self.state.profile.answers.len()).await?;
        Ok(self.reason_views().collect())
    }
}

pub struct Reason<'a> {
    state: Arc<State<'a>>,
    pos: usize,
    answer: usize,
}

impl Reason<'_> {
    pub(in crate::graphql::recommendation) fn criterion_key(&self) -> &str {
        let a = self.state.profile.answers[self.answer];
        &self.state.catalog.criteria[a.criterion].id
    }

    pub(in crate::graphql::recommendation) fn option_key(&self) -> &str {
        let a = self.state.profile.answers[self.answer];
        &self.state.catalog.criteria[a.criterion].options[a.option].id
    }

    pub(in crate::graphql::recommendation) fn points(&self) -> f64 {
        self.state.rec.ranking[self.pos].contributions[self.answer]
    }

    pub(in crate::graphql::recommendation) fn explanation_text(&self) -> String {
        let c = self.state.catalog;
        let a = self.state.profile.answers[self.answer];
        let fw = self.state.rec.ranking[self.pos].framework;
        crate::service::recommend::explanation(c, a.criterion, a.option, fw)
    }
}

/// What one answer adds to one framework's score, and why.
#[Object]
impl Reason<'_> {
    /// The question answered (its key, e.g. `admin_panel`).
    async fn criterion_id(&self) -> ID {
        ID(self.criterion_key().to_string())
    }
    /// The answer given (its key within the question, e.g. `yes`).
    async fn option_id(&self) -> ID {
        ID(self.option_key().to_string())
    }
    /// Signed points this answer adds to the framework's score (weight × rule score).
    async fn contribution(&self) -> f64 {
        self.points()
    }
    /// The catalog's sentence for this rule, or a note that the answer is neutral.
    async fn explanation(&self) -> String {
        self.explanation_text()
    }
}
