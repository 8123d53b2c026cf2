//! A batch reader over io_uring (Linux): each round of up to `depth` files is opened, read
//! (the first [`WHOLE_MAX`] bytes, one read per file) and closed with one submission per step,
//! then parsed from memory. A file longer than [`WHOLE_MAX`] bytes is read again by the core's
//! own path reader (`mutagen_core::file::read_path`), as are files io_uring failed to open or
//! read, so that every result is exactly what `read_path` gives.
//!
//! The ring needs `unsafe` to push entries: the kernel reads the path strings and writes the
//! buffers after the push returns, so both must outlive the completion. Each push says why that
//! holds.
#![allow(unsafe_code)]

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;

use io_uring::{opcode, types, IoUring};
use mutagen_core::file::{self, Detected};
use mutagen_core::source::SliceSource;

/// Files up to this many bytes are parsed from the one read (the core's source reads such a
/// file whole too).
pub const WHOLE_MAX: usize = 32 * 1024;

/// One ring, reused across rounds.
pub struct Reader {
    ring: IoUring,
    depth: usize,
}

impl Reader {
    /// A ring for rounds of `depth` files, or the error of `io_uring_setup` (ENOSYS on old
    /// kernels, EPERM where a seccomp filter forbids it): the caller then uses threads.
    pub fn new(depth: usize) -> std::io::Result<Reader> {
        let depth = depth.clamp(1, 4096);
        let entries = u32::try_from(depth.next_power_of_two()).unwrap_or(4096);
        Ok(Reader {
            ring: IoUring::new(entries)?,
            depth,
        })
    }

    /// Submit the queued entries and wait for `n` completions; `results[user_data]` gets each
    /// completion's result.
    fn complete(&mut self, n: usize, results: &mut [i32]) -> std::io::Result<()> {
        self.ring.submit_and_wait(n)?;
        let mut seen = 0;
        while seen < n {
            let mut cq = self.ring.completion();
            cq.sync();
            let mut got_any = false;
            for cqe in &mut cq {
                if let Some(slot) = results.get_mut(cqe.user_data() as usize) {
                    *slot = cqe.result();
                }
                seen += 1;
                got_any = true;
            }
            drop(cq);
            if !got_any && seen < n {
                self.ring.submit_and_wait(n - seen)?;
            }
        }
        Ok(())
    }

    /// Read every path: the results, in path order, are what `read_path` gives.
    pub fn read_all(&mut self, paths: &[PathBuf]) -> Vec<mutagen_core::Result<Detected>> {
        let mut out = Vec::with_capacity(paths.len());
        for round in paths.chunks(self.depth) {
            out.extend(self.round(round));
        }
        out
    }

    fn round(&mut self, paths: &[PathBuf]) -> Vec<mutagen_core::Result<Detected>> {
        let n = paths.len();
        let names: Vec<Option<CString>> = paths
            .iter()
            .map(|p| CString::new(p.as_os_str().as_bytes()).ok())
            .collect();
        let mut fds = vec![-1i32; n];
        let mut queued = 0;
        for (i, name) in names.iter().enumerate() {
            let Some(name) = name else { continue };
            let entry = opcode::OpenAt::new(types::Fd(libc::AT_FDCWD), name.as_ptr())
                .flags(libc::O_RDONLY | libc::O_CLOEXEC)
                .build()
                .user_data(i as u64);
            // SAFETY: `name` lives in `names` until this function returns, after `complete`
            // below has waited for this entry's completion; the queue has `depth` places and a
            // round holds at most `depth` entries.
            if unsafe { self.ring.submission().push(&entry) }.is_ok() {
                queued += 1;
            }
        }
        if self.complete(queued, &mut fds).is_err() {
            fds.fill(-1);
        }
        let mut bufs: Vec<Vec<u8>> = (0..n).map(|_| vec![0u8; WHOLE_MAX]).collect();
        let mut lens = vec![-1i32; n];
        let mut queued = 0;
        for (i, (fd, buf)) in fds.iter().zip(bufs.iter_mut()).enumerate() {
            if *fd < 0 {
                continue;
            }
            let entry = opcode::Read::new(types::Fd(*fd), buf.as_mut_ptr(), WHOLE_MAX as u32)
                .offset(0)
                .build()
                .user_data(i as u64);
            // SAFETY: `buf` is `WHOLE_MAX` bytes long, lives in `bufs` and is neither moved nor
            // read until `complete` below has waited for this entry's completion.
            if unsafe { self.ring.submission().push(&entry) }.is_ok() {
                queued += 1;
            }
        }
        if self.complete(queued, &mut lens).is_err() {
            lens.fill(-1);
        }
        let mut closed = vec![0i32; n];
        let mut queued = 0;
        for (i, fd) in fds.iter().enumerate() {
            if *fd < 0 {
                continue;
            }
            let entry = opcode::Close::new(types::Fd(*fd))
                .build()
                .user_data(i as u64);
            // SAFETY: a close holds no buffer; the descriptor is ours and used by nothing else.
            if unsafe { self.ring.submission().push(&entry) }.is_ok() {
                queued += 1;
            }
        }
        let _ = self.complete(queued, &mut closed);
        paths
            .iter()
            .zip(bufs.iter().zip(&lens))
            .map(|(path, (buf, &len))| match usize::try_from(len) {
                // Fewer bytes than asked: the whole file is in the buffer.
                Ok(len) if len < WHOLE_MAX => {
                    let src = SliceSource::new(&buf[..len]);
                    file::read(&path.to_string_lossy(), &src)
                }
                _ => file::read_path(path),
            })
            .collect()
    }
}
