//! The chunks of an IFF file (`mutagen._iff`): the walk shared by AIFF (big-endian, 8-byte
//! headers), RIFF/WAVE (little-endian) and DSDIFF (big-endian, 64-bit sizes).
//!
//! A chunk is an ID of four ASCII characters (trailing whitespace dropped, as mutagen reads it),
//! a size, the data and a pad byte when the size is odd. A container chunk (`FORM`, `RIFF`,
//! `LIST`, `FRM8`, ...) holds a name of up to four bytes, then further chunks. The walk over a
//! container stops, as mutagen's does, at the first header cut short or with an invalid ID.

use crate::error::{limits, Error, ErrorKind, Result};
use crate::source::Source;

/// The header layout and container chunks of one IFF flavour.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// Whether sizes are big-endian (AIFF, DSDIFF) or little-endian (RIFF).
    pub big_endian: bool,
    /// Whether the size is 64 bits (DSDIFF: a 12-byte header) rather than 32 bits.
    pub size64: bool,
    /// The name size of a container chunk with this ID (4 for most, 0 for DSDIFF's `DST`),
    /// `None` for a chunk that holds data.
    pub container: fn(&str) -> Option<u64>,
    /// The error kind of the format, for a walk refused as hostile.
    pub kind: ErrorKind,
}

impl Layout {
    /// The size of a chunk header: 8 bytes, 12 with a 64-bit size.
    #[must_use]
    pub fn header_size(&self) -> u64 {
        if self.size64 {
            12
        } else {
            8
        }
    }
}

/// Why no chunk could be read at an offset: mutagen's `EmptyChunk` (the header is cut short)
/// or `InvalidChunk` (an ID that is not ASCII or not printable, or a container too small for
/// its name), with mutagen's message. A container walk stops at either.
pub type Bad = Error;

/// Whether `e` is an `EmptyChunk` or `InvalidChunk` (rather than a failure that escapes).
#[must_use]
pub fn is_bad_chunk(e: &Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::IffEmptyChunk | ErrorKind::IffInvalidChunk
    )
}

/// Python's message for ASCII-decoding `data` that holds a byte above 127.
fn ascii_message(data: &[u8]) -> String {
    let (i, b) = data
        .iter()
        .enumerate()
        .find(|(_, b)| !b.is_ascii())
        .map_or((0, 0), |(i, &b)| (i, b));
    format!("'ascii' codec can't decode byte {b:#04x} in position {i}: ordinal not in range(128)")
}

/// One chunk, where mutagen's `IffChunk` has it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Chunk {
    /// The ID, trailing whitespace removed (`"fmt"`, `"ID3"`, ...).
    pub id: String,
    /// Where the header starts.
    pub offset: u64,
    /// Where the data starts (after the header).
    pub data_offset: u64,
    /// The data size the header gives (the file may hold less).
    pub data_size: u64,
    /// Header, data and pad byte: where the next chunk starts, from [`Chunk::offset`].
    pub size: u64,
    /// A container's name (`"AIFF"`, `"WAVE"`, `"SND "`, ...; shorter where the file ends),
    /// `None` for other chunks and containers with no name.
    pub name: Option<String>,
    /// The size of a container's name (0 for data chunks).
    pub name_size: u64,
}

impl Chunk {
    /// Where the chunk's data ends as the header gives it, without the pad byte.
    #[must_use]
    pub fn data_end(&self) -> u64 {
        self.data_offset.saturating_add(self.data_size)
    }

    /// Up to `max` bytes of the data, fewer where the data or the file ends first.
    pub fn read_head<'a>(
        &self,
        src: &'a dyn Source,
        max: u64,
    ) -> Result<std::borrow::Cow<'a, [u8]>> {
        let n = self.data_size.min(max);
        src.read_at(self.data_offset, usize::try_from(n).unwrap_or(usize::MAX))
    }
}

/// Python's `str.rstrip()` over an ASCII ID: drop trailing whitespace (space, `\t`, `\n`,
/// `\v`, `\f`, `\r` and the separators `\x1c`-`\x1f`).
pub(crate) fn rstrip(id: &[u8]) -> &[u8] {
    let mut end = id.len();
    while let Some(&b) = end.checked_sub(1).and_then(|i| id.get(i)) {
        if matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | 0x1c..=0x1f) {
            end -= 1;
        } else {
            break;
        }
    }
    id.get(..end).unwrap_or(id)
}

/// mutagen's `is_valid_chunk_id` on an ID already stripped: one to four printable ASCII
/// characters.
#[must_use]
pub fn is_valid_id(id: &[u8]) -> bool {
    (1..=4).contains(&id.len()) && id.iter().all(|&b| (b' '..=b'~').contains(&b))
}

/// Read the chunk whose header is at `at`: mutagen's `IffChunk.parse`, a container's name
/// included. `Ok(Err(_))` where mutagen raises `EmptyChunk` or `InvalidChunk`; `Err` where a
/// container name is not ASCII (mutagen's `_iff.error`).
pub fn parse(
    src: &dyn Source,
    layout: &Layout,
    at: u64,
) -> Result<std::result::Result<Chunk, Bad>> {
    let hs = layout.header_size();
    let header = src.read_at(at, hs as usize)?;
    let empty = || Error::detailed(ErrorKind::IffEmptyChunk, format!("Header size < {hs}"));
    if (header.len() as u64) < hs {
        return Ok(Err(empty()));
    }
    let Some((raw_id, size_bytes)) = header.split_first_chunk::<4>() else {
        return Ok(Err(empty()));
    };
    let data_size = if layout.size64 {
        let b: [u8; 8] = size_bytes
            .get(..8)
            .and_then(|s| s.try_into().ok())
            .unwrap_or_default();
        if layout.big_endian {
            u64::from_be_bytes(b)
        } else {
            u64::from_le_bytes(b)
        }
    } else {
        let b: [u8; 4] = size_bytes
            .get(..4)
            .and_then(|s| s.try_into().ok())
            .unwrap_or_default();
        u64::from(if layout.big_endian {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    if !raw_id.is_ascii() {
        return Ok(Err(Error::detailed(
            ErrorKind::IffInvalidChunk,
            ascii_message(raw_id),
        )));
    }
    let id = String::from_utf8_lossy(rstrip(raw_id)).into_owned();
    if !is_valid_id(id.as_bytes()) {
        return Ok(Err(Error::detailed(
            ErrorKind::IffInvalidChunk,
            format!("Invalid chunk ID {}", crate::error::str_repr(&id)),
        )));
    }
    let data_offset = at.saturating_add(hs);
    let size = hs.saturating_add(data_size).saturating_add(data_size % 2);
    let mut chunk = Chunk {
        id,
        offset: at,
        data_offset,
        data_size,
        size,
        name: None,
        name_size: 0,
    };
    if let Some(name_size) = (layout.container)(&chunk.id) {
        if data_size < name_size {
            return Ok(Err(Error::detailed(
                ErrorKind::IffInvalidChunk,
                format!("Container chunk data size < {name_size}"),
            )));
        }
        chunk.name_size = name_size;
        if name_size > 0 {
            let name = src.read_at(data_offset, name_size as usize)?;
            if !name.is_ascii() {
                return Err(Error::detailed(ErrorKind::Iff, ascii_message(&name)));
            }
            chunk.name = Some(String::from_utf8_lossy(&name).into_owned());
        }
    }
    Ok(Ok(chunk))
}

/// The chunks of `container`, as mutagen's `subchunks()` lists them: from after its name, one
/// after another, up to its end or the first chunk that cannot be read. At most
/// [`limits::MAX_CHUNKS`] are read.
pub fn subchunks(src: &dyn Source, layout: &Layout, container: &Chunk) -> Result<Vec<Chunk>> {
    let end = container.offset.saturating_add(container.size);
    let mut next = container.data_offset.saturating_add(container.name_size);
    let mut out = Vec::new();
    while next < end {
        if out.len() >= limits::MAX_CHUNKS {
            return Err(Error::Limit(layout.kind, limits::MSG_CHUNKS));
        }
        let Ok(chunk) = parse(src, layout, next)? else {
            break;
        };
        // Every chunk is at least a header long, so the walk advances.
        next = chunk.offset.saturating_add(chunk.size);
        out.push(chunk);
    }
    Ok(out)
}

/// The first chunk with ID `id` (mutagen's `container[id]`).
#[must_use]
pub fn find<'a>(chunks: &'a [Chunk], id: &str) -> Option<&'a Chunk> {
    chunks.iter().find(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SliceSource;

    const RIFF: Layout = Layout {
        big_endian: false,
        size64: false,
        container: |id| matches!(id, "RIFF" | "LIST").then_some(4),
        kind: ErrorKind::Wave,
    };

    #[test]
    fn ids_are_stripped_and_checked() {
        assert_eq!(rstrip(b"fmt "), b"fmt");
        assert_eq!(rstrip(b"id3\x1f"), b"id3");
        assert_eq!(rstrip(b"    "), b"");
        assert!(is_valid_id(b"fmt"));
        assert!(!is_valid_id(b""));
        assert!(!is_valid_id(b"a\x01"));
    }

    #[test]
    fn walk_stops_at_a_bad_chunk() {
        let mut data = b"RIFF\x20\x00\x00\x00WAVE".to_vec();
        data.extend_from_slice(b"fmt \x03\x00\x00\x00abc\x00");
        data.extend_from_slice(b"\xff\xfe\xfd\xfc\x00\x00\x00\x00");
        let src = SliceSource::new(&data);
        let root = parse(&src, &RIFF, 0).unwrap().unwrap();
        assert_eq!(root.name.as_deref(), Some("WAVE"));
        let chunks = subchunks(&src, &RIFF, &root).unwrap();
        assert_eq!(chunks.len(), 1);
        assert_eq!(chunks[0].id, "fmt");
        assert_eq!(chunks[0].size, 12);
    }

    #[test]
    fn short_header_is_empty() {
        let src = SliceSource::new(b"RIFF\x00");
        let bad = parse(&src, &RIFF, 0).unwrap().unwrap_err();
        assert!(is_bad_chunk(&bad));
        assert_eq!(bad.to_string(), "Header size < 8");
    }
}
