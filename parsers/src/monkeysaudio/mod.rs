//! Monkey's Audio files (`mutagen.monkeysaudio`): the `MAC ` header and an APEv2 tag.
//!
//! The first 76 bytes hold the stream description; where its fields are depends on the version
//! (3.98 and later: a descriptor then a header; before: the old header, whose frame size
//! follows from the version and compression level).

use crate::apev2::{self, ApeTag};
use crate::error::{Error, ErrorKind, Result};
use crate::source::Source;

/// Monkey's Audio stream information, as `mutagen.monkeysaudio.MonkeysAudioInfo`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct MonkeysAudioInfo {
    /// The format version divided by 1000 (3.99, ...).
    pub version: f64,
    /// The number of channels.
    pub channels: u16,
    /// The sample rate in Hz.
    pub sample_rate: u32,
    /// The sample size in bits (0 where an old header does not say).
    pub bits_per_sample: u16,
    /// The length in seconds.
    pub length: f64,
}

/// A Monkey's Audio file as `mutagen.monkeysaudio.MonkeysAudio` loads it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct MonkeysAudioFile {
    /// The stream info.
    pub info: MonkeysAudioInfo,
    /// The APEv2 tag, `None` when the file has none.
    pub tags: Option<ApeTag>,
}

fn le16(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2)
        .map_or(0, |s| u16::from_le_bytes([s[0], s[1]]))
}

fn le32(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// Read the stream info as `MonkeysAudioInfo(fileobj)` does.
///
/// # Errors
/// `MonkeysAudioHeaderError` without a whole header.
pub fn read_info(src: &dyn Source) -> Result<MonkeysAudioInfo> {
    let h = src.read_at(0, 76)?;
    if h.len() != 76 || !h.starts_with(b"MAC ") {
        return Err(Error::Malformed(
            ErrorKind::MonkeysAudioHeader,
            "not a Monkey's Audio file",
        ));
    }
    let version = le16(&h, 4);
    let (blocks_per_frame, final_frame_blocks, total_frames, bits, channels, sample_rate);
    if version >= 3980 {
        blocks_per_frame = le32(&h, 56);
        final_frame_blocks = le32(&h, 60);
        total_frames = le32(&h, 64);
        bits = le16(&h, 68);
        channels = le16(&h, 70);
        sample_rate = le32(&h, 72);
    } else {
        let compression_level = le16(&h, 6);
        channels = le16(&h, 10);
        sample_rate = le32(&h, 12);
        total_frames = le32(&h, 24);
        final_frame_blocks = le32(&h, 28);
        blocks_per_frame = if version >= 3950 {
            73728 * 4
        } else if version >= 3900 || (version >= 3800 && compression_level == 4) {
            73728
        } else {
            9216
        };
        bits = if h.get(48..).is_some_and(|t| t.starts_with(b"WAVEfmt")) {
            le16(&h, 74)
        } else {
            0
        };
    }
    let mut length = 0.0;
    if sample_rate != 0 && total_frames > 0 {
        let blocks = u128::from(total_frames - 1) * u128::from(blocks_per_frame)
            + u128::from(final_frame_blocks);
        // Rounded to the nearest double, ties to even, as Python's `float(int)`.
        #[allow(clippy::cast_precision_loss)]
        let blocks = blocks as f64;
        length = blocks / f64::from(sample_rate);
    }
    Ok(MonkeysAudioInfo {
        version: f64::from(version) / 1000.0,
        channels,
        sample_rate,
        bits_per_sample: bits,
        length,
    })
}

/// Read a Monkey's Audio file as `mutagen.monkeysaudio.MonkeysAudio(path)` does.
///
/// # Errors
/// Those of [`read_info`] and [`apev2::read_optional`].
pub fn read(src: &dyn Source) -> Result<MonkeysAudioFile> {
    let info = read_info(src)?;
    let tags = apev2::read_optional(src)?;
    Ok(MonkeysAudioFile { info, tags })
}
