//! MP4/M4A files (`mutagen.mp4`).
//!
//! [`read`] walks the top-level atoms ([`atom`]), then reads, in mutagen's order, the stream
//! information ([`properties`]), the iTunes tags ([`ilst`]) and Nero chapters ([`chapters`])
//! from the first `moov` atom. With the `lazy` feature the tag items are checked for fatal
//! errors in that order but decoded on first access (`mp4/lazy.rs`).
//!
//! Errors carry the kind of the exception mutagen raises: [`ErrorKind::Mp4`] for a broken atom
//! tree, [`ErrorKind::Mp4StreamInfo`] and [`ErrorKind::Mp4Metadata`] for the rest. Two failures
//! mutagen reports with Python's own exceptions have their own kinds:
//! [`ErrorKind::BuiltinValueError`] ([`atom::SEEK_OVERFLOW`]) and
//! [`ErrorKind::BuiltinRecursionError`] ([`atom::TOO_DEEP`]).
//!
//! [`ErrorKind::Mp4`]: crate::ErrorKind::Mp4
//! [`ErrorKind::Mp4StreamInfo`]: crate::ErrorKind::Mp4StreamInfo
//! [`ErrorKind::Mp4Metadata`]: crate::ErrorKind::Mp4Metadata
//! [`ErrorKind::BuiltinValueError`]: crate::ErrorKind::BuiltinValueError
//! [`ErrorKind::BuiltinRecursionError`]: crate::ErrorKind::BuiltinRecursionError

pub mod atom;
pub mod chapters;
pub mod constants;
pub mod ilst;
#[cfg(feature = "lazy")]
mod lazy;
pub mod properties;
pub mod write;

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
    let mut tree = atom::read_tree(src)?;
    let moov = tree.moov.as_ref();
    let info = match properties::read_info(moov, &tree.io)? {
        properties::InfoOutcome::Info(info) => info,
        properties::InfoOutcome::NoTrack => Mp4Info::default(),
    };
    let tags = ilst::begin(moov, &tree.io)?;
    let chapters = chapters::read_chapters(moov, &tree.io)?;
    let tags = tags.map(|pending| pending.finish(&mut tree.io));
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

    use atom::test_atom as atom;

    fn data(flags: u32, payload: &[u8]) -> Vec<u8> {
        let mut p = flags.to_be_bytes().to_vec();
        p.extend_from_slice(&[0, 0, 0, 0]);
        p.extend_from_slice(payload);
        atom(b"data", &p)
    }

    fn file_with_items(items: &[Vec<u8>]) -> Vec<u8> {
        let mut meta = vec![0, 0, 0, 0];
        meta.extend(atom(b"ilst", &items.concat()));
        atom(b"moov", &atom(b"udta", &atom(b"meta", &meta)))
    }

    /// Keys asked for one at a time besides the keys a file has.
    const LOOKUPS: [&str; 7] = [
        "\u{a9}nam",
        "\u{a9}ART",
        "\u{a9}alb",
        "\u{a9}gen",
        "----:com.apple.iTunes:iTunNORM",
        "covr",
        "none",
    ];

    /// Each key read alone equals the key in the decoded items, and asking first changes
    /// nothing.
    fn assert_values_agree(read_one: impl Fn() -> Result<Mp4File>, what: &str) {
        let (Ok(alone), Ok(whole)) = (read_one(), read_one()) else {
            return;
        };
        let (Some(alone), Some(whole)) = (alone.tags, whole.tags) else {
            return;
        };
        let keys = whole.items().iter().map(|(k, _)| k.as_str().to_owned());
        for key in keys.chain(LOOKUPS.map(String::from)) {
            let value = alone.value(&key).map(std::borrow::Cow::into_owned);
            assert_eq!(value.as_ref(), whole.get(&key), "{what}: {key}");
        }
        assert_eq!(alone, whole, "{what}");
    }

    #[test]
    fn values_read_alone_equal_the_items() {
        let mut ff = atom(b"mean", &[&[0u8; 4][..], b"com.apple.iTunes"].concat());
        ff.extend(atom(b"name", &[&[0u8; 4][..], b"iTunNORM"].concat()));
        ff.extend(data(1, b" 0000"));
        let file = file_with_items(&[
            atom(b"\xa9nam", &data(1, b"One")),
            atom(b"gnre", &data(0, &[0, 2])),
            atom(b"----", &ff),
            atom(b"\xa9ART", &data(1, b"\xff")),
            atom(b"covr", &data(13, b"JPEG")),
            atom(b"\xa9gen", &data(1, b"Jazz")),
            atom(b"\xa9nam", &data(1, b"Two")),
            atom(b"cpil", &data(21, &[1])),
            atom(b"\xa9alb", b""),
        ]);
        assert_values_agree(|| read(&SliceSource::new(&file)), "built");
        let tags = read(&SliceSource::new(&file)).unwrap().tags.unwrap();
        let texts = |v: &[&str]| Value::List(v.iter().map(|s| Item::Text((*s).into())).collect());
        assert_eq!(
            tags.value("\u{a9}nam").as_deref(),
            Some(&texts(&["One", "Two"]))
        );
        assert_eq!(
            tags.value("\u{a9}gen").as_deref(),
            Some(&texts(&["Classic Rock", "Jazz"]))
        );
        assert_eq!(tags.value("\u{a9}alb").as_deref(), Some(&texts(&[])));
        assert_eq!(tags.value("\u{a9}ART"), None);
        assert_eq!(tags.items().len(), 6);
    }

    #[test]
    fn values_read_alone_equal_the_items_on_files() {
        for path in crate::testfiles::sample_files() {
            assert_values_agree(
                || read(&crate::source::open_path(&path)?),
                &path.display().to_string(),
            );
        }
    }

    #[test]
    fn an_item_that_fails_the_file_fails_it_at_once() {
        let file = file_with_items(&[
            atom(b"\xa9nam", &data(1, b"Title")),
            atom(b"trkn", &data(0, &[0, 0, 0])),
        ]);
        let err = read(&SliceSource::new(&file)).err().unwrap();
        assert!(matches!(err, Error::Malformed(ErrorKind::Mp4Metadata, _)));
        // A truncated cover atom after the data atoms' bounds.
        let mut cover = data(13, b"JPEG");
        cover.extend([0, 0, 0]);
        let file = file_with_items(&[atom(b"covr", &cover)]);
        let err = read(&SliceSource::new(&file)).err().unwrap();
        assert!(matches!(err, Error::Malformed(ErrorKind::Mp4Metadata, _)));
    }

    #[test]
    fn broken_tree_is_an_mp4_error() {
        let err = read(&SliceSource::new(b"\0\0\0\x04moov")).err().unwrap();
        assert!(matches!(err, Error::Malformed(ErrorKind::Mp4, _)));
    }
}
