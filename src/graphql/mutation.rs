//! Mutations: submitting a profile (recommendation + anonymous decision log) and reporting
//! what a team finally chose.

use async_graphql::{Context, ID, Object, Result};
use uuid::Uuid;

use super::RequestMeta;
use super::catalog::{catalog, framework_index};
use super::errors::{Chain, Code, bad_input, coded, internal, unauthenticated, unavailable};
use super::fast::Walked;
use super::input::{MAX_ID_CHARS, check_len, shown};
use super::recommendation::{ProfileInput, Recommendation, compute};
use crate::decision_log::DecisionLog;
use crate::domain::{DecisionRecord, Hour, OutcomeToken};
use crate::store::decisions::OutcomeAuth;
use crate::store::{Database, StoreError, decisions};

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
        let (record, token) =
            DecisionRecord::new(c, &p, &rec, meta.client_name.clone(), chrono::Utc::now());
        let id = record.decision_id;
        match log.record(record).await {
            Ok(()) => Ok(Walked(Recommendation::new(c, p, rec, Some((id, token))))),
            Err(e) => {
                tracing::warn!(reason = %e, "decision not recorded");
                let err = coded(
                    format!("the recommendation is valid but the decision was not recorded: {e}"),
                    Code::DecisionNotRecorded,
                );
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
        let id = Uuid::parse_str(&decision_id).map_err(|_| {
            bad_input(format!(
                "decisionId \"{}\" is not a UUID",
                shown(&decision_id)
            ))
        })?;
        let framework = &c.frameworks[framework_index(c, &chosen_framework_id)?];
        let Some(db) = ctx.data::<Option<Database>>()? else {
            return Err(unavailable(
                "outcomes need the decision log database (DATABASE_URL is not set)",
            ));
        };
        let hour = Hour::now();
        if let Some(t) = &outcome_token {
            check_len("outcomeToken", t.len(), MAX_ID_CHARS)?;
        }
        let token = outcome_token.as_deref().map(OutcomeToken::parse);
        let auth = *ctx.data::<OutcomeAuth>()?;
        if token.is_none() && auth == OutcomeAuth::TokenRequired {
            return Err(unauthenticated(
                "recordOutcome needs the outcomeToken that submitProfile returned with the decision",
            ));
        }
        match db
            .record_outcome(id, &framework.id, hour, token.as_ref(), auth)
            .await
        {
            Ok(decisions::OutcomeStored::Recorded) => Ok(true),
            // Whether a decision exists is not told to someone without its token: an
            // unknown id and a wrong token get the same answer.
            Ok(decisions::OutcomeStored::Forbidden) => Err(not_yours(id)),
            Ok(decisions::OutcomeStored::UnknownDecision) => {
                // A decision acknowledged during an outage may still be in the spool.
                let spooled = ctx
                    .data::<DecisionLog>()?
                    .status()
                    .is_some_and(|s| s.spool.records > 0);
                if spooled {
                    Err(unavailable(format!(
                        "decision \"{id}\" is not in the database yet (the service is replaying decisions \
                         recorded during a database outage); retry later"
                    )))
                } else if token.is_some() {
                    Err(not_yours(id))
                } else {
                    Err(bad_input(format!("unknown decision \"{id}\"")))
                }
            }
            Err(e @ StoreError::Unavailable(_)) => {
                tracing::warn!(error = %Chain(&e), "recordOutcome: database unreachable");
                Err(unavailable(
                    "the decision log database is unreachable; retry later",
                ))
            }
            Err(e) => Err(internal("recording an outcome failed", &e)),
        }
    }
}

fn not_yours(id: Uuid) -> async_graphql::Error {
    unauthenticated(format!(
        "unknown decision \"{id}\", or not its outcome token"
    ))
}
