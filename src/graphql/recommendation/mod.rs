//! Recommendations as GraphQL: the profile input, the preview query; the explained result
//! is in [`objects`]. Submitting (which also logs the decision) lives in `mutation.rs`;
//! both build the result the same way, through [`compute`].

pub mod objects;
mod record;
mod walk;

use async_graphql::{Context, ID, InputObject, Object, Result};

use super::catalog::catalog;
use super::catalog::objects::LanguageGql;
use super::errors::bad_input;
use super::fast::Walked;
use super::ids::key_of;
use super::input::{MAX_ANSWERS, MAX_ID_CHARS, MAX_LIST_ITEMS, check_len};
use crate::catalog::Catalog;
use crate::engine::{self, Profile, RawAnswer};
pub use objects::{Recommendation, Takeaway};
pub use record::DecisionRecordFormat;

/// Weight of an answer that does not say.
const DEFAULT_WEIGHT: f64 = 1.0;

/// One answer to one question of the questionnaire.
#[derive(InputObject, Debug)]
pub struct AnswerInput {
    /// The question: a criterion's key (`Criterion.criterionId`, e.g. `admin_panel`) or
    /// its global id.
    pub criterion_id: ID,
    /// The answer: an option's key within the question (`CriterionOption.optionId`, e.g.
    /// `yes`) or its global id.
    pub option_id: ID,
    /// How much this answer matters, from 0 (ignore: exactly as if unanswered) to 10.
    /// Default (and explicit null): 1.
    #[graphql(default = 1.0)]
    pub weight: Option<f64>,
}

/// A team's answers, and the languages it can use.
#[derive(InputObject, Debug)]
pub struct ProfileInput {
    /// At most one answer per question, at most 256. Unanswered questions do not count.
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
            .map(|a| {
                let criterion_id = key_of("Criterion", &a.criterion_id);
                // A global option id is `CriterionOption:<criterion>:<option>`.
                let option_id = key_of("CriterionOption", &a.option_id);
                let option_id = option_id
                    .strip_prefix(criterion_id)
                    .and_then(|rest| rest.strip_prefix(':'))
                    .unwrap_or(option_id);
                RawAnswer {
                    criterion_id,
                    option_id,
                    weight: a.weight.unwrap_or(DEFAULT_WEIGHT),
                }
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
    catalog: &Catalog,
    input: &ProfileInput,
) -> Result<(Profile, engine::Recommendation)> {
    let profile = input.parse(catalog)?;
    let rec = engine::recommend(catalog, &profile);
    Ok((profile, rec))
}

#[derive(Default)]
pub struct RecommendationQuery;

#[Object]
impl RecommendationQuery {
    /// Preview a recommendation: the same as `submitProfile` gives, never logged.
    #[graphql(cache_control(no_cache))]
    async fn recommendation<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        #[graphql(desc = "The team's answers and languages.")] profile: ProfileInput,
    ) -> Result<Walked<Recommendation<'ctx>>> {
        let c = catalog(ctx)?;
        let (p, rec) = compute(c, &profile)?;
        Ok(Walked(Recommendation::new(c, p, rec, None)))
    }
}
