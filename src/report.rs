//! What the binary writes to stderr: the progress line of an export (on a terminal only, and
//! not with `--quiet`), and every other message (errors, warnings, the summary) on a line of its
//! own. A message printed while the progress line is shown first erases it, so an error never
//! lands on the progress line; the state is one lock, shared by the export's callbacks and by
//! `main`'s report of a fatal error.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::Instant;

use newsfacts::error::Error;
use newsfacts::pipeline::Progress;

/// Carriage return + erase to the end of the line.
const ERASE: &[u8] = b"\r\x1b[K";

/// Whether a progress line is on the terminal now (no newline after it).
static SHOWN: Mutex<bool> = Mutex::new(false);

/// Writes `msg` and a newline to `w`, erasing the progress line first if one is `shown`.
fn write_message(w: &mut impl Write, shown: &mut bool, msg: &str) -> std::io::Result<()> {
    if *shown {
        w.write_all(ERASE)?;
        *shown = false;
    }
    w.write_all(msg.as_bytes())?;
    w.write_all(b"\n")?;
    w.flush()
}

/// Writes `line` over the current progress line (no newline), marking it `shown`.
fn write_progress(w: &mut impl Write, shown: &mut bool, line: &str) -> std::io::Result<()> {
    w.write_all(ERASE)?;
    w.write_all(line.as_bytes())?;
    *shown = true;
    w.flush()
}

/// Prints `msg` on stderr as a line of its own.
pub fn say(msg: &str) {
    let mut shown = SHOWN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // stderr gone: nothing left to tell
    let _ = write_message(&mut std::io::stderr().lock(), &mut shown, msg);
}

/// The progress line as it reads after `done` articles and `bytes` bytes in `secs` seconds, of
/// `total` bytes (0 = unknown).
fn progress_text(done: u64, bytes: u64, total: u64, secs: f64) -> String {
    let secs = secs.max(1e-6);
    let rate = bytes as f64 / secs;
    let eta = if total > bytes && rate > 0.0 {
        format!(", ETA {:.0} s", (total - bytes) as f64 / rate)
    } else {
        String::new()
    };
    format!(
        "{done} articles, {:.1} articles/s, {:.2} MB/s{eta}",
        done as f64 / secs,
        rate / 1e6
    )
}

/// The export's [`Progress`]: errors and warnings through [`say`], and a progress line at most
/// every 200 ms when stderr is a terminal and not `quiet`.
pub struct Reporter {
    /// Total input bytes, when known (for the ETA).
    pub total_bytes: u64,
    /// Draw the progress line.
    progress: bool,
    started: Instant,
    last: Mutex<Instant>,
}

impl Reporter {
    /// A reporter that draws progress only if stderr is a terminal and not `quiet`.
    pub fn new(quiet: bool) -> Reporter {
        Reporter {
            total_bytes: 0,
            progress: !quiet && std::io::stderr().is_terminal(),
            started: Instant::now(),
            last: Mutex::new(Instant::now()),
        }
    }
}

impl Progress for Reporter {
    fn article_error(&self, e: &Error) {
        say(&format!("error: {e}"));
    }
    fn warning(&self, w: &Error) {
        say(&format!("warning: {w}"));
    }
    fn advance(&self, done: u64, bytes: u64) {
        if !self.progress {
            return;
        }
        let Ok(mut last) = self.last.lock() else {
            return;
        };
        if last.elapsed().as_millis() < 200 {
            return;
        }
        *last = Instant::now();
        let text = progress_text(
            done,
            bytes,
            self.total_bytes,
            self.started.elapsed().as_secs_f64(),
        );
        let mut shown = SHOWN
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let _ = write_progress(&mut std::io::stderr().lock(), &mut shown, &text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_after_the_progress_line_starts_on_a_clean_line() {
        let mut w = Vec::new();
        let mut shown = false;
        // no progress shown: the message is just the line
        write_message(&mut w, &mut shown, "warning: a").unwrap();
        assert_eq!(w, b"warning: a\n");
        // progress, then an error: the progress line is erased first, once
        write_progress(&mut w, &mut shown, "5 articles").unwrap();
        assert!(shown);
        write_progress(&mut w, &mut shown, "9 articles").unwrap();
        write_message(&mut w, &mut shown, "error: b").unwrap();
        assert!(!shown);
        write_message(&mut w, &mut shown, "error: c").unwrap();
        assert_eq!(
            String::from_utf8(w).unwrap(),
            "warning: a\n\r\x1b[K5 articles\r\x1b[K9 articles\r\x1b[Kerror: b\nerror: c\n"
        );
    }

    #[test]
    fn progress_text_has_rates_and_an_eta_when_the_total_is_known() {
        assert_eq!(
            progress_text(10, 2_000_000, 4_000_000, 2.0),
            "10 articles, 5.0 articles/s, 1.00 MB/s, ETA 2 s"
        );
        assert_eq!(
            progress_text(10, 2_000_000, 0, 2.0),
            "10 articles, 5.0 articles/s, 1.00 MB/s"
        );
    }

    #[test]
    fn no_progress_when_quiet() {
        assert!(!Reporter::new(true).progress);
    }
}
