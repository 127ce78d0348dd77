//! Logging a decision and recording its outcome: the durability and authorization rules,
//! the same for `submitProfile`/`recordOutcome` (GraphQL) and `POST /api/v1/submit` /
//! `POST /api/v1/outcome` (REST).
//!
//! - A decision id is returned only once the decision log acknowledged the record
//!   (durably stored, or spooled during a database outage); otherwise the caller gets
//!   [`ServiceError::NotRecorded`] and may still show the recommendation.
//! - An outcome needs the decision's outcome token unless the service runs with
//!   `RECORD_OUTCOME_WITHOUT_TOKEN=true`; whether a decision exists is never told to
//!   someone without its token.

use uuid::Uuid;

use super::ServiceError;
use super::catalog::framework_index;
use super::input::{MAX_ID_CHARS, check_len, shown};
use crate::catalog::Catalog;
use crate::decision_log::DecisionLog;
use crate::domain::{ClientName, DecisionRecord, Hour, OutcomeToken};
use crate::engine::{self, Profile};
use crate::store::decisions::{OutcomeAuth, OutcomeStored};
use crate::store::{Database, StoreError};

/// Logs the decision anonymously; its id and outcome token once it is acknowledged.
pub async fn submit(
    catalog: &Catalog,
    log: &DecisionLog,
    profile: &Profile,
    rec: &engine::Recommendation,
    client_name: Option<ClientName>,
) -> Result<(Uuid, OutcomeToken), ServiceError> {
    let (record, token) =
        DecisionRecord::new(catalog, profile, rec, client_name, chrono::Utc::now());
    let id = record.decision_id;
    match log.record(record).await {
        Ok(()) => Ok((id, token)),
        Err(e) => {
            tracing::warn!(reason = %e, "decision not recorded");
            Err(ServiceError::NotRecorded(format!(
                "the recommendation is valid but the decision was not recorded: {e}"
            )))
        }
    }
}

/// What a client sends to report an outcome.
#[derive(Debug, Clone, Copy)]
pub struct OutcomeArgs<'a> {
    pub decision_id: &'a str,
    /// The framework's key or global id.
    pub chosen_framework_id: &'a str,
    pub outcome_token: Option<&'a str>,
}

/// Where outcomes go, and who may report them.
#[derive(Clone, Copy)]
pub struct OutcomeStore<'a> {
    pub database: Option<&'a Database>,
    pub log: &'a DecisionLog,
    pub auth: OutcomeAuth,
}

/// Records which framework a team chose for a logged decision (a second report
/// replaces the first).
pub async fn record_outcome(
    catalog: &Catalog,
    store: OutcomeStore<'_>,
    args: OutcomeArgs<'_>,
) -> Result<(), ServiceError> {
    let id = Uuid::parse_str(args.decision_id).map_err(|_| {
        ServiceError::BadInput(format!(
            "decisionId \"{}\" is not a UUID",
            shown(args.decision_id)
        ))
    })?;
    let framework = &catalog.frameworks[framework_index(catalog, args.chosen_framework_id)?];
    let Some(db) = store.database else {
        return Err(ServiceError::Unavailable(
            "outcomes need the decision log database (DATABASE_URL is not set)".into(),
        ));
    };
    let hour = Hour::now();
    if let Some(t) = args.outcome_token {
        check_len("outcomeToken", t.len(), MAX_ID_CHARS)?;
    }
    let token = args.outcome_token.map(OutcomeToken::parse);
    if token.is_none() && store.auth == OutcomeAuth::TokenRequired {
        return Err(ServiceError::Unauthenticated(
            "an outcome needs the outcomeToken returned with the decision (by submitProfile or \
             POST /api/v1/submit)"
                .into(),
        ));
    }
    match db
        .record_outcome(id, &framework.id, hour, token.as_ref(), store.auth)
        .await
    {
        Ok(OutcomeStored::Recorded) => Ok(()),
        // Whether a decision exists is not told to someone without its token: an unknown
        // id and a wrong token get the same answer.
        Ok(OutcomeStored::Forbidden) => Err(not_yours(id)),
        Ok(OutcomeStored::UnknownDecision) => {
            // A decision acknowledged during an outage may still be in the spool.
            let spooled = store.log.status().is_some_and(|s| s.spool.records > 0);
            if spooled {
                Err(ServiceError::Unavailable(format!(
                    "decision \"{id}\" is not in the database yet (the service is replaying decisions \
                     recorded during a database outage); retry later"
                )))
            } else if token.is_some() {
                Err(not_yours(id))
            } else {
                Err(ServiceError::BadInput(format!("unknown decision \"{id}\"")))
            }
        }
        Err(e @ StoreError::Unavailable(_)) => {
            tracing::warn!(error = %crate::telemetry::Chain(&e), "recordOutcome: database unreachable");
            Err(ServiceError::Unavailable(
                "the decision log database is unreachable; retry later".into(),
            ))
        }
        Err(e) => Err(ServiceError::internal("recording an outcome failed", &e)),
    }
}

fn not_yours(id: Uuid) -> ServiceError {
    ServiceError::Unauthenticated(format!(
        "unknown decision \"{id}\", or not its outcome token"
    ))
}
