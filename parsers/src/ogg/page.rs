//! Ogg pages, read as `mutagen.ogg.OggPage` reads them.
//!
//! A page is a 27-byte header, a lacing table of up to 255 bytes, and the packet data the
//! lacing describes. mutagen checks the capture pattern, the stream structure version and that
//! the lacing table and the data are all present; it reads the CRC field but never verifies
//! it, and neither do we (a page with a wrong CRC is read as mutagen reads it).
//!
//! Two readers are offered: [`read_header`] reads only the header and lacing table (one small
//! read) and checks from the source's length that the data is all there; [`read_page`] also
//! reads the packet data. Both take an offset and report where the next page starts, so every
//! loop over pages advances by at least the 27 header bytes.

use std::borrow::Cow;

use crate::error::{bytes_repr, Error};
use crate::source::Source;
use crate::util::unchecked::{
    read_u32_le_unchecked, read_u64_le_unchecked, read_u8_unchecked, unchecked,
};

/// The length of the fixed part of a page header.
pub const HEADER_LEN: usize = 27;
/// The most bytes a page header with its lacing table can take.
pub const MAX_HEADER_LEN: usize = HEADER_LEN + 255;

/// Why a page could not be read.
#[derive(Debug)]
pub enum PageError {
    /// Nothing but zero bytes (or nothing at all) remain: mutagen's `EOFError`.
    Eof,
    /// The bytes are not a complete page: mutagen's `ogg.error`, with its message (which shows
    /// the bytes or sizes found for some failures).
    Invalid(Cow<'static, str>),
    /// Reading the source failed.
    Io(Error),
}

impl From<Error> for PageError {
    fn from(e: Error) -> Self {
        PageError::Io(e)
    }
}

/// The header of one page: everything but the packet data.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PageHeader {
    /// Where the page starts in the source.
    pub offset: u64,
    /// The header type flags (bit 0 continued, bit 1 first, bit 2 last).
    pub flags: u8,
    /// The granule position (absolute stream position); -1 when no packet ends on the page.
    pub position: i64,
    /// The logical stream serial number.
    pub serial: u32,
    /// The page sequence number, read as a signed 32-bit value as mutagen reads it.
    pub sequence: i32,
    /// The stored CRC (not verified, as mutagen does not verify it).
    pub crc: u32,
    /// The length of each packet (or packet piece) on the page, from the lacing table.
    pub packet_lens: Vec<u32>,
    /// Whether the last packet on the page ends on it.
    pub complete: bool,
    /// The length of header plus lacing table.
    pub header_len: u32,
    /// The total length of the packet data.
    pub data_len: u64,
}

impl PageHeader {
    /// Whether the first packet continues one from the previous page.
    #[must_use]
    pub fn continued(&self) -> bool {
        self.flags & 1 != 0
    }

    /// Whether this page starts a logical stream (BOS).
    #[must_use]
    pub fn first(&self) -> bool {
        self.flags & 2 != 0
    }

    /// Whether this page ends a logical stream (EOS).
    #[must_use]
    pub fn last(&self) -> bool {
        self.flags & 4 != 0
    }

    /// Where the packet data starts.
    #[must_use]
    pub fn data_offset(&self) -> u64 {
        self.offset + u64::from(self.header_len)
    }

    /// Where the next page starts.
    #[must_use]
    pub fn end(&self) -> u64 {
        self.data_offset() + self.data_len
    }
}

/// A whole page: its header and its packet data.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Page {
    /// The header.
    pub header: PageHeader,
    /// The packet data, all packets back to back.
    pub data: Vec<u8>,
}

impl Drop for Page {
    /// A large page's data buffer serves the next large read of this thread.
    fn drop(&mut self) {
        crate::source::recycle(std::mem::take(&mut self.data));
    }
}

impl Page {
    /// The packets (or packet pieces) on the page, in order.
    pub fn packets(&self) -> impl Iterator<Item = &[u8]> {
        let mut start = 0usize;
        self.header.packet_lens.iter().map(move |&len| {
            let end = start + len as usize;
            let out = self.data.get(start..end).unwrap_or(&[]);
            start = end;
            out
        })
    }

    /// The first packet on the page, if there is one.
    #[must_use]
    pub fn first_packet(&self) -> Option<&[u8]> {
        self.packets().next()
    }

    /// How many packets (or pieces) the page holds.
    #[must_use]
    pub fn packet_count(&self) -> usize {
        self.header.packet_lens.len()
    }
}

/// The fixed 27 bytes of a page header, without the lacing table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct FixedHeader {
    /// The stream structure version (always 0 once parsed).
    pub version: u8,
    /// The header type flags (bit 0 continued, bit 1 first, bit 2 last).
    pub flags: u8,
    /// The granule position.
    pub position: i64,
    /// The logical stream serial number.
    pub serial: u32,
    /// The page sequence number, signed as mutagen reads it.
    pub sequence: i32,
    /// The stored CRC.
    pub crc: u32,
    /// How many lacing values follow.
    pub segments: u8,
}

/// Parse the fixed part of a page header from `head` (its first [`HEADER_LEN`] bytes; fewer
/// only where the input ends). Fails with [`PageError::Eof`] when `head` is shorter than a
/// header and all zero bytes, and with [`PageError::Invalid`] for a short header, a wrong
/// capture pattern or a version other than 0.
///
/// The messages are mutagen's, except that a wrong capture pattern gives `"expected an Ogg
/// page"`: mutagen's names the page's offset, which only [`parse_header`] knows.
pub fn parse_fixed_header(head: &[u8]) -> Result<FixedHeader, PageError> {
    fixed_header(head, None)
}

/// [`parse_fixed_header`] for the page at `offset`, when known.
fn fixed_header(head: &[u8], offset: Option<u64>) -> Result<FixedHeader, PageError> {
    let Some(fixed) = head.get(..HEADER_LEN) else {
        if head.iter().all(|&b| b == 0) {
            return Err(PageError::Eof);
        }
        return Err(PageError::Invalid(Cow::Owned(format!(
            "unable to read full header; got {}",
            bytes_repr(head)
        ))));
    };
    if &fixed[0..4] != b"OggS" {
        return Err(PageError::Invalid(match offset {
            Some(at) => Cow::Owned(format!(
                "read {}, expected b'OggS', at {at:#x}",
                bytes_repr(&fixed[0..4])
            )),
            None => Cow::Borrowed("expected an Ogg page"),
        }));
    }
    if fixed[4] != 0 {
        return Err(PageError::Invalid(Cow::Owned(format!(
            "version {} unsupported",
            fixed[4]
        ))));
    }
    Ok(FixedHeader {
        version: 0,
        // SAFETY: `fixed.len() == HEADER_LEN == 27` (every read below ends by byte 27); byte 5.
        flags: unchecked!(read_u8_unchecked(fixed, 5)),
        // SAFETY: bytes 6..14 of the 27.
        position: unchecked!(read_u64_le_unchecked(fixed, 6)) as i64,
        // SAFETY: bytes 14..18 of the 27.
        serial: unchecked!(read_u32_le_unchecked(fixed, 14)),
        // SAFETY: bytes 18..22 of the 27.
        sequence: unchecked!(read_u32_le_unchecked(fixed, 18)) as i32,
        // SAFETY: bytes 22..26 of the 27.
        crc: unchecked!(read_u32_le_unchecked(fixed, 22)),
        // SAFETY: byte 26 of the 27.
        segments: unchecked!(read_u8_unchecked(fixed, 26)),
    })
}

/// The packet (or piece) lengths a lacing table describes, and whether its last packet ends
/// on the page (a table ending in 255 leaves it open).
#[must_use]
pub fn lacing_lengths(lacing: &[u8]) -> (Vec<u32>, bool) {
    // One length per value under 255, and one more for a packet left open at the end.
    let ends = lacing.iter().filter(|&&c| c < 255).count();
    let mut packet_lens = Vec::with_capacity(ends + usize::from(lacing.last() == Some(&255)));
    let mut run = 0u32;
    for &c in lacing {
        run += u32::from(c);
        if c < 255 {
            packet_lens.push(run);
            run = 0;
        }
    }
    let complete = run == 0;
    if !complete {
        packet_lens.push(run);
    }
    (packet_lens, complete)
}

/// Parse a page header from `head`, the bytes at `offset` (up to [`MAX_HEADER_LEN`] of them,
/// fewer only where the source ends). `total` is the length of the source.
pub fn parse_header(head: &[u8], offset: u64, total: u64) -> Result<PageHeader, PageError> {
    let fixed = fixed_header(head, Some(offset))?;
    let segments = usize::from(fixed.segments);
    let Some(lacing) = head.get(HEADER_LEN..HEADER_LEN + segments) else {
        return Err(PageError::Invalid(Cow::Owned(format!(
            "unable to read {segments} lacing bytes"
        ))));
    };
    let (packet_lens, complete) = lacing_lengths(lacing);
    let data_len: u64 = packet_lens.iter().map(|&l| u64::from(l)).sum();
    let header_len = (HEADER_LEN + segments) as u32;
    let header = PageHeader {
        offset,
        flags: fixed.flags,
        position: fixed.position,
        serial: fixed.serial,
        sequence: fixed.sequence,
        crc: fixed.crc,
        packet_lens,
        complete,
        header_len,
        data_len,
    };
    if header.end() > total {
        return Err(PageError::Invalid(Cow::Borrowed(
            "unable to read full data",
        )));
    }
    Ok(header)
}

/// Read the header of the page at `offset`, checking that its data is all present.
pub fn read_header(src: &dyn Source, offset: u64) -> Result<PageHeader, PageError> {
    let head = src.read_at(offset, MAX_HEADER_LEN)?;
    parse_header(&head, offset, src.len())
}

/// [`read_header`] through [`Source::read_at_into`]: the header's bytes are read on their own
/// (when the source does not hold them already), not with the read-ahead that serves a walk
/// over small pages. A walk over large pages reads only the headers so.
pub fn read_header_alone(src: &dyn Source, offset: u64) -> Result<PageHeader, PageError> {
    let mut head = [0u8; MAX_HEADER_LEN];
    let n = src.read_at_into(offset, &mut head)?;
    parse_header(&head[..n], offset, src.len())
}

/// Read the whole page at `offset`.
pub fn read_page(src: &dyn Source, offset: u64) -> Result<Page, PageError> {
    let header = read_header(src, offset)?;
    let want = usize::try_from(header.data_len)
        .map_err(|_| PageError::Invalid(Cow::Borrowed("page too large")))?;
    let data = match src.read_at(header.data_offset(), want)? {
        Cow::Owned(v) => v,
        Cow::Borrowed(b) => b.to_vec(),
    };
    if data.len() != want {
        return Err(PageError::Invalid(Cow::Borrowed(
            "unable to read full data",
        )));
    }
    Ok(Page { header, data })
}

/// Join the packets of consecutive pages of one stream, as `OggPage.to_packets` does
/// (not strict): a first page that continues a packet starts with an empty piece.
///
/// Fails with `ValueError`'s message where mutagen raises it: a page whose sequence number
/// does not follow the previous one (or whose serial differs from the first page's).
pub fn to_packets(pages: &[Page]) -> Result<Vec<Vec<u8>>, &'static str> {
    Ok(to_packet_slices(pages)?
        .iter()
        .map(|pieces| pieces.concat())
        .collect())
}

/// [`to_packets`] without copying: each packet as the pieces of page data it is made of, in
/// order.
///
/// # Errors
/// As [`to_packets`].
pub fn to_packet_slices(pages: &[Page]) -> Result<Vec<Vec<&[u8]>>, &'static str> {
    let ranges = packet_ranges(pages.iter().map(|p| &p.header))?;
    Ok(ranges
        .iter()
        .map(|pieces| {
            pieces
                .iter()
                .map(|r| {
                    pages
                        .get(r.page)
                        .and_then(|p| p.data.get(r.start..r.end))
                        .unwrap_or(&[])
                })
                .collect()
        })
        .collect())
}

/// One piece of a packet: the bytes `start..end` of the data of page number `page`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece {
    /// Which page, counted from the first given.
    pub page: usize,
    /// Where the piece starts in the page's data.
    pub start: usize,
    /// Where it ends.
    pub end: usize,
}

/// Where the packets [`to_packet_slices`] joins lie, for pages given by their `headers`: each
/// packet as its pieces in order, after the same checks. The pieces of the first packet
/// each start their page's data.
///
/// # Errors
/// As [`to_packets`].
pub(crate) fn packet_ranges<'a>(
    headers: impl IntoIterator<Item = &'a PageHeader> + Clone,
) -> Result<Vec<Vec<Piece>>, &'static str> {
    // The checks: the serial and the sequence number of every page.
    packet_sizes(headers.clone())?;
    let mut headers = headers.into_iter().peekable();
    let mut packets: Vec<Vec<Piece>> = Vec::new();
    if headers.peek().is_some_and(|h| h.continued()) {
        packets.push(Vec::new());
    }
    for (page, header) in headers.enumerate() {
        let mut start = 0usize;
        for (k, &len) in header.packet_lens.iter().enumerate() {
            let piece = Piece {
                page,
                start,
                end: start + len as usize,
            };
            start = piece.end;
            match packets.last_mut() {
                Some(last) if k == 0 && header.continued() => last.push(piece),
                _ => packets.push(vec![piece]),
            }
        }
    }
    Ok(packets)
}

/// Where the first of [`to_packets`]`(pages)` lies, for pages given by their `headers`:
/// `(page, length)` of each of its pieces in order, each the start of its page's data, after
/// the same checks. `None` when the pages hold no packet.
pub(crate) fn first_packet_pieces(
    headers: &[PageHeader],
) -> Result<Option<Vec<(usize, usize)>>, &'static str> {
    let sizes = packet_sizes(headers)?;
    if sizes.is_empty() {
        return Ok(None);
    }
    let mut pieces = Vec::new();
    // Which packet the next piece belongs to: 0 is the one wanted.
    let mut index: Option<usize> = headers
        .first()
        .is_some_and(PageHeader::continued)
        .then_some(0);
    for (at, header) in headers.iter().enumerate() {
        let Some(&head) = header.packet_lens.first() else {
            continue;
        };
        if !header.continued() || index.is_none() {
            index = Some(index.map_or(0, |i| i + 1));
        }
        if index != Some(0) {
            break;
        }
        pieces.push((at, head as usize));
        if header.packet_lens.len() > 1 {
            // A second piece starts the next packet: the first is whole.
            break;
        }
    }
    Ok(Some(pieces))
}

/// The length of each packet [`to_packets`] joins, after its checks: the serial and the
/// sequence numbers of every page.
fn packet_sizes<'a>(
    headers: impl IntoIterator<Item = &'a PageHeader>,
) -> Result<Vec<usize>, &'static str> {
    let mut headers = headers.into_iter().peekable();
    let Some(&first) = headers.peek() else {
        return Ok(Vec::new());
    };
    let serial = first.serial;
    let mut sizes: Vec<usize> = Vec::new();
    if first.continued() {
        sizes.push(0);
    }
    for (header, sequence) in headers.zip(i64::from(first.sequence)..) {
        if header.serial != serial {
            return Err("invalid serial number");
        }
        if i64::from(header.sequence) != sequence {
            return Err("bad sequence number");
        }
        let mut pieces = header.packet_lens.iter().map(|&len| len as usize);
        if let Some(head) = pieces.next() {
            match sizes.last_mut() {
                Some(last) if header.continued() => *last += head,
                // A continued piece with nothing to continue: mutagen fails indexing an empty
                // list here; it cannot happen for the pages the codecs collect.
                None if header.continued() => return Err("continued packet without a start"),
                _ => sizes.push(head),
            }
            sizes.extend(pieces);
        }
    }
    Ok(sizes)
}

/// The Ogg CRC-32: polynomial 0x04C11DB7, no reflection, zero initial value, no final XOR
/// (check value 0x89A1897F), for `crc_fast`, which folds it with carry-less multiplication
/// where the processor has it (about 12 times the table-driven speed on this project's
/// machine: 138 KB in 3 µs against 36 µs) and falls back to tables elsewhere.
static OGG_CRC: std::sync::LazyLock<crc_fast::CrcParams> = std::sync::LazyLock::new(|| {
    crc_fast::CrcParams::new("CRC-32/OGG", 32, 0x04C1_1DB7, 0, false, 0, 0x89A1_897F)
});

/// The Ogg CRC-32 (polynomial 0x04C11DB7, no reflection, zero initial value) of `data`.
///
/// mutagen never checks it when reading; the writer stores it in every page it writes.
#[must_use]
pub fn crc32(data: &[u8]) -> u32 {
    // A 32-bit CRC fits its `u64`.
    crc_fast::checksum_with_params(*OGG_CRC, data) as u32
}

/// Whether a whole page's stored CRC matches its bytes. `raw` is the page exactly as stored.
#[must_use]
pub fn crc_matches(raw: &[u8]) -> bool {
    let Some(stored) = crate::util::bytes::u32_le(raw, 22) else {
        return false;
    };
    let mut digest = crc_fast::Digest::new_with_params(*OGG_CRC);
    digest.update(&raw[..22]);
    digest.update(&[0; 4]);
    digest.update(raw.get(26..).unwrap_or(&[]));
    digest.finalize() as u32 == stored
}

/// The lacing values of `packets`, as a page stores them: each packet as a run of 255s and
/// its remainder; with `complete == false` the last packet is left open (a final remainder of
/// zero is dropped, so the lacing does not end the packet).
#[must_use]
pub fn lacing(packets: &[&[u8]], complete: bool) -> Vec<u8> {
    let lens: Vec<usize> = packets.iter().map(|p| p.len()).collect();
    lacing_of(&lens, complete)
}

/// [`lacing`] from the lengths of the packets.
#[must_use]
pub fn lacing_of(lens: &[usize], complete: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for &len in lens {
        out.extend(std::iter::repeat_n(255u8, len / 255));
        out.push((len % 255) as u8);
    }
    if !complete && out.last() == Some(&0) {
        out.pop();
    }
    out
}

/// Render one page to the bytes `mutagen.ogg.OggPage.write` gives: the header with the
/// stream structure `version`, the lacing table, the packets, and the CRC filled in.
///
/// Fails when the lacing table needs more than 255 values (the packets do not fit in one
/// page).
pub fn render_page(
    version: u8,
    flags: u8,
    position: i64,
    serial: u32,
    sequence: i32,
    packets: &[&[u8]],
    complete: bool,
) -> std::result::Result<Vec<u8>, &'static str> {
    let lens: Vec<usize> = packets.iter().map(|p| p.len()).collect();
    let mut out = Vec::new();
    write_page(
        &mut out,
        PageFields {
            version,
            flags,
            position,
            serial,
            sequence,
            complete,
        },
        &lens,
        |out| {
            for p in packets {
                out.extend_from_slice(p);
            }
        },
    )?;
    Ok(out)
}

/// The header fields of a page [`write_page`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageFields {
    /// The stream structure version (0).
    pub version: u8,
    /// The continued, first and last flags.
    pub flags: u8,
    /// The granule position.
    pub position: i64,
    /// The stream's serial number.
    pub serial: u32,
    /// The page's sequence number.
    pub sequence: i32,
    /// Whether the last packet ends on the page.
    pub complete: bool,
}

/// [`render_page`], appended to `out`: the packets are of lengths `lens`, and `fill` appends
/// their bytes (exactly the sum of `lens`), so that they are copied once, from wherever they
/// are, into the page.
///
/// Fails when the lacing table needs more than 255 values; `out` is then left as it was.
pub fn write_page(
    out: &mut Vec<u8>,
    fields: PageFields,
    lens: &[usize],
    fill: impl FnOnce(&mut Vec<u8>),
) -> std::result::Result<(), &'static str> {
    let lacing = lacing_of(lens, fields.complete);
    let segments = segment_count(&lacing)?;
    let start = out.len();
    out.reserve(HEADER_LEN + lacing.len() + lens.iter().sum::<usize>());
    out.resize(start + HEADER_LEN, 0);
    write_header(&mut out[start..], fields, segments);
    out.extend_from_slice(&lacing);
    fill(out);
    let crc = crc32(&out[start..]);
    out[start + 22..start + 26].copy_from_slice(&crc.to_le_bytes());
    Ok(())
}

/// The size of a page with the lacing table `lacing` around packets of lengths `lens`.
#[must_use]
pub fn page_size(lacing: &[u8], lens: &[usize]) -> usize {
    HEADER_LEN + lacing.len() + lens.iter().sum::<usize>()
}

/// [`write_page`] into `out`, a buffer of exactly the page's size ([`page_size`]): the
/// header, `lacing` (from [`lacing_of`]), then `fill` writes the packets' bytes into the
/// rest of `out`; the CRC is filled in last.
///
/// Fails when `lacing` has more than 255 values, or when `out` is too short for the header
/// and `lacing`.
pub fn write_page_to(
    out: &mut [u8],
    fields: PageFields,
    lacing: &[u8],
    fill: impl FnOnce(&mut [u8]),
) -> std::result::Result<(), &'static str> {
    let segments = segment_count(lacing)?;
    let body = HEADER_LEN + lacing.len();
    if out.len() < body {
        return Err("the page buffer is shorter than the page header");
    }
    write_header(out, fields, segments);
    out[HEADER_LEN..body].copy_from_slice(lacing);
    fill(&mut out[body..]);
    let crc = crc32(out);
    out[22..26].copy_from_slice(&crc.to_le_bytes());
    Ok(())
}

fn segment_count(lacing: &[u8]) -> std::result::Result<u8, &'static str> {
    u8::try_from(lacing.len()).map_err(|_| "the packets need more than 255 lacing values")
}

/// The 27 bytes of a page header, its CRC zero, into the start of `out`.
fn write_header(out: &mut [u8], fields: PageFields, segments: u8) {
    out[..4].copy_from_slice(b"OggS");
    out[4] = fields.version;
    out[5] = fields.flags;
    out[6..14].copy_from_slice(&fields.position.to_le_bytes());
    out[14..18].copy_from_slice(&fields.serial.to_le_bytes());
    out[18..22].copy_from_slice(&fields.sequence.to_le_bytes());
    out[22..26].copy_from_slice(&[0; 4]);
    out[26] = segments;
}

/// How [`paginate`] lays packets out on one page.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageLayout {
    /// Whether the first piece continues a packet from the previous page.
    pub continued: bool,
    /// Whether the last piece ends its packet.
    pub complete: bool,
    /// The granule position to give the page: -1 when its only piece is a packet's middle
    /// part (no packet ends on it), 0 otherwise.
    pub position: i64,
    /// The pieces on the page, in order: `(packet index, start, end)` byte ranges of the
    /// packets.
    pub pieces: Vec<(usize, usize, usize)>,
}

impl PageLayout {
    fn new(continued: bool) -> Self {
        PageLayout {
            continued,
            complete: true,
            position: 0,
            pieces: Vec::new(),
        }
    }

    /// The stored size of the page as mutagen counts it while filling a page.
    fn size(&self) -> usize {
        HEADER_LEN
            + self
                .pieces
                .iter()
                .map(|&(_, start, end)| (end - start) / 255 + 1 + (end - start))
                .sum::<usize>()
    }
}

/// Lay packets of the given lengths out on pages as `OggPage.from_packets` does: pages of
/// about `default_size` bytes, filled in chunks of `default_size` rounded down to a multiple of
/// 255, at most 255 pieces to a page; a packet whose rest is shorter than `wiggle_room` is
/// finished on the page it is on. Fails when `default_size` is below 255 (no chunk fits).
pub fn paginate(
    lengths: &[usize],
    default_size: usize,
    wiggle_room: usize,
) -> std::result::Result<Vec<PageLayout>, &'static str> {
    let chunk = default_size / 255 * 255;
    if chunk == 0 {
        return Err("the page size must be at least 255 bytes");
    }
    let mut pages = Vec::new();
    let mut page = PageLayout::new(false);
    for (index, &len) in lengths.iter().enumerate() {
        page.pieces.push((index, 0, 0));
        let mut done = 0usize;
        while done < len {
            let take = chunk.min(len - done);
            if page.size() < default_size && page.pieces.len() < 255 {
                if let Some(last) = page.pieces.last_mut() {
                    last.2 += take;
                }
            } else {
                // Close the page: a started piece leaves its packet open, an empty one moves
                // to the next page.
                if page
                    .pieces
                    .last()
                    .is_some_and(|&(_, start, end)| end > start)
                {
                    page.complete = false;
                    if page.pieces.len() == 1 {
                        page.position = -1;
                    }
                } else {
                    page.pieces.pop();
                }
                let continued = !page.complete;
                pages.push(std::mem::replace(&mut page, PageLayout::new(continued)));
                page.pieces.push((index, done, done + take));
            }
            done += take;
            if len - done < wiggle_room {
                if let Some(last) = page.pieces.last_mut() {
                    last.2 = len;
                }
                done = len;
            }
        }
    }
    if !page.pieces.is_empty() {
        pages.push(page);
    }
    Ok(pages)
}

/// Build the bytes of one page (for tests and tools): [`render_page`] with version 0; empty
/// when the packets do not fit in one page.
#[must_use]
pub fn build_page(
    flags: u8,
    position: i64,
    serial: u32,
    sequence: i32,
    packets: &[&[u8]],
    complete: bool,
) -> Vec<u8> {
    render_page(0, flags, position, serial, sequence, packets, complete).unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::source::SliceSource;

    #[test]
    fn reads_a_built_page() {
        let raw = build_page(2, 7, 99, 3, &[b"abc", &[1u8; 300]], true);
        assert!(crc_matches(&raw));
        let src = SliceSource::new(&raw);
        let page = read_page(&src, 0).unwrap();
        assert!(page.header.first() && !page.header.last() && !page.header.continued());
        assert_eq!(page.header.position, 7);
        assert_eq!(page.header.serial, 99);
        assert_eq!(page.header.sequence, 3);
        assert_eq!(page.header.packet_lens, vec![3, 300]);
        assert!(page.header.complete);
        assert_eq!(page.header.end(), raw.len() as u64);
        let packets: Vec<&[u8]> = page.packets().collect();
        assert_eq!(packets[0], b"abc");
        assert_eq!(packets[1].len(), 300);
    }

    #[test]
    fn crc_is_not_checked_as_in_mutagen() {
        let mut raw = build_page(0, 0, 1, 0, &[b"data"], true);
        raw[22] ^= 0xFF;
        assert!(!crc_matches(&raw));
        assert!(read_page(&SliceSource::new(&raw), 0).is_ok());
    }

    #[test]
    fn crc_matches_a_known_value() {
        // CRC-32/MPEG-2 without the final inversion and with a zero start: "123456789" gives
        // 0x89A1897F under the Ogg parameters.
        assert_eq!(crc32(b"123456789"), 0x89A1_897F);
    }

    #[test]
    fn crc_matches_the_bitwise_definition_at_every_length() {
        fn bitwise(data: &[u8]) -> u32 {
            let mut crc = 0u32;
            for &b in data {
                crc ^= u32::from(b) << 24;
                for _ in 0..8 {
                    crc = if crc & 0x8000_0000 != 0 {
                        (crc << 1) ^ 0x04C1_1DB7
                    } else {
                        crc << 1
                    };
                }
            }
            crc
        }
        let data: Vec<u8> = (0..600u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        for len in 0..data.len() {
            assert_eq!(crc32(&data[..len]), bitwise(&data[..len]), "length {len}");
        }
        // Page-sized and larger runs, from unaligned starts, through the folding paths.
        let data: Vec<u8> = (0..200_003u32)
            .map(|i| (i.wrapping_mul(2_246_822_519) >> 17) as u8)
            .collect();
        for (start, len) in [(1, 4096), (3, 65_307), (0, 200_000), (2, 131_071)] {
            let piece = &data[start..start + len];
            assert_eq!(crc32(piece), bitwise(piece), "{start}+{len}");
        }
    }

    #[test]
    fn open_packets_and_255_multiples() {
        let raw = build_page(0, -1, 1, 0, &[&[5u8; 510]], false);
        let page = read_page(&SliceSource::new(&raw), 0).unwrap();
        assert!(!page.header.complete);
        assert_eq!(page.header.packet_lens, vec![510]);
        // The same packet closed needs a terminating zero lacing value.
        let raw = build_page(0, 0, 1, 0, &[&[5u8; 510]], true);
        let page = read_page(&SliceSource::new(&raw), 0).unwrap();
        assert!(page.header.complete);
        assert_eq!(raw[26], 3);
    }

    #[test]
    fn zero_length_packets_and_empty_pages() {
        let raw = build_page(0, 0, 1, 0, &[b"", b""], true);
        let page = read_page(&SliceSource::new(&raw), 0).unwrap();
        assert_eq!(page.header.packet_lens, vec![0, 0]);
        let raw = build_page(0, 0, 1, 0, &[], true);
        let page = read_page(&SliceSource::new(&raw), 0).unwrap();
        assert_eq!(page.packet_count(), 0);
        assert!(page.header.complete);
        assert_eq!(page.header.end(), 27);
    }

    #[test]
    fn truncation_and_eof() {
        let raw = build_page(0, 0, 1, 0, &[b"hello"], true);
        for cut in 1..raw.len() {
            let r = read_page(&SliceSource::new(&raw[..cut]), 0);
            assert!(matches!(r, Err(PageError::Invalid(_))), "cut at {cut}");
        }
        assert!(matches!(
            read_page(&SliceSource::new(&[]), 0),
            Err(PageError::Eof)
        ));
        assert!(matches!(
            read_page(&SliceSource::new(&[0; 26]), 0),
            Err(PageError::Eof)
        ));
        // 27 zero bytes are a full header with the wrong magic, not an end of file.
        assert!(matches!(
            read_page(&SliceSource::new(&[0; 27]), 0),
            Err(PageError::Invalid(_))
        ));
        let mut bad = raw.clone();
        bad[4] = 1;
        assert!(matches!(
            read_page(&SliceSource::new(&bad), 0),
            Err(PageError::Invalid(_))
        ));
        assert!(matches!(
            read_page(&SliceSource::new(b"OggT"), 0),
            Err(PageError::Invalid(_))
        ));
    }

    fn page_at(seq: i32, flags: u8, packets: &[&[u8]], complete: bool) -> Page {
        let raw = build_page(flags, 0, 5, seq, packets, complete);
        read_page(&SliceSource::new(&raw), 0).unwrap()
    }

    #[test]
    fn packets_span_pages() {
        let pages = [
            page_at(1, 0, &[b"one", b"tw"], false),
            page_at(2, 1, &[b"o-"], false),
            page_at(3, 1, &[b"end", b"three"], true),
        ];
        let packets = to_packets(&pages).unwrap();
        assert_eq!(
            packets,
            vec![b"one".to_vec(), b"two-end".to_vec(), b"three".to_vec()]
        );
        // A first page continuing a packet from before starts with an empty piece.
        let packets = to_packets(&pages[1..]).unwrap();
        assert_eq!(packets, vec![b"o-end".to_vec(), b"three".to_vec()]);
    }

    /// The pieces `first_packet_pieces` names join to what `to_packets` gives first.
    #[test]
    fn first_packet_pieces_join_to_the_first_of_to_packets() {
        let cases: Vec<Vec<Page>> = vec![
            vec![],
            vec![page_at(1, 0, &[b"one"], true)],
            vec![
                page_at(1, 0, &[b"one", b"tw"], false),
                page_at(2, 1, &[b"o"], true),
            ],
            vec![
                page_at(1, 0, &[b"on"], false),
                page_at(2, 1, &[b"e-"], false),
                page_at(3, 1, &[b"end", b"two"], true),
            ],
            vec![
                page_at(2, 1, &[b"o-"], false),
                page_at(3, 1, &[b"end"], true),
            ],
            vec![page_at(1, 0, &[b"a"], true), page_at(2, 0, &[b"b"], true)],
            vec![page_at(1, 0, &[], true), page_at(2, 0, &[b"b"], true)],
            vec![page_at(1, 0, &[b"a"], true), page_at(3, 0, &[b"b"], true)],
        ];
        for pages in cases {
            let want = to_packets(&pages).map(|p| p.into_iter().next());
            let headers: Vec<PageHeader> = pages.iter().map(|p| p.header.clone()).collect();
            let got = first_packet_pieces(&headers).map(|pieces| {
                pieces.map(|pieces| {
                    let mut packet = Vec::new();
                    for (at, len) in pieces {
                        packet.extend_from_slice(&pages[at].data[..len]);
                    }
                    packet
                })
            });
            assert_eq!(got, want);
        }
    }

    #[test]
    fn sequence_gaps_fail() {
        let pages = [page_at(1, 0, &[b"a"], false), page_at(3, 1, &[b"b"], true)];
        assert!(to_packets(&pages).is_err());
        // No wrap-around: i32::MAX is not followed by i32::MIN.
        let pages = [
            page_at(i32::MAX, 0, &[b"a"], false),
            page_at(i32::MIN, 1, &[b"b"], true),
        ];
        assert!(to_packets(&pages).is_err());
    }

    /// The header fields at the last bytes of the fixed header: lacing count at byte 26.
    #[test]
    fn header_fields_at_the_edge() {
        let raw = build_page(0x05, -2, 0xDEAD_BEEF, -7, &[&[9u8; 3]], true);
        let head = parse_header(&raw[..=HEADER_LEN], 0, raw.len() as u64).unwrap();
        assert_eq!(
            (head.flags, head.position, head.serial, head.sequence),
            (5, -2, 0xDEAD_BEEF, -7)
        );
        assert_eq!(
            head.crc,
            u32::from_le_bytes(raw[22..26].try_into().unwrap())
        );
        assert_eq!(head.packet_lens, vec![3]);
        for cut in 0..=HEADER_LEN {
            assert!(
                parse_header(&raw[..cut], 0, raw.len() as u64).is_err(),
                "cut {cut}"
            );
        }
    }

    #[test]
    fn render_limits_and_version() {
        let raw = render_page(1, 0, 0, 1, 0, &[b"x"], true).unwrap();
        assert_eq!(raw[4], 1);
        assert!(matches!(
            read_page(&SliceSource::new(&raw), 0),
            Err(PageError::Invalid(_))
        ));
        let big = vec![0u8; 255 * 255];
        assert!(render_page(0, 0, 0, 1, 0, &[&big], true).is_err());
        assert!(render_page(0, 0, 0, 1, 0, &[&big], false).is_ok());
        // An open empty last packet takes no lacing value.
        assert_eq!(lacing(&[b"ab", b""], false), vec![2]);
    }

    #[test]
    fn paginate_layouts() {
        // Short packets share one page.
        let pages = paginate(&[200, 200, 200], 4096, 2048).unwrap();
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].pieces, vec![(0, 0, 200), (1, 0, 200), (2, 0, 200)]);
        // Without wiggle room packets a little over a page are split.
        let pages = paginate(&[511, 511, 511], 510, 0).unwrap();
        assert!(pages.len() > 3);
        assert!(!pages[0].complete && pages[1].continued);
        // With it, each is finished on its page.
        assert_eq!(paginate(&[511, 511, 511], 510, 100).unwrap().len(), 3);
        // A long packet: the pages before its end have no granule position.
        let pages = paginate(&[100_000], 4096, 2048).unwrap();
        assert!(pages.len() > 1);
        assert!(pages[..pages.len() - 1].iter().all(|p| p.position == -1));
        assert_eq!(pages.last().unwrap().position, 0);
        // At most 255 pieces a page.
        let pages = paginate(&vec![1; 3000], 4096, 2048).unwrap();
        assert!(pages.iter().all(|p| p.pieces.len() <= 255));
        assert!(pages.len() > 3000 / 255);
        assert!(paginate(&[], 4096, 2048).unwrap().is_empty());
        assert!(paginate(&[1], 254, 0).is_err());
    }
}
