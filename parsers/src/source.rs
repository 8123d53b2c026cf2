//! Where bytes come from: the input seam of the parser core.
//!
//! Every reader takes a [`Source`] and asks it for the byte ranges it needs, never for the
//! whole file. [`SliceSource`] serves bytes already in memory; [`FileSource`] serves a file
//! with positioned reads (`pread`), one syscall per range. With the `mmap` feature,
//! `MmapSource` (in `source/mmap.rs`) serves a memory-mapped file through the same trait.
//! Where the core opens a path it calls [`open_path`], which returns the [`PathSource`] the
//! build chose: that is the one place the `read` | `mmap` axis is decided.

use std::borrow::Cow;
use std::fs::File;
use std::path::Path;

use crate::error::Result;

#[cfg(feature = "mmap")]
mod mmap;
#[cfg(feature = "mmap")]
pub use mmap::{MmapSource, MMAP_MIN};
#[cfg(all(feature = "io-uring", target_os = "linux"))]
pub mod uring;

/// The source the core opens paths with: [`FileSource`] (positioned reads, the `read`
/// variant) by default, `MmapSource` with the `mmap` feature.
#[cfg(not(feature = "mmap"))]
pub type PathSource = FileSource;

/// The source the core opens paths with: [`FileSource`] (positioned reads, the `read`
/// variant) by default, `MmapSource` with the `mmap` feature.
#[cfg(feature = "mmap")]
pub type PathSource = MmapSource;

/// Open a path with the [`PathSource`] this build uses.
pub fn open_path(path: impl AsRef<Path>) -> Result<PathSource> {
    PathSource::open(path)
}

/// Open each of `paths` in turn and call `f(index, source)` with its source, or with the error
/// [`open_path`] gives; `f` is called once per path, in path order. With `uring` (and the
/// `io-uring` feature, on Linux), the files are opened, read and closed through this thread's
/// io_uring ring ([`uring`]), many at once; where a ring cannot be set up, and without
/// `uring`, each path goes through [`open_path`]. Either way a reader given the source
/// returns the same result as it would through [`open_path`].
pub fn for_each_source(
    paths: &[std::path::PathBuf],
    uring: bool,
    mut f: impl FnMut(usize, Result<&dyn Source>),
) {
    #[cfg(all(feature = "io-uring", target_os = "linux"))]
    if uring && uring::with_thread_ring(|ring| ring.for_each_source(paths, &mut f)).is_some() {
        return;
    }
    let _ = uring;
    for (i, path) in paths.iter().enumerate() {
        match open_path(path) {
            Ok(src) => f(i, Ok(&src)),
            Err(e) => f(i, Err(e)),
        }
    }
}

/// Files per io_uring round in [`for_each_source`]: entries in flight at once per thread.
pub const URING_ROUND: usize = 64;

/// Whether [`for_each_source`] can read through io_uring on this thread: the `io-uring` feature
/// is built, the system is Linux, and a ring can be set up (not refused by an old kernel or a
/// seccomp filter).
#[must_use]
pub fn uring_available() -> bool {
    #[cfg(all(feature = "io-uring", target_os = "linux"))]
    {
        uring::with_thread_ring(|_| ()).is_some()
    }
    #[cfg(not(all(feature = "io-uring", target_os = "linux")))]
    {
        false
    }
}

/// Random access to the bytes of one file.
pub trait Source {
    /// The total length of the input in bytes.
    fn len(&self) -> u64;

    /// Whether the input is empty.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Up to `len` bytes starting at `offset`. Fewer bytes come back only when the input ends
    /// first; an offset at or past the end gives an empty slice. Never allocates more than what
    /// remains of the input.
    fn read_at(&self, offset: u64, len: usize) -> Result<Cow<'_, [u8]>>;

    /// The bytes from `offset` to the end of the input.
    fn read_to_end(&self, offset: u64) -> Result<Cow<'_, [u8]>> {
        let remaining = self.len().saturating_sub(offset);
        self.read_at(offset, usize::try_from(remaining).unwrap_or(usize::MAX))
    }

    /// [`Source::read_at`], where the bytes may sit further into an owned buffer than its
    /// start: `(data, start)`, the bytes being `data[start..]`. A large read from a file (64 KiB
    /// or more) lands where the kernel copies it fastest, up to 63 bytes into its buffer, and
    /// stays there, rather than being moved to the buffer's start after; a reader that keeps
    /// the buffer (an ID3 tag body, whose large values are ranges of it) takes it so.
    fn read_placed(&self, offset: u64, len: usize) -> Result<(Cow<'_, [u8]>, usize)> {
        Ok((self.read_at(offset, len)?, 0))
    }

    /// Fill the start of `buf` with the bytes at `offset`: the count filled, `buf.len()` unless
    /// the input ends first. A reader that gathers pieces of the file into one buffer of its
    /// own (an Ogg packet spread over pages) reads them straight into it, where the source
    /// allows, rather than into a buffer of the source's and then across.
    fn read_at_into(&self, offset: u64, buf: &mut [u8]) -> Result<usize> {
        let got = self.read_at(offset, buf.len())?;
        let n = got.len().min(buf.len());
        buf[..n].copy_from_slice(&got[..n]);
        if let Cow::Owned(v) = got {
            recycle(v);
        }
        Ok(n)
    }
}

/// Where a file this crate opened ends, asked with one `lseek(SEEK_END)`: half the cost of
/// the `statx` behind `File::metadata` on Linux (0.64 against 1.06 µs a call on the
/// benchmark machine), for the same length on a regular file. Moving the file's offset is
/// harmless, every read being positioned. A file that cannot seek (a pipe) is asked for its
/// metadata instead.
fn end_offset(file: &File) -> Result<u64> {
    use std::io::{Seek, SeekFrom};
    let mut f = file;
    match f.seek(SeekFrom::End(0)) {
        Ok(end) => Ok(end),
        Err(_) => Ok(file.metadata()?.len()),
    }
}

/// Clamp a requested range to what remains of an input of `total` bytes.
#[inline]
fn clamp(total: u64, offset: u64, len: usize) -> usize {
    let remaining = total.saturating_sub(offset);
    usize::try_from(remaining).map_or(len, |r| r.min(len))
}

/// A source over bytes already in memory.
#[derive(Debug, Clone, Copy)]
pub struct SliceSource<'a> {
    data: &'a [u8],
}

impl<'a> SliceSource<'a> {
    /// Wrap a byte slice.
    #[must_use]
    pub fn new(data: &'a [u8]) -> Self {
        SliceSource { data }
    }
}

impl Source for SliceSource<'_> {
    fn len(&self) -> u64 {
        self.data.len() as u64
    }

    fn read_at(&self, offset: u64, len: usize) -> Result<Cow<'_, [u8]>> {
        let n = clamp(self.len(), offset, len);
        if n == 0 {
            return Ok(Cow::Borrowed(&[]));
        }
        // `clamp` guarantees offset + n <= data.len(), so offset fits in usize.
        let start = offset as usize;
        Ok(Cow::Borrowed(&self.data[start..start + n]))
    }
}

/// Bytes of the head of a file read when it is opened: detection, tag headers and small
/// tags are served from them without another system call.
const HEAD_LEN: usize = 8 * 1024;

/// Files up to this size are read whole, in one positioned read, when they are opened: one
/// system call instead of a head, a tail and a window read, for a few more bytes copied.
const WHOLE_MAX: usize = 32 * 1024;

/// Bytes of the tail of a file read when it is opened (ID3v1, APEv2 footers, the last Ogg
/// page, detection's last 160 bytes).
const TAIL_LEN: usize = 4 * 1024;

/// The first read-ahead window for small reads outside the head and tail; it doubles with each
/// refill up to [`WINDOW_MAX`], so that a reader walking forward in small steps (Ogg pages, FLAC
/// fields) costs a few large reads rather than one read per step.
const WINDOW_MIN: usize = 8 * 1024;

/// The largest read-ahead window.
const WINDOW_MAX: usize = 256 * 1024;

/// Reads at least this long bypass the window and are read into a buffer of their own.
const DIRECT_LEN: usize = 4 * 1024;

/// A window of the file kept for small reads: `(file offset, bytes)`.
#[derive(Debug, Default)]
struct Window {
    start: u64,
    data: Vec<u8>,
    next_len: usize,
}

/// A source over an open file, read with positioned reads.
///
/// The head and the tail of the file are read when it is opened; reads within them borrow
/// those bytes. Other small reads are served from a read-ahead window; long reads go straight
/// to the file. Nothing is kept after the source is
/// dropped.
#[derive(Debug)]
pub struct FileSource {
    file: File,
    len: u64,
    /// The head's buffer; its first `head_len` bytes are the file's.
    head: Vec<u8>,
    head_len: usize,
    tail_start: u64,
    /// The tail's buffer; its first `tail_len` bytes are the file's.
    tail: Vec<u8>,
    tail_len: usize,
    window: std::cell::RefCell<Window>,
}

impl FileSource {
    /// Open a file for reading.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let file = File::open(path)?;
        let len = end_offset(&file)?;
        Self::with_len(file, len)
    }

    /// Wrap a file that is already open. Its offset is left where it is (the file may be
    /// shared): its length is taken from its metadata.
    pub fn from_file(file: File) -> Result<Self> {
        let len = file.metadata()?.len();
        Self::with_len(file, len)
    }

    /// The source of a file of `len` bytes: its head read (all of it when the file is small)
    /// and its tail.
    fn with_len(file: File, len: u64) -> Result<Self> {
        let head_len = if len <= WHOLE_MAX as u64 {
            len as usize
        } else {
            clamp(len, 0, HEAD_LEN)
        };
        let (head, head_len) = read_into(&file, len, 0, head_len)?;
        Self::with_head_read(file, len, head, head_len)
    }

    /// Wrap a file that is already open and whose first `filled` bytes are already in `head`
    /// (read some other way: `source::uring` reads them through io_uring). The file's length
    /// is asked of the system; the tail is read as [`FileSource::from_file`] reads it.
    #[cfg(all(feature = "io-uring", target_os = "linux"))]
    fn with_head(file: File, head: Vec<u8>, filled: usize) -> Result<Self> {
        let len = file.metadata()?.len();
        let head_len = usize::try_from(len)
            .map_or(filled, |len| filled.min(len))
            .min(head.len());
        Self::with_head_read(file, len, head, head_len)
    }

    /// The source once the head is read: the tail read (unless the head holds the whole
    /// file) and the read-ahead window set up.
    fn with_head_read(file: File, len: u64, head: Vec<u8>, head_len: usize) -> Result<Self> {
        let (tail_start, (tail, tail_len)) = if len <= head_len as u64 {
            (len, (Vec::new(), 0))
        } else {
            let tail_start = len.saturating_sub(TAIL_LEN as u64).max(head_len as u64);
            let tail_len = clamp(len, tail_start, TAIL_LEN);
            (tail_start, read_into(&file, len, tail_start, tail_len)?)
        };
        Ok(FileSource {
            file,
            len,
            head,
            head_len,
            tail_start,
            tail,
            tail_len,
            window: std::cell::RefCell::new(Window {
                next_len: WINDOW_MIN,
                ..Window::default()
            }),
        })
    }

    /// `n` bytes at `offset` from the head or the tail, when they hold all of them.
    fn cached(&self, offset: u64, n: usize) -> Option<&[u8]> {
        let end = offset.checked_add(n as u64)?;
        if end <= self.head_len as u64 {
            return self.head.get(offset as usize..end as usize);
        }
        if offset >= self.tail_start && end <= self.tail_start + self.tail_len as u64 {
            let rel = (offset - self.tail_start) as usize;
            return self.tail.get(rel..rel + n);
        }
        None
    }

    /// A copy of `n` bytes at `offset` when the read-ahead window holds all of them.
    fn in_window(&self, offset: u64, n: usize) -> Option<Vec<u8>> {
        let w = self.window.try_borrow().ok()?;
        let rel = usize::try_from(offset.checked_sub(w.start)?).ok()?;
        w.data.get(rel..rel.checked_add(n)?).map(copy_to_vec)
    }

    /// `n` bytes at `offset` through the read-ahead window, refilling it when needed.
    fn windowed(&self, offset: u64, n: usize) -> Result<Vec<u8>> {
        let mut w = self.window.borrow_mut();
        let end = offset + n as u64;
        let w_end = w.start + w.data.len() as u64;
        if offset < w.start || end > w_end {
            let want = w.next_len.max(n);
            let got = clamp(self.len, offset, want);
            w.data = read_exact_at(&self.file, self.len, offset, got)?;
            w.start = offset;
            w.next_len = (w.next_len * 2).min(WINDOW_MAX);
        }
        let rel = (offset - w.start) as usize;
        let avail = w.data.get(rel..).unwrap_or(&[]);
        Ok(avail.get(..n).unwrap_or(avail).to_vec())
    }
}

/// Copies of at least this many bytes ([`copy_to_vec`]) are made into a spare buffer (an Ogg
/// page's data, at most 65,025 bytes, is among them).
pub const SPARE_MIN: usize = 16 * 1024;

/// Reads of at least this many bytes take a spare buffer (the head of a file, a whole small
/// file, a tag body), and [`recycle`] keeps buffers from this size: the buffer a file's head
/// was read into serves the next file's head without being allocated or zeroed again.
const READ_SPARE_MIN: usize = 4 * 1024;

/// Reads of at least this many bytes never land 1 to 15 bytes ahead of the file offset,
/// modulo a page ([`ALIASED_MAX`]). The kernel's copy out of the page cache is many times
/// slower there (4K aliasing: each load seems to depend on the store just before it): on an
/// AMD EPYC host a 1 MiB `pread` took 330 µs at those distances, against 45-55 µs at every
/// other distance tried. glibc places large blocks 16 bytes into a page, and an ID3 tag body
/// starts at file offset 10: every such read was slow. Such a read goes 64 bytes ahead
/// instead, and its bytes are moved to the buffer's start (about 14 µs per MiB).
const ALIGNED_READ_MIN: usize = 64 * 1024;

/// Distances from 1 up to this, exclusive, between a read's destination and its source
/// (modulo [`PAGE`]) are the slow ones (see [`ALIGNED_READ_MIN`]).
const ALIASED_MAX: usize = 16;

/// Where an [`ALIGNED_READ_MIN`] read at a slow distance goes instead: this far ahead.
const READ_ALIGN: usize = 64;

/// The page size that the distance is taken modulo.
const PAGE: usize = 4096;

/// Buffers larger than this are never kept by [`recycle`].
const SPARE_MAX: usize = 4 * 1024 * 1024;

/// How many spare buffers a thread keeps.
const SPARE_COUNT: usize = 4;

thread_local! {
    /// Large buffers of this thread, kept for the next large reads and copies. Memory the
    /// allocator hands out fresh costs a page fault per 4 KiB on first touch; a buffer used
    /// again does not.
    static SPARE: std::cell::RefCell<Vec<Vec<u8>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// An empty buffer with room for `n` bytes: one of this thread's spare buffers when one fits
/// (see [`recycle`]), else a new one.
#[must_use]
pub fn spare(n: usize) -> Vec<u8> {
    let mut buf = take_spare_as_is(n);
    buf.clear();
    buf.reserve(n);
    buf
}

/// The smallest of this thread's spare buffers with room for `n` bytes and not much more, its
/// old contents left in place (or an empty buffer when none fits). A file's small head, tail
/// and read-ahead window never take the large buffers its tag body and picture need next.
fn take_spare_as_is(n: usize) -> Vec<u8> {
    let most = n.saturating_mul(4).max(SPARE_MIN * 4);
    SPARE
        .try_with(|s| {
            let mut s = s.try_borrow_mut().ok()?;
            let at = s
                .iter()
                .enumerate()
                .filter(|(_, b)| (n..=most).contains(&b.capacity()))
                .min_by_key(|(_, b)| b.capacity())
                .map(|(at, _)| at)?;
            Some(s.swap_remove(at))
        })
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// A buffer of at least `n` initialised bytes to read into. A spare buffer keeps its old bytes
/// and its length (only what it lacks is zeroed, so a buffer that once held a larger file is
/// not zeroed again): the read overwrites the start, and only the bytes it filled are ever
/// handed out.
fn read_buffer(n: usize) -> Vec<u8> {
    let mut buf = if n >= READ_SPARE_MIN {
        take_spare_as_is(n)
    } else {
        Vec::new()
    };
    if buf.len() < n {
        buf.resize(n, 0);
    }
    buf
}

/// A buffer of exactly `n` bytes to fill with [`Source::read_at_into`]: a spare one where one fits
/// (see [`recycle`]), its bytes left from an earlier use until they are overwritten, so that a
/// large buffer is neither zeroed nor faulted in again for each file. The caller overwrites
/// every byte it hands out, or truncates the buffer to the bytes it filled.
#[must_use]
pub fn filled_buffer(n: usize) -> Vec<u8> {
    let mut buf = read_buffer(n);
    buf.truncate(n);
    buf
}

/// A copy of `data` in a buffer of its own (a spare one for large data): the bytes of a large
/// value taken out of a read buffer.
#[must_use]
pub fn copy_to_vec(data: &[u8]) -> Vec<u8> {
    if data.len() < SPARE_MIN {
        return data.to_vec();
    }
    let mut buf = spare(data.len());
    buf.extend_from_slice(data);
    buf
}

/// Give back a large buffer that is no longer needed (a read buffer, or the bytes of a value
/// that have been copied elsewhere), so that the next large read or copy on this thread reuses
/// its memory. Buffers under 4 KiB or over 4 MiB are simply dropped; a thread keeps at most
/// four, the largest. The contents are never read again: every use overwrites them first.
pub fn recycle(buf: Vec<u8>) {
    let cap = buf.capacity();
    if !(READ_SPARE_MIN..=SPARE_MAX).contains(&cap) {
        return;
    }
    let _ = SPARE.try_with(|s| {
        let Ok(mut s) = s.try_borrow_mut() else {
            return;
        };
        if s.len() < SPARE_COUNT {
            s.push(buf);
        } else if let Some(smallest) = s.iter_mut().min_by_key(|b| b.capacity()) {
            if smallest.capacity() < cap {
                *smallest = buf;
            }
        }
    });
}

/// Up to `n` bytes at `offset` of a file of `total` bytes (fewer only if it shrank), in one
/// positioned read where the system allows: a buffer whose first `filled` bytes are the
/// file's (the bytes after them are left from an earlier use), and `filled`.
fn read_into(file: &File, total: u64, offset: u64, n: usize) -> Result<(Vec<u8>, usize)> {
    let (mut buf, shift, filled) = read_placed_os(file, total, offset, n)?;
    if shift > 0 {
        buf.copy_within(shift..shift + filled, 0);
    }
    Ok((buf, filled))
}

/// [`read_into`] without the move: `(buffer, start, filled)`, the file's bytes being
/// `buffer[start..start + filled]`.
fn read_placed_os(
    file: &File,
    total: u64,
    offset: u64,
    n: usize,
) -> Result<(Vec<u8>, usize, usize)> {
    let n = clamp(total, offset, n);
    // A large read whose buffer sits just ahead of the file offset, modulo a page, lands
    // further into the buffer and is then moved to its start (see `ALIGNED_READ_MIN`).
    let (mut buf, shift) = if n >= ALIGNED_READ_MIN {
        let buf = read_buffer(n + READ_ALIGN);
        let addr = buf.as_ptr() as usize % PAGE;
        let at = (offset % PAGE as u64) as usize;
        let ahead = (addr + PAGE - at) % PAGE;
        let shift = if (1..ALIASED_MAX).contains(&ahead) {
            READ_ALIGN - ahead
        } else {
            0
        };
        (buf, shift)
    } else {
        (read_buffer(n), 0)
    };
    let mut filled = 0;
    while filled < n {
        let at = shift + filled;
        let got = read_at_os(file, &mut buf[at..shift + n], offset + filled as u64)?;
        if got == 0 {
            // The file shrank after it was opened.
            break;
        }
        filled += got;
    }
    Ok((buf, shift, filled))
}

/// Up to `n` bytes at `offset` of a file of `total` bytes, as [`read_into`] reads them, in a
/// buffer of exactly those bytes.
fn read_exact_at(file: &File, total: u64, offset: u64, n: usize) -> Result<Vec<u8>> {
    let (mut buf, filled) = read_into(file, total, offset, n)?;
    buf.truncate(filled);
    Ok(buf)
}

impl Drop for FileSource {
    /// The head, tail and window buffers go back to this thread's spares for the next file.
    fn drop(&mut self) {
        recycle(std::mem::take(&mut self.head));
        recycle(std::mem::take(&mut self.tail));
        recycle(std::mem::take(&mut self.window.get_mut().data));
    }
}

impl Source for FileSource {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_at(&self, offset: u64, len: usize) -> Result<Cow<'_, [u8]>> {
        let n = clamp(self.len, offset, len);
        if n == 0 {
            return Ok(Cow::Borrowed(&[]));
        }
        if let Some(bytes) = self.cached(offset, n) {
            return Ok(Cow::Borrowed(bytes));
        }
        if n < DIRECT_LEN {
            return self.windowed(offset, n).map(Cow::Owned);
        }
        if let Some(bytes) = self.in_window(offset, n) {
            // Bytes the read-ahead already holds (a page's data after its header): a copy
            // costs less than reading them again.
            return Ok(Cow::Owned(bytes));
        }
        read_exact_at(&self.file, self.len, offset, n).map(Cow::Owned)
    }

    /// A large read that the head, tail and window do not hold is read into a buffer of its
    /// own and left where it landed.
    fn read_placed(&self, offset: u64, len: usize) -> Result<(Cow<'_, [u8]>, usize)> {
        let n = clamp(self.len, offset, len);
        if n < ALIGNED_READ_MIN || self.cached(offset, n).is_some() {
            return Ok((self.read_at(offset, len)?, 0));
        }
        let (mut buf, start, filled) = read_placed_os(&self.file, self.len, offset, n)?;
        buf.truncate(start + filled);
        Ok((Cow::Owned(buf), start))
    }

    /// Bytes the head, the tail or the read-ahead window hold are copied from there; others
    /// are read from the file straight into `buf`, except a large read that would land 1 to
    /// 15 bytes ahead of its file offset, modulo a page (where the kernel's copy out of the
    /// page cache is slow), which goes through a buffer of its own.
    fn read_at_into(&self, offset: u64, buf: &mut [u8]) -> Result<usize> {
        let n = clamp(self.len, offset, buf.len());
        let Some(dst) = buf.get_mut(..n).filter(|d| !d.is_empty()) else {
            return Ok(0);
        };
        if let Some(bytes) = self.cached(offset, n) {
            dst.copy_from_slice(bytes);
            return Ok(n);
        }
        if let Ok(w) = self.window.try_borrow() {
            let held = usize::try_from(offset.wrapping_sub(w.start))
                .ok()
                .filter(|_| offset >= w.start)
                .and_then(|rel| w.data.get(rel..rel.checked_add(n)?));
            if let Some(bytes) = held {
                dst.copy_from_slice(bytes);
                return Ok(n);
            }
        }
        let ahead = (dst.as_ptr() as usize % PAGE + PAGE - (offset % PAGE as u64) as usize) % PAGE;
        if n >= ALIGNED_READ_MIN && (1..ALIASED_MAX).contains(&ahead) {
            let (got, filled) = read_into(&self.file, self.len, offset, n)?;
            dst[..filled].copy_from_slice(&got[..filled]);
            recycle(got);
            return Ok(filled);
        }
        let mut filled = 0;
        while filled < n {
            let got = read_at_os(&self.file, &mut dst[filled..], offset + filled as u64)?;
            if got == 0 {
                // The file shrank after it was opened.
                break;
            }
            filled += got;
        }
        Ok(filled)
    }
}

#[cfg(unix)]
fn read_at_os(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    use std::os::unix::fs::FileExt;
    loop {
        match file.read_at(buf, offset) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            other => return other,
        }
    }
}

#[cfg(windows)]
fn read_at_os(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    use std::os::windows::fs::FileExt;
    file.seek_read(buf, offset)
}

/// A source that counts the reads and the bytes it hands out, for tests that check a reader
/// reads only what it needs.
#[cfg(test)]
pub(crate) struct Counting<S> {
    /// The source read from.
    pub(crate) inner: S,
    /// Bytes handed out so far.
    pub(crate) bytes: std::cell::Cell<u64>,
    /// Reads served so far.
    pub(crate) reads: std::cell::Cell<u64>,
}

#[cfg(test)]
impl<S: Source> Counting<S> {
    /// Count the reads of `inner`.
    pub(crate) fn new(inner: S) -> Self {
        Counting {
            inner,
            bytes: std::cell::Cell::new(0),
            reads: std::cell::Cell::new(0),
        }
    }
}

#[cfg(test)]
impl<S: Source> Source for Counting<S> {
    fn len(&self) -> u64 {
        self.inner.len()
    }

    fn read_at(&self, offset: u64, len: usize) -> Result<Cow<'_, [u8]>> {
        let out = self.inner.read_at(offset, len)?;
        self.bytes.set(self.bytes.get() + out.len() as u64);
        self.reads.set(self.reads.get() + 1);
        Ok(out)
    }

    fn read_at_into(&self, offset: u64, buf: &mut [u8]) -> Result<usize> {
        let n = self.inner.read_at_into(offset, buf)?;
        self.bytes.set(self.bytes.get() + n as u64);
        self.reads.set(self.reads.get() + 1);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_source_clamps_to_end() {
        let data = [1u8, 2, 3, 4];
        let s = SliceSource::new(&data);
        assert_eq!(&*s.read_at(2, 10).unwrap(), &[3, 4]);
        assert!(s.read_at(4, 10).unwrap().is_empty());
        assert!(s.read_at(u64::MAX, usize::MAX).unwrap().is_empty());
        assert_eq!(&*s.read_to_end(1).unwrap(), &[2, 3, 4]);
    }

    #[test]
    fn file_source_reads_ranges() {
        let dir = std::env::temp_dir().join(format!("mutagen-core-src-{}", std::process::id()));
        std::fs::write(&dir, b"hello world").unwrap();
        let s = FileSource::open(&dir).unwrap();
        assert_eq!(s.len(), 11);
        assert_eq!(&*s.read_at(6, 100).unwrap(), b"world");
        assert!(s.read_at(100, 5).unwrap().is_empty());
        std::fs::remove_file(&dir).unwrap();
    }

    #[test]
    fn recycled_buffers_never_leak_old_bytes() {
        let data: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        let path =
            std::env::temp_dir().join(format!("mutagen-core-src-spare-{}", std::process::id()));
        std::fs::write(&path, &data).unwrap();
        let s = FileSource::open(&path).unwrap();
        for (off, len) in [
            (0u64, 250_000usize),
            (1000, 70_000),
            (299_000, 70_000),
            (5, 200_000),
            (0, 66_000),
        ] {
            let got = s.read_at(off, len).unwrap().into_owned();
            let end = (off as usize + len).min(data.len());
            assert_eq!(got, &data[off as usize..end], "offset {off} len {len}");
            recycle(got);
            let copy = copy_to_vec(&data[7..7 + len.min(data.len() - 7)]);
            assert_eq!(copy, &data[7..7 + len.min(data.len() - 7)]);
            recycle(copy);
        }
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn file_source_serves_every_range_of_a_large_file() {
        // Larger than head + tail + window, so that every path is taken.
        let data: Vec<u8> = (0..600_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let path =
            std::env::temp_dir().join(format!("mutagen-core-src-big-{}", std::process::id()));
        std::fs::write(&path, &data).unwrap();
        let s = FileSource::open(&path).unwrap();
        let slice = SliceSource::new(&data);
        let mut offsets = vec![
            0u64, 1, 8191, 8192, 8193, 20_000, 595_000, 599_999, 600_000, 700_000,
        ];
        offsets.extend((0..600_000u64).step_by(997));
        for &off in &offsets {
            for len in [0usize, 1, 4, 27, 4095, 4096, 5000, 70_000, 1 << 20] {
                assert_eq!(
                    &*s.read_at(off, len).unwrap(),
                    &*slice.read_at(off, len).unwrap(),
                    "offset {off} len {len}"
                );
            }
        }
        // Walking backwards and forwards in small steps through the window.
        for off in (100_000..140_000u64).rev().step_by(61) {
            assert_eq!(
                &*s.read_at(off, 100).unwrap(),
                &data[off as usize..off as usize + 100]
            );
        }
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn read_at_into_fills_every_range_as_read_at_gives_it() {
        let data: Vec<u8> = (0..600_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
            .collect();
        let path =
            std::env::temp_dir().join(format!("mutagen-core-src-into-{}", std::process::id()));
        std::fs::write(&path, &data).unwrap();
        let s = FileSource::open(&path).unwrap();
        let slice = SliceSource::new(&data);
        let mut room = vec![0xEEu8; (1 << 20) + 2 * PAGE];
        let mut offsets = vec![
            0u64, 1, 8191, 8192, 20_000, 595_000, 599_999, 600_000, 700_000,
        ];
        offsets.extend((0..600_000u64).step_by(4999));
        for &off in &offsets {
            for len in [0usize, 1, 27, 282, 4096, 5000, 65_025, 70_000, 1 << 20] {
                // Every distance between the destination and the file offset, modulo a
                // page, around the slow ones: each takes the direct or the buffered path.
                for shift in [0usize, 1, 7, 15, 16, 17, 64, 4095] {
                    let base = room.as_ptr() as usize;
                    let at = (PAGE - base % PAGE + (off as usize % PAGE) + shift) % PAGE;
                    let dst = &mut room[at..at + len];
                    let n = s.read_at_into(off, dst).unwrap();
                    let want = slice.read_at(off, len).unwrap();
                    assert_eq!(&dst[..n], &*want, "offset {off} len {len} shift {shift}");
                    let mut other = vec![0u8; len];
                    assert_eq!(slice.read_at_into(off, &mut other).unwrap(), want.len());
                    assert_eq!(&other[..n], &*want);
                }
            }
        }
        // Bytes the read-ahead window holds are served from it.
        let _ = s.read_at(300_000, 10).unwrap();
        let mut small = [0u8; 300];
        assert_eq!(s.read_at_into(300_100, &mut small).unwrap(), 300);
        assert_eq!(&small[..], &data[300_100..300_400]);
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn large_reads_at_every_alignment_through_recycled_buffers() {
        let data: Vec<u8> = (0..300_000u32)
            .map(|i| (i.wrapping_mul(2_246_822_519) >> 11) as u8)
            .collect();
        let path =
            std::env::temp_dir().join(format!("mutagen-core-src-align-{}", std::process::id()));
        std::fs::write(&path, &data).unwrap();
        let s = FileSource::open(&path).unwrap();
        // Every offset within a page (so every distance between buffer and file offset,
        // the moved reads among them), each read into a buffer the last one gave back, with
        // lengths on both sides of the threshold.
        for off in 9_000..9_000 + PAGE as u64 {
            let lens: &[usize] = if off % 64 == 0 {
                &[ALIGNED_READ_MIN - 1, ALIGNED_READ_MIN, 200_000]
            } else {
                &[ALIGNED_READ_MIN]
            };
            for &len in lens {
                let at = off as usize;
                // The placed read gives the same bytes, from where they landed.
                let (placed, start) = s.read_placed(off, len).unwrap();
                assert_eq!(
                    &placed[start..],
                    &data[at..at + len],
                    "offset {off} len {len}"
                );
                assert!(start < READ_ALIGN, "offset {off} len {len} start {start}");
                if let Cow::Owned(buf) = placed {
                    recycle(buf);
                }
                let got = s.read_at(off, len).unwrap();
                assert_eq!(&*got, &data[at..at + len], "offset {off} len {len}");
                if let Cow::Owned(buf) = got {
                    recycle(buf);
                }
            }
        }
        drop(s);
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn small_reads_leave_large_spares_for_large_reads() {
        recycle(vec![0u8; 1 << 20]);
        let small = take_spare_as_is(8 * 1024);
        assert!(
            small.capacity() < 1 << 20,
            "a small read took the large spare"
        );
        let large = take_spare_as_is(900_000);
        assert!(large.capacity() >= 1 << 20, "the large spare was not kept");
    }
}
