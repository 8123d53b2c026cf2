//! Frame-level reading: the frame headers of each ID3v2 version, per-frame flags
//! (compression, encryption, unsynchronisation, data length), and the field readers.

use std::borrow::Cow;
use std::cell::Cell;

use super::specs::{by_name, lookup, lookup_2_2, FrameClass, Spec};
use super::tags::{Frame, Tags, Value};
use super::text_list::TextList;
use super::{unsynch_decode_in, Header};
use crate::error::{limits, Error, ErrorKind};
use crate::util::strings::ByteSink;
use crate::util::text::{decode_terminated, latin1, TextEncoding};
use crate::util::unchecked::{
    read_u16_be_unchecked, read_u32_be_unchecked, read_u8_unchecked, slice_unchecked, unchecked,
};

/// How deep CHAP/CTOC frames may nest before reading gives up (mutagen itself runs out of
/// Python stack at a little under 200 levels).
const MAX_DEPTH: usize = 128;

/// What one tag may still spend (see [`crate::error::limits`]): bytes inflated by compressed
/// frames, values, frames. Shared by every frame of the tag, embedded ones included.
#[derive(Debug)]
pub(crate) struct Budget {
    inflate: Cell<u64>,
    values: Cell<usize>,
    frames: Cell<usize>,
}

impl Budget {
    /// The budget of a tag whose body is `tag_len` bytes long.
    pub(crate) fn new(tag_len: usize) -> Self {
        Budget {
            inflate: Cell::new((tag_len as u64).saturating_add(limits::MAX_DECODED_EXTRA)),
            values: Cell::new(limits::MAX_VALUES),
            frames: Cell::new(limits::MAX_FRAMES),
        }
    }

    /// Count `n` more values, failing past [`limits::MAX_VALUES`].
    fn values(&self, n: usize) -> FResult<()> {
        match self.values.get().checked_sub(n) {
            Some(left) => {
                self.values.set(left);
                Ok(())
            }
            None => Err(FrameError::Fatal(Error::Limit(
                ErrorKind::Id3,
                limits::MSG_VALUES,
            ))),
        }
    }

    /// Count one more frame, failing past [`limits::MAX_FRAMES`].
    pub(crate) fn frame(&self) -> crate::Result<()> {
        match self.frames.get().checked_sub(1) {
            Some(left) => {
                self.frames.set(left);
                Ok(())
            }
            None => Err(Error::Limit(ErrorKind::Id3, limits::MSG_FRAMES)),
        }
    }
}

/// Why one frame was not read.
#[derive(Debug)]
pub(crate) enum FrameError {
    /// mutagen's `ID3JunkFrameError`: the frame is dropped.
    Junk,
    /// Encrypted: the frame is kept raw in `unknown_frames`.
    Unsupported,
    /// An error mutagen does not catch: the whole tag fails.
    Fatal(Error),
}

type FResult<T> = Result<T, FrameError>;

fn junk<T>() -> FResult<T> {
    Err(FrameError::Junk)
}

/// mutagen's `is_valid_frame_id`: alphanumeric, with at least one uppercase letter and no
/// lowercase letters.
pub(crate) fn is_valid_frame_id(id: &[u8]) -> bool {
    !id.is_empty()
        && id.iter().all(u8::is_ascii_alphanumeric)
        && id.iter().any(u8::is_ascii_uppercase)
        && !id.iter().any(u8::is_ascii_lowercase)
}

/// A syncsafe (7 bits per byte) reading of a 32-bit value.
fn bpi(v: u32) -> u32 {
    (v & 0x7F) | ((v >> 8) & 0x7F) << 7 | ((v >> 16) & 0x7F) << 14 | ((v >> 24) & 0x7F) << 21
}

/// mutagen's `determine_bpi`: whether v2.4 frame sizes are syncsafe (`true`) or plain integers
/// (as old iTunes wrote them).
fn sizes_are_syncsafe(data: &[u8]) -> bool {
    sizes_are_syncsafe_with(data, |name| lookup(name).is_some())
}

/// [`sizes_are_syncsafe`] counting the frames whose ID `known` accepts (IDs are ASCII).
pub(crate) fn sizes_are_syncsafe_with(data: &[u8], known: impl Fn(&[u8]) -> bool) -> bool {
    let scan = |syncsafe: bool| -> (i64, i64) {
        let len = data.len() as i64;
        let mut o: i64 = 0;
        let mut found = 0i64;
        while o < len - 10 {
            let at = o as usize;
            // SAFETY: `0 <= o < len - 10`, so `at + 10 < data.len()`.
            let part = unchecked!(slice_unchecked(data, at, at + 10));
            if part.iter().all(|&b| b == 0) {
                return (found, -((len - o) % 10));
            }
            // SAFETY: `part.len() == 10`.
            let raw = unchecked!(read_u32_be_unchecked(part, 4));
            let size = if syncsafe { bpi(raw) } else { raw };
            o += 10 + i64::from(size);
            let name = &part[..4];
            if name.is_ascii() && known(name) {
                found += 1;
            }
        }
        (found, o - len)
    };
    let (asbpi, bpioff) = scan(true);
    let (asint, intoff) = scan(false);
    !(asint > asbpi || (asint == asbpi && bpioff >= 1 && intoff <= 1))
}

/// One frame as the walk over a tag body finds it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawFrame<'d> {
    /// Where its header starts in the walked body.
    #[cfg_attr(not(feature = "lazy"), allow(dead_code))]
    pub offset: usize,
    /// The frame header (10 bytes; 6 for ID3v2.2).
    pub header: &'d [u8],
    /// The frame ID (4 bytes; 3 for ID3v2.2).
    pub name: &'d [u8],
    /// Its class: for ID3v2.2 the v2.2 class, for a v2.3/2.4 header carrying a v2.2 ID the
    /// v2.3/2.4 class it upgrades to; `None` for IDs without a class.
    pub class: Option<&'static FrameClass>,
    /// The frame flags (0 for ID3v2.2).
    pub flags: u16,
    /// The frame body.
    pub data: &'d [u8],
}

#[cfg_attr(not(feature = "lazy"), allow(dead_code))]
impl RawFrame<'_> {
    /// The frame ID its frame ends up with after reading (v2.2 classes upgraded), where it
    /// has one.
    pub(crate) fn final_id(&self) -> Option<&'static str> {
        let class = self.class?;
        if class.id.len() == 4 {
            Some(class.id)
        } else {
            class.upgrade
        }
    }

    /// Whether decoding it inflates data (and so draws on the tag's budget).
    pub(crate) fn compressed(&self, major: u8) -> bool {
        match major {
            4 => self.flags & 0x0008 != 0,
            3 => self.flags & 0x0080 != 0,
            _ => false,
        }
    }
}

/// The tag body with tag-level unsynchronisation undone (ID3v2.2/2.3), as frames are walked.
pub(crate) fn tag_body<'d>(h: Header<'d>, data: &'d [u8]) -> Cow<'d, [u8]> {
    if h.major < 4 && h.unsynch() {
        if let Some(d) = unsynch_decode_in(data, h.scratch) {
            return d;
        }
    }
    Cow::Borrowed(data)
}

/// Walk the frames of a tag body (after [`tag_body`]) as mutagen's `read_frames` does, calling
/// `each` for every frame with a non-zero size and an ASCII ID. Every step consumes at least
/// one frame header. Gives how many bytes are left after the walk (the padding).
pub(crate) fn walk<'d, E>(
    major: u8,
    data: &'d [u8],
    mut each: impl FnMut(RawFrame<'d>) -> Result<(), E>,
) -> Result<usize, E> {
    let mut rest: &[u8] = data;
    let offset = |rest: &[u8]| data.len() - rest.len();
    if major >= 3 {
        let syncsafe = major >= 4 && sizes_are_syncsafe(rest);
        while rest.len() >= 10 {
            let at = offset(rest);
            // SAFETY: `rest.len() >= 10` (the loop condition).
            let header = unchecked!(slice_unchecked(rest, 0, 10));
            // SAFETY: `header.len() == 10`.
            let name = unchecked!(slice_unchecked(header, 0, 4));
            if name.iter().all(|&b| b == 0) {
                break;
            }
            // SAFETY: `header.len() == 10`.
            let raw = unchecked!(read_u32_be_unchecked(header, 4));
            let size = if syncsafe { bpi(raw) } else { raw } as usize;
            // SAFETY: `header.len() == 10`.
            let flags = unchecked!(read_u16_be_unchecked(header, 8));
            let end = 10usize.saturating_add(size).min(rest.len());
            // SAFETY: `10 <= end <= rest.len()`.
            let framedata = unchecked!(slice_unchecked(rest, 10, end));
            // SAFETY: `end <= rest.len()`.
            rest = unchecked!(slice_unchecked(rest, end, rest.len()));
            if size == 0 || !name.is_ascii() {
                continue;
            }
            let class = if name[3] == 0 {
                lookup_2_2(&name[..3])
                    .and_then(|c| c.upgrade)
                    .and_then(by_name)
            } else {
                lookup(name)
            };
            each(RawFrame {
                offset: at,
                header,
                name,
                class,
                flags,
                data: framedata,
            })?;
        }
    } else {
        while rest.len() >= 6 {
            let at = offset(rest);
            // SAFETY: `rest.len() >= 6` (the loop condition).
            let header = unchecked!(slice_unchecked(rest, 0, 6));
            // SAFETY: `header.len() == 6`.
            let name = unchecked!(slice_unchecked(header, 0, 3));
            // SAFETY: `header.len() == 6`: bytes 2..6, of which the low three are the size.
            let size = (unchecked!(read_u32_be_unchecked(header, 2)) & 0x00FF_FFFF) as usize;
            if name.iter().all(|&b| b == 0) {
                break;
            }
            let end = 6usize.saturating_add(size).min(rest.len());
            // SAFETY: `6 <= end <= rest.len()`.
            let framedata = unchecked!(slice_unchecked(rest, 6, end));
            // SAFETY: `end <= rest.len()`.
            rest = unchecked!(slice_unchecked(rest, end, rest.len()));
            if size == 0 || !name.is_ascii() {
                continue;
            }
            each(RawFrame {
                offset: at,
                header,
                name,
                class: lookup_2_2(name),
                flags: 0,
                data: framedata,
            })?;
        }
    }
    Ok(rest.len())
}

/// Read one walked frame: `Ok(Some(frame))` for a frame to add, `Ok(None)` for one that is
/// dropped or kept raw, and the error mutagen does not catch. Frames kept raw (no class,
/// encrypted) go to `unknown` when it is given.
pub(crate) fn read_frame(
    h: Header<'_>,
    raw: RawFrame<'_>,
    depth: usize,
    unknown: Option<&mut Vec<Vec<u8>>>,
) -> crate::Result<Option<Frame>> {
    let class = raw.class.filter(|c| {
        h.known.is_none() || {
            // mutagen looks a v2.2 ID in a v2.3/2.4 header up by the ID it upgrades to.
            let name = if raw.name.len() == 4 && raw.name[3] == 0 {
                c.id
            } else {
                std::str::from_utf8(raw.name).unwrap_or("")
            };
            h.knows(name)
        }
    });
    let Some(class) = class else {
        if let Some(unknown) = unknown {
            if is_valid_frame_id(raw.name) {
                unknown.push([raw.header, raw.data].concat());
            }
        }
        return Ok(None);
    };
    match from_data(h, class, raw.flags, raw.data, depth) {
        Ok(frame) if h.major >= 3 => Ok(Some(frame)),
        Ok(frame) => Ok(upgrade(frame)),
        Err(FrameError::Unsupported) => {
            if let Some(unknown) = unknown {
                unknown.push([raw.header, raw.data].concat());
            }
            Ok(None)
        }
        Err(FrameError::Junk) => Ok(None),
        Err(FrameError::Fatal(e)) => Err(e),
    }
}

/// Whether reading frames of this class can fail the whole tag (mutagen lets the error of a
/// short volume adjustment, or of embedded frames, escape).
#[cfg_attr(not(feature = "lazy"), allow(dead_code))]
pub(crate) fn may_fail(class: &FrameClass) -> bool {
    class
        .spec
        .iter()
        .chain(class.optional)
        .any(|s| matches!(s, Spec::VolAdjust | Spec::Frames))
}

/// Read every frame of a tag body into a frame dictionary, as mutagen's `read_frames` and
/// `ID3Tags._read` do.
pub(crate) fn read_frames(h: Header<'_>, data: &[u8], depth: usize) -> crate::Result<Tags> {
    read_frames_padded(h, data, depth).map(|(tags, _)| tags)
}

/// [`read_frames`], with how many bytes of the body are left after the last frame (mutagen's
/// `ID3._padding`).
pub(crate) fn read_frames_padded(
    h: Header<'_>,
    data: &[u8],
    depth: usize,
) -> crate::Result<(Tags, usize)> {
    if depth > MAX_DEPTH {
        return Err(Error::Limit(ErrorKind::Id3, "frames nested too deeply"));
    }
    read_body(h, &tag_body(h, data), depth)
}

/// [`read_frames`] on a body whose tag-level unsynchronisation is already undone (see
/// [`tag_body`]).
pub(crate) fn read_body(h: Header<'_>, data: &[u8], depth: usize) -> crate::Result<(Tags, usize)> {
    // A frame takes at least 11 bytes (7 in ID3v2.2): room for as many frames as the body
    // can hold, up to a typical tag's count, spares the dictionary its first regrowths.
    let mut tags = Tags::with_capacity((data.len() / 11).min(14));
    tags.unknown_version = h.major;
    let mut unknown = Vec::new();
    let mut seen = None;
    let padding = walk(h.major, data, |raw| {
        h.budget.frame()?;
        if let Some(frame) = read_frame(h, raw, depth, Some(&mut unknown))? {
            tags.add_merging(frame, &mut seen)?;
        }
        Ok::<(), Error>(())
    })?;
    tags.unknown_frames = unknown;
    Ok((tags, padding))
}

/// Turn a v2.2 frame into its v2.3/2.4 class (`None` for classes with no successor).
fn upgrade(frame: Frame) -> Option<Frame> {
    let Some(target) = frame.class.upgrade else {
        return if frame.class.id.len() == 4 {
            Some(frame)
        } else {
            None
        };
    };
    let class = by_name(target)?;
    let mut fields = frame.fields;
    if frame.class.id == "LNK" {
        if let Some(Value::Text(id)) = fields.first_mut() {
            let new = match lookup_2_2(id.as_bytes()) {
                Some(c) => c.upgrade.unwrap_or("Frame").to_owned(),
                None => format!("{id:<4}"),
            };
            *id = new;
        }
    }
    Some(Frame { class, fields })
}

/// Inflate one zlib stream as `zlib.decompress` does (trailing bytes ignored, a stream cut
/// short is `Ok(None)`), within what remains of the tag's budget: past it, the limit error.
fn inflate(data: &[u8], budget: &Budget) -> FResult<Option<Vec<u8>>> {
    let cap = budget.inflate.get();
    let over = || FrameError::Fatal(Error::Limit(ErrorKind::Id3, limits::MSG_DECODED));
    let mut d = flate2::Decompress::new(true);
    let mut out = Vec::new();
    loop {
        if out.len() as u64 >= cap {
            return Err(over());
        }
        // Grow by doubling, but never past one byte beyond the cap (that byte tells an
        // over-long stream from one that ends at the cap).
        let room = cap.saturating_sub(out.len() as u64).saturating_add(1);
        let grow = (out.len().max(64 * 1024) as u64).min(room);
        out.reserve_exact(usize::try_from(grow).unwrap_or(usize::MAX));
        let (before_in, before_out) = (d.total_in(), d.total_out());
        let Some(input) = usize::try_from(before_in).ok().and_then(|i| data.get(i..)) else {
            return Ok(None);
        };
        let Ok(status) = d.decompress_vec(input, &mut out, flate2::FlushDecompress::None) else {
            return Ok(None);
        };
        if out.len() as u64 > cap {
            return Err(over());
        }
        if status == flate2::Status::StreamEnd {
            budget.inflate.set(cap.saturating_sub(out.len() as u64));
            return Ok(Some(out));
        }
        if d.total_in() == before_in && d.total_out() == before_out {
            // No progress with room to write: the stream is cut short.
            return Ok(None);
        }
    }
}

/// mutagen's `Frame._fromData`: undo the frame flags, then read the fields.
fn from_data(
    h: Header<'_>,
    class: &'static FrameClass,
    flags: u16,
    data: &[u8],
    depth: usize,
) -> FResult<Frame> {
    let raw = data;
    let mut data: Cow<'_, [u8]> = Cow::Borrowed(raw);
    if h.major >= 4 {
        let mut datalen: &[u8] = &[];
        if flags & (0x0008 | 0x0001) != 0 {
            let n = raw.len().min(4);
            datalen = &raw[..n];
            data = Cow::Borrowed(&raw[n..]);
        }
        if flags & 0x0002 != 0 || h.unsynch() {
            if let Some(d) = unsynch_decode_in(&data, h.scratch) {
                data = d;
            }
        }
        if flags & 0x0004 != 0 {
            return Err(FrameError::Unsupported);
        }
        if flags & 0x0008 != 0 {
            data = if let Some(d) = inflate(&data, h.budget)? {
                Cow::Owned(d)
            } else {
                let joined = [datalen, &data].concat();
                Cow::Owned(inflate(&joined, h.budget)?.ok_or(FrameError::Junk)?)
            };
        }
    } else if h.major >= 3 {
        if flags & 0x0080 != 0 {
            if raw.len() < 4 {
                return junk();
            }
            data = Cow::Borrowed(&raw[4..]);
        }
        if flags & 0x0040 != 0 {
            return Err(FrameError::Unsupported);
        }
        if flags & 0x0080 != 0 {
            data = Cow::Owned(inflate(&data, h.budget)?.ok_or(FrameError::Junk)?);
        }
    }
    read_data(h, class, &data, depth)
}

fn handles_nodata(spec: Spec) -> bool {
    matches!(spec, Spec::Binary | Spec::Frames)
}

/// mutagen's `Frame._readData`: apply the specs in order.
fn read_data(
    h: Header<'_>,
    class: &'static FrameClass,
    data: &[u8],
    depth: usize,
) -> FResult<Frame> {
    let mut fields = Vec::with_capacity(class.spec.len() + class.optional.len());
    let mut enc = TextEncoding::Latin1;
    // Every slice read below is a suffix of `data`: it is all zeros when it is no longer than
    // this, which spares a scan of what remains for each value.
    let zeros = data.iter().rev().take_while(|&&b| b == 0).count();
    let mut data = data;
    for &spec in class.spec {
        if data.is_empty() && !handles_nodata(spec) {
            return junk();
        }
        let (v, rest) = read_spec(h, spec, enc, &fields, data, zeros, depth)?;
        if spec == Spec::Encoding {
            if let Value::Int(e) = v {
                enc = TextEncoding::from_id3(e as u8).unwrap_or(TextEncoding::Latin1);
            }
        }
        fields.push(v);
        data = rest;
    }
    for &spec in class.optional {
        if data.is_empty() && !handles_nodata(spec) {
            break;
        }
        let (v, rest) = read_spec(h, spec, enc, &fields, data, zeros, depth)?;
        fields.push(v);
        data = rest;
    }
    Ok(Frame { class, fields })
}

/// mutagen's `EncodedTextSpec.read`: one terminated string, retrying with its fix-ups for
/// missing terminators and byte order marks. `data` is a suffix of the frame's data, whose
/// last `zeros` bytes are zero.
fn read_enc_text<'d>(
    h: Header<'_>,
    enc: TextEncoding,
    data: &'d [u8],
    zeros: usize,
) -> FResult<(String, &'d [u8])> {
    let len = data.len();
    let result = if let Ok((s, used)) = decode_terminated(data, enc, false) {
        Some((s, used))
    } else {
        {
            let mut found = None;
            let joined = |parts: &[&[u8]]| {
                let total = parts.iter().map(|p| p.len()).sum();
                h.scratch
                    .build(total, |out| {
                        for p in parts {
                            out.put(p);
                        }
                        Some(())
                    })
                    .unwrap_or_default()
            };
            // The decoder stops at the first terminator on a two-byte boundary (the fix-ups
            // below add zero or two bytes in front, which keeps the boundaries): nothing after
            // it is ever looked at, so only the bytes up to it are copied.
            let upto = data
                .chunks_exact(2)
                .position(|c| c == [0, 0])
                .map_or(len, |i| 2 * i + 2);
            let data = &data[..upto];
            if matches!(enc, TextEncoding::Utf16 | TextEncoding::Utf16Be) {
                let padded = joined(&[data, &[0]]);
                if let Ok((s, used)) = decode_terminated(&padded, enc, false) {
                    found = Some((s, used.min(len)));
                }
            }
            if found.is_none() && enc == TextEncoding::Utf16 {
                let bom = joined(&[&[0xFF, 0xFE], data]);
                if let Ok((s, used)) = decode_terminated(&bom, enc, false) {
                    found = Some((s, used.saturating_sub(2).min(len)));
                } else {
                    let bom = joined(&[&[0xFF, 0xFE], data, &[0]]);
                    if let Ok((s, used)) = decode_terminated(&bom, enc, false) {
                        found = Some((s, used.saturating_sub(2).min(len)));
                    }
                }
            }
            found
        }
    };
    let Some((s, used)) = result else {
        return junk();
    };
    let mut rest = &data[used.min(len)..];
    if h.major < 4 && rest.len() <= zeros {
        rest = &[];
    }
    Ok((s, rest))
}

fn be_uint(bytes: &[u8]) -> Value {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    let sig = &bytes[start..];
    if sig.len() < 8 || (sig.len() == 8 && sig[0] < 0x80) {
        Value::Int(sig.iter().fold(0i64, |acc, &b| (acc << 8) | i64::from(b)))
    } else {
        Value::BigInt(sig.to_vec())
    }
}

fn int_of(v: Option<&Value>) -> i64 {
    match v {
        Some(Value::Int(i)) => *i,
        _ => 0,
    }
}

/// One spec's reading: the value and the data left after it.
#[allow(clippy::too_many_arguments)]
fn read_spec<'a>(
    h: Header<'_>,
    spec: Spec,
    enc: TextEncoding,
    fields: &[Value],
    data: &'a [u8],
    zeros: usize,
    depth: usize,
) -> FResult<(Value, &'a [u8])> {
    Ok(match spec {
        Spec::Encoding => {
            let b = *data.first().ok_or(FrameError::Junk)?;
            if b > 3 {
                return junk();
            }
            (Value::Int(i64::from(b)), &data[1..])
        }
        Spec::Byte | Spec::PictureType | Spec::CtocFlags => {
            let b = *data.first().ok_or(FrameError::Junk)?;
            (Value::Int(i64::from(b)), &data[1..])
        }
        Spec::EncText => {
            let (s, rest) = read_enc_text(h, enc, data, zeros)?;
            (Value::Text(s), rest)
        }
        Spec::MultiText | Spec::MultiTimeStamp => {
            let mut values = TextList::new();
            let mut rest = data;
            while !rest.is_empty() {
                h.budget.values(1)?;
                let (s, r) = read_enc_text(h, enc, rest, zeros)?;
                values.push_string(s);
                rest = r;
            }
            (Value::TextList(values), rest)
        }
        Spec::MultiPeople => {
            let mut values = Vec::new();
            let mut rest = data;
            while !rest.is_empty() {
                h.budget.values(1)?;
                let (a, r) = read_enc_text(h, enc, rest, zeros)?;
                let (b, r) = read_enc_text(h, enc, r, zeros)?;
                values.push((a, b));
                rest = r;
            }
            (Value::People(values), rest)
        }
        Spec::Latin1 => match memchr::memchr(0, data) {
            Some(i) => (Value::Text(latin1(&data[..i])), &data[i + 1..]),
            None => (Value::Text(latin1(data)), &data[data.len()..]),
        },
        Spec::FixedAscii(n) | Spec::FrameId(n) => {
            let n = n.min(data.len());
            let chunk = &data[..n];
            if !chunk.is_ascii() {
                return junk();
            }
            (Value::Text(latin1(chunk)), &data[n..])
        }
        Spec::SizedInt(n) => {
            let n = n.min(data.len());
            (be_uint(&data[..n]), &data[n..])
        }
        Spec::Int => (be_uint(data), &data[data.len()..]),
        Spec::Binary => (
            Value::Bytes(crate::util::shared::Payload::share(h.shared, data)),
            &data[data.len()..],
        ),
        Spec::SyncText => {
            let mut values = Vec::new();
            let mut rest = data;
            while !rest.is_empty() {
                h.budget.values(1)?;
                let (s, used) = decode_terminated(rest, enc, true).map_err(|_| FrameError::Junk)?;
                let r = &rest[used.min(rest.len())..];
                if r.len() < 4 {
                    return junk();
                }
                let time = u32::from_be_bytes([r[0], r[1], r[2], r[3]]);
                values.push((s, time));
                rest = &r[4..];
            }
            (Value::SyncText(values), rest)
        }
        Spec::KeyEvents => {
            let mut values = Vec::new();
            let mut rest = data;
            while rest.len() >= 5 {
                h.budget.values(1)?;
                // SAFETY: `rest.len() >= 5` (the loop condition).
                let kind = unchecked!(read_u8_unchecked(rest, 0)) as i8;
                // SAFETY: `rest.len() >= 5`: bytes 1..5.
                let time = unchecked!(read_u32_be_unchecked(rest, 1));
                values.push((kind, time));
                // SAFETY: `5 <= rest.len()`.
                rest = unchecked!(slice_unchecked(rest, 5, rest.len()));
            }
            (Value::Events(values), rest)
        }
        Spec::VolAdjust => {
            if data.len() < 2 {
                // struct.error escapes mutagen's frame reading and fails the whole tag.
                return Err(FrameError::Fatal(Error::Malformed(
                    ErrorKind::Id3,
                    "unpack requires a buffer of 2 bytes",
                )));
            }
            let v = i16::from_be_bytes([data[0], data[1]]);
            (Value::Float(f64::from(v) / 512.0), &data[2..])
        }
        Spec::VolPeak => {
            let bits = u32::from(*data.first().ok_or(FrameError::Junk)?);
            let vol_bytes = ((bits + 7) >> 3).min(4) as usize;
            if vol_bytes + 1 > data.len() {
                return junk();
            }
            let shift = ((8 - (bits & 7)) & 7) + (4 - vol_bytes as u32) * 8;
            let mut peak: u64 = 0;
            for &b in &data[1..=vol_bytes] {
                peak = peak * 256 + u64::from(b);
            }
            let peak = (peak << shift) as f64;
            (
                Value::Float(peak / f64::from(0x7FFF_FFFFu32)),
                &data[1 + vol_bytes..],
            )
        }
        Spec::VolAdjustments => {
            // The last adjustment of each frequency wins, and the result is sorted by
            // frequency: a map keyed by the raw frequency gives both, in linear time.
            let mut by_freq = std::collections::BTreeMap::new();
            let mut rest = data;
            while rest.len() >= 4 {
                // SAFETY: `rest.len() >= 4` (the loop condition).
                let freq = unchecked!(read_u16_be_unchecked(rest, 0));
                // SAFETY: as above.
                let adj = unchecked!(read_u16_be_unchecked(rest, 2)) as i16;
                by_freq.insert(freq, adj);
                // SAFETY: `rest.len() >= 4` (the loop condition).
                rest = unchecked!(slice_unchecked(rest, 4, rest.len()));
            }
            let values = by_freq
                .into_iter()
                .map(|(f, a)| (f64::from(f) / 2.0, f64::from(a) / 512.0))
                .collect();
            (Value::Adjustments(values), rest)
        }
        Spec::AspiIndex => {
            let n = usize::try_from(int_of(fields.get(2))).unwrap_or(0);
            let size = match int_of(fields.get(3)) {
                16 => 2,
                8 => 1,
                _ => return junk(),
            };
            let total = n.saturating_mul(size);
            if data.len() < total {
                return junk();
            }
            h.budget.values(n)?;
            let values = data[..total]
                .chunks(size)
                .map(|c| {
                    if size == 2 {
                        i64::from(u16::from_be_bytes([c[0], c[1]]))
                    } else {
                        i64::from(c[0])
                    }
                })
                .collect();
            (Value::IntList(values), &data[total..])
        }
        Spec::Rva(stereo) => {
            let flags = *data.first().ok_or(FrameError::Junk)?;
            let rest = &data[1..];
            let Some((&bits, mut rest)) = rest.split_first() else {
                return junk();
            };
            if bits == 0 {
                return junk();
            }
            let bpv = usize::from(bits).div_ceil(8);
            let max = if stereo { 4 } else { 12 };
            let mut values: Vec<i64> = Vec::new();
            while rest.len() >= bpv && values.len() < max {
                let v = rest[..bpv]
                    .iter()
                    .fold(0i64, |acc, &b| acc.wrapping_shl(8) | i64::from(b));
                values.push(v);
                rest = &rest[bpv..];
            }
            if values.len() < 2 {
                return junk();
            }
            for (bit, index) in [0usize, 1, 4, 5, 8, 10].into_iter().enumerate() {
                if flags >> bit & 1 == 0 {
                    match values.get_mut(index) {
                        Some(v) => *v = v.wrapping_neg(),
                        None => break,
                    }
                }
            }
            (Value::IntList(values), rest)
        }
        Spec::Frames => {
            let tags = read_frames(h, data, depth + 1).map_err(FrameError::Fatal)?;
            (Value::Frames(Box::new(tags)), &data[data.len()..])
        }
        Spec::Latin1List => {
            let count = *data.first().ok_or(FrameError::Junk)?;
            let mut rest = &data[1..];
            h.budget.values(usize::from(count))?;
            let mut values = TextList::new();
            for _ in 0..count {
                if let Some(i) = memchr::memchr(0, rest) {
                    values.push(&latin1(&rest[..i]));
                    rest = &rest[i + 1..];
                } else {
                    values.push(&latin1(rest));
                    rest = &rest[rest.len()..];
                }
            }
            (Value::TextList(values), rest)
        }
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn inflate_respects_the_budget_and_stream_end() {
        use std::io::Write;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(b"hello").unwrap();
        let packed = z.finish().unwrap();
        let budget = Budget::new(0);
        budget.inflate.set(100);
        assert_eq!(
            inflate(&packed, &budget).unwrap().as_deref(),
            Some(&b"hello"[..])
        );
        assert_eq!(budget.inflate.get(), 95);
        // Trailing bytes after the stream are ignored; a cut stream fails.
        assert!(inflate(&[&packed[..], b"junk"].concat(), &budget)
            .unwrap()
            .is_some());
        assert!(inflate(&packed[..packed.len() - 3], &budget)
            .unwrap()
            .is_none());
        // Past the budget: the limit error.
        budget.inflate.set(3);
        assert!(matches!(
            inflate(&packed, &budget),
            Err(FrameError::Fatal(Error::Limit(_, limits::MSG_DECODED)))
        ));
    }

    #[test]
    fn frame_ids_and_sizes() {
        assert!(is_valid_frame_id(b"TIT2"));
        assert!(is_valid_frame_id(b"XYZ1"));
        assert!(!is_valid_frame_id(b"1234"));
        assert!(!is_valid_frame_id(b"TiT2"));
        assert!(!is_valid_frame_id(b"TT2\0"));
        assert_eq!(bpi(0x0000_0101), 0x81);
    }

    fn frame_bytes(id: &[u8], size: u32, syncsafe: bool, body: &[u8]) -> Vec<u8> {
        let mut out = id.to_vec();
        if id.len() == 3 {
            out.extend_from_slice(&size.to_be_bytes()[1..]);
        } else {
            let size = if syncsafe {
                (size & 0x7F)
                    | ((size >> 7) & 0x7F) << 8
                    | ((size >> 14) & 0x7F) << 16
                    | ((size >> 21) & 0x7F) << 24
            } else {
                size
            };
            out.extend_from_slice(&size.to_be_bytes());
            out.extend_from_slice(&[0, 0]);
        }
        out.extend_from_slice(body);
        out
    }

    /// Every cut of a tag body, for each version: frame headers are read only when whole, a
    /// cut frame keeps what remains, and the events and adjustments loops stop at their last
    /// whole record.
    #[test]
    fn frame_loops_at_every_length() {
        let budget = Budget::new(0);
        let etco = b"\x01\x02\x00\x00\x00\x05\x03\x00\x00\x01\x00\x07";
        let equ2 = b"\x00n\x00\x00\x10\x01\x00\x00\x20\xFF\x00\x09";
        for major in [2u8, 3, 4] {
            let (tit, etc, equ): (&[u8], &[u8], &[u8]) = if major == 2 {
                (b"TT2", b"ETC", b"EQU")
            } else {
                (b"TIT2", b"ETCO", b"EQU2")
            };
            let mut body = frame_bytes(tit, 4, major == 4, b"\x00abc");
            body.extend(frame_bytes(etc, etco.len() as u32, major == 4, etco));
            if major > 2 {
                body.extend(frame_bytes(equ, equ2.len() as u32, major == 4, equ2));
            }
            for cut in 0..=body.len() {
                let tags = crate::util::strings::with_scratch(|scratch| {
                    let h = Header {
                        major,
                        flags: 0,
                        budget: &budget,
                        scratch,
                        known: None,
                        shared: None,
                    };
                    read_frames(h, &body[..cut], 0).unwrap()
                });
                let header_len = if major == 2 { 6 } else { 10 };
                if cut < header_len {
                    assert!(tags.is_empty(), "v2.{major} cut {cut}");
                }
                if cut == body.len() {
                    assert!(tags.contains("TIT2"), "v2.{major}");
                    let Some(Value::Events(ev)) = tags.get("ETCO").and_then(|f| f.fields.get(1))
                    else {
                        panic!("v2.{major}: no ETCO events");
                    };
                    // The twelfth byte is a record cut short: two whole records.
                    assert_eq!(ev, &[(2, 5), (3, 256)]);
                    if major > 2 {
                        let Some(Value::Adjustments(adj)) = tags
                            .getall_keys("EQU2")
                            .first()
                            .and_then(|k| tags.get(k))
                            .and_then(|f| f.fields.get(2))
                        else {
                            panic!("v2.{major}: no EQU2 adjustments");
                        };
                        assert_eq!(adj, &[(8.0, 0.5), (16.0, -0.5)]);
                    }
                }
            }
        }
    }
}
