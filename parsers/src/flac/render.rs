//! The bytes of FLAC metadata blocks, as `mutagen.flac` writes each kind: the inverse of the
//! readers in `block.rs`, for block objects built or changed in memory.
//!
//! Field values wider than their place in the block are cut to it (the low bits are kept),
//! as mutagen packs them.

use super::block::{CueSheetTrack, CueSheetTrackIndex};
use crate::error::{Error, ErrorKind, Result};

/// The largest body a metadata block header can announce (24 bits).
pub const MAX_BLOCK_SIZE: usize = (1 << 24) - 1;

/// The message of the error for a block body too long for its header.
pub const MSG_TOO_LONG: &str = "block is too long to write";

/// The body of a STREAMINFO block (34 bytes). `channels` and `bits_per_sample` are the real
/// counts (stored minus one); `md5_signature` is the signature as an integer.
#[must_use]
#[allow(clippy::too_many_arguments)]
pub fn render_stream_info(
    min_blocksize: u32,
    max_blocksize: u32,
    min_framesize: u32,
    max_framesize: u32,
    sample_rate: u32,
    channels: u32,
    bits_per_sample: u32,
    total_samples: u64,
    md5_signature: u128,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(34);
    out.extend_from_slice(&min_blocksize.to_be_bytes()[2..]);
    out.extend_from_slice(&max_blocksize.to_be_bytes()[2..]);
    out.extend_from_slice(&min_framesize.to_be_bytes()[1..]);
    out.extend_from_slice(&max_framesize.to_be_bytes()[1..]);
    out.extend_from_slice(&(sample_rate >> 4).to_be_bytes()[2..]);
    let bps = bits_per_sample.wrapping_sub(1);
    let byte =
        ((sample_rate & 0xF) << 4) | ((channels.wrapping_sub(1) & 7) << 1) | ((bps >> 4) & 1);
    out.push(byte as u8);
    let byte = ((bps & 0xF) << 4) as u64 | ((total_samples >> 32) & 0xF);
    out.push(byte as u8);
    out.extend_from_slice(&(total_samples as u32).to_be_bytes());
    out.extend_from_slice(&md5_signature.to_be_bytes());
    out
}

/// The body of a SEEKTABLE block: 18 bytes a point `(first_sample, byte_offset, num_samples)`.
#[must_use]
pub fn render_seek_table(points: &[(u64, u64, u16)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(points.len() * 18);
    for &(first, offset, samples) in points {
        out.extend_from_slice(&first.to_be_bytes());
        out.extend_from_slice(&offset.to_be_bytes());
        out.extend_from_slice(&samples.to_be_bytes());
    }
    out
}

/// `bytes` cut or padded with NULs to `len`.
fn fixed(out: &mut Vec<u8>, bytes: &[u8], len: usize) {
    let take = bytes.len().min(len);
    out.extend_from_slice(bytes.get(..take).unwrap_or(&[]));
    out.resize(out.len() + (len - take), 0);
}

/// The body of a CUESHEET block: the media catalog number (cut or padded to 128 bytes), the
/// lead-in, the compact-disc flag and the tracks (at most 255 are counted) with their index
/// points.
#[must_use]
pub fn render_cue_sheet(
    media_catalog_number: &[u8],
    lead_in_samples: u64,
    compact_disc: bool,
    tracks: &[CueSheetTrack],
) -> Vec<u8> {
    let mut out = Vec::with_capacity(396 + tracks.len() * 36);
    fixed(&mut out, media_catalog_number, 128);
    out.extend_from_slice(&lead_in_samples.to_be_bytes());
    out.push(if compact_disc { 0x80 } else { 0 });
    out.resize(out.len() + 258, 0);
    out.push(tracks.len() as u8);
    for track in tracks {
        out.extend_from_slice(&track.start_offset.to_be_bytes());
        out.push(track.track_number);
        fixed(&mut out, &track.isrc, 12);
        let mut flags = (track.track_type & 1) << 7;
        if track.pre_emphasis {
            flags |= 0x40;
        }
        out.push(flags);
        out.resize(out.len() + 13, 0);
        out.push(track.indexes.len() as u8);
        for index in &track.indexes {
            out.extend_from_slice(&index.index_offset.to_be_bytes());
            out.push(index.index_number);
            out.extend_from_slice(&[0; 3]);
        }
    }
    out
}

impl CueSheetTrack {
    /// A track with its fields; `isrc` as raw bytes.
    #[must_use]
    pub fn new(
        track_number: u8,
        start_offset: u64,
        isrc: Vec<u8>,
        track_type: u8,
        pre_emphasis: bool,
        indexes: Vec<CueSheetTrackIndex>,
    ) -> Self {
        CueSheetTrack {
            track_number,
            start_offset,
            isrc,
            track_type,
            pre_emphasis,
            indexes,
        }
    }
}

impl CueSheetTrackIndex {
    /// An index point.
    #[must_use]
    pub fn new(index_number: u8, index_offset: u64) -> Self {
        CueSheetTrackIndex {
            index_number,
            index_offset,
        }
    }
}

/// The body of a PICTURE block. Fails when a length does not fit its 32-bit field.
#[allow(clippy::too_many_arguments)]
pub fn render_picture(
    picture_type: u32,
    mime: &str,
    desc: &str,
    width: u32,
    height: u32,
    depth: u32,
    colors: u32,
    data: &[u8],
) -> Result<Vec<u8>> {
    let mut out = picture_head(
        picture_type,
        mime,
        desc,
        [width, height, depth, colors],
        data.len(),
    )?;
    out.reserve_exact(data.len());
    out.extend_from_slice(data);
    Ok(out)
}

/// The body of a PICTURE block up to its data, which is `data_len` bytes long and follows
/// it: the type, the MIME type and description with their lengths, then the width, height,
/// depth, colors and data length (`dims` holds the first four). Fails when a length does not
/// fit its 32-bit field.
pub fn picture_head(
    picture_type: u32,
    mime: &str,
    desc: &str,
    dims: [u32; 4],
    data_len: usize,
) -> Result<Vec<u8>> {
    let len32 = |n: usize| {
        u32::try_from(n).map_err(|_| Error::Limit(ErrorKind::Flac, "picture field too long"))
    };
    let mut out = Vec::with_capacity(32 + mime.len() + desc.len());
    out.extend_from_slice(&picture_type.to_be_bytes());
    out.extend_from_slice(&len32(mime.len())?.to_be_bytes());
    out.extend_from_slice(mime.as_bytes());
    out.extend_from_slice(&len32(desc.len())?.to_be_bytes());
    out.extend_from_slice(desc.as_bytes());
    for v in dims.into_iter().chain([len32(data_len)?]) {
        out.extend_from_slice(&v.to_be_bytes());
    }
    Ok(out)
}

/// A whole metadata block: the header (type `code`, with the last-block bit when `last`, and
/// the body's size) and the body.
///
/// A body over [`MAX_BLOCK_SIZE`] fails with [`MSG_TOO_LONG`], unless `fallback_size` is
/// given: then that size (the wrong one the block was read with) is written instead, as
/// mutagen does for a block it read past its announced size.
pub fn render_block(
    code: u8,
    body: &[u8],
    last: bool,
    fallback_size: Option<u32>,
) -> Result<Vec<u8>> {
    let header = block_header(code, body.len(), last, fallback_size)?;
    let mut out = Vec::with_capacity(4 + body.len());
    out.extend_from_slice(&header);
    out.extend_from_slice(body);
    Ok(out)
}

/// The four header bytes of a block whose body is `body_len` bytes long, as [`render_block`]
/// writes them (with its errors): for callers that put the body in place themselves.
pub fn block_header(
    code: u8,
    body_len: usize,
    last: bool,
    fallback_size: Option<u32>,
) -> Result<[u8; 4]> {
    let size = if body_len > MAX_BLOCK_SIZE {
        match fallback_size {
            Some(size) if (size as usize) <= MAX_BLOCK_SIZE => size,
            _ => return Err(Error::Malformed(ErrorKind::Flac, MSG_TOO_LONG)),
        }
    } else {
        body_len as u32
    };
    let [_, a, b, c] = size.to_be_bytes();
    Ok([if last { code | 0x80 } else { code }, a, b, c])
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::block::{parse_cue_sheet, parse_seek_table, parse_stream_info};
    use super::*;

    #[test]
    fn stream_info_round_trip() {
        let body = render_stream_info(4608, 4608, 14, 12000, 44100, 2, 16, 151_200, 0xAB);
        assert_eq!(body.len(), 34);
        let si = parse_stream_info(&body).unwrap();
        assert_eq!(
            (
                si.min_blocksize,
                si.max_framesize,
                si.sample_rate,
                si.channels,
                si.bits_per_sample
            ),
            (4608, 12000, 44100, 2, 16)
        );
        assert_eq!((si.total_samples, si.md5_int()), (151_200, 0xAB));
    }

    #[test]
    fn seek_table_and_cue_sheet_round_trip() {
        let points = [(0, 0, 4608), (u64::MAX, 7, 1)];
        let parsed = parse_seek_table(&render_seek_table(&points));
        assert_eq!(parsed[1].first_sample, u64::MAX);
        assert_eq!(parsed.len(), 2);
        let track = CueSheetTrack::new(
            1,
            0,
            b"ISRC1".to_vec(),
            1,
            true,
            vec![CueSheetTrackIndex::new(1, 588)],
        );
        let body = render_cue_sheet(b"123", 88200, true, std::slice::from_ref(&track));
        let cs = parse_cue_sheet(&body).unwrap();
        assert_eq!(cs.media_catalog_number, b"123");
        assert!(cs.compact_disc);
        assert_eq!(cs.tracks, vec![track]);
    }

    #[test]
    fn block_headers() {
        assert_eq!(
            render_block(4, b"ab", true, None).unwrap(),
            b"\x84\x00\x00\x02ab"
        );
        let big = vec![0u8; MAX_BLOCK_SIZE];
        assert_eq!(
            &render_block(255, &big, false, None).unwrap()[..4],
            b"\xff\xff\xff\xff"
        );
        let bigger = vec![0u8; MAX_BLOCK_SIZE + 1];
        assert!(render_block(6, &bigger, false, None).is_err());
        assert_eq!(
            &render_block(6, &bigger, false, Some(10)).unwrap()[..4],
            b"\x06\x00\x00\x0a"
        );
        let pic = render_picture(3, "image/png", "d", 1, 2, 24, 0, b"xyz").unwrap();
        assert_eq!(pic.len(), 32 + 9 + 1 + 3);
    }
}
