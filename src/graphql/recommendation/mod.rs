//! Recommendations as GraphQL: the profile input, the preview query; the explained result
//! is in [`objects`]. Submitting (which also logs the decision) lives in `mutation.rs`;
//! both build the result the same way, through [`compute`].

pub mod direct;
pub mod objects;
mod record;
mod walk;

use async_graphql::{Context, ID, InputObject, Object, Result};

use super::catalog::catalog;
use super::catalog::objects::LanguageGql;
use super::fast::Walked;
use crate::catalog::Catalog;
use crate::engine::{self, Profile};
use crate::service::recommend::{self, AnswerArgs};
pub use objects::{Recommendation, Takeaway};
pub use record::DecisionRecordFormat;

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
    /// Validates the input against the catalog (the service layer's rules); errors name
    /// the offending value.
    pub fn parse(&self, catalog: &Catalog) -> Result<Profile> {
        let (answers, languages) = self.args();
        Ok(recommend::parse_profile(
            catalog,
            &answers,
            languages.as_deref(),
        )?)
    }

    fn args(&self) -> (Vec<AnswerArgs<'_>>, Option<Vec<crate::catalog::Language>>) {
        let answers = self.answers.iter().map(|a| AnswerArgs {
            criterion_id: &a.criterion_id,
            option_id: &a.option_id,
            weight: a.weight,
        });
        recommend::profile_args(answers, self.languages.as_deref())
    }
}

/// Validates `input` and runs the engine.
pub fn compute(
    catalog: &Catalog,
    input: &ProfileInput,
) -> Result<(Profile, engine::Recommendation)> {
    let (answers, languages) = input.args();
    Ok(recommend::recommend(
        catalog,
        &answers,
        languages.as_deref(),
    )?)
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
