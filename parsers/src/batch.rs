//! The one batch fan-out: many jobs (usually paths) spread over worker threads, used by every
//! batch entry point (`batch_open`, the JSON, MessagePack, columnar and Arrow outputs, the plain
//! dicts, `BatchIterator` and the C ABI).
//!
//! **Threads.** Every entry point takes `threads: Option<usize>` with one meaning, given by
//! [`thread_count`]: `None` or `Some(0)` is one thread per core
//! ([`std::thread::available_parallelism`]), `Some(n)` is `n` threads; never more threads than
//! jobs, never fewer than one. With one thread the jobs run on the calling thread.
//!
//! **Panics.** Each job runs under [`std::panic::catch_unwind`]: a job that panics gives its
//! `Err(payload)` and the batch goes on.
//!
//! Workers take the next job from a shared counter, so a slow file never holds up the others.
//! [`map`] returns the results in job order; [`stream`] sends them through a bounded channel in
//! completion order, so that memory stays bounded whatever the number of jobs.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;

/// The outcome of one job: its value, or the payload of the panic it raised.
pub type Outcome<T> = std::thread::Result<T>;

/// The number of worker threads for `jobs` jobs when `requested` are asked for: `None` and
/// `Some(0)` mean one per core; the count is capped at the number of jobs and is at least 1.
#[must_use]
pub fn thread_count(requested: Option<usize>, jobs: usize) -> usize {
    let n = match requested {
        None | Some(0) => std::thread::available_parallelism().map_or(1, usize::from),
        Some(n) => n,
    };
    n.clamp(1, jobs.max(1))
}

/// Run `f` on every job on [`thread_count`] threads; the outcomes are in job order.
pub fn map<I: Sync, T: Send>(
    jobs: &[I],
    threads: Option<usize>,
    f: impl Fn(&I) -> T + Sync,
) -> Vec<Outcome<T>> {
    let run = |job: &I| catch_unwind(AssertUnwindSafe(|| f(job)));
    let n = thread_count(threads, jobs.len());
    if n == 1 {
        return jobs.iter().map(run).collect();
    }
    let next = AtomicUsize::new(0);
    let mut parts: Vec<Vec<(usize, Outcome<T>)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..n)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(job) = jobs.get(i) else {
                            return done;
                        };
                        done.push((i, run(job)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut slots: Vec<Option<Outcome<T>>> = Vec::with_capacity(jobs.len());
    slots.resize_with(jobs.len(), || None);
    for part in &mut parts {
        for (i, out) in part.drain(..) {
            slots[i] = Some(out);
        }
    }
    slots
        .into_iter()
        .map(|s| s.unwrap_or_else(|| Err(Box::new("job lost"))))
        .collect()
}

/// Jobs run by background threads, their outcomes received in completion order as
/// `(job index, outcome)`. At most `capacity` outcomes wait in the channel (plus one being sent
/// per worker). Dropping the stream stops the workers after their current job and joins them.
pub struct Stream<T> {
    rx: Option<Receiver<(usize, Outcome<T>)>>,
    stop: Arc<AtomicBool>,
    next: Arc<AtomicUsize>,
    total: usize,
    workers: Vec<JoinHandle<()>>,
}

/// Start running `f(index, job)` for every job on [`thread_count`] background threads, sending
/// each outcome into a channel of `capacity` places (`4 * threads` when `None`).
#[allow(clippy::needless_pass_by_value)] // the jobs are shared with the workers, which outlive the call
pub fn stream<I, T, F>(
    jobs: Arc<[I]>,
    threads: Option<usize>,
    capacity: Option<usize>,
    f: F,
) -> Stream<T>
where
    I: Send + Sync + 'static,
    T: Send + 'static,
    F: Fn(usize, &I) -> T + Send + Sync + 'static,
{
    let total = jobs.len();
    let n = thread_count(threads, total);
    let (tx, rx) = sync_channel(capacity.unwrap_or(4 * n).max(1));
    let stop = Arc::new(AtomicBool::new(false));
    let next = Arc::new(AtomicUsize::new(0));
    let f = Arc::new(f);
    let workers = (0..n)
        .map(|_| {
            let (jobs, stop, next, f, tx): (_, _, _, _, SyncSender<_>) = (
                Arc::clone(&jobs),
                Arc::clone(&stop),
                Arc::clone(&next),
                Arc::clone(&f),
                tx.clone(),
            );
            std::thread::spawn(move || loop {
                if stop.load(Ordering::Relaxed) {
                    return;
                }
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(job) = jobs.get(i) else {
                    return;
                };
                let out = catch_unwind(AssertUnwindSafe(|| f(i, job)));
                if tx.send((i, out)).is_err() {
                    return;
                }
            })
        })
        .collect();
    Stream {
        rx: Some(rx),
        stop,
        next,
        total,
        workers,
    }
}

impl<T> Stream<T> {
    /// The number of jobs.
    #[must_use]
    pub fn total(&self) -> usize {
        self.total
    }

    /// How many jobs the workers have taken up (done, waiting in the channel, or in progress).
    #[must_use]
    pub fn started(&self) -> usize {
        self.next.load(Ordering::Relaxed).min(self.total)
    }

    /// The next outcome if one is waiting, without blocking.
    pub fn try_next(&mut self) -> Option<(usize, Outcome<T>)> {
        self.rx.as_ref()?.try_recv().ok()
    }

    /// Stop the workers (after their current job), drop the outcomes not yet received and join
    /// the workers.
    pub fn close(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Dropping the receiver makes every blocked `send` fail, so the workers return.
        self.rx = None;
        for w in std::mem::take(&mut self.workers) {
            let _ = w.join();
        }
    }
}

impl<T> Iterator for Stream<T> {
    type Item = (usize, Outcome<T>);

    /// The next outcome to complete, waiting for it; `None` once every job is received.
    fn next(&mut self) -> Option<Self::Item> {
        let got = self.rx.as_ref()?.recv().ok();
        if got.is_none() {
            self.close();
        }
        got
    }
}

/// The files named by `paths`: files as given, directories walked, as the Python package's
/// `expand` walks them (`os.walk` order: a directory's files sorted by name, then its
/// subdirectories sorted, each walked in turn; symbolic links to directories are not followed;
/// only files whose extension, lower-cased, is in `extensions` (with its dot, `".mp3"`) are
/// kept). Returns `None` when no path is a directory (the paths are then the files). The paths
/// are checked on [`thread_count`] threads (on the calling thread for fewer than 4,096).
#[must_use]
pub fn expand(
    paths: &[PathBuf],
    extensions: &[String],
    threads: Option<usize>,
) -> Option<Vec<PathBuf>> {
    // A stat is quick: below a few thousand paths, starting threads costs more than it saves.
    let threads = if paths.len() < 4096 { Some(1) } else { threads };
    let dirs = map(paths, threads, |p| p.is_dir());
    if !dirs.iter().any(|d| matches!(d, Ok(true))) {
        return None;
    }
    let mut out = Vec::with_capacity(paths.len());
    for (p, d) in paths.iter().zip(dirs) {
        if matches!(d, Ok(true)) {
            walk(p, extensions, &mut out);
        } else {
            out.push(p.clone());
        }
    }
    Some(out)
}

fn walk(dir: &Path, extensions: &[String], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<(std::ffi::OsString, PathBuf)> = Vec::new();
    let mut subdirs: Vec<(std::ffi::OsString, PathBuf, bool)> = Vec::new();
    for e in entries.flatten() {
        let path = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            subdirs.push((e.file_name(), path, true));
        } else if ft.is_symlink() && path.is_dir() {
            // Listed among the directories by os.walk, but not walked into.
            subdirs.push((e.file_name(), path, false));
        } else {
            files.push((e.file_name(), path));
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    subdirs.sort_by(|a, b| a.0.cmp(&b.0));
    for (_, path) in files {
        let ext = path
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy().to_lowercase()));
        if ext.is_some_and(|e| extensions.contains(&e)) {
            out.push(path);
        }
    }
    for (_, path, follow) in subdirs {
        if follow {
            walk(&path, extensions, out);
        }
    }
}

impl<T> Drop for Stream<T> {
    fn drop(&mut self) {
        self.close();
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn threads_mean_the_same_everywhere() {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        assert_eq!(thread_count(None, 1000), cores.min(1000));
        assert_eq!(thread_count(Some(0), 1000), cores.min(1000));
        assert_eq!(thread_count(Some(3), 1000), 3);
        assert_eq!(thread_count(Some(3), 2), 2);
        assert_eq!(thread_count(Some(3), 0), 1);
    }

    #[test]
    fn map_keeps_order_and_survives_panics() {
        let jobs: Vec<u32> = (0..100).collect();
        for threads in [None, Some(1), Some(4)] {
            let out = map(&jobs, threads, |&j| {
                assert!(j != 7, "seven");
                j * 2
            });
            assert_eq!(out.len(), 100);
            for (j, o) in jobs.iter().zip(&out) {
                match o {
                    Ok(v) => assert_eq!(*v, j * 2),
                    Err(_) => assert_eq!(*j, 7),
                }
            }
        }
    }

    #[test]
    fn stream_gives_every_job_once_and_stops_when_dropped() {
        let jobs: Arc<[u32]> = (0..500).collect();
        let mut seen: Vec<usize> = stream(Arc::clone(&jobs), Some(3), Some(2), |i, &j| {
            assert_eq!(i as u32, j);
            j
        })
        .map(|(i, o)| {
            assert_eq!(o.unwrap() as usize, i);
            i
        })
        .collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..500).collect::<Vec<_>>());
        let mut s = stream(jobs, Some(2), Some(1), |_, &j| j);
        assert!(s.next().is_some());
        drop(s);
    }
}
