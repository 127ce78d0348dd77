//! SQL for the decision log: batched inserts (with the daily rollups the analytics read)
//! and outcome reports.

use sqlx::types::Json;
use sqlx::{PgConnection, PgExecutor, PgPool};
use uuid::Uuid;

use crate::domain::{DecisionRecord, Hour, OutcomeToken, TokenHash};

/// Inserts a batch in one statement (one round trip, one commit), and adds the rows it
/// actually inserted to the daily rollups (`decision_days`, `answer_days`) in the same
/// statement. Idempotent: a decision id that is already stored is skipped, and so is its
/// share of the rollups, so replaying a batch after a crash stores nothing twice. Returns
/// how many rows were new.
///
/// Rollup rows are upserted in primary-key order, so concurrent batches lock them in
/// the same order and cannot deadlock.
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
    let mut token_hashes: Vec<Option<Vec<u8>>> = Vec::with_capacity(n);
    // One row per answer given with a weight above zero, for `answer_days`: passed as
    // plain arrays so PostgreSQL does not parse the jsonb again.
    let mut answer_ids = Vec::with_capacity(n * 8);
    let mut criteria = Vec::with_capacity(n * 8);
    let mut options = Vec::with_capacity(n * 8);
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
        token_hashes.push(d.outcome_token_hash.map(|h| h.0.to_vec()));
        for a in d.answers.iter().filter(|a| a.weight > 0.0) {
            answer_ids.push(d.decision_id);
            criteria.push(a.criterion.clone());
            options.push(a.option.clone());
        }
    }
    let row = sqlx::query!(
        r#"
        WITH inserted AS (
            INSERT INTO decisions
                (decision_id, decided_hour, catalog_version, answers, languages, top_framework,
                 ranking, client_name, outcome_token_hash)
            SELECT d.id, d.hour, d.version, d.answers,
                   CASE WHEN d.languages IS NULL THEN NULL ELSE string_to_array(d.languages, ',') END,
                   d.top, d.ranking, d.client, d.token_hash
            FROM UNNEST($1::uuid[], $2::timestamptz[], $3::text[], $4::jsonb[], $5::text[],
                        $6::text[], $7::jsonb[], $8::text[], $9::bytea[])
                AS d(id, hour, version, answers, languages, top, ranking, client, token_hash)
            ON CONFLICT ON CONSTRAINT decisions_pkey DO NOTHING
            RETURNING decision_id, (decided_hour AT TIME ZONE 'UTC')::date AS day,
                      coalesce(client_name, '') AS client, catalog_version, top_framework
        ), days AS (
            INSERT INTO decision_days (day, client_name, catalog_version, top_framework, decisions)
            SELECT day, client, catalog_version, top_framework, count(*)
            FROM inserted
            GROUP BY 1, 2, 3, 4
            ORDER BY 1, 2, 3, 4
            ON CONFLICT ON CONSTRAINT decision_days_pkey
            DO UPDATE SET decisions = decision_days.decisions + EXCLUDED.decisions
        ), answered AS (
            INSERT INTO answer_days
                (day, client_name, catalog_version, criterion, option, top_framework, decisions)
            SELECT i.day, i.client, i.catalog_version, a.criterion, a.option, i.top_framework,
                   count(*)
            FROM UNNEST($10::uuid[], $11::text[], $12::text[]) AS a(id, criterion, option)
            JOIN inserted i ON i.decision_id = a.id
            GROUP BY 1, 2, 3, 4, 5, 6
            ORDER BY 4, 1, 2, 3, 5, 6
            ON CONFLICT ON CONSTRAINT answer_days_pkey
            DO UPDATE SET decisions = answer_days.decisions + EXCLUDED.decisions
        )
        SELECT count(*) AS "inserted!" FROM inserted
        "#,
        &ids,
        &hours,
        &versions,
        &answers as _,
        &languages as &[Option<String>],
        &tops,
        &rankings as _,
        &clients as &[Option<String>],
        &token_hashes as &[Option<Vec<u8>>],
        &answer_ids,
        &criteria,
        &options,
    )
    .fetch_one(db)
    .await?;
    Ok(u64::try_from(row.inserted).unwrap_or(0))
}

/// The same rows, one INSERT each: the baseline the group-commit benchmark compares with.
pub async fn insert_one(db: impl PgExecutor<'_>, d: &DecisionRecord) -> Result<u64, sqlx::Error> {
    insert_batch(db, std::slice::from_ref(d)).await
}

#[derive(Debug, PartialEq, Eq)]
pub enum OutcomeStored {
    Recorded,
    /// No such decision (as far as the database knows: it may still be in the spool).
    UnknownDecision,
    /// The decision exists but the token is missing or wrong.
    Forbidden,
}

/// Who may report an outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeAuth {
    /// Only with the decision's outcome token.
    TokenRequired,
    /// Also without a token (the behaviour before tokens existed); a token that is given
    /// must still be the right one.
    TokenOptional,
}

/// Records (or replaces) what a team finally chose for a decision, if `token` is the one
/// handed out for it, and moves the decision's count in `outcome_days` from the previous
/// choice to this one. One transaction; the decision row is locked so two concurrent
/// reports cannot both move the count.
pub async fn record_outcome(
    pool: &PgPool,
    decision_id: Uuid,
    chosen_framework: &str,
    hour: Hour,
    token: Option<&OutcomeToken>,
    auth: OutcomeAuth,
) -> Result<OutcomeStored, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let decision = sqlx::query!(
        r#"
        SELECT (decided_hour AT TIME ZONE 'UTC')::date AS "day!",
               coalesce(client_name, '') AS "client!",
               catalog_version, top_framework, outcome_token_hash
        FROM decisions WHERE decision_id = $1
        FOR UPDATE
        "#,
        decision_id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(decision) = decision else {
        return Ok(OutcomeStored::UnknownDecision);
    };
    let stored_hash = decision
        .outcome_token_hash
        .as_deref()
        .and_then(|h| <[u8; 32]>::try_from(h).ok())
        .map(TokenHash);
    let allowed = match (token, stored_hash) {
        (Some(token), Some(hash)) => hash.verifies(token),
        (Some(_), None) => false,
        (None, _) => auth == OutcomeAuth::TokenOptional,
    };
    if !allowed {
        return Ok(OutcomeStored::Forbidden);
    }
    let previous = sqlx::query_scalar!(
        "SELECT chosen_framework FROM decision_outcomes WHERE decision_id = $1",
        decision_id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    sqlx::query!(
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
    .execute(&mut *tx)
    .await?;
    if previous.as_deref() != Some(chosen_framework) {
        let cell = OutcomeCell {
            day: decision.day,
            client: &decision.client,
            version: &decision.catalog_version,
            recommended: &decision.top_framework,
        };
        if let Some(previous) = &previous {
            cell.adjust(&mut tx, previous, -1).await?;
        }
        cell.adjust(&mut tx, chosen_framework, 1).await?;
    }
    tx.commit().await?;
    Ok(OutcomeStored::Recorded)
}

/// One decision's coordinates in `outcome_days`.
struct OutcomeCell<'a> {
    day: chrono::NaiveDate,
    client: &'a str,
    version: &'a str,
    recommended: &'a str,
}

impl OutcomeCell<'_> {
    /// Adds `delta` (+1 or -1) to the count of `chosen` in this decision's cell. A -1 always
    /// finds its row (it undoes a +1 of the same decision); the inserted value is clamped
    /// only because PostgreSQL checks `decisions >= 0` on the proposed row before it sees
    /// the conflict.
    async fn adjust(
        &self,
        tx: &mut PgConnection,
        chosen: &str,
        delta: i32,
    ) -> Result<(), sqlx::Error> {
        sqlx::query!(
            r#"
            INSERT INTO outcome_days (day, client_name, catalog_version, recommended, chosen, decisions)
            VALUES ($1, $2, $3, $4, $5, GREATEST($6, 0))
            ON CONFLICT ON CONSTRAINT outcome_days_pkey
            DO UPDATE SET decisions = outcome_days.decisions + $6
            "#,
            self.day,
            self.client,
            self.version,
            self.recommended,
            chosen,
            delta,
        )
        .execute(tx)
        .await?;
        Ok(())
    }
}
