//! The objects of an ASF header and the attributes they hold, parsed as mutagen parses them.
//!
//! mutagen reads fixed fields with `struct.unpack` over slices of the payload: a slice that
//! comes out short raises `struct.error`, which the header walk turns into
//! `ASFHeaderError("truncated")`. Here such a field is an [`ErrorKind::BuiltinStructError`]
//! that [`super::read`] converts the same way. Variable-length parts (names, values, texts)
//! are slices that are cut short silently, as Python's slices are.

use super::constants::{
    codec_name, CODEC_LIST, CONTENT_DESCRIPTION, EXTENDED_CONTENT_DESCRIPTION, FILE_PROPERTIES,
    HEADER, HEADER_EXTENSION, METADATA, METADATA_LIBRARY, STREAM_PROPERTIES,
};
use super::{check_attributes, AsfFile, AsfInfo, Attribute, Object, Value};
use crate::error::{limits, Error, ErrorKind, Result};
use crate::util::text::py_isspace;

/// The names of the five texts of a content description object, in stored order.
const CONTENT_NAMES: [&str; 5] = ["Title", "Author", "Copyright", "Description", "Rating"];

fn struct_error() -> Error {
    Error::Malformed(ErrorKind::BuiltinStructError, "unpack requires more bytes")
}

/// `data[start..start + N]` as an array, or `struct.error` when the slice is short.
fn field<const N: usize>(data: &[u8], start: usize) -> Result<[u8; N]> {
    start
        .checked_add(N)
        .and_then(|end| data.get(start..end))
        .and_then(|s| <[u8; N]>::try_from(s).ok())
        .ok_or_else(struct_error)
}

fn u16_at(data: &[u8], start: usize) -> Result<u16> {
    field::<2>(data, start).map(u16::from_le_bytes)
}

fn u32_at(data: &[u8], start: usize) -> Result<u32> {
    field::<4>(data, start).map(u32::from_le_bytes)
}

/// The little-endian `u32` at `start`, if there.
pub(super) fn le_u32(data: &[u8], start: usize) -> Option<u32> {
    u32_at(data, start).ok()
}

/// The little-endian `u64` at `start`, if there.
pub(super) fn le_u64(data: &[u8], start: usize) -> Option<u64> {
    field::<8>(data, start).ok().map(u64::from_le_bytes)
}

/// Python's `data[start:end]` for indexes that may lie past the end (or cross).
fn py_slice(data: &[u8], start: u64, end: u64) -> &[u8] {
    let len = data.len() as u64;
    let start = start.min(len);
    let end = end.min(len).max(start);
    // Both within `data.len()`, which is a usize.
    data.get(start as usize..end as usize).unwrap_or(&[])
}

/// Python's `data.decode("utf-16-le")` (strict): the text, or the message of the
/// `UnicodeDecodeError` Python raises.
///
/// # Errors
/// The message, for an odd trailing byte, a high surrogate at the end or not followed by a
/// low one, or a low surrogate alone.
pub fn decode_utf16le(data: &[u8]) -> std::result::Result<String, String> {
    // Well-formed text (nearly all of it) goes through `encoding_rs`, which decodes whole runs
    // at once; the walk below only finds where and why malformed text fails.
    match encoding_rs::UTF_16LE.decode_without_bom_handling_and_without_replacement(data) {
        Some(text) => Ok(text.into_owned()),
        None => Err(utf16le_error(data)),
    }
}

/// The message of the `UnicodeDecodeError` Python raises for `data`, which is no well-formed
/// UTF-16-LE (an empty message if it is).
fn utf16le_error(data: &[u8]) -> String {
    let fail = |start: usize, end: usize, reason: &str| {
        let at = if end - start == 1 {
            format!(
                "byte 0x{:02x} in position {start}",
                data.get(start).copied().unwrap_or(0)
            )
        } else {
            format!("bytes in position {start}-{}", end - 1)
        };
        format!("'utf-16-le' codec can't decode {at}: {reason}")
    };
    let mut i = 0;
    while i < data.len() {
        let Ok(unit) = field::<2>(data, i).map(u16::from_le_bytes) else {
            return fail(i, data.len(), "truncated data");
        };
        match unit {
            0xD800..=0xDBFF => {
                let Ok(low) = field::<2>(data, i + 2).map(u16::from_le_bytes) else {
                    return fail(i, data.len(), "unexpected end of data");
                };
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return fail(i, i + 2, "illegal UTF-16 surrogate");
                }
                i += 4;
            }
            0xDC00..=0xDFFF => return fail(i, i + 2, "illegal encoding"),
            _ => i += 2,
        }
    }
    String::new()
}

/// A name or a content description text: UTF-16 with NULs stripped at both ends, where a
/// decoding failure escapes mutagen as Python's `UnicodeDecodeError`.
fn text(data: &[u8]) -> Result<String> {
    match decode_utf16le(data) {
        Ok(s) => Ok(s.trim_matches('\0').to_owned()),
        Err(msg) => Err(Error::detailed(ErrorKind::BuiltinUnicodeDecodeError, msg)),
    }
}

/// The value of an attribute of type `kind` stored as `data`, as mutagen's attribute classes
/// parse it; `dword` says whether a boolean takes four bytes (two in metadata objects).
///
/// # Errors
/// `KeyError` (as [`ErrorKind::BuiltinKeyError`]) for an unknown type; [`ErrorKind::Asf`] for
/// text that is no UTF-16; `struct.error` for a number of the wrong size.
pub fn parse_value(kind: u16, data: &[u8], dword: bool) -> Result<Value> {
    let exact = |n: usize| {
        if data.len() == n {
            Ok(())
        } else {
            Err(struct_error())
        }
    };
    Ok(match kind {
        0 => match decode_utf16le(data) {
            Ok(s) => Value::Unicode(s.trim_matches('\0').to_owned()),
            Err(msg) => return Err(Error::detailed(ErrorKind::Asf, msg)),
        },
        1 => Value::ByteArray(crate::source::copy_to_vec(data)),
        2 if dword => {
            exact(4)?;
            Value::Bool(u32_at(data, 0)? == 1)
        }
        2 => {
            exact(2)?;
            Value::Bool(u16_at(data, 0)? == 1)
        }
        3 => {
            exact(4)?;
            Value::DWord(u32_at(data, 0)?)
        }
        4 => {
            exact(8)?;
            Value::QWord(le_u64(data, 0).ok_or_else(struct_error)?)
        }
        5 => {
            exact(2)?;
            Value::Word(u16_at(data, 0)?)
        }
        6 => Value::Guid(data.to_vec()),
        other => {
            return Err(Error::detailed(
                ErrorKind::BuiltinKeyError,
                other.to_string(),
            ))
        }
    })
}

/// What the header walk gathers: the stream information, the attributes of each kind of
/// object, and the count of objects seen.
#[derive(Default)]
pub(super) struct Parser {
    info: AsfInfo,
    content: Vec<Attribute>,
    extended: Vec<Attribute>,
    metadata: Vec<Attribute>,
    library: Vec<Attribute>,
    objects: usize,
}

impl Parser {
    /// The file, once every object is parsed.
    pub(super) fn finish(mut self, objects: Vec<Object>) -> AsfFile {
        let mut attributes = self.content;
        attributes.append(&mut self.extended);
        attributes.append(&mut self.metadata);
        attributes.append(&mut self.library);
        AsfFile {
            info: self.info,
            attributes,
            objects,
        }
    }

    fn attributes(&self) -> usize {
        self.content.len() + self.extended.len() + self.metadata.len() + self.library.len()
    }

    /// Count one more object against [`limits::MAX_ASF_OBJECTS`].
    fn count_object(&mut self) -> Result<()> {
        self.objects += 1;
        if self.objects > limits::MAX_ASF_OBJECTS {
            return Err(Error::Limit(ErrorKind::AsfHeader, limits::MSG_ASF_OBJECTS));
        }
        Ok(())
    }

    /// Parse one top-level object with the GUID `guid` and payload `data`.
    ///
    /// mutagen parses the objects of a header extension as it meets them, recursing into
    /// nested header extensions; here the nesting is walked with an explicit stack (so the
    /// native stack stays flat), in the same order, failing where mutagen's recursion would
    /// ([`limits::MAX_ASF_DEPTH`]).
    pub(super) fn object(&mut self, guid: [u8; 16], data: &[u8]) -> Result<Object> {
        self.count_object()?;
        if guid != HEADER_EXTENSION {
            self.leaf(guid, data)?;
            return Ok(Object {
                guid,
                children: Vec::new(),
            });
        }
        let mut stack = vec![Extension::new(guid, data)?];
        loop {
            let Some(top) = stack.last_mut() else {
                // Not reached: the loop returns when it pops the last extension.
                return Err(struct_error());
            };
            if top.pos >= top.data_size {
                let done = stack.pop().map(Extension::finish);
                match (done, stack.last_mut()) {
                    (Some(obj), Some(parent)) => parent.children.push(obj),
                    (Some(obj), None) => return Ok(obj),
                    (None, _) => return Err(struct_error()),
                }
                continue;
            }
            let (child, body) = top.next()?;
            self.count_object()?;
            if child == HEADER_EXTENSION {
                if stack.len() >= limits::MAX_ASF_DEPTH {
                    return Err(Error::Limit(
                        ErrorKind::BuiltinRecursionError,
                        limits::MSG_ASF_DEPTH,
                    ));
                }
                stack.push(Extension::new(child, body)?);
            } else {
                self.leaf(child, body)?;
                if let Some(top) = stack.last_mut() {
                    top.children.push(Object {
                        guid: child,
                        children: Vec::new(),
                    });
                }
            }
        }
    }

    /// Parse an object that holds no others (anything but a header extension).
    fn leaf(&mut self, guid: [u8; 16], data: &[u8]) -> Result<()> {
        match guid {
            CONTENT_DESCRIPTION => self.content_description(data),
            EXTENDED_CONTENT_DESCRIPTION => self.extended_content_description(data),
            METADATA => self.metadata(data, false),
            METADATA_LIBRARY => self.metadata(data, true),
            FILE_PROPERTIES => self.file_properties(data),
            STREAM_PROPERTIES => self.stream_properties(data),
            CODEC_LIST => self.codec_list(data),
            HEADER => Err(Error::Malformed(
                ErrorKind::BuiltinNotImplementedError,
                "a header object inside the header",
            )),
            _ => Ok(()),
        }
    }

    fn content_description(&mut self, data: &[u8]) -> Result<()> {
        let lengths = field::<10>(data, 0)?;
        let mut pos: u64 = 10;
        for (i, name) in CONTENT_NAMES.iter().enumerate() {
            let length = u64::from(u16_at(&lengths, i * 2)?);
            let end = pos + length;
            if length > 0 {
                let value = text(py_slice(data, pos, end))?;
                self.content.push(Attribute {
                    name: (*name).to_owned(),
                    value: Value::Unicode(value),
                    language: None,
                    stream: None,
                });
            }
            pos = end;
        }
        Ok(())
    }

    fn extended_content_description(&mut self, data: &[u8]) -> Result<()> {
        let count = u16_at(data, 0)?;
        let mut pos: usize = 2;
        for _ in 0..count {
            let name_length = usize::from(u16_at(data, pos)?);
            pos += 2;
            let name = text(py_slice(data, pos as u64, (pos + name_length) as u64))?;
            pos += name_length;
            let kind = u16_at(data, pos)?;
            let value_length = usize::from(u16_at(data, pos + 2)?);
            pos += 4;
            let value = py_slice(data, pos as u64, (pos + value_length) as u64);
            pos += value_length;
            let value = parse_value(kind, value, true)?;
            check_attributes(self.attributes() + 1)?;
            self.extended.push(Attribute {
                name,
                value,
                language: None,
                stream: None,
            });
        }
        Ok(())
    }

    /// A metadata object, or a metadata library object (`library`), which also gives each
    /// attribute a language.
    fn metadata(&mut self, data: &[u8], library: bool) -> Result<()> {
        let count = u16_at(data, 0)?;
        let mut pos: u64 = 2;
        for _ in 0..count {
            let start = usize::try_from(pos).map_err(|_| struct_error())?;
            let record = field::<12>(data, start)?;
            let language = u16_at(&record, 0)?;
            let stream = u16_at(&record, 2)?;
            let name_length = u64::from(u16_at(&record, 4)?);
            let kind = u16_at(&record, 6)?;
            let value_length = u64::from(u32_at(&record, 8)?);
            pos += 12;
            let name = text(py_slice(data, pos, pos + name_length))?;
            pos += name_length;
            let value = py_slice(data, pos, pos + value_length);
            pos += value_length;
            let value = parse_value(kind, value, false)?;
            check_attributes(self.attributes() + 1)?;
            let attribute = Attribute {
                name,
                value,
                language: library.then_some(language),
                stream: Some(stream),
            };
            if library {
                self.library.push(attribute);
            } else {
                self.metadata.push(attribute);
            }
        }
        Ok(())
    }

    fn file_properties(&mut self, data: &[u8]) -> Result<()> {
        if data.len() < 64 {
            return Err(Error::Malformed(
                ErrorKind::Asf,
                "invalid field property entry",
            ));
        }
        let length = le_u64(data, 40).ok_or_else(struct_error)?;
        let preroll = le_u64(data, 56).ok_or_else(struct_error)?;
        // As mutagen: in floating point, and never negative (some files have a preroll
        // longer than the play duration).
        #[allow(clippy::cast_precision_loss)]
        let seconds = (length as f64 / 10_000_000.0) - (preroll as f64 / 1000.0);
        self.info.length = seconds.max(0.0);
        Ok(())
    }

    fn stream_properties(&mut self, data: &[u8]) -> Result<()> {
        let fields = field::<10>(data, 56)?;
        self.info.channels = u16_at(&fields, 0)?;
        self.info.sample_rate = u32_at(&fields, 2)?;
        self.info.bitrate = u64::from(u32_at(&fields, 6)?) * 8;
        Ok(())
    }

    fn codec_list(&mut self, data: &[u8]) -> Result<()> {
        let count = u32_at(data, 16)?;
        let mut offset: usize = 20;
        for _ in 0..count {
            let Some((next, kind, name, description, codec)) = codec_entry(data, offset) else {
                return Err(Error::Malformed(ErrorKind::Asf, "invalid codec entry"));
            };
            offset = next;
            // mutagen goes with the first audio entry.
            if kind == 2 {
                self.info.codec_type = codec;
                name.trim_matches(py_isspace)
                    .clone_into(&mut self.info.codec_name);
                description
                    .trim_matches(py_isspace)
                    .clone_into(&mut self.info.codec_description);
                return Ok(());
            }
        }
        Ok(())
    }
}

/// A header extension being walked: its payload, the size of its objects' area, how far the
/// walk is, and the objects met so far.
struct Extension<'a> {
    guid: [u8; 16],
    data: &'a [u8],
    data_size: u64,
    pos: u64,
    children: Vec<Object>,
}

impl<'a> Extension<'a> {
    fn new(guid: [u8; 16], data: &'a [u8]) -> Result<Self> {
        Ok(Extension {
            guid,
            data,
            data_size: u64::from(u32_at(data, 18)?),
            pos: 0,
            children: Vec::new(),
        })
    }

    /// The GUID and payload of the next object, the walk moved past it.
    fn next(&mut self) -> Result<([u8; 16], &'a [u8])> {
        // Past the end of `data` the 24-byte field is short: `struct.error`, as in mutagen.
        let start = usize::try_from(22 + self.pos).map_err(|_| struct_error())?;
        let head = field::<24>(self.data, start)?;
        let mut guid = [0u8; 16];
        guid.copy_from_slice(head.get(..16).unwrap_or(&[0; 16]));
        let size = le_u64(&head, 16).ok_or_else(struct_error)?;
        if size < 1 {
            return Err(Error::Malformed(
                ErrorKind::AsfHeader,
                "invalid size in header extension",
            ));
        }
        let body = py_slice(
            self.data,
            22 + self.pos + 24,
            (22 + self.pos).saturating_add(size),
        );
        // At least one byte further; `data_size` fits in 32 bits, so the walk ends before
        // this could saturate.
        self.pos = self.pos.saturating_add(size);
        Ok((guid, body))
    }

    fn finish(self) -> Object {
        Object {
            guid: self.guid,
            children: self.children,
        }
    }
}

/// One codec list entry at `offset`: `(next offset, type, name, description, codec name)`,
/// or `None` where mutagen's reads of its fixed fields fail. A name or description that is
/// no UTF-16 is empty, as in mutagen.
fn codec_entry(data: &[u8], offset: usize) -> Option<(usize, u16, String, String, &'static str)> {
    let kind = u16_at(data, offset).ok()?;
    let mut offset = offset + 2;
    let units = usize::from(u16_at(data, offset).ok()?);
    offset += 2;
    let next = offset + units * 2;
    let name = codec_text(py_slice(data, offset as u64, next as u64));
    offset = next;
    let units = usize::from(u16_at(data, offset).ok()?);
    offset += 2;
    let next = offset + units * 2;
    let description = codec_text(py_slice(data, offset as u64, next as u64));
    offset = next;
    let bytes = usize::from(u16_at(data, offset).ok()?);
    offset += 2;
    let next = offset + bytes;
    let mut codec = "";
    if bytes == 2 {
        codec = codec_name(u16_at(data, offset).ok()?);
    }
    Some((next, kind, name, description, codec))
}

fn codec_text(data: &[u8]) -> String {
    decode_utf16le(data)
        .map(|s| s.trim_matches('\0').to_owned())
        .unwrap_or_default()
}
