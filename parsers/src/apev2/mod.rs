//! APEv2 (and APEv1) tags (`mutagen.apev2`), and the files known only by one (`APEv2File`).
//!
//! A tag is a 32-byte header and/or footer (`APETAGEX`, version, size, item count, flags)
//! around items, each a 32-bit value size, 32-bit flags (bits 1-2: the value kind), a
//! NUL-terminated ASCII key and the value. mutagen looks for the footer at the end of the
//! file, before an ID3v1 tag, or before a Lyrics3v2 block before an ID3v1 tag, and for a
//! header at the start of the file; [`find`] follows it step by step, including what its file
//! positions do with sizes that point outside the file.
//!
//! The tag is a dict whose keys compare without ASCII case: an item whose key another item
//! already has (in any case) replaces that item's value and the spelling of its key, and keeps
//! its place. [`ApeTag`] holds the items so merged, in file order.

mod find;
pub mod write;

use std::collections::HashMap;

use crate::error::{limits, Error, ErrorKind, Result};
use crate::source::Source;

pub use find::{find, locate, Location, Span};

/// Value kind: UTF-8 text (several strings separated by NUL).
pub const TEXT: u8 = 0;
/// Value kind: binary data.
pub const BINARY: u8 = 1;
/// Value kind: a UTF-8 reference (usually a URI) to data outside the tag.
pub const EXTERNAL: u8 = 2;

/// Tag flag: the tag has a header.
pub const HAS_HEADER: u32 = 1 << 31;

/// The value of one item.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum ApeValue {
    /// A text value (`APETextValue`): its strings joined by NUL.
    Text(String),
    /// A binary value (`APEBinaryValue`).
    Binary(Vec<u8>),
    /// An external reference (`APEExtValue`).
    External(String),
}

impl ApeValue {
    /// The bytes the value is stored as: text and external values in UTF-8 (a text value's
    /// strings joined by NUL), binary values as they are.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            ApeValue::Text(s) | ApeValue::External(s) => s.as_bytes(),
            ApeValue::Binary(b) => b,
        }
    }

    /// The kind number of the value: [`TEXT`], [`BINARY`] or [`EXTERNAL`].
    #[must_use]
    pub fn kind(&self) -> u8 {
        match self {
            ApeValue::Text(_) => TEXT,
            ApeValue::Binary(_) => BINARY,
            ApeValue::External(_) => EXTERNAL,
        }
    }
}

/// One item of a tag: its key (as last spelt) and value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct ApeItem {
    /// The key: 2 to 255 printable ASCII characters.
    pub key: String,
    /// The value.
    pub value: ApeValue,
}

/// An APEv2 tag as `mutagen.apev2.APEv2` loads it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct ApeTag {
    /// The items, in the order their keys first appear, keys compared without ASCII case.
    pub items: Vec<ApeItem>,
}

impl ApeTag {
    /// The value of `key`, compared without ASCII case.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&ApeValue> {
        self.items
            .iter()
            .find(|i| i.key.eq_ignore_ascii_case(key))
            .map(|i| &i.value)
    }

    /// The first string of a text value of `key`, if it has one.
    #[must_use]
    pub fn first_text(&self, key: &str) -> Option<&str> {
        match self.get(key)? {
            ApeValue::Text(t) => t.split('\0').next(),
            _ => None,
        }
    }
}

fn bad_item(msg: &'static str) -> Error {
    Error::Malformed(ErrorKind::ApeBadItem, msg)
}

/// Whether `key` may name an item, as `mutagen.apev2.is_valid_apev2_key` says: 2 to 255
/// characters from space to `~`, and none of `OggS`, `TAG`, `ID3`, `MP+`.
#[must_use]
pub fn is_valid_key(key: &[u8]) -> bool {
    (2..=255).contains(&key.len())
        && key.iter().all(|&b| (b' '..=b'~').contains(&b))
        && !matches!(key, b"OggS" | b"TAG" | b"ID3" | b"MP+")
}

/// Parse the items of a tag body (`count` from the header), as `APEv2.__parse_tag` does: it
/// stops early where the body ends exactly at an item's start, and fails on an item cut short.
///
/// # Errors
/// `mutagen.apev2.error` for an item header cut short; `APEBadItemError` for a bad kind, key
/// or value, or a text value that is not UTF-8; a limit error past
/// [`limits::MAX_APE_ITEMS`] items.
pub fn parse_items(body: &[u8], count: u32) -> Result<ApeTag> {
    let mut tag = ApeTag::default();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut pos = 0usize;
    let mut parsed = 0usize;
    for _ in 0..count {
        let rest = body.get(pos..).unwrap_or_default();
        if rest.is_empty() {
            break;
        }
        let Some(head) = rest.get(..8) else {
            return Err(Error::Malformed(ErrorKind::ApeV2, ""));
        };
        parsed += 1;
        if parsed > limits::MAX_APE_ITEMS {
            return Err(Error::Limit(ErrorKind::ApeV2, limits::MSG_APE_ITEMS));
        }
        let size = u32::from_le_bytes([head[0], head[1], head[2], head[3]]);
        let flags = u32::from_le_bytes([head[4], head[5], head[6], head[7]]);
        let kind = ((flags & 6) >> 1) as u8;
        if kind == 3 {
            return Err(bad_item("value type must be 0, 1, or 2"));
        }
        let after = rest.get(8..).unwrap_or_default();
        if after.is_empty() {
            return Err(bad_item(""));
        }
        // The key runs to its NUL; a key the body ends in without one is cut short.
        let key_bytes = match after.iter().position(|&b| b == 0) {
            Some(n) => after.get(..n).unwrap_or_default(),
            None => return Err(bad_item("")),
        };
        let key_len = key_bytes.len() + 1;
        if !key_bytes.is_ascii() {
            return Err(Error::detailed(
                ErrorKind::ApeBadItem,
                ascii_error(key_bytes),
            ));
        }
        if !is_valid_key(key_bytes) {
            return Err(Error::detailed(
                ErrorKind::ApeBadItem,
                format!(
                    "{} is not a valid APEv2 key",
                    crate::error::str_repr(&String::from_utf8_lossy(key_bytes))
                ),
            ));
        }
        let start = 8 + key_len;
        let size = usize::try_from(size).unwrap_or(usize::MAX);
        let Some(data) = rest.get(start..).and_then(|r| r.get(..size)) else {
            return Err(bad_item(""));
        };
        pos = pos.saturating_add(start + size);
        let value = match kind {
            TEXT | EXTERNAL => {
                let Some(text) = crate::util::utf8::validate(data) else {
                    return Err(Error::detailed(ErrorKind::ApeBadItem, utf8_error(data)));
                };
                let text = text.to_owned();
                if kind == TEXT {
                    ApeValue::Text(text)
                } else {
                    ApeValue::External(text)
                }
            }
            _ => ApeValue::Binary(crate::source::copy_to_vec(data)),
        };
        // Keys are printable ASCII here, so this is their `str.lower()`.
        let key = String::from_utf8_lossy(key_bytes).into_owned();
        let lower = key.to_ascii_lowercase();
        if let Some(&i) = index.get(&lower) {
            if let Some(item) = tag.items.get_mut(i) {
                *item = ApeItem { key, value };
            }
        } else {
            index.insert(lower, tag.items.len());
            tag.items.push(ApeItem { key, value });
        }
    }
    Ok(tag)
}

/// The message of Python's `UnicodeDecodeError` for a key that is not ASCII.
fn ascii_error(key: &[u8]) -> String {
    let at = key.iter().position(|b| !b.is_ascii()).unwrap_or(0);
    let byte = key.get(at).copied().unwrap_or(0);
    format!(
        "'ascii' codec can't decode byte 0x{byte:02x} in position {at}: ordinal not in range(128)"
    )
}

/// The message of Python's `UnicodeDecodeError` for a value that is not UTF-8 (the position
/// of the first bad byte; the reason is summarised).
fn utf8_error(data: &[u8]) -> String {
    let at = match std::str::from_utf8(data) {
        Err(e) => e.valid_up_to(),
        Ok(_) => 0,
    };
    let byte = data.get(at).copied().unwrap_or(0);
    let reason = if (0x80..0xC2).contains(&byte) || byte > 0xF4 {
        "invalid start byte"
    } else if at + 1 >= data.len() {
        "unexpected end of data"
    } else {
        "invalid continuation byte"
    };
    format!("'utf-8' codec can't decode byte 0x{byte:02x} in position {at}: {reason}")
}

/// Read the APEv2 tag of a file as `mutagen.apev2.APEv2(path)` does.
///
/// # Errors
/// `APENoHeaderError` where the file has no tag (or an empty one); `mutagen.apev2.error` for a
/// header cut short or a tag said to start before the file; Python's `ValueError` (mutagen
/// lets it escape) for a footer whose size is under 31; the errors of [`parse_items`]; a limit
/// error for a tag over [`limits::MAX_APE_TAG_SIZE`].
pub fn read(src: &dyn Source) -> Result<ApeTag> {
    let Some(loc) = find(src)? else {
        return Err(no_header());
    };
    let (body, start) = loc.read_body(src)?;
    let bytes = body.get(start..).unwrap_or_default();
    if bytes.is_empty() {
        return Err(no_header());
    }
    let tag = parse_items(bytes, loc.items);
    if let std::borrow::Cow::Owned(buf) = body {
        // The body's buffer serves the next large read on this thread.
        crate::source::recycle(buf);
    }
    tag
}

/// [`read`], with `None` where the file has no tag, as `APEv2File.load` takes it.
///
/// # Errors
/// Those of [`read`] but `APENoHeaderError`.
pub fn read_optional(src: &dyn Source) -> Result<Option<ApeTag>> {
    match read(src) {
        Ok(tag) => Ok(Some(tag)),
        Err(e) if e.kind() == ErrorKind::ApeNoHeader => Ok(None),
        Err(e) => Err(e),
    }
}

fn no_header() -> Error {
    Error::Malformed(ErrorKind::ApeNoHeader, "No APE tag found")
}

/// A file known only by its APEv2 tag (`mutagen.apev2.APEv2File`): no stream info.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct ApeV2File {
    /// The tag, `None` when the file has none.
    pub tags: Option<ApeTag>,
}

/// Read a file as `mutagen.apev2.APEv2File(path)` does.
///
/// # Errors
/// Those of [`read_optional`].
pub fn read_file(src: &dyn Source) -> Result<ApeV2File> {
    Ok(ApeV2File {
        tags: read_optional(src)?,
    })
}

#[cfg(test)]
mod tests;
