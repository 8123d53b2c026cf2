//! MPEG audio stream info: frame headers, Xing/Info, LAME and VBRI (`mutagen.mp3.MPEGInfo`).

use crate::error::{malformed, ErrorKind, Result};
use crate::source::Source;

/// The stream information of an MPEG audio file, with every attribute of mutagen's `MPEGInfo`.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct MpegInfo {}

impl MpegInfo {
    /// Find the first MPEG frame at or after `offset` (or after any ID3v2 tag when `offset`
    /// is `None`) and read the stream info as `mutagen.mp3.MPEGInfo(fileobj, offset)` does.
    pub fn read(src: &dyn Source, offset: Option<u64>) -> Result<Self> {
        let _ = (src, offset);
        malformed(
            ErrorKind::Mp3HeaderNotFound,
            "MPEG reading is not written yet",
        )
    }
}
