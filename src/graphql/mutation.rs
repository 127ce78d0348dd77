//! Mutations: submitting a profile (recommendation + anonymous decision log) and reporting
//! what a team finally chose. The rules (durability, outcome tokens) are the service
//! layer's ([`crate::service::decisions`]), shared with the REST API.

use async_graphql::{Context, ID, Object, Result};

use super::RequestMeta;
use super::catalog::catalog;
use super::fast::Walked;
use super::recommendation::direct::Submitted;
use super::recommendation::{ProfileInput, Recommendation, compute};
use crate::decision_log::DecisionLog;
use crate::service::decisions;
use crate::store::Database;
use crate::store::decisions::OutcomeAuth;

#[derive(Default)]
pub struct Mutation;

/// The writes: logging a decision, reporting what a team chose.
#[Object]
impl Mutation {
    /// Computes the same recommendation as the `recommendation` preview and logs the
    /// decision anonymously. `decisionId` is returned only once the decision is durably
    /// stored; if it could not be, the recommendation is still returned, with
    /// `decisionId: null` and an error whose `extensions.code` is `DECISION_NOT_RECORDED`.
    async fn submit_profile<'ctx>(
        &self,
        ctx: &Context<'ctx>,
        #[graphql(desc = "The team's answers and languages.")] profile: ProfileInput,
    ) -> Result<Walked<Recommendation<'ctx>>> {
        let c = catalog(ctx)?;
        let (p, rec) = compute(c, &profile)?;
        let meta = ctx.data::<RequestMeta>()?;
        let log = ctx.data::<DecisionLog>()?;
        // Logged already on the direct path (`recommendation::direct`), which hands the
        // executor its result when it cannot write the answer itself: never log twice.
        let logged = match ctx.data_opt::<Submitted>().and_then(Submitted::take) {
            Some(logged) => logged,
            None => decisions::submit(c, log, &p, &rec, meta.client_name.clone()).await,
        };
        match logged {
            Ok(decision) => Ok(Walked(Recommendation::new(c, p, rec, Some(decision)))),
            Err(e) => {
                // The recommendation is still worth showing: data plus a field error.
                let err = async_graphql::Error::from(e);
                ctx.add_error(ctx.set_error_path(err.into_server_error(ctx.item.pos)));
                Ok(Walked(Recommendation::new(c, p, rec, None)))
            }
        }
    }

    /// Reports which framework the team actually chose for a logged decision. Needs the
    /// `outcomeToken` `submitProfile` returned with the decision, so only its submitter can
    /// report (unless the service runs with `RECORD_OUTCOME_WITHOUT_TOKEN=true`). A second
    /// report for the same decision replaces the first. Returns true once stored.
    async fn record_outcome(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The `decisionId` submitProfile returned.")] decision_id: ID,
        #[graphql(
            desc = "The framework the team chose: its key (e.g. `django`) or its global id."
        )]
        chosen_framework_id: ID,
        #[graphql(desc = "The `outcomeToken` submitProfile returned with the decision.")]
        outcome_token: Option<String>,
    ) -> Result<bool> {
        let c = catalog(ctx)?;
        let store = decisions::OutcomeStore {
            database: ctx.data::<Option<Database>>()?.as_ref(),
            log: ctx.data::<DecisionLog>()?,
            auth: *ctx.data::<OutcomeAuth>()?,
        };
        let args = decisions::OutcomeArgs {
            decision_id: &decision_id,
            chosen_framework_id: &chosen_framework_id,
            outcome_token: outcome_token.as_deref(),
        };
        decisions::record_outcome(c, store, args).await?;
        Ok(true)
    }
}
