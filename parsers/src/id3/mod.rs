//! ID3v1 and ID3v2 tags (`mutagen.id3`).

use crate::error::{malformed, ErrorKind, Result};
use crate::source::Source;

/// An ID3 tag as `mutagen.id3.ID3` loads it: the ID3v2 tag at the start of the file, with any
/// ID3v1 tag at the end merged in, every frame upgraded to ID3v2.4.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Id3Tag {
    /// What mutagen's `ID3.size` gives `MP3` as the offset of the audio (the whole ID3v2 tag,
    /// header included); `None` where mutagen's tag has no usable size.
    pub size: Option<u64>,
}

/// Read the ID3 tag of a file as `mutagen.id3.ID3(path)` does. Fails with
/// [`ErrorKind::Id3NoHeader`] when the file has neither an ID3v2 nor an ID3v1 tag.
pub fn read(src: &dyn Source) -> Result<Id3Tag> {
    let _ = src;
    malformed(ErrorKind::Id3NoHeader, "ID3 reading is not written yet")
}
