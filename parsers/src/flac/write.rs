//! Saving FLAC metadata (`FLAC.save`, `FLAC.delete`): the writer beside the reader.
//!
//! A save has two steps, so that the caller can choose the padding between them:
//! 1. [`layout`] finds where the metadata is, as `mutagen.flac.FLAC` does before it saves: the
//!    `fLaC` marker (at the start of the file or after an ID3v2 tag), then the block headers up
//!    to the audio. Vorbis comment and picture blocks are walked by their contents, not by
//!    their header's size, as the reader does. The result says how much room the metadata has
//!    ([`Layout::available`]) and how much follows it ([`Layout::content_size`]).
//! 2. [`apply`] puts the rendered blocks (see [`render_metadata`], or the binding's rendering
//!    of mutagen's block objects) in that room: the region grows or shrinks in place through
//!    [`crate::edit`], `fLaC` and the blocks are written, and, when asked, an ID3v1 tag at
//!    the end is cut.
//!
//! [`save`] does both, with the blocks rendered by a closure given the layout.

use crate::edit::{self, Target, TargetSource};
use crate::error::{Error, ErrorKind, Result};
use crate::vorbis;

use super::render::{
    render_block, render_cue_sheet, render_picture, render_seek_table, render_stream_info,
    MAX_BLOCK_SIZE,
};
use super::{check_header, skip_picture, BlockData, MetadataBlock, Strict};

/// Where a FLAC file's metadata is, and how much room a save has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Layout {
    /// Where the metadata blocks start (4 after a bare `fLaC`; more after an ID3v2 tag, unless
    /// the save removes that tag, which makes it 4).
    pub header: u64,
    /// The room the blocks have without moving the audio: from [`Layout::header`] to the
    /// audio.
    pub available: u64,
    /// The size of what follows the metadata (the audio and anything after it).
    pub content_size: u64,
}

impl Layout {
    /// A layout with these fields (to apply one found earlier).
    #[must_use]
    pub fn new(header: u64, available: u64, content_size: u64) -> Self {
        Layout {
            header,
            available,
            content_size,
        }
    }
}

/// Find the metadata of the FLAC file in `t` as mutagen's save does, reading the header from
/// `start` (where the file object stood; 0 for a file just opened), and plan a save that
/// removes an ID3v2 tag before `fLaC` when `deleteid3`.
///
/// # Errors
/// [`ErrorKind::FlacNoHeader`] when there is no `fLaC` marker where mutagen looks for one;
/// [`ErrorKind::Flac`] when a block runs past the end of the file; the target's I/O errors.
pub fn layout(t: &mut dyn Target, start: u64, deleteid3: bool) -> Result<Layout> {
    let len = t.size()?;
    let src = TargetSource::new(t, len);
    let mut r = Strict {
        src: &src,
        pos: start,
    };
    let mut header = check_header(&mut r)?;
    // Every pass takes at least the four header bytes, so the walk ends with the file.
    loop {
        let [head] = r.array::<1>()?;
        let size_bytes: [u8; 3] = r.array()?;
        let size = u64::from(u32::from_be_bytes([
            0,
            size_bytes[0],
            size_bytes[1],
            size_bytes[2],
        ]));
        match head & 0x7F {
            4 => {
                r.pos += vorbis::skip_strict(r.src, r.pos, ErrorKind::Flac)?;
            }
            6 => {
                skip_picture(&mut r)?;
            }
            _ => r.skip(size)?,
        }
        if head & 0x80 != 0 {
            break;
        }
    }
    let audio_offset = r.pos;
    let mut available = audio_offset.saturating_sub(header);
    if deleteid3 && header > 4 {
        available += header - 4;
        header = 4;
    }
    Ok(Layout {
        header,
        available,
        content_size: len.saturating_sub(audio_offset),
    })
}

/// Put `data` (the rendered metadata blocks, without `fLaC`) in the room `layout` found, as
/// mutagen's save does: the region grows or shrinks (the audio moves only when it must), and
/// `data` is written at [`Layout::header`]. `fLaC` is expected just before it, where
/// [`layout`] found it; it is written again only with `deleteid3` (when the layout moved the
/// header to the start of the file) and when the blocks are written before a shrink. With
/// `deleteid3`, a 128-byte tag starting with `TAG` at the end of the file is then cut.
///
/// The file reads as FLAC after a failure at any step:
/// - growing, the file gets longer first, then the audio moves towards the end (the old
///   metadata stays whole), and only then are the blocks written;
/// - shrinking, when `data` ends with a padding block (as rendered metadata does), the blocks
///   are written first with that padding stretched over the room that goes, then the audio
///   moves towards the start, then the padding gets its own size and the file's end is cut.
///   (mutagen moves the audio first, which leaves the old blocks cut short until the new ones
///   are written.)
///
/// # Errors
/// [`ErrorKind::BuiltinValueError`] when the layout does not fit the file; the target's I/O
/// errors.
pub fn apply(t: &mut dyn Target, layout: &Layout, data: &[u8], deleteid3: bool) -> Result<()> {
    apply_parts(t, layout, &[data], deleteid3)
}

/// [`apply`] for metadata given as parts laid end to end (block headers and bodies, say),
/// written one after the other without being joined first.
///
/// # Errors
/// As [`apply`].
pub fn apply_parts(
    t: &mut dyn Target,
    layout: &Layout,
    parts: &[&[u8]],
    deleteid3: bool,
) -> Result<()> {
    let header = layout.header;
    let old_len = layout.available;
    let new_len: u64 = parts.iter().map(|p| p.len() as u64).sum();
    if header < 4 {
        return Err(Error::Malformed(
            ErrorKind::BuiltinValueError,
            "the metadata starts before its marker",
        ));
    }
    let shrink = old_len.saturating_sub(new_len);
    let stretch = match last_padding(parts) {
        Some((at, len)) if shrink > 0 && len + shrink <= MAX_BLOCK_SIZE as u64 => Some((at, len)),
        _ => None,
    };
    if let Some((at, len)) = stretch {
        let size = t.size()?;
        let end = header
            .checked_add(old_len)
            .filter(|&e| e <= size)
            .ok_or(Error::Malformed(
                ErrorKind::BuiltinValueError,
                "area past the end of the file",
            ))?;
        let stretched = u32::try_from(len + shrink)
            .unwrap_or(u32::MAX)
            .to_be_bytes();
        // The padding block's header announces the stretched size.
        let patched = patch(parts, at + 1, &stretched[1..]);
        t.write_parts_at(header - 4, &marked(&patched))?;
        t.flush()?;
        edit::move_bytes(t, end - shrink, end, size - end)?;
        let own = u32::try_from(len).unwrap_or(u32::MAX).to_be_bytes();
        t.write_at(header + at as u64 + 1, &own[1..])?;
        t.flush()?;
        t.set_size(size - shrink)?;
        t.flush()?;
    } else if deleteid3 {
        // The marker may move to the start of the file, over the ID3v2 tag: it is written
        // with the blocks.
        edit::resize(t, header, old_len, new_len)?;
        t.write_parts_at(header - 4, &marked(parts))?;
        t.flush()?;
    } else {
        // The layout found `fLaC` just before `header`, and it stays there.
        edit::resize(t, header, old_len, new_len)?;
        t.write_parts_at(header, parts)?;
        t.flush()?;
    }
    if deleteid3 {
        let size = t.size()?;
        if size >= 128 {
            let mut tag = [0u8; 3];
            let got = t.read_at(size - 128, &mut tag)?;
            if got == 3 && &tag == b"TAG" {
                t.set_size(size - 128)?;
                t.flush()?;
            }
        }
    }
    Ok(())
}

/// The parts after `fLaC`.
fn marked<'a>(parts: &[&'a [u8]]) -> Vec<&'a [u8]> {
    let mut out = Vec::with_capacity(parts.len() + 1);
    out.push(b"fLaC".as_slice());
    out.extend_from_slice(parts);
    out
}

/// The parts with the bytes from `at` (counted across the parts) replaced by `new`.
fn patch<'a>(parts: &[&'a [u8]], at: usize, new: &'a [u8]) -> Vec<&'a [u8]> {
    let end = at + new.len();
    let mut out = Vec::with_capacity(parts.len() + 2);
    let mut pos = 0usize;
    for part in parts {
        let (start, stop) = (pos, pos + part.len());
        pos = stop;
        if stop <= at || start >= end {
            out.push(*part);
            continue;
        }
        if start < at {
            out.push(&part[..at - start]);
        }
        if start <= at {
            out.push(new);
        }
        if stop > end {
            out.push(&part[end - start..]);
        }
    }
    out
}

/// The four bytes at `at`, counted across the parts.
fn four_at(parts: &[&[u8]], at: usize) -> Option<[u8; 4]> {
    let mut out = [0u8; 4];
    let mut filled = 0;
    let mut pos = 0usize;
    for part in parts {
        let stop = pos + part.len();
        while filled < 4 && at + filled < stop {
            let i = (at + filled).checked_sub(pos)?;
            out[filled] = part[i];
            filled += 1;
        }
        pos = stop;
        if filled == 4 {
            return Some(out);
        }
    }
    None
}

/// Where the last block of rendered metadata starts and its size, when the block headers lead
/// exactly to the end of the parts and the last block is a padding block.
fn last_padding(parts: &[&[u8]]) -> Option<(usize, u64)> {
    let total: usize = parts.iter().map(|p| p.len()).sum();
    let mut pos = 0usize;
    loop {
        let h = four_at(parts, pos)?;
        let size = usize::from(h[1]) << 16 | usize::from(h[2]) << 8 | usize::from(h[3]);
        let next = pos + 4 + size;
        if h[0] & 0x80 != 0 {
            return (h[0] & 0x7F == 1 && next == total).then_some((pos, size as u64));
        }
        pos = next;
    }
}

/// [`layout`] from the start of the file, then [`apply`] of what `render` makes of the layout.
///
/// # Errors
/// Those of [`layout`], of `render` and of [`apply`].
pub fn save(
    t: &mut dyn Target,
    deleteid3: bool,
    render: impl FnOnce(&Layout) -> Result<Vec<u8>>,
) -> Result<()> {
    let layout = layout(t, 0, deleteid3)?;
    let data = render(&layout)?;
    apply(t, &layout, &data, deleteid3)
}

/// The body of one block, as mutagen's block classes write it.
///
/// # Errors
/// A picture or Vorbis comment field too long for its 32-bit length.
pub fn render_body(block: &MetadataBlock) -> Result<Vec<u8>> {
    Ok(match &block.data {
        BlockData::StreamInfo(si) => render_stream_info(
            u32::from(si.min_blocksize),
            u32::from(si.max_blocksize),
            si.min_framesize,
            si.max_framesize,
            si.sample_rate,
            u32::from(si.channels),
            u32::from(si.bits_per_sample),
            si.total_samples,
            si.md5_int(),
        ),
        BlockData::Padding(n) => vec![0; *n as usize],
        BlockData::SeekTable(points) => {
            let points: Vec<(u64, u64, u16)> = points
                .iter()
                .map(|p| (p.first_sample, p.byte_offset, p.num_samples))
                .collect();
            render_seek_table(&points)
        }
        BlockData::VorbisComment(vc) => vorbis::render(
            &vc.vendor,
            vc.comments.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            false,
        )?,
        BlockData::CueSheet(cs) => render_cue_sheet(
            &cs.media_catalog_number,
            cs.lead_in_samples,
            cs.compact_disc,
            &cs.tracks,
        ),
        BlockData::Picture(p) => render_picture(
            p.picture_type,
            &p.mime,
            &p.desc,
            p.width,
            p.height,
            p.depth,
            p.colors,
            &p.data,
        )?,
        BlockData::Other(data) => data.clone(),
    })
}

/// The metadata of a save, as mutagen renders it: every block but the padding blocks, in
/// order, then one last padding block of `padding` bytes (capped at the largest block size).
/// A block too long for its header fails, unless it was read so
/// ([`MetadataBlock::overflow_size`]): then its header gets the size it was read with.
///
/// # Errors
/// Those of [`render_body`]; a body too long for its header.
pub fn render_metadata(blocks: &[MetadataBlock], padding: usize) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    for block in blocks {
        if matches!(block.data, BlockData::Padding(_)) {
            continue;
        }
        let body = render_body(block)?;
        out.extend_from_slice(&render_block(
            block.code,
            &body,
            false,
            block.overflow_size,
        )?);
    }
    let padding = vec![0u8; padding.min(MAX_BLOCK_SIZE)];
    out.extend_from_slice(&render_block(1, &padding, true, None)?);
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::source::SliceSource;

    fn stream_info_body() -> Vec<u8> {
        render_stream_info(4096, 4096, 0, 0, 44100, 2, 16, 44100, 0)
    }

    fn block(code: u8, last: bool, body: &[u8]) -> Vec<u8> {
        render_block(code, body, last, None).unwrap()
    }

    fn vorbis_body(comments: &[(&str, &str)]) -> Vec<u8> {
        vorbis::render("ven", comments.iter().copied(), false).unwrap()
    }

    fn audio() -> Vec<u8> {
        (0..3000u32).map(|i| (i * 13 % 251) as u8).collect()
    }

    fn flac_file(blocks: &[Vec<u8>]) -> Vec<u8> {
        let mut f = b"fLaC".to_vec();
        for b in blocks {
            f.extend_from_slice(b);
        }
        f.extend_from_slice(&audio());
        f
    }

    fn sample() -> Vec<u8> {
        flac_file(&[
            block(0, false, &stream_info_body()),
            block(4, false, &vorbis_body(&[("TITLE", "x")])),
            block(1, true, &[0; 100]),
        ])
    }

    fn read(data: &[u8]) -> super::super::Flac {
        super::super::read(&SliceSource::new(data)).unwrap()
    }

    #[test]
    fn layout_of_a_plain_file() {
        let mut f = sample();
        let l = layout(&mut f, 0, false).unwrap();
        let audio_offset = (f.len() - audio().len()) as u64;
        assert_eq!(l.header, 4);
        assert_eq!(l.available, audio_offset - 4);
        assert_eq!(l.content_size, audio().len() as u64);
    }

    #[test]
    fn saving_keeps_the_audio_for_every_padding() {
        let original = sample();
        let blocks = read(&original).blocks;
        for padding in [0usize, 1, 99, 100, 101, 5000] {
            let mut f = original.clone();
            save(&mut f, false, |_| render_metadata(&blocks, padding)).unwrap();
            assert!(f.ends_with(&audio()), "padding {padding}");
            let again = read(&f);
            assert_eq!(again.blocks[..2], blocks[..2]);
            assert_eq!(again.blocks[2].data, BlockData::Padding(padding as u32));
        }
        // The same padding as before: the same bytes.
        let mut f = original.clone();
        save(&mut f, false, |_| render_metadata(&blocks, 100)).unwrap();
        assert_eq!(f, original);
    }

    #[test]
    fn metadata_split_anywhere_saves_as_joined() {
        let id3 = b"ID3\x04\x00\x00\x00\x00\x00\x06abcdef".to_vec();
        for prefix in [Vec::new(), id3] {
            let original = [prefix.clone(), sample()].concat();
            let blocks = read(&sample()).blocks;
            // Shrinking (the padding stretched, then cut), the same size, and growing.
            for padding in [0usize, 30, 100, 400] {
                let data = render_metadata(&blocks, padding).unwrap();
                for deleteid3 in [false, true] {
                    let mut joined = original.clone();
                    let l = layout(&mut joined, 0, deleteid3).unwrap();
                    apply(&mut joined, &l, &data, deleteid3).unwrap();
                    for cut in [
                        0,
                        1,
                        3,
                        4,
                        5,
                        40,
                        data.len().saturating_sub(101),
                        data.len() - 3,
                        data.len(),
                    ] {
                        for cut2 in [cut, (cut + 2).min(data.len()), data.len()] {
                            let parts = [&data[..cut], &data[cut..cut2], &data[cut2..]];
                            let mut split = original.clone();
                            apply_parts(&mut split, &l, &parts, deleteid3).unwrap();
                            assert_eq!(
                                split, joined,
                                "padding {padding}, deleteid3 {deleteid3}, cuts {cut} {cut2}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn distrusted_sizes_are_walked_by_content() {
        let mut vc = block(4, false, &vorbis_body(&[("A", "1")]));
        vc[3] = vc[3].wrapping_add(50); // a wrong size
        let original = flac_file(&[
            block(0, false, &stream_info_body()),
            vc,
            block(1, true, &[]),
        ]);
        let mut f = original.clone();
        let l = layout(&mut f, 0, false).unwrap();
        assert_eq!(l.content_size, audio().len() as u64);
    }

    #[test]
    fn id3v2_before_the_marker_is_kept_or_removed() {
        let id3 = b"ID3\x04\x00\x00\x00\x00\x00\x06abcdef".to_vec();
        let v1 = [b"TAG".as_slice(), &[b'x'; 125]].concat();
        let original = [id3.as_slice(), &sample(), &v1].concat();
        let blocks = read(&original).blocks;

        let mut kept = original.clone();
        let l = layout(&mut kept, 0, false).unwrap();
        assert_eq!(l.header, 20);
        save(&mut kept, false, |_| render_metadata(&blocks, 100)).unwrap();
        assert_eq!(kept, original);

        let mut gone = original.clone();
        save(&mut gone, true, |l| {
            assert_eq!(l.header, 4);
            render_metadata(&blocks, 100)
        })
        .unwrap();
        assert_eq!(gone, sample());
    }

    #[test]
    fn errors_as_mutagens() {
        for (data, kind) in [
            (b"OggS\0\0\0\0".to_vec(), ErrorKind::FlacNoHeader),
            (b"fLa".to_vec(), ErrorKind::Flac),
            (
                b"ID3\x04\0\0\0\0\0\x02xxfLaX".to_vec(),
                ErrorKind::FlacNoHeader,
            ),
            (b"ID3\x04\0\0\0\0\0\x7f".to_vec(), ErrorKind::Flac),
            (b"fLaC\x80\x00\x00\x10abc".to_vec(), ErrorKind::Flac),
            (
                b"fLaC\x04\x00\x00\x00\x03\0\0\0ab".to_vec(),
                ErrorKind::Flac,
            ),
        ] {
            let mut f = data.clone();
            let err = layout(&mut f, 0, false).unwrap_err();
            assert_eq!(err.kind(), kind, "{data:?}");
            assert_eq!(f, data);
        }
    }

    #[test]
    fn the_header_is_read_where_the_file_stands() {
        let mut f = [b"junk".as_slice(), &sample()].concat();
        let l = layout(&mut f, 4, false).unwrap();
        assert_eq!(l.header, 4);
        assert_eq!(l.content_size, audio().len() as u64);
    }

    #[test]
    fn a_layout_past_the_end_is_refused() {
        let mut f = sample();
        let l = Layout {
            header: 4,
            available: 1 << 40,
            content_size: 0,
        };
        assert!(apply(&mut f, &l, b"x", false).is_err());
        assert_eq!(f, sample());
        let l = Layout {
            header: 2,
            available: 0,
            content_size: 0,
        };
        assert!(apply(&mut f, &l, b"x", false).is_err());
        assert_eq!(f, sample());
    }

    #[test]
    fn a_block_read_past_its_header_is_saved_with_that_size() {
        let pic =
            render_picture(3, "image/png", "", 1, 1, 24, 0, &vec![7u8; MAX_BLOCK_SIZE]).unwrap();
        let mut pblock = vec![6u8, 0, 0, 42];
        pblock.extend_from_slice(&pic);
        let original = flac_file(&[
            block(0, false, &stream_info_body()),
            pblock,
            block(1, true, &[]),
        ]);
        let f = read(&original);
        assert_eq!(f.blocks[1].overflow_size, Some(42));
        assert_eq!(f.blocks[0].overflow_size, None);
        let mut saved = original.clone();
        save(&mut saved, false, |_| render_metadata(&f.blocks, 0)).unwrap();
        assert_eq!(saved, original);
        let mut too_long = f.blocks.clone();
        too_long[1].overflow_size = None;
        assert!(render_metadata(&too_long, 0).is_err());
    }

    /// A target whose writes fail from the `fail_at`-th on, as a full disk would.
    struct Full {
        data: Vec<u8>,
        writes: usize,
        fail_at: usize,
    }

    impl Target for Full {
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
    fn a_failure_at_any_write_while_shrinking_leaves_the_file_readable() {
        let original = flac_file(&[
            block(0, false, &stream_info_body()),
            block(4, false, &vorbis_body(&[("TITLE", &"x".repeat(5000))])),
            block(1, true, &[0; 100]),
        ]);
        let blocks: Vec<MetadataBlock> = read(&original)
            .blocks
            .into_iter()
            .filter(|b| b.code != 4)
            .collect();
        let mut done = original.clone();
        save(&mut done, false, |_| render_metadata(&blocks, 7)).unwrap();
        assert_eq!(read(&done).blocks[..1], blocks[..1]);
        assert!(done.ends_with(&audio()));
        for fail_at in 1..10 {
            let mut t = Full {
                data: original.clone(),
                writes: 0,
                fail_at,
            };
            let r = save(&mut t, false, |_| render_metadata(&blocks, 7));
            assert_eq!(r.is_ok(), t.data == done, "fail at {fail_at}");
            let f = read(&t.data);
            assert_eq!(f.blocks[0], blocks[0], "fail at {fail_at}");
        }
    }

    #[test]
    fn the_last_padding_block_is_found_only_where_headers_lead() {
        let pad = block(1, true, &[0; 5]);
        let data = [block(0, false, &stream_info_body()), pad.clone()].concat();
        assert_eq!(last_padding(&[&data]), Some((38, 5)));
        // Headers split across parts are read whole.
        assert_eq!(
            last_padding(&[&data[..1], &data[1..40], &data[40..]]),
            Some((38, 5))
        );
        assert_eq!(last_padding(&[&pad[..8]]), None);
        assert_eq!(last_padding(&[&block(2, true, b"x")]), None);
        assert_eq!(last_padding(&[]), None);
        let mut wrong = data.clone();
        wrong[3] = 0; // a wrong size: the walk misses the end
        assert_eq!(last_padding(&[&wrong]), None);
    }

    #[test]
    fn a_full_disk_while_growing_leaves_the_file_readable() {
        let original = sample();
        let blocks = read(&original).blocks;
        for fail_at in 1..4 {
            let mut t = Full {
                data: original.clone(),
                writes: 0,
                fail_at,
            };
            let r = save(&mut t, false, |_| render_metadata(&blocks, 10_000));
            assert!(r.is_err());
            // The growth failed before anything moved: the file is as it was.
            if fail_at == 1 {
                assert_eq!(t.data, original);
            }
            assert_eq!(read(&t.data).blocks[..2], blocks[..2]);
        }
    }
}
