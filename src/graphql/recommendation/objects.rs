//! The explained recommendation as GraphQL types: the ranking with its reasons, the
//! takeaways, the pivots. They share the engine's result through an `Arc`, so resolving a
//! field copies only what it prints.

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, Object, Result};

use crate::catalog::Catalog;
use crate::domain::OutcomeToken;
use crate::engine::{self, Profile};
use crate::graphql::budget::charge;
use crate::graphql::catalog::objects::{CriterionOption, Framework};
use crate::graphql::ids::global_id;

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

pub struct RankedFramework<'a> {
    state: Arc<State<'a>>,
    pos: usize,
}

impl<'a> RankedFramework<'a> {
    pub(super) fn entry(&self) -> &engine::Ranked {
        &self.state.rec.ranking[self.pos]
    }

    pub(super) fn rank_number(&self) -> i32 {
        i32::try_from(self.entry().rank).unwrap_or(i32::MAX)
    }

    pub(super) fn framework_view(&self) -> Framework<'a> {
        Framework {
            catalog: self.state.catalog,
            index: self.entry().framework,
        }
    }

    pub(super) fn reason_views(&self) -> impl ExactSizeIterator<Item = Reason<'a>> + '_ {
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
    pub(super) fn criterion_key(&self) -> &str {
        let a = self.state.profile.answers[self.answer];
        &self.state.catalog.criteria[a.criterion].id
    }

    pub(super) fn option_key(&self) -> &str {
        let a = self.state.profile.answers[self.answer];
        &self.state.catalog.criteria[a.criterion].options[a.option].id
    }

    pub(super) fn points(&self) -> f64 {
        self.state.rec.ranking[self.pos].contributions[self.answer]
    }

    pub(super) fn explanation_text(&self) -> String {
        let c = self.state.catalog;
        let a = self.state.profile.answers[self.answer];
        let fw = self.state.rec.ranking[self.pos].framework;
        match c.rationale(a.criterion, a.option, fw) {
            Some(text) => text.to_string(),
            None => format!(
                "Neutral for {}: \"{}\" neither favours nor penalises it.",
                c.frameworks[fw].name, c.criteria[a.criterion].options[a.option].label
            ),
        }
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

/// How strongly a takeaway should be shown.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "Severity", remote = "crate::catalog::Severity")]
pub enum SeverityGql {
    /// Advice worth knowing.
    Info,
    /// A trade-off to weigh before choosing.
    Caution,
    /// A choice the answers argue against (e.g. Django with MongoDB as the primary store).
    Warning,
}

pub struct Takeaway<'a> {
    pub catalog: &'a Catalog,
    pub index: usize,
}

impl<'a> Takeaway<'a> {
    pub(super) fn entry(&self) -> &'a crate::catalog::Takeaway {
        &self.catalog.takeaways[self.index]
    }

    pub(super) fn framework_keys(&self) -> impl ExactSizeIterator<Item = &'a str> + use<'a> {
        let catalog = self.catalog;
        self.entry()
            .frameworks
            .iter()
            .map(move |&f| catalog.frameworks[f].id.as_str())
    }
}

/// A warning or piece of advice from the catalog that the answers trigger.
#[Object]
impl Takeaway<'_> {
    /// Globally unique id (`Takeaway:<takeawayId>`); opaque, for caches and `node(id:)`.
    pub async fn id(&self) -> ID {
        global_id("Takeaway", &self.entry().id)
    }
    /// The takeaway's catalog key, e.g. `mongodb-skip-django`.
    async fn takeaway_id(&self) -> &str {
        &self.entry().id
    }
    /// The advice, one or two plain sentences.
    async fn text(&self) -> &str {
        &self.entry().text
    }
    /// Keys of the frameworks the takeaway is about (may be empty).
    async fn framework_ids(&self, ctx: &Context<'_>) -> Result<Vec<ID>> {
        charge(ctx, self.entry().frameworks.len()).await?;
        Ok(self.framework_keys().map(|k| ID(k.to_string())).collect())
    }
    /// How strongly to show it.
    async fn severity(&self) -> SeverityGql {
        self.entry().severity.into()
    }
}

pub struct Pivot<'a> {
    state: Arc<State<'a>>,
    index: usize,
}

impl<'a> Pivot<'a> {
    pub(super) fn entry(&self) -> &engine::Pivot {
        &self.state.rec.pivots[self.index]
    }

    pub(super) fn criterion_key(&self) -> &'a str {
        &self.state.catalog.criteria[self.entry().criterion].id
    }

    pub(super) fn option_key(&self) -> &'a str {
        let p = self.entry();
        &self.state.catalog.criteria[p.criterion].options[p.option].id
    }

    pub(super) fn current_option_key(&self) -> Option<&'a str> {
        let p = self.entry();
        let criterion = &self.state.catalog.criteria[p.criterion];
        p.from_option.map(|o| criterion.options[o].id.as_str())
    }

    pub(super) fn option_view(&self) -> CriterionOption<'a> {
        let p = self.entry();
        let criterion = &self.state.catalog.criteria[p.criterion];
        CriterionOption {
            criterion,
            option: &criterion.options[p.option],
        }
    }

    pub(super) fn framework_view(&self, index: usize) -> Framework<'a> {
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
