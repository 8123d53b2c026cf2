//! ASF files (`mutagen.asf`): Windows Media Audio and Video.
//!
//! An ASF file starts with a header object: a GUID, a 64-bit size, a 32-bit object count and
//! two reserved bytes, then that many objects, each a GUID, a 64-bit size (its 24 header bytes
//! included) and a payload. mutagen reads the payload of every object of the header and parses
//! the ones it knows: the content description, extended content description, file properties,
//! stream properties, codec list and header extension objects, and the metadata and metadata
//! library objects inside a header extension. The audio data after the header is not read.
//!
//! The attributes (mutagen's tags) come out in the order mutagen gives them: those of content
//! description objects first, then extended content description, metadata and metadata
//! library objects, each group in file order. Every size is checked against what remains of
//! the header and of the file before anything is read; the objects walked are capped at
//! [`limits::MAX_ASF_OBJECTS`], the attributes at [`limits::MAX_VALUES`] and the nesting of
//! header extensions at [`limits::MAX_ASF_DEPTH`].

mod constants;
mod object;
pub mod write;

pub use constants::{
    codec_name, CODEC_LIST, CONTENT_DESCRIPTION, EXTENDED_CONTENT_DESCRIPTION, FILE_PROPERTIES,
    HEADER, HEADER_EXTENSION, METADATA, METADATA_LIBRARY, PADDING, STREAM_PROPERTIES,
};
pub use object::{decode_utf16le, parse_value};

use crate::error::{limits, Error, ErrorKind, Result};
use crate::source::Source;

/// An ASF file as `mutagen.asf.ASF` loads it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct AsfFile {
    /// The stream information (`ASFInfo`).
    pub info: AsfInfo,
    /// The attributes in mutagen's order (`ASFTags`, a list of `(name, attribute)` pairs).
    pub attributes: Vec<Attribute>,
    /// The objects of the header, in file order (mutagen's private `_header.objects`).
    pub objects: Vec<Object>,
}

/// The stream information of an ASF file (`mutagen.asf.ASFInfo`).
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct AsfInfo {
    /// Play duration minus preroll, in seconds, never below 0 (the last file properties
    /// object's).
    pub length: f64,
    /// The sample rate of the last stream properties object.
    pub sample_rate: u32,
    /// Eight times the byte rate of the last stream properties object, in bits per second.
    pub bitrate: u64,
    /// The channels of the last stream properties object.
    pub channels: u16,
    /// The codec name of the first audio entry of a codec list, from its codec ID (`""` when
    /// unknown).
    pub codec_type: &'static str,
    /// The name of that entry, stripped.
    pub codec_name: String,
    /// The description of that entry, stripped.
    pub codec_description: String,
}

/// One attribute of an ASF file, with its name.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Attribute {
    /// The attribute's name (`"Title"`, `"WM/AlbumTitle"`, ...).
    pub name: String,
    /// Its value.
    pub value: Value,
    /// The language index (metadata library objects only).
    pub language: Option<u16>,
    /// The stream number (metadata and metadata library objects only).
    pub stream: Option<u16>,
}

/// The value of an ASF attribute, one variant per attribute type.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum Value {
    /// Type 0: text (`ASFUnicodeAttribute`).
    Unicode(String),
    /// Type 1: bytes (`ASFByteArrayAttribute`).
    ByteArray(Vec<u8>),
    /// Type 2: a boolean (`ASFBoolAttribute`).
    Bool(bool),
    /// Type 3: a 32-bit number (`ASFDWordAttribute`).
    DWord(u32),
    /// Type 4: a 64-bit number (`ASFQWordAttribute`).
    QWord(u64),
    /// Type 5: a 16-bit number (`ASFWordAttribute`).
    Word(u16),
    /// Type 6: a GUID's bytes (`ASFGUIDAttribute`).
    Guid(Vec<u8>),
}

impl Value {
    /// The stored type code of the value (`UNICODE` is 0, ..., `GUID` is 6).
    #[must_use]
    pub fn type_code(&self) -> u16 {
        match self {
            Value::Unicode(_) => 0,
            Value::ByteArray(_) => 1,
            Value::Bool(_) => 2,
            Value::DWord(_) => 3,
            Value::QWord(_) => 4,
            Value::Word(_) => 5,
            Value::Guid(_) => 6,
        }
    }
}

/// An object of the header: its GUID and, for a header extension, the objects it holds.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Object {
    /// The object's GUID, as stored.
    pub guid: [u8; 16],
    /// The objects inside a header extension (empty for the others).
    pub children: Vec<Object>,
}

/// The size of the header object's own fields: GUID, size, object count, two reserved bytes.
const HEADER_SIZE: usize = 30;
/// The size of an object's GUID and size.
const OBJECT_HEADER: u64 = 24;

fn header_error(msg: &'static str) -> Error {
    Error::Malformed(ErrorKind::AsfHeader, msg)
}

/// Read an ASF file's header as `mutagen.asf.ASF` does.
///
/// # Errors
/// [`ErrorKind::AsfHeader`] for a missing header, sizes that do not fit or a truncated object;
/// [`ErrorKind::Asf`] for an invalid file properties object, codec list entry or text
/// attribute; the built-in kinds where mutagen lets Python's `KeyError` (an unknown attribute
/// type), `UnicodeDecodeError` (a name or content description that is no UTF-16) or
/// `NotImplementedError` (a header object inside the header) escape; I/O errors.
pub fn read(src: &dyn Source) -> Result<AsfFile> {
    let head = src.read_at(0, HEADER_SIZE)?;
    if head.len() != HEADER_SIZE || head.get(..16) != Some(&HEADER[..]) {
        return Err(header_error("Not an ASF file."));
    }
    let header_size = object::le_u64(&head, 16).unwrap_or(0);
    let count = object::le_u32(&head, 24).unwrap_or(0);
    // What mutagen's header walk has left of the declared header size; it can go negative
    // (a declared size below 30) and so is kept wide.
    let mut remaining = i128::from(header_size) - HEADER_SIZE as i128;
    let mut pos = HEADER_SIZE as u64;
    let mut parser = object::Parser::default();
    let mut objects = Vec::new();
    for _ in 0..count {
        if remaining < i128::from(OBJECT_HEADER) {
            return Err(header_error("invalid header size"));
        }
        let obj_head = src.read_at(pos, OBJECT_HEADER as usize)?;
        if obj_head.len() as u64 != OBJECT_HEADER {
            return Err(header_error("truncated"));
        }
        pos += OBJECT_HEADER;
        remaining -= i128::from(OBJECT_HEADER);
        let mut guid = [0u8; 16];
        guid.copy_from_slice(obj_head.get(..16).unwrap_or(&[0; 16]));
        let size = object::le_u64(&obj_head, 16).unwrap_or(0);
        let payload = i128::from(size) - i128::from(OBJECT_HEADER);
        if remaining < payload {
            return Err(header_error("invalid object size"));
        }
        remaining -= payload;
        // mutagen's read of a negative size reads to the end, which never matches the size;
        // one past the largest index-sized integer overflows.
        let Ok(payload) = u64::try_from(payload) else {
            return Err(header_error("truncated"));
        };
        if payload > i64::MAX as u64 {
            return Err(header_error("invalid header size"));
        }
        let available = src.len().saturating_sub(pos);
        let Ok(len) = usize::try_from(payload) else {
            return Err(header_error("truncated"));
        };
        if payload > available {
            return Err(header_error("truncated"));
        }
        // The payload may sit further into its buffer than its start (see
        // `Source::read_placed`); its values are copied out of it.
        let (data, start) = src.read_placed(pos, len)?;
        let bytes = data.get(start..).unwrap_or_default();
        if bytes.len() != len {
            return Err(header_error("truncated"));
        }
        pos += payload;
        let obj = parser.object(guid, bytes).map_err(|e| {
            // mutagen turns the `struct.error` of a short field into this.
            if e.kind() == ErrorKind::BuiltinStructError {
                header_error("truncated")
            } else {
                e
            }
        });
        if let std::borrow::Cow::Owned(buf) = data {
            // The payload's buffer serves the next large read on this thread.
            crate::source::recycle(buf);
        }
        objects.push(obj?);
    }
    Ok(parser.finish(objects))
}

/// Check the count of attributes read so far against [`limits::MAX_VALUES`].
fn check_attributes(count: usize) -> Result<()> {
    if count > limits::MAX_VALUES {
        return Err(Error::Limit(ErrorKind::AsfHeader, limits::MSG_VALUES));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
