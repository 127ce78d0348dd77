//! SQL for the decision log: batched inserts (with the daily rollups the analytics read)
//! and outcome reports.

use chrono::{DateTime, Utc};
use sqlx::postgres::{PgHasArrayType, PgTypeInfo};
use sqlx::{PgConnection, PgExecutor, PgPool, Postgres};
use uuid::Uuid;

use crate::domain::{ClientName, DecisionRecord, Hour, OutcomeToken, TokenHash};

/// Which rollup rows a batch adds to (`decision_days.shard`, `answer_days.shard`). A
/// batch holds its rollup rows locked until it commits, so batches written side by side
/// must not share them; the writer gives each batch in flight its own shard, and readers
/// sum over shards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RollupShard(pub i16);

/// One decision as it travels to PostgreSQL: the composite type `decision_row`
/// (migrations/20261127000001), sent in binary, so nothing in it is parsed from text
/// (the jsonb columns it replaced were about a third of the insert's cost).
#[derive(sqlx::Encode)]
struct DecisionRow<'a> {
    decision_id: Uuid,
    decided_hour: DateTime<Utc>,
    catalog_version: &'a str,
    answer_criteria: Vec<&'a str>,
    answer_options: Vec<&'a str>,
    answer_weights: Vec<f64>,
    languages: Option<&'a [String]>,
    top_framework: &'a str,
    ranking_frameworks: Vec<&'a str>,
    ranking_scores: Vec<f64>,
    client_name: Option<&'a str>,
    outcome_token_hash: Option<&'a [u8]>,
}

impl sqlx::Type<Postgres> for DecisionRow<'_> {
    fn type_info() -> PgTypeInfo {
        PgTypeInfo::with_name("decision_row")
    }
}

impl PgHasArrayType for DecisionRow<'_> {
    fn array_type_info() -> PgTypeInfo {
        PgTypeInfo::array_of("decision_row")
    }
}

impl<'a> DecisionRow<'a> {
    fn of(d: &'a DecisionRecord) -> DecisionRow<'a> {
        DecisionRow {
            decision_id: d.decision_id,
            decided_hour: d.decided_hour.as_datetime(),
            catalog_version: &d.catalog_version,
            answer_criteria: d.answers.iter().map(|a| a.criterion.as_str()).collect(),
            answer_options: d.answers.iter().map(|a| a.option.as_str()).collect(),
            answer_weights: d.answers.iter().map(|a| a.weight).collect(),
            languages: d.languages.as_deref(),
            top_framework: &d.top_framework,
            ranking_frameworks: d.ranking.iter().map(|r| r.framework.as_str()).collect(),
            ranking_scores: d.ranking.iter().map(|r| r.score).collect(),
            client_name: d.client_name.as_ref().map(ClientName::as_str),
            outcome_token_hash: d.outcome_token_hash.as_ref().map(|h| h.0.as_slice()),
        }
    }
}

/// [`insert_batch_in`] on shard 0: for callers with one batch at a time (the spool's
/// drainer, tools, tests).
pub async fn insert_batch(
    db: impl PgExecutor<'_>,
    batch: &[DecisionRecord],
) -> Result<u64, sqlx::Error> {
    insert_batch_in(db, batch, RollupShard::default()).await
}

/// Inserts a batch in one statement (one round trip, one commit), and adds the rows it
/// actually inserted to the daily rollups (`decision_days`, `answer_days`) of `shard` in
/// the same statement. Idempotent: a decision id that is already stored is skipped, and
/// so is its share of the rollups, so replaying a batch after a crash stores nothing
/// twice. Returns how many rows were new.
///
/// Rollup rows are upserted in primary-key order, so concurrent batches that do share a
/// shard lock them in the same order and cannot deadlock.
pub async fn insert_batch_in(
    db: impl PgExecutor<'_>,
    batch: &[DecisionRecord],
    shard: RollupShard,
) -> Result<u64, sqlx::Error> {
    let rows: Vec<DecisionRow<'_>> = batch.iter().map(DecisionRow::of).collect();
    let row = sqlx::query!(
        r#"
        WITH inserted AS (
            INSERT INTO decisions
                (decision_id, decided_hour, catalog_version, answer_criteria, answer_options,
                 answer_weights, languages, top_framework, ranking_frameworks, ranking_scores,
                 client_name, outcome_token_hash)
            SELECT (d).decision_id, (d).decided_hour, (d).catalog_version, (d).answer_criteria,
                   (d).answer_options, (d).answer_weights, (d).languages, (d).top_framework,
                   (d).ranking_frameworks, (d).ranking_scores, (d).client_name,
                   (d).outcome_token_hash
            FROM UNNEST($1::decision_row[]) AS d
            ON CONFLICT ON CONSTRAINT decisions_pkey DO NOTHING
            RETURNING decision_id, (decided_hour AT TIME ZONE 'UTC')::date AS day,
                      coalesce(client_name, '') AS client, catalog_version, top_framework,
                      answer_criteria, answer_options, answer_weights
        ), days AS (
            INSERT INTO decision_days
                (day, client_name, catalog_version, top_framework, shard, decisions)
            SELECT day, client, catalog_version, top_framework, $2, count(*)
            FROM inserted
            GROUP BY 1, 2, 3, 4
            ORDER BY 1, 2, 3, 4
            ON CONFLICT ON CONSTRAINT decision_days_pkey
            DO UPDATE SET decisions = decision_days.decisions + EXCLUDED.decisions
        ), answered AS (
            -- Answers given with a weight above zero (a weight of 0 means "ignore").
            INSERT INTO answer_days
                (day, client_name, catalog_version, criterion, option, top_framework, shard,
                 decisions)
            SELECT i.day, i.client, i.catalog_version, a.criterion, a.option, i.top_framework,
                   $2, count(*)
            FROM inserted i,
                 UNNEST(i.answer_criteria, i.answer_options, i.answer_weights)
                     AS a(criterion, option, weight)
            WHERE a.weight > 0
            GROUP BY 1, 2, 3, 4, 5, 6
            ORDER BY 4, 1, 2, 3, 5, 6
            ON CONFLICT ON CONSTRAINT answer_days_pkey
            DO UPDATE SET decisions = answer_days.decisions + EXCLUDED.decisions
        )
        SELECT count(*) AS "inserted!" FROM inserted
        "#,
        &rows as &[DecisionRow<'_>],
        shard.0,
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
