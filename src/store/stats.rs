//! SQL for aggregate analytics. Returns raw counts; suppression of small groups happens in
//! `privacy::suppress` before anything leaves the service.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgExecutor, PgPool};

use super::StoreError;

/// The analytics queries on their own pool, with errors as [`StoreError`].
pub struct Stats<'a> {
    pool: &'a PgPool,
}

impl<'a> Stats<'a> {
    pub(super) fn new(pool: &'a PgPool) -> Stats<'a> {
        Stats { pool }
    }

    pub async fn total(&self, f: &Filter) -> Result<i64, StoreError> {
        Ok(total(self.pool, f).await?)
    }

    pub async fn by_framework(&self, f: &Filter) -> Result<Vec<(String, i64)>, StoreError> {
        Ok(by_framework(self.pool, f).await?)
    }

    pub async fn answers(
        &self,
        f: &Filter,
        criterion: &str,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        Ok(answers(self.pool, f, criterion).await?)
    }

    pub async fn daily(&self, f: &Filter) -> Result<Vec<(NaiveDate, i64)>, StoreError> {
        Ok(daily(self.pool, f).await?)
    }

    pub async fn outcomes(&self, f: &Filter) -> Result<Vec<(String, String, i64)>, StoreError> {
        Ok(outcomes(self.pool, f).await?)
    }
}

/// Which decisions to aggregate. Times compare with the hour a decision was made in:
/// `from` inclusive, `to` exclusive.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub client_name: Option<String>,
}

pub async fn total(db: impl PgExecutor<'_>, f: &Filter) -> Result<i64, sqlx::Error> {
    let row = sqlx::query!(
        r#"
        SELECT count(*) AS "n!"
        FROM decisions
        WHERE ($1::timestamptz IS NULL OR decided_hour >= $1)
          AND ($2::timestamptz IS NULL OR decided_hour < $2)
          AND ($3::text IS NULL OR client_name = $3)
        "#,
        f.from,
        f.to,
        f.client_name,
    )
    .fetch_one(db)
    .await?;
    Ok(row.n)
}

pub async fn by_framework(
    db: impl PgExecutor<'_>,
    f: &Filter,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"
        SELECT top_framework AS "key!", count(*) AS "n!"
        FROM decisions
        WHERE ($1::timestamptz IS NULL OR decided_hour >= $1)
          AND ($2::timestamptz IS NULL OR decided_hour < $2)
          AND ($3::text IS NULL OR client_name = $3)
        GROUP BY top_framework
        ORDER BY top_framework
        "#,
        f.from,
        f.to,
        f.client_name,
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.key, r.n)).collect())
}

pub async fn answers(
    db: impl PgExecutor<'_>,
    f: &Filter,
    criterion: &str,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"
        SELECT a ->> 'option' AS "key!", count(*) AS "n!"
        FROM decisions, jsonb_array_elements(answers) AS a
        WHERE ($1::timestamptz IS NULL OR decided_hour >= $1)
          AND ($2::timestamptz IS NULL OR decided_hour < $2)
          AND ($3::text IS NULL OR client_name = $3)
          AND a ->> 'criterion' = $4
        GROUP BY 1
        ORDER BY 1
        "#,
        f.from,
        f.to,
        f.client_name,
        criterion,
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.key, r.n)).collect())
}

pub async fn daily(
    db: impl PgExecutor<'_>,
    f: &Filter,
) -> Result<Vec<(NaiveDate, i64)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"
        SELECT (decided_hour AT TIME ZONE 'UTC')::date AS "day!", count(*) AS "n!"
        FROM decisions
        WHERE ($1::timestamptz IS NULL OR decided_hour >= $1)
          AND ($2::timestamptz IS NULL OR decided_hour < $2)
          AND ($3::text IS NULL OR client_name = $3)
        GROUP BY 1
        ORDER BY 1
        "#,
        f.from,
        f.to,
        f.client_name,
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.day, r.n)).collect())
}

/// (recommended, chosen, count) for decisions with a reported outcome.
pub async fn outcomes(
    db: impl PgExecutor<'_>,
    f: &Filter,
) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"
        SELECT d.top_framework AS "recommended!", o.chosen_framework AS "chosen!", count(*) AS "n!"
        FROM decision_outcomes o
        JOIN decisions d ON d.decision_id = o.decision_id
        WHERE ($1::timestamptz IS NULL OR d.decided_hour >= $1)
          AND ($2::timestamptz IS NULL OR d.decided_hour < $2)
          AND ($3::text IS NULL OR d.client_name = $3)
        GROUP BY 1, 2
        ORDER BY 1, 2
        "#,
        f.from,
        f.to,
        f.client_name,
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.recommended, r.chosen, r.n))
        .collect())
}

/// Writes the suppression threshold the BI views read, so they hide what the API hides.
pub async fn set_min_group_size(db: impl PgExecutor<'_>, k: i32) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE analytics_settings SET min_group_size = $1", k)
        .execute(db)
        .await?;
    Ok(())
}
