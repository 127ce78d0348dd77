//! SQL for reading one logged decision back (its decision record): the anonymous fields
//! that were logged and the outcome reported for it, never the client name.

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::domain::StoredAnswer;

/// A logged decision, as its record needs it.
#[derive(Debug)]
pub struct LoggedDecision {
    pub decided_hour: DateTime<Utc>,
    pub catalog_version: String,
    pub answers: Vec<StoredAnswer>,
    pub languages: Option<Vec<String>>,
    /// What the team reported choosing (`recordOutcome`), if it did.
    pub chosen_framework: Option<String>,
}

pub async fn logged_decision(
    db: impl PgExecutor<'_>,
    decision_id: Uuid,
) -> Result<Option<LoggedDecision>, sqlx::Error> {
    let row = sqlx::query!(
        r#"
        SELECT d.decided_hour, d.catalog_version, d.answer_criteria, d.answer_options,
               d.answer_weights, d.languages, o.chosen_framework AS "chosen_framework?"
        FROM decisions d
        LEFT JOIN decision_outcomes o ON o.decision_id = d.decision_id
        WHERE d.decision_id = $1
        "#,
        decision_id,
    )
    .fetch_optional(db)
    .await?;
    row.map(|r| {
        let answers =
            StoredAnswer::from_columns(r.answer_criteria, r.answer_options, r.answer_weights)
                .ok_or_else(|| {
                    sqlx::Error::Decode("the stored answer lists differ in length".into())
                })?;
        Ok(LoggedDecision {
            decided_hour: r.decided_hour,
            catalog_version: r.catalog_version,
            answers,
            languages: r.languages,
            chosen_framework: r.chosen_framework,
        })
    })
    .transpose()
}
