//! What can go wrong in the store, as the rest of the service needs to know it: the
//! database is away (retry later, spool), or something is wrong that a person must look
//! at. The `sqlx::Error` stays inside as the source, for the log, and never reaches a
//! client.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No connection could be had, or it broke: the database is down or unreachable.
    #[error("the database is unreachable")]
    Unavailable(#[source] sqlx::Error),
    /// Any other failure: a bug, a constraint we did not expect, a broken schema.
    #[error("a database statement failed")]
    Internal(#[source] sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::WorkerCrashed => StoreError::Unavailable(e),
            // The analytics statement timeout (query_canceled) is the database saying
            // "not now", like an outage: the client may retry.
            sqlx::Error::Database(ref d) if d.code().as_deref() == Some("57014") => {
                StoreError::Unavailable(e)
            }
            e => StoreError::Internal(e),
        }
    }
}
