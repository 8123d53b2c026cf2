//! TAK files (`mutagen.tak`): `tBaK`, metadata blocks, and an APEv2 tag.
//!
//! Each metadata block has a 4-byte header (7-bit type, a spare bit, 24-bit little-endian size)
//! and a body; mutagen reads the STREAM_INFO and ENCODER_INFO bodies as bit fields taken from
//! the least significant bit of each byte up, and stops at the END block.

use crate::apev2::{self, ApeTag};
use crate::error::{limits, Error, ErrorKind, Result};
use crate::source::Source;

const END: u8 = 0;
const STREAM_INFO: u8 = 1;
const ENCODER_INFO: u8 = 4;
/// The sizes of a STREAM_INFO body mutagen accepts (its 87 to 189 bits, in bytes).
const STREAM_INFO_SIZES: std::ops::RangeInclusive<u32> = 11..=23;

/// TAK stream information, as `mutagen.tak.TAKInfo`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct TakInfo {
    /// The number of channels.
    pub channels: u32,
    /// The sample rate in Hz.
    pub sample_rate: u32,
    /// The sample size in bits.
    pub bits_per_sample: u32,
    /// The number of samples (mutagen's `number_of_samples`).
    pub number_of_samples: u64,
    /// The length in seconds.
    pub length: f64,
    /// The encoder version (`"TAK 2.3.0"`), empty without an ENCODER_INFO block.
    pub encoder_info: String,
}

/// A TAK file as `mutagen.tak.TAK` loads it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct TakFile {
    /// The stream info.
    pub info: TakInfo,
    /// The APEv2 tag, `None` when the file has none.
    pub tags: Option<ApeTag>,
}

/// Bits taken from the least significant bit of each byte up.
struct LsbBits<'a> {
    data: &'a [u8],
    bit: usize,
}

impl LsbBits<'_> {
    fn take(&mut self, count: usize) -> u64 {
        let mut value = 0u64;
        for i in 0..count {
            let at = self.bit + i;
            let byte = self.data.get(at / 8).copied().unwrap_or(0);
            value |= u64::from((byte >> (at % 8)) & 1) << i;
        }
        self.bit += count;
        value
    }
}

fn short() -> Error {
    Error::Malformed(ErrorKind::TakHeader, "not enough data")
}

/// Read the stream info as `TAKInfo(fileobj)` does.
///
/// # Errors
/// `TAKHeaderError` without `tBaK`, for a block cut short, a STREAM_INFO block of a size
/// mutagen refuses, or no STREAM_INFO block before the END block; a limit error past
/// [`limits::MAX_TAK_BLOCKS`] blocks.
pub fn read_info(src: &dyn Source) -> Result<TakInfo> {
    if src.read_at(0, 4)?.as_ref() != b"tBaK" {
        return Err(Error::Malformed(ErrorKind::TakHeader, "not a TAK file"));
    }
    let mut info = TakInfo {
        channels: 0,
        sample_rate: 0,
        bits_per_sample: 0,
        number_of_samples: 0,
        length: 0.0,
        encoder_info: String::new(),
    };
    let mut found_stream_info = false;
    let mut at = 4u64;
    let mut blocks = 0usize;
    loop {
        blocks += 1;
        if blocks > limits::MAX_TAK_BLOCKS {
            return Err(Error::Limit(ErrorKind::TakHeader, limits::MSG_TAK_BLOCKS));
        }
        let head = src.read_at(at, 4)?;
        if head.len() != 4 {
            return Err(short());
        }
        let kind = head[0] & 0x7F;
        let size = u32::from_le_bytes([head[1], head[2], head[3], 0]);
        let body = at + 4;
        match kind {
            END => break,
            STREAM_INFO => {
                if !STREAM_INFO_SIZES.contains(&size) {
                    return Err(Error::Malformed(
                        ErrorKind::TakHeader,
                        "stream info has invalid length",
                    ));
                }
                let data = src.read_at(body, 10)?;
                if data.len() != 10 {
                    return Err(short());
                }
                let mut bits = LsbBits {
                    data: &data,
                    bit: 14,
                };
                info.number_of_samples = bits.take(35);
                bits.take(3);
                // At most 18, 5 and 4 bits: the conversions cannot fail.
                info.sample_rate = u32::try_from(bits.take(18)).unwrap_or(0) + 6000;
                info.bits_per_sample = u32::try_from(bits.take(5)).unwrap_or(0) + 8;
                info.channels = u32::try_from(bits.take(4)).unwrap_or(0) + 1;
                found_stream_info = true;
            }
            ENCODER_INFO => {
                let data = src.read_at(body, 3)?;
                if data.len() != 3 {
                    return Err(short());
                }
                info.encoder_info = format!("TAK {}.{}.{}", data[2], data[1], data[0]);
            }
            _ => {}
        }
        // At least the 4 bytes of the block header further.
        at = body + u64::from(size);
    }
    if !found_stream_info {
        return Err(Error::Malformed(
            ErrorKind::TakHeader,
            "missing stream info",
        ));
    }
    #[allow(clippy::cast_precision_loss)] // 35 bits: exact as a double
    let samples = info.number_of_samples as f64;
    info.length = samples / f64::from(info.sample_rate);
    Ok(info)
}

/// Read a TAK file as `mutagen.tak.TAK(path)` does.
///
/// # Errors
/// Those of [`read_info`] and [`apev2::read_optional`].
pub fn read(src: &dyn Source) -> Result<TakFile> {
    let info = read_info(src)?;
    let tags = apev2::read_optional(src)?;
    Ok(TakFile { info, tags })
}
