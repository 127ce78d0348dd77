//! Mutations: submitting a profile (recommendation + anonymous decision log) and reporting
//! what a team finally chose.

use async_graphql::{Context, ID, Object, Result};
use uuid::Uuid;

use super::RequestMeta;
use super::catalog::{catalog, framework_index};
use super::errors::{Chain, Code, bad_input, coded, internal, unavailable};
use super::input::shown;
use super::recommendation::{ProfileInput, Recommendation, compute};
use crate::decision_log::DecisionLog;
use crate::domain::{DecisionRecord, Hour};
use crate::store::{Database, StoreError, decisions};

#[derive(Default)]
pub struct Mutation;

#[Object]
impl Mutation {
    /// Computes the same recommendation as the `recommendation` preview and logs the
    /// decision anonymously. `decisionId` is returned only once the decision is durably
    /// stored; if it could not be, the recommendation is still returned, with
    /// `decisionId: null` and an error whose `extensions.code` is `DECISION_NOT_RECORDED`.
    async fn submit_profile(
        &self,
        ctx: &Context<'_>,
        profile: ProfileInput,
    ) -> Result<Recommendation> {
        let c = catalog(ctx)?;
        let (p, rec) = compute(c, &profile)?;
        let meta = ctx.data::<RequestMeta>()?;
        let log = ctx.data::<DecisionLog>()?;
        let record = DecisionRecord::new(c, &p, &rec, meta.client_name.clone(), chrono::Utc::now());
        let id = record.decision_id;
        match log.record(record).await {
            Ok(()) => Ok(Recommendation::new(c, p, rec, Some(id))),
            Err(e) => {
                tracing::warn!(reason = %e, "decision not recorded");
                let err = coded(
                    format!("the recommendation is valid but the decision was not recorded: {e}"),
                    Code::DecisionNotRecorded,
                );
                ctx.add_error(ctx.set_error_path(err.into_server_error(ctx.item.pos)));
                Ok(Recommendation::new(c, p, rec, None))
            }
        }
    }

    /// Reports which framework the team actually chose for a logged decision. A second
    /// report for the same decision replaces the first. Returns true once stored.
    async fn record_outcome(
        &self,
        ctx: &Context<'_>,
        decision_id: ID,
        chosen_framework_id: ID,
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
        match db.record_outcome(id, &framework.id, hour).await {
            Ok(decisions::OutcomeStored::Recorded) => Ok(true),
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
