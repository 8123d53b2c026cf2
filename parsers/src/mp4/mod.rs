//! MP4/M4A files (`mutagen.mp4`).
//!
//! [`read`] walks the top-level atoms ([`atom`]), then reads, in mutagen's order, the stream
//! information ([`properties`]), the iTunes tags ([`ilst`]) and Nero chapters ([`chapters`])
//! from the first `moov` atom. Errors carry the kind of the exception mutagen raises:
//! [`ErrorKind::Mp4`] for a broken atom tree, [`ErrorKind::Mp4StreamInfo`] and
//! [`ErrorKind::Mp4Metadata`] for the rest. Two failures mutagen reports with Python's own
//! exceptions have their own kinds: [`ErrorKind::BuiltinValueError`] ([`atom::SEEK_OVERFLOW`])
//! and [`ErrorKind::BuiltinRecursionError`] ([`atom::TOO_DEEP`]).

pub mod atom;
pub mod chapters;
pub mod constants;
pub mod ilst;
pub mod properties;

use crate::error::Result;
use crate::source::Source;

pub use chapters::Chapter;
pub use ilst::{Item, Mp4Tags, Value};
pub use properties::{Length, Mp4Info};

/// Everything mutagen's `MP4` reads from a file.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Mp4File {
    /// The stream information (defaults when the file has no audio track and no `mvhd`).
    pub info: Mp4Info,
    /// The tags, if the file has `moov.udta.meta.ilst`.
    pub tags: Option<Mp4Tags>,
    /// The chapters, if the file has `moov.udta.chpl` and `moov.mvhd`.
    pub chapters: Option<Vec<Chapter>>,
}

/// Read an MP4 file as `mutagen.mp4.MP4` does.
pub fn read(src: &dyn Source) -> Result<Mp4File> {
    let tree = atom::read_tree(src)?;
    let moov = tree.moov.as_ref();
    let info = match properties::read_info(moov, &tree.io)? {
        properties::InfoOutcome::Info(info) => info,
        properties::InfoOutcome::NoTrack => Mp4Info::default(),
    };
    let tags = ilst::read_tags(moov, &tree.io)?;
    let chapters = chapters::read_chapters(moov, &tree.io)?;
    Ok(Mp4File {
        info,
        tags,
        chapters,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, clippy::trivially_copy_pass_by_ref)]
mod tests {
    use super::*;
    use crate::error::{Error, ErrorKind};
    use crate::source::SliceSource;

    #[test]
    fn not_an_mp4_is_a_stream_info_error() {
        let err = read(&SliceSource::new(b"ID3\x04\0\0\0\0\0\0garbage"))
            .err()
            .unwrap();
        assert!(matches!(err, Error::Malformed(ErrorKind::Mp4StreamInfo, _)));
        let err = read(&SliceSource::new(b"")).err().unwrap();
        assert!(matches!(err, Error::Malformed(ErrorKind::Mp4StreamInfo, _)));
    }

    #[test]
    fn broken_tree_is_an_mp4_error() {
        let err = read(&SliceSource::new(b"\0\0\0\x04moov")).err().unwrap();
        assert!(matches!(err, Error::Malformed(ErrorKind::Mp4, _)));
    }
}
