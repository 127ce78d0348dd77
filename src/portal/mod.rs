//! What developer portals load from the service, built from the catalog and the engine:
//! the Tech Radar feed Backstage's Tech Radar plugin reads ([`tech_radar`]) and the
//! architecture decision record in MADR format ([`madr`]).
//!
//! Pure: no HTTP, no SQL. The routes that serve these are in `http::portal`; the GraphQL
//! field is `Recommendation.decisionRecord`.

pub mod madr;
pub mod tech_radar;
