//! SQL for the decision log: batched inserts and outcome reports.

use sqlx::PgExecutor;
use sqlx::types::Json;
use uuid::Uuid;

use crate::domain::{DecisionRecord, Hour};

/// Inserts a batch in one statement (one round trip, one commit). Idempotent: a decision id
/// that is already stored is skipped, so replaying a batch after a crash stores nothing
/// twice. Returns how many rows were new.
pub async fn insert_batch(
    db: impl PgExecutor<'_>,
    batch: &[DecisionRecord],
) -> Result<u64, sqlx::Error> {
    let n = batch.len();
    let mut ids = Vec::with_capacity(n);
    let mut hours = Vec::with_capacity(n);
    let mut versions = Vec::with_capacity(n);
    let mut answers = Vec::with_capacity(n);
    let mut languages: Vec<Option<String>> = Vec::with_capacity(n);
    let mut tops = Vec::with_capacity(n);
    let mut rankings = Vec::with_capacity(n);
    let mut clients: Vec<Option<String>> = Vec::with_capacity(n);
    for d in batch {
        ids.push(d.decision_id);
        hours.push(d.decided_hour.as_datetime());
        versions.push(d.catalog_version.clone());
        // Bound as `Json`, serialized straight into the statement's buffer: no
        // intermediate `serde_json::Value` tree per row.
        answers.push(Json(&d.answers));
        // Multi-dimensional arrays must be rectangular in PostgreSQL, so each row's language
        // list travels as one comma-joined string and is split again in SQL.
        languages.push(d.languages.as_ref().map(|l| l.join(",")));
        tops.push(d.top_framework.clone());
        rankings.push(Json(&d.ranking));
        clients.push(d.client_name.as_ref().map(|c| c.as_str().to_string()));
    }
    let result = sqlx::query!(
        r#"
        INSERT INTO decisions
            (decision_id, decided_hour, catalog_version, answers, languages, top_framework, ranking, client_name)
        SELECT d.id, d.hour, d.version, d.answers,
               CASE WHEN d.languages IS NULL THEN NULL ELSE string_to_array(d.languages, ',') END,
               d.top, d.ranking, d.client
        FROM UNNEST($1::uuid[], $2::timestamptz[], $3::text[], $4::jsonb[], $5::text[], $6::text[], $7::jsonb[], $8::text[])
            AS d(id, hour, version, answers, languages, top, ranking, client)
        ON CONFLICT ON CONSTRAINT decisions_pkey DO NOTHING
        "#,
        &ids,
        &hours,
        &versions,
        &answers as _,
        &languages as &[Option<String>],
        &tops,
        &rankings as _,
        &clients as &[Option<String>],
    )
    .execute(db)
    .await?;
    Ok(result.rows_affected())
}

/// The same rows, one INSERT each: the baseline the group-commit benchmark compares with.
pub async fn insert_one(db: impl PgExecutor<'_>, d: &DecisionRecord) -> Result<u64, sqlx::Error> {
    insert_batch(db, std::slice::from_ref(d)).await
}

#[derive(Debug, PartialEq, Eq)]
pub enum OutcomeStored {
    Recorded,
    UnknownDecision,
}

/// Records (or replaces) what a team finally chose for a decision.
pub async fn record_outcome(
    db: impl PgExecutor<'_>,
    decision_id: Uuid,
    chosen_framework: &str,
    hour: Hour,
) -> Result<OutcomeStored, sqlx::Error> {
    let result = sqlx::query!(
        r#"
        INSERT INTO decision_outcomes (decision_id, chosen_framework, recorded_hour)
        VALUES ($1, $2, $3)
        ON CONFLICT ON CONSTRAINT decision_outcomes_pkey
        DO UPDATE SET chosen_framework = EXCLUDED.chosen_framework, recorded_hour = EXCLUDED.recorded_hour
        "#,
        decision_id,
        chosen_framework,
        hour.as_datetime(),
    )
    .execute(db)
    .await;
    match result {
        Ok(_) => Ok(OutcomeStored::Recorded),
        Err(sqlx::Error::Database(e))
            if e.constraint() == Some("decision_outcomes_decision_fkey") =>
        {
            Ok(OutcomeStored::UnknownDecision)
        }
        Err(e) => Err(e),
    }
}
