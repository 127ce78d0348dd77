//! Recommendations as GraphQL: the profile input, the explained result, the preview query.
//! Submitting (which also logs the decision) lives in `mutation.rs`; both build the result
//! the same way, through [`compute`].

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Object, Result};

use super::budget::charge;
use super::catalog::{CriterionOption, Framework, LanguageGql, catalog};
use super::errors::bad_input;
use super::input::{MAX_ANSWERS, MAX_ID_CHARS, MAX_LIST_ITEMS, check_len};
use crate::catalog::{Catalog, Severity};
use crate::domain::OutcomeToken;
use crate::engine::{self, Profile, RawAnswer};

/// Weight of an answer that does not say.
const DEFAULT_WEIGHT: f64 = 1.0;

#[derive(InputObject, Debug)]
pub struct AnswerInput {
    pub criterion_id: ID,
    pub option_id: ID,
    /// How much this answer matters, from 0 (ignore) to 10. Default (and explicit null): 1.
    #[graphql(default = 1.0)]
    pub weight: Option<f64>,
}

#[derive(InputObject, Debug)]
pub struct ProfileInput {
    /// At most one answer per criterion. Unanswered criteria do not count.
    pub answers: Vec<AnswerInput>,
    /// Hard filter: only frameworks in these languages are candidates. Omit for all.
    pub languages: Option<Vec<LanguageGql>>,
}

impl ProfileInput {
    /// Validates the input against the catalog; errors name the offending value.
    pub fn parse(&self, catalog: &Catalog) -> Result<Profile> {
        check_len("answers", self.answers.len(), MAX_ANSWERS)?;
        for a in &self.answers {
            check_len("criterionId", a.criterion_id.len(), MAX_ID_CHARS)?;
            check_len("optionId", a.option_id.len(), MAX_ID_CHARS)?;
        }
        if let Some(l) = &self.languages {
            check_len("languages", l.len(), MAX_LIST_ITEMS)?;
        }
        let raw: Vec<RawAnswer<'_>> = self
            .answers
            .iter()
            .map(|a| RawAnswer {
                criterion_id: &a.criterion_id,
                option_id: &a.option_id,
                weight: a.weight.unwrap_or(DEFAULT_WEIGHT),
            })
            .collect();
        let languages: Option<Vec<crate::catalog::Language>> = self
            .languages
            .as_ref()
            .map(|l| l.iter().map(|&l| l.into()).collect());
        Profile::parse(catalog, &raw, languages.as_deref()).map_err(|e| bad_input(e.to_string()))
    }
}

/// Validates `input` and runs the engine.
pub fn compute(
    catalog: &'static Catalog,
    input: &ProfileInput,
) -> Result<(Profile, engine::Recommendation)> {
    let profile = input.parse(catalog)?;
    let rec = engine::recommend(catalog, &profile);
    Ok((profile, rec))
}

struct State {
    catalog: &'static Catalog,
    profile: Profile,
    rec: engine::Recommendation,
    /// Set when the decision was logged: its id and the outcome token for its submitter.
    decision: Option<(uuid::Uuid, OutcomeToken)>,
}

/// An explained recommendation.
#[derive(Clone)]
pub struct Recommendation(Arc<State>);

impl Recommendation {
    pub fn new(
        catalog: &'static Catalog,
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

    fn ranked(&self, pos: usize) -> RankedFramework {
        RankedFramework {
            state: self.0.clone(),
            pos,
        }
    }
}

#[Object]
impl Recommendation {
    /// Set when the decision was logged (`submitProfile`); null for previews, and when a
    /// submitted decision could not be recorded (see the `DECISION_NOT_RECORDED` error).
    async fn decision_id(&self) -> Option<ID> {
        self.0.decision.as_ref().map(|(id, _)| ID(id.to_string()))
    }
    /// A secret for reporting this decision's outcome: pass it to `recordOutcome`. Set
    /// with `decisionId`, and shown only this once (the service keeps only its hash); keep
    /// it in memory, not in a URL or a log.
    async fn outcome_token(&self) -> Option<&str> {
        self.0.decision.as_ref().map(|(_, token)| token.expose())
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
    async fn top(&self) -> RankedFramework {
        self.ranked(0)
    }
    /// How many frameworks share first place (rank 1): 1 unless there is a tie.
    async fn leaders(&self) -> i32 {
        i32::try_from(self.0.rec.leaders()).unwrap_or(i32::MAX)
    }
    /// Every candidate, best first. Equal scores share a rank and are listed by
    /// framework id.
    async fn ranking(&self, ctx: &Context<'_>) -> Result<Vec<RankedFramework>> {
        charge(ctx, self.0.rec.ranking.len()).await?;
        Ok((0..self.0.rec.ranking.len())
            .map(|pos| self.ranked(pos))
            .collect())
    }
    /// Warnings and advice the answers trigger, most severe first.
    async fn takeaways(&self, ctx: &Context<'_>) -> Result<Vec<Takeaway>> {
        charge(ctx, self.0.rec.takeaways.len()).await?;
        Ok(self
            .0
            .rec
            .takeaways
            .iter()
            .map(|&index| Takeaway {
                catalog: self.0.catalog,
                index,
            })
            .collect())
    }
    /// Single-answer changes that would change who comes first (a new leader, a tie broken
    /// or a new tie), each with the new leaders. Listed in catalog order of criteria and
    /// options.
    async fn pivots(&self, ctx: &Context<'_>) -> Result<Vec<Pivot>> {
        charge(ctx, self.0.rec.pivots.len()).await?;
        Ok((0..self.0.rec.pivots.len())
            .map(|i| Pivot {
                state: self.0.clone(),
                index: i,
            })
            .collect())
    }
}

pub struct RankedFramework {
    state: Arc<State>,
    pos: usize,
}

impl RankedFramework {
    fn entry(&self) -> &engine::Ranked {
        &self.state.rec.ranking[self.pos]
    }
}

#[Object]
impl RankedFramework {
    /// 1 for the top pick. Equal scores share a rank and the next rank skips, as in
    /// sport (1, 1, 3): two frameworks with rank 1 are tied for first.
    async fn rank(&self) -> i32 {
        i32::try_from(self.entry().rank).unwrap_or(i32::MAX)
    }
    async fn framework(&self) -> Framework {
        Framework {
            catalog: self.state.catalog,
            index: self.entry().framework,
        }
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
    async fn reasons(&self, ctx: &Context<'_>) -> Result<Vec<Reason>> {
        charge(ctx, self.state.profile.answers.len()).await?;
        Ok((0..self.state.profile.answers.len())
            .map(|answer| Reason {
                state: self.state.clone(),
                pos: self.pos,
                answer,
            })
            .collect())
    }
}

pub struct Reason {
    state: Arc<State>,
    pos: usize,
    answer: usize,
}

#[Object]
impl Reason {
    async fn criterion_id(&self) -> ID {
        let a = self.state.profile.answers[self.answer];
        ID(self.state.catalog.criteria[a.criterion].id.clone())
    }
    async fn option_id(&self) -> ID {
        let a = self.state.profile.answers[self.answer];
        ID(self.state.catalog.criteria[a.criterion].options[a.option]
            .id
            .clone())
    }
    /// Signed points this answer adds to the framework's score (weight × rule score).
    async fn contribution(&self) -> f64 {
        self.state.rec.ranking[self.pos].contributions[self.answer]
    }
    /// The catalog's sentence for this rule, or a note that the answer is neutral.
    async fn explanation(&self) -> String {
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

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "Severity")]
pub enum SeverityGql {
    Info,
    Caution,
    Warning,
}

impl From<Severity> for SeverityGql {
    fn from(s: Severity) -> Self {
        match s {
            Severity::Info => SeverityGql::Info,
            Severity::Caution => SeverityGql::Caution,
            Severity::Warning => SeverityGql::Warning,
        }
    }
}

pub struct Takeaway {
    catalog: &'static Catalog,
    index: usize,
}

#[Object]
impl Takeaway {
    async fn id(&self) -> ID {
        ID(self.catalog.takeaways[self.index].id.clone())
    }
    async fn text(&self) -> &str {
        &self.catalog.takeaways[self.index].text
    }
    /// Ids of the frameworks the takeaway is about.
    async fn framework_ids(&self, ctx: &Context<'_>) -> Result<Vec<ID>> {
        charge(ctx, self.catalog.takeaways[self.index].frameworks.len()).await?;
        Ok(self.catalog.takeaways[self.index]
            .frameworks
            .iter()
            .map(|&f| ID(self.catalog.frameworks[f].id.clone()))
            .collect())
    }
    async fn severity(&self) -> SeverityGql {
        self.catalog.takeaways[self.index].severity.into()
    }
}

pub struct Pivot {
    state: Arc<State>,
    index: usize,
}

impl Pivot {
    fn entry(&self) -> &engine::Pivot {
        &self.state.rec.pivots[self.index]
    }
}

/// "If you answered `criterionId` with `optionId`, the top pick would be `newTop`."
#[Object]
impl Pivot {
    async fn criterion_id(&self) -> ID {
        ID(self.state.catalog.criteria[self.entry().criterion]
            .id
            .clone())
    }
    async fn option_id(&self) -> ID {
        let p = self.entry();
        ID(self.state.catalog.criteria[p.criterion].options[p.option]
            .id
            .clone())
    }
    /// The answer given now; null when the criterion was not answered (the pivot then
    /// assumes the new answer at weight 1).
    async fn from_option_id(&self) -> Option<ID> {
        let p = self.entry();
        p.from_option.map(|o| {
            ID(self.state.catalog.criteria[p.criterion].options[o]
                .id
                .clone())
        })
    }
    async fn option(&self) -> CriterionOption {
        let p = self.entry();
        CriterionOption(&self.state.catalog.criteria[p.criterion].options[p.option])
    }
    async fn new_top(&self) -> Framework {
        Framework {
            catalog: self.state.catalog,
            index: self.entry().new_top,
        }
    }
    /// Every framework that would share first place after the change (`newTop` first,
    /// then by framework id): more than one when the change makes a tie.
    async fn new_leaders(&self, ctx: &Context<'_>) -> Result<Vec<Framework>> {
        let leaders = &self.entry().new_leaders;
        charge(ctx, leaders.len()).await?;
        Ok(leaders
            .iter()
            .map(|&index| Framework {
                catalog: self.state.catalog,
                index,
            })
            .collect())
    }
    /// The new top's score after the change.
    async fn new_top_score(&self) -> f64 {
        self.entry().new_top_score
    }
}

#[derive(Default)]
pub struct RecommendationQuery;

#[Object]
impl RecommendationQuery {
    /// Preview a recommendation. Never logged.
    #[graphql(cache_control(no_cache))]
    async fn recommendation(
        &self,
        ctx: &Context<'_>,
        profile: ProfileInput,
    ) -> Result<Recommendation> {
        let c = catalog(ctx)?;
        let (p, rec) = compute(c, &profile)?;
        Ok(Recommendation::new(c, p, rec, None))
    }
}
