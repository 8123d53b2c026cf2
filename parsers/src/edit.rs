//! Editing a file in place: the one primitive every writer uses.
//!
//! A writer renders its new bytes and asks for a region of the file to take their place
//! ([`replace`]), or for a region to grow or shrink ([`resize`]). The bytes after the region
//! move; nothing before it is touched. The file is reached through a [`Target`]: an open
//! [`std::fs::File`], a `Vec<u8>` (tests), or the binding's wrapper of a Python file object.
//!
//! Order of the writes, so that a failure part-way leaves the file no worse than mutagen's
//! helpers would:
//! - **Growing** first appends zero bytes at the end (a full disk fails here, and the file is
//!   cut back to its old length before the error is returned), then moves the bytes after the
//!   region towards the end, last chunk first, so that no chunk overwrites bytes still to be
//!   moved.
//! - **Shrinking** moves the bytes after the region towards the start, first chunk first, then
//!   cuts the file's end.

use std::borrow::Cow;
use std::cell::RefCell;

use crate::error::{Error, ErrorKind, Result};
use crate::source::Source;

/// The size of one chunk moved at a time.
pub const CHUNK: usize = 1 << 20;

/// A file being edited: positioned reads and writes, its length, and truncation.
pub trait Target {
    /// The file's length in bytes.
    ///
    /// # Errors
    /// The underlying I/O error.
    fn size(&mut self) -> Result<u64>;

    /// Read up to `buf.len()` bytes at `offset`; fewer only at the end of the file.
    ///
    /// # Errors
    /// The underlying I/O error.
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Result<usize>;

    /// Write all of `data` at `offset` (past the end, the file grows).
    ///
    /// # Errors
    /// The underlying I/O error.
    fn write_at(&mut self, offset: u64, data: &[u8]) -> Result<()>;

    /// Write `parts` one after the other from `offset`, as one write of their bytes joined
    /// (the default joins them; a target that can write them without joining them first may).
    ///
    /// # Errors
    /// The underlying I/O error.
    fn write_parts_at(&mut self, offset: u64, parts: &[&[u8]]) -> Result<()> {
        match parts {
            [one] => self.write_at(offset, one),
            _ => self.write_at(offset, &parts.concat()),
        }
    }

    /// Write `len` bytes at `offset`, made by `fill` in a buffer of that length that the
    /// target provides (the default makes a `Vec`; a target whose writes take a buffer of its
    /// own may hand that to `fill`, so that the bytes are made where they are written from).
    ///
    /// # Errors
    /// The underlying I/O error.
    fn write_with(
        &mut self,
        offset: u64,
        len: usize,
        fill: &mut dyn FnMut(&mut [u8]),
    ) -> Result<()> {
        let mut buf = vec![0u8; len];
        fill(&mut buf);
        self.write_at(offset, &buf)
    }

    /// Cut the file to `len` bytes (never called to grow it).
    ///
    /// # Errors
    /// The underlying I/O error.
    fn set_size(&mut self, len: u64) -> Result<()>;

    /// Push the writes out (to the operating system; not a sync to disk).
    ///
    /// # Errors
    /// The underlying I/O error.
    fn flush(&mut self) -> Result<()> {
        Ok(())
    }
}

impl Target for std::fs::File {
    fn size(&mut self) -> Result<u64> {
        Ok(self.metadata()?.len())
    }

    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Result<usize> {
        use std::io::{Read, Seek, SeekFrom};
        self.seek(SeekFrom::Start(offset))?;
        let mut filled = 0;
        while filled < buf.len() {
            match self.read(&mut buf[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(filled)
    }

    fn write_at(&mut self, offset: u64, data: &[u8]) -> Result<()> {
        use std::io::{Seek, SeekFrom, Write};
        self.seek(SeekFrom::Start(offset))?;
        self.write_all(data)?;
        Ok(())
    }

    fn set_size(&mut self, len: u64) -> Result<()> {
        self.set_len(len)?;
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        std::io::Write::flush(self)?;
        Ok(())
    }
}

impl Target for Vec<u8> {
    fn size(&mut self) -> Result<u64> {
        Ok(self.as_slice().len() as u64)
    }

    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Result<usize> {
        let start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.as_slice().len());
        let n = buf.len().min(self.as_slice().len() - start);
        buf[..n].copy_from_slice(&self[start..start + n]);
        Ok(n)
    }

    fn write_at(&mut self, offset: u64, data: &[u8]) -> Result<()> {
        let start = usize::try_from(offset).map_err(|_| invalid("offset past memory"))?;
        let end = start + data.len();
        if self.as_slice().len() < end {
            self.resize(end, 0);
        }
        self[start..end].copy_from_slice(data);
        Ok(())
    }

    fn set_size(&mut self, len: u64) -> Result<()> {
        let len = usize::try_from(len).unwrap_or(usize::MAX);
        Vec::truncate(self, len);
        Ok(())
    }
}

/// A `ValueError`-like refusal: an edit of an area outside the file.
fn invalid(msg: &'static str) -> Error {
    Error::Malformed(ErrorKind::BuiltinValueError, msg)
}

/// Copy the `count` bytes at `src` to `dest` (the areas may overlap), a chunk at a time, in
/// the order that never overwrites a byte still to be copied.
///
/// # Errors
/// The target's I/O errors; a short read (the file changed under the edit).
pub fn move_bytes(t: &mut dyn Target, dest: u64, src: u64, count: u64) -> Result<()> {
    if count == 0 || dest == src {
        return Ok(());
    }
    let chunk = CHUNK as u64;
    let mut buf = vec![0u8; usize::try_from(count.min(chunk)).unwrap_or(CHUNK)];
    let chunks = count.div_ceil(chunk);
    for k in 0..chunks {
        // Towards the start: first chunk first; towards the end: last chunk first.
        let i = if dest < src { k } else { chunks - 1 - k };
        let start = i * chunk;
        let n = usize::try_from((count - start).min(chunk)).unwrap_or(CHUNK);
        let got = t.read_at(src + start, &mut buf[..n])?;
        if got != n {
            return Err(invalid("the file is shorter than the area to move"));
        }
        t.write_at(dest + start, &buf[..n])?;
    }
    t.flush()
}

/// Make the region of `old_len` bytes at `offset` `new_len` bytes long, adding or removing
/// bytes at its end (added bytes hold what was there before, for the caller to overwrite).
///
/// # Errors
/// [`ErrorKind::BuiltinValueError`] when the region ends past the end of the file; the
/// target's I/O errors (a full disk while growing leaves the file at its old length).
pub fn resize(t: &mut dyn Target, offset: u64, old_len: u64, new_len: u64) -> Result<()> {
    let size = t.size()?;
    let end = offset
        .checked_add(old_len)
        .filter(|&e| e <= size)
        .ok_or_else(|| invalid("area past the end of the file"))?;
    let after = size - end;
    if new_len > old_len {
        let grow = new_len - old_len;
        let zeros = vec![0u8; usize::try_from(grow.min(CHUNK as u64)).unwrap_or(CHUNK)];
        let mut written = 0u64;
        while written < grow {
            let n = usize::try_from((grow - written).min(CHUNK as u64)).unwrap_or(CHUNK);
            if let Err(e) = t.write_at(size + written, &zeros[..n]) {
                // Nothing has moved yet: give the space back and report.
                let _ = t.set_size(size);
                return Err(e);
            }
            written += n as u64;
        }
        move_bytes(t, end + grow, end, after)?;
    } else if new_len < old_len {
        let shrink = old_len - new_len;
        move_bytes(t, end - shrink, end, after)?;
        t.set_size(size - shrink)?;
        t.flush()?;
    }
    Ok(())
}

/// Put `data` in place of the `old_len` bytes at `offset`, moving what follows.
///
/// # Errors
/// As [`resize`].
pub fn replace(t: &mut dyn Target, offset: u64, old_len: u64, data: &[u8]) -> Result<()> {
    resize(t, offset, old_len, data.len() as u64)?;
    t.write_at(offset, data)?;
    t.flush()
}

/// How much a [`TargetSource`] reads ahead at first: the walk reads block headers and Vorbis
/// comment fields a few bytes at a time, and each read of a Python file object is a call into
/// Python. Each refill reads twice as much as the last, up to [`WINDOW_MAX`].
const WINDOW: usize = 8 * 1024;

/// The most a [`TargetSource`] reads ahead.
const WINDOW_MAX: usize = 256 * 1024;

/// A [`Target`] read as a [`Source`] of the length it had when the walk began, through a
/// read-ahead window of [`WINDOW`] bytes at first.
pub(crate) struct TargetSource<'a> {
    t: RefCell<&'a mut dyn Target>,
    len: u64,
    /// The window's file offset and bytes, and how much the next refill reads.
    window: RefCell<(u64, Vec<u8>, usize)>,
    /// The most a refill reads.
    max: usize,
}

impl<'a> TargetSource<'a> {
    /// Read `t` as a source of `len` bytes.
    pub(crate) fn new(t: &'a mut dyn Target, len: u64) -> Self {
        TargetSource {
            t: RefCell::new(t),
            len,
            window: RefCell::new((0, Vec::new(), WINDOW)),
            max: WINDOW_MAX,
        }
    }

    /// Read `t` as a source of `len` bytes through a window of `window` bytes that does not
    /// grow: for walks that jump over large areas (an ASF header's pictures) rather than read
    /// on and on.
    pub(crate) fn with_window(t: &'a mut dyn Target, len: u64, window: usize) -> Self {
        TargetSource {
            t: RefCell::new(t),
            len,
            window: RefCell::new((0, Vec::new(), window)),
            max: window,
        }
    }
}

impl Source for TargetSource<'_> {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_at(&self, offset: u64, len: usize) -> Result<Cow<'_, [u8]>> {
        let remaining = self.len.saturating_sub(offset);
        let n = usize::try_from(remaining).map_or(len, |r| r.min(len));
        let mut window = self.window.borrow_mut();
        let (start, bytes, ahead) = &mut *window;
        let inside = offset
            .checked_sub(*start)
            .and_then(|at| usize::try_from(at).ok())
            .filter(|&at| at.saturating_add(n) <= bytes.len());
        if let Some(at) = inside {
            return Ok(Cow::Owned(bytes[at..at + n].to_vec()));
        }
        if n > *ahead {
            // Larger than the window: read as asked, and keep the window.
            let mut buf = vec![0u8; n];
            let got = self.t.borrow_mut().read_at(offset, &mut buf)?;
            buf.truncate(got);
            return Ok(Cow::Owned(buf));
        }
        let want = usize::try_from(remaining).map_or(*ahead, |r| r.min(*ahead));
        *ahead = (*ahead * 2).min(self.max);
        bytes.resize(want, 0);
        *start = offset;
        let got = match self.t.borrow_mut().read_at(offset, bytes) {
            Ok(got) => got,
            Err(e) => {
                bytes.clear();
                return Err(e);
            }
        };
        bytes.truncate(got);
        Ok(Cow::Owned(bytes[..n.min(got)].to_vec()))
    }

    /// Bytes the window holds are copied from it; any others are read from the target
    /// straight into `buf`, leaving the window as it is (a walk reads a large page's header
    /// alone this way, and the data a save keeps).
    fn read_at_into(&self, offset: u64, buf: &mut [u8]) -> Result<usize> {
        let remaining = self.len.saturating_sub(offset);
        let n = usize::try_from(remaining).map_or(buf.len(), |r| r.min(buf.len()));
        let Some(dst) = buf.get_mut(..n).filter(|d| !d.is_empty()) else {
            return Ok(0);
        };
        {
            let window = self.window.borrow();
            let (start, bytes, _) = &*window;
            let held = offset
                .checked_sub(*start)
                .and_then(|at| usize::try_from(at).ok())
                .and_then(|at| bytes.get(at..at.checked_add(n)?));
            if let Some(held) = held {
                dst.copy_from_slice(held);
                return Ok(n);
            }
        }
        self.t.borrow_mut().read_at(offset, dst)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn file(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i * 7 % 251) as u8).collect()
    }

    #[test]
    fn replace_matches_splicing_for_every_size_and_place() {
        for n in [0usize, 1, 5, 64] {
            for offset in 0..=n {
                for old in 0..=(n - offset).min(6) {
                    for new in [0usize, 1, 3, 9] {
                        let mut t = file(n);
                        let data: Vec<u8> = (0..new).map(|i| 200 + i as u8).collect();
                        replace(&mut t, offset as u64, old as u64, &data).unwrap();
                        let mut want = file(n);
                        want.splice(offset..offset + old, data.iter().copied());
                        assert_eq!(t, want, "n {n} offset {offset} old {old} new {new}");
                    }
                }
            }
        }
    }

    #[test]
    fn moves_across_chunks_in_both_directions() {
        let n = 2 * CHUNK + 12_345;
        for (old, new) in [(10u64, 3 * CHUNK as u64 + 7), (CHUNK as u64 + 5, 1)] {
            let mut t = file(n);
            resize(&mut t, 100, old, new).unwrap();
            let base = file(n);
            assert_eq!(Target::size(&mut t).unwrap(), n as u64 - old + new);
            assert_eq!(&t[..100], &base[..100]);
            let tail = 100 + new as usize;
            assert_eq!(&t[tail..], &base[100 + old as usize..]);
        }
    }

    #[test]
    fn an_area_past_the_end_is_refused_and_nothing_changes() {
        let mut t = file(10);
        let err = resize(&mut t, 8, 3, 0).unwrap_err();
        assert!(matches!(
            err,
            Error::Malformed(ErrorKind::BuiltinValueError, _)
        ));
        assert_eq!(t, file(10));
    }

    /// A target whose writes fail from the `fail_at`-th on, as a full disk would.
    struct Failing {
        data: Vec<u8>,
        writes: usize,
        fail_at: usize,
    }

    impl Target for Failing {
        fn size(&mut self) -> Result<u64> {
            Target::size(&mut self.data)
        }
        fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Result<usize> {
            Target::read_at(&mut self.data, offset, buf)
        }
        fn write_at(&mut self, offset: u64, data: &[u8]) -> Result<()> {
            self.writes += 1;
            if self.writes >= self.fail_at {
                return Err(std::io::Error::from_raw_os_error(28).into());
            }
            Target::write_at(&mut self.data, offset, data)
        }
        fn set_size(&mut self, len: u64) -> Result<()> {
            Target::set_size(&mut self.data, len)
        }
    }

    #[test]
    fn a_full_disk_while_growing_leaves_the_file_as_it_was() {
        let mut t = Failing {
            data: file(3 * CHUNK),
            writes: 0,
            fail_at: 2,
        };
        assert!(resize(&mut t, 10, 5, 2 * CHUNK as u64 + 5).is_err());
        assert_eq!(t.data, file(3 * CHUNK));
    }
}
