//! MP3 files: an ID3 tag plus MPEG stream info (`mutagen.mp3.MP3`).

use crate::error::Result;
use crate::source::Source;
use crate::{id3, mpeg};

/// An MP3 file.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Mp3File {
    /// The ID3 tag, if any.
    pub tags: Option<id3::Id3Tag>,
    /// The stream info.
    pub info: mpeg::MpegInfo,
}

/// Read an MP3 file.
pub fn read(src: &dyn Source) -> Result<Mp3File> {
    Ok(Mp3File {
        tags: None,
        info: mpeg::MpegInfo::read(src, None)?,
    })
}
