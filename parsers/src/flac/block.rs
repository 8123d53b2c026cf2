//! The contents of FLAC metadata blocks, as `mutagen.flac` reads each kind.
//!
//! Blocks whose size field mutagen trusts are parsed here from their bytes; every read inside
//! one must be complete, as mutagen reads them through its strict file object, so a block too
//! short for what it declares fails with [`ErrorKind::Flac`].

use crate::error::{Error, ErrorKind, Result};
use crate::util::bytes::Cursor;
use crate::util::strings::{Key, TagString};
use crate::vorbis::VorbisComment;

/// A block too short for a read of `said` bytes, with `remaining` bytes left.
#[cold]
fn short(said: usize, remaining: usize) -> Error {
    crate::error::short_read(ErrorKind::Flac, said as u64, remaining.min(said) as u64)
}

/// The STREAMINFO block (`mutagen.flac.StreamInfo`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct StreamInfo {
    /// Minimum block size in samples.
    pub min_blocksize: u16,
    /// Maximum block size in samples.
    pub max_blocksize: u16,
    /// Minimum frame size in bytes (0: unknown).
    pub min_framesize: u32,
    /// Maximum frame size in bytes (0: unknown).
    pub max_framesize: u32,
    /// Sample rate in Hz; never 0 (mutagen refuses that).
    pub sample_rate: u32,
    /// Number of channels, 1 to 8.
    pub channels: u8,
    /// Bits per sample, 1 to 32.
    pub bits_per_sample: u8,
    /// Total samples per channel (0: unknown).
    pub total_samples: u64,
    /// The MD5 signature of the decoded audio, big-endian as stored.
    pub md5_signature: [u8; 16],
}

impl StreamInfo {
    /// The length in seconds, `total_samples / sample_rate`, as mutagen computes it.
    #[must_use]
    pub fn length(&self) -> f64 {
        if self.sample_rate == 0 {
            return 0.0;
        }
        self.total_samples as f64 / f64::from(self.sample_rate)
    }

    /// The MD5 signature as the integer mutagen gives.
    #[must_use]
    pub fn md5_int(&self) -> u128 {
        u128::from_be_bytes(self.md5_signature)
    }
}

/// Parse a STREAMINFO block body as `mutagen.flac.StreamInfo(data)` does. Fails with
/// [`ErrorKind::Flac`] when the body is shorter than 34 bytes or the sample rate is 0 (the
/// sample rate is checked before the MD5 signature is read, as mutagen does). Bytes after the
/// first 34 are ignored.
pub fn parse_stream_info(data: &[u8]) -> Result<StreamInfo> {
    let mut c = Cursor::new(data);
    let min_blocksize = c.u16_be().ok_or_else(|| short(2, c.remaining()))?;
    let max_blocksize = c.u16_be().ok_or_else(|| short(2, c.remaining()))?;
    let min_framesize = c.u24_be().ok_or_else(|| short(3, c.remaining()))?;
    let max_framesize = c.u24_be().ok_or_else(|| short(3, c.remaining()))?;
    let rate_head = c.u16_be().ok_or_else(|| short(2, c.remaining()))?;
    let mixed = c.u8().ok_or_else(|| short(1, c.remaining()))?;
    let tail = c.array::<5>().ok_or_else(|| short(5, c.remaining()))?;
    let bps_total = tail.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
    let sample_rate = (u32::from(rate_head) << 4) | u32::from(mixed >> 4);
    if sample_rate == 0 {
        return Err(Error::Malformed(
            ErrorKind::Flac,
            "A sample rate value of 0 is invalid",
        ));
    }
    let channels = ((mixed >> 1) & 7) + 1;
    let bits_per_sample = (((mixed & 1) << 4) | (bps_total >> 36) as u8) + 1;
    let total_samples = bps_total & 0xF_FFFF_FFFF;
    let md5_signature = c.array::<16>().ok_or_else(|| short(16, c.remaining()))?;
    Ok(StreamInfo {
        min_blocksize,
        max_blocksize,
        min_framesize,
        max_framesize,
        sample_rate,
        channels,
        bits_per_sample,
        total_samples,
        md5_signature,
    })
}

/// One point of a SEEKTABLE block (`mutagen.flac.SeekPoint`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct SeekPoint {
    /// The number of the first sample of the target frame (all ones for a placeholder).
    pub first_sample: u64,
    /// The offset of the target frame from the first frame, in bytes.
    pub byte_offset: u64,
    /// The number of samples in the target frame.
    pub num_samples: u16,
}

/// Parse a SEEKTABLE block body: as many whole 18-byte points as it holds; a partial point at
/// the end is ignored, as mutagen ignores it.
#[must_use]
pub fn parse_seek_table(data: &[u8]) -> Vec<SeekPoint> {
    data.chunks_exact(18)
        .filter_map(|p| {
            let mut c = Cursor::new(p);
            Some(SeekPoint {
                first_sample: c.u64_be()?,
                byte_offset: c.u64_be()?,
                num_samples: c.u16_be()?,
            })
        })
        .collect()
}

/// One index point of a cue sheet track (`mutagen.flac.CueSheetTrackIndex`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct CueSheetTrackIndex {
    /// The index point number.
    pub index_number: u8,
    /// The offset in samples from the start of the track.
    pub index_offset: u64,
}

/// One track of a cue sheet (`mutagen.flac.CueSheetTrack`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct CueSheetTrack {
    /// The track number (170 for the CD-DA lead-out).
    pub track_number: u8,
    /// The offset of the track in samples from the start of the stream.
    pub start_offset: u64,
    /// The ISRC, raw bytes with trailing NULs removed.
    pub isrc: Vec<u8>,
    /// 0 for audio, 1 for data.
    pub track_type: u8,
    /// Whether the track has pre-emphasis.
    pub pre_emphasis: bool,
    /// The index points.
    pub indexes: Vec<CueSheetTrackIndex>,
}

/// A CUESHEET block (`mutagen.flac.CueSheet`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct CueSheet {
    /// The media catalog number, raw bytes with trailing NULs removed.
    pub media_catalog_number: Vec<u8>,
    /// The number of lead-in samples.
    pub lead_in_samples: u64,
    /// Whether the cue sheet is for a compact disc.
    pub compact_disc: bool,
    /// The tracks.
    pub tracks: Vec<CueSheetTrack>,
}

/// Remove trailing NUL bytes, as `bytes.rstrip(b"\0")` does.
fn rstrip_nul(b: &[u8]) -> Vec<u8> {
    let end = b.iter().rposition(|&x| x != 0).map_or(0, |p| p + 1);
    b.get(..end).unwrap_or(&[]).to_vec()
}

/// Parse a CUESHEET block body as mutagen does: a 396-byte header, then the tracks it counts
/// (36 bytes each), each followed by the index points it counts (12 bytes each). Every part
/// must be there; a short body fails with [`ErrorKind::Flac`].
pub fn parse_cue_sheet(data: &[u8]) -> Result<CueSheet> {
    let mut c = Cursor::new(data);
    // mutagen reads the header, each track and each index point whole.
    let at = c.remaining();
    let mcn = c.take(128).ok_or_else(|| short(396, at))?;
    let lead_in_samples = c.u64_be().ok_or_else(|| short(396, at))?;
    let flags = c.u8().ok_or_else(|| short(396, at))?;
    c.skip(258).ok_or_else(|| short(396, at))?;
    let num_tracks = c.u8().ok_or_else(|| short(396, at))?;
    let mut tracks = Vec::new();
    for _ in 0..num_tracks {
        let at = c.remaining();
        let start_offset = c.u64_be().ok_or_else(|| short(36, at))?;
        let track_number = c.u8().ok_or_else(|| short(36, at))?;
        let isrc = c.take(12).ok_or_else(|| short(36, at))?;
        let tflags = c.u8().ok_or_else(|| short(36, at))?;
        c.skip(13).ok_or_else(|| short(36, at))?;
        let num_indexes = c.u8().ok_or_else(|| short(36, at))?;
        let mut indexes = Vec::new();
        for _ in 0..num_indexes {
            let at = c.remaining();
            let index_offset = c.u64_be().ok_or_else(|| short(12, at))?;
            let index_number = c.u8().ok_or_else(|| short(12, at))?;
            c.skip(3).ok_or_else(|| short(12, at))?;
            indexes.push(CueSheetTrackIndex {
                index_number,
                index_offset,
            });
        }
        tracks.push(CueSheetTrack {
            track_number,
            start_offset,
            isrc: rstrip_nul(isrc),
            track_type: (tflags & 0x80) >> 7,
            pre_emphasis: tflags & 0x40 != 0,
            indexes,
        });
    }
    Ok(CueSheet {
        media_catalog_number: rstrip_nul(mcn),
        lead_in_samples,
        compact_disc: flags & 0x80 != 0,
        tracks,
    })
}

/// A PICTURE block (`mutagen.flac.Picture`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Picture {
    /// The picture type (as ID3's APIC types).
    pub picture_type: u32,
    /// The MIME type, decoded as UTF-8 with replacement.
    pub mime: Key,
    /// The description, decoded as UTF-8 with replacement.
    pub desc: TagString,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Colour depth in bits per pixel.
    pub depth: u32,
    /// Number of colours of an indexed picture, else 0.
    pub colors: u32,
    /// The picture data. Its buffer goes back to the thread's read buffers when the picture
    /// is dropped, so that the next file's picture is read into memory already in use.
    pub data: crate::util::shared::Payload,
}

/// What a metadata block holds.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum BlockData {
    /// STREAMINFO (type 0).
    StreamInfo(StreamInfo),
    /// PADDING (type 1): its length in bytes.
    Padding(u32),
    /// SEEKTABLE (type 3).
    SeekTable(Vec<SeekPoint>),
    /// VORBIS_COMMENT (type 4).
    VorbisComment(VorbisComment),
    /// CUESHEET (type 5).
    CueSheet(CueSheet),
    /// PICTURE (type 6).
    Picture(Picture),
    /// Any other type (APPLICATION, reserved types): the raw body.
    Other(Vec<u8>),
}

/// One metadata block, in file order.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct MetadataBlock {
    /// The block type code (the header byte without its last-block bit).
    pub code: u8,
    /// The block's contents.
    pub data: BlockData,
    /// For a Vorbis comment or picture block whose contents ran past [`super::MAX_BLOCK_SIZE`]
    /// bytes when read (the header's size is not trusted for these): the size its header gave.
    /// A save writes that size back rather than refuse the block, as mutagen does with its
    /// `_invalid_overflow_size`.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub overflow_size: Option<u32>,
}

impl MetadataBlock {
    /// A block of type `code` holding `data`.
    #[must_use]
    pub fn new(code: u8, data: BlockData) -> Self {
        MetadataBlock {
            code,
            data,
            overflow_size: None,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    pub(crate) fn stream_info_bytes(rate: u32, channels: u8, bps: u8, total: u64) -> Vec<u8> {
        let mut d = vec![0x10, 0x00, 0x10, 0x00, 0, 0, 14, 0, 0x30, 0];
        d.extend_from_slice(&((rate >> 4) as u16).to_be_bytes());
        let bps1 = bps - 1;
        d.push((((rate & 0xF) as u8) << 4) | ((channels - 1) << 1) | (bps1 >> 4));
        let tail = (u64::from(bps1 & 0xF) << 36) | total;
        d.extend_from_slice(&tail.to_be_bytes()[3..]);
        d.extend_from_slice(&[0xAB; 16]);
        d
    }

    #[test]
    fn stream_info_fields() {
        let d = stream_info_bytes(44100, 2, 16, 88200);
        let si = parse_stream_info(&d).unwrap();
        assert_eq!(si.sample_rate, 44100);
        assert_eq!(si.channels, 2);
        assert_eq!(si.bits_per_sample, 16);
        assert_eq!(si.total_samples, 88200);
        assert_eq!(si.min_blocksize, 4096);
        assert_eq!(si.min_framesize, 14);
        assert_eq!(si.max_framesize, 0x3000);
        assert_eq!(si.length(), 2.0);
        assert_eq!(si.md5_int(), u128::from_be_bytes([0xAB; 16]));
        let si = parse_stream_info(&stream_info_bytes(655_350, 8, 32, 0xF_FFFF_FFFF)).unwrap();
        assert_eq!(
            (si.sample_rate, si.channels, si.bits_per_sample),
            (655_350, 8, 32)
        );
        assert_eq!(si.total_samples, 0xF_FFFF_FFFF);
    }

    #[test]
    fn stream_info_errors() {
        let d = stream_info_bytes(44100, 2, 16, 1);
        assert_eq!(
            parse_stream_info(&d[..33]).unwrap_err().kind(),
            ErrorKind::Flac
        );
        let zero = stream_info_bytes(0, 1, 8, 1);
        // A zero rate fails even when the MD5 is missing.
        assert!(parse_stream_info(&zero[..18]).is_err());
        assert!(parse_stream_info(&[]).is_err());
    }

    #[test]
    fn seek_table_ignores_partial_point() {
        let mut d = Vec::new();
        d.extend_from_slice(&5u64.to_be_bytes());
        d.extend_from_slice(&7u64.to_be_bytes());
        d.extend_from_slice(&9u16.to_be_bytes());
        d.extend_from_slice(&[1, 2, 3]);
        let pts = parse_seek_table(&d);
        assert_eq!(
            pts,
            [SeekPoint {
                first_sample: 5,
                byte_offset: 7,
                num_samples: 9
            }]
        );
    }

    #[test]
    fn cue_sheet_tracks_and_indexes() {
        let mut d = b"1234567890123".to_vec();
        d.resize(128, 0);
        d.extend_from_slice(&88200u64.to_be_bytes());
        d.push(0x80);
        d.extend_from_slice(&[0; 258]);
        d.push(1);
        d.extend_from_slice(&0u64.to_be_bytes());
        d.push(1);
        d.extend_from_slice(b"ISRC\0\0\0\0\0\0\0\0");
        d.push(0xC0);
        d.extend_from_slice(&[0; 13]);
        d.push(2);
        for (n, off) in [(0u8, 0u64), (1, 588)] {
            d.extend_from_slice(&off.to_be_bytes());
            d.push(n);
            d.extend_from_slice(&[0; 3]);
        }
        let cs = parse_cue_sheet(&d).unwrap();
        assert_eq!(cs.media_catalog_number, b"1234567890123");
        assert!(cs.compact_disc);
        assert_eq!(cs.lead_in_samples, 88200);
        let t = &cs.tracks[0];
        assert_eq!((t.track_number, t.track_type, t.pre_emphasis), (1, 1, true));
        assert_eq!(t.isrc, b"ISRC");
        assert_eq!(
            t.indexes[1],
            CueSheetTrackIndex {
                index_number: 1,
                index_offset: 588
            }
        );
        // One byte short of the last index.
        assert_eq!(
            parse_cue_sheet(&d[..d.len() - 1]).unwrap_err().kind(),
            ErrorKind::Flac
        );
    }
}
