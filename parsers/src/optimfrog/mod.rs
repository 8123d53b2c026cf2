//! OptimFROG files (`mutagen.optimfrog`): the `OFR ` header and an APEv2 tag.

use crate::apev2::{self, ApeTag};
use crate::error::{Error, ErrorKind, Result};
use crate::source::Source;

/// OptimFROG stream information, as `mutagen.optimfrog.OptimFROGInfo`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct OptimFrogInfo {
    /// The number of channels.
    pub channels: u16,
    /// The sample rate in Hz.
    pub sample_rate: u32,
    /// The sample size in bits, `None` for a sample type mutagen does not know.
    pub bits_per_sample: Option<u32>,
    /// The length in seconds.
    pub length: f64,
    /// The encoder version (`"5.100"`), empty where the header does not give it.
    pub encoder_info: String,
}

/// An OptimFROG file as `mutagen.optimfrog.OptimFROG` loads it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct OptimFrogFile {
    /// The stream info.
    pub info: OptimFrogInfo,
    /// The APEv2 tag, `None` when the file has none.
    pub tags: Option<ApeTag>,
}

fn le32(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn le16(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2)
        .map_or(0, |s| u16::from_le_bytes([s[0], s[1]]))
}

/// Read the stream info as `OptimFROGInfo(fileobj)` does.
///
/// # Errors
/// `OptimFROGHeaderError` without a whole header, or with a header size other than 12 and
/// under 15.
pub fn read_info(src: &dyn Source) -> Result<OptimFrogInfo> {
    let h = src.read_at(0, 76)?;
    let refuse = || Error::Malformed(ErrorKind::OptimFrogHeader, "not an OptimFROG file");
    if h.len() != 76 || !h.starts_with(b"OFR ") {
        return Err(refuse());
    }
    let data_size = le32(&h, 4);
    if data_size != 12 && data_size < 15 {
        return Err(refuse());
    }
    let total = u64::from(le32(&h, 8)) + (u64::from(le16(&h, 12)) << 32);
    let sample_type = h.get(14).copied().unwrap_or(0);
    let channels = u16::from(h.get(15).copied().unwrap_or(0)) + 1;
    let sample_rate = le32(&h, 16);
    let bits_per_sample = match sample_type {
        0 | 1 => Some(8),
        2 | 3 => Some(16),
        4 | 5 => Some(24),
        6 | 7 => Some(32),
        _ => None,
    };
    let length = if sample_rate == 0 {
        0.0
    } else {
        // Both below 2^53: exact as doubles.
        #[allow(clippy::cast_precision_loss)]
        let (total, per_second) = (
            total as f64,
            (u64::from(channels) * u64::from(sample_rate)) as f64,
        );
        total / per_second
    };
    let encoder_info = if data_size >= 15 {
        let version = (u32::from(le16(&h, 20)) >> 4) + 4500;
        let digits = version.to_string();
        let (first, rest) = digits.split_at(1);
        format!("{first}.{rest}")
    } else {
        String::new()
    };
    Ok(OptimFrogInfo {
        channels,
        sample_rate,
        bits_per_sample,
        length,
        encoder_info,
    })
}

/// Read an OptimFROG file as `mutagen.optimfrog.OptimFROG(path)` does.
///
/// # Errors
/// Those of [`read_info`] and [`apev2::read_optional`].
pub fn read(src: &dyn Source) -> Result<OptimFrogFile> {
    let info = read_info(src)?;
    let tags = apev2::read_optional(src)?;
    Ok(OptimFrogFile { info, tags })
}
