//! The Rust subjects of the benchmark matrix: one read of one file each, with every value of
//! the result touched, plus the syscall floor.

use std::borrow::Cow;
use std::cell::RefCell;
use std::hint::black_box;
use std::path::Path;

use mutagen_core::{Detected, FileSource, Source};

/// How a read ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The file was read.
    Ok,
    /// The library does not read this kind of file (or found no kind).
    Unsupported,
    /// The library raised an error.
    Error,
}

/// An in-process Rust subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RustSubject {
    /// Our parser core: `mutagen_core::read_path`, every value touched.
    MutagenRs,
    /// Our parser core asked for the title, artist and album alone:
    /// `mutagen_core::read_path`, then `summary::title_artist_album` (the `lazy` variant reads
    /// only those frames of an ID3 tag).
    MutagenRsTitle,
    /// lofty 0.25 with default options: `lofty::read_from_path`, every tag item, picture and
    /// property touched.
    Lofty,
}

impl RustSubject {
    /// The subject's name in the matrix.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            RustSubject::MutagenRs => "mutagen-rs",
            RustSubject::MutagenRsTitle => "mutagen-rs-title",
            RustSubject::Lofty => "lofty",
        }
    }

    /// Look a subject up by name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "mutagen-rs" => Some(RustSubject::MutagenRs),
            "mutagen-rs-title" => Some(RustSubject::MutagenRsTitle),
            "lofty" => Some(RustSubject::Lofty),
            _ => None,
        }
    }

    /// Read one file.
    #[inline(never)]
    #[must_use]
    pub fn read(self, path: &Path) -> Outcome {
        // A panic in a library is that library's error on this file, not the end of the run.
        std::panic::catch_unwind(|| match self {
            RustSubject::MutagenRs => read_mutagen_rs(path),
            RustSubject::MutagenRsTitle => read_mutagen_rs_title(path),
            RustSubject::Lofty => read_lofty(path),
        })
        .unwrap_or(Outcome::Error)
    }
}

/// One read with our core. The whole result is walked (see [`crate::walk`]) so that nothing
/// the parser might defer is left undone.
#[inline(never)]
#[must_use]
pub fn read_mutagen_rs(path: &Path) -> Outcome {
    match mutagen_core::read_path(path) {
        Ok(Detected::Read(kind, file)) => {
            black_box(kind);
            black_box(crate::walk::touch(&file));
            black_box(file);
            Outcome::Ok
        }
        Ok(Detected::Unsupported(kind)) => {
            black_box(kind);
            Outcome::Unsupported
        }
        Ok(Detected::Unknown) => Outcome::Unsupported,
        Err(e) => {
            black_box(e);
            Outcome::Error
        }
    }
}

/// One read with our core for the title, artist and album alone.
#[inline(never)]
#[must_use]
pub fn read_mutagen_rs_title(path: &Path) -> Outcome {
    match mutagen_core::read_path(path) {
        Ok(Detected::Read(kind, file)) => {
            black_box(kind);
            black_box(mutagen_core::summary::title_artist_album(&file));
            black_box(file);
            Outcome::Ok
        }
        Ok(Detected::Unsupported(_) | Detected::Unknown) => Outcome::Unsupported,
        Err(e) => {
            black_box(e);
            Outcome::Error
        }
    }
}

/// One read with lofty: tags (every item's key and value, every picture) and properties.
#[inline(never)]
#[must_use]
pub fn read_lofty(path: &Path) -> Outcome {
    use lofty::prelude::*;
    match lofty::read_from_path(path) {
        Ok(tagged) => {
            let p = tagged.properties();
            black_box((
                p.duration(),
                p.overall_bitrate(),
                p.audio_bitrate(),
                p.sample_rate(),
                p.channels(),
                p.bit_depth(),
            ));
            let mut n = 0usize;
            for tag in tagged.tags() {
                for item in tag.items() {
                    black_box(item.key());
                    match item.value() {
                        lofty::tag::ItemValue::Text(s) | lofty::tag::ItemValue::Locator(s) => {
                            n += black_box(s.as_str()).len();
                        }
                        lofty::tag::ItemValue::Binary(b) => n += black_box(b.as_slice()).len(),
                    }
                }
                for pic in tag.pictures() {
                    black_box(pic.mime_type());
                    black_box(pic.description());
                    n += black_box(pic.data()).len();
                }
            }
            black_box(n);
            black_box(tagged);
            Outcome::Ok
        }
        Err(e) => {
            black_box(e);
            Outcome::Error
        }
    }
}

/// A source that records which byte ranges a reader asked for.
struct Recording {
    inner: FileSource,
    ranges: RefCell<Vec<(u64, u64)>>,
}

impl Source for Recording {
    fn len(&self) -> u64 {
        self.inner.len()
    }

    fn read_at(&self, offset: u64, len: usize) -> mutagen_core::Result<Cow<'_, [u8]>> {
        let got = self.inner.read_at(offset, len)?;
        if !got.is_empty() {
            self.ranges
                .borrow_mut()
                .push((offset, offset + got.len() as u64));
        }
        Ok(got)
    }
}

/// What the syscall floor reads for one file: open, positioned reads of these ranges, close.
#[derive(Debug, Clone, Default)]
pub struct FloorPlan {
    /// Merged, sorted (offset, length) ranges.
    pub ranges: Vec<(u64, usize)>,
    /// Total bytes.
    pub bytes: u64,
    /// Whether the ranges are those our core read (true) or the whole file because our core
    /// could not read it yet (false).
    pub from_core: bool,
}

/// Ranges of a floor plan closer than this are read as one: a positioned read costs more than
/// copying a page from the page cache, so reading through a gap this small is the cheaper way
/// to get the bytes on both sides (ADTS frame headers a few hundred bytes apart, for one).
pub const FLOOR_GAP: u64 = 4096;

/// The bytes a read needs: the ranges our core reads for this file, those less than
/// [`FLOOR_GAP`] apart merged; the whole file when our core does not read it (yet).
pub fn floor_plan(path: &Path) -> std::io::Result<FloorPlan> {
    let size = std::fs::metadata(path)?.len();
    let whole = FloorPlan {
        ranges: vec![(0, size as usize)],
        bytes: size,
        from_core: false,
    };
    let Ok(inner) = FileSource::open(path) else {
        return Ok(whole);
    };
    let rec = Recording {
        inner,
        ranges: RefCell::new(Vec::new()),
    };
    let ok = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        matches!(
            mutagen_core::file::read(&path.to_string_lossy(), &rec),
            Ok(Detected::Read(..))
        )
    }))
    .unwrap_or(false);
    if !ok {
        return Ok(whole);
    }
    let merged = merge_ranges(rec.ranges.into_inner());
    let bytes = merged.iter().map(|(a, b)| b - a).sum();
    Ok(FloorPlan {
        ranges: merged.iter().map(|&(a, b)| (a, (b - a) as usize)).collect(),
        bytes,
        from_core: true,
    })
}

/// `(start, end)` ranges sorted, with those that overlap or lie less than [`FLOOR_GAP`] apart
/// made one.
fn merge_ranges(mut ranges: Vec<(u64, u64)>) -> Vec<(u64, u64)> {
    ranges.sort_unstable();
    let mut merged: Vec<(u64, u64)> = Vec::new();
    for (a, b) in ranges {
        match merged.last_mut() {
            Some(last) if a <= last.1.saturating_add(FLOOR_GAP) => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
}

/// The syscall floor: open the file, read the planned ranges with positioned reads into a
/// buffer, close. `buf` is reused between calls.
#[inline(never)]
pub fn read_floor(path: &Path, plan: &FloorPlan, buf: &mut Vec<u8>) -> Outcome {
    use std::os::unix::fs::FileExt;
    let Ok(f) = std::fs::File::open(path) else {
        return Outcome::Error;
    };
    for &(off, len) in &plan.ranges {
        if buf.len() < len {
            buf.resize(len, 0);
        }
        if f.read_exact_at(&mut buf[..len], off).is_err() {
            return Outcome::Error;
        }
        black_box(&buf[..len]);
    }
    drop(f);
    Outcome::Ok
}

#[cfg(test)]
mod tests {
    use super::{merge_ranges, FLOOR_GAP};

    #[test]
    fn floor_ranges_merge_across_small_gaps_only() {
        let far = 27 + FLOOR_GAP + 1;
        let got = merge_ranges(vec![
            (far, far + 7),
            (0, 10),
            (5, 8),
            (20, 27),
            (far + 7, far + 9),
        ]);
        assert_eq!(got, vec![(0, 27), (far, far + 9)]);
        assert_eq!(merge_ranges(Vec::new()), Vec::new());
    }
}
