//! Decisions and outcomes put straight into a test database through the writer's own
//! insert (`store::decisions::insert_batch`, rollups included) and `record_outcome`, with
//! the client, catalog version, top framework, answer and time each test needs.

use chrono::{DateTime, Days, Utc};
use sqlx::PgPool;

use framework_matrix::catalog::Catalog;
use framework_matrix::domain::{ClientName, DecisionRecord, Hour, StoredAnswer};
use framework_matrix::engine::{Profile, RawAnswer, recommend};
use framework_matrix::privacy::week_of;
use framework_matrix::store::decisions::{self, OutcomeAuth, OutcomeStored};

/// Monday 00:00 UTC of the week `weeks_ago` weeks before this one.
pub fn monday(weeks_ago: u64) -> DateTime<Utc> {
    let this = week_of(Utc::now().date_naive());
    (this - Days::new(7 * weeks_ago))
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
}

/// A group of identical decisions to store.
#[derive(Clone)]
pub struct Group<'a> {
    pub n: usize,
    pub at: DateTime<Utc>,
    pub client: Option<&'a str>,
    /// `None`: the embedded catalog's version.
    pub version: Option<&'a str>,
    pub top: &'a str,
    /// `(criterion, option)` answered with weight 1; `None`: no answer at all.
    pub answer: Option<(&'a str, &'a str)>,
    /// The framework each team reports choosing, for the first `outcomes.1` decisions.
    pub outcomes: Option<(&'a str, usize)>,
}

impl<'a> Group<'a> {
    pub fn new(n: usize, at: DateTime<Utc>, top: &'a str) -> Group<'a> {
        Group {
            n,
            at,
            client: None,
            version: None,
            top,
            answer: None,
            outcomes: None,
        }
    }
    pub fn client(mut self, c: &'a str) -> Self {
        self.client = Some(c);
        self
    }
    pub fn version(mut self, v: &'a str) -> Self {
        self.version = Some(v);
        self
    }
    pub fn answer(mut self, criterion: &'a str, option: &'a str) -> Self {
        self.answer = Some((criterion, option));
        self
    }
    pub fn chose(mut self, framework: &'a str, teams: usize) -> Self {
        self.outcomes = Some((framework, teams));
        self
    }
}

/// Stores each group, and its outcomes with their tokens.
pub async fn seed(pool: &PgPool, groups: &[Group<'_>]) {
    let catalog = Catalog::embedded().unwrap();
    let raw = [RawAnswer {
        criterion_id: "admin_panel",
        option_id: "yes",
        weight: 1.0,
    }];
    let profile = Profile::parse(&catalog, &raw, None).unwrap();
    let rec = recommend(&catalog, &profile);
    for g in groups {
        let made: Vec<_> = (0..g.n)
            .map(|_| {
                let client = g.client.map(|c| ClientName::parse(c).unwrap());
                let (mut record, token) =
                    DecisionRecord::new(&catalog, &profile, &rec, client, g.at);
                record.top_framework = g.top.to_string();
                if let Some(v) = g.version {
                    record.catalog_version = v.to_string();
                }
                record.answers = g
                    .answer
                    .map(|(c, o)| StoredAnswer {
                        criterion: c.to_string(),
                        option: o.to_string(),
                        weight: 1.0,
                    })
                    .into_iter()
                    .collect();
                (record, token)
            })
            .collect();
        let records: Vec<DecisionRecord> = made.iter().map(|(r, _)| r.clone()).collect();
        decisions::insert_batch(pool, &records).await.unwrap();
        if let Some((chosen, teams)) = g.outcomes {
            for (record, token) in made.iter().take(teams) {
                let stored = decisions::record_outcome(
                    pool,
                    record.decision_id,
                    chosen,
                    Hour::of(g.at),
                    Some(token),
                    OutcomeAuth::TokenRequired,
                )
                .await
                .unwrap();
                assert_eq!(stored, OutcomeStored::Recorded);
            }
        }
    }
}
