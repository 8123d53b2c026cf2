//! The `io-uring` variant of reading a batch of paths (Linux): each round of up to [`DEPTH`] (64)
//! files is opened, read and closed through one io_uring ring, one submission per step, so a
//! round of 64 files costs a few system calls instead of four per file.
//!
//! Each file's first 32 KiB are read in one read. A read that returns fewer bytes
//! reached the end of the file (a regular file's read is short only there), so the whole file
//! is in memory and is parsed from it ([`SliceSource`]) with no `fstat`. A longer file stays
//! open and becomes a [`FileSource`] whose head is the bytes already read. A file the ring
//! could not open or read goes through [`open_path`](super::open_path), which gives the
//! error, or the source, exactly as it would alone.
//!
//! The ring needs `unsafe`: the kernel reads the path strings and writes the buffers after the
//! entries are pushed, so both must outlive the completions, and a descriptor the ring opened
//! is taken into a `File`. Each block says why that holds. Miri cannot run io_uring's system
//! calls, so these blocks are covered by the tests (every file of the test data read both ways
//! with the same result), not by Miri.
#![allow(unsafe_code)]

use std::cell::RefCell;
use std::ffi::CString;
use std::fs::File;
use std::os::fd::{AsRawFd, FromRawFd, IntoRawFd};
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;
use std::sync::Mutex;

use io_uring::{opcode, types, IoUring};

use super::{read_buffer, FileSource, SliceSource, Source, WHOLE_MAX};
use crate::error::Result;

/// Files per round: entries in flight at once.
pub const DEPTH: usize = super::URING_ROUND;

/// One ring and the buffers of a round, reused from round to round.
pub struct Ring {
    queue: IoUring,
    /// One read buffer per place of a round, each 32 KiB long (a buffer handed to
    /// a [`FileSource`] is replaced by a new one).
    bufs: Vec<Vec<u8>>,
    /// Set when the ring failed with entries possibly in flight: it is not used again.
    broken: bool,
}

/// A thread's ring, set up on first use.
enum ThreadRing {
    /// Not asked for yet.
    Untried,
    /// The ring.
    Ready(Box<Ring>),
    /// The system refused one.
    Refused,
}

/// The thread-local slot of a thread's ring.
struct Slot(ThreadRing);

impl Drop for Slot {
    /// A thread's ring, with its buffers, goes back to [`SPARE_RINGS`] when the thread ends.
    fn drop(&mut self) {
        if let ThreadRing::Ready(ring) = std::mem::replace(&mut self.0, ThreadRing::Untried) {
            if ring.broken {
                return;
            }
            if let Ok(mut spare) = SPARE_RINGS.lock() {
                if spare.len() < max_spare_rings() {
                    spare.push(*ring);
                }
            }
        }
    }
}

/// Rings (each with its read buffers, 2 MiB) of threads that have ended, for the next threads:
/// a batch's worker threads live as long as the batch, and setting up a ring and first
/// touching its buffers costs about as much as reading a hundred small files. No file's bytes
/// are ever read from a spare buffer: every read overwrites the part it hands out.
static SPARE_RINGS: Mutex<Vec<Ring>> = Mutex::new(Vec::new());

/// At most one spare ring per core is kept.
fn max_spare_rings() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

thread_local! {
    /// This thread's ring.
    static RING: RefCell<Slot> = const { RefCell::new(Slot(ThreadRing::Untried)) };
}

/// Run `f` with this thread's ring, setting it up on first use. `None` (without calling `f`)
/// when the system refuses a ring, or when the ring is already in use on this thread (a call
/// from inside `f`).
pub fn with_thread_ring<R>(f: impl FnOnce(&mut Ring) -> R) -> Option<R> {
    RING.try_with(|cell| {
        let mut cell = cell.try_borrow_mut().ok()?;
        let slot = &mut cell.0;
        if matches!(*slot, ThreadRing::Untried) {
            let spare = SPARE_RINGS.lock().ok().and_then(|mut s| s.pop());
            *slot = match spare {
                Some(ring) => ThreadRing::Ready(Box::new(ring)),
                None => Ring::new().map_or(ThreadRing::Refused, |r| ThreadRing::Ready(Box::new(r))),
            };
        }
        match slot {
            ThreadRing::Ready(ring) => Some(f(ring)),
            _ => None,
        }
    })
    .ok()
    .flatten()
}

impl Ring {
    /// A ring of [`DEPTH`] entries, or the error of `io_uring_setup` (`ENOSYS` on old kernels,
    /// `EPERM` where a seccomp filter forbids it).
    pub fn new() -> std::io::Result<Ring> {
        Ok(Ring {
            queue: IoUring::new(DEPTH as u32)?,
            bufs: Vec::new(),
            broken: false,
        })
    }

    /// Submit the queued entries and wait for `n` completions; `done(user_data, result)` is
    /// called for each.
    fn complete(&mut self, n: usize, mut done: impl FnMut(usize, i32)) -> std::io::Result<()> {
        let mut seen = 0;
        while seen < n {
            match self.queue.submit_and_wait(n - seen) {
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
            for cqe in self.queue.completion() {
                done(
                    usize::try_from(cqe.user_data()).unwrap_or(usize::MAX),
                    cqe.result(),
                );
                seen += 1;
            }
        }
        Ok(())
    }

    /// Call `f(index, source)` for every path in order, as
    /// [`for_each_source`](super::for_each_source) does.
    pub fn for_each_source(
        &mut self,
        paths: &[PathBuf],
        f: &mut dyn FnMut(usize, Result<&dyn Source>),
    ) {
        for (round, chunk) in paths.chunks(DEPTH).enumerate() {
            let base = round * DEPTH;
            if self.broken {
                fallback(chunk, &mut |i, src| f(base + i, src));
            } else {
                self.round(chunk, &mut |i, src| f(base + i, src));
            }
        }
    }

    /// A failure of the ring itself (not of one file) while entries may be in flight: the
    /// round's strings and buffers are leaked, since the kernel may still use them, and the
    /// ring is not used again.
    fn give_up(&mut self, names: Vec<Option<CString>>) {
        self.broken = true;
        std::mem::forget(names);
        std::mem::forget(std::mem::take(&mut self.bufs));
    }

    fn round(&mut self, paths: &[PathBuf], f: &mut dyn FnMut(usize, Result<&dyn Source>)) {
        let n = paths.len();
        let names: Vec<Option<CString>> = paths
            .iter()
            .map(|p| CString::new(p.as_os_str().as_bytes()).ok())
            .collect();

        // Open every file. Each descriptor is owned by a `File` as soon as its completion is
        // seen, so that it is closed whatever happens next.
        let mut files: Vec<Option<File>> = (0..n).map(|_| None).collect();
        let mut queued = 0;
        for (i, name) in names.iter().enumerate() {
            let Some(name) = name else { continue };
            let entry = opcode::OpenAt::new(types::Fd(libc::AT_FDCWD), name.as_ptr())
                .flags(libc::O_RDONLY | libc::O_CLOEXEC)
                .build()
                .user_data(i as u64);
            // SAFETY: `name` lives in `names` until `complete` below has waited for every
            // entry pushed here (or, if it fails, is leaked by `give_up`); a round holds at
            // most `DEPTH` entries, the queue's size.
            if unsafe { self.queue.submission().push(&entry) }.is_ok() {
                queued += 1;
            }
        }
        let opened = self.complete(queued, |i, fd| {
            if let (Some(slot), true) = (files.get_mut(i), fd >= 0) {
                // SAFETY: a non-negative result of an open is a new descriptor that nothing
                // else owns; the `File` becomes its only owner.
                *slot = Some(unsafe { File::from_raw_fd(fd) });
            }
        });
        if opened.is_err() {
            self.give_up(names);
            drop(files);
            return fallback(paths, f);
        }

        // Read the first 32 KiB of every file opened.
        if self.bufs.len() < n {
            self.bufs.resize_with(n, Vec::new);
        }
        let mut queued = 0;
        for (i, file) in files.iter().enumerate() {
            let Some(file) = file else { continue };
            let buf = &mut self.bufs[i];
            if buf.len() < WHOLE_MAX {
                *buf = read_buffer(WHOLE_MAX);
            }
            let entry = opcode::Read::new(
                types::Fd(file.as_raw_fd()),
                buf.as_mut_ptr(),
                WHOLE_MAX as u32,
            )
            .offset(0)
            .build()
            .user_data(i as u64);
            // SAFETY: `buf` is at least 32 KiB long and is neither moved, read nor
            // dropped until `complete` below has waited for every entry pushed here (if it
            // fails, `give_up` leaks the buffers); the descriptor stays open until then.
            if unsafe { self.queue.submission().push(&entry) }.is_ok() {
                queued += 1;
            }
        }
        let mut lens = vec![-1i32; n];
        let read = self.complete(queued, |i, res| {
            if let Some(len) = lens.get_mut(i) {
                *len = res;
            }
        });
        if read.is_err() {
            // The descriptors of reads still in flight must stay open: leak them too.
            files.into_iter().flatten().for_each(|f| {
                let _ = f.into_raw_fd();
            });
            self.give_up(names);
            return fallback(paths, f);
        }

        // Close the files read whole, and those whose read failed, through the ring; longer
        // files stay open for their sources.
        let mut queued = 0;
        for (file, &len) in files.iter_mut().zip(&lens) {
            let whole = usize::try_from(len).map_or(true, |len| len < WHOLE_MAX);
            if !whole {
                continue;
            }
            let Some(fd) = file.take().map(IntoRawFd::into_raw_fd) else {
                continue;
            };
            let entry = opcode::Close::new(types::Fd(fd))
                .build()
                .user_data(u64::MAX);
            // SAFETY: a close holds no buffer; the descriptor was taken out of its `File`, so
            // nothing else closes or uses it.
            if unsafe { self.queue.submission().push(&entry) }.is_ok() {
                queued += 1;
            } else {
                // SAFETY: as above; closed here instead.
                drop(unsafe { File::from_raw_fd(fd) });
            }
        }
        if self.complete(queued, |_, _| {}).is_err() {
            // Closes hold no memory of ours: only the ring is given up.
            self.broken = true;
        }

        for (i, path) in paths.iter().enumerate() {
            let len = usize::try_from(lens[i]).ok();
            match (files[i].take(), len) {
                (Some(file), Some(_)) => {
                    let head = std::mem::take(&mut self.bufs[i]);
                    match FileSource::with_head(file, head, WHOLE_MAX) {
                        Ok(src) => f(i, Ok(&src)),
                        Err(e) => f(i, Err(e)),
                    }
                }
                (None, Some(len)) if names[i].is_some() && len < WHOLE_MAX => {
                    f(i, Ok(&SliceSource::new(&self.bufs[i][..len])));
                }
                _ => {
                    let mut alone = super::open_path(path);
                    if out_of_descriptors(&alone) {
                        // The longer files of the round still hold their descriptors: close
                        // them (each is opened again in its turn) and try again.
                        files[i + 1..].iter_mut().for_each(|f| *f = None);
                        alone = super::open_path(path);
                    }
                    match alone {
                        Ok(src) => f(i, Ok(&src)),
                        Err(e) => f(i, Err(e)),
                    }
                }
            }
        }
    }
}

/// Whether an open failed for want of file descriptors (the process's or the system's limit).
fn out_of_descriptors<T>(r: &Result<T>) -> bool {
    matches!(r, Err(crate::Error::Io(e))
        if matches!(e.raw_os_error(), Some(libc::EMFILE | libc::ENFILE)))
}

/// Every path through [`open_path`](super::open_path).
fn fallback(paths: &[PathBuf], f: &mut dyn FnMut(usize, Result<&dyn Source>)) {
    for (i, path) in paths.iter().enumerate() {
        match super::open_path(path) {
            Ok(src) => f(i, Ok(&src)),
            Err(e) => f(i, Err(e)),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::file;

    /// What a reader makes of a source, or of the error that opened it, as text: the kind and
    /// the projection of everything (the parsed file's own `Debug` prints hash maps, whose
    /// order changes from map to map).
    fn outcome(path: &std::path::Path, src: Result<&dyn Source>) -> String {
        let everything = crate::project::Wanted {
            common: true,
            tags: true,
            pictures: true,
            picture_data: true,
        };
        match src {
            Ok(src) => match file::read(&file::path_name(path), src) {
                Ok(detected) => match crate::project::project_detected(&detected, everything) {
                    Some((kind, p)) => format!("{kind:?} {p:?}"),
                    None => format!("{detected:?}"),
                },
                Err(e) => format!("read: {e:?}"),
            },
            Err(e) => format!("open: {e:?}"),
        }
    }

    fn through_ring(paths: &[PathBuf]) -> Vec<String> {
        let mut out = vec![String::new(); paths.len()];
        let mut calls = 0;
        let used = with_thread_ring(|ring| {
            ring.for_each_source(paths, &mut |i, src| {
                calls += 1;
                out[i] = outcome(&paths[i], src);
            });
        });
        assert!(used.is_some(), "io_uring is not available here");
        assert_eq!(calls, paths.len());
        out
    }

    fn alone(paths: &[PathBuf]) -> Vec<String> {
        paths
            .iter()
            .map(|p| match super::super::open_path(p) {
                Ok(src) => outcome(p, Ok(&src)),
                Err(e) => outcome(p, Err(e)),
            })
            .collect()
    }

    #[test]
    fn every_sample_file_reads_as_it_does_alone() {
        if Ring::new().is_err() {
            eprintln!("skipped: io_uring cannot be set up here");
            return;
        }
        let files = crate::testfiles::sample_files();
        let (ring, plain) = (through_ring(&files), alone(&files));
        for ((path, a), b) in files.iter().zip(&ring).zip(&plain) {
            assert_eq!(a, b, "{}", path.display());
        }
    }

    #[test]
    fn missing_files_directories_and_sizes_around_the_whole_read() {
        if Ring::new().is_err() {
            eprintln!("skipped: io_uring cannot be set up here");
            return;
        }
        let dir = std::env::temp_dir().join(format!("mutagen-uring-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut paths = vec![dir.join("missing.mp3"), dir.clone()];
        // An MP3 frame header repeated: sizes just under, at and over the whole read, and a
        // file of several rounds' length.
        let frame: Vec<u8> = [0xFF, 0xFB, 0x90, 0x64]
            .into_iter()
            .chain(std::iter::repeat_n(0, 413))
            .collect();
        for size in [0, 10, WHOLE_MAX - 1, WHOLE_MAX, WHOLE_MAX + 1, 300_000] {
            let path = dir.join(format!("f{size}.mp3"));
            let bytes: Vec<u8> = frame.iter().copied().cycle().take(size).collect();
            std::fs::write(&path, bytes).unwrap();
            paths.push(path);
        }
        // More paths than one round holds.
        let many: Vec<PathBuf> = paths.iter().cycle().take(DEPTH * 2 + 5).cloned().collect();
        assert_eq!(through_ring(&many), alone(&many));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
