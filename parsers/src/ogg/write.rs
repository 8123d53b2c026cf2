//! Saving the comment packet of an Ogg stream (`save` and `delete` of the Ogg file types).
//!
//! A save has two steps, so that the caller can render the new packet (and choose its
//! padding) between them:
//! 1. [`layout`] finds the pages holding the comment packet, as each codec's file type does
//!    before it saves, and reports the old packet's length, the file's size and the packet's
//!    first byte (what the padding choice and the FLAC packet header need).
//! 2. [`apply`] finds them again, puts the new packet in place of the old one (the other
//!    packets on those pages are kept), lays the packets out on pages (the old layout when every
//!    packet keeps its length, except for FLAC, else fresh pages of about 4 KiB), and puts the
//!    new pages where the old ones were, one old page at a time, resizing the file in place
//!    through [`crate::edit`]. When the number of pages changes, the later pages of the stream
//!    get new sequence numbers (and checksums); nothing else after the comment changes.
//!
//! [`prepare`] and [`apply_prepared`] are the same two steps with one walk: what the first
//! step read is handed to the second, for a caller that renders the packet in between without
//! touching the file (one save call).
//!
//! The steps are those of `mutagen.ogg.OggPage.replace`, in the same order: a failure leaves
//! the file as a failure of mutagen's at the same step would.

use crate::edit::TargetSource;
use crate::edit::{self, Target};
use crate::error::{Error, Result};

use super::page::{self, PageError, PageHeader, Piece, MAX_HEADER_LEN};
use super::{opus, Builtin, Codec, Fail, Pages, Step};

/// The page size [`apply`] aims at when it lays packets out afresh.
pub const PAGE_SIZE: usize = 4096;
/// How much larger than [`PAGE_SIZE`] a page may grow to finish a packet.
pub const WIGGLE_ROOM: usize = 2048;

/// What a save needs to know of the comment packet before rendering it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Layout {
    /// The length of the old comment packet (the first packet on its pages).
    pub packet_len: u64,
    /// The size of the file.
    pub size: u64,
    /// The first byte of the old comment packet (empty for an empty packet): the FLAC block
    /// header keeps it.
    pub head: Vec<u8>,
}

/// The pages holding the comment packet: their headers, and of their data only what the save
/// keeps. The comment packet itself, which the save replaces, is never read but for its first
/// byte, so that a large one (a picture in the comments) costs no read.
#[derive(Debug)]
struct Found {
    headers: Vec<PageHeader>,
    /// Where each packet on the pages lies, the comment packet first.
    packets: Vec<Vec<Piece>>,
    /// Each page's data from where the comment packet's piece on it ends (all of it on a page
    /// without one).
    rests: Vec<Vec<u8>>,
    /// How many bytes of each page's data the comment packet takes (what `rests` skips).
    skips: Vec<usize>,
    head: Vec<u8>,
}

impl Found {
    /// The length of each packet on the pages.
    fn lens(&self) -> Vec<usize> {
        self.packets
            .iter()
            .map(|pieces| pieces.iter().map(|p| p.end - p.start).sum())
            .collect()
    }

    /// The packets after the comment packet, each as the slices of page data it is made of.
    fn later_packets(&self) -> impl Iterator<Item = &[u8]> {
        self.packets.iter().skip(1).flatten().map(|p| {
            let skip = self.skips.get(p.page).copied().unwrap_or(0);
            self.rests
                .get(p.page)
                .and_then(|rest| rest.get(p.start.saturating_sub(skip)..p.end.saturating_sub(skip)))
                .unwrap_or(&[])
        })
    }
}

/// A reading failure as the error a save raises.
fn to_error(codec: Codec, fail: Fail) -> Error {
    match fail {
        Fail::Eof => Error::Malformed(codec.error_kind(), "no appropriate stream found"),
        Fail::Header(msg) => Error::Malformed(codec.error_kind(), msg),
        Fail::HeaderText(msg) => Error::detailed(codec.error_kind(), msg),
        Fail::Escape(e) => e,
        Fail::Limit(msg) => Error::Limit(codec.error_kind(), msg),
        Fail::Builtin(b, msg) => Error::Malformed(b.error_kind(), msg),
    }
}

/// Walk to the comment pages of `codec` as its `_inject` does, and take their headers.
fn comment_pages(pages: &mut Pages<'_>, codec: Codec) -> Step<Vec<PageHeader>> {
    let (start, serial) = match codec {
        Codec::Vorbis => {
            let h = pages.find_packet(b"\x03vorbis", None, false)?;
            let serial = h.serial;
            (h, serial)
        }
        Codec::Theora => {
            let h = pages.find_packet(b"\x81theora", None, true)?;
            let serial = h.serial;
            (h, serial)
        }
        Codec::Opus => {
            let info = opus::read_info(pages)?;
            let h = pages.find_packet(b"OpusTags", Some(info.serial), false)?;
            (h, info.serial)
        }
        Codec::Speex => {
            let serial = pages.find_packet(b"Speex   ", None, false)?.serial;
            // The next page of the stream starts the comment packet, whatever it holds.
            let mut h = pages.next_header()?;
            while h.serial != serial {
                h = pages.next_header()?;
            }
            (h, serial)
        }
        Codec::Flac => {
            let first = pages.find_packet(b"\x7FFLAC", None, false)?;
            let serial = first.serial;
            // The comment is on the stream's page number 1 (the header page itself counts).
            let mut h = first;
            while !(h.sequence == 1 && h.serial == serial) {
                h = pages.next_header()?;
            }
            (h, serial)
        }
    };
    if start.end() > pages.src.len() {
        return Err(Fail::Header("unable to read full data"));
    }
    let mut headers = vec![start];
    pages.collect_headers(&mut headers, serial)?;
    Ok(headers)
}

/// Find the comment pages in `t`, and read what of them the save keeps.
fn find(t: &mut dyn Target, codec: Codec) -> Result<Found> {
    let size = t.size()?;
    let src = TargetSource::new(t, size);
    let mut walk = Pages::new(&src);
    let headers = comment_pages(&mut walk, codec).map_err(|f| to_error(codec, f))?;
    let packets = page::packet_ranges(&headers)
        .map_err(|msg| Error::Malformed(Builtin::ValueError.error_kind(), msg))?;
    let Some(first) = packets.first() else {
        return Err(Error::Malformed(
            Builtin::IndexError.error_kind(),
            "no comment packet",
        ));
    };
    // The comment packet's pieces each start their page's data.
    let mut skips = vec![0usize; headers.len()];
    for piece in first {
        if let Some(skip) = skips.get_mut(piece.page) {
            *skip = piece.end;
        }
    }
    // The comment's first byte, read on its own: through the read-ahead window, a read far
    // behind it would refill the window there.
    let mut head = Vec::new();
    if let Some(piece) = first.iter().find(|p| p.end > p.start) {
        if let Some(header) = headers.get(piece.page) {
            let mut byte = [0u8; 1];
            walk.data_into(header, &mut byte)
                .map_err(|f| to_error(codec, f))?;
            head = byte.to_vec();
        }
    }
    let rests = headers
        .iter()
        .zip(&skips)
        .map(|(h, &skip)| walk.data_from(h, skip))
        .collect::<Step<Vec<_>>>()
        .map_err(|f| to_error(codec, f))?;
    Ok(Found {
        headers,
        packets,
        rests,
        skips,
        head,
    })
}

/// The first step of a save done: the comment pages read, and what rendering needs.
#[derive(Debug)]
pub struct Prepared {
    /// What the rendering of the new packet needs.
    pub layout: Layout,
    codec: Codec,
    found: Found,
}

impl Prepared {
    /// Where the comment pages end in the file: the save rewrites the pages before this
    /// offset (from the first comment page on) and moves the bytes after it unchanged.
    #[must_use]
    pub fn pages_end(&self) -> u64 {
        self.found.headers.last().map_or(0, PageHeader::end)
    }
}

/// Find the comment packet of the `codec` stream in `t` (see [`Layout`]).
///
/// # Errors
/// The codec's header error when its pages are missing or broken (with the message "no
/// appropriate stream found" when the pages run out); `ValueError` for comment pages out of
/// sequence and `IndexError` for a page without packets where a packet is looked for, as
/// mutagen raises them; the target's I/O errors.
pub fn layout(t: &mut dyn Target, codec: Codec) -> Result<Layout> {
    prepare(t, codec).map(|p| p.layout)
}

/// [`layout`], keeping the pages it read for [`apply_prepared`].
///
/// # Errors
/// As [`layout`].
pub fn prepare(t: &mut dyn Target, codec: Codec) -> Result<Prepared> {
    let found = find(t, codec)?;
    let size = t.size()?;
    let layout = Layout {
        packet_len: found.lens().first().copied().unwrap_or(0) as u64,
        size,
        head: found.head.clone(),
    };
    Ok(Prepared {
        layout,
        codec,
        found,
    })
}

/// The comment packet of `codec` for the comments `vc`, as the codec's `_inject` renders it:
/// the codec's marker (`"\x03vorbis"`, `"OpusTags"`, `"\x81theora"`; none for Speex; for Ogg
/// FLAC the block header, whose first byte `head` keeps from the old packet), the comments
/// (with a framing bit for Vorbis only), then `preserved` (Opus data kept after the comments)
/// or else `padding` zero bytes (none for Ogg FLAC).
///
/// # Errors
/// A length that does not fit its field (see [`crate::vorbis::render`]).
pub fn render_comment_packet(
    codec: Codec,
    vc: &crate::vorbis::VorbisComment,
    head: &[u8],
    padding: usize,
    preserved: &[u8],
) -> Result<Vec<u8>> {
    let body = crate::vorbis::render(
        &vc.vendor,
        vc.comments.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        codec == Codec::Vorbis,
    )?;
    let mut out = match codec {
        Codec::Vorbis => b"\x03vorbis".to_vec(),
        Codec::Opus => b"OpusTags".to_vec(),
        Codec::Theora => b"\x81theora".to_vec(),
        Codec::Speex => Vec::new(),
        Codec::Flac => {
            let len = u32::try_from(body.len()).map_err(|_| {
                Error::Malformed(Builtin::StructError.error_kind(), "comment too long")
            })?;
            let mut h = head.get(..1).unwrap_or(&[]).to_vec();
            h.extend_from_slice(&len.to_be_bytes()[1..]);
            h
        }
    };
    out.extend_from_slice(&body);
    if codec == Codec::Opus && !preserved.is_empty() {
        out.extend_from_slice(preserved);
    } else if codec != Codec::Flac {
        out.resize(out.len() + padding, 0);
    }
    Ok(out)
}

/// One new page: its header fields and the byte ranges of the joined packets it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
struct NewPage {
    flags: u8,
    position: i64,
    sequence: i32,
    complete: bool,
    pieces: Vec<(usize, usize)>,
}

const CONTINUED: u8 = 1;
const FIRST: u8 = 2;
const LAST: u8 = 4;

fn set_flag(flags: &mut u8, bit: u8, on: bool) {
    if on {
        *flags |= bit;
    } else {
        *flags &= !bit;
    }
}

/// `seq + n` as a page sequence number; mutagen's page writer rejects the overflow.
fn sequence_at(seq: i32, n: usize) -> Result<i32> {
    i32::try_from(n)
        .ok()
        .and_then(|n| seq.checked_add(n))
        .ok_or(Error::Malformed(
            Builtin::StructError.error_kind(),
            "page sequence number out of range",
        ))
}

/// Lay packets of lengths `lens` out on pages as `OggPage._from_packets_try_preserve` (with
/// `preserve`) or `OggPage.from_packets` does, numbered from the first old page.
fn plan(
    old: &[PageHeader],
    lens: &[usize],
    old_lens: &[usize],
    preserve: bool,
) -> Result<Vec<NewPage>> {
    let Some(first) = old.first() else {
        return Err(Error::Malformed(
            Builtin::ValueError.error_kind(),
            "empty pages list not allowed",
        ));
    };
    let mut out = Vec::new();
    if preserve && lens == old_lens {
        let mut at = 0usize;
        for p in old {
            let mut pieces = Vec::with_capacity(p.packet_lens.len());
            for &len in &p.packet_lens {
                pieces.push((at, at + len as usize));
                at += len as usize;
            }
            out.push(NewPage {
                flags: p.flags & CONTINUED,
                position: p.position,
                sequence: p.sequence,
                complete: p.complete,
                pieces,
            });
        }
        return Ok(out);
    }
    let mut starts = Vec::with_capacity(lens.len());
    let mut total = 0usize;
    for &len in lens {
        starts.push(total);
        total += len;
    }
    let layouts = page::paginate(lens, PAGE_SIZE, WIGGLE_ROOM)
        .map_err(|msg| Error::Malformed(Builtin::ValueError.error_kind(), msg))?;
    for (n, l) in layouts.into_iter().enumerate() {
        let base = |index: usize| starts.get(index).copied().unwrap_or(total);
        out.push(NewPage {
            flags: if l.continued { CONTINUED } else { 0 },
            position: l.position,
            sequence: sequence_at(first.sequence, n)?,
            complete: l.complete,
            pieces: l
                .pieces
                .iter()
                .map(|&(i, s, e)| (base(i) + s, base(i) + e))
                .collect(),
        });
    }
    Ok(out)
}

/// The packets of the comment pages laid end to end, as the pieces they are made of (the new
/// comment packet's parts, then the other packets), so that a page copies its bytes straight
/// from them.
struct Joined<'a> {
    parts: Vec<&'a [u8]>,
    /// Where each part starts in the whole.
    starts: Vec<usize>,
}

impl<'a> Joined<'a> {
    fn new(parts: impl IntoIterator<Item = &'a [u8]>) -> Self {
        let parts: Vec<&[u8]> = parts.into_iter().filter(|p| !p.is_empty()).collect();
        let mut starts = Vec::with_capacity(parts.len());
        let mut at = 0;
        for p in &parts {
            starts.push(at);
            at += p.len();
        }
        Joined { parts, starts }
    }

    /// Copy the bytes `start..end` of the whole to the start of `out` (as far as the whole
    /// and `out` reach); the number of bytes copied.
    fn copy(&self, start: usize, end: usize, out: &mut [u8]) -> usize {
        let first = self
            .starts
            .partition_point(|&s| s <= start)
            .saturating_sub(1);
        let mut written = 0;
        for (part, &at) in self.parts.iter().zip(&self.starts).skip(first) {
            if at >= end {
                break;
            }
            let from = start.saturating_sub(at).min(part.len());
            let to = (end - at).min(part.len());
            let n = to.saturating_sub(from).min(out.len() - written);
            out[written..written + n].copy_from_slice(&part[from..from + n]);
            written += n;
        }
        written
    }
}

/// A new page ready to be written: its header fields, lacing table and size, and the byte
/// ranges of the joined packets it holds.
struct PagePlan {
    fields: page::PageFields,
    lacing: Vec<u8>,
    size: usize,
    pieces: Vec<(usize, usize)>,
}

/// Write the pages `plans`, one after another, into `out` (exactly their sizes summed).
fn fill_pages(plans: &[PagePlan], joined: &Joined<'_>, out: &mut [u8]) -> Result<()> {
    let mut at = 0;
    for p in plans {
        let buf = out.get_mut(at..at + p.size).ok_or(Error::Malformed(
            Builtin::ValueError.error_kind(),
            "page buffer too short",
        ))?;
        page::write_page_to(buf, p.fields, &p.lacing, |body| {
            let mut w = 0;
            for &(s, e) in &p.pieces {
                w += joined.copy(s, e, &mut body[w..]);
            }
        })
        .map_err(|msg| Error::Malformed(Builtin::StructError.error_kind(), msg))?;
        at += p.size;
    }
    Ok(())
}

/// Ready `new` to take the place of `old` as `OggPage.replace` does: serial and numbering
/// from the first old page, the flags of the first and last old pages on the first and last
/// new ones; each page's lacing table and size.
///
/// # Errors
/// No pages; a page whose lacing table needs more than 255 values.
fn finish(old: &[PageHeader], new: &mut [NewPage]) -> Result<Vec<PagePlan>> {
    let (Some(head), Some(tail)) = (old.first(), old.last()) else {
        return Err(Error::Malformed(
            Builtin::ValueError.error_kind(),
            "empty pages list not allowed",
        ));
    };
    for (n, p) in new.iter_mut().enumerate() {
        p.sequence = sequence_at(head.sequence, n)?;
    }
    if let Some(p) = new.first_mut() {
        set_flag(&mut p.flags, FIRST, head.first());
        set_flag(&mut p.flags, LAST, head.last());
        set_flag(&mut p.flags, CONTINUED, head.continued());
    }
    let Some(p) = new.last_mut() else {
        return Err(Error::Malformed(
            Builtin::ValueError.error_kind(),
            "empty pages list not allowed",
        ));
    };
    set_flag(&mut p.flags, FIRST, tail.first());
    set_flag(&mut p.flags, LAST, tail.last());
    p.complete = tail.complete;
    if !p.complete && p.pieces.len() == 1 {
        p.position = -1;
    }
    let serial = head.serial;
    new.iter()
        .map(|p| {
            let lens: Vec<usize> = p.pieces.iter().map(|&(s, e)| e.saturating_sub(s)).collect();
            let lacing = page::lacing_of(&lens, p.complete);
            if lacing.len() > 255 {
                return Err(Error::Malformed(
                    Builtin::StructError.error_kind(),
                    "the packets need more than 255 lacing values",
                ));
            }
            Ok(PagePlan {
                fields: page::PageFields {
                    version: 0,
                    flags: p.flags,
                    position: p.position,
                    serial,
                    sequence: p.sequence,
                    complete: p.complete,
                },
                size: page::page_size(&lacing, &lens),
                lacing,
                pieces: p.pieces.clone(),
            })
        })
        .collect()
}

/// Write the pages `plans` at `offset` in one write, rendered straight into the target's
/// buffer.
fn write_pages(
    t: &mut dyn Target,
    offset: u64,
    plans: &[PagePlan],
    joined: &Joined<'_>,
) -> Result<()> {
    let len = plans.iter().map(|p| p.size).sum();
    let mut failed = None;
    t.write_with(offset, len, &mut |buf| {
        if let Err(e) = fill_pages(plans, joined, buf) {
            failed = Some(e);
        }
    })?;
    failed.map_or(Ok(()), Err)
}

/// Put `packet` in place of the comment packet of the `codec` stream in `t` (the packet
/// [`layout`] found), as the codec's `_inject` does after rendering it.
///
/// # Errors
/// As [`layout`]; the codec's header error when a page after the comment pages of the stream
/// is broken and the stream needs renumbering (the pages before it are renumbered already, as
/// with mutagen).
pub fn apply(t: &mut dyn Target, codec: Codec, packet: &[u8]) -> Result<()> {
    let prepared = prepare(t, codec)?;
    apply_prepared(t, prepared, packet)
}

/// [`apply`] with the pages [`prepare`] read from `t`, which must not have changed since.
///
/// # Errors
/// As [`apply`], but for the reading errors, which [`prepare`] gave.
pub fn apply_prepared(t: &mut dyn Target, prepared: Prepared, packet: &[u8]) -> Result<()> {
    apply_prepared_parts(t, prepared, &[packet])
}

/// [`apply_prepared`] with the new packet given as the parts that make it up, laid end to
/// end (the codec's marker, the comments, the padding): they are copied once, into the pages.
///
/// # Errors
/// As [`apply_prepared`].
pub fn apply_prepared_parts(t: &mut dyn Target, prepared: Prepared, parts: &[&[u8]]) -> Result<()> {
    let Prepared { codec, found, .. } = prepared;
    let pages = &found.headers;
    let old_lens = found.lens();
    // The new packet takes the first one's place.
    let packet_len = parts.iter().map(|p| p.len()).sum();
    let lens: Vec<usize> = std::iter::once(packet_len)
        .chain(old_lens.iter().skip(1).copied())
        .collect();
    let mut new = plan(pages, &lens, &old_lens, codec != Codec::Flac)?;
    let joined = Joined::new(parts.iter().copied().chain(found.later_packets()));
    let plans = finish(pages, &mut new)?;
    // The new pages that take each old page's place: none for surplus old pages, the
    // surplus new pages with the last old page.
    let mut chunks: Vec<std::ops::Range<usize>> = (0..pages.len())
        .map(|i| i.min(plans.len())..(i + 1).min(plans.len()))
        .collect();
    if let Some(last) = chunks.last_mut() {
        last.end = plans.len();
    }
    let mut shift: i128 = 0;
    let mut end = 0u64;
    // Pages that keep their size and follow one another are written together, in one write.
    let mut run: Option<(u64, std::ops::Range<usize>)> = None;
    let mut run_end = 0u64;
    for (old, chunk) in pages.iter().zip(chunks) {
        let offset = u64::try_from(i128::from(old.offset) + shift)
            .map_err(|_| Error::Malformed(Builtin::ValueError.error_kind(), "negative offset"))?;
        let old_size = old.end() - old.offset;
        let size: u64 = plans[chunk.clone()].iter().map(|p| p.size as u64).sum();
        let keeps_size = size == old_size;
        let joins_run = keeps_size && run_end == offset;
        if !joins_run {
            if let Some((at, range)) = run.take() {
                write_pages(t, at, &plans[range], &joined)?;
                t.flush()?;
            }
        }
        if keeps_size {
            run = Some(match run.take() {
                Some((at, range)) => (at, range.start..chunk.end),
                None => (offset, chunk),
            });
            run_end = offset + old_size;
        } else {
            edit::resize(t, offset, old_size, size)?;
            write_pages(t, offset, &plans[chunk], &joined)?;
            t.flush()?;
        }
        end = offset + size;
        shift += i128::from(size) - i128::from(old_size);
    }
    if let Some((at, range)) = run {
        write_pages(t, at, &plans[range], &joined)?;
        t.flush()?;
    }
    if new.len() != pages.len() {
        let (serial, last) = match (pages.first(), new.last()) {
            (Some(p), Some(n)) => (p.serial, n.sequence),
            _ => return Ok(()),
        };
        renumber(t, codec, end, serial, sequence_at(last, 1)?)?;
    }
    Ok(())
}

/// Give the pages of stream `serial` from `pos` on the numbers `number`, `number + 1`, ... in
/// place, as `OggPage.renumber` does: the walk ends with the file (or trailing zero bytes) and
/// fails at a broken page. Every page moves the walk forward by its size (27 bytes at least).
fn renumber(
    t: &mut dyn Target,
    codec: Codec,
    mut pos: u64,
    serial: u32,
    mut number: i32,
) -> Result<()> {
    let size = t.size()?;
    let mut head = vec![0u8; MAX_HEADER_LEN];
    loop {
        let got = t.read_at(pos, &mut head)?;
        let header = match page::parse_header(&head[..got], pos, size) {
            Ok(h) => h,
            Err(PageError::Eof) => break,
            Err(PageError::Io(e)) => return Err(e),
            Err(PageError::Invalid(msg)) => {
                return Err(Error::detailed(codec.error_kind(), msg.into_owned()))
            }
        };
        let next = header.end();
        if header.serial == serial {
            let len = usize::try_from(next - pos).unwrap_or(usize::MAX);
            // A page is at most 27 + 255 + 255 * 255 bytes long.
            let mut raw = vec![0u8; len.min(MAX_HEADER_LEN + 255 * 255)];
            let n = t.read_at(pos, &mut raw)?;
            if n != raw.len() {
                return Err(Error::Malformed(
                    codec.error_kind(),
                    "unable to read full data",
                ));
            }
            raw[18..22].copy_from_slice(&number.to_le_bytes());
            raw[22..26].fill(0);
            let crc = page::crc32(&raw);
            raw[22..26].copy_from_slice(&crc.to_le_bytes());
            t.write_at(pos, &raw)?;
            number = sequence_at(number, 1)?;
        }
        pos = next;
    }
    t.flush()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::ogg::page::build_page;
    use crate::ogg::tests::{comment_block, vorbis_id};
    use crate::ogg::Page;
    use crate::source::SliceSource;

    /// A Vorbis file: id page, comment + setup page, `audio` pages of 100 bytes, all serial 7,
    /// with a page of another stream (serial 9) among the audio pages.
    fn vorbis_file(audio: i32) -> Vec<u8> {
        let mut f = build_page(2, 0, 7, 0, &[&vorbis_id(2, 44100, 0, 128_000, 0)], true);
        let mut comment = b"\x03vorbis".to_vec();
        comment.extend(comment_block(true));
        f.extend(build_page(
            0,
            0,
            7,
            1,
            &[&comment, b"\x05vorbis-setup"],
            true,
        ));
        for k in 0..audio {
            f.extend(build_page(
                0,
                i64::from(k) * 100,
                7,
                2 + k,
                &[&[k as u8; 100]],
                true,
            ));
            if k == 0 {
                f.extend(build_page(2, 0, 9, 0, &[b"other"], true));
            }
        }
        f
    }

    fn pages_of(data: &[u8]) -> Vec<Page> {
        let src = SliceSource::new(data);
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < data.len() as u64 {
            let p = page::read_page(&src, pos).unwrap();
            pos = p.header.end();
            out.push(p);
        }
        out
    }

    fn new_comment(extra: usize) -> Vec<u8> {
        let mut p = b"\x03vorbis".to_vec();
        p.extend_from_slice(&3u32.to_le_bytes());
        p.extend_from_slice(b"abc");
        p.extend_from_slice(&1u32.to_le_bytes());
        let value = format!("title={}", "x".repeat(extra));
        p.extend_from_slice(&(value.len() as u32).to_le_bytes());
        p.extend_from_slice(value.as_bytes());
        p.push(1);
        p
    }

    #[test]
    fn same_length_keeps_the_layout() {
        let mut f = vorbis_file(3);
        let l = layout(&mut f, Codec::Vorbis).unwrap();
        assert_eq!(l.head, b"\x03");
        let mut packet = b"\x03vorbis".to_vec();
        packet.extend(comment_block(true));
        let n = packet.len();
        packet[n - 2] = b'Z';
        assert_eq!(packet.len() as u64, l.packet_len);
        let before = f.clone();
        apply(&mut f, Codec::Vorbis, &packet).unwrap();
        assert_eq!(f.len(), before.len());
        let comment = &pages_of(&f)[1];
        assert!(page::crc_matches(
            &f[comment.header.offset as usize..comment.header.end() as usize]
        ));
    }

    #[test]
    fn a_long_packet_spreads_over_pages_and_renumbers() {
        let mut f = vorbis_file(3);
        let before = pages_of(&f);
        apply(&mut f, Codec::Vorbis, &new_comment(20_000)).unwrap();
        let after = pages_of(&f);
        let ours: Vec<&Page> = after.iter().filter(|p| p.header.serial == 7).collect();
        for (n, p) in ours.iter().enumerate() {
            assert_eq!(p.header.sequence, n as i32);
        }
        for p in &after {
            let raw = &f[p.header.offset as usize..p.header.end() as usize];
            assert!(page::crc_matches(raw));
        }
        // The audio packets and the other stream's page are untouched.
        let audio = |ps: &[Page]| -> Vec<Vec<u8>> {
            ps.iter()
                .filter(|p| p.header.serial == 9 || p.data.len() == 100)
                .map(|p| p.data.clone())
                .collect()
        };
        assert_eq!(audio(&before), audio(&after));
        // Reading back finds the new comment and the setup packet.
        let src = SliceSource::new(&f);
        crate::ogg::read_file(&src, Codec::Vorbis).unwrap();
        let l = layout(&mut f, Codec::Vorbis).unwrap();
        assert_eq!(l.packet_len, new_comment(20_000).len() as u64);
        // And back to a short one: the pages are merged again.
        apply(&mut f, Codec::Vorbis, &new_comment(1)).unwrap();
        assert_eq!(pages_of(&f).len(), before.len());
    }

    #[test]
    fn missing_stream_is_the_codec_error() {
        let mut f = vorbis_file(1);
        let e = layout(&mut f, Codec::Opus).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::OggOpusHeader);
        let mut empty: Vec<u8> = Vec::new();
        let e = apply(&mut empty, Codec::Vorbis, b"x").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::OggVorbisHeader);
    }

    /// A target that refuses to grow past its size plus `room` bytes.
    struct Full {
        data: Vec<u8>,
        limit: usize,
    }

    impl Target for Full {
        fn size(&mut self) -> Result<u64> {
            self.data.size()
        }
        fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> Result<usize> {
            self.data.read_at(offset, buf)
        }
        fn write_at(&mut self, offset: u64, data: &[u8]) -> Result<()> {
            if offset as usize + data.len() > self.limit {
                return Err(Error::Io(std::io::Error::other("disk full")));
            }
            self.data.write_at(offset, data)
        }
        fn set_size(&mut self, len: u64) -> Result<()> {
            self.data.set_size(len)
        }
    }

    #[test]
    fn a_full_disk_leaves_the_file_as_it_was() {
        let f = vorbis_file(3);
        let mut t = Full {
            limit: f.len() + 10,
            data: f.clone(),
        };
        let e = apply(&mut t, Codec::Vorbis, &new_comment(5_000)).unwrap_err();
        assert!(matches!(e, Error::Io(_)));
        assert_eq!(t.data, f);
    }

    #[test]
    fn a_broken_page_stops_the_renumbering() {
        let mut f = vorbis_file(2);
        f.extend_from_slice(b"OggS\x01 broken");
        let e = apply(&mut f, Codec::Vorbis, &new_comment(20_000)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::OggVorbisHeader);
    }
}
