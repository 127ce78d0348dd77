//! SQL for aggregate analytics. Every query reads the daily rollups (`decision_days`,
//! `answer_days`, `outcome_days`), never the decisions themselves, and returns raw
//! counts: which weeks may be counted and which cells must be hidden is decided in
//! `reporting`, with the rules of `privacy`, before anything leaves the service.

use chrono::NaiveDate;
use sqlx::{PgExecutor, PgPool};

use super::StoreError;

/// Which decisions to aggregate: whole days (`from` inclusive, `to` exclusive; the
/// caller snaps them to weeks), a client name (`""` for decisions without one is never
/// asked for), a catalog version.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub client_name: Option<String>,
    pub catalog_version: Option<String>,
}

/// The analytics queries on their own pool, with errors as [`StoreError`].
pub struct Stats<'a> {
    pool: &'a PgPool,
}

impl<'a> Stats<'a> {
    pub(super) fn new(pool: &'a PgPool) -> Stats<'a> {
        Stats { pool }
    }

    /// Decisions per week (Monday) of the filtered set.
    pub async fn weekly(&self, f: &Filter) -> Result<Vec<(NaiveDate, i64)>, StoreError> {
        let rows = sqlx::query!(
            r#"
            SELECT week AS "week!", sum(decisions)::bigint AS "n!"
            FROM decision_days
            WHERE ($1::date IS NULL OR day >= $1) AND ($2::date IS NULL OR day < $2)
              AND ($3::text IS NULL OR client_name = $3)
              AND ($4::text IS NULL OR catalog_version = $4)
            GROUP BY week
            ORDER BY week
            "#,
            f.from,
            f.to,
            f.client_name,
            f.catalog_version,
        )
        .fetch_all(self.pool)
        .await?;
        Ok(rows.into_iter().map(|r| (r.week, r.n)).collect())
    }

    /// Decisions per (day, recommended framework) in the kept weeks.
    pub async fn days_by_framework(
        &self,
        f: &Filter,
        weeks: &[NaiveDate],
    ) -> Result<Vec<(NaiveDate, String, i64)>, StoreError> {
        let rows = sqlx::query!(
            r#"
            SELECT day AS "day!", top_framework AS "framework!", sum(decisions)::bigint AS "n!"
            FROM decision_days
            WHERE week = ANY($5::date[])
              AND ($1::date IS NULL OR day >= $1) AND ($2::date IS NULL OR day < $2)
              AND ($3::text IS NULL OR client_name = $3)
              AND ($4::text IS NULL OR catalog_version = $4)
            GROUP BY 1, 2
            ORDER BY 1, 2
            "#,
            f.from,
            f.to,
            f.client_name,
            f.catalog_version,
            weeks,
        )
        .fetch_all(self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| (r.day, r.framework, r.n))
            .collect())
    }

    /// Answers per (option, recommended framework) of one criterion, in the kept weeks.
    pub async fn answers(
        &self,
        f: &Filter,
        weeks: &[NaiveDate],
        criterion: &str,
    ) -> Result<Vec<(String, String, i64)>, StoreError> {
        let rows = sqlx::query!(
            r#"
            SELECT option AS "option!", top_framework AS "framework!", sum(decisions)::bigint AS "n!"
            FROM answer_days
            WHERE criterion = $6 AND week = ANY($5::date[])
              AND ($1::date IS NULL OR day >= $1) AND ($2::date IS NULL OR day < $2)
              AND ($3::text IS NULL OR client_name = $3)
              AND ($4::text IS NULL OR catalog_version = $4)
            GROUP BY 1, 2
            "#,
            f.from,
            f.to,
            f.client_name,
            f.catalog_version,
            weeks,
            criterion,
        )
        .fetch_all(self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| (r.option, r.framework, r.n))
            .collect())
    }

    /// Reported outcomes per (recommended, chosen) framework, in the kept weeks.
    pub async fn outcomes(
        &self,
        f: &Filter,
        weeks: &[NaiveDate],
    ) -> Result<Vec<(String, String, i64)>, StoreError> {
        let rows = sqlx::query!(
            r#"
            SELECT recommended AS "recommended!", chosen AS "chosen!", sum(decisions)::bigint AS "n!"
            FROM outcome_days
            WHERE week = ANY($5::date[])
              AND ($1::date IS NULL OR day >= $1) AND ($2::date IS NULL OR day < $2)
              AND ($3::text IS NULL OR client_name = $3)
              AND ($4::text IS NULL OR catalog_version = $4)
            GROUP BY 1, 2
            "#,
            f.from,
            f.to,
            f.client_name,
            f.catalog_version,
            weeks,
        )
        .fetch_all(self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| (r.recommended, r.chosen, r.n))
            .collect())
    }

    /// Decisions per client name and per catalog version, in the kept weeks (`""` is
    /// the decisions without a client name).
    pub async fn by_client_and_version(
        &self,
        f: &Filter,
        weeks: &[NaiveDate],
    ) -> Result<Vec<(String, String, i64)>, StoreError> {
        let rows = sqlx::query!(
            r#"
            SELECT client_name AS "client!", catalog_version AS "version!", sum(decisions)::bigint AS "n!"
            FROM decision_days
            WHERE week = ANY($5::date[])
              AND ($1::date IS NULL OR day >= $1) AND ($2::date IS NULL OR day < $2)
              AND ($3::text IS NULL OR client_name = $3)
              AND ($4::text IS NULL OR catalog_version = $4)
            GROUP BY 1, 2
            "#,
            f.from,
            f.to,
            f.client_name,
            f.catalog_version,
            weeks,
        )
        .fetch_all(self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| (r.client, r.version, r.n))
            .collect())
    }
}

/// Writes the suppression threshold the BI views read, so they hide what the API hides.
pub async fn set_min_group_size(db: impl PgExecutor<'_>, k: i32) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE analytics_settings SET min_group_size = $1", k)
        .execute(db)
        .await?;
    Ok(())
}

/// Replaces the catalog keys the BI views list (frameworks, criterion options), in
/// catalog order.
pub async fn set_keys(
    pool: &PgPool,
    frameworks: &[String],
    options: &[(String, String)],
) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query!("DELETE FROM analytics_keys")
        .execute(&mut *tx)
        .await?;
    let positions: Vec<i32> = (0..frameworks.len() as i32).collect();
    sqlx::query!(
        r#"
        INSERT INTO analytics_keys (kind, a, position)
        SELECT 'framework', f, p FROM UNNEST($1::text[], $2::int4[]) AS k(f, p)
        "#,
        frameworks,
        &positions,
    )
    .execute(&mut *tx)
    .await?;
    let (criteria, opts): (Vec<String>, Vec<String>) = options.iter().cloned().unzip();
    let positions: Vec<i32> = (0..options.len() as i32).collect();
    sqlx::query!(
        r#"
        INSERT INTO analytics_keys (kind, a, b, position)
        SELECT 'option', c, o, p FROM UNNEST($1::text[], $2::text[], $3::int4[]) AS k(c, o, p)
        "#,
        &criteria,
        &opts,
        &positions,
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}
