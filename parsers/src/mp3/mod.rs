//! MP3 files: an ID3 tag plus MPEG stream info (`mutagen.mp3.MP3`).

use crate::error::{ErrorKind, Result};
use crate::id3::{self, Id3Tag};
use crate::mpeg::MpegInfo;
use crate::source::Source;

/// An MP3 file as `mutagen.mp3.MP3` loads it.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Mp3File {
    /// The ID3 tag, `None` when the file has none.
    pub tags: Option<Id3Tag>,
    /// The stream info of the first MPEG frame found after the tag.
    pub info: MpegInfo,
}

/// The ID3 tag of a file as `ID3FileType.load` reads it: `None` where the ID3 reader finds no
/// header at all, any other failure of the ID3 reader propagates.
pub fn read_tags(src: &dyn Source) -> Result<Option<Id3Tag>> {
    match id3::read(src) {
        Ok(tag) => Ok(Some(tag)),
        Err(e) if e.kind() == ErrorKind::Id3NoHeader => Ok(None),
        Err(e) => Err(e),
    }
}

/// Read an MP3 file as `mutagen.mp3.MP3(path)` does: the ID3 tag, then the MPEG stream info
/// searched from the end of the tag (from the start of the file without one).
///
/// Where the file has an ID3v2 tag, the stream is looked for first: when it has no MPEG frame
/// and no frame of the tag can fail the read, the result is mutagen's `HeaderNotFoundError`
/// whatever the frames hold, so they are not decoded.
pub fn read(src: &dyn Source) -> Result<Mp3File> {
    if let Some(offset) = id3::v2_size(src) {
        let info = match MpegInfo::read(src, Some(offset)) {
            Err(e) if e.kind() == ErrorKind::Mp3HeaderNotFound && !id3::may_fail(src)? => {
                return Err(e)
            }
            info => info,
        };
        let tags = read_tags(src)?;
        debug_assert_eq!(tags.as_ref().and_then(|t| t.size), Some(offset));
        return Ok(Mp3File { tags, info: info? });
    }
    let tags = read_tags(src)?;
    let offset = tags.as_ref().and_then(|t| t.size);
    let info = MpegInfo::read(src, offset)?;
    Ok(Mp3File { tags, info })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::source::SliceSource;

    #[test]
    fn stream_without_tags() {
        let mut data = Vec::new();
        for _ in 0..4 {
            let mut f = vec![0u8; 417];
            f[..4].copy_from_slice(&[0xFF, 0xFB, 0x90, 0x44]);
            data.extend(f);
        }
        let f = read(&SliceSource::new(&data)).unwrap();
        assert_eq!(f.info.frame_offset, 0);
        assert_eq!(f.info.bitrate, 128_000);
        assert!(
            matches!(read(&SliceSource::new(b"nothing")), Err(e) if e.kind() == ErrorKind::Mp3HeaderNotFound)
        );
    }
}
