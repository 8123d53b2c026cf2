//! The `mmap` variant of the path source: the file is memory-mapped and every read borrows
//! from the mapping, so no read copies bytes or makes a system call after the open.
//!
//! This is the only module of the core that maps memory, and its one `unsafe` block is the
//! call that creates the mapping.

use std::borrow::Cow;
use std::fs::File;
use std::path::Path;

use super::{clamp, FileSource, Source};
use crate::error::Result;

/// Files shorter than this are read with positioned reads ([`FileSource`]) rather than
/// mapped. Zero: `cargo run --release -p mmap-threshold` (variants/README.md) shows that
/// whether a mapping pays depends on how many bytes the reader needs (it breaks even near
/// 1 MiB read), not on the file size, so no file-size floor separates the cases.
pub const MMAP_MIN: u64 = 0;

/// How a [`MmapSource`] holds its file.
#[derive(Debug)]
enum Backing {
    /// The whole file, mapped read-only.
    Mapped(memmap2::Mmap),
    /// Positioned reads: for empty files (which cannot be mapped), files under [`MMAP_MIN`],
    /// and files the system refuses to map (pipes, devices, some network file systems).
    Read(FileSource),
}

/// A source over a memory-mapped file, with the same interface and the same answers as
/// [`FileSource`].
///
/// The mapping lives as long as the source: a batch that keeps its sources keeps its
/// mappings until it drops them.
#[derive(Debug)]
pub struct MmapSource {
    backing: Backing,
}

impl MmapSource {
    /// Open and map a file.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        Self::from_file(File::open(path)?)
    }

    /// Map a file that is already open.
    pub fn from_file(file: File) -> Result<Self> {
        let meta = file.metadata()?;
        let len = meta.len();
        // `MMAP_MIN` is whatever the measurement gave, zero included.
        #[allow(clippy::absurd_extreme_comparisons)]
        if !meta.is_file() || len == 0 || len < MMAP_MIN || usize::try_from(len).is_err() {
            return Ok(MmapSource {
                backing: Backing::Read(FileSource::from_file(file)?),
            });
        }
        // SAFETY: the mapping is read-only and private to this source, and every byte of it
        // is read through the `&[u8]` it derefs to, never through a pointer that outlives it.
        // The one hazard left is the one every reader of mapped files accepts: if another
        // process truncates the file while it is mapped, touching the lost pages raises
        // SIGBUS. The core reads files it is asked to read and never writes them; callers
        // who read files that other processes rewrite in place should use the `read` variant.
        #[allow(unsafe_code)]
        let mapped = unsafe { memmap2::Mmap::map(&file) };
        let backing = match mapped {
            Ok(map) => Backing::Mapped(map),
            // Fall back to reads, so that what fails, fails as it would with reads.
            Err(_) => Backing::Read(FileSource::from_file(file)?),
        };
        Ok(MmapSource { backing })
    }

    /// Whether the file is mapped (false where it fell back to positioned reads).
    #[must_use]
    pub fn is_mapped(&self) -> bool {
        matches!(self.backing, Backing::Mapped(_))
    }
}

impl Source for MmapSource {
    fn len(&self) -> u64 {
        match &self.backing {
            Backing::Mapped(map) => map.len() as u64,
            Backing::Read(file) => file.len(),
        }
    }

    fn read_at(&self, offset: u64, len: usize) -> Result<Cow<'_, [u8]>> {
        match &self.backing {
            Backing::Mapped(map) => {
                let data: &[u8] = map;
                let n = clamp(data.len() as u64, offset, len);
                if n == 0 {
                    return Ok(Cow::Borrowed(&[]));
                }
                // `clamp` guarantees offset + n <= data.len(), so offset fits in usize.
                let start = offset as usize;
                Ok(Cow::Borrowed(data.get(start..start + n).unwrap_or(&[])))
            }
            Backing::Read(file) => file.read_at(offset, len),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SliceSource;

    #[test]
    fn mmap_source_answers_as_slice_source() {
        let data: Vec<u8> = (0..300_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
            .collect();
        let path = std::env::temp_dir().join(format!("mutagen-core-mmap-{}", std::process::id()));
        std::fs::write(&path, &data).unwrap();
        let s = MmapSource::open(&path).unwrap();
        assert!(s.is_mapped() || MMAP_MIN > data.len() as u64);
        let slice = SliceSource::new(&data);
        assert_eq!(s.len(), slice.len());
        for off in [0u64, 1, 4095, 4096, 299_999, 300_000, 300_001, u64::MAX] {
            for len in [0usize, 1, 7, 4096, 70_000, usize::MAX] {
                assert_eq!(
                    &*s.read_at(off, len).unwrap(),
                    &*slice.read_at(off, len).unwrap(),
                    "offset {off} len {len}"
                );
            }
        }
        assert_eq!(&*s.read_to_end(299_990).unwrap(), &data[299_990..]);
        drop(s);
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn empty_file_falls_back_to_reads() {
        let path =
            std::env::temp_dir().join(format!("mutagen-core-mmap-empty-{}", std::process::id()));
        std::fs::write(&path, b"").unwrap();
        let s = MmapSource::open(&path).unwrap();
        assert!(!s.is_mapped());
        assert_eq!(s.len(), 0);
        assert!(s.read_at(0, 10).unwrap().is_empty());
        std::fs::remove_file(&path).unwrap();
    }
}
