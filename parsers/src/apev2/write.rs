//! Writing APEv2 tags: `APEv2.save`, `APEv2.delete` and `mutagen.apev2.delete`.
//!
//! A saved tag always goes at the end of the file, with a header and a footer (version 2000).
//! Its items are sorted by their rendered length, then by their bytes, so that a save is the
//! same whatever order the items were set in.
//!
//! Where the old tag goes ([`save`]):
//! - a tag found by its header at the start of the file is cut out, and what followed it moves
//!   up;
//! - a tag found at the end is cut off together with everything after it (an ID3v1 tag, a
//!   Lyrics3v2 block): the file ends where the tag started, and the new tag is appended there.
//!
//! [`delete`] cuts out the tag alone: an ID3v1 tag after it stays.

use crate::edit::{self, Target, TargetSource};
use crate::error::{Error, ErrorKind, Result};

use super::find::{locate, Span};
use super::HAS_HEADER;

/// The version a saved tag has in its header and footer.
pub const VERSION: u32 = 2000;

/// Header and footer flag: this is the header.
pub const IS_HEADER: u32 = 1 << 29;

/// The size of a header, and of a footer.
const FRAME: usize = 32;

/// One item to render: its key as it is written (UTF-8), its value kind
/// ([`super::TEXT`], [`super::BINARY`] or [`super::EXTERNAL`]) and its value's bytes (text
/// values: their strings joined by NUL, in UTF-8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item<'a> {
    /// The key.
    pub key: &'a [u8],
    /// The value kind, written in bits 1-2 of the item's flags.
    pub kind: u8,
    /// The value.
    pub value: &'a [u8],
}

impl Item<'_> {
    /// The length of the rendered item: value size and flags, key, NUL, value.
    fn rendered_len(&self) -> usize {
        8 + self.key.len() + 1 + self.value.len()
    }

    /// The value size and flags (the size checked by [`prepare`]).
    fn head(&self) -> [u8; 8] {
        let mut head = [0u8; 8];
        head[..4].copy_from_slice(&(self.value.len() as u32).to_le_bytes());
        head[4..].copy_from_slice(&(u32::from(self.kind) << 1).to_le_bytes());
        head
    }

    /// The rendered item, a byte at a time (for ordering without rendering).
    fn bytes(&self) -> impl Iterator<Item = u8> + '_ {
        self.head()
            .into_iter()
            .chain(self.key.iter().copied())
            .chain(std::iter::once(0))
            .chain(self.value.iter().copied())
    }

    /// Render the item at the start of `out`; the length written.
    fn write_to(&self, out: &mut [u8]) -> usize {
        let key_end = 8 + self.key.len();
        out[..8].copy_from_slice(&self.head());
        out[8..key_end].copy_from_slice(self.key);
        out[key_end] = 0;
        out[key_end + 1..key_end + 1 + self.value.len()].copy_from_slice(self.value);
        self.rendered_len()
    }
}

/// Python's `struct.error` for a size that does not fit its 32-bit field.
fn too_large() -> Error {
    Error::Malformed(
        ErrorKind::BuiltinValueError,
        "'I' format requires 0 <= number <= 4294967295",
    )
}

/// The header or footer of a tag whose items take `items_len` bytes.
fn frame(items_len: u32, count: u32, flags: u32) -> [u8; FRAME] {
    let mut out = [0u8; FRAME];
    out[..8].copy_from_slice(b"APETAGEX");
    out[8..12].copy_from_slice(&VERSION.to_le_bytes());
    // The size counts the items and the footer.
    out[12..16].copy_from_slice(&(items_len + FRAME as u32).to_le_bytes());
    out[16..20].copy_from_slice(&count.to_le_bytes());
    out[20..24].copy_from_slice(&flags.to_le_bytes());
    out
}

/// A tag ready to render: its items in the order they are written, the sizes checked.
#[derive(Debug)]
pub struct Prepared<'i, 'a> {
    items: &'i [Item<'a>],
    order: Vec<usize>,
    size: u32,
    count: u32,
}

/// Order `items` as a tag holds them (by rendered length, then by rendered bytes) and check
/// that every size fits its field.
///
/// # Errors
/// Python's `struct.error` (as [`ErrorKind::BuiltinValueError`]) for a value, a count or a
/// tag too large for its 32-bit field.
pub fn prepare<'i, 'a>(items: &'i [Item<'a>]) -> Result<Prepared<'i, 'a>> {
    if items.iter().any(|i| u32::try_from(i.value.len()).is_err()) {
        return Err(too_large());
    }
    let items_len: usize = items.iter().map(Item::rendered_len).sum();
    let size = u32::try_from(items_len)
        .ok()
        .filter(|&n| n <= u32::MAX - FRAME as u32)
        .ok_or_else(too_large)?;
    let count = u32::try_from(items.len()).map_err(|_| too_large())?;
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&items[a], &items[b]);
        a.rendered_len()
            .cmp(&b.rendered_len())
            .then_with(|| a.bytes().cmp(b.bytes()))
    });
    Ok(Prepared {
        items,
        order,
        size,
        count,
    })
}

impl Prepared<'_, '_> {
    /// The length of the rendered tag: header, items, footer.
    #[must_use]
    pub fn len(&self) -> usize {
        self.size as usize + 2 * FRAME
    }

    /// Whether the tag is empty of bytes (never: it has a header and a footer).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Render the tag into `out`, which is [`Prepared::len`] bytes long.
    pub fn fill(&self, out: &mut [u8]) {
        out[..FRAME].copy_from_slice(&frame(self.size, self.count, HAS_HEADER | IS_HEADER));
        let mut at = FRAME;
        for &i in &self.order {
            at += self.items[i].write_to(&mut out[at..]);
        }
        out[at..at + FRAME].copy_from_slice(&frame(self.size, self.count, HAS_HEADER));
    }
}

/// The bytes of a tag holding `items`: header, the items sorted by their rendered length and
/// then their bytes, footer.
///
/// # Errors
/// As [`prepare`].
pub fn render(items: &[Item<'_>]) -> Result<Vec<u8>> {
    let prepared = prepare(items)?;
    let mut out = vec![0u8; prepared.len()];
    prepared.fill(&mut out);
    Ok(out)
}

/// Find the tag of the file in `t` (of `len` bytes).
fn find_in(t: &mut dyn Target, len: u64) -> Result<Option<Span>> {
    let src = TargetSource::new(t, len);
    locate(&src)
}

/// Cut `span` out of the file, moving what follows it up.
///
/// # Errors
/// Python's `ValueError` when the span ends past the end of the file (a header at the start
/// whose size is too large), with the file untouched; the target's I/O errors.
fn cut(t: &mut dyn Target, span: &Span, len: u64) -> Result<()> {
    if span.end > len || span.end < span.start {
        return Err(Error::Malformed(ErrorKind::BuiltinValueError, ""));
    }
    edit::resize(t, span.start, span.end - span.start, 0)
}

/// Make room for the new tag at the end of the file in `t`, the old tag cut out or off (see
/// the module's documentation): where the new tag goes.
fn make_room(t: &mut dyn Target) -> Result<u64> {
    let len = t.size()?;
    Ok(match find_in(t, len)? {
        None => len,
        Some(span) if span.at_start => {
            cut(t, &span, len)?;
            len - (span.end - span.start)
        }
        Some(span) => {
            t.set_size(span.start)?;
            span.start
        }
    })
}

/// Save the rendered tag `tag` (see [`render`]) to the file in `t`, in place of its old tag
/// (see the module's documentation for where that goes).
///
/// # Errors
/// `mutagen.apev2.error` where the old tag cannot be located (see [`super::find`]); Python's
/// `ValueError` for an old tag at the start that ends past the end of the file; the target's
/// I/O errors.
pub fn save(t: &mut dyn Target, tag: &[u8]) -> Result<()> {
    let at = make_room(t)?;
    t.write_at(at, tag)?;
    t.flush()
}

/// Save a tag holding `items` to the file in `t`, as [`save`] does with the rendered tag. The
/// tag goes to the target as parts: the header, each item's size, flags and key, each item's
/// value as the caller holds it (never copied into a buffer of the whole tag), the footer.
///
/// # Errors
/// As [`prepare`], before anything is written; as [`save`].
pub fn save_items(t: &mut dyn Target, items: &[Item<'_>]) -> Result<()> {
    let prepared = prepare(items)?;
    let header = frame(prepared.size, prepared.count, HAS_HEADER | IS_HEADER);
    let footer = frame(prepared.size, prepared.count, HAS_HEADER);
    let heads: Vec<Vec<u8>> = prepared
        .order
        .iter()
        .map(|&i| {
            let item = &items[i];
            [&item.head()[..], item.key, &[0]].concat()
        })
        .collect();
    let mut parts: Vec<&[u8]> = Vec::with_capacity(2 * heads.len() + 2);
    parts.push(&header);
    for (head, &i) in heads.iter().zip(&prepared.order) {
        parts.push(head);
        parts.push(items[i].value);
    }
    parts.push(&footer);
    let at = make_room(t)?;
    t.write_parts_at(at, &parts)?;
    t.flush()
}

/// Remove the tag of the file in `t`, if it has one; whether it had.
///
/// # Errors
/// As [`save`].
pub fn delete(t: &mut dyn Target) -> Result<bool> {
    let len = t.size()?;
    let Some(span) = find_in(t, len)? else {
        return Ok(false);
    };
    cut(t, &span, len)?;
    t.flush()?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apev2::{read, ApeValue};
    use crate::source::SliceSource;

    fn item<'a>(key: &'a str, kind: u8, value: &'a [u8]) -> Item<'a> {
        Item {
            key: key.as_bytes(),
            kind,
            value,
        }
    }

    fn read_back(file: &[u8]) -> Vec<(String, ApeValue)> {
        read(&SliceSource::new(file))
            .unwrap()
            .items
            .into_iter()
            .map(|i| (i.key, i.value))
            .collect()
    }

    #[test]
    fn a_rendered_tag_reads_back_sorted_by_length_then_bytes() {
        let items = [
            item("Title", 0, b"a longer title"),
            item("Artist", 0, b"b"),
            item("Album", 0, b"c"),
            item("Cover", 1, &[0, 1, 2]),
        ];
        let tag = render(&items).unwrap();
        assert_eq!(&tag[..8], b"APETAGEX");
        assert_eq!(&tag[tag.len() - 32..tag.len() - 24], b"APETAGEX");
        let mut file = b"audio".to_vec();
        save(&mut file, &tag).unwrap();
        let keys: Vec<String> = read_back(&file).into_iter().map(|(k, _)| k).collect();
        // Album and Artist render to the same length; "Alb" < "Art".
        assert_eq!(keys, ["Album", "Artist", "Cover", "Title"]);
        assert_eq!(&file[..5], b"audio");
    }

    #[test]
    fn save_replaces_the_tag_and_what_follows_it_at_the_end() {
        let old = render(&[item("Title", 0, b"old title, long")]).unwrap();
        let mut file = b"audio".to_vec();
        file.extend_from_slice(&old);
        let mut v1 = b"TAG".to_vec();
        v1.resize(128, 0);
        file.extend_from_slice(&v1);
        let new = render(&[item("Title", 0, b"new")]).unwrap();
        save(&mut file, &new).unwrap();
        let mut want = b"audio".to_vec();
        want.extend_from_slice(&new);
        assert_eq!(file, want);
    }

    #[test]
    fn save_moves_a_tag_at_the_start_to_the_end() {
        let old = render(&[item("Title", 0, b"old")]).unwrap();
        // A header-only tag at the start: its size still counts a footer.
        let mut file = old[..old.len() - 32].to_vec();
        file.extend_from_slice(&[0u8; 32]);
        file.extend_from_slice(b"audio bytes");
        let new = render(&[item("Title", 0, b"new")]).unwrap();
        save(&mut file, &new).unwrap();
        let mut want = b"audio bytes".to_vec();
        want.extend_from_slice(&new);
        assert_eq!(file, want);
    }

    #[test]
    fn a_header_at_the_start_too_large_for_the_file_is_refused_untouched() {
        let mut file = frame(1000, 1, HAS_HEADER | IS_HEADER).to_vec();
        file.extend_from_slice(b"audio");
        let before = file.clone();
        let err = save(&mut file, &render(&[]).unwrap()).unwrap_err();
        assert!(matches!(
            err,
            Error::Malformed(ErrorKind::BuiltinValueError, _)
        ));
        assert_eq!(file, before);
    }

    #[test]
    fn items_saved_straight_into_the_target_are_the_rendered_tag() {
        let items = [
            item("Cover Art (Front)", 1, &[9; 300]),
            item("Title", 0, b"t"),
            item("TITLE2", 2, b"http://x"),
        ];
        let mut a = b"audio".to_vec();
        let mut b = a.clone();
        save(&mut a, &render(&items).unwrap()).unwrap();
        save_items(&mut b, &items).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn delete_keeps_an_id3v1_tag_after_the_tag() {
        let mut file = b"audio".to_vec();
        file.extend_from_slice(&render(&[item("Title", 0, b"t")]).unwrap());
        let mut v1 = b"TAG".to_vec();
        v1.resize(128, b'x');
        file.extend_from_slice(&v1);
        assert!(delete(&mut file).unwrap());
        let mut want = b"audio".to_vec();
        want.extend_from_slice(&v1);
        assert_eq!(file, want);
        assert!(!delete(&mut file).unwrap());
    }

    #[test]
    fn old_header_remnants_before_the_tag_go_with_it() {
        let tag = render(&[item("Title", 0, b"t")]).unwrap();
        let mut file = b"audio".to_vec();
        // Two 24-byte remnants of older headers.
        for _ in 0..2 {
            file.extend_from_slice(&frame(0, 0, 0)[..24]);
        }
        file.extend_from_slice(&tag);
        let span = locate(&SliceSource::new(&file)).unwrap().unwrap();
        assert_eq!(span.start, 5);
        assert!(delete(&mut file).unwrap());
        assert_eq!(file, b"audio");
    }
}
