//! WavPack files (`mutagen.wavpack`): the first block header's stream info and an APEv2 tag.
//!
//! Each block starts with a 32-byte header: `wvpk`, the block size (less 8), the version, the
//! total sample count (all ones when unknown), the index of the block's first sample, the
//! block's sample count and flags (sample rate index, mono, sample size, DSD). Where the first
//! header does not give the total (unknown, or a block index other than 0), mutagen adds up the
//! sample counts of the blocks that follow, each found at the previous one's size.

use crate::apev2::{self, ApeTag};
use crate::error::{limits, Error, ErrorKind, Result};
use crate::source::Source;

/// The sample rates a block header can name, by index (15 names none).
pub const RATES: [u32; 15] = [
    6000, 8000, 9600, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 64000, 88200, 96000,
    192000,
];

/// WavPack stream information, as `mutagen.wavpack.WavPackInfo`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct WavPackInfo {
    /// The stream version of the first block.
    pub version: u16,
    /// 1 or 2 (mutagen gives `True` for a mono stream, not 1).
    pub channels: u32,
    /// The sample rate in Hz.
    pub sample_rate: u32,
    /// The sample size in bits (1 for DSD).
    pub bits_per_sample: u32,
    /// The length in seconds.
    pub length: f64,
}

/// A WavPack file as `mutagen.wavpack.WavPack` loads it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct WavPackFile {
    /// The stream info.
    pub info: WavPackInfo,
    /// The APEv2 tag, `None` when the file has none.
    pub tags: Option<ApeTag>,
}

struct Header {
    block_size: u32,
    version: u16,
    total_samples: u32,
    block_index: u32,
    block_samples: u32,
    flags: u32,
}

fn le32(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn parse_header(h: &[u8]) -> Option<Header> {
    if h.len() < 32 || !h.starts_with(b"wvpk") {
        return None;
    }
    Some(Header {
        block_size: le32(h, 4),
        version: u16::from_le_bytes([h[8], h[9]]),
        total_samples: le32(h, 12),
        block_index: le32(h, 16),
        block_samples: le32(h, 20),
        flags: le32(h, 24),
    })
}

/// How much of the file the block walk reads at once: blocks of real files are a few KiB to a
/// few hundred KiB apart, hostile ones can be 8 bytes apart.
const WINDOW: usize = 64 << 10;

/// The block headers after the first, read through a window of the file.
struct Walk<'a> {
    src: &'a dyn Source,
    start: u64,
    window: std::borrow::Cow<'a, [u8]>,
}

impl Walk<'_> {
    fn header_at(&mut self, at: u64) -> Result<Option<Header>> {
        let inside = at
            .checked_sub(self.start)
            .and_then(|o| usize::try_from(o).ok())
            .and_then(|o| self.window.get(o..o + 32));
        if let Some(h) = inside {
            return Ok(parse_header(h));
        }
        self.start = at;
        self.window = self.src.read_at(at, WINDOW)?;
        Ok(parse_header(&self.window))
    }
}

/// Read the stream info as `WavPackInfo(fileobj)` does.
///
/// # Errors
/// `WavPackHeaderError` without a block header at the start; Python's `IndexError` (mutagen
/// lets it escape) for the sample rate index 15; a limit error past
/// [`limits::MAX_WAVPACK_BLOCKS`] blocks.
pub fn read_info(src: &dyn Source) -> Result<WavPackInfo> {
    let Some(first) = parse_header(&src.read_at(0, 32)?) else {
        return Err(Error::Malformed(
            ErrorKind::WavPackHeader,
            "not a WavPack file",
        ));
    };
    let index = ((first.flags >> 23) & 0xF) as usize;
    let Some(&rate) = RATES.get(index) else {
        return Err(Error::Malformed(
            ErrorKind::BuiltinIndexError,
            "list index out of range",
        ));
    };
    let mut sample_rate = rate;
    let mut bits_per_sample = ((first.flags & 3) + 1) * 8;
    if (first.flags >> 31) & 1 == 1 {
        sample_rate *= 4;
        bits_per_sample = 1;
    }
    let channels = if first.flags & 4 != 0 { 1 } else { 2 };
    let samples: u64 = if first.total_samples == u32::MAX || first.block_index != 0 {
        let mut samples = u64::from(first.block_samples);
        // Each block is found at the previous one's start plus its size plus 8: at least 8
        // bytes further.
        let mut at = u64::from(first.block_size) + 8;
        let mut blocks = 1usize;
        let mut walk = Walk {
            src,
            start: 0,
            window: std::borrow::Cow::Borrowed(&[]),
        };
        while let Some(h) = walk.header_at(at)? {
            blocks += 1;
            if blocks > limits::MAX_WAVPACK_BLOCKS {
                return Err(Error::Limit(
                    ErrorKind::WavPackHeader,
                    limits::MSG_WAVPACK_BLOCKS,
                ));
            }
            samples += u64::from(h.block_samples);
            at += u64::from(h.block_size) + 8;
        }
        samples
    } else {
        u64::from(first.total_samples)
    };
    #[allow(clippy::cast_precision_loss)] // below 2^53: at most 2^20 blocks of 2^32 samples
    let length = samples as f64 / f64::from(sample_rate);
    Ok(WavPackInfo {
        version: first.version,
        channels,
        sample_rate,
        bits_per_sample,
        length,
    })
}

/// Read a WavPack file as `mutagen.wavpack.WavPack(path)` does: the stream info, then the tag.
///
/// # Errors
/// Those of [`read_info`] and [`apev2::read_optional`].
pub fn read(src: &dyn Source) -> Result<WavPackFile> {
    let info = read_info(src)?;
    let tags = apev2::read_optional(src)?;
    Ok(WavPackFile { info, tags })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::source::SliceSource;

    fn block(size: u32, total: u32, index: u32, samples: u32, flags: u32) -> Vec<u8> {
        let mut out = b"wvpk".to_vec();
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&0x407u16.to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        for v in [total, index, samples, flags, 0] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.resize(size as usize + 8, 0);
        out
    }

    #[test]
    fn total_from_first_header() {
        let data = block(24, 44100, 0, 100, 9 << 23);
        let info = read_info(&SliceSource::new(&data)).unwrap();
        assert_eq!(info.sample_rate, 44100);
        assert!((info.length - 1.0).abs() < f64::EPSILON);
        assert_eq!(info.channels, 2);
        assert_eq!(info.bits_per_sample, 8);
    }

    #[test]
    fn unknown_total_sums_blocks() {
        let mut data = block(24, u32::MAX, 0, 22050, (9 << 23) | 4 | 1);
        data.extend(block(24, u32::MAX, 22050, 22050, 9 << 23));
        let info = read_info(&SliceSource::new(&data)).unwrap();
        assert!((info.length - 1.0).abs() < f64::EPSILON);
        assert_eq!(info.channels, 1);
        assert_eq!(info.bits_per_sample, 16);
    }

    /// mutagen indexes its list of 15 rates with 15 and lets `IndexError` escape: the
    /// package raises its `IndexError` that is also a `MutagenError`.
    #[test]
    fn rate_index_15_is_index_error() {
        let data = block(24, 100, 0, 100, 15 << 23);
        let err = read_info(&SliceSource::new(&data)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::BuiltinIndexError);
    }

    #[test]
    fn not_wavpack() {
        let err = read_info(&SliceSource::new(b"wvpkshort")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::WavPackHeader);
    }
}
