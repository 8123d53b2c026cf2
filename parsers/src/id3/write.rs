//! Writing ID3 tags into a file (`ID3.save`) and removing them (`mutagen.id3.delete`): the
//! writer beside the reader.

use crate::edit::{self, Target};
use crate::error::{Error, ErrorKind, Result};

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
        if let (Some((start, _)), _) = find_v1(t)? {
            t.set_size(start)?;
            t.flush()?;
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

/// What [`save`] does with an ID3v1 tag at the end of the file (mutagen's `ID3v1SaveOptions`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum V1 {
    /// Remove it (`REMOVE`, 0).
    Remove,
    /// Rewrite it when there is one, add none otherwise (`UPDATE`, 1).
    Update,
    /// Rewrite it, or add one (`CREATE`, 2).
    Create,
}

/// The start of the ID3v1 tag [`delete`] and [`save`] act on: the offset of its "TAG" and the
/// length from there to the end of the file, or `None` without a tag (as mutagen's
/// `find_id3v1`: only a tag that parses counts), with the length of the file.
fn find_v1(t: &mut dyn Target) -> Result<(Option<(u64, u64)>, u64)> {
    let len = t.size()?;
    let n = len.min(ID3V1_SEARCH_LEN as u64);
    let mut tail = vec![0u8; usize::try_from(n).unwrap_or(ID3V1_SEARCH_LEN)];
    let got = t.read_at(len - n, &mut tail)?;
    tail.truncate(got);
    let found = locate_id3v1(&tail)
        .filter(|&idx| parse_id3v1(&tail[idx..], 4).is_some())
        .map(|idx| {
            let rest = (tail.len() - idx) as u64;
            (len - rest, rest)
        });
    Ok((found, len))
}

/// `parts` without their first `n` bytes.
fn skip<'a>(parts: &[&'a [u8]], mut n: usize) -> Vec<&'a [u8]> {
    let mut out = Vec::with_capacity(parts.len());
    for part in parts {
        if n >= part.len() {
            n -= part.len();
        } else {
            out.push(&part[n..]);
            n = 0;
        }
    }
    out
}

/// The first ten bytes of `parts`, where they hold ten.
fn head10(parts: &[&[u8]]) -> Option<[u8; 10]> {
    let mut head = [0u8; 10];
    let mut at = 0;
    for part in parts {
        let n = part.len().min(10 - at);
        head[at..at + n].copy_from_slice(&part[..n]);
        at += n;
        if at == 10 {
            return Some(head);
        }
    }
    None
}

/// Put `tag` (its parts laid end to end, `new_size` bytes, starting with the ten-byte
/// `header`) in place of a longer old tag (`old_size` bytes) so that the file reads, with the
/// old tags or the new ones, after each step: the new frames first go in the old tag's room,
/// their header claiming all of it and the rest zeroed as padding; then the audio moves up to
/// the end of the new tag; then the header takes the new size; then the file's end is cut.
/// (mutagen moves the audio first, so that a failure before its header is written leaves the
/// old header pointing into the audio.) The bytes at the end are those of [`edit::replace`].
fn shrink(
    t: &mut dyn Target,
    old_size: u64,
    tag: &[&[u8]],
    new_size: u64,
    header: [u8; 10],
) -> Result<()> {
    let size = t.size()?;
    if old_size > size {
        // What [`edit::resize`] refuses: nothing is changed.
        return edit::resize(t, 0, old_size, new_size);
    }
    let room = u32::try_from(old_size - 10)
        .ok()
        .filter(|&n| n < 1 << 28)
        .ok_or(Error::Malformed(
            ErrorKind::BuiltinValueError,
            "ID3v2 tag too large",
        ))?;
    let mut claiming = header;
    claiming[6..].copy_from_slice(&to_syncsafe(room));
    t.write_at(0, &claiming)?;
    t.write_parts_at(10, &skip(tag, 10))?;
    let zeros = vec![
        0u8;
        usize::try_from((old_size - new_size).min(edit::CHUNK as u64))
            .unwrap_or(edit::CHUNK)
    ];
    let mut at = new_size;
    while at < old_size {
        let n = usize::try_from((old_size - at).min(zeros.len() as u64)).unwrap_or(zeros.len());
        t.write_at(at, &zeros[..n])?;
        at += n as u64;
    }
    edit::move_bytes(t, new_size, old_size, size - old_size)?;
    t.write_at(0, &header)?;
    t.set_size(size - (old_size - new_size))?;
    t.flush()
}

/// Append `value` in ID3 text `encoding` with its terminator, as mutagen writes a text field:
/// 0 Latin-1 and 3 UTF-8 end with one zero byte; 1 UTF-16 starts with a little-endian byte
/// order mark and 2 UTF-16BE has none, both ending with two zero bytes. `None` (with `out`
/// partly written) for an encoding other than 0 to 3, or a value Latin-1 cannot hold.
pub fn encode_text(out: &mut Vec<u8>, encoding: u8, value: &str) -> Option<()> {
    match encoding {
        0 => {
            for c in value.chars() {
                out.push(u8::try_from(u32::from(c)).ok()?);
            }
            out.push(0);
        }
        1 => {
            out.extend_from_slice(&[0xFF, 0xFE]);
            for unit in value.encode_utf16() {
                out.extend_from_slice(&unit.to_le_bytes());
            }
            out.extend_from_slice(&[0, 0]);
        }
        2 => {
            for unit in value.encode_utf16() {
                out.extend_from_slice(&unit.to_be_bytes());
            }
            out.extend_from_slice(&[0, 0]);
        }
        3 => {
            out.extend_from_slice(value.as_bytes());
            out.push(0);
        }
        _ => return None,
    }
    Some(())
}

/// The header of an ID3v2.4 frame as mutagen writes it: the frame ID, the body's size in
/// syncsafe form, no flags. `None` for a body of 2^28 bytes or more.
#[must_use]
pub fn frame_header_v24(id: [u8; 4], body_len: usize) -> Option<[u8; 10]> {
    let size = u32::try_from(body_len).ok().filter(|&n| n < 1 << 28)?;
    let mut header = [0u8; 10];
    header[..4].copy_from_slice(&id);
    header[4..8].copy_from_slice(&to_syncsafe(size));
    Some(header)
}

/// `n` (below 2^28) as the four 7-bit bytes of an ID3v2 size.
pub(crate) fn to_syncsafe(n: u32) -> [u8; 4] {
    [21, 14, 7, 0].map(|shift| ((n >> shift) & 0x7F) as u8)
}

/// Put a rendered ID3v2 tag (`tag`: header, frames and padding) in place of the first
/// `old_size` bytes of the file, then treat the ID3v1 tag as `v1` says, as `ID3.save` does:
/// - the old tag's room is resized in place to the new tag's length, and the audio after it
///   moved, never rewritten;
/// - an ID3v1 tag to write is asked of `make_v1` only then (after the ID3v2 tag is in place),
///   and written over the old one from its "TAG" on, or at the end of the file;
/// - otherwise the file is cut where its ID3v1 tag starts (a file without one keeps its end).
///
/// # Errors
/// [`crate::error::ErrorKind::BuiltinValueError`] when `old_size` reaches past the end of the
/// file (nothing is changed); the target's I/O errors, and `make_v1`'s.
pub fn save(
    t: &mut dyn Target,
    old_size: u64,
    tag: &[u8],
    v1: V1,
    make_v1: &mut dyn FnMut() -> Result<[u8; 128]>,
) -> Result<()> {
    save_parts(t, old_size, &[tag], v1, make_v1)
}

/// [`save`] for a tag given as parts laid end to end (its header, frames and padding, say),
/// written one after the other without being joined first.
///
/// # Errors
/// As [`save`].
pub fn save_parts(
    t: &mut dyn Target,
    old_size: u64,
    tag: &[&[u8]],
    v1: V1,
    make_v1: &mut dyn FnMut() -> Result<[u8; 128]>,
) -> Result<()> {
    let new_size: u64 = tag.iter().map(|p| p.len() as u64).sum();
    match head10(tag) {
        Some(header) if new_size < old_size && header.starts_with(b"ID3") => {
            shrink(t, old_size, tag, new_size, header)?;
        }
        _ => {
            edit::resize(t, 0, old_size, new_size)?;
            t.write_parts_at(0, tag)?;
            t.flush()?;
        }
    }
    let (found, end) = find_v1(t)?;
    let at = found.map_or(end, |(start, _)| start);
    if v1 == V1::Create || (v1 == V1::Update && found.is_some()) {
        let data = make_v1()?;
        t.write_at(at, &data)?;
    } else if at != end {
        // mutagen truncates at `at` whatever it is; at the end of the file that changes nothing.
        t.set_size(at)?;
    }
    t.flush()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    #[test]
    fn text_is_encoded_as_mutagen_writes_it() {
        let enc = |encoding, value: &str| {
            let mut out = Vec::new();
            encode_text(&mut out, encoding, value).map(|()| out)
        };
        assert_eq!(enc(0, "a\u{e9}").unwrap(), b"a\xe9\0");
        assert_eq!(enc(1, "a").unwrap(), b"\xff\xfea\0\0\0");
        assert_eq!(enc(2, "\u{1F600}").unwrap(), b"\xd8\x3d\xde\x00\0\0");
        assert_eq!(enc(3, "\u{e9}").unwrap(), b"\xc3\xa9\0");
        assert_eq!(enc(3, "").unwrap(), b"\0");
        assert_eq!(enc(0, "\u{100}"), None);
        assert_eq!(enc(4, "a"), None);
        assert_eq!(
            frame_header_v24(*b"TIT2", 202).unwrap(),
            *b"TIT2\0\0\x01\x4a\0\0"
        );
        assert_eq!(frame_header_v24(*b"TIT2", 1 << 28), None);
    }

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

    fn tag(body: &[u8]) -> Vec<u8> {
        let n = u8::try_from(body.len()).unwrap();
        [b"ID3\x04\x00\x00\x00\x00\x00".as_slice(), &[n], body].concat()
    }

    #[test]
    fn a_tag_in_parts_saves_as_the_tag_joined() {
        let audio = b"\xff\xfb\x90\x00audio".to_vec();
        for old in [Vec::new(), tag(&[7u8; 40])] {
            let new = tag(b"0123456789abcdefghij");
            let file = [old.as_slice(), &audio].concat();
            let mut joined = file.clone();
            save(&mut joined, old.len() as u64, &new, V1::Remove, &mut || {
                Ok([0; 128])
            })
            .unwrap();
            // Split inside the header, at its end, and in the frames.
            for cuts in [[3usize, 10, 15], [10, 10, 20], [1, 2, 29]] {
                let parts = [
                    &new[..cuts[0]],
                    &new[cuts[0]..cuts[1]],
                    &new[cuts[1]..cuts[2]],
                    &new[cuts[2]..],
                ];
                let mut split = file.clone();
                save_parts(
                    &mut split,
                    old.len() as u64,
                    &parts,
                    V1::Remove,
                    &mut || Ok([0; 128]),
                )
                .unwrap();
                assert_eq!(split, joined, "cuts {cuts:?}");
            }
        }
    }

    #[test]
    fn save_resizes_the_tag_and_keeps_the_audio() {
        let audio = b"\xff\xfb\x90\x00audio".to_vec();
        let mut v1_new = [0u8; 128];
        v1_new[..3].copy_from_slice(b"TAG");
        v1_new[3] = b'N';
        for old in [Vec::new(), tag(b"abcde"), tag(&[7u8; 40])] {
            for new in [tag(b""), tag(b"xyz"), tag(&[9u8; 60])] {
                for (had_v1, mode) in [
                    (false, V1::Remove),
                    (true, V1::Remove),
                    (false, V1::Update),
                    (true, V1::Update),
                    (false, V1::Create),
                    (true, V1::Create),
                ] {
                    let mut file = [old.as_slice(), &audio].concat();
                    if had_v1 {
                        file.extend(v1_tag());
                    }
                    let mut asked = false;
                    let mut make = || {
                        asked = true;
                        Ok(v1_new)
                    };
                    save(&mut file, old.len() as u64, &new, mode, &mut make).unwrap();
                    let writes = mode == V1::Create || (mode == V1::Update && had_v1);
                    assert_eq!(asked, writes);
                    let mut want = [new.as_slice(), &audio].concat();
                    if writes {
                        want.extend(v1_new);
                    }
                    assert_eq!(
                        file,
                        want,
                        "{mode:?} v1 {had_v1} {} -> {}",
                        old.len(),
                        new.len()
                    );
                }
            }
        }
    }

    #[test]
    fn save_refuses_an_old_size_past_the_end_and_changes_nothing() {
        let file = b"ID3\x04\x00\x00\x00\x00\x7f\x7fabc".to_vec();
        let mut t = file.clone();
        let mut make = || Ok([0u8; 128]);
        assert!(save(&mut t, 1 << 20, &tag(b"x"), V1::Create, &mut make).is_err());
        assert_eq!(t, file);
    }

    #[test]
    fn a_short_v1_tag_is_overwritten_from_its_tag() {
        // An ID3v1 tag of 125 bytes (a short year): the new one is written from its "TAG" and
        // the file grows by the three bytes missing.
        let mut short = v1_tag();
        short.truncate(125);
        let file = [b"audio".as_slice(), &short].concat();
        let mut t = file.clone();
        let mut make = || Ok([b'z'; 128]);
        save(&mut t, 0, b"", V1::Update, &mut make).unwrap();
        assert_eq!(t, [b"audio".as_slice(), &[b'z'; 128]].concat());
    }
}
