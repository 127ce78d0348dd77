//! A one-line progress indicator on stderr, drawn only when stderr is a terminal (never in
//! CI logs or a redirected file). Hand-written rather than `indicatif`: one line of
//! `\r`-overwritten text needs `std::io::IsTerminal` and nothing else, and indicatif would
//! bring its own dependency tree (console, unicode-width, portable-atomic) into a build
//! that runs on two cores.

use std::io::{IsTerminal as _, Write as _};
use std::time::{Duration, Instant};

/// Redraw at most this often.
const REDRAW: Duration = Duration::from_millis(200);
/// Look at the clock every this many items (a clock read per row would cost more than the
/// row).
const CHECK_EVERY: u64 = 4096;

pub struct Progress {
    enabled: bool,
    /// An estimate of the total, for the percentage.
    total: Option<u64>,
    done: u64,
    started: Instant,
    drawn: Instant,
}

impl Progress {
    /// Whether a progress line would be drawn: stderr is a terminal.
    pub fn wanted() -> bool {
        std::io::stderr().is_terminal()
    }

    pub fn new(enabled: bool, total: Option<u64>) -> Progress {
        let now = Instant::now();
        Progress {
            enabled,
            total,
            done: 0,
            started: now,
            drawn: now,
        }
    }

    #[inline]
    pub fn tick(&mut self) {
        self.done += 1;
        if self.enabled && self.done.is_multiple_of(CHECK_EVERY) && self.drawn.elapsed() >= REDRAW {
            self.draw();
        }
    }

    fn draw(&mut self) {
        self.drawn = Instant::now();
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        let rate = (self.done as f64 / secs) as u64;
        let done = text(self.done);
        let line = match self.total {
            Some(total) if total > 0 => format!(
                "replaying: {done} of about {} decisions ({:.0}%), {}/s",
                text(total),
                (100.0 * self.done as f64 / total as f64).min(100.0),
                text(rate)
            ),
            _ => format!("replaying: {done} decisions, {}/s", text(rate)),
        };
        let mut err = std::io::stderr().lock();
        // \r and "erase to end of line": the line is rewritten in place.
        let _ = write!(err, "\r{line}\x1b[K");
        let _ = err.flush();
    }

    /// Clears the line, so the report starts on a clean terminal.
    pub fn finish(&mut self) {
        if self.enabled {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[K");
            let _ = err.flush();
        }
    }
}

fn text(n: u64) -> String {
    crate::replay::thousands(n)
}
