//! Vorbis comments, shared by FLAC and the Ogg codecs (`mutagen._vorbis`).

use crate::error::{malformed, ErrorKind, Result};

/// A Vorbis comment block as mutagen's `VComment` reads it: the vendor string and the
/// `(key, value)` pairs in file order.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct VorbisComment {
    /// The vendor string.
    pub vendor: String,
    /// The comments, in file order, with duplicate keys kept.
    pub comments: Vec<(String, String)>,
}

/// Parse a Vorbis comment block. With `framing`, a framing bit must follow the comments, as in
/// Ogg Vorbis; FLAC's blocks have none.
pub fn parse(data: &[u8], framing: bool) -> Result<VorbisComment> {
    let _ = (data, framing);
    malformed(
        ErrorKind::VorbisComment,
        "Vorbis comment reading is not written yet",
    )
}
