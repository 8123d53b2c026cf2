//! The io_uring variant of the batch reader against the thread pool (`mutagen_core::batch`),
//! warm and cold page cache.
//!
//! `io-uring-batch LIST [--rounds N] [--cold]`: LIST is a file of paths, one a line. Each round
//! reads every path with each reader in turn: `threads` (`batch::map` over `read_path`, every
//! core), `uring` (one ring on one thread, rounds of 64 files) and `uring-threads` (one ring per
//! core, each taking rounds of 64 files), and prints the time per file. With `--cold` the page
//! cache is dropped (`/proc/sys/vm/drop_caches`, root only) before each reader's pass. Before
//! timing, every file's result through io_uring is checked against `read_path`'s (the same
//! summary: stream numbers and every tag key and value, or the same error).
//!
//! Where io_uring cannot be set up (not Linux, an old kernel, a seccomp filter), the `uring`
//! readers say so and only the thread pool is measured.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use mutagen_core::batch;
use mutagen_core::file::{self, Detected};
use mutagen_core::source::{self, URING_ROUND as DEPTH};

fn summary(r: &mutagen_core::Result<Detected>) -> String {
    match r {
        Ok(Detected::Read(kind, audio)) => {
            let s = mutagen_core::summary::summarize(audio.clone());
            format!("{} {:?} {:?}", kind.class_name(), s.numbers, s.tags)
        }
        Ok(other) => format!("{other:?}"),
        Err(e) => format!("error {e:?}"),
    }
}

fn drop_caches() -> Result<(), String> {
    std::fs::write("/proc/sys/vm/drop_caches", "3\n")
        .map_err(|e| format!("cannot drop the page cache ({e}): --cold needs root on Linux"))
}

fn per_file_us(paths: &[PathBuf], f: impl FnOnce()) -> f64 {
    let t0 = Instant::now();
    f();
    t0.elapsed().as_secs_f64() * 1e6 / paths.len().max(1) as f64
}

/// Every path read through this thread's ring, in path order, or `None` where io_uring is
/// unavailable.
fn uring_one(paths: &[PathBuf]) -> Option<Vec<mutagen_core::Result<Detected>>> {
    if !source::uring_available() {
        return None;
    }
    Some(read_chunk(paths))
}

fn read_chunk(paths: &[PathBuf]) -> Vec<mutagen_core::Result<Detected>> {
    let mut out = Vec::with_capacity(paths.len());
    source::for_each_source(paths, true, |i, src| {
        out.push(src.and_then(|src| file::read(&paths[i].to_string_lossy(), src)));
    });
    out
}

/// Rounds of [`DEPTH`] files taken by one thread per core, each thread with its own ring.
fn uring_threads(paths: &[PathBuf]) -> Option<usize> {
    if !source::uring_available() {
        return None;
    }
    let chunks: Vec<&[PathBuf]> = paths.chunks(DEPTH).collect();
    let out = batch::map(&chunks, None, |chunk| read_chunk(chunk).len());
    Some(out.into_iter().map(|o| o.unwrap_or(0)).sum())
}

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut list = None;
    let mut rounds = 5usize;
    let mut cold = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--rounds" => {
                rounds = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--rounds N")?;
            }
            "--cold" => cold = true,
            _ => list = Some(a),
        }
    }
    let list = list.ok_or("usage: io-uring-batch LIST [--rounds N] [--cold]")?;
    let text = std::fs::read_to_string(&list).map_err(|e| format!("{list}: {e}"))?;
    let paths: Vec<PathBuf> = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(PathBuf::from)
        .collect();

    let Some(via_uring) = uring_one(&paths) else {
        println!("io_uring unavailable here: only the thread pool is measured");
        for _ in 0..rounds {
            let t = per_file_us(&paths, || {
                let _ = batch::map(&paths, None, |p| file::read_path(p));
            });
            println!("threads {t:.2} us/file");
        }
        return Ok(());
    };
    let mismatches = paths
        .iter()
        .zip(&via_uring)
        .filter(|(p, r)| summary(&file::read_path(p)) != summary(r))
        .count();
    println!(
        "{} files, {} through io_uring differ from read_path",
        paths.len(),
        mismatches
    );
    if mismatches > 0 {
        return Err("io_uring results differ".into());
    }
    let cache = if cold { "cold" } else { "warm" };
    for round in 0..rounds {
        let mut line = format!("round {round} ({cache}):");
        let readers: [(&str, &dyn Fn()); 3] = [
            ("threads", &|| {
                let _ = batch::map(&paths, None, |p| file::read_path(p));
            }),
            ("uring", &|| {
                let _ = uring_one(&paths);
            }),
            ("uring-threads", &|| {
                let _ = uring_threads(&paths);
            }),
        ];
        for (name, f) in readers {
            if cold {
                drop_caches()?;
            }
            let t = per_file_us(&paths, f);
            let _ = write!(line, "  {name} {t:.2} us/file");
        }
        println!("{line}");
    }
    Ok(())
}
