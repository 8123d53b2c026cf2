//! Removing ID3 tags from a file (`mutagen.id3.delete`): the writer beside the reader.

use crate::edit::{self, Target};
use crate::error::Result;

use super::{locate_id3v1, parse_id3v1, syncsafe, ID3V1_SEARCH_LEN};

/// Remove the ID3v1 tag at the end of the file (`v1`) and the ID3v2 tag at its start (`v2`),
/// as `mutagen.id3.delete` does:
/// - the ID3v1 tag is the one [`locate_id3v1`] finds in the last bytes, and only when it
///   parses; the file is cut just before its "TAG";
/// - the ID3v2 tag is `ID3` in the first 10 bytes: its size (the header's 28 bits) plus the 10
///   header bytes are removed, whatever the version, flags or footer, and even when the tag
///   is not otherwise valid.
///
/// # Errors
/// [`crate::error::ErrorKind::BuiltinValueError`] when the ID3v2 size reaches past the end of
/// the file (mutagen's `ValueError`), after the ID3v1 tag is gone; the target's I/O errors.
pub fn delete(t: &mut dyn Target, v1: bool, v2: bool) -> Result<()> {
    if v1 {
        let len = t.size()?;
        let n = len.min(ID3V1_SEARCH_LEN as u64);
        let mut tail = vec![0u8; usize::try_from(n).unwrap_or(ID3V1_SEARCH_LEN)];
        let got = t.read_at(len - n, &mut tail)?;
        tail.truncate(got);
        if let Some(idx) = locate_id3v1(&tail) {
            if parse_id3v1(&tail[idx..], 4).is_some() {
                t.set_size(len - (tail.len() - idx) as u64)?;
                t.flush()?;
            }
        }
    }
    if v2 {
        let mut head = [0u8; 10];
        let got = t.read_at(0, &mut head)?;
        if got == head.len() && head.starts_with(b"ID3") {
            let size = u64::from(syncsafe([head[6], head[7], head[8], head[9]])) + 10;
            edit::resize(t, 0, size, 0)?;
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn v1_tag() -> Vec<u8> {
        let mut tag = b"TAG".to_vec();
        tag.extend(
            b"Title"
                .iter()
                .copied()
                .chain(std::iter::repeat(0))
                .take(30),
        );
        tag.resize(128, 0);
        tag[127] = 12; // genre
        tag
    }

    #[test]
    fn removes_each_tag_and_keeps_the_rest() {
        let v2 = [b"ID3\x04\x00\x00\x00\x00\x00\x05".as_slice(), b"abcde"].concat();
        let audio = b"\xff\xfb\x90\x00audio".to_vec();
        let file = [v2.as_slice(), &audio, &v1_tag()].concat();
        for (v1, v2_, want) in [
            (true, true, audio.clone()),
            (true, false, [v2.as_slice(), &audio].concat()),
            (false, true, [audio.as_slice(), &v1_tag()].concat()),
            (false, false, file.clone()),
        ] {
            let mut t = file.clone();
            delete(&mut t, v1, v2_).unwrap();
            assert_eq!(t, want, "v1 {v1} v2 {v2_}");
        }
    }

    #[test]
    fn an_apev2_footer_is_not_an_id3v1_tag() {
        let mut file = b"audio".to_vec();
        file.extend(vec![b'x'; 130]);
        file.extend(b"APETAGEX");
        file.extend([0u8; 24]);
        let mut t = file.clone();
        delete(&mut t, true, false).unwrap();
        assert_eq!(t, file);
    }

    #[test]
    fn a_v2_size_past_the_end_is_refused_after_v1_is_gone() {
        let file = [
            b"ID3\x03\x00\x00\x00\x00\x7f\x7f".as_slice(),
            b"abc",
            &v1_tag(),
        ]
        .concat();
        let mut t = file.clone();
        assert!(delete(&mut t, true, true).is_err());
        assert_eq!(t, file[..13].to_vec());
    }
}
