//! Progress of the matrix's phases: a bar with counts, elapsed time and an ETA on a terminal;
//! plain lines with the same figures when stderr is not a terminal (a log file, CI), one every
//! 15 s per running phase and one when a phase ends.

use std::io::IsTerminal;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How often a running phase prints a plain line.
const EVERY: Duration = Duration::from_secs(15);

/// Bars being reported as plain lines: (label, bar, when it was last printed).
static PLAIN: OnceLock<Mutex<Vec<(String, ProgressBar, Instant)>>> = OnceLock::new();

/// A progress bar for one phase, `len` steps long (0 when the length comes later).
pub fn bar(len: u64, label: &str) -> ProgressBar {
    if std::io::stderr().is_terminal() {
        let pb = ProgressBar::new(len);
        pb.set_style(
            ProgressStyle::with_template(
                "{prefix:>10} [{elapsed_precise}] {bar:40} {pos}/{len} eta {eta} {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        pb.set_prefix(label.to_string());
        return pb;
    }
    let pb = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::hidden());
    let list = PLAIN.get_or_init(|| {
        std::thread::spawn(report_plain);
        Mutex::new(Vec::new())
    });
    if let Ok(mut l) = list.lock() {
        l.push((label.to_string(), pb.clone(), Instant::now()));
    }
    pb
}

/// The plain-line reporter: a line per running phase every 15 s, and one when it ends.
fn report_plain() {
    loop {
        std::thread::sleep(Duration::from_secs(1));
        let Some(list) = PLAIN.get() else { continue };
        let Ok(mut l) = list.lock() else { return };
        l.retain_mut(|(label, pb, last)| {
            let done = pb.is_finished();
            // A phase that had nothing to do (a bar never given a length) prints nothing.
            let empty = pb.length().unwrap_or(0) == 0 && pb.position() == 0;
            if !empty && (done || last.elapsed() >= EVERY) {
                eprintln!("{}", plain_line(label, pb, done));
                *last = Instant::now();
            }
            !done
        });
    }
}

/// `label: 120/400 files, 1m05s elapsed, about 2m30s left`.
fn plain_line(label: &str, pb: &ProgressBar, done: bool) -> String {
    let (pos, len) = (pb.position(), pb.length().unwrap_or(0));
    let elapsed = fmt_duration(pb.elapsed());
    if done {
        return format!("{label}: done, {pos}/{len} in {elapsed}");
    }
    let left = if pos > 0 && len > pos {
        format!(", about {} left", fmt_duration(pb.eta()))
    } else {
        String::new()
    };
    format!("{label}: {pos}/{len}, {elapsed} elapsed{left}")
}

/// `1h02m`, `3m05s`, `12s`.
pub fn fmt_duration(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 {
        format!("{}h{:02}m", s / 3600, s % 3600 / 60)
    } else if s >= 60 {
        format!("{}m{:02}s", s / 60, s % 60)
    } else {
        format!("{s}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_give_counts_and_time() {
        assert_eq!(fmt_duration(Duration::from_secs(3725)), "1h02m");
        assert_eq!(fmt_duration(Duration::from_secs(185)), "3m05s");
        let pb = ProgressBar::with_draw_target(Some(10), ProgressDrawTarget::hidden());
        pb.set_position(4);
        assert!(plain_line("rust time", &pb, false).starts_with("rust time: 4/10, 0s elapsed"));
        pb.finish();
        assert_eq!(
            plain_line("rust time", &pb, true),
            "rust time: done, 10/10 in 0s"
        );
    }
}
