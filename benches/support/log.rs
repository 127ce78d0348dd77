//! The generated decision log the benches share (`replay`, `dashboard`): a fixed sequence
//! of random profiles over the embedded catalog, scored by the engine and stored through
//! the service's own insert (rollups included). Included with `#[path]` by each bench.
//!
//! Made the way the service makes it: each criterion answered with probability 0.6,
//! weights 0.5 to 3, a language filter on 30 %, spread over 60 days (three times busier
//! from 08:00 to 18:00 UTC) and five clients (one of them "no client name").

use std::time::Duration;

use anyhow::{Context as _, bail};
use chrono::{DateTime, TimeDelta, Utc};
use framework_matrix::catalog::{Catalog, Language};
use framework_matrix::domain::{ClientName, DecisionRecord};
use framework_matrix::engine::{Profile, RawAnswer, recommend};
use framework_matrix::store::decisions;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{AssertSqlSafe, PgPool};

pub const DAYS: i64 = 60;
pub const BATCH: usize = 5_000;
/// The last day of the generated log (fixed, so reruns make the same hours).
pub const END: &str = "2026-11-26T00:00:00Z";

pub fn env_or<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T> {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .parse()
            .map_err(|_| anyhow::anyhow!("{name}={v:?} is not a valid value")),
        Err(_) => Ok(default),
    }
}

pub async fn connect(opts: &PgConnectOptions) -> anyhow::Result<PgPool> {
    let pool = || {
        PgPoolOptions::new()
            .max_connections(2)
            .acquire_timeout(Duration::from_secs(5))
    };
    match pool().connect_with(opts.clone()).await {
        Ok(p) => Ok(p),
        Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("3D000") => {
            let name = opts.get_database().unwrap_or_default().to_string();
            if !name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            {
                bail!("database {name:?} does not exist and its name is not safe to create");
            }
            let admin = pool()
                .connect_with(opts.clone().database("postgres"))
                .await?;
            sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&admin)
                .await?;
            admin.close().await;
            eprintln!("created database {name}");
            Ok(pool().connect_with(opts.clone()).await?)
        }
        Err(e) => Err(e).context("cannot connect to the bench database"),
    }
}

/// SplitMix64: a fixed sequence, so every run generates the same log.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// `n` decisions over the `DAYS` days before `END`, three times busier from 08:00 to
/// 18:00 UTC, inserted in batches through the service's own insert.
pub async fn generate(pool: &PgPool, n: usize) -> anyhow::Result<()> {
    let catalog = Catalog::embedded()?;
    let end: DateTime<Utc> = END.parse()?;
    let start = end - TimeDelta::days(DAYS);
    let hours = (DAYS * 24) as usize;
    let weight = |h: usize| if (8..18).contains(&(h % 24)) { 3 } else { 1 };
    let total_weight: usize = (0..hours).map(weight).sum();
    let clients = [
        (50, Some("backstage-prod")),
        (15, Some("backstage-dev")),
        (20, Some("portal-a")),
        (10, Some("cli-tool")),
        (5, None),
    ];
    let weights = [0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 3.0];
    let mut rng = Rng(14);
    let mut batch = Vec::with_capacity(BATCH);
    let mut made = 0;
    for h in 0..hours {
        // Cumulative share, so the counts add up to exactly n.
        let before: usize = (0..h).map(weight).sum();
        let this = (before + weight(h)) * n / total_weight - before * n / total_weight;
        let at = start + TimeDelta::hours(h as i64);
        for _ in 0..this {
            let mut answers: Vec<RawAnswer> = Vec::new();
            for c in &catalog.criteria {
                if rng.chance(60) {
                    answers.push(RawAnswer {
                        criterion_id: &c.id,
                        option_id: &c.options[rng.below(c.options.len())].id,
                        weight: weights[rng.below(weights.len())],
                    });
                }
            }
            let languages: Option<Vec<Language>> = rng.chance(30).then(|| {
                let mut l: Vec<Language> = Language::ALL
                    .into_iter()
                    .filter(|_| rng.chance(50))
                    .collect();
                if l.is_empty() {
                    l.push(Language::ALL[rng.below(3)]);
                }
                l
            });
            let profile = Profile::parse(&catalog, &answers, languages.as_deref())?;
            let rec = recommend(&catalog, &profile);
            let mut pick = rng.below(100);
            let client = clients
                .iter()
                .find(|(share, _)| {
                    let hit = pick < *share;
                    pick = pick.saturating_sub(*share);
                    hit
                })
                .and_then(|(_, c)| *c)
                .and_then(ClientName::parse);
            let minute = TimeDelta::minutes(rng.below(60) as i64);
            let (record, _token) =
                DecisionRecord::new(&catalog, &profile, &rec, client, at + minute);
            batch.push(record);
            if batch.len() == BATCH {
                decisions::insert_batch(pool, &batch).await?;
                made += batch.len();
                batch.clear();
                if made % 100_000 == 0 {
                    eprintln!("  {made} decisions stored");
                }
            }
        }
    }
    decisions::insert_batch(pool, &batch).await?;
    Ok(())
}
