//! A catalog as the API serves it: the catalog itself and the cost table its list sizes
//! make (`frameworks` costs as many items as the catalog has frameworks). The two are
//! built together at every (re)load and swapped together, so a request never measures a
//! document against one catalog and runs it against another.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::documents::{CostModel, ListBounds};
use crate::catalog::Catalog;

#[derive(Debug)]
pub struct ServedCatalog {
    pub catalog: Arc<Catalog>,
    pub cost: CostModel,
    /// When this catalog was loaded (start-up or reload).
    pub loaded_at: DateTime<Utc>,
}

impl ServedCatalog {
    /// `sdl` is the schema's own SDL ([`super::sdl`]).
    pub fn new(catalog: Catalog, sdl: &str) -> ServedCatalog {
        let cost = CostModel::new(sdl, ListBounds::of(&catalog));
        ServedCatalog {
            catalog: Arc::new(catalog),
            cost,
            loaded_at: Utc::now(),
        }
    }
}
