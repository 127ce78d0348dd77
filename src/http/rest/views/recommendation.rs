//! What the recommendation routes take (a profile, an outcome) and answer (the explained
//! recommendation), as GraphQL's `ProfileInput`, `Recommendation` and `recordOutcome`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{FrameworkRef, Language, OptionView};
use crate::catalog::{self, Catalog};
use crate::domain::OutcomeToken;
use crate::engine::{self, Profile};
use crate::service::decisions::OutcomeArgs;
use crate::service::recommend::{self, AnswerArgs, explanation};

/// A team's answers, and the languages it can use (GraphQL `ProfileInput`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProfileBody {
    /// At most one answer per question, at most 256. Unanswered questions do not count.
    #[schema(max_items = 256)]
    pub answers: Vec<AnswerBody>,
    /// Hard filter: only frameworks in these languages are candidates. Omit (or null)
    /// for all; an empty list leaves no candidate and is refused.
    #[serde(default)]
    #[schema(min_items = 1, max_items = 64)]
    pub languages: Option<Vec<Language>>,
}

/// One answer to one question (GraphQL `AnswerInput`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AnswerBody {
    /// A criterion's key (`criterionId` of `/api/v1/criteria`, e.g. `admin_panel`).
    #[schema(min_length = 1, max_length = 64)]
    pub criterion_id: String,
    /// An option's key within the question (e.g. `yes`).
    #[schema(min_length = 1, max_length = 64)]
    pub option_id: String,
    /// How much this answer matters, from 0 (ignore) to 10. Omitted or null: 1.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 10)]
    pub weight: Option<f64>,
}

impl ProfileBody {
    /// The service layer's view of the body.
    pub fn args(&self) -> (Vec<AnswerArgs<'_>>, Option<Vec<catalog::Language>>) {
        let answers = self.answers.iter().map(|a| AnswerArgs {
            criterion_id: &a.criterion_id,
            option_id: &a.option_id,
            weight: a.weight,
        });
        recommend::profile_args(answers, self.languages.as_deref())
    }
}

/// What the team chose for a logged decision (GraphQL `recordOutcome`'s arguments).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OutcomeBody {
    /// The `decisionId` that `POST /api/v1/submit` returned.
    #[schema(format = "uuid")]
    pub decision_id: String,
    /// The framework the team chose: its key, e.g. `django`.
    #[schema(min_length = 1, max_length = 64)]
    pub chosen_framework_id: String,
    /// The `outcomeToken` returned with the decision.
    #[serde(default)]
    #[schema(max_length = 64)]
    pub outcome_token: Option<String>,
}

impl OutcomeBody {
    pub fn args(&self) -> OutcomeArgs<'_> {
        OutcomeArgs {
            decision_id: &self.decision_id,
            chosen_framework_id: &self.chosen_framework_id,
            outcome_token: self.outcome_token.as_deref(),
        }
    }
}

/// The answer of `POST /api/v1/outcome`.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutcomeRecorded {
    /// Always true: anything else is an error.
    pub recorded: bool,
}

/// An explained recommendation (GraphQL `Recommendation`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RecommendationView {
    /// Set when the decision was logged (`/api/v1/submit`); null for previews.
    pub decision_id: Option<String>,
    /// The secret for reporting this decision's outcome, shown only this once; null with
    /// `decisionId`.
    pub outcome_token: Option<String>,
    pub catalog_version: String,
    /// 0 to 1: how clearly the top pick beats the runner-up.
    #[schema(minimum = 0, maximum = 1)]
    pub confidence: f64,
    /// The first entry of `ranking`.
    pub top: Ranked,
    /// How many frameworks share first place.
    #[schema(minimum = 1)]
    pub leaders: u32,
    /// Every candidate, best first.
    pub ranking: Vec<Ranked>,
    /// Warnings and advice the answers trigger, most severe first.
    pub takeaways: Vec<TakeawayView>,
    /// Single-answer changes that would change who comes first.
    pub pivots: Vec<PivotView>,
}

/// One candidate's place in the ranking, with its score explained.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Ranked {
    /// 1 for the top pick; equal scores share a rank (1, 1, 3).
    #[schema(minimum = 1)]
    pub rank: u32,
    pub framework: FrameworkRef,
    pub score: f64,
    /// 0–100: where the score sits between the lowest and highest reachable.
    #[schema(minimum = 0, maximum = 100)]
    pub fit: u8,
    /// One reason per answer that counts, in the order given.
    pub reasons: Vec<Reason>,
}

/// What one answer adds to one framework's score, and why.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Reason {
    pub criterion_id: String,
    pub option_id: String,
    pub contribution: f64,
    pub explanation: String,
}

/// How strongly a takeaway should be shown.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Severity {
    Info,
    Caution,
    Warning,
}

/// A warning or piece of advice the answers trigger.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TakeawayView {
    pub takeaway_id: String,
    pub text: String,
    pub framework_ids: Vec<String>,
    pub severity: Severity,
}

/// "If you answered `criterionId` with `optionId`, `newLeaders` would come first."
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PivotView {
    pub criterion_id: String,
    pub option_id: String,
    /// The answer given now; null when the criterion was not answered.
    pub from_option_id: Option<String>,
    pub option: OptionView,
    pub new_top: FrameworkRef,
    pub new_leaders: Vec<FrameworkRef>,
    pub new_top_score: f64,
}

impl RecommendationView {
    pub fn new(
        c: &Catalog,
        profile: &Profile,
        rec: &engine::Recommendation,
        decision: Option<(uuid::Uuid, OutcomeToken)>,
    ) -> RecommendationView {
        let ranked = |r: &engine::Ranked| Ranked {
            rank: r.rank,
            framework: FrameworkRef::new(c, r.framework),
            score: r.score,
            fit: r.fit,
            reasons: profile
                .answers
                .iter()
                .zip(&r.contributions)
                .map(|(a, &points)| {
                    let criterion = &c.criteria[a.criterion];
                    Reason {
                        criterion_id: criterion.id.clone(),
                        option_id: criterion.options[a.option].id.clone(),
                        contribution: points,
                        explanation: explanation(c, a.criterion, a.option, r.framework),
                    }
                })
                .collect(),
        };
        let (decision_id, outcome_token) = match decision {
            Some((id, token)) => (Some(id.to_string()), Some(token.expose().to_string())),
            None => (None, None),
        };
        RecommendationView {
            decision_id,
            outcome_token,
            catalog_version: c.version.clone(),
            confidence: rec.confidence,
            top: ranked(rec.top()),
            leaders: u32::try_from(rec.leaders()).unwrap_or(u32::MAX),
            ranking: rec.ranking.iter().map(ranked).collect(),
            takeaways: rec
                .takeaways
                .iter()
                .map(|&t| takeaway(c, &c.takeaways[t]))
                .collect(),
            pivots: rec.pivots.iter().map(|p| pivot(c, p)).collect(),
        }
    }
}

fn takeaway(c: &Catalog, t: &catalog::Takeaway) -> TakeawayView {
    TakeawayView {
        takeaway_id: t.id.clone(),
        text: t.text.clone(),
        framework_ids: t
            .frameworks
            .iter()
            .map(|&f| c.frameworks[f].id.clone())
            .collect(),
        severity: match t.severity {
            catalog::Severity::Info => Severity::Info,
            catalog::Severity::Caution => Severity::Caution,
            catalog::Severity::Warning => Severity::Warning,
        },
    }
}

fn pivot(c: &Catalog, p: &engine::Pivot) -> PivotView {
    let criterion = &c.criteria[p.criterion];
    let option = &criterion.options[p.option];
    PivotView {
        criterion_id: criterion.id.clone(),
        option_id: option.id.clone(),
        from_option_id: p.from_option.map(|o| criterion.options[o].id.clone()),
        option: OptionView {
            option_id: option.id.clone(),
            label: option.label.clone(),
        },
        new_top: FrameworkRef::new(c, p.new_top),
        new_leaders: p
            .new_leaders
            .iter()
            .map(|&f| FrameworkRef::new(c, f))
            .collect(),
        new_top_score: p.new_top_score,
    }
}
