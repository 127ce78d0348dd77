//! A pivot: one answer that, changed, would change who comes first. Separate from the
//! ranking because it resolves the engine's pivot list, not the ranked entries.

use std::sync::Arc;

use async_graphql::{Context, ID, Object, Result};

use super::State;
use crate::catalog::FrameworkIx;
use crate::engine;
use crate::graphql::budget::charge;
use crate::graphql::catalog::objects::{CriterionOption, Framework};

pub struct Pivot<'a> {
    pub(super) state: Arc<State<'a>>,
    pub(super) index: usize,
}

impl<'a> Pivot<'a> {
    pub(in crate::graphql::recommendation) fn entry(&self) -> &engine::Pivot {
        &self.state.rec.pivots[self.index]
    }

    pub(in crate::graphql::recommendation) fn criterion_key(&self) -> &'a str {
        &self.state.catalog.criteria[self.entry().criterion].id
    }

    pub(in crate::graphql::recommendation) fn option_key(&self) -> &'a str {
        let p = self.entry();
        &self.state.catalog.criteria[p.criterion].options[p.option].id
    }

    pub(in crate::graphql::recommendation) fn current_option_key(&self) -> Option<&'a str> {
        let p = self.entry();
        let criterion = &self.state.catalog.criteria[p.criterion];
        p.from_option.map(|o| criterion.options[o].id.as_str())
    }

    pub(in crate::graphql::recommendation) fn option_view(&self) -> CriterionOption<'a> {
        let p = self.entry();
        let criterion = &self.state.catalog.criteria[p.criterion];
        CriterionOption {
            criterion,
            option: &criterion.options[p.option],
        }
    }

    pub(in crate::graphql::recommendation) fn framework_view(
        &self,
        index: FrameworkIx,
    ) -> Framework<'a> {
        Framework {
            catalog: self.state.catalog,
            index,
        }
    }
}

/// "If you answered `criterionId` with `optionId`, `newLeaders` would come first."
#[Object]
impl<'a> Pivot<'a> {
    /// The question whose answer would change (its key).
    async fn criterion_id(&self) -> ID {
        ID(self.criterion_key().to_string())
    }
    /// The answer that would change who comes first (its key within the question).
    async fn option_id(&self) -> ID {
        ID(self.option_key().to_string())
    }
    /// The answer given now; null when the criterion was not answered (the pivot then
    /// assumes the new answer at weight 1).
    async fn from_option_id(&self) -> Option<ID> {
        self.current_option_key().map(|k| ID(k.to_string()))
    }
    /// That answer, with its label.
    async fn option(&self) -> CriterionOption<'a> {
        self.option_view()
    }
    /// The first of the new leaders (by framework id when they tie).
    async fn new_top(&self) -> Framework<'a> {
        self.framework_view(self.entry().new_top)
    }
    /// Every framework that would share first place after the change (`newTop` first,
    /// then by framework id): more than one when the change makes a tie.
    async fn new_leaders(&self, ctx: &Context<'_>) -> Result<Vec<Framework<'a>>> {
        let leaders = &self.entry().new_leaders;
        charge(ctx, leaders.len()).await?;
        Ok(leaders.iter().map(|&i| self.framework_view(i)).collect())
    }
    /// The new top's score after the change.
    async fn new_top_score(&self) -> f64 {
        self.entry().new_top_score
    }
}
