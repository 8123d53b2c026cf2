//! True Audio files (`mutagen.trueaudio`): an ID3 tag, then the `TTA` header after it.

use crate::error::{Error, ErrorKind, Result};
use crate::id3::Id3Tag;
use crate::source::Source;

/// True Audio stream information, as `mutagen.trueaudio.TrueAudioInfo`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct TrueAudioInfo {
    /// The sample rate in Hz.
    pub sample_rate: u32,
    /// The length in seconds.
    pub length: f64,
}

/// A True Audio file as `mutagen.trueaudio.TrueAudio` loads it.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct TrueAudioFile {
    /// The ID3 tag, `None` when the file has none.
    pub tags: Option<Id3Tag>,
    /// The stream info.
    pub info: TrueAudioInfo,
}

/// Read the stream info at `offset` (the end of the ID3 tag), as `TrueAudioInfo` does.
///
/// # Errors
/// `TrueAudioHeaderError` without a whole `TTA` header there.
pub fn read_info(src: &dyn Source, offset: u64) -> Result<TrueAudioInfo> {
    let h = src.read_at(offset, 18)?;
    if h.len() != 18 || !h.starts_with(b"TTA") {
        return Err(Error::Malformed(
            ErrorKind::TrueAudioHeader,
            "TTA header not found",
        ));
    }
    let sample_rate = u32::from_le_bytes([h[10], h[11], h[12], h[13]]);
    let samples = u32::from_le_bytes([h[14], h[15], h[16], h[17]]);
    let length = if sample_rate == 0 {
        0.0
    } else {
        f64::from(samples) / f64::from(sample_rate)
    };
    Ok(TrueAudioInfo {
        sample_rate,
        length,
    })
}

/// Read a True Audio file as `mutagen.trueaudio.TrueAudio(path)` does: the ID3 tag, then the
/// stream info after it.
///
/// # Errors
/// Those of the ID3 reader (but a missing tag) and of [`read_info`].
pub fn read(src: &dyn Source) -> Result<TrueAudioFile> {
    let tags = crate::mp3::read_tags(src)?;
    let offset = tags.as_ref().and_then(|t| t.size).unwrap_or(0);
    let info = read_info(src, offset)?;
    Ok(TrueAudioFile { tags, info })
}
