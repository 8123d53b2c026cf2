//! Vorbis comments, shared by FLAC and the Ogg codecs (`mutagen._vorbis`).
//!
//! A comment block is a little-endian length-prefixed vendor string, a little-endian comment
//! count, and that many length-prefixed `KEY=value` strings, optionally followed by a framing
//! byte. mutagen decodes every string as UTF-8 with replacement characters, splits each comment
//! at its first `=` (a comment without one gets the key `unknown<i>`), replaces non-ASCII
//! characters of the key by `?`, and drops comments whose key is not a valid Vorbis key.
//!
//! Two reading modes exist, because mutagen reads the same bytes two ways:
//! - [`parse`] reads from bytes already in memory, as `VComment(bytes)` does: a string whose
//!   length runs past the end is cut short silently, and only a missing length field fails.
//! - [`parse_strict`] reads from a [`Source`] as FLAC does (through its strict file object):
//!   every read must return all the bytes asked for, or the whole read fails.

use std::borrow::Cow;

use crate::error::{limits, short_read, short_read_refused, str_repr, Error, ErrorKind, Result};
use crate::source::Source;
use crate::util::strings::{from_utf8_lossy, key, key_fmt, key_from_string, Key, TagString};
use crate::util::unchecked::{read_u32_le_unchecked, slice_unchecked, unchecked};

/// The message of the error for a block whose length fields run out (mutagen's
/// `_vorbis.error("file is not a valid Vorbis comment")`).
pub const MSG_INVALID: &str = "file is not a valid Vorbis comment";
/// The message of the error for a framing byte whose low bit is clear (mutagen raises
/// `VorbisUnsetFrameError` for it).
pub const MSG_UNSET_FRAMING: &str = "framing bit was unset";
/// The message of the error for a framing byte that is missing altogether: mutagen fails here
/// with a bare `IndexError` (kind [`ErrorKind::BuiltinIndexError`]) indexing the empty read,
/// whose message this is.
pub const MSG_NO_FRAMING_BYTE: &str = "bytearray index out of range";
/// The message short strict reads had before they said how many bytes were asked for and
/// read (`"file said 8 bytes, read 3 bytes"`, as mutagen's); no error has it now.
pub const MSG_SHORT_READ: &str = "file said more bytes than it holds";
/// The message of the error for a comment without `=` that [`TextErrors::Strict`] refuses
/// (mutagen's `VorbisEncodingError` around the `ValueError` of its unpacking); its kind is
/// [`ErrorKind::VorbisEncoding`]. A key with a non-ASCII character is refused with that kind
/// too, as `"invalid tag name 'k\u{e9}y'"`.
pub const MSG_ENCODING: &str = "not enough values to unpack (expected 2, got 1)";
/// The message of the error for a string that is not UTF-8 under [`TextErrors::Strict`]
/// (mutagen lets Python's `UnicodeDecodeError` escape); its kind is [`ErrorKind::UnicodeDecode`].
pub const MSG_NOT_UTF8: &str = "'utf-8' codec can't decode the comment";

/// How text problems in a comment block are handled, as the `errors` argument of mutagen's
/// `VComment.load` handles them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum TextErrors {
    /// Undecodable bytes become U+FFFD, a comment without `=` gets the key `unknown<i>`, and
    /// non-ASCII characters of a key become `?` (mutagen's default).
    #[default]
    Replace,
    /// Undecodable bytes and the non-ASCII characters of a key are dropped, and a comment
    /// without `=` is skipped.
    Ignore,
    /// Any of those is an error ([`MSG_NOT_UTF8`], [`MSG_ENCODING`]).
    Strict,
}

impl TextErrors {
    /// The mode for one of Python's error handler names (`"replace"`, `"ignore"`,
    /// `"strict"`); `None` for any other name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<TextErrors> {
        Some(match name {
            "replace" => TextErrors::Replace,
            "ignore" => TextErrors::Ignore,
            "strict" => TextErrors::Strict,
            _ => return None,
        })
    }
}

fn encoding_error() -> Error {
    Error::Malformed(ErrorKind::VorbisEncoding, MSG_ENCODING)
}

/// Decode UTF-8 under `errors`.
fn decode(bytes: &[u8], errors: TextErrors) -> Result<TagString> {
    match errors {
        TextErrors::Replace => Ok(from_utf8_lossy(bytes)),
        TextErrors::Strict => crate::util::utf8::validate(bytes)
            .map(TagString::from)
            .ok_or(Error::Malformed(ErrorKind::UnicodeDecode, MSG_NOT_UTF8)),
        TextErrors::Ignore => {
            let mut out = String::with_capacity(bytes.len());
            for chunk in bytes.utf8_chunks() {
                out.push_str(chunk.valid());
            }
            Ok(TagString::from(out))
        }
    }
}

/// A Vorbis comment block as mutagen's `VComment` reads it: the vendor string and the
/// `(key, value)` pairs in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct VorbisComment {
    /// The vendor string.
    pub vendor: TagString,
    /// The comments, in file order, with duplicate keys kept and the keys' case as written.
    /// Comments mutagen drops (invalid keys) are not here.
    pub comments: Vec<(Key, TagString)>,
    /// How many bytes the block took, framing byte included (mutagen's `VComment._size`; Ogg
    /// Vorbis counts what follows as padding).
    pub size: usize,
}

/// Parse a Vorbis comment block from bytes in memory, as `VComment(data, framing=framing)`
/// does. With `framing`, a framing byte with its low bit set must follow the comments, as in
/// Ogg Vorbis; FLAC and the other Ogg codecs have none.
///
/// Errors (all of kind [`ErrorKind::VorbisComment`]): [`MSG_INVALID`] when a length or count
/// field is cut short, [`MSG_UNSET_FRAMING`] and [`MSG_NO_FRAMING_BYTE`] for the framing byte.
/// A string whose declared length runs past the end is read as what remains, as mutagen reads it.
pub fn parse(data: &[u8], framing: bool) -> Result<VorbisComment> {
    parse_with(data, framing, TextErrors::Replace)
}

/// [`parse`] with text problems handled as `errors` says (mutagen's `VComment.load(...,
/// errors=...)`).
pub fn parse_with(data: &[u8], framing: bool, errors: TextErrors) -> Result<VorbisComment> {
    let mut reader = LenientReader { data, pos: 0 };
    let mut vc = read_block(&mut reader, errors)?;
    if framing {
        match reader.take(1).first() {
            None => {
                return Err(Error::Malformed(
                    ErrorKind::BuiltinIndexError,
                    MSG_NO_FRAMING_BYTE,
                ))
            }
            Some(b) if b & 1 == 0 => {
                return Err(Error::Malformed(
                    ErrorKind::VorbisUnsetFrame,
                    MSG_UNSET_FRAMING,
                ))
            }
            Some(_) => {}
        }
    }
    vc.size = reader.pos;
    Ok(vc)
}

/// Parse a Vorbis comment block (without framing byte) that starts at `offset` of `src`, the
/// way FLAC reads one: every length must fit in what remains of the input, otherwise the read
/// fails with an error of kind `kind` (`"file said N bytes, read M bytes"`, as mutagen's strict reads) before anything is allocated for it.
/// `size` in the result is how far the block reached, so the caller knows where the next
/// thing starts.
pub fn parse_strict(src: &dyn Source, offset: u64, kind: ErrorKind) -> Result<VorbisComment> {
    let mut reader = StrictReader {
        src,
        pos: offset,
        kind,
    };
    let mut vc = read_block(&mut reader, TextErrors::Replace)?;
    // The reader only moves forward from `offset`, and never past the end of `src`.
    vc.size = usize::try_from(reader.pos - offset).unwrap_or(usize::MAX);
    Ok(vc)
}

/// How far the comment block at `offset` of `src` reaches, with [`parse_strict`]'s checks and
/// errors but none of its strings read: a writer that only needs to know where the block ends
/// (FLAC's save, walking to the audio) reads the length fields alone.
///
/// # Errors
/// As [`parse_strict`], for a length field or a string that runs past the end of `src`, or
/// more comments than the limit allows.
pub fn skip_strict(src: &dyn Source, offset: u64, kind: ErrorKind) -> Result<u64> {
    let mut r = StrictReader {
        src,
        pos: offset,
        kind,
    };
    let vendor_len = r.u32_le()?;
    r.skip(vendor_len)?;
    let count = r.u32_le()?;
    // Every pass reads a four-byte length, so the loop ends when the data does.
    for i in 0..count {
        if i as usize >= limits::MAX_VALUES {
            return Err(Error::Limit(kind, limits::MSG_VALUES));
        }
        let len = r.u32_le()?;
        r.skip(len)?;
    }
    Ok(r.pos - offset)
}

/// The bytes of a comment block, as `VComment.write` renders it: the vendor, the count and
/// each comment as `key=value`, all UTF-8 with little-endian lengths, then a framing byte of 1
/// with `framing`. Fails when a length or the count does not fit in 32 bits.
pub fn render<'a>(
    vendor: &str,
    comments: impl ExactSizeIterator<Item = (&'a str, &'a str)> + Clone,
    framing: bool,
) -> Result<Vec<u8>> {
    let size = rendered_len(vendor, comments.clone(), framing)?;
    let mut out = vec![0u8; size];
    render_to(&mut out, vendor, comments, framing);
    Ok(out)
}

/// The length of [`render`]'s bytes, after its checks: every length and the count must fit in
/// 32 bits.
pub fn rendered_len<'a>(
    vendor: &str,
    comments: impl ExactSizeIterator<Item = (&'a str, &'a str)>,
    framing: bool,
) -> Result<usize> {
    let fits = |n: usize| {
        u32::try_from(n)
            .map(|_| ())
            .map_err(|_| Error::Limit(ErrorKind::VorbisComment, "comment too long"))
    };
    fits(vendor.len())?;
    fits(comments.len())?;
    let mut size = 8 + vendor.len() + usize::from(framing);
    for (key, value) in comments {
        let len = key.len().saturating_add(1).saturating_add(value.len());
        fits(len)?;
        size = size.saturating_add(4 + len);
    }
    Ok(size)
}

/// Write [`render`]'s bytes into `out`, a buffer of [`rendered_len`] bytes (checked first by
/// it): as much as fits when it is shorter.
pub fn render_to<'a>(
    out: &mut [u8],
    vendor: &str,
    comments: impl ExactSizeIterator<Item = (&'a str, &'a str)>,
    framing: bool,
) {
    let mut w = SliceWriter { out, at: 0 };
    // The lengths were checked by `rendered_len`; a longer one is cut, never reached.
    let len32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes();
    w.put(&len32(vendor.len()));
    w.put(vendor.as_bytes());
    w.put(&len32(comments.len()));
    for (key, value) in comments {
        w.put(&len32(key.len() + 1 + value.len()));
        w.put(key.as_bytes());
        w.put(b"=");
        w.put(value.as_bytes());
    }
    if framing {
        w.put(&[1]);
    }
}

/// Bytes written one after another into a slice, as far as it reaches.
struct SliceWriter<'a> {
    out: &'a mut [u8],
    at: usize,
}

impl SliceWriter<'_> {
    fn put(&mut self, bytes: &[u8]) {
        let room = self.out.len().saturating_sub(self.at);
        let n = bytes.len().min(room);
        self.out[self.at..self.at + n].copy_from_slice(&bytes[..n]);
        self.at += n;
    }
}

/// Whether `key` is a valid Vorbis comment key: not empty, and every character between
/// space and `}` inclusive, except `=`.
#[must_use]
pub fn is_valid_key(key: &str) -> bool {
    !key.is_empty() && key.chars().all(|c| (' '..='}').contains(&c) && c != '=')
}

/// One way of reading the bytes of a block.
trait Reader {
    /// Exactly four bytes as a little-endian `u32`, or the error for a short length field.
    fn u32_le(&mut self) -> Result<u32>;
    /// Up to `n` bytes (exactly `n` for a strict reader, which fails otherwise).
    fn bytes(&mut self, n: u32) -> Result<Cow<'_, [u8]>>;
    /// The kind of the errors this reader raises.
    fn kind(&self) -> ErrorKind;
}

/// Reads from a slice; strings are cut short at the end, as `BytesIO.read` does.
struct LenientReader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> LenientReader<'a> {
    // `pos <= data.len()` always holds: it starts at 0 and only moves to the end of a range
    // inside `data`.
    fn take(&mut self, n: usize) -> &'a [u8] {
        let len = self.data.len();
        let pos = self.pos.min(len);
        let end = pos + n.min(len - pos);
        // SAFETY: `pos <= end <= len == data.len()` by the two `min`s above.
        let out = unchecked!(slice_unchecked(self.data, pos, end));
        self.pos = end;
        out
    }
}

impl Reader for LenientReader<'_> {
    fn u32_le(&mut self) -> Result<u32> {
        if self.data.len().saturating_sub(self.pos) < 4 {
            self.pos = self.data.len();
            return Err(Error::Malformed(ErrorKind::VorbisComment, MSG_INVALID));
        }
        // SAFETY: `pos + 4 <= data.len()` was checked just above.
        let v = unchecked!(read_u32_le_unchecked(self.data, self.pos));
        self.pos += 4;
        Ok(v)
    }

    fn bytes(&mut self, n: u32) -> Result<Cow<'_, [u8]>> {
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        Ok(Cow::Borrowed(self.take(n)))
    }

    fn kind(&self) -> ErrorKind {
        ErrorKind::VorbisComment
    }
}

/// Reads from a source; every read must be complete.
struct StrictReader<'a> {
    src: &'a dyn Source,
    pos: u64,
    kind: ErrorKind,
}

impl StrictReader<'_> {
    fn exact(&mut self, n: u64) -> Result<Cow<'_, [u8]>> {
        let remaining = self.src.len().saturating_sub(self.pos);
        if n > remaining {
            return Err(short_read_refused(self.kind, n, remaining));
        }
        // n <= remaining, and the source never gives more than what remains.
        let len = usize::try_from(n).map_err(|_| short_read_refused(self.kind, n, remaining))?;
        let data = self.src.read_at(self.pos, len)?;
        if data.len() != len {
            return Err(short_read(self.kind, n, data.len() as u64));
        }
        self.pos += n;
        Ok(data)
    }
}

impl StrictReader<'_> {
    /// Move past `n` bytes, which must all be there, without reading them.
    fn skip(&mut self, n: u32) -> Result<()> {
        let remaining = self.src.len().saturating_sub(self.pos);
        if u64::from(n) > remaining {
            return Err(short_read_refused(self.kind, u64::from(n), remaining));
        }
        self.pos += u64::from(n);
        Ok(())
    }
}

impl Reader for StrictReader<'_> {
    fn u32_le(&mut self) -> Result<u32> {
        let kind = self.kind;
        let b = self.exact(4)?;
        let arr: [u8; 4] = (&*b).try_into().map_err(|_| short_read(kind, 4, 0))?;
        Ok(u32::from_le_bytes(arr))
    }

    fn bytes(&mut self, n: u32) -> Result<Cow<'_, [u8]>> {
        self.exact(u64::from(n))
    }

    fn kind(&self) -> ErrorKind {
        self.kind
    }
}

/// Read the vendor and the comments (no framing byte).
fn read_block(r: &mut dyn Reader, errors: TextErrors) -> Result<VorbisComment> {
    if errors != TextErrors::Replace {
        return read_block_with(r, errors);
    }
    let vendor_len = r.u32_le()?;
    let vendor = from_utf8_lossy(&r.bytes(vendor_len)?);
    let count = r.u32_le()?;
    // Every pass reads a four-byte length, so the loop ends when the data does, whatever
    // `count` claims; no more than a typical block's comments are reserved up front from it.
    let mut comments = Vec::with_capacity(usize::try_from(count).map_or(0, |n| n.min(32)));
    for i in 0..count {
        if i as usize >= limits::MAX_VALUES {
            return Err(Error::Limit(r.kind(), limits::MSG_VALUES));
        }
        let len = r.u32_le()?;
        let bytes = r.bytes(len)?;
        // Split while borrowed, so that the value is copied once (cutting the key from the
        // front of a decoded copy would move the whole value again).
        if let Some(pair) = split_comment_bytes(&bytes, i) {
            comments.push(pair);
        }
    }
    Ok(VorbisComment {
        vendor,
        comments,
        size: 0,
    })
}

/// [`read_block`] for the `ignore` and `strict` modes.
fn read_block_with(r: &mut dyn Reader, errors: TextErrors) -> Result<VorbisComment> {
    let vendor_len = r.u32_le()?;
    let vendor = decode(&r.bytes(vendor_len)?, errors)?;
    let count = r.u32_le()?;
    let mut comments = Vec::new();
    for _ in 0..count {
        let len = r.u32_le()?;
        let text = decode(&r.bytes(len)?, errors)?;
        let Some((k, v)) = text.split_once('=') else {
            if errors == TextErrors::Strict {
                return Err(encoding_error());
            }
            continue;
        };
        if errors == TextErrors::Strict && !k.is_ascii() {
            return Err(Error::detailed(
                ErrorKind::VorbisEncoding,
                format!("invalid tag name {}", str_repr(k)),
            ));
        }
        let name: String = k.chars().filter(char::is_ascii).collect();
        if is_valid_key(&name) {
            comments.push((key_from_string(name), TagString::from(v)));
        }
    }
    Ok(VorbisComment {
        vendor,
        comments,
        size: 0,
    })
}

/// Split one decoded comment into `(key, value)` as mutagen does, or `None` when mutagen drops
/// it (its key is not valid).
fn split_comment(text: TagString, index: u32) -> Option<(Key, TagString)> {
    let Some(eq) = text.find('=') else {
        // "unknown<i>" is always a valid key.
        return Some((key_fmt(format_args!("unknown{index}")), text));
    };
    let k = &text[..eq];
    // Encoding the key as ASCII with replacement turns every other character into '?' (which
    // is valid in a key), so the key is valid when its ASCII characters are.
    let valid = !k.is_empty()
        && k.chars()
            .all(|c| !c.is_ascii() || ((' '..='}').contains(&c) && c != '='));
    if !valid {
        return None;
    }
    let name = if k.is_ascii() {
        key(k)
    } else {
        key_from_string(
            k.chars()
                .map(|c| if c.is_ascii() { c } else { '?' })
                .collect(),
        )
    };
    // The value keeps the decoded text's memory: the key and the `=` are cut from its front.
    let mut value = text;
    value.replace_range(..=eq, "");
    Some((name, value))
}

/// [`split_comment`] on the raw bytes: valid UTF-8 (nearly every comment) is split while
/// borrowed, and only the key and value mutagen keeps are allocated; other bytes take the
/// replacing decoder and [`split_comment`].
fn split_comment_bytes(bytes: &[u8], index: u32) -> Option<(Key, TagString)> {
    let Some(text) = crate::util::utf8::validate(bytes) else {
        return split_comment(from_utf8_lossy(bytes), index);
    };
    let Some(eq) = memchr::memchr(b'=', bytes) else {
        // "unknown<i>" is always a valid key.
        let name = key_fmt(format_args!("unknown{index}"));
        return Some((name, crate::util::strings::tag_string(text)));
    };
    let k = &bytes[..eq];
    // As in `split_comment`, on bytes: in valid UTF-8 every byte of a non-ASCII character is
    // 0x80 or more, and the key holds no '=' (it ends at the first).
    let mut ascii = true;
    for &b in k {
        if b < 0x80 && !(b' '..=b'}').contains(&b) {
            return None;
        }
        ascii &= b < 0x80;
    }
    if k.is_empty() {
        return None;
    }
    let name: Key = if ascii {
        key(&text[..eq])
    } else {
        key_from_string(
            text[..eq]
                .chars()
                .map(|c| if c.is_ascii() { c } else { '?' })
                .collect(),
        )
    };
    Some((name, crate::util::strings::tag_string(&text[eq + 1..])))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::source::SliceSource;

    fn block(vendor: &[u8], comments: &[&[u8]], framing: Option<u8>) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&(vendor.len() as u32).to_le_bytes());
        out.extend_from_slice(vendor);
        out.extend_from_slice(&(comments.len() as u32).to_le_bytes());
        for c in comments {
            out.extend_from_slice(&(c.len() as u32).to_le_bytes());
            out.extend_from_slice(c);
        }
        if let Some(f) = framing {
            out.push(f);
        }
        out
    }

    fn pairs(vc: &VorbisComment) -> Vec<(&str, &str)> {
        vc.comments
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    #[test]
    fn reads_vendor_and_comments_in_order() {
        let data = block(b"vend", &[b"TITLE=a", b"artist=b=c", b"TITLE=d"], Some(1));
        let vc = parse(&data, true).unwrap();
        assert_eq!(vc.vendor, "vend");
        assert_eq!(
            pairs(&vc),
            [("TITLE", "a"), ("artist", "b=c"), ("TITLE", "d")]
        );
        assert_eq!(vc.size, data.len());
    }

    #[test]
    fn keys_are_fixed_up_or_dropped() {
        let data = block(
            b"",
            &[
                b"noequals",
                b"=empty",
                "K\u{e9}Y=v".as_bytes(),
                b"A~B=x",
                b"a\x01=y",
                b"ok=\xff",
            ],
            None,
        );
        let vc = parse(&data, false).unwrap();
        assert_eq!(
            pairs(&vc),
            [("unknown0", "noequals"), ("K?Y", "v"), ("ok", "\u{fffd}")]
        );
    }

    #[test]
    fn framing_byte_is_checked() {
        let good = block(b"v", &[], Some(1));
        assert!(parse(&good, true).is_ok());
        let unset = block(b"v", &[], Some(0));
        let err = parse(&unset, true).unwrap_err();
        assert!(matches!(
            err,
            Error::Malformed(ErrorKind::VorbisUnsetFrame, MSG_UNSET_FRAMING)
        ));
        let missing = block(b"v", &[], None);
        let err = parse(&missing, true).unwrap_err();
        assert!(matches!(
            err,
            Error::Malformed(ErrorKind::BuiltinIndexError, MSG_NO_FRAMING_BYTE)
        ));
        // Without framing, what follows is not looked at and not counted.
        let vc = parse(&unset, false).unwrap();
        assert_eq!(vc.size, unset.len() - 1);
    }

    #[test]
    fn lenient_truncation_cuts_strings_but_not_lengths() {
        let mut data = block(b"vendor", &[b"A=long value"], None);
        data.truncate(data.len() - 6);
        let vc = parse(&data, false).unwrap();
        assert_eq!(pairs(&vc), [("A", "long")]);
        // A vendor length far past the end reads what remains, then the count is missing.
        let mut data = u32::MAX.to_le_bytes().to_vec();
        data.extend_from_slice(b"xyz");
        assert!(matches!(
            parse(&data, false),
            Err(Error::Malformed(ErrorKind::VorbisComment, _))
        ));
        assert!(parse(&[1, 0, 0], false).is_err());
    }

    #[test]
    fn huge_count_fails_when_data_ends() {
        let mut data = 0u32.to_le_bytes().to_vec();
        data.extend_from_slice(&u32::MAX.to_le_bytes());
        data.extend_from_slice(&3u32.to_le_bytes());
        data.extend_from_slice(b"a=b");
        let err = parse(&data, false).unwrap_err();
        assert!(matches!(
            err,
            Error::Malformed(ErrorKind::VorbisComment, MSG_INVALID)
        ));
    }

    #[test]
    fn strict_reads_fail_on_any_shortage() {
        let data = block(b"v", &[b"A=1"], None);
        let src = SliceSource::new(&data);
        let vc = parse_strict(&src, 0, ErrorKind::Flac).unwrap();
        assert_eq!(vc.size, data.len());
        assert_eq!(pairs(&vc), [("A", "1")]);
        let short = &data[..data.len() - 1];
        let err = parse_strict(&SliceSource::new(short), 0, ErrorKind::Flac).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Flac);
        assert_eq!(
            err.to_string(),
            "refused as hostile: file said 3 bytes, read 2 bytes"
        );
        // A hostile comment length is refused before reading.
        let mut data = block(b"v", &[], None);
        data[5] = 1;
        data.extend_from_slice(&u32::MAX.to_le_bytes());
        let err = parse_strict(&SliceSource::new(&data), 0, ErrorKind::Flac).unwrap_err();
        assert!(err.is_limit() && err.kind() == ErrorKind::Flac);
        assert_eq!(err.message(), "file said 4294967295 bytes, read 0 bytes");
    }

    /// Skipping a block ends where reading it ends, and fails where reading it fails, with the
    /// same error: every cut of a block, and blocks whose count or lengths claim too much.
    #[test]
    fn skipping_ends_and_fails_where_reading_does() {
        let mut data = b"junk".to_vec();
        data.extend_from_slice(&block(
            b"vendor",
            &[b"A=1", b"", b"TITLE=\xc3\xa9t\xc3\xa9"],
            None,
        ));
        data.extend_from_slice(b"after");
        let mut hostile = block(b"v", &[], None);
        hostile[5] = 9;
        hostile.extend_from_slice(&u32::MAX.to_le_bytes());
        let mut many = block(b"v", &[], None);
        many[5..9].copy_from_slice(&u32::MAX.to_le_bytes());
        many.extend(std::iter::repeat_n(0u8, 4 * (limits::MAX_VALUES + 1)));
        let mut inputs: Vec<(Vec<u8>, u64)> = (0..=data.len())
            .map(|cut| (data[..cut].to_vec(), 4))
            .collect();
        inputs.push((hostile, 0));
        inputs.push((many, 0));
        for (input, offset) in &inputs {
            let src = SliceSource::new(input);
            let read = parse_strict(&src, *offset, ErrorKind::Flac);
            let skipped = skip_strict(&src, *offset, ErrorKind::Flac);
            match (read, skipped) {
                (Ok(vc), Ok(size)) => assert_eq!(vc.size as u64, size),
                (Err(a), Err(b)) => {
                    assert_eq!(a.to_string(), b.to_string());
                    assert_eq!(a.kind(), b.kind());
                    assert_eq!(a.is_limit(), b.is_limit());
                }
                (a, b) => panic!("{} bytes: read {a:?}, skipped {b:?}", input.len()),
            }
        }
    }

    #[test]
    fn strict_reads_from_an_offset() {
        let mut data = b"junk".to_vec();
        data.extend_from_slice(&block(b"v", &[b"B=2"], None));
        data.extend_from_slice(b"after");
        let vc = parse_strict(&SliceSource::new(&data), 4, ErrorKind::Flac).unwrap();
        assert_eq!(vc.size, data.len() - 9);
    }

    /// The borrowing splitter gives what decoding first and splitting gives, on comments
    /// built from a small alphabet of troublesome pieces.
    #[test]
    fn borrowed_split_matches_decoded_split() {
        let pieces: [&[u8]; 9] = [
            b"A",
            b"=",
            b"~",
            b"\x01",
            "\u{e9}".as_bytes(),
            b"\xff",
            b"\xc3",
            b" ",
            b"}",
        ];
        let n = pieces.len();
        let rounds = if cfg!(miri) { 200 } else { n * n * n * n };
        for i in 0..rounds {
            let mut bytes = Vec::new();
            let mut k = i;
            for _ in 0..4 {
                bytes.extend_from_slice(pieces[k % n]);
                k /= n;
            }
            let want = split_comment(from_utf8_lossy(&bytes), 7);
            assert_eq!(split_comment_bytes(&bytes, 7), want, "{bytes:02x?}");
        }
        assert_eq!(
            split_comment_bytes(b"", 3),
            Some(("unknown3".into(), String::new()))
        );
    }

    #[test]
    fn valid_keys() {
        assert!(is_valid_key("TITLE"));
        assert!(is_valid_key(" }"));
        assert!(!is_valid_key(""));
        assert!(!is_valid_key("a=b"));
        assert!(!is_valid_key("a~"));
        assert!(!is_valid_key("\u{1f}"));
    }

    /// Every cut of a block: a length field read only when its four bytes are all there,
    /// strings cut at the end, and the right error otherwise.
    #[test]
    fn lenient_reads_at_every_length() {
        let data = block(b"vendor", &[b"A=1", b"BB=22"], Some(1));
        for cut in 0..=data.len() {
            let part = &data[..cut];
            let r = parse(part, false);
            // Length fields at 0..4, 10..14, 14..18 and 21..25 (the second string ends at 30).
            let whole_fields = [4, 14, 18, 25].iter().filter(|&&end| end <= cut).count();
            if whole_fields < 4 {
                assert!(r.is_err(), "cut {cut}");
            } else {
                let vc = r.unwrap();
                assert_eq!(vc.vendor, "vendor");
                assert_eq!(vc.comments.len(), 2, "cut {cut}");
                assert_eq!(vc.size, cut.min(30));
            }
        }
    }

    #[test]
    fn text_error_modes() {
        let no_eq = block(b"Mutagen", &[b"abc"], Some(1));
        let bad_key = block(b"Mutagen", &[b"\xc2\xaa=c"], Some(1));
        let bad_utf8 = block(b"Mutagen", &[b"k=a\xffb"], Some(1));
        for data in [&no_eq, &bad_key] {
            assert!(parse_with(data, true, TextErrors::Ignore)
                .unwrap()
                .comments
                .is_empty());
            assert!(parse_with(data, true, TextErrors::Strict).is_err());
        }
        let vc = parse_with(&bad_utf8, true, TextErrors::Ignore).unwrap();
        assert_eq!(pairs(&vc), vec![("k", "ab")]);
        assert!(parse_with(&bad_utf8, true, TextErrors::Strict).is_err());
        let vc = parse_with(&bad_utf8, true, TextErrors::Replace).unwrap();
        assert_eq!(pairs(&vc), vec![("k", "a\u{fffd}b")]);
        assert_eq!(TextErrors::from_name("ignore"), Some(TextErrors::Ignore));
        assert_eq!(TextErrors::from_name("backslashreplace"), None);
    }

    #[test]
    fn render_round_trip() {
        let data = render("vendor", [("TITLE", "a=b"), ("x", "")].into_iter(), true).unwrap();
        let vc = parse(&data, true).unwrap();
        assert_eq!(vc.vendor, "vendor");
        assert_eq!(pairs(&vc), vec![("TITLE", "a=b"), ("x", "")]);
        assert_eq!(vc.size, data.len());
        let data = render("", std::iter::empty(), false).unwrap();
        assert_eq!(data, vec![0; 8]);
    }

    #[test]
    fn rendering_into_a_buffer_gives_the_same_bytes_and_stops_at_its_end() {
        let comments = [("TITLE", "\u{e9}t\u{e9}"), ("A", "b")];
        let whole = render("v", comments.into_iter(), true).unwrap();
        let len = rendered_len("v", comments.into_iter(), true).unwrap();
        assert_eq!(len, whole.len());
        let mut buf = vec![0u8; len];
        render_to(&mut buf, "v", comments.into_iter(), true);
        assert_eq!(buf, whole);
        let mut short = vec![0u8; len - 3];
        render_to(&mut short, "v", comments.into_iter(), true);
        assert_eq!(short, whole[..len - 3]);
    }
}
