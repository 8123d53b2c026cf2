//! ID3v1 and ID3v2 tags (`mutagen.id3`).
//!
//! [`read`] loads a tag the way `mutagen.id3.ID3(path)` does: the ID3v2 header and extended
//! header, the tag body (with tag-level unsynchronisation for v2.2/2.3), every frame through the
//! frame table in [`specs`] (per-frame flags, compression, unsynchronisation), duplicate frames
//! merged, an ID3v1 tag at the end of the file merged in, and everything upgraded to ID3v2.4.
//! Only the header, the tag and the last 131 bytes of the file are read.

mod frames;
pub mod genres;
#[cfg(feature = "lazy")]
mod lazy;
pub mod specs;
mod tags;
mod text_list;
pub mod write;

#[cfg(feature = "lazy")]
pub use lazy::LazyFrames;
pub use tags::{
    first_genre, genres as tcon_genres, normalize_timestamp, normalize_timestamp_cow,
    plain_timestamp_parts, Frame, Tags, Value,
};
pub use text_list::TextList;

use crate::error::{malformed, Error, ErrorKind, FileName, Result};
use crate::source::Source;
use crate::util::scan::find;
use crate::util::strings::{reset_scratch, with_scratch, ByteSink, Scratch};

/// The message of the error mutagen raises as a plain `ValueError` (an extended header larger
/// than the tag makes it ask for a negative number of bytes).
pub const NEGATIVE_SIZE_MESSAGE: &str = "size must not be negative";
/// The message of a tag cut short: mutagen's is empty (its `read_full` raises a bare
/// `IOError`, which becomes the ID3 error).
const SHORT_READ: &str = "";

/// An ID3 tag as `mutagen.id3.ID3` loads it: the ID3v2 tag at the start of the file, with any
/// ID3v1 tag at the end merged in, every frame upgraded to ID3v2.4.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Id3Tag {
    /// What mutagen's `ID3.size` gives `MP3` as the offset of the audio (the whole ID3v2 tag,
    /// header included); `None` where mutagen's tag has no usable size.
    pub size: Option<u64>,
    /// `(2, major, revision)` for an ID3v2 tag; `(1, 1, 0)` when only an ID3v1 tag was found.
    pub version: (u8, u8, u8),
    /// Whether an ID3v2 header was read (otherwise the tag came from ID3v1 alone and mutagen's
    /// `version` is the pair `(1, 1)`).
    pub has_v2_header: bool,
    /// The ID3v2 header flags, the extended-header bit cleared where mutagen clears it.
    pub flags: u8,
    /// mutagen's `ID3._padding`: the bytes of the tag body left after its last frame (0
    /// without an ID3v2 header).
    #[cfg_attr(feature = "serde", serde(skip))]
    pub padding: u64,
    /// The frames (see [`Id3Tag::frames`]).
    frames: FrameStore,
}

/// How an [`Id3Tag`] holds its frames: decoded (`eager`), or kept raw and decoded on first
/// access (the `lazy` variant).
#[cfg(not(feature = "lazy"))]
type FrameStore = Tags;
#[cfg(feature = "lazy")]
type FrameStore = LazyFrames;

impl Id3Tag {
    /// The frames, keyed and ordered as mutagen's dictionary. With the `lazy` feature the
    /// first call decodes them.
    #[must_use]
    pub fn frames(&self) -> &Tags {
        #[cfg(feature = "lazy")]
        return self.frames.get();
        #[cfg(not(feature = "lazy"))]
        return &self.frames;
    }

    /// The frames, mutable (decoded first with the `lazy` feature).
    pub fn frames_mut(&mut self) -> &mut Tags {
        #[cfg(feature = "lazy")]
        return self.frames.get_mut();
        #[cfg(not(feature = "lazy"))]
        return &mut self.frames;
    }

    /// The frames, by value.
    #[must_use]
    pub fn into_frames(self) -> Tags {
        #[cfg(feature = "lazy")]
        return self.frames.into_tags();
        #[cfg(not(feature = "lazy"))]
        return self.frames;
    }

    /// The frame at key `id`. With the `lazy` feature, a plain text frame (`TIT2`, `TPE1`,
    /// `TALB`, ...) asked for before the whole dictionary is read from the frames with its ID
    /// alone; the result is the same.
    #[must_use]
    pub fn frame(&self, id: &str) -> Option<std::borrow::Cow<'_, Frame>> {
        #[cfg(feature = "lazy")]
        return self.frames.quick(id);
        #[cfg(not(feature = "lazy"))]
        return self.frames.get(id).map(std::borrow::Cow::Borrowed);
    }
}

/// Merge the frames of an ID3v1 tag as mutagen does: each one whose key is not taken.
fn merge_v1(frames: &mut Tags, v1: impl IntoIterator<Item = Frame>) {
    for f in v1 {
        if frames.getall_keys(&f.hash_key("")).is_empty() {
            frames.add(f, true);
        }
    }
}

/// The parts of the ID3v2 header frame reading needs, and what is left of the tag's budget
/// (see [`crate::error::limits`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Header<'a> {
    /// Major version (2, 3 or 4).
    pub major: u8,
    /// Header flags.
    pub flags: u8,
    /// Bytes compressed frames may still inflate to.
    pub budget: &'a frames::Budget,
    /// Where temporary buffers (unsynchronised data, text fix-ups) are built.
    pub scratch: Scratch<'a>,
    /// The frame IDs to read (`known_frames`); `None` reads every frame this crate knows.
    pub known: Option<&'a KnownFrames>,
    /// The buffer the tag body lies in, when large binary values may share it instead of
    /// being copied out (see [`crate::util::shared::Payload`]).
    pub shared: Option<&'a std::sync::Arc<Vec<u8>>>,
}

impl Header<'_> {
    /// The tag-level unsynchronisation flag.
    pub(crate) fn unsynch(self) -> bool {
        self.flags & 0x80 != 0
    }

    /// Whether a frame named `name` (as mutagen looks it up: the v2.3 ID for a v2.2 ID in a
    /// v2.3/2.4 header) is among the frames to read.
    pub(crate) fn knows(self, name: &str) -> bool {
        self.known.is_none_or(|k| k.contains(name))
    }
}

/// The frame IDs a read is limited to: mutagen's `known_frames` keys. Frames with other IDs
/// are kept raw in `unknown_frames`, ID3v1 fields with other IDs are dropped.
pub type KnownFrames = std::collections::HashSet<String>;

/// How [`read_with`] loads a tag: the options of mutagen's `ID3.load`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ReadOptions {
    /// Upgrade (or downgrade) the frames to `v2_version` after reading (`translate`).
    pub translate: bool,
    /// 3 or 4: the version `translate` converts to, and the year frame of an ID3v1 tag read
    /// without an ID3v2 header (TYER or TDRC).
    pub v2_version: u8,
    /// Merge an ID3v1 tag at the end of the file (`load_v1`).
    pub load_v1: bool,
    /// Read only these frame IDs (`known_frames`); `None` for all.
    pub known: Option<KnownFrames>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            translate: true,
            v2_version: 4,
            load_v1: true,
            known: None,
        }
    }
}

/// mutagen's `unsynch.decode`: drop the zero byte after every 0xFF. `None` where mutagen
/// raises (a 0xFF at the end, or followed by 0xFF or a byte of 0xE0 or more).
#[must_use]
pub fn unsynch_decode(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    unsynch_into(data, &mut out)?;
    Some(out)
}

/// [`unsynch_decode`] into scratch memory.
pub(crate) fn unsynch_decode_in<'a>(
    data: &[u8],
    scratch: Scratch<'a>,
) -> Option<std::borrow::Cow<'a, [u8]>> {
    scratch.build(data.len(), |out| unsynch_into(data, out))
}

fn unsynch_into(data: &[u8], out: &mut impl ByteSink) -> Option<()> {
    const FF: [u8; 256] = [0xFF; 256];
    // `data[start..i]` is searched and waits to be copied.
    let (mut start, mut i) = (0, 0);
    while let Some(rel) = data.get(i..).and_then(|d| memchr::memchr(0xFF, d)) {
        let at = i + rel;
        let next = *data.get(at + 1)?;
        if next >= 0xE0 {
            return None;
        }
        if next != 0 {
            i = at + 1;
            continue;
        }
        // A run of `FF 00` pairs (one at least) decodes to as many `FF` bytes: copied in
        // blocks, not pair by pair.
        out.put(&data[start..at]);
        let pairs = data[at..]
            .chunks_exact(2)
            .take_while(|p| *p == [0xFF, 0])
            .count();
        let mut left = pairs;
        while left > 0 {
            let n = left.min(FF.len());
            out.put(&FF[..n]);
            left -= n;
        }
        start = at + 2 * pairs;
        i = start;
    }
    out.put(data.get(start..).unwrap_or(&[]));
    Some(())
}

pub(crate) fn syncsafe(b: [u8; 4]) -> u32 {
    b.iter()
        .fold(0u32, |acc, &x| (acc << 7) | u32::from(x & 0x7F))
}

/// An ID3v2 header as mutagen's `ID3Header` reads it from the first bytes of a tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct HeaderInfo {
    /// `(2, major, revision)`.
    pub version: (u8, u8, u8),
    /// The header flags, the extended-header bit cleared where a tagger set it without
    /// writing an extended header.
    pub flags: u8,
    /// The whole tag's size, these 10 header bytes included.
    pub size: u64,
    /// With an extended header: how many bytes of it follow its 4 size bytes.
    pub ext_size: Option<u64>,
}

/// Parse the ID3v2 header at the start of `data` (10 bytes, 14 with an extended header; the
/// extended header's own data is not needed). Fails as `ID3Header` does: no header, an
/// unsupported version, a size that is not syncsafe, flags the version does not define, or an
/// extended header size that is not syncsafe or negative.
pub fn parse_header(data: &[u8]) -> Result<HeaderInfo> {
    let Some(head) = data.get(..10) else {
        return Err(Error::naming_file(
            ErrorKind::Id3NoHeader,
            FileName::Str,
            "too small",
        ));
    };
    if &head[..3] != b"ID3" {
        return Err(Error::naming_file(
            ErrorKind::Id3NoHeader,
            FileName::Repr,
            "doesn't start with an ID3 tag",
        ));
    }
    let (major, rev, mut flags) = (head[3], head[4], head[5]);
    if !(2..=4).contains(&major) {
        return Err(Error::naming_file(
            ErrorKind::Id3UnsupportedVersion,
            FileName::Repr,
            format!("ID3v2.{major} not supported"),
        ));
    }
    let size_bytes = [head[6], head[7], head[8], head[9]];
    if size_bytes.iter().any(|&b| b & 0x80 != 0) {
        return malformed(ErrorKind::Id3, "Header size not synchsafe");
    }
    if (major == 4 && flags & 0x0F != 0) || (major == 3 && flags & 0x1F != 0) {
        return Err(Error::naming_file(
            ErrorKind::Id3,
            FileName::Repr,
            format!("has invalid flags {flags:#x}"),
        ));
    }
    let size = u64::from(syncsafe(size_bytes)) + 10;
    let mut ext_size = None;
    if flags & 0x40 != 0 {
        let ext: [u8; 4] = data
            .get(10..14)
            .and_then(|b| b.try_into().ok())
            .ok_or(Error::Malformed(ErrorKind::Id3, SHORT_READ))?;
        if ext.is_ascii() && specs::lookup(&ext).is_some() {
            // A tagger set the flag without writing an extended header.
            flags ^= 0x40;
        } else {
            let extsize: i64 = if major >= 4 {
                if ext.iter().any(|&b| b & 0x80 != 0) {
                    return malformed(ErrorKind::Id3, "Extended header size not synchsafe");
                }
                i64::from(syncsafe(ext)) - 4
            } else {
                i64::from(u32::from_be_bytes(ext))
            };
            if extsize < 0 {
                return malformed(ErrorKind::Id3, "invalid extended header size");
            }
            ext_size = Some(extsize as u64);
        }
    }
    Ok(HeaderInfo {
        version: (2, major, rev),
        flags,
        size,
        ext_size,
    })
}

/// The parsed ID3v2 header: version, flags, total size, and where the frames start.
struct V2Header {
    major: u8,
    rev: u8,
    flags: u8,
    size: u64,
    body_offset: u64,
}

fn read_header(src: &dyn Source) -> Result<V2Header> {
    read_header_at(src, 0)
}

/// [`read_header`] for a header at `base` (the tag of an IFF chunk): the body offset is from
/// the start of the file.
fn read_header_at(src: &dyn Source, base: u64) -> Result<V2Header> {
    let head = src.read_at(base, 14)?;
    let info = parse_header(&head)?;
    let mut body_offset = base.saturating_add(10);
    if let Some(extsize) = info.ext_size {
        let end = base.saturating_add(14).saturating_add(extsize);
        if src.len() < end {
            return malformed(ErrorKind::Id3, SHORT_READ);
        }
        body_offset = end;
    }
    Ok(V2Header {
        major: info.version.1,
        rev: info.version.2,
        flags: info.flags,
        size: info.size,
        body_offset,
    })
}

/// mutagen's `determine_bpi`: whether the frame sizes of an ID3v2.4 tag body are syncsafe
/// (`true`) or plain integers (as old iTunes wrote them), counting the frames whose ID `known`
/// accepts.
pub fn sizes_are_syncsafe(data: &[u8], known: impl Fn(&str) -> bool) -> bool {
    frames::sizes_are_syncsafe_with(data, |name| std::str::from_utf8(name).is_ok_and(&known))
}

/// Decode the frames of an ID3v2 tag body (what follows the header and any extended header)
/// of version `major` with header `flags`, as the tag reader does: the frame decoder alone.
pub fn decode_frames(major: u8, flags: u8, body: &[u8]) -> Result<tags::Tags> {
    decode_frames_with(major, flags, body, None).map(|(tags, _)| tags)
}

/// [`decode_frames`] limited to the `known` frame IDs (others kept raw in `unknown_frames`),
/// with the padding: how many bytes of the body (tag-level unsynchronisation undone) are left
/// after the last frame, as mutagen's `ID3Tags._read` returns them.
pub fn decode_frames_with(
    major: u8,
    flags: u8,
    body: &[u8],
    known: Option<&KnownFrames>,
) -> Result<(tags::Tags, usize)> {
    let budget = frames::Budget::new(body.len());
    let tags = with_scratch(|scratch| {
        let h = Header {
            major,
            flags,
            budget: &budget,
            scratch,
            known,
            shared: None,
        };
        frames::read_frames_padded(h, body, 0)
    });
    reset_scratch();
    tags
}

/// Read the ID3 tag of a file as `mutagen.id3.ID3(path)` does. Fails with
/// [`ErrorKind::Id3NoHeader`] when the file has neither an ID3v2 nor an ID3v1 tag.
pub fn read(src: &dyn Source) -> Result<Id3Tag> {
    read_with(src, &ReadOptions::default())
}

/// Read the ID3 tag of a file as `mutagen.id3.ID3(path, **options)` does (see
/// [`ReadOptions`]). Without `load_v1`, a file with no ID3v2 header fails with
/// [`ErrorKind::Id3NoHeader`] even when it has an ID3v1 tag.
pub fn read_with(src: &dyn Source, opts: &ReadOptions) -> Result<Id3Tag> {
    let tag = read_tag(src, 0, opts);
    reset_scratch();
    tag
}

/// Read an ID3 tag whose header is at `offset` rather than at the start of the file, as
/// mutagen's ID3 readers of IFF chunks (`_IFFID3`, `_WaveID3`, `_DSFID3`) do: the file is
/// positioned at the chunk's data before `ID3.load`. Where there is no ID3v2 header there,
/// and with `load_v1`, the ID3v1 tag at the end of the file is read instead; an ID3v1 tag is
/// merged in as usual.
pub fn read_at_offset(src: &dyn Source, offset: u64, opts: &ReadOptions) -> Result<Id3Tag> {
    let tag = read_tag(src, offset, opts);
    reset_scratch();
    tag
}

/// Apply `translate`: upgrade to v2.4 or convert to v2.3.
fn translate(frames: &mut Tags, opts: &ReadOptions) {
    if !opts.translate {
        return;
    }
    if opts.v2_version == 3 {
        frames.update_to_v23();
    } else {
        frames.update_to_v24();
    }
}

/// The frames of an ID3v1 tag at the end of `src`, limited to the known IDs.
fn v1_frames(src: &dyn Source, v2_version: u8, opts: &ReadOptions) -> Result<Option<Vec<Frame>>> {
    if !opts.load_v1 {
        return Ok(None);
    }
    find_id3v1_known(src, v2_version, opts.known.as_ref())
}

fn read_tag(src: &dyn Source, base: u64, opts: &ReadOptions) -> Result<Id3Tag> {
    let header = match read_header_at(src, base) {
        Ok(h) => h,
        Err(e)
            if opts.load_v1
                && matches!(
                    e.kind(),
                    ErrorKind::Id3NoHeader | ErrorKind::Id3UnsupportedVersion
                ) =>
        {
            let Some(v1) = v1_frames(src, opts.v2_version, opts)? else {
                return Err(e);
            };
            let mut frames = Tags::new();
            merge_v1(&mut frames, v1);
            translate(&mut frames, opts);
            return Ok(Id3Tag {
                size: Some(0),
                version: (1, 1, 0),
                has_v2_header: false,
                flags: 0,
                padding: 0,
                frames: store(frames),
            });
        }
        Err(e) => return Err(e),
    };
    let body_len = header.size as i64 - header.body_offset.saturating_sub(base) as i64;
    if body_len < 0 {
        return malformed(ErrorKind::BuiltinValueError, NEGATIVE_SIZE_MESSAGE);
    }
    let body_len = body_len as u64;
    if src.len() < header.body_offset.saturating_add(body_len) {
        return malformed(ErrorKind::Id3, SHORT_READ);
    }
    // The body may sit further into its buffer than the start (see `Source::read_placed`).
    let (data, start) = src.read_placed(header.body_offset, body_len as usize)?;
    if data.len().saturating_sub(start) as u64 != body_len {
        return malformed(ErrorKind::Id3, SHORT_READ);
    }
    let v1_version = if header.major == 4 { 4 } else { 3 };
    let v1 = v1_frames(src, v1_version, opts)?;
    #[cfg(feature = "lazy")]
    let default_read = opts.translate && opts.v2_version == 4 && opts.known.is_none();
    #[cfg(feature = "lazy")]
    let (frames, padding) = if default_read {
        let data = match data {
            std::borrow::Cow::Owned(mut raw) if start > 0 => {
                raw.drain(..start);
                std::borrow::Cow::Owned(raw)
            }
            data => data,
        };
        lazy::defer(header.major, header.flags, data, v1)?
    } else {
        let (frames, padding) = decode_body(&header, data, start, v1, opts)?;
        (store(frames), padding)
    };
    #[cfg(not(feature = "lazy"))]
    let (frames, padding) = decode_body(&header, data, start, v1, opts)?;
    Ok(Id3Tag {
        size: Some(header.size),
        version: (2, header.major, header.rev),
        has_v2_header: true,
        flags: header.flags,
        padding: padding as u64,
        frames,
    })
}

/// Decode a tag body at once: its frames, the ID3v1 frames merged in, then `translate`; with
/// the padding.
fn decode_body(
    header: &V2Header,
    data: std::borrow::Cow<'_, [u8]>,
    start: usize,
    v1: Option<Vec<Frame>>,
    opts: &ReadOptions,
) -> Result<(Tags, usize)> {
    let budget = frames::Budget::new(data.len());
    let frames = with_scratch(|scratch| {
        let h = Header {
            major: header.major,
            flags: header.flags,
            budget: &budget,
            scratch,
            known: opts.known.as_ref(),
            shared: None,
        };
        // The body as read is no longer needed once its unsynchronisation is undone: it is let
        // go before the frames are decoded, not held next to them. A body of its own (read
        // for this tag, or decoded) is shared by the large binary values read from it.
        let tag = data.get(start..).unwrap_or_default();
        let own = match frames::tag_body(h, tag) {
            std::borrow::Cow::Owned(decoded) => Some(decoded),
            std::borrow::Cow::Borrowed(body) if std::ptr::eq(body, tag) => None,
            std::borrow::Cow::Borrowed(body) => return frames::read_body(h, body, 0),
        };
        // The buffer the frames are read from, and where the body starts in it.
        let (body, at) = match (own, data) {
            (Some(decoded), data) => {
                if let std::borrow::Cow::Owned(raw) = data {
                    crate::source::recycle(raw);
                }
                (decoded, 0)
            }
            (None, std::borrow::Cow::Owned(raw)) => (raw, start),
            (None, std::borrow::Cow::Borrowed(body)) => {
                return frames::read_body(h, body.get(start..).unwrap_or_default(), 0)
            }
        };
        let body = std::sync::Arc::new(body);
        let read = frames::read_body(
            Header {
                shared: Some(&body),
                ..h
            },
            body.get(at..).unwrap_or_default(),
            0,
        );
        if let Ok(body) = std::sync::Arc::try_unwrap(body) {
            // No value shares it: its memory serves the next read.
            crate::source::recycle(body);
        }
        read
    });
    let (mut frames, padding) = frames?;
    if let Some(v1) = v1 {
        merge_v1(&mut frames, v1);
    }
    translate(&mut frames, opts);
    Ok((frames, padding))
}

/// The size [`read`] gives for the ID3v2 tag at the start of `src` (the offset of the audio
/// for MP3), found from the header alone; `None` where there is no usable ID3v2 header (then
/// only [`read`] says what the file holds).
pub(crate) fn v2_size(src: &dyn Source) -> Option<u64> {
    read_header(src).ok().map(|h| h.size)
}

/// Whether [`read`] can fail on a file whose ID3v2 header reads (see [`v2_size`]) for a reason
/// mutagen shares: a tag body cut short, or a frame of a class whose reading can fail. Only the
/// frame headers are walked; no frame is decoded.
pub(crate) fn may_fail(src: &dyn Source) -> Result<bool> {
    let Ok(header) = read_header(src) else {
        return Ok(true);
    };
    let Some(body_len) = header.size.checked_sub(header.body_offset) else {
        return Ok(true);
    };
    if src.len() < header.body_offset.saturating_add(body_len) {
        return Ok(true);
    }
    let Ok(len) = usize::try_from(body_len) else {
        return Ok(true);
    };
    let data = src.read_at(header.body_offset, len)?;
    if data.len() != len {
        return Ok(true);
    }
    let budget = frames::Budget::new(0);
    let found = with_scratch(|scratch| {
        let h = Header {
            major: header.major,
            flags: header.flags,
            budget: &budget,
            scratch,
            known: None,
            shared: None,
        };
        let body = frames::tag_body(h, &data);
        frames::walk(header.major, &body, |raw| {
            if raw.class.is_some_and(frames::may_fail) {
                Err(())
            } else {
                Ok(())
            }
        })
        .is_err()
    });
    reset_scratch();
    Ok(found)
}

/// A decoded dictionary as an [`Id3Tag`] holds it.
fn store(frames: Tags) -> FrameStore {
    #[cfg(feature = "lazy")]
    return LazyFrames::ready(frames);
    #[cfg(not(feature = "lazy"))]
    return frames;
}

fn text_frame(id: &str, values: Vec<String>) -> Option<Frame> {
    let class = specs::by_name(id)?;
    let mut fields = vec![Value::Int(0)];
    if id == "COMM" {
        fields.push(Value::Text("eng".into()));
        fields.push(Value::Text("ID3v1 Comment".into()));
    }
    fields.push(Value::TextList(values.into()));
    Some(Frame { class, fields })
}

/// mutagen's `find_id3v1`: the frames of an ID3v1 tag in the last 128 bytes (131 looked at),
/// unless the "TAG" found belongs to an APEv2 footer. `v2_version` picks TYER (3) or TDRC (4)
/// for the year.
pub fn find_id3v1(src: &dyn Source, v2_version: u8) -> Result<Option<Vec<Frame>>> {
    find_id3v1_known(src, v2_version, None)
}

/// [`find_id3v1`] limited to the `known` frame IDs (see [`parse_id3v1_known`]).
fn find_id3v1_known(
    src: &dyn Source,
    v2_version: u8,
    known: Option<&KnownFrames>,
) -> Result<Option<Vec<Frame>>> {
    let len = src.len();
    let n = len.min(ID3V1_SEARCH_LEN as u64);
    let data = src.read_at(len - n, n as usize)?;
    Ok(locate_id3v1(&data).and_then(|idx| parse_id3v1_known(&data[idx..], v2_version, known)))
}

/// How many bytes from the end of a file [`locate_id3v1`] looks at: an ID3v1 tag, and room
/// to tell an APEv2 footer's "APETAGEX" from "TAG".
pub const ID3V1_SEARCH_LEN: usize = 131;

/// Where an ID3v1 tag may start in the last bytes of a file (up to [`ID3V1_SEARCH_LEN`]): the
/// first "TAG", unless it is the end of an APEv2 footer's "APETAGEX".
#[must_use]
pub fn locate_id3v1(data: &[u8]) -> Option<usize> {
    let idx = find(data, b"TAG")?;
    if find(data, b"APETAGEX").is_some_and(|ape| idx == ape + 3) {
        return None;
    }
    Some(idx)
}

/// mutagen's `ParseID3v1` on data starting at "TAG": 124 to 128 bytes (short year fields are
/// accepted), v1.1 track numbers included.
#[must_use]
pub fn parse_id3v1(data: &[u8], v2_version: u8) -> Option<Vec<Frame>> {
    parse_id3v1_known(data, v2_version, None)
}

/// [`parse_id3v1`] limited to the `known` frame IDs, as mutagen's `ParseID3v1` with
/// `known_frames`: a field whose frame ID is not known is left out, except that a year goes to
/// TDRC when TYER is asked for (`v2_version` 3) but not known.
#[must_use]
pub fn parse_id3v1_known(
    data: &[u8],
    v2_version: u8,
    known: Option<&KnownFrames>,
) -> Option<Vec<Frame>> {
    let knows = |id: &str| known.is_none_or(|k| k.contains(id));
    if !(124..=128).contains(&data.len()) || !data.starts_with(b"TAG") {
        return None;
    }
    let ylen = data.len() - 124;
    let title = &data[3..33];
    let artist = &data[33..63];
    let album = &data[63..93];
    let year = &data[93..93 + ylen];
    let mut comment = &data[93 + ylen..123 + ylen];
    let genre = data[123 + ylen];
    let mut track = 0u8;
    if comment[28] == 0 {
        track = comment[29];
        comment = &comment[..28];
    }
    let fix = |b: &[u8]| {
        let b = b.split(|&c| c == 0).next().unwrap_or(&[]);
        let is_ws = |c: &u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C);
        let start = b.iter().position(|c| !is_ws(c)).unwrap_or(b.len());
        let end = b.iter().rposition(|c| !is_ws(c)).map_or(start, |e| e + 1);
        crate::util::text::latin1(&b[start..end])
    };
    let (title, artist, album, year, comment) =
        (fix(title), fix(artist), fix(album), fix(year), fix(comment));
    let mut out = Vec::new();
    if !title.is_empty() {
        out.extend(text_frame("TIT2", vec![title]));
    }
    if !artist.is_empty() {
        out.extend(text_frame("TPE1", vec![artist]));
    }
    if !album.is_empty() {
        out.extend(text_frame("TALB", vec![album]));
    }
    if !year.is_empty() {
        if v2_version == 3 && knows("TYER") {
            out.extend(text_frame("TYER", vec![year]));
        } else {
            out.extend(text_frame(
                "TDRC",
                year.split(',').map(str::to_owned).collect(),
            ));
        }
    }
    if !comment.is_empty() {
        out.extend(text_frame("COMM", vec![comment]));
    }
    if track != 0 {
        out.extend(text_frame("TRCK", vec![track.to_string()]));
    }
    if genre != 255 {
        out.extend(text_frame("TCON", vec![genre.to_string()]));
    }
    if known.is_some() {
        out.retain(|f| knows(f.id()));
    }
    Some(out)
}

#[cfg(test)]
mod tests;
