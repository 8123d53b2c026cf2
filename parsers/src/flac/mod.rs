//! FLAC files (`mutagen.flac`).
//!
//! A FLAC file is `fLaC` (possibly after an ID3v2 tag), then metadata blocks, each a one-byte
//! type with a last-block bit, a 24-bit size and a body, then the audio frames. Only the
//! metadata blocks are read; the audio size comes from the file size.
//!
//! mutagen reads the blocks through a strict file object: any read that comes back short
//! fails with `mutagen.flac.error`. It does not trust the size field of Vorbis comment and
//! picture blocks (broken writers exist): it parses those from where they start and continues
//! after what they took. Both are reproduced here, with every size checked against what remains
//! of the file before anything is read or allocated.

mod block;
mod render;
pub mod write;

pub use block::{
    parse_cue_sheet, parse_seek_table, parse_stream_info, BlockData, CueSheet, CueSheetTrack,
    CueSheetTrackIndex, MetadataBlock, Picture, SeekPoint, StreamInfo,
};
pub use render::{
    block_header, picture_head, render_block, render_cue_sheet, render_picture, render_seek_table,
    render_stream_info, MAX_BLOCK_SIZE, MSG_TOO_LONG,
};

use std::borrow::Cow;

use crate::error::{limits, short_read, short_read_refused, Error, ErrorKind, FileName, Result};
use crate::source::{SliceSource, Source};
use crate::util::strings::{from_utf8_lossy, key_utf8_lossy};
use crate::vorbis;

/// A FLAC file as `mutagen.flac.FLAC` loads it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Flac {
    /// Every metadata block, in file order (mutagen's `metadata_blocks`).
    pub blocks: Vec<MetadataBlock>,
    /// The offset of the first metadata block (4 after a bare `fLaC`, more after an ID3v2 tag).
    pub metadata_offset: u64,
    /// Where the metadata ends and the audio begins.
    pub audio_offset: u64,
    /// The bitrate of the first STREAMINFO block, from the audio size and length.
    pub bitrate: u64,
}

impl Flac {
    /// The first STREAMINFO block (mutagen's `info`); reading fails without one, so this is
    /// always there for a result of [`read`].
    #[must_use]
    pub fn stream_info(&self) -> Option<&StreamInfo> {
        self.blocks.iter().find_map(|b| match &b.data {
            BlockData::StreamInfo(si) => Some(si),
            _ => None,
        })
    }

    /// The first Vorbis comment block (mutagen's `tags`); later ones are only in `blocks`.
    #[must_use]
    pub fn tags(&self) -> Option<&vorbis::VorbisComment> {
        self.blocks.iter().find_map(|b| match &b.data {
            BlockData::VorbisComment(vc) => Some(vc),
            _ => None,
        })
    }

    /// The picture blocks, in file order.
    pub fn pictures(&self) -> impl Iterator<Item = &Picture> {
        self.blocks.iter().filter_map(|b| match &b.data {
            BlockData::Picture(p) => Some(p),
            _ => None,
        })
    }
}

/// Reads a source strictly and forward, as mutagen's `StrictFileObject` does.
struct Strict<'a> {
    src: &'a dyn Source,
    pos: u64,
}

impl Strict<'_> {
    fn remaining(&self) -> u64 {
        self.src.len().saturating_sub(self.pos)
    }

    /// Exactly `n` bytes, or an error of kind `Flac` (checked before reading).
    fn read(&mut self, n: u64) -> Result<Cow<'_, [u8]>> {
        let remaining = self.remaining();
        if n > remaining {
            return Err(short_read_refused(ErrorKind::Flac, n, remaining));
        }
        let len =
            usize::try_from(n).map_err(|_| short_read_refused(ErrorKind::Flac, n, remaining))?;
        let data = self.src.read_at(self.pos, len)?;
        if data.len() != len {
            return Err(short_read(ErrorKind::Flac, n, data.len() as u64));
        }
        self.pos += n;
        Ok(data)
    }

    /// [`Strict::read`] through [`Source::read_placed`]: `(data, start)`, the bytes being
    /// `data[start..]`.
    fn read_placed(&mut self, n: u64) -> Result<(Cow<'_, [u8]>, usize)> {
        let remaining = self.remaining();
        if n > remaining {
            return Err(short_read_refused(ErrorKind::Flac, n, remaining));
        }
        let len =
            usize::try_from(n).map_err(|_| short_read_refused(ErrorKind::Flac, n, remaining))?;
        let (data, start) = self.src.read_placed(self.pos, len)?;
        let got = data.len().saturating_sub(start);
        if got != len {
            return Err(short_read(ErrorKind::Flac, n, got as u64));
        }
        self.pos += n;
        Ok((data, start))
    }

    /// Skip exactly `n` bytes that must be there.
    fn skip(&mut self, n: u64) -> Result<()> {
        let remaining = self.remaining();
        if n > remaining {
            return Err(short_read_refused(ErrorKind::Flac, n, remaining));
        }
        self.pos += n;
        Ok(())
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let data = self.read(N as u64)?;
        (&*data)
            .try_into()
            .map_err(|_| short_read(ErrorKind::Flac, N as u64, 0))
    }

    fn u32_be(&mut self) -> Result<u32> {
        self.array::<4>().map(u32::from_be_bytes)
    }
}

/// Fail as mutagen's one strict read of `n` bytes would, when fewer remain.
fn whole(r: &Strict<'_>, n: u64) -> Result<()> {
    let remaining = r.remaining();
    if remaining < n {
        return Err(short_read(ErrorKind::Flac, n, remaining));
    }
    Ok(())
}

/// Find where the metadata blocks start: after `fLaC` at 0, or after an ID3v2 tag followed by
/// `fLaC`, as mutagen looks (its footer flag is not honoured, as mutagen does not).
fn check_header(r: &mut Strict<'_>) -> Result<u64> {
    let head: [u8; 4] = r.array()?;
    if &head == b"fLaC" {
        return Ok(4);
    }
    if head.starts_with(b"ID3") {
        let rest: [u8; 6] = r.array()?;
        // The ID3v2 size is syncsafe: seven bits of each of its four bytes.
        let size = rest[2..]
            .iter()
            .fold(0u64, |acc, &b| (acc << 7) | u64::from(b & 0x7F));
        let start = 14 + size;
        r.pos = start - 4;
        let magic: [u8; 4] = r.array()?;
        if &magic == b"fLaC" {
            return Ok(start);
        }
    }
    Err(Error::naming_file(
        ErrorKind::FlacNoHeader,
        FileName::Repr,
        "is not a valid FLAC file",
    ))
}

/// Read a picture block body from the current position, trusting only its inner lengths.
fn read_picture(r: &mut Strict<'_>) -> Result<Picture> {
    picture(r, true)
}

/// Pass over a picture block body as [`read_picture`] does, with the same checks and errors,
/// without reading the image: only where the block ends matters (a save's walk to the audio).
fn skip_picture(r: &mut Strict<'_>) -> Result<()> {
    picture(r, false).map(|_| ())
}

/// A picture block body; its image is read when `image`, else only checked to be there.
fn picture(r: &mut Strict<'_>, image: bool) -> Result<Picture> {
    // mutagen reads the type and the MIME length as one 8-byte read.
    whole(r, 8)?;
    let picture_type = r.u32_be()?;
    let mime_len = r.u32_be()?;
    let mime = key_utf8_lossy(&r.read(u64::from(mime_len))?);
    let desc_len = r.u32_be()?;
    let desc = from_utf8_lossy(&r.read(u64::from(desc_len))?);
    // ... and the four numbers and the data length as one 20-byte read.
    whole(r, 20)?;
    let width = r.u32_be()?;
    let height = r.u32_be()?;
    let depth = r.u32_be()?;
    let colors = r.u32_be()?;
    let data_len = r.u32_be()?;
    let data = if image {
        // A large image is kept where its read landed (see `Source::read_placed`).
        match r.read_placed(u64::from(data_len))? {
            (Cow::Owned(buf), start) => crate::util::shared::Payload::placed(buf, start),
            (Cow::Borrowed(bytes), start) => {
                crate::util::shared::Payload::from(bytes.get(start..).unwrap_or_default().to_vec())
            }
        }
    } else {
        r.skip(u64::from(data_len))?;
        crate::util::shared::Payload::default()
    };
    Ok(Picture {
        picture_type,
        mime,
        desc,
        width,
        height,
        depth,
        colors,
        data,
    })
}

/// Read one metadata block at the current position; returns it and whether it was the last.
fn read_block(r: &mut Strict<'_>) -> Result<(MetadataBlock, bool)> {
    let [head] = r.array::<1>()?;
    let size_bytes: [u8; 3] = r.array()?;
    let size = u64::from(u32::from_be_bytes([
        0,
        size_bytes[0],
        size_bytes[1],
        size_bytes[2],
    ]));
    let code = head & 0x7F;
    let last = head & 0x80 != 0;
    let start = r.pos;
    let data = match code {
        4 => {
            let vc = vorbis::parse_strict(r.src, r.pos, ErrorKind::Flac)?;
            r.pos += vc.size as u64;
            BlockData::VorbisComment(vc)
        }
        6 => BlockData::Picture(read_picture(r)?),
        1 => {
            // Padding holds nothing worth reading, but mutagen reads it whole: it must be there.
            r.skip(size)?;
            BlockData::Padding(size as u32)
        }
        3 if size / 18 > limits::MAX_VALUES as u64 => {
            return Err(Error::Limit(ErrorKind::Flac, limits::MSG_VALUES));
        }
        _ => {
            let body = r.read(size)?;
            match code {
                0 => BlockData::StreamInfo(parse_stream_info(&body)?),
                3 => BlockData::SeekTable(parse_seek_table(&body)),
                5 => BlockData::CueSheet(parse_cue_sheet(&body)?),
                _ => BlockData::Other(body.into_owned()),
            }
        }
    };
    // A block walked by its contents that took more than a header can say keeps the size its
    // header gave, for a save to write back.
    let overflow_size =
        (matches!(code, 4 | 6) && r.pos - start > MAX_BLOCK_SIZE as u64).then_some(size as u32);
    Ok((
        MetadataBlock {
            code,
            data,
            overflow_size,
        },
        last,
    ))
}

/// Parse one block body of type `code` held in memory, as constructing mutagen's block class
/// from bytes does (e.g. `Picture(data)`): Vorbis comment and picture bodies are read as far as
/// their own lengths say, every other type takes all of `data`. Short bodies fail with
/// [`ErrorKind::Flac`].
pub fn parse_block(code: u8, data: &[u8]) -> Result<BlockData> {
    let src = SliceSource::new(data);
    let mut r = Strict { src: &src, pos: 0 };
    Ok(match code {
        4 => BlockData::VorbisComment(vorbis::parse_strict(&src, 0, ErrorKind::Flac)?),
        6 => BlockData::Picture(read_picture(&mut r)?),
        0 => BlockData::StreamInfo(parse_stream_info(data)?),
        1 => BlockData::Padding(u32::try_from(data.len()).unwrap_or(u32::MAX)),
        3 => BlockData::SeekTable(parse_seek_table(data)),
        5 => BlockData::CueSheet(parse_cue_sheet(data)?),
        _ => BlockData::Other(data.to_vec()),
    })
}

/// Read a FLAC file's metadata as `mutagen.flac.FLAC(path)` does.
///
/// Fails with [`ErrorKind::FlacNoHeader`] when there is no `fLaC` marker (at 0 or after an
/// ID3v2 tag) or no STREAMINFO block, and with [`ErrorKind::Flac`] when a read runs past the
/// end of the file, a STREAMINFO has a sample rate of 0, or a second cue sheet or seek table
/// appears.
pub fn read(src: &dyn Source) -> Result<Flac> {
    let mut r = Strict { src, pos: 0 };
    let metadata_offset = check_header(&mut r)?;
    let mut blocks = Vec::new();
    let (mut cuesheets, mut seektables) = (0u32, 0u32);
    loop {
        if blocks.len() >= limits::MAX_BLOCKS {
            return Err(Error::Limit(ErrorKind::Flac, limits::MSG_BLOCKS));
        }
        // Every block takes at least its four header bytes, so this ends with the file.
        let (block, last) = read_block(&mut r)?;
        match block.data {
            BlockData::CueSheet(_) => cuesheets += 1,
            BlockData::SeekTable(_) => seektables += 1,
            _ => {}
        }
        if cuesheets > 1 {
            return Err(Error::Malformed(
                ErrorKind::Flac,
                "> 1 CueSheet block found",
            ));
        }
        if seektables > 1 {
            return Err(Error::Malformed(
                ErrorKind::Flac,
                "> 1 SeekTable block found",
            ));
        }
        blocks.push(block);
        if last {
            break;
        }
    }
    let audio_offset = r.pos;
    let mut flac = Flac {
        blocks,
        metadata_offset,
        audio_offset,
        bitrate: 0,
    };
    let info = flac.stream_info().ok_or(Error::Malformed(
        ErrorKind::FlacNoHeader,
        "Stream info block not found",
    ))?;
    let length = info.length();
    if length != 0.0 {
        let audio = src.len().saturating_sub(audio_offset) as f64;
        // Python's int() of the float truncates; the cast does too (and saturates).
        flac.bitrate = (audio * 8.0 / length) as u64;
    }
    Ok(flac)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::source::SliceSource;

    fn stream_info_body(rate: u32, total: u64) -> Vec<u8> {
        let mut d = vec![0x10, 0x00, 0x10, 0x00, 0, 0, 14, 0, 0x30, 0];
        d.extend_from_slice(&((rate >> 4) as u16).to_be_bytes());
        d.push((((rate & 0xF) as u8) << 4) | (1 << 1));
        let tail = (15u64 << 36) | total;
        d.extend_from_slice(&tail.to_be_bytes()[3..]);
        d.extend_from_slice(&[0; 16]);
        d
    }

    fn block(code: u8, last: bool, body: &[u8]) -> Vec<u8> {
        let mut out = vec![code | if last { 0x80 } else { 0 }];
        out.extend_from_slice(&(body.len() as u32).to_be_bytes()[1..]);
        out.extend_from_slice(body);
        out
    }

    fn vorbis_body(comments: &[&str]) -> Vec<u8> {
        let mut d = 3u32.to_le_bytes().to_vec();
        d.extend_from_slice(b"ven");
        d.extend_from_slice(&(comments.len() as u32).to_le_bytes());
        for c in comments {
            d.extend_from_slice(&(c.len() as u32).to_le_bytes());
            d.extend_from_slice(c.as_bytes());
        }
        d
    }

    fn picture_body(data: &[u8]) -> Vec<u8> {
        let mut d = 3u32.to_be_bytes().to_vec();
        d.extend_from_slice(&10u32.to_be_bytes());
        d.extend_from_slice(b"image/jpeg");
        d.extend_from_slice(&4u32.to_be_bytes());
        d.extend_from_slice(b"desc");
        for v in [500u32, 400, 24, 0] {
            d.extend_from_slice(&v.to_be_bytes());
        }
        d.extend_from_slice(&(data.len() as u32).to_be_bytes());
        d.extend_from_slice(data);
        d
    }

    fn file(blocks: &[Vec<u8>], audio: usize) -> Vec<u8> {
        let mut f = b"fLaC".to_vec();
        for b in blocks {
            f.extend_from_slice(b);
        }
        f.extend(std::iter::repeat_n(0xFFu8, audio));
        f
    }

    #[test]
    fn reads_blocks_in_order_with_bitrate() {
        let f = file(
            &[
                block(0, false, &stream_info_body(44100, 44100 * 2)),
                block(4, false, &vorbis_body(&["TITLE=x", "a=b"])),
                block(6, false, &picture_body(b"JPEGDATA")),
                block(2, false, b"appldata"),
                block(1, true, &[0; 10]),
            ],
            1000,
        );
        let flac = read(&SliceSource::new(&f)).unwrap();
        let codes: Vec<u8> = flac.blocks.iter().map(|b| b.code).collect();
        assert_eq!(codes, [0, 4, 6, 2, 1]);
        assert_eq!(flac.audio_offset, (f.len() - 1000) as u64);
        assert_eq!(flac.bitrate, 4000);
        assert_eq!(flac.tags().unwrap().comments.len(), 2);
        let pic = flac.pictures().next().unwrap();
        assert_eq!(
            (pic.mime.as_str(), pic.desc.as_str(), pic.width),
            ("image/jpeg", "desc", 500)
        );
        assert_eq!(&pic.data[..], b"JPEGDATA");
        assert_eq!(flac.blocks[3].data, BlockData::Other(b"appldata".to_vec()));
        assert_eq!(flac.blocks[4].data, BlockData::Padding(10));
    }

    #[test]
    fn distrusted_sizes_follow_the_content() {
        let vc = vorbis_body(&["A=1"]);
        let mut vblock = block(4, false, &vc);
        // A size field that is wrong: the comment's own lengths decide where it ends.
        vblock[3] = 2;
        let pic = picture_body(b"xy");
        let mut pblock = block(6, false, &pic);
        pblock[3] = 1;
        let f = file(
            &[
                block(0, false, &stream_info_body(8000, 0)),
                vblock,
                pblock,
                block(1, true, &[]),
            ],
            0,
        );
        let flac = read(&SliceSource::new(&f)).unwrap();
        assert_eq!(flac.blocks.len(), 4);
        assert_eq!(flac.bitrate, 0);
    }

    #[test]
    fn id3_in_front_is_skipped() {
        let mut f = b"ID3\x04\x00\x00\x00\x00\x01\x00".to_vec();
        f.extend_from_slice(&[0; 128]);
        f.extend_from_slice(&file(&[block(0, true, &stream_info_body(8000, 8000))], 0));
        let flac = read(&SliceSource::new(&f)).unwrap();
        assert_eq!(flac.metadata_offset, 142);
        // An ID3 tag not followed by fLaC is not FLAC.
        let mut bad = f.clone();
        bad[138] = b'x';
        assert_eq!(
            read(&SliceSource::new(&bad)).unwrap_err().kind(),
            ErrorKind::FlacNoHeader
        );
        // An ID3 size pointing past the end is a short read.
        let mut past = f.clone();
        past[6] = 0x7F;
        assert_eq!(
            read(&SliceSource::new(&past)).unwrap_err().kind(),
            ErrorKind::Flac
        );
    }

    #[test]
    fn errors_as_mutagen_raises_them() {
        let kind = |d: &[u8]| read(&SliceSource::new(d)).unwrap_err().kind();
        assert_eq!(kind(b"fLa"), ErrorKind::Flac);
        assert_eq!(kind(b"RIFF1234"), ErrorKind::FlacNoHeader);
        // No last block: the loop runs into the end of the file.
        assert_eq!(
            kind(&file(&[block(0, false, &stream_info_body(8000, 1))], 0)),
            ErrorKind::Flac
        );
        // No STREAMINFO at all.
        assert_eq!(
            kind(&file(&[block(1, true, &[0; 4])], 0)),
            ErrorKind::FlacNoHeader
        );
        // Short STREAMINFO body, and one whose size runs past the end.
        assert_eq!(kind(&file(&[block(0, true, &[0; 20])], 0)), ErrorKind::Flac);
        let mut huge = file(&[block(0, true, &stream_info_body(8000, 1))], 0);
        huge[5] = 0xFF;
        assert_eq!(kind(&huge), ErrorKind::Flac);
        // Two seek tables.
        let si = block(0, false, &stream_info_body(8000, 1));
        assert_eq!(
            kind(&file(
                &[si.clone(), block(3, false, &[]), block(3, true, &[])],
                0
            )),
            ErrorKind::Flac
        );
        // A picture whose data length is hostile is refused before reading.
        let mut pic = picture_body(b"");
        let n = pic.len();
        pic[n - 4..].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(matches!(
            read(&SliceSource::new(&file(
                &[si.clone(), block(6, true, &pic)],
                0
            ))),
            Err(e) if e.is_limit() && e.kind() == ErrorKind::Flac
        ));
        // A comment count far beyond the data.
        let mut vc = vorbis_body(&[]);
        vc[7..11].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(kind(&file(&[si, block(4, true, &vc)], 0)), ErrorKind::Flac);
    }

    #[test]
    fn picture_bodies_in_memory() {
        let mut body = picture_body(b"PNGDATA");
        // Invalid UTF-8 in the MIME type is replaced, as Python's "replace" does.
        body[8] = 0xFF;
        let BlockData::Picture(p) = parse_block(6, &body).unwrap() else {
            panic!("not a picture")
        };
        assert_eq!(p.mime, "\u{fffd}mage/jpeg");
        assert_eq!(
            (p.picture_type, p.height, p.depth, p.colors),
            (3, 400, 24, 0)
        );
        assert_eq!(&p.data[..], b"PNGDATA");
        // Every truncation of the body is an error of kind Flac, never a panic.
        for cut in 0..body.len() {
            assert_eq!(
                parse_block(6, &body[..cut]).unwrap_err().kind(),
                ErrorKind::Flac
            );
        }
        // Trailing bytes after the picture data are not part of it.
        body.extend_from_slice(b"tail");
        let BlockData::Picture(p) = parse_block(6, &body).unwrap() else {
            panic!("not a picture")
        };
        assert_eq!(&p.data[..], b"PNGDATA");
    }

    #[test]
    fn every_truncation_of_a_file_fails_cleanly() {
        let f = file(
            &[
                block(0, false, &stream_info_body(44100, 1000)),
                block(3, false, &[0; 36]),
                block(4, false, &vorbis_body(&["A=1", "B=2"])),
                block(6, false, &picture_body(b"img")),
                block(9, true, b"xyz"),
            ],
            0,
        );
        assert!(read(&SliceSource::new(&f)).is_ok());
        for cut in 0..f.len() {
            let err = read(&SliceSource::new(&f[..cut])).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Flac, "cut at {cut}");
        }
    }

    #[test]
    fn first_stream_info_and_tags_win() {
        let f = file(
            &[
                block(4, false, &vorbis_body(&["A=first"])),
                block(0, false, &stream_info_body(8000, 16000)),
                block(0, false, &stream_info_body(16000, 16000)),
                block(4, true, &vorbis_body(&["A=second"])),
            ],
            0,
        );
        let flac = read(&SliceSource::new(&f)).unwrap();
        assert_eq!(flac.stream_info().unwrap().sample_rate, 8000);
        assert_eq!(flac.tags().unwrap().comments[0].1, "first");
    }
}
