//! Text decoding shared by the tag readers.
//!
//! The decoders here reproduce Python's codecs as mutagen uses them: strict UTF-8, UTF-16 with
//! byte-order-mark detection (little-endian when there is none), UTF-16BE, and Latin-1, each
//! stopping at the first NUL character the way mutagen's `decode_terminated` does.

use super::strings::TagString;

/// Decode ISO-8859-1: every byte is the code point of the same value.
#[must_use]
pub fn latin1(bytes: &[u8]) -> TagString {
    #[cfg(feature = "utf8-trusted")]
    {
        latin1_trusted(bytes)
    }
    #[cfg(not(feature = "utf8-trusted"))]
    {
        if bytes.is_ascii() {
            // ASCII is valid UTF-8 byte for byte.
            if let Ok(text) = std::str::from_utf8(bytes) {
                return text.to_owned();
            }
        }
        // Every byte from 0x80 up takes two bytes of UTF-8: sized once, no regrowth.
        let high = bytes.iter().filter(|&&b| b >= 0x80).count();
        let mut out = TagString::with_capacity(bytes.len() + high);
        out.extend(bytes.iter().map(|&b| char::from(b)));
        out
    }
}

/// `parts` one after the other, decoded as ISO-8859-1 ([`latin1`]) into one string of the
/// exact size: a key such as `----:com.apple.iTunes:NAME` without the formatting machinery.
#[must_use]
pub fn latin1_concat(parts: &[&[u8]]) -> TagString {
    let bytes = || parts.iter().flat_map(|p| p.iter().copied());
    let high = bytes().filter(|&b| b >= 0x80).count();
    let len: usize = parts.iter().map(|p| p.len()).sum();
    let mut out = TagString::with_capacity(len + high);
    out.extend(bytes().map(char::from));
    out
}

/// [`latin1`] building the UTF-8 bytes directly: ASCII bytes are copied as they are, and every
/// other byte becomes its two-byte UTF-8 sequence; the result is not validated again.
#[cfg(feature = "utf8-trusted")]
#[allow(unsafe_code)]
fn latin1_trusted(bytes: &[u8]) -> TagString {
    let high = bytes.iter().filter(|&&b| b >= 0x80).count();
    let mut out = Vec::with_capacity(bytes.len() + high);
    if high == 0 {
        out.extend_from_slice(bytes);
    } else {
        for &b in bytes {
            if b < 0x80 {
                out.push(b);
            } else {
                out.push(0xC0 | (b >> 6));
                out.push(0x80 | (b & 0x3F));
            }
        }
    }
    // SAFETY: every byte below 0x80 is a one-byte UTF-8 sequence, and every other byte was
    // written as the two-byte sequence of its code point (U+0080..U+00FF: lead 0xC2 or 0xC3,
    // then a continuation byte), so `out` is valid UTF-8.
    unsafe { String::from_utf8_unchecked(out) }
}

/// The text encodings of ID3v2 (the values of its encoding byte).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum TextEncoding {
    /// ISO-8859-1.
    Latin1 = 0,
    /// UTF-16 with an optional byte order mark (little-endian without one).
    Utf16 = 1,
    /// UTF-16 big-endian, no byte order mark.
    Utf16Be = 2,
    /// UTF-8.
    Utf8 = 3,
}

impl TextEncoding {
    /// The encoding for an ID3v2 encoding byte, if it is one of the four.
    #[must_use]
    pub fn from_id3(b: u8) -> Option<Self> {
        #[cfg(feature = "branchless")]
        {
            // Every byte above 3 clamps to the one `None` entry.
            const TABLE: [Option<TextEncoding>; 5] = [
                Some(TextEncoding::Latin1),
                Some(TextEncoding::Utf16),
                Some(TextEncoding::Utf16Be),
                Some(TextEncoding::Utf8),
                None,
            ];
            TABLE[usize::from(b.min(4))]
        }
        #[cfg(not(feature = "branchless"))]
        match b {
            0 => Some(TextEncoding::Latin1),
            1 => Some(TextEncoding::Utf16),
            2 => Some(TextEncoding::Utf16Be),
            3 => Some(TextEncoding::Utf8),
            _ => None,
        }
    }

    /// The width in bytes of this encoding's NUL terminator: 2 for the UTF-16 encodings, 1
    /// for the others.
    #[must_use]
    pub fn terminator_len(self) -> usize {
        #[cfg(feature = "branchless")]
        {
            const WIDTHS: [usize; 4] = [1, 2, 2, 1];
            WIDTHS[self as usize & 3]
        }
        #[cfg(not(feature = "branchless"))]
        match self {
            TextEncoding::Latin1 | TextEncoding::Utf8 => 1,
            TextEncoding::Utf16 | TextEncoding::Utf16Be => 2,
        }
    }
}

/// Why a terminated decode failed: the bytes are not valid in the encoding, or (in strict mode)
/// no terminator was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DecodeError;

/// Decode `data` up to the first NUL character, as mutagen's `decode_terminated` does.
///
/// Returns the text and how many bytes were consumed (the terminator included). Without a
/// terminator the whole input is decoded and consumed, or, when `strict`, that is an error.
pub fn decode_terminated(
    data: &[u8],
    enc: TextEncoding,
    strict: bool,
) -> Result<(TagString, usize), DecodeError> {
    match enc {
        TextEncoding::Latin1 | TextEncoding::Utf8 => {
            let (chunk, used, found) = match memchr::memchr(0, data) {
                Some(i) => (&data[..i], i + 1, true),
                None => (data, data.len(), false),
            };
            let text = if enc == TextEncoding::Latin1 {
                latin1(chunk)
            } else {
                super::utf8::validate(chunk).ok_or(DecodeError)?.to_owned()
            };
            if !found && strict {
                return Err(DecodeError);
            }
            Ok((text, used))
        }
        TextEncoding::Utf16 => utf16_terminated(data, None, strict),
        TextEncoding::Utf16Be => utf16_terminated(data, Some(true), strict),
    }
}

/// Python's incremental UTF-16 decoding fed one byte at a time, stopping at the first U+0000.
/// `big_endian` is `None` for the "utf-16" codec, whose incremental decoder fails on data that
/// does not start with a byte order mark.
///
/// Text of ASCII units up to the terminator (a zero unit at an even offset after the byte
/// order mark) is found in one scan and copied. Other text has its terminator found first,
/// then the units before it are decoded at once (see [`utf16_units`]), unpaired surrogates
/// refused as Python does. Without a terminator, a dangling byte or high surrogate at the end
/// is an error of the final decode.
fn utf16_terminated(
    data: &[u8],
    big_endian: Option<bool>,
    strict: bool,
) -> Result<(TagString, usize), DecodeError> {
    let (be, start) = match big_endian {
        Some(be) => (be, 0),
        None => match data {
            [0xFF, 0xFE, ..] => (false, 2),
            [0xFE, 0xFF, ..] => (true, 2),
            [_, _, ..] => return Err(DecodeError),
            // Too short for a byte order mark: nothing decoded yet.
            _ => (false, 0),
        },
    };
    let units = data.get(start..).unwrap_or(&[]);
    // The common case in one scan: ASCII units up to the terminator (a unit of 1..=0x7F is
    // ASCII; the scan stops at the first other one, the terminator included).
    let lo = usize::from(be);
    let stop = if be {
        units
            .chunks_exact(2)
            .position(|u| u16::from_be_bytes([u[0], u[1]]).wrapping_sub(1) >= 0x7F)
    } else {
        units
            .chunks_exact(2)
            .position(|u| u16::from_le_bytes([u[0], u[1]]).wrapping_sub(1) >= 0x7F)
    };
    let ascii = |body: &[u8]| -> TagString {
        let bytes: Vec<u8> = body.chunks_exact(2).map(|u| u[lo]).collect();
        TagString::from_utf8(bytes).unwrap_or_default()
    };
    let from = match stop {
        Some(k) if units[2 * k..2 * k + 2] == [0, 0] => {
            return Ok((ascii(&units[..2 * k]), start + 2 * k + 2));
        }
        None if units.len() % 2 == 1 || strict => return Err(DecodeError),
        None => return Ok((ascii(units), data.len())),
        Some(k) => k,
    };
    let terminator = units[2 * from..]
        .chunks_exact(2)
        .position(|u| u == [0, 0])
        .map(|k| from + k);
    let (body, used) = if let Some(k) = terminator {
        (&units[..2 * k], start + 2 * k + 2)
    } else {
        if units.len() % 2 == 1 || strict {
            return Err(DecodeError);
        }
        (units, data.len())
    };
    let text = utf16_units(body, be).ok_or(DecodeError)?;
    Ok((text, used))
}

/// `body` (whole 16-bit units) decoded as UTF-16 in the given byte order, `None` where a
/// surrogate is unpaired. All-ASCII text (the common case) is copied byte by byte; other text
/// is decoded by `encoding_rs`.
fn utf16_units(body: &[u8], be: bool) -> Option<TagString> {
    // Which byte of a unit holds its low eight bits.
    let (lo, hi) = if be { (1, 0) } else { (0, 1) };
    if body.len().is_multiple_of(2) && body.chunks_exact(2).all(|u| u[hi] == 0 && u[lo] < 0x80) {
        let ascii: Vec<u8> = body.chunks_exact(2).map(|u| u[lo]).collect();
        return TagString::from_utf8(ascii).ok();
    }
    let encoding = if be {
        encoding_rs::UTF_16BE
    } else {
        encoding_rs::UTF_16LE
    };
    encoding
        .decode_without_bom_handling_and_without_replacement(body)
        .map(std::borrow::Cow::into_owned)
}

/// The first code point of every run of ten decimal digits (Unicode category Nd, as of the
/// Unicode 14 data Python 3.11 uses): digit `d` of a run starting at `z` is `z + d`.
const DIGIT_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// The value of a decimal digit character (Python's `unicodedata.decimal`), if it is one.
#[must_use]
pub fn decimal_value(c: char) -> Option<u32> {
    let c = u32::from(c);
    let i = DIGIT_ZEROS.partition_point(|&z| z <= c);
    let zero = *DIGIT_ZEROS.get(i.checked_sub(1)?)?;
    let d = c - zero;
    (d < 10).then_some(d)
}

/// Python's `str.isdecimal`: non-empty and every character a decimal digit.
#[must_use]
pub fn py_isdecimal(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| decimal_value(c).is_some())
}

/// Whether `c` is whitespace as Python's `str.isspace` sees it.
#[must_use]
pub fn py_isspace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `int(s)`: optional surrounding whitespace, an optional sign, then decimal digits
/// (any script) with single underscores between them. `None` where Python raises
/// `ValueError`, or where the value does not fit in an `i64`.
#[must_use]
pub fn py_int(s: &str) -> Option<i64> {
    let s = s.trim_matches(py_isspace);
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let mut v: i64 = 0;
    for c in digits.chars() {
        if c == '_' {
            continue;
        }
        let d = decimal_value(c)?;
        v = v.checked_mul(10)?.checked_add(i64::from(d))?;
    }
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_maps_high_bytes() {
        assert_eq!(latin1(b"abc"), "abc");
        assert_eq!(latin1(&[0x41, 0xE9, 0xFF]), "A\u{e9}\u{ff}");
    }

    #[test]
    fn latin1_matches_char_by_char_decoding() {
        let all: Vec<u8> = (0..=255u8).collect();
        for len in 0..all.len() {
            for chunk in [&all[..len], &all[all.len() - len..]] {
                let want: String = chunk.iter().map(|&b| char::from(b)).collect();
                assert_eq!(latin1(chunk), want);
            }
        }
    }

    #[test]
    fn latin1_concat_is_the_parts_decoded_and_joined() {
        let all: Vec<u8> = (0..=255u8).collect();
        for (a, b) in [(0, 0), (0, 128), (100, 200), (200, 256), (0, 256)] {
            let parts: [&[u8]; 3] = [&all[a..b], b":", &all[b..]];
            let out = latin1_concat(&parts);
            assert_eq!(out, parts.iter().map(|p| latin1(p)).collect::<String>());
            assert_eq!(out.capacity(), out.len());
        }
    }

    #[test]
    fn encoding_bytes_and_terminators() {
        for b in 0..=255u8 {
            let want = match b {
                0 => Some(TextEncoding::Latin1),
                1 => Some(TextEncoding::Utf16),
                2 => Some(TextEncoding::Utf16Be),
                3 => Some(TextEncoding::Utf8),
                _ => None,
            };
            assert_eq!(TextEncoding::from_id3(b), want);
        }
        assert_eq!(TextEncoding::Latin1.terminator_len(), 1);
        assert_eq!(TextEncoding::Utf16.terminator_len(), 2);
        assert_eq!(TextEncoding::Utf16Be.terminator_len(), 2);
        assert_eq!(TextEncoding::Utf8.terminator_len(), 1);
    }

    /// Python's incremental UTF-16 decoder, one unit at a time: the behaviour
    /// `utf16_terminated` reproduces, written plainly.
    fn utf16_unit_by_unit(
        data: &[u8],
        big_endian: Option<bool>,
        strict: bool,
    ) -> Result<(String, usize), DecodeError> {
        let mut out = String::new();
        let (mut be, mut sniff) = (big_endian.unwrap_or(false), big_endian.is_none());
        let mut high: Option<u16> = None;
        let mut i = 0;
        while i + 1 < data.len() {
            let pair = [data[i], data[i + 1]];
            i += 2;
            if std::mem::take(&mut sniff) {
                match pair {
                    [0xFF, 0xFE] => continue,
                    [0xFE, 0xFF] => {
                        be = true;
                        continue;
                    }
                    _ => return Err(DecodeError),
                }
            }
            let unit = if be {
                u16::from_be_bytes(pair)
            } else {
                u16::from_le_bytes(pair)
            };
            match (unit, high.take()) {
                (0xD800..=0xDBFF, None) => high = Some(unit),
                (0xDC00..=0xDFFF, Some(h)) => {
                    let c = 0x10000 + ((u32::from(h) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                    out.push(char::from_u32(c).ok_or(DecodeError)?);
                }
                (_, Some(_)) | (0xDC00..=0xDFFF, None) => return Err(DecodeError),
                (0, None) => return Ok((out, i)),
                (_, None) => out.push(char::from_u32(u32::from(unit)).ok_or(DecodeError)?),
            }
        }
        if i < data.len() || high.is_some() || strict {
            return Err(DecodeError);
        }
        Ok((out, data.len()))
    }

    #[test]
    fn utf16_decodes_as_python_unit_by_unit() {
        // Every sequence of up to four units from an awkward set, with and without a dangling
        // byte, in both byte orders, sniffed or not, strict or not.
        const UNITS: [u16; 13] = [
            0x0000, 0x0041, 0x00E9, 0xFEFF, 0xFFFE, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0x4E2D, 0x007F,
            0x0080, 0x4100,
        ];
        let mut seqs: Vec<Vec<u16>> = vec![vec![]];
        for _ in 0..4 {
            let longer: Vec<Vec<u16>> = seqs
                .iter()
                .filter(|s| s.len() == seqs.last().map_or(0, Vec::len))
                .flat_map(|s| UNITS.iter().map(move |&u| [s.clone(), vec![u]].concat()))
                .collect();
            seqs.extend(longer);
        }
        let mut cases = 0;
        for seq in &seqs {
            for be in [false, true] {
                let mut bytes: Vec<u8> = seq
                    .iter()
                    .flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() })
                    .collect();
                for dangling in [false, true] {
                    if dangling {
                        bytes.push(0x41);
                    }
                    for mode in [None, Some(be)] {
                        for strict in [false, true] {
                            assert_eq!(
                                utf16_terminated(&bytes, mode, strict),
                                utf16_unit_by_unit(&bytes, mode, strict),
                                "{bytes:02x?} {mode:?} strict={strict}"
                            );
                            cases += 1;
                        }
                    }
                }
            }
        }
        assert!(cases > 80_000);
    }

    #[test]
    fn utf16_sniffs_bom_and_stops_at_nul() {
        let d = [0xFF, 0xFE, b'a', 0, 0, 0, b'b', 0];
        assert_eq!(
            decode_terminated(&d, TextEncoding::Utf16, false),
            Ok(("a".into(), 6))
        );
        let d = [0xFE, 0xFF, 0, b'a', 0, 0];
        assert_eq!(
            decode_terminated(&d, TextEncoding::Utf16, false),
            Ok(("a".into(), 6))
        );
        // No BOM: an error (callers retry with one).
        assert!(decode_terminated(&[b'a', 0], TextEncoding::Utf16, false).is_err());
        assert_eq!(
            decode_terminated(&[], TextEncoding::Utf16, true),
            Err(DecodeError)
        );
        assert_eq!(
            decode_terminated(&[], TextEncoding::Utf16, false),
            Ok((String::new(), 0))
        );
        // A dangling byte is an error, as is a lone surrogate.
        assert!(decode_terminated(&[0xFF, 0xFE, b'a', 0, 1], TextEncoding::Utf16, false).is_err());
        assert!(
            decode_terminated(&[0xFF, 0xFE, 0, 0xD8, b'a', 0], TextEncoding::Utf16, false).is_err()
        );
        // Surrogate pairs combine.
        let d = [0xFF, 0xFE, 0x3D, 0xD8, 0x00, 0xDE];
        assert_eq!(
            decode_terminated(&d, TextEncoding::Utf16, false),
            Ok(("\u{1F600}".into(), 6))
        );
        // BE keeps a BOM as a character.
        let d = [0xFE, 0xFF, 0, b'x'];
        assert_eq!(
            decode_terminated(&d, TextEncoding::Utf16Be, false),
            Ok(("\u{feff}x".into(), 4))
        );
        assert!(decode_terminated(&d, TextEncoding::Utf16Be, true).is_err());
    }

    #[test]
    fn utf8_is_strict() {
        assert!(decode_terminated(&[0xC3, 0x28], TextEncoding::Utf8, false).is_err());
        assert_eq!(
            decode_terminated(b"ab\0cd", TextEncoding::Utf8, true),
            Ok(("ab".into(), 3))
        );
        assert_eq!(
            decode_terminated(b"\xe9\0", TextEncoding::Latin1, true),
            Ok(("\u{e9}".into(), 2))
        );
    }

    #[test]
    fn py_int_follows_python() {
        assert_eq!(py_int("0012"), Some(12));
        assert_eq!(py_int("+5"), Some(5));
        assert_eq!(py_int("1_000"), Some(1000));
        assert_eq!(py_int("1__0"), None);
        assert_eq!(py_int(""), None);
        assert_eq!(py_int("x"), None);
        assert_eq!(py_int("\u{661}\u{667}"), Some(17));
        assert!(py_isdecimal("\u{ff11}2"));
        assert!(!py_isdecimal(""));
        assert!(!py_isdecimal("\u{b2}"));
    }
}
