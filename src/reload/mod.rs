//! The catalog being served, and replacing it while the service runs (issue 14).
//!
//! [`LiveCatalog`] holds the current [`ServedCatalog`] behind an `ArcSwap`: a request takes
//! the current one once (`current()`) and keeps it to the end, so a reload never mixes two
//! catalogs in one response; in-flight requests finish on the catalog they started with,
//! and the old catalog is freed when the last of them is done. A reload reads and
//! validates the whole catalog directory first (the same code as start-up and
//! `catalog check`); only a valid catalog with a new version replaces the current one.
//! An invalid one is logged (file, entry, field) and counted, and the old one stays.
//!
//! What follows the swap: `catalogVersion` and ETags (computed from the request's
//! catalog), the cost table (list sizes), decisions (recorded with the version they were
//! computed with), `/readyz` and `/metrics`, and the catalog keys the BI views list
//! (written to PostgreSQL in the background, retried while the database is away).
//!
//! What triggers a reload (SIGHUP, a watched directory) is in [`triggers`].

pub mod triggers;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;
use tokio::sync::watch;

use crate::catalog::{Catalog, CatalogProblems};
use crate::graphql::ServedCatalog;
use crate::metrics::{CatalogLabels, Metrics, ReloadLabels};
use crate::store::{CatalogKeys, Database};

/// What a reload did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reloaded {
    /// A new version is being served.
    Replaced { from: String, to: String },
    /// The files hold the version already served (a save without changes, a touch).
    Unchanged { version: String },
    /// The catalog is the one compiled into the binary (`CATALOG_PATH` unset): there is
    /// nothing to read again.
    NoSource,
}

pub struct LiveCatalog {
    current: ArcSwap<ServedCatalog>,
    /// `CATALOG_PATH`, read again at each reload.
    source: Option<PathBuf>,
    /// The schema's SDL, for the cost table of each new catalog.
    sdl: String,
    metrics: Arc<Metrics>,
    /// The keys of the catalog being served, for the BI views' writer (see
    /// [`spawn_keys_writer`]).
    keys: watch::Sender<CatalogKeys>,
    /// One reload at a time: SIGHUP and the watcher may fire together.
    reloading: tokio::sync::Mutex<()>,
}

impl LiveCatalog {
    pub fn new(
        catalog: Catalog,
        source: Option<PathBuf>,
        metrics: Arc<Metrics>,
        database: Option<Database>,
    ) -> LiveCatalog {
        let sdl = crate::graphql::sdl();
        let served = ServedCatalog::new(catalog, &sdl);
        publish(&metrics, None, &served);
        let (keys, latest) = watch::channel(CatalogKeys::of(&served.catalog));
        if let Some(db) = database {
            spawn_keys_writer(db, latest);
        }
        LiveCatalog {
            current: ArcSwap::from_pointee(served),
            source,
            sdl,
            metrics,
            keys,
            reloading: tokio::sync::Mutex::new(()),
        }
    }

    /// The catalog to serve a request with. Cheap (a reference count), and the request
    /// should keep it rather than ask again.
    pub fn current(&self) -> Arc<ServedCatalog> {
        self.current.load_full()
    }

    /// Reads `CATALOG_PATH` again and serves it if it is valid and new. Otherwise the
    /// current catalog stays, and every problem is logged with its file, entry and field.
    pub async fn reload(&self) -> Result<Reloaded, CatalogProblems> {
        let _one_at_a_time = self.reloading.lock().await;
        let Some(dir) = self.source.clone() else {
            tracing::info!(
                "catalog reload asked, but the catalog is the embedded one (CATALOG_PATH is not set)"
            );
            return Ok(Reloaded::NoSource);
        };
        let sdl = self.sdl.clone();
        // Reading and validating is blocking file I/O and a few milliseconds of CPU.
        let loaded = tokio::task::spawn_blocking(move || {
            Catalog::load_dir(&dir).map(|c| ServedCatalog::new(c, &sdl))
        })
        .await
        .expect("loading a catalog does not panic");
        let served = match loaded {
            Ok(served) => served,
            Err(problems) => {
                self.count("failed");
                for problem in problems.as_slice() {
                    tracing::error!(error = %problem, "catalog reload failed; still serving the previous catalog");
                }
                return Err(problems);
            }
        };
        let old = self.current();
        if served.catalog.version == old.catalog.version {
            self.count("unchanged");
            tracing::info!(version = %old.catalog.version, "catalog reload: no change");
            return Ok(Reloaded::Unchanged {
                version: old.catalog.version.clone(),
            });
        }
        let to = served.catalog.version.clone();
        publish(&self.metrics, Some(&old), &served);
        self.keys.send_replace(CatalogKeys::of(&served.catalog));
        self.current.store(Arc::new(served));
        self.count("replaced");
        tracing::info!(from = %old.catalog.version, to = %to, "catalog reloaded");
        Ok(Reloaded::Replaced {
            from: old.catalog.version.clone(),
            to,
        })
    }

    fn count(&self, result: &'static str) {
        self.metrics
            .catalog_reloads
            .get_or_create(&ReloadLabels { result })
            .inc();
    }
}

/// The catalog metrics: one `catalog_info` series, for the version being served, and the
/// time it was loaded.
fn publish(metrics: &Metrics, old: Option<&ServedCatalog>, new: &ServedCatalog) {
    if let Some(old) = old {
        metrics.catalog_info.remove(&CatalogLabels {
            version: old.catalog.version.clone(),
        });
    }
    metrics
        .catalog_info
        .get_or_create(&CatalogLabels {
            version: new.catalog.version.clone(),
        })
        .set(1);
    metrics
        .catalog_loaded_timestamp_seconds
        .set(new.loaded_at.timestamp());
}

/// Writes the served catalog's keys to PostgreSQL for the BI views (`analytics_keys`), at
/// start-up and after each reload. One task does all the writing, always the latest keys,
/// so an older catalog's keys can never land after a newer one's; it retries with
/// back-off while the database is unreachable or not yet migrated.
fn spawn_keys_writer(db: Database, mut latest: watch::Receiver<CatalogKeys>) {
    tokio::spawn(async move {
        'latest: loop {
            let keys = latest.borrow_and_update().clone();
            let mut delay = Duration::from_millis(250);
            let mut failures = 0u32;
            while let Err(e) = db.set_catalog_keys(&keys).await {
                failures += 1;
                // The first failures are expected at start-up, while migrations run.
                if failures > 3 {
                    tracing::warn!(error = %e, retry_in_ms = delay.as_millis() as u64, "cannot write the catalog's keys for the BI views yet");
                }
                tokio::select! {
                    () = tokio::time::sleep(delay) => {}
                    // A newer catalog arrived: write its keys instead.
                    changed = latest.changed() => {
                        if changed.is_err() {
                            return;
                        }
                        continue 'latest;
                    }
                }
                delay = (delay * 2).min(Duration::from_secs(30));
            }
            // Wait for a newer catalog (returns at once if one came during the write).
            if latest.changed().await.is_err() {
                return;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::EMBEDDED_FILES;

    fn live(dir: Option<&std::path::Path>) -> LiveCatalog {
        LiveCatalog::new(
            Catalog::embedded().unwrap(),
            dir.map(std::path::Path::to_path_buf),
            Arc::new(Metrics::new()),
            None,
        )
    }

    #[tokio::test]
    async fn the_same_files_again_are_no_change_and_keep_the_catalog_object() {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in EMBEDDED_FILES {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let live = live(Some(dir.path()));
        let before = live.current();
        let version = before.catalog.version.clone();
        assert_eq!(
            live.reload().await.unwrap(),
            Reloaded::Unchanged { version }
        );
        assert!(Arc::ptr_eq(&before, &live.current()));
        assert!(
            live.metrics
                .render()
                .contains("framework_matrix_catalog_reloads_total{result=\"unchanged\"} 1")
        );
    }

    #[tokio::test]
    async fn the_embedded_catalog_has_nothing_to_reload() {
        let live = live(None);
        assert_eq!(live.reload().await.unwrap(), Reloaded::NoSource);
    }

    #[tokio::test]
    async fn a_missing_directory_is_an_error_and_the_catalog_stays() {
        let live = live(Some(std::path::Path::new("/nonexistent/catalog")));
        let before = live.current();
        assert!(live.reload().await.is_err());
        assert!(Arc::ptr_eq(&before, &live.current()));
    }
}
