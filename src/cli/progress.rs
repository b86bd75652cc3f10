//! Progress of long commands (`sync --once`, `sku import`, `sku export`, `tracking import`): a
//! bar or spinner on stderr when stderr is a terminal (indicatif), and plain lines in the log
//! either way (each phase, then at most one line per `LOG_EVERY` while counting). Stdout, and so
//! `--json`, is never touched.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::i18n::Twin;

/// How often a counting step is written to the log at most.
pub const LOG_EVERY: Duration = Duration::from_secs(2);

/// The progress of one command.
pub struct Progress {
    what: String,
    bar: Option<ProgressBar>,
    last_log: Mutex<Option<Instant>>,
}

impl Progress {
    /// Starts the progress of `what` (e.g. `sync`): a spinner when stderr is a terminal.
    pub fn new(what: &str) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let b = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            b.set_style(spinner_style());
            b.set_prefix(what.to_string());
            b.enable_steady_tick(Duration::from_millis(120));
            b
        });
        Progress {
            what: what.to_string(),
            bar,
            last_log: Mutex::new(None),
        }
    }

    /// A new phase (`reading and checking FILE`): shown (in the language in force) and logged
    /// (in English).
    pub fn phase(&self, text: impl Into<Twin>) {
        let text = text.into();
        tracing::info!(target: "shipdeck::progress", "{}: {}", self.what, text.en);
        if let Some(b) = &self.bar {
            b.set_style(spinner_style());
            b.set_message(text.shown);
        }
    }

    /// `done` of `total` (shops, rows); logged at most every `LOG_EVERY`, and always at the end.
    pub fn step(&self, done: u64, total: u64, text: impl Into<Twin>) {
        let text = text.into();
        let total = total.max(done);
        let due = {
            let mut last = self.last_log.lock().unwrap_or_else(|p| p.into_inner());
            let due = done == total || last.is_none_or(|t| t.elapsed() >= LOG_EVERY);
            if due {
                *last = Some(Instant::now());
            }
            due
        };
        if due {
            tracing::info!(target: "shipdeck::progress", "{}: {done}/{total} {}", self.what, text.en);
        }
        if let Some(b) = &self.bar {
            if b.length() != Some(total) {
                b.set_style(bar_style());
                b.set_length(total);
            }
            b.set_position(done);
            b.set_message(text.shown);
        }
    }

    /// The end: the bar is cleared (the command prints its own report) and the log says so.
    pub fn finish(&self, text: impl Into<Twin>) {
        let text = text.into();
        tracing::info!(target: "shipdeck::progress", "{}: finished: {}", self.what, text.en);
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

fn spinner_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {prefix}: {wide_msg} {elapsed}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}

fn bar_style() -> ProgressStyle {
    ProgressStyle::with_template("{prefix}: [{bar:24}] {pos}/{len} {wide_msg} {elapsed}")
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
}
