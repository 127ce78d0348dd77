//! SQL for aggregate analytics. Every query reads the daily rollups (`decision_days`,
//! `answer_days`, `outcome_days`), never the decisions themselves, and returns raw
//! counts: which segments may be counted and which cells must be hidden is decided in
//! `reporting`, with the rules of `privacy`, before anything leaves the service.
//!
//! A query first lists the filter's *segments* (week x client x catalog version, with
//! their sizes); every other query then reads only the segments `reporting` kept, passed
//! back as three parallel arrays and joined on the rollups' leading key columns.

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

/// One week of one client (`""`: no client name) under one catalog version.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Segment {
    pub week: NaiveDate,
    pub client: String,
    pub version: String,
}

/// Segments as the queries take them: parallel arrays.
#[derive(Debug, Clone, Default)]
pub struct Segments {
    weeks: Vec<NaiveDate>,
    clients: Vec<String>,
    versions: Vec<String>,
}

impl Segments {
    pub fn of<'s>(segments: impl IntoIterator<Item = &'s Segment>) -> Segments {
        let mut out = Segments::default();
        for s in segments {
            out.weeks.push(s.week);
            out.clients.push(s.client.clone());
            out.versions.push(s.version.clone());
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.weeks.is_empty()
    }
}

/// The analytics queries on their own pool, with errors as [`StoreError`].
pub struct Stats<'a> {
    pool: &'a PgPool,
}

impl<'a> Stats<'a> {
    pub(super) fn new(pool: &'a PgPool) -> Stats<'a> {
        Stats { pool }
    }

    /// The filtered set's segments with their decisions.
    pub async fn segments(&self, f: &Filter) -> Result<Vec<(Segment, i64)>, StoreError> {
        let rows = sqlx::query!(
            r#"
            SELECT week AS "week!", client_name AS "client!", catalog_version AS "version!",
                   sum(decisions)::bigint AS "n!"
            FROM decision_days
            WHERE ($1::date IS NULL OR day >= $1) AND ($2::date IS NULL OR day < $2)
              AND ($3::text IS NULL OR client_name = $3)
              AND ($4::text IS NULL OR catalog_version = $4)
            GROUP BY 1, 2, 3
            ORDER BY 1, 2, 3
            "#,
            f.from,
            f.to,
            f.client_name,
            f.catalog_version,
        )
        .fetch_all(self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let segment = Segment {
                    week: r.week,
                    client: r.client,
                    version: r.version,
                };
                (segment, r.n)
            })
            .collect())
    }

    /// Decisions per (day, recommended framework) in the kept segments.
    pub async fn days_by_framework(
        &self,
        s: &Segments,
    ) -> Result<Vec<(NaiveDate, String, i64)>, StoreError> {
        let rows = sqlx::query!(
            r#"
            SELECT d.day AS "day!", d.top_framework AS "framework!", sum(d.decisions)::bigint AS "n!"
            FROM decision_days d
            JOIN UNNEST($1::date[], $2::text[], $3::text[]) AS s(week, client, version)
              ON d.week = s.week AND d.client_name = s.client AND d.catalog_version = s.version
            GROUP BY 1, 2
            ORDER BY 1, 2
            "#,
            &s.weeks,
            &s.clients,
            &s.versions,
        )
        .fetch_all(self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| (r.day, r.framework, r.n))
            .collect())
    }

    /// Answers per (option, recommended framework) of one criterion, in the kept segments.
    pub async fn answers(
        &self,
        s: &Segments,
        criterion: &str,
    ) -> Result<Vec<(String, String, i64)>, StoreError> {
        let rows = sqlx::query!(
            r#"
            SELECT d.option AS "option!", d.top_framework AS "framework!", sum(d.decisions)::bigint AS "n!"
            FROM answer_days d
            JOIN UNNEST($1::date[], $2::text[], $3::text[]) AS s(week, client, version)
              ON d.week = s.week AND d.client_name = s.client AND d.catalog_version = s.version
            WHERE d.criterion = $4
            GROUP BY 1, 2
            "#,
            &s.weeks,
            &s.clients,
            &s.versions,
            criterion,
        )
        .fetch_all(self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| (r.option, r.framework, r.n))
            .collect())
    }

    /// Reported outcomes per (recommended, chosen) framework, in the kept segments.
    pub async fn outcomes(&self, s: &Segments) -> Result<Vec<(String, String, i64)>, StoreError> {
        let rows = sqlx::query!(
            r#"
            SELECT o.recommended AS "recommended!", o.chosen AS "chosen!", sum(o.decisions)::bigint AS "n!"
            FROM outcome_days o
            JOIN UNNEST($1::date[], $2::text[], $3::text[]) AS s(week, client, version)
              ON o.week = s.week AND o.client_name = s.client AND o.catalog_version = s.version
            GROUP BY 1, 2
            "#,
            &s.weeks,
            &s.clients,
            &s.versions,
        )
        .fetch_all(self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| (r.recommended, r.chosen, r.n))
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
