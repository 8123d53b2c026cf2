//! Nero chapters (`moov.udta.chpl`), read as `mutagen.mp4.MP4Chapters` reads them.

use crate::error::{utf8_error_message, Error, ErrorKind, Result};
use crate::source::Source;
use crate::util::bytes::{u32_be, u64_be};

use super::atom::Atom;
use super::properties::int_true_div;

/// One chapter.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Chapter {
    /// Start in seconds.
    pub start: f64,
    /// Title.
    pub title: String,
}

/// Python's message for indexing past the end of `bytes`.
const INDEX_OUT_OF_RANGE: &str = "index out of range";
/// Python's messages for `struct.unpack` of 4 and 8 bytes given fewer.
const UNPACK_4: &str = "unpack requires a buffer of 4 bytes";
const UNPACK_8: &str = "unpack requires a buffer of 8 bytes";

fn metadata_error(msg: &'static str) -> Error {
    Error::Malformed(ErrorKind::Mp4Metadata, msg)
}

/// Read the chapters, if the first `moov` has both `udta.chpl` and `mvhd`.
pub fn read_chapters(moov: Option<&Atom>, io: &dyn Source) -> Result<Option<Vec<Chapter>>> {
    let Some(moov) = moov else { return Ok(None) };
    let (Some(chpl), Some(mvhd)) = (moov.path(&[b"udta", b"chpl"]), moov.child(b"mvhd")) else {
        return Ok(None);
    };
    check_mvhd(mvhd, io)?;
    parse_chpl(chpl, io).map(Some)
}

/// Read the chapters of a `moov` atom as `MP4Chapters.load` does when given an atom tree:
/// none without `mvhd`; otherwise `mvhd` is checked (and may fail) before `udta.chpl` is
/// looked for, and none without it.
pub fn load_chapters(moov: &Atom, io: &dyn Source) -> Result<Vec<Chapter>> {
    let Some(mvhd) = moov.child(b"mvhd") else {
        return Ok(Vec::new());
    };
    check_mvhd(mvhd, io)?;
    match moov.path(&[b"udta", b"chpl"]) {
        Some(chpl) => parse_chpl(chpl, io),
        None => Ok(Vec::new()),
    }
}

/// The movie timescale must be readable and non-zero, though it is not used after.
fn check_mvhd(mvhd: &Atom, io: &dyn Source) -> Result<()> {
    let (ok, data) = mvhd.read(io)?;
    if !ok {
        return Err(Error::Malformed(ErrorKind::Mp4StreamInfo, "Invalid mvhd"));
    }
    // mutagen's messages here are those of Python's indexing and `struct.unpack`.
    let version = *data.first().ok_or(metadata_error(INDEX_OUT_OF_RANGE))?;
    let timescale = match version {
        0 => {
            let t = u32_be(&data, 12);
            u32_be(&data, 16).ok_or(metadata_error(UNPACK_4))?;
            t
        }
        1 => {
            let t = u32_be(&data, 20);
            u64_be(&data, 24).ok_or(metadata_error(if t.is_some() {
                UNPACK_8
            } else {
                UNPACK_4
            }))?;
            t
        }
        _ => None,
    };
    if timescale.unwrap_or(0) == 0 {
        return Err(metadata_error("Unable to get timescale"));
    }
    Ok(())
}

/// The chapters of a `chpl` atom.
fn parse_chpl(chpl: &Atom, io: &dyn Source) -> Result<Vec<Chapter>> {
    let (ok, data) = chpl.read(io)?;
    if !ok {
        return Err(Error::Malformed(ErrorKind::Mp4StreamInfo, "Invalid atom"));
    }
    let count = *data.get(8).ok_or(metadata_error(INDEX_OUT_OF_RANGE))?;
    let mut pos = 9usize;
    let mut chapters = Vec::with_capacity(usize::from(count));
    for i in 0..count {
        let start = u64_be(&data, pos).ok_or(metadata_error(UNPACK_8))?;
        pos += 8;
        let title_len = usize::from(*data.get(pos).ok_or(metadata_error(INDEX_OUT_OF_RANGE))?);
        pos += 1;
        let end = (pos + title_len).min(data.len());
        let raw = data.get(pos.min(end)..end).unwrap_or_default();
        let title = std::str::from_utf8(raw).map_err(|e| {
            Error::detailed(
                ErrorKind::Mp4Metadata,
                format!("chapter {i} title: {}", utf8_error_message(raw, e)),
            )
        })?;
        pos += title_len;
        let start = int_true_div(start, 10_000_000).unwrap_or(0.0);
        chapters.push(Chapter {
            start,
            title: title.to_owned(),
        });
    }
    Ok(chapters)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, clippy::trivially_copy_pass_by_ref)]
mod tests {
    use super::*;
    use crate::source::SliceSource;

    use crate::mp4::atom::test_atom as atom;

    fn chapters_of(mvhd: &[u8], chpl: &[u8]) -> Result<Option<Vec<Chapter>>> {
        let file = atom(
            b"moov",
            &[atom(b"mvhd", mvhd), atom(b"udta", &atom(b"chpl", chpl))].concat(),
        );
        let src = SliceSource::new(&file);
        let tree = super::super::atom::read_tree(&src)?;
        read_chapters(tree.moov.as_ref(), &tree.io)
    }

    fn mvhd(timescale: u32) -> Vec<u8> {
        let mut m = vec![0u8; 12];
        m.extend_from_slice(&timescale.to_be_bytes());
        m.extend_from_slice(&100u32.to_be_bytes());
        m
    }

    #[test]
    fn reads_titles_and_starts() {
        let mut chpl = vec![1, 0, 0, 0, 0, 0, 0, 0, 2];
        chpl.extend_from_slice(&0u64.to_be_bytes());
        chpl.push(3);
        chpl.extend_from_slice(b"One");
        chpl.extend_from_slice(&175_070_000u64.to_be_bytes());
        chpl.push(2);
        chpl.extend_from_slice(b"Tw");
        let chapters = chapters_of(&mvhd(1000), &chpl).unwrap().unwrap();
        assert_eq!(chapters.len(), 2);
        assert_eq!(
            chapters[0],
            Chapter {
                start: 0.0,
                title: "One".into()
            }
        );
        assert_eq!(
            chapters[1],
            Chapter {
                start: 17.507,
                title: "Tw".into()
            }
        );
    }

    #[test]
    fn zero_timescale_and_truncation_fail() {
        let chpl = [1, 0, 0, 0, 0, 0, 0, 0, 0];
        assert!(matches!(
            chapters_of(&mvhd(0), &chpl),
            Err(Error::Malformed(ErrorKind::Mp4Metadata, _))
        ));
        assert!(chapters_of(&mvhd(1), &chpl).unwrap().unwrap().is_empty());
        let short = [1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0];
        assert!(matches!(
            chapters_of(&mvhd(1), &short),
            Err(Error::Malformed(ErrorKind::Mp4Metadata, _))
        ));
    }

    #[test]
    fn load_checks_mvhd_even_without_chpl() {
        let load = |children: &[u8]| {
            let file = atom(b"moov", children);
            let src = SliceSource::new(&file);
            let (moov, _) = super::super::atom::parse_atom(&src, 0, 0, true)?;
            load_chapters(&moov, &src)
        };
        // No mvhd: no chapters, whatever chpl holds.
        assert!(load(&atom(b"udta", &atom(b"chpl", b"")))
            .unwrap()
            .is_empty());
        // A zero timescale fails even without chpl; a good one without chpl gives none.
        assert!(matches!(
            load(&atom(b"mvhd", &mvhd(0))),
            Err(Error::Malformed(ErrorKind::Mp4Metadata, _))
        ));
        assert!(load(&atom(b"mvhd", &mvhd(1))).unwrap().is_empty());
        let chpl = [1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, b'x'];
        let both = [
            atom(b"mvhd", &mvhd(1)),
            atom(b"udta", &atom(b"chpl", &chpl)),
        ]
        .concat();
        assert_eq!(
            load(&both).unwrap(),
            vec![Chapter {
                start: 0.0,
                title: "x".into()
            }]
        );
    }
}
