//! Writing an ASF header (`ASF.save`, `ASF.delete`).
//!
//! The header is rendered again whole, from the objects the file has, in their order:
//! - the content description, the extended content description, the metadata and the metadata
//!   library objects (wherever they are, header extensions included) hold the attributes the
//!   caller hands over, already split among them ([`Tags`]), each in the layout of its object
//!   ([`Record`]);
//! - a header extension is rendered with its fixed fields and its objects;
//! - padding objects are dropped, at every level: one padding object closes the header;
//! - every other object is kept as it is.
//!
//! A file without a content description, an extended content description or a header
//! extension gets one after its objects, and the first header extension gets a metadata and a
//! metadata library object after its own where it has none, as mutagen adds them. The new
//! header takes the place of the old one, moving the data after it.

use crate::edit::{self, Target, TargetSource};
use crate::error::{Error, ErrorKind, Result};
use crate::source::Source;

use super::constants::{
    CONTENT_DESCRIPTION, EXTENDED_CONTENT_DESCRIPTION, HEADER, HEADER_EXTENSION, METADATA,
    METADATA_LIBRARY, PADDING,
};
use super::object::{le_u32, le_u64};

/// The fixed fields of a rendered header extension: its reserved GUID and number.
const EXTENSION_FIELDS: [u8; 18] = [
    0x11, 0xD2, 0xD3, 0xAB, 0xBA, 0xA9, 0xcf, 0x11, 0x8E, 0xE6, 0x00, 0xC0, 0x0C, 0x20, 0x53, 0x65,
    0x06, 0x00,
];

/// One attribute to save: its name, type code (`UNICODE` 0 ... `GUID` 6), stored value (as the
/// attribute class renders it: a BOOL in four bytes in the extended content description and
/// two in the metadata objects), language and stream (0 where unset).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record<'a> {
    /// The attribute's name.
    pub name: &'a str,
    /// The attribute's type code.
    pub kind: u16,
    /// The stored value.
    pub value: &'a [u8],
    /// The language index (written in the metadata library only).
    pub language: u16,
    /// The stream number (written in the metadata objects only).
    pub stream: u16,
}

impl Record<'_> {
    /// The size of the name as stored: UTF-16LE with a NUL.
    fn name_len(&self) -> usize {
        self.name.encode_utf16().count() * 2 + 2
    }

    fn push_name(&self, out: &mut Vec<u8>) {
        for unit in self.name.encode_utf16() {
            out.extend_from_slice(&unit.to_le_bytes());
        }
        out.extend_from_slice(&[0, 0]);
    }
}

/// Which object a record is written for, and so its layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Extended content description (`ASFBaseAttribute.render`): name size, name, type, value
    /// size (16 bits), value.
    Extended,
    /// Metadata (`render_m`): 0, stream, name size, type, value size (32 bits), name, value.
    Metadata,
    /// Metadata library (`render_ml`): as [`Layout::Metadata`], with the language first.
    Library,
}

impl Layout {
    fn record_len(self, r: &Record<'_>) -> usize {
        let fixed = if self == Layout::Extended { 6 } else { 12 };
        fixed + r.name_len() + r.value.len()
    }

    fn push(self, out: &mut Vec<u8>, r: &Record<'_>) -> Result<()> {
        let name_len = u16::try_from(r.name_len()).map_err(|_| struct_error())?;
        if self == Layout::Extended {
            let value_len = u16::try_from(r.value.len()).map_err(|_| struct_error())?;
            out.extend_from_slice(&name_len.to_le_bytes());
            r.push_name(out);
            out.extend_from_slice(&r.kind.to_le_bytes());
            out.extend_from_slice(&value_len.to_le_bytes());
        } else {
            let value_len = u32::try_from(r.value.len()).map_err(|_| struct_error())?;
            let language = if self == Layout::Library {
                r.language
            } else {
                0
            };
            out.extend_from_slice(&language.to_le_bytes());
            out.extend_from_slice(&r.stream.to_le_bytes());
            out.extend_from_slice(&name_len.to_le_bytes());
            out.extend_from_slice(&r.kind.to_le_bytes());
            out.extend_from_slice(&value_len.to_le_bytes());
            r.push_name(out);
        }
        out.extend_from_slice(r.value);
        Ok(())
    }
}

/// The attributes to save, split among the objects that hold them as mutagen splits them.
#[derive(Debug, Clone, Default)]
pub struct Tags<'a> {
    /// The content description's five texts (title, author, copyright, description, rating),
    /// each in UTF-16LE with its terminating NUL, empty where unset.
    pub content: [&'a [u8]; 5],
    /// The extended content description's attributes.
    pub extended: Vec<Record<'a>>,
    /// The metadata object's attributes.
    pub metadata: Vec<Record<'a>>,
    /// The metadata library object's attributes.
    pub library: Vec<Record<'a>>,
}

/// Python's `struct.error` for a count or size too large for its field.
fn struct_error() -> Error {
    Error::Malformed(ErrorKind::BuiltinStructError, "argument out of range")
}

fn header_error(msg: &'static str) -> Error {
    Error::Malformed(ErrorKind::AsfHeader, msg)
}

/// A region of the file: where it starts and how long it is.
#[derive(Debug, Clone, Copy)]
struct Region {
    at: u64,
    len: u64,
}

impl Region {
    /// Python's `data[start:end]` of the region's bytes, as a region (positions past the end
    /// are clamped).
    fn slice(self, start: u64, end: u64) -> Region {
        let start = start.min(self.len);
        let end = end.min(self.len).max(start);
        Region {
            at: self.at + start,
            len: end - start,
        }
    }

    /// The region's bytes.
    fn read(self, src: &dyn Source) -> Result<std::borrow::Cow<'_, [u8]>> {
        let len = usize::try_from(self.len).map_err(|_| header_error("truncated"))?;
        let data = src.read_at(self.at, len)?;
        if data.len() != len {
            return Err(header_error("truncated"));
        }
        Ok(data)
    }
}

/// An object holding `records`: GUID, size, 16-bit count, the records in `layout`.
fn render_records(
    out: &mut Vec<u8>,
    guid: &[u8; 16],
    records: &[Record<'_>],
    layout: Layout,
) -> Result<()> {
    let count = u16::try_from(records.len()).map_err(|_| struct_error())?;
    let len: usize = records.iter().map(|r| layout.record_len(r)).sum();
    out.reserve(26 + len);
    out.extend_from_slice(guid);
    out.extend_from_slice(&(26 + len as u64).to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    for r in records {
        layout.push(out, r)?;
    }
    Ok(())
}

/// A content description object holding the texts of `tags`.
fn render_content(out: &mut Vec<u8>, tags: &Tags<'_>) -> Result<()> {
    let len: usize = tags.content.iter().map(|t| t.len()).sum();
    out.extend_from_slice(&CONTENT_DESCRIPTION);
    out.extend_from_slice(&(24 + 10 + len as u64).to_le_bytes());
    for text in &tags.content {
        let n = u16::try_from(text.len()).map_err(|_| struct_error())?;
        out.extend_from_slice(&n.to_le_bytes());
    }
    for text in &tags.content {
        out.extend_from_slice(text);
    }
    Ok(())
}

/// Render an object that holds no others, its payload the `payload` region of `src` (read
/// only for the objects kept as they are); padding renders as nothing (`false`).
fn render_leaf(
    out: &mut Vec<u8>,
    guid: &[u8; 16],
    src: &dyn Source,
    payload: Region,
    tags: &Tags<'_>,
) -> Result<bool> {
    match *guid {
        PADDING => return Ok(false),
        CONTENT_DESCRIPTION => render_content(out, tags)?,
        EXTENDED_CONTENT_DESCRIPTION => {
            render_records(out, guid, &tags.extended, Layout::Extended)?;
        }
        METADATA => render_records(out, guid, &tags.metadata, Layout::Metadata)?,
        METADATA_LIBRARY => render_records(out, guid, &tags.library, Layout::Library)?,
        _ => {
            out.extend_from_slice(guid);
            out.extend_from_slice(&(24 + payload.len).to_le_bytes());
            out.extend_from_slice(&payload.read(src)?);
        }
    }
    Ok(true)
}

/// Start a header extension: its GUID, fixed fields and two size fields to fill in later.
fn open_extension(out: &mut Vec<u8>) -> usize {
    let start = out.len();
    out.extend_from_slice(&HEADER_EXTENSION);
    out.extend_from_slice(&[0; 8]);
    out.extend_from_slice(&EXTENSION_FIELDS);
    out.extend_from_slice(&[0; 4]);
    start
}

/// Fill in the sizes of the header extension started at `start`.
fn close_extension(out: &mut [u8], start: usize) {
    let data_len = out.len() - start - 46;
    out[start + 16..start + 24].copy_from_slice(&((46 + data_len) as u64).to_le_bytes());
    out[start + 42..start + 46].copy_from_slice(&(data_len as u32).to_le_bytes());
}

/// A header extension being rendered: where its output starts, its payload, how far the walk
/// is in it, and (for the first top-level one) which objects it has.
struct Open {
    start: usize,
    data: Region,
    data_size: u64,
    pos: u64,
    first: bool,
    has_metadata: bool,
    has_library: bool,
}

/// Render the header extension whose payload is `data` and everything in it (walked with an
/// explicit stack: extensions may nest deep; only the payloads of objects kept as they are
/// are read). `first`: this is the file's first top-level header extension, which gets the
/// metadata objects it lacks.
fn render_extension(
    out: &mut Vec<u8>,
    src: &dyn Source,
    data: Region,
    first: bool,
    tags: &Tags<'_>,
) -> Result<()> {
    let open = |out: &mut Vec<u8>, data: Region, first| -> Result<Open> {
        // `struct.error` where the payload is too short for its fixed fields, as in mutagen.
        if data.len < 22 {
            return Err(struct_error());
        }
        let fields = data.slice(18, 22).read(src)?;
        Ok(Open {
            start: open_extension(out),
            data,
            data_size: u64::from(le_u32(&fields, 0).ok_or_else(struct_error)?),
            pos: 0,
            first,
            has_metadata: false,
            has_library: false,
        })
    };
    let mut stack = vec![open(out, data, first)?];
    while let Some(top) = stack.last_mut() {
        if top.pos >= top.data_size {
            let Some(done) = stack.pop() else { break };
            if done.first {
                if !done.has_metadata {
                    render_records(out, &METADATA, &tags.metadata, Layout::Metadata)?;
                }
                if !done.has_library {
                    render_records(out, &METADATA_LIBRARY, &tags.library, Layout::Library)?;
                }
            }
            close_extension(out, done.start);
            continue;
        }
        // The walk of mutagen's `HeaderExtensionObject.parse`.
        let at = 22 + top.pos;
        if at + 24 > top.data.len {
            return Err(struct_error());
        }
        let head = top.data.slice(at, at + 24).read(src)?;
        let mut guid = [0u8; 16];
        guid.copy_from_slice(head.get(..16).ok_or_else(struct_error)?);
        let size = le_u64(&head, 16).ok_or_else(struct_error)?;
        if size < 1 {
            return Err(header_error("invalid size in header extension"));
        }
        let body = top.data.slice(at + 24, at.saturating_add(size));
        top.pos = top.pos.saturating_add(size);
        top.has_metadata |= guid == METADATA;
        top.has_library |= guid == METADATA_LIBRARY;
        if guid == HEADER_EXTENSION {
            if stack.len() >= crate::error::limits::MAX_ASF_DEPTH {
                return Err(Error::Limit(
                    ErrorKind::BuiltinRecursionError,
                    crate::error::limits::MSG_ASF_DEPTH,
                ));
            }
            let nested = open(out, body, false)?;
            stack.push(nested);
        } else {
            render_leaf(out, &guid, src, body, tags)?;
        }
    }
    Ok(())
}

/// The objects of the header of `src` (`limit`: the header's declared size, or the file's
/// length where that is shorter): GUID and payload region, walked as mutagen's
/// `HeaderObject.parse_full` walks them.
fn objects(src: &dyn Source, limit: u64) -> Result<Vec<([u8; 16], Region)>> {
    let head = src.read_at(0, 30)?;
    let declared = le_u64(&head, 16).ok_or_else(|| header_error("Not an ASF file."))?;
    let count = le_u32(&head, 24).ok_or_else(|| header_error("Not an ASF file."))?;
    let mut remaining = i128::from(declared) - 30;
    let mut pos = 30u64;
    let mut out = Vec::new();
    for _ in 0..count {
        if remaining < 24 {
            return Err(header_error("invalid header size"));
        }
        if pos + 24 > limit {
            return Err(header_error("truncated"));
        }
        let head = src.read_at(pos, 24)?;
        let mut guid = [0u8; 16];
        guid.copy_from_slice(head.get(..16).ok_or_else(|| header_error("truncated"))?);
        let size = i128::from(le_u64(&head, 16).unwrap_or(0));
        remaining -= 24;
        let payload = size - 24;
        if remaining < payload {
            return Err(header_error("invalid object size"));
        }
        remaining -= payload;
        let len = u64::try_from(payload).map_err(|_| header_error("truncated"))?;
        if pos + 24 + len > limit {
            return Err(header_error("truncated"));
        }
        out.push((guid, Region { at: pos + 24, len }));
        pos += 24 + len;
    }
    Ok(out)
}

/// Render the header for `tags` from the objects of the old header of `src` (a file of
/// `src.len()` bytes), with the padding `padding(available, content_size)` gives (a negative
/// one is none): `available` is what the old header's room leaves after the new header without
/// padding, `content_size` the size of the file after the old header.
///
/// # Errors
/// `ASFHeaderError` for a header that does not walk; Python's `struct.error` for a count or
/// size too large for its field; the error of `padding`.
pub fn render(
    src: &dyn Source,
    tags: &Tags<'_>,
    padding: &mut dyn FnMut(i64, i64) -> Result<i64>,
) -> Result<Vec<u8>> {
    let file_size = src.len();
    let head = src.read_at(0, 30)?;
    if head.len() != 30 || head.get(..16) != Some(&HEADER[..]) {
        return Err(header_error("Not an ASF file."));
    }
    let old_size = le_u64(&head, 16).unwrap_or(0);
    // The header's 30 bytes are filled in at the end.
    let mut out = vec![0u8; 30];
    let mut count: u32 = 0;
    let mut has_content = false;
    let mut has_extended = false;
    let mut has_extension = false;
    for (guid, payload) in objects(src, old_size.min(file_size))? {
        has_content |= guid == CONTENT_DESCRIPTION;
        has_extended |= guid == EXTENDED_CONTENT_DESCRIPTION;
        if guid == HEADER_EXTENSION {
            render_extension(&mut out, src, payload, !has_extension, tags)?;
            has_extension = true;
        } else if !render_leaf(&mut out, &guid, src, payload, tags)? {
            continue;
        }
        count += 1;
    }
    if !has_content {
        render_content(&mut out, tags)?;
        count += 1;
    }
    if !has_extended {
        render_records(
            &mut out,
            &EXTENDED_CONTENT_DESCRIPTION,
            &tags.extended,
            Layout::Extended,
        )?;
        count += 1;
    }
    if !has_extension {
        let start = open_extension(&mut out);
        render_records(&mut out, &METADATA, &tags.metadata, Layout::Metadata)?;
        render_records(&mut out, &METADATA_LIBRARY, &tags.library, Layout::Library)?;
        close_extension(&mut out, start);
        count += 1;
    }
    let needed = i128::from(out.len() as u64) + 24;
    let content_size = i128::from(file_size) - i128::from(old_size);
    if content_size < 0 {
        return Err(header_error("truncated content"));
    }
    let available = i128::from(old_size) - needed;
    let as_i64 = |n: i128| i64::try_from(n).map_err(|_| struct_error());
    let pad = padding(as_i64(available)?, as_i64(content_size)?)?;
    let pad = usize::try_from(pad.max(0)).map_err(|_| struct_error())?;
    out.try_reserve_exact(24 + pad).map_err(|_| {
        Error::Limit(
            ErrorKind::Asf,
            "limit: ASF padding larger than the memory free",
        )
    })?;
    out.extend_from_slice(&PADDING);
    out.extend_from_slice(&(24 + pad as u64).to_le_bytes());
    out.resize(out.len() + pad, 0);
    let total = out.len() as u64;
    out[..16].copy_from_slice(&HEADER);
    out[16..24].copy_from_slice(&total.to_le_bytes());
    out[24..28].copy_from_slice(&(count + 1).to_le_bytes());
    out[28..30].copy_from_slice(&[0x01, 0x02]);
    Ok(out)
}

/// Save `tags` to the ASF file in `t`: its header rendered again ([`render`]) in place of the
/// old one. Only the header's structure and the payloads of the objects kept as they are
/// are read: not the old attributes.
///
/// # Errors
/// `ASFHeaderError` for a file that does not start with an ASF header, or whose header does
/// not walk; Python's `ValueError` for a header said to be longer than the file; as
/// [`render`]; the target's I/O errors. Nothing is written before the new header is rendered.
pub fn save(
    t: &mut dyn Target,
    tags: &Tags<'_>,
    padding: &mut dyn FnMut(i64, i64) -> Result<i64>,
) -> Result<()> {
    let len = t.size()?;
    let (old_size, header) = {
        // The walk reads object headers and small payloads here and there, and jumps over
        // the attributes (pictures): a small window that does not grow.
        let src = TargetSource::with_window(t, len, 4096);
        let head = src.read_at(0, 24)?;
        let header = render(&src, tags, padding)?;
        (le_u64(&head, 16).unwrap_or(0), header)
    };
    edit::resize(t, 0, old_size, header.len() as u64)?;
    t.write_at(0, &header)?;
    t.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SliceSource;

    /// The objects of a header held in memory, with their payloads.
    fn objects_of(header: &[u8]) -> Vec<([u8; 16], Vec<u8>)> {
        let src = SliceSource::new(header);
        objects(&src, header.len() as u64)
            .unwrap()
            .into_iter()
            .map(|(g, r)| (g, r.read(&src).unwrap().into_owned()))
            .collect()
    }

    fn leaf(guid: &[u8; 16], payload: &[u8]) -> Vec<u8> {
        let mut out = guid.to_vec();
        out.extend_from_slice(&(24 + payload.len() as u64).to_le_bytes());
        out.extend_from_slice(payload);
        out
    }

    fn header(objects: &[Vec<u8>], extra: usize) -> Vec<u8> {
        let body: Vec<u8> = objects.concat();
        let mut out = HEADER.to_vec();
        out.extend_from_slice(&((30 + body.len() + extra) as u64).to_le_bytes());
        out.extend_from_slice(&(objects.len() as u32).to_le_bytes());
        out.extend_from_slice(&[1, 2]);
        out.extend_from_slice(&body);
        out
    }

    #[test]
    fn missing_objects_are_added_and_padding_closes_the_header() {
        let other = leaf(&[7; 16], b"stream");
        let mut file = header(std::slice::from_ref(&other), 0);
        file.extend_from_slice(b"DATA");
        let title = "T\0"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect::<Vec<u8>>();
        let tags = Tags {
            content: [&title, &[], &[], &[], &[]],
            ..Tags::default()
        };
        let mut seen = None;
        save(&mut file, &tags, &mut |available, content| {
            seen = Some((available, content));
            Ok(10)
        })
        .unwrap();
        assert!(file.ends_with(b"DATA"));
        let old = file[..file.len() - 4].to_vec();
        let objects = objects_of(&old);
        let guids: Vec<[u8; 16]> = objects.iter().map(|(g, _)| *g).collect();
        assert_eq!(
            guids,
            [
                [7; 16],
                CONTENT_DESCRIPTION,
                EXTENDED_CONTENT_DESCRIPTION,
                HEADER_EXTENSION,
                PADDING
            ]
        );
        assert_eq!(objects[4].1, vec![0; 10]);
        assert_eq!(seen.map(|s| s.1), Some(4));
        // Saved again with the same padding, the header is the same.
        let before = file.clone();
        save(&mut file, &tags, &mut |_, _| Ok(10)).unwrap();
        assert_eq!(file, before);
    }

    #[test]
    fn records_take_the_layout_of_their_object() {
        let r = Record {
            name: "A",
            kind: 3,
            value: &[1, 0, 0, 0],
            language: 2,
            stream: 1,
        };
        let mut out = Vec::new();
        Layout::Extended.push(&mut out, &r).unwrap();
        assert_eq!(out, [4, 0, 0x41, 0, 0, 0, 3, 0, 4, 0, 1, 0, 0, 0]);
        out.clear();
        Layout::Metadata.push(&mut out, &r).unwrap();
        assert_eq!(
            out,
            [0, 0, 1, 0, 4, 0, 3, 0, 4, 0, 0, 0, 0x41, 0, 0, 0, 1, 0, 0, 0]
        );
        out.clear();
        Layout::Library.push(&mut out, &r).unwrap();
        assert_eq!(&out[..2], &[2, 0]);
        assert_eq!(out.len(), Layout::Library.record_len(&r));
        // An extended content description value is at most 65535 bytes.
        let long = vec![0u8; 70_000];
        let big = Record { value: &long, ..r };
        assert_eq!(
            Layout::Extended
                .push(&mut Vec::new(), &big)
                .unwrap_err()
                .kind(),
            ErrorKind::BuiltinStructError
        );
    }

    #[test]
    fn a_file_that_is_no_asf_file_is_refused_untouched() {
        let mut file = b"not an ASF file at all, not at all".to_vec();
        let before = file.clone();
        let err = save(&mut file, &Tags::default(), &mut |_, _| Ok(0)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::AsfHeader);
        assert_eq!(file, before);
    }

    #[test]
    fn nested_extensions_keep_their_objects_and_lose_their_padding() {
        let mut inner = vec![0u8; 22];
        let child = leaf(&[9; 16], b"x");
        let pad = leaf(&PADDING, &[0; 3]);
        inner[18..22].copy_from_slice(&((child.len() + pad.len()) as u32).to_le_bytes());
        inner.extend_from_slice(&child);
        inner.extend_from_slice(&pad);
        let ext = leaf(&HEADER_EXTENSION, &inner);
        let file = header(&[ext], 0);
        let out = render(&SliceSource::new(&file), &Tags::default(), &mut |_, _| {
            Ok(0)
        })
        .unwrap();
        let objs = objects_of(&out);
        let (guid, payload) = &objs[0];
        assert_eq!(*guid, HEADER_EXTENSION);
        // The child, then the metadata objects the first extension lacked.
        let data = &payload[22..];
        assert_eq!(&data[..child.len()], &child[..]);
        assert_eq!(&data[child.len()..child.len() + 16], &METADATA);
    }
}
