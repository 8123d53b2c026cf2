//! Where a file's APEv2 tag is, as mutagen's `_APEv2Data` finds it.
//!
//! mutagen walks a file object with relative seeks. Its positions are modelled here as signed
//! numbers: a seek to a negative position fails (with `OSError`, which mutagen turns into
//! "no tag here" while it searches and into `mutagen.apev2.error` afterwards), and a read past
//! the end gives fewer bytes.

use std::borrow::Cow;

use crate::error::{limits, Error, ErrorKind, Result};
use crate::source::Source;

use super::HAS_HEADER;

const MAGIC: &[u8] = b"APETAGEX";

/// A tag found in a file: where its items are and how many the header says there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Location {
    /// Where the items start.
    pub data: u64,
    /// The size of the items as mutagen reads them: the size field, less 32 where the tag has a
    /// footer. `-1` reads to the end of the file; below `-1` mutagen fails (`ValueError`).
    pub size: i64,
    /// The item count of the header or footer.
    pub items: u32,
}

impl Location {
    /// The bytes of the items (fewer than [`Location::size`] where the file ends first), as
    /// `(body, start)`: they may sit further into the buffer than its start (see
    /// [`Source::read_placed`]); the items are copied out of it, so it stays as read.
    ///
    /// # Errors
    /// Python's `ValueError` for a size under `-1`; a limit error past
    /// [`limits::MAX_APE_TAG_SIZE`] bytes.
    pub fn read_body<'a>(&self, src: &'a dyn Source) -> Result<(Cow<'a, [u8]>, usize)> {
        let available = src.len().saturating_sub(self.data);
        let want = match self.size {
            -1 => available,
            n if n < -1 => {
                return Err(Error::Malformed(
                    ErrorKind::BuiltinValueError,
                    "read length must be non-negative or -1",
                ))
            }
            n => u64::try_from(n).unwrap_or(0).min(available),
        };
        if want > limits::MAX_APE_TAG_SIZE {
            return Err(Error::Limit(ErrorKind::ApeV2, limits::MSG_APE_TAG_SIZE));
        }
        src.read_placed(self.data, usize::try_from(want).unwrap_or(0))
    }
}

fn magic_at(src: &dyn Source, at: i64) -> Result<bool> {
    let Ok(at) = u64::try_from(at) else {
        return Ok(false);
    };
    Ok(src.read_at(at, MAGIC.len())?.as_ref() == MAGIC)
}

/// Python's `int()` of the bytes of a Lyrics3v2 size field: ASCII whitespace around, an
/// optional sign, digits with single underscores between them.
fn py_int(field: &[u8]) -> Option<i64> {
    let is_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
    let start = field.iter().position(|b| !is_space(b))?;
    let end = field.iter().rposition(|b| !is_space(b))? + 1;
    let mut text = field.get(start..end)?;
    let negative = match text.first() {
        Some(b'-') => true,
        Some(b'+') => false,
        _ => {
            return digits(text);
        }
    };
    text = text.get(1..)?;
    let n = digits(text)?;
    Some(if negative { -n } else { n })
}

fn digits(text: &[u8]) -> Option<i64> {
    let mut n: i64 = 0;
    let mut last_digit = false;
    for &b in text {
        if b == b'_' {
            if !last_digit {
                return None;
            }
            last_digit = false;
        } else if b.is_ascii_digit() {
            n = n * 10 + i64::from(b - b'0');
            last_digit = true;
        } else {
            return None;
        }
    }
    last_digit.then_some(n)
}

/// Where the footer or header of the tag is: `(header, footer)`, at most one of them.
fn find_metadata(src: &dyn Source) -> Result<(Option<i64>, Option<i64>)> {
    let Ok(size) = i64::try_from(src.len()) else {
        return Ok((None, None));
    };
    if size < 32 {
        return Ok((None, None));
    }
    if magic_at(src, size - 32)? {
        return Ok((None, Some(size - 32)));
    }
    // Before an ID3v1 tag, or before a Lyrics3v2 block before one.
    if size >= 160 && src.read_at((size - 128).unsigned_abs(), 3)?.as_ref() == b"TAG" {
        if magic_at(src, size - 160)? {
            return Ok((None, Some(size - 160)));
        }
        if src.read_at((size - 137).unsigned_abs(), 9)?.as_ref() == b"LYRICS200" {
            let field = src.read_at((size - 143).unsigned_abs(), 6)?;
            if let Some(offset) = py_int(&field) {
                let at = size - 175 - offset;
                if magic_at(src, at)? {
                    return Ok((None, Some(at)));
                }
            }
        }
    }
    if magic_at(src, 0)? {
        return Ok((Some(0), None));
    }
    Ok((None, None))
}

/// The whole of a tag found in a file, as a save or a delete sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Span {
    /// Where the items are, and how many.
    pub location: Location,
    /// Where the tag starts: its header, or its items where it has none, moved back over the
    /// 24-byte remnants of older headers that some early writers left before it.
    pub start: u64,
    /// Where the tag ends: after its footer; for a tag found by its header at the start of the
    /// file, where the header's size says (which may be past the end of the file).
    pub end: u64,
    /// The tag was found by its header at the start of the file (a tag that is the whole file
    /// is found by its footer, and is not).
    pub at_start: bool,
}

/// Find the tag of a file: `None` where there is none.
///
/// # Errors
/// `mutagen.apev2.error` for a header or footer cut short, or a tag said to start before the
/// start of the file.
pub fn find(src: &dyn Source) -> Result<Option<Location>> {
    Ok(locate(src)?.map(|span| span.location))
}

/// Find the tag of a file with its whole extent (see [`Span`]): `None` where there is none.
///
/// # Errors
/// As [`find`].
pub fn locate(src: &dyn Source) -> Result<Option<Span>> {
    let (header, footer) = find_metadata(src)?;
    let Some(meta) = header.or(footer) else {
        return Ok(None);
    };
    let fields = src.read_at((meta + 8).unsigned_abs(), 16)?;
    let Some(fields) = fields.get(..16) else {
        return Err(Error::Malformed(ErrorKind::ApeV2, ""));
    };
    let word = |i: usize| {
        let b = fields.get(i..i + 4).unwrap_or(&[0; 4]);
        u32::from_le_bytes([b[0], b[1], b[2], b[3]])
    };
    let mut size = i64::from(word(4));
    let items = word(8);
    let flags = word(12);
    let (start, data, end, has_footer) = if header.is_some() {
        // Header at the start: a footer may close the tag at its end.
        (0, 32, 32 + size, magic_at(src, size)?)
    } else {
        let end = meta + 32;
        let data = end - size;
        let start = if flags & HAS_HEADER != 0 {
            data - 32
        } else {
            data
        };
        (start, data, end, true)
    };
    if has_footer {
        size -= 32;
    }
    if start < 0 {
        return Err(Error::Malformed(
            ErrorKind::ApeV2,
            "[Errno 22] Invalid argument",
        ));
    }
    let start = walk_back_over_old_headers(src, start)?;
    Ok(Some(Span {
        location: Location {
            data: data.unsigned_abs(),
            size,
            items,
        },
        start: start.unsigned_abs(),
        end: end.unsigned_abs(),
        at_start: header.is_some(),
    }))
}

/// Where a tag starting at `start` really starts: some early writers left the first 24 bytes of
/// each old header in place before the new tag, so while `APETAGEX` stands 24 bytes earlier,
/// the tag is taken to start there. (A step that would go before the start of the file ends
/// the walk.) Each step moves 24 bytes towards the start, so the walk ends.
fn walk_back_over_old_headers(src: &dyn Source, mut start: i64) -> Result<i64> {
    while start >= 24 && magic_at(src, start - 24)? {
        start -= 24;
    }
    Ok(start)
}

#[cfg(test)]
pub(super) fn py_int_for_tests(field: &[u8]) -> Option<i64> {
    py_int(field)
}
