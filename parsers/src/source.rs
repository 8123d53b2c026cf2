//! Where bytes come from: the input seam of the parser core.
//!
//! Every reader takes a [`Source`] and asks it for the byte ranges it needs, never for the
//! whole file. [`SliceSource`] serves bytes already in memory; [`FileSource`] serves a file
//! with positioned reads (`pread`), one syscall per range. A memory-mapped source is a variant
//! that implements the same trait.

use std::borrow::Cow;
use std::fs::File;
use std::path::Path;

use crate::error::Result;

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

/// A source over an open file, read with positioned reads.
#[derive(Debug)]
pub struct FileSource {
    file: File,
    len: u64,
}

impl FileSource {
    /// Open a file for reading.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let file = File::open(path)?;
        Self::from_file(file)
    }

    /// Wrap a file that is already open.
    pub fn from_file(file: File) -> Result<Self> {
        let len = file.metadata()?.len();
        Ok(FileSource { file, len })
    }
}

impl Source for FileSource {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_at(&self, offset: u64, len: usize) -> Result<Cow<'_, [u8]>> {
        let n = clamp(self.len, offset, len);
        let mut buf = vec![0u8; n];
        let mut filled = 0;
        while filled < n {
            let got = read_at_os(&self.file, &mut buf[filled..], offset + filled as u64)?;
            if got == 0 {
                // The file shrank after it was opened.
                break;
            }
            filled += got;
        }
        buf.truncate(filled);
        Ok(Cow::Owned(buf))
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
}
