//! Writing the ID3 tag of AIFF, WAVE and DSDIFF files (mutagen's `IffID3.save`,
//! `_WaveID3.save` and the modules' `delete`), and of DSF files (`_DSFID3.save`,
//! `mutagen.dsf.delete`: see [`save_dsf`]).
//!
//! The tag lives in a chunk of the root container (`ID3 ` in AIFF and DSDIFF, `id3 ` in WAVE,
//! where an `ID3 ` chunk counts too). A save resizes that chunk's data to the new tag, moving
//! the chunks after it, and fixes its size and the root's; a file without one gets a new chunk
//! at the end of the root's data. A delete cuts the chunk out and shrinks the root.
//!
//! The sizes follow mutagen's arithmetic: the root's size field changes by the change of the
//! chunk's declared size (pad byte included), whatever the file really holds.
//!
//! Order of the writes: the chunk's room is made first (see [`edit::resize`]), then the chunk
//! is written in one piece (its size field, the tag and the pad byte), then the root's size.
//! A save that fails before the last write leaves the root's old size, so that a new chunk
//! stays outside the walk.

use crate::edit::{self, Target, TargetSource};
use crate::error::{Error, ErrorKind, Result};

use super::chunk::{self, Chunk, Layout};
use super::{aiff, dsdiff, dsf, wave};

/// The formats whose ID3 chunk is written here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// AIFF and AIFF-C (`FORM`, big-endian, chunk `ID3 `).
    Aiff,
    /// RIFF/WAVE (`RIFF`, little-endian, chunk `id3 `).
    Wave,
    /// DSDIFF (`FRM8`, big-endian, 64-bit sizes, chunk `ID3 `).
    Dsdiff,
}

impl Format {
    /// The format of a class name of mutagen (`"AIFF"`, `"WAVE"`, `"DSDIFF"`).
    #[must_use]
    pub fn from_class_name(name: &str) -> Option<Format> {
        match name {
            "AIFF" => Some(Format::Aiff),
            "WAVE" => Some(Format::Wave),
            "DSDIFF" => Some(Format::Dsdiff),
            _ => None,
        }
    }

    /// The chunk layout of the format.
    #[must_use]
    pub fn layout(self) -> &'static Layout {
        match self {
            Format::Aiff => &aiff::LAYOUT,
            Format::Wave => &wave::LAYOUT,
            Format::Dsdiff => &dsdiff::LAYOUT,
        }
    }

    /// The ID a new tag chunk gets.
    fn tag_id(self) -> &'static [u8; 4] {
        match self {
            Format::Wave => b"id3 ",
            Format::Aiff | Format::Dsdiff => b"ID3 ",
        }
    }

    /// The root chunk and its chunks, or the error mutagen's file class raises.
    ///
    /// # Errors
    /// `EmptyChunk` or `InvalidChunk` for a root chunk that cannot be read or is not the
    /// format's; the format's error (a WAVE file whose `RIFF` chunk is not `WAVE`, a container
    /// name that is not ASCII); a limit error for too many chunks.
    pub fn walk(self, src: &dyn crate::source::Source) -> Result<(Chunk, Vec<Chunk>)> {
        match self {
            Format::Aiff => aiff::form(src)?,
            Format::Wave => Ok(wave::riff(src)?),
            Format::Dsdiff => dsdiff::frm8(src)?,
        }
    }

    /// The chunk holding the tag, among the root's `chunks`.
    #[must_use]
    pub fn tag_chunk(self, chunks: &[Chunk]) -> Option<&Chunk> {
        match self {
            Format::Wave => wave::id3_chunk(chunks),
            Format::Aiff | Format::Dsdiff => chunk::find(chunks, "ID3"),
        }
    }
}

/// The root chunk and the tag chunk of the file in `t` (of `len` bytes).
fn locate(t: &mut dyn Target, format: Format, len: u64) -> Result<(Chunk, Option<Chunk>)> {
    let src = TargetSource::new(t, len);
    let (root, chunks) = format.walk(&src)?;
    let tag = format.tag_chunk(&chunks).cloned();
    Ok((root, tag))
}

/// A chunk's size field for `size`, as the layout writes it; Python's `struct.error` where it
/// does not fit.
fn size_field(layout: &Layout, size: i128) -> Result<Vec<u8>> {
    let refused = || {
        Error::Malformed(
            ErrorKind::BuiltinStructError,
            if layout.size64 {
                "argument out of range"
            } else {
                "'I' format requires 0 <= number <= 4294967295"
            },
        )
    };
    Ok(match (layout.size64, layout.big_endian) {
        (true, big) => {
            let n = u64::try_from(size).map_err(|_| refused())?;
            if big {
                n.to_be_bytes().to_vec()
            } else {
                n.to_le_bytes().to_vec()
            }
        }
        (false, big) => {
            let n = u32::try_from(size).map_err(|_| refused())?;
            if big {
                n.to_be_bytes().to_vec()
            } else {
                n.to_le_bytes().to_vec()
            }
        }
    })
}

/// The size of a chunk with `data_size` bytes of data, its pad byte included (no header).
fn padded(data_size: u64) -> i128 {
    i128::from(data_size) + i128::from(data_size % 2)
}

/// Save an ID3 tag to the tag chunk of the file in `t`. `render(available, trailing)` gives the
/// whole tag, as parts laid end to end (any bytes the caller holds: no copy is made of them
/// before they are written): `available` is the chunk's data size (0 for a new chunk), `trailing` the bytes
/// from the chunk's data to the end of the file (as mutagen's `PaddingInfo` has them).
///
/// # Errors
/// What mutagen's file class raises for a file it cannot walk (`EmptyChunk`, `InvalidChunk`,
/// the format's error); the error of `render`; Python's `struct.error` for a size that does
/// not fit its field; the target's I/O errors. Nothing is written before these are known.
pub fn save_id3<B: AsRef<[u8]>>(
    t: &mut dyn Target,
    format: Format,
    render: &mut dyn FnMut(u64, u64) -> Result<Vec<B>>,
) -> Result<()> {
    let layout = format.layout();
    let hs = layout.header_size();
    let len = t.size()?;
    let (root, found) = locate(t, format, len)?;
    // Where the chunk's header is, its declared data size, and how much of its data and pad
    // byte the file really holds; a new chunk goes at the end of the root's data.
    let (at, old_size, old_room, new_chunk) = if let Some(c) = &found {
        let room = padded(c.data_size).min(i128::from(len.saturating_sub(c.data_offset)));
        (c.offset, c.data_size, room, false)
    } else {
        let root_room =
            padded(root.data_size).min(i128::from(len.saturating_sub(root.data_offset)));
        let end = root.data_offset + u64::try_from(root_room).unwrap_or(0);
        (end, 0, 0, true)
    };
    let data_offset = at + hs;
    // (For a new chunk, mutagen has inserted its header already: the same count.)
    let trailing = len.saturating_sub(if new_chunk { at } else { data_offset });
    let tag = render(old_size, trailing)?;
    let tag: Vec<&[u8]> = tag.iter().map(AsRef::as_ref).collect();
    let new_size = tag.iter().map(|p| p.len() as u64).sum::<u64>();
    let pad = new_size % 2;
    let chunk_size = size_field(layout, i128::from(new_size))?;
    let root_size = if new_chunk {
        i128::from(root.data_size) + i128::from(hs) + padded(new_size)
    } else {
        i128::from(root.data_size) + padded(new_size) - padded(old_size)
    };
    let root_size = size_field(layout, root_size)?;
    // The room: the new chunk whole, or the data of the old one.
    let old_room = u64::try_from(old_room).unwrap_or(0);
    if new_chunk {
        edit::resize(t, at, 0, hs + new_size + pad)?;
    } else {
        edit::resize(t, data_offset, old_room, new_size + pad)?;
    }
    // The chunk in one write: its ID for a new one, its size, the tag and the pad byte.
    let id: &[u8] = if new_chunk { format.tag_id() } else { &[] };
    let pad_byte: &[u8] = if pad == 1 { &[0] } else { &[] };
    let start = if new_chunk { at } else { at + 4 };
    let mut parts = Vec::with_capacity(tag.len() + 3);
    parts.extend([id, &chunk_size[..]]);
    parts.extend_from_slice(&tag);
    parts.push(pad_byte);
    t.write_parts_at(start, &parts)?;
    t.write_at(root.offset + 4, &root_size)?;
    t.flush()
}

/// Remove the tag chunk of the file in `t`; whether there was one.
///
/// # Errors
/// What mutagen's file class raises for a file it cannot walk; Python's `ValueError` for a
/// chunk that ends past the end of the file, and `struct.error` for a root too small for it,
/// both with the file untouched; the target's I/O errors.
pub fn delete_id3(t: &mut dyn Target, format: Format) -> Result<bool> {
    let layout = format.layout();
    let len = t.size()?;
    let (root, found) = locate(t, format, len)?;
    let Some(c) = found else {
        return Ok(false);
    };
    if c.offset.checked_add(c.size).is_none_or(|end| end > len) {
        return Err(Error::Malformed(ErrorKind::BuiltinValueError, ""));
    }
    let root_size = size_field(layout, i128::from(root.data_size) - i128::from(c.size))?;
    edit::resize(t, c.offset, c.size, 0)?;
    t.write_at(root.offset + 4, &root_size)?;
    t.flush()?;
    Ok(true)
}

/// The `DSD ` chunk with `total_size` and `metadata_offset`.
fn dsd_chunk(total_size: u64, metadata_offset: u64) -> [u8; 28] {
    let mut out = [0u8; 28];
    out[..4].copy_from_slice(b"DSD ");
    out[4..12].copy_from_slice(&28u64.to_le_bytes());
    out[12..20].copy_from_slice(&total_size.to_le_bytes());
    out[20..28].copy_from_slice(&metadata_offset.to_le_bytes());
    out
}

/// Save an ID3 tag to a DSF file: the tag `render(available, trailing)` gives (`available`:
/// `old_size`, the size of the tag as it was loaded, as mutagen passes it; `trailing`: the bytes
/// from the tag's place to the end of the file) is written where the `DSD ` chunk points, or
/// at the end of the file where it points nowhere (0), and the file is cut after it; the
/// `DSD ` chunk then gives the new total size (and the new pointer).
///
/// mutagen writes the pointer first, before it renders the tag; here nothing is written until
/// the tag is rendered, and the pointer goes with the total size in one write at the end.
///
/// # Errors
/// `mutagen.dsf.error` for a `DSD ` chunk that is cut short or not one; the error of `render`;
/// the target's I/O errors.
pub fn save_dsf<B: AsRef<[u8]>>(
    t: &mut dyn Target,
    old_size: u64,
    render: &mut dyn FnMut(u64, u64) -> Result<Vec<B>>,
) -> Result<()> {
    let len = t.size()?;
    let (_, pointer) = dsf::dsd_chunk(&TargetSource::new(t, len))?;
    let at = if pointer == 0 { len } else { pointer };
    let tag = render(old_size, len.saturating_sub(at))?;
    let tag: Vec<&[u8]> = tag.iter().map(AsRef::as_ref).collect();
    t.write_parts_at(at, &tag)?;
    let end = at + tag.iter().map(|p| p.len() as u64).sum::<u64>();
    if end < t.size()? {
        t.set_size(end)?;
    }
    t.write_at(0, &dsd_chunk(end, at))?;
    t.flush()
}

/// Remove the ID3 tag of a DSF file (`mutagen.dsf.delete`): the `DSD ` chunk points nowhere
/// (0) and the file is cut where the tag was; whether it had one. The total size is left as
/// it was, as mutagen leaves it. (A pointer past the end of the file cuts nothing.)
///
/// # Errors
/// `mutagen.dsf.error` for chunks mutagen's `DSFFile` refuses; the target's I/O errors.
pub fn delete_dsf(t: &mut dyn Target) -> Result<bool> {
    let len = t.size()?;
    let info = dsf::chunks(&TargetSource::new(t, len))?;
    if info.metadata_offset == 0 {
        return Ok(false);
    }
    t.write_at(0, &dsd_chunk(info.total_size, 0))?;
    if info.metadata_offset < len {
        t.set_size(info.metadata_offset)?;
    }
    t.flush()?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SliceSource;

    fn aiff(chunks: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
        let mut body = b"AIFF".to_vec();
        for (id, data) in chunks {
            body.extend_from_slice(*id);
            body.extend_from_slice(&(data.len() as u32).to_be_bytes());
            body.extend_from_slice(data);
            if data.len() % 2 == 1 {
                body.push(0);
            }
        }
        let mut file = b"FORM".to_vec();
        file.extend_from_slice(&(body.len() as u32).to_be_bytes());
        file.extend_from_slice(&body);
        file
    }

    const COMM: &[u8] = &[0; 18];

    #[test]
    fn a_new_chunk_goes_at_the_end_of_the_root() {
        let mut file = aiff(&[(b"COMM", COMM), (b"SSND", b"audio")]);
        let mut seen = None;
        save_id3(&mut file, Format::Aiff, &mut |available, trailing| {
            seen = Some((available, trailing));
            Ok(vec![b"tag".to_vec()])
        })
        .unwrap();
        assert_eq!(
            file,
            aiff(&[(b"COMM", COMM), (b"SSND", b"audio"), (b"ID3 ", b"tag")])
        );
        assert_eq!(seen, Some((0, 0)));
    }

    #[test]
    fn an_old_chunk_is_resized_in_place() {
        let mut file = aiff(&[(b"COMM", COMM), (b"ID3 ", b"old tag"), (b"SSND", b"audio")]);
        save_id3(&mut file, Format::Aiff, &mut |available, trailing| {
            assert_eq!((available, trailing), (7, 8 + 8 + 6));
            Ok(vec![b"a longer".to_vec(), b" tag".to_vec()])
        })
        .unwrap();
        let want = aiff(&[
            (b"COMM", COMM),
            (b"ID3 ", b"a longer tag"),
            (b"SSND", b"audio"),
        ]);
        assert_eq!(file, want);
        assert!(delete_id3(&mut file, Format::Aiff).unwrap());
        assert_eq!(file, aiff(&[(b"COMM", COMM), (b"SSND", b"audio")]));
        assert!(!delete_id3(&mut file, Format::Aiff).unwrap());
    }

    #[test]
    fn wave_sizes_are_little_endian_and_an_id3_chunk_counts() {
        let mut file =
            b"RIFF\x1a\x00\x00\x00WAVEID3 \x03\x00\x00\x00old\x00data\x02\x00\x00\x00ab".to_vec();
        save_id3(&mut file, Format::Wave, &mut |_, _| {
            Ok(vec![b"new!".to_vec()])
        })
        .unwrap();
        assert_eq!(
            file,
            b"RIFF\x1a\x00\x00\x00WAVEID3 \x04\x00\x00\x00new!data\x02\x00\x00\x00ab".to_vec()
        );
        let src = SliceSource::new(&file);
        let (root, chunks) = wave::riff(&src).unwrap();
        assert_eq!(root.data_size, 26);
        assert_eq!(chunks.len(), 2);
    }

    #[test]
    fn a_walk_that_fails_writes_nothing() {
        let mut file = b"RIFX\x04\x00\x00\x00WAVE".to_vec();
        let before = file.clone();
        assert!(save_id3(&mut file, Format::Wave, &mut |_, _| Ok(
            Vec::<Vec<u8>>::new()
        ))
        .is_err());
        assert!(delete_id3(&mut file, Format::Wave).is_err());
        assert_eq!(file, before);
    }

    #[test]
    fn a_chunk_past_the_end_is_not_deleted() {
        let mut file = aiff(&[(b"COMM", COMM), (b"ID3 ", b"tag")]);
        let n = file.len();
        // The ID3 chunk says it holds more than the file does.
        file[n - 8..n - 4].copy_from_slice(&100u32.to_be_bytes());
        let before = file.clone();
        let err = delete_id3(&mut file, Format::Aiff).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::BuiltinValueError);
        assert_eq!(file, before);
    }
}
