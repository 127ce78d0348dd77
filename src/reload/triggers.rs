//! What makes the service reload its catalog: SIGHUP always (the Unix convention for
//! "read your configuration again"), and, with `CATALOG_WATCH=true`, a change of any file
//! in `CATALOG_PATH`.
//!
//! The watcher (notify, through its small debouncer) reports a path only once it has been
//! quiet for [`DEBOUNCE`], so an editor's save (often a write, a rename and a chmod) or a
//! `cp catalog/* ...` of several files makes one reload, not one per event. Requests for a
//! reload go through a channel of one: while a reload runs, further requests collapse into
//! one more reload after it, which then reads the latest files.
//!
//! The directory is watched, not the files, so a file replaced by a rename (how most
//! editors save, and how Kubernetes updates a mounted ConfigMap) is seen too.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};
use tokio::sync::mpsc;

use super::LiveCatalog;

/// How long the catalog directory must be quiet before a change triggers a reload.
pub const DEBOUNCE: Duration = Duration::from_millis(500);

/// Keeps the watcher alive; dropping it stops watching.
pub struct Triggers {
    _watcher: Option<Debouncer<RecommendedWatcher>>,
}

/// Starts reloading `live` on SIGHUP, and on changes in `watch_dir` when given. Must run
/// inside a tokio runtime.
pub fn start(live: Arc<LiveCatalog>, watch_dir: Option<PathBuf>) -> anyhow::Result<Triggers> {
    let (tx, mut rx) = mpsc::channel::<&'static str>(1);

    let mut hangup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())?;
    let on_signal = tx.clone();
    tokio::spawn(async move {
        while hangup.recv().await.is_some() {
            // Full: a reload is already waiting and will read the latest files.
            let _ = on_signal.try_send("SIGHUP");
        }
    });

    let watcher = match watch_dir {
        Some(dir) => {
            let on_change = tx.clone();
            let mut debouncer =
                new_debouncer(DEBOUNCE, move |events: DebounceEventResult| match events {
                    Ok(_) => {
                        let _ = on_change.try_send("a change in CATALOG_PATH");
                    }
                    Err(e) => tracing::warn!(error = %e, "watching the catalog directory failed"),
                })?;
            debouncer
                .watcher()
                .watch(&dir, RecursiveMode::NonRecursive)
                .map_err(|e| {
                    anyhow::anyhow!("cannot watch {} (CATALOG_WATCH): {e}", dir.display())
                })?;
            tracing::info!(dir = %dir.display(), "watching the catalog directory for changes");
            Some(debouncer)
        }
        None => None,
    };
    drop(tx);

    tokio::spawn(async move {
        while let Some(cause) = rx.recv().await {
            tracing::info!(cause, "reloading the catalog");
            // The outcome is logged and counted by `reload` itself.
            let _ = live.reload().await;
        }
    });
    Ok(Triggers { _watcher: watcher })
}
