//! Ogg pages and the Ogg codecs: Vorbis, Opus, FLAC, Speex, Theora (`mutagen.ogg*`).
//!
//! Each codec is read in the three steps mutagen's `OggFileType.load` takes, over one forward
//! walk of the pages from the start of the file:
//!
//! 1. the stream info: the first page whose first packet is the codec's identification header
//!    (its serial number selects the stream in a multiplexed file);
//! 2. the comment: the codec's comment packet, joined across as many pages as it spans;
//! 3. the length: the granule position of the stream's last page, found by reading the last
//!    64 KiB of the file ([`find_last`]), and only when the last page found there does not end
//!    the stream, by walking the page headers from the start, as mutagen does.
//!
//! Failures are reported as mutagen reports them: a broken page, a missing stream or an I/O
//! error become the codec's header error (`OggVorbisHeaderError`, ...); a broken comment block
//! keeps its Vorbis comment error; and where mutagen lets a Python built-in exception escape
//! (`IndexError` on a page without packets, `struct.error` on a short header packet, ...),
//! [`read`] returns [`Outcome::Raises`] naming it.

pub mod flac;
pub mod opus;
pub mod page;
pub mod speex;
pub mod theora;
pub mod vorbis;
pub mod write;

use std::borrow::Cow;

use crate::error::{limits, Error, ErrorKind, Result};
use crate::source::Source;
use crate::util::scan;
use crate::vorbis::VorbisComment;

pub use page::{Page, PageError, PageHeader};

/// How much of the end of the file [`find_last`] searches for the last page, as mutagen does.
pub const FIND_LAST_TAIL: usize = 256 * 256;

/// The end of a file [`find_last`] looks in first (see [`last_page`]).
const FIND_LAST_NEAR: usize = 4 * 1024;

/// The Ogg codecs mutagen reads, one file type each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum Codec {
    /// `mutagen.oggvorbis.OggVorbis`
    Vorbis,
    /// `mutagen.oggopus.OggOpus`
    Opus,
    /// `mutagen.oggflac.OggFLAC`
    Flac,
    /// `mutagen.oggspeex.OggSpeex`
    Speex,
    /// `mutagen.oggtheora.OggTheora`
    Theora,
}

impl Codec {
    /// The error kind of this codec's header error, which every failure inside mutagen's
    /// `OggFileType.load` becomes.
    #[must_use]
    pub fn error_kind(self) -> ErrorKind {
        match self {
            Codec::Vorbis => ErrorKind::OggVorbisHeader,
            Codec::Opus => ErrorKind::OggOpusHeader,
            Codec::Flac => ErrorKind::OggFlacHeader,
            Codec::Speex => ErrorKind::OggSpeexHeader,
            Codec::Theora => ErrorKind::OggTheoraHeader,
        }
    }

    /// The codec for a mutagen class name (`"OggVorbis"`, `"OggOpus"`, `"OggFLAC"`,
    /// `"OggSpeex"`, `"OggTheora"`).
    #[must_use]
    pub fn from_class_name(name: &str) -> Option<Codec> {
        Some(match name {
            "OggVorbis" => Codec::Vorbis,
            "OggOpus" => Codec::Opus,
            "OggFLAC" => Codec::Flac,
            "OggSpeex" => Codec::Speex,
            "OggTheora" => Codec::Theora,
            _ => return None,
        })
    }
}

/// A Python built-in exception that mutagen lets escape for some malformed files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum Builtin {
    /// `IndexError`: a page without packets where mutagen looks at its first packet, or no
    /// comment packet at all.
    IndexError,
    /// `ValueError`: the comment's pages are not numbered consecutively.
    ValueError,
    /// `struct.error`: a header packet too short for the fields mutagen unpacks.
    StructError,
    /// `ZeroDivisionError`: a Speex header with a sample rate of zero.
    ZeroDivisionError,
}

/// The stream information of one codec, with mutagen's attributes (and a few more fields of
/// the header that mutagen reads past).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum Info {
    /// `OggVorbisInfo`
    Vorbis(vorbis::VorbisInfo),
    /// `OggOpusInfo`
    Opus(opus::OpusInfo),
    /// `OggFLACStreamInfo`
    Flac(flac::FlacInfo),
    /// `OggSpeexInfo`
    Speex(speex::SpeexInfo),
    /// `OggTheoraInfo`
    Theora(theora::TheoraInfo),
}

/// What mutagen reads from an Ogg file: the stream info and the comment block.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct OggFile {
    /// The stream information.
    pub info: Info,
    /// The codec's Vorbis comment block.
    pub tags: VorbisComment,
    /// The bytes after the comment block in its packet, which mutagen counts as padding
    /// (`tags._padding`); zero for Ogg FLAC, and for Opus data kept after a set flag bit.
    pub padding: usize,
    /// Opus only: the data after the comment block when its first byte has the low bit set,
    /// which a save keeps after the new comments (mutagen's `tags._pad_data`); else empty.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub preserved: Vec<u8>,
}

/// The result of reading: the file, or the built-in exception mutagen raises for it.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum Outcome {
    /// The file was read.
    File(OggFile),
    /// mutagen raises this built-in exception (with a message of ours) for the file.
    Raises(Builtin, &'static str),
}

/// How a step of the reading failed, before it is turned into what mutagen raises.
#[derive(Debug)]
pub(crate) enum Fail {
    /// The pages ran out (mutagen's `EOFError`).
    Eof,
    /// An Ogg or codec header error, or an I/O error: all become the codec's header error.
    Header(&'static str),
    /// As [`Fail::Header`], with a message that depends on the input.
    HeaderText(Box<str>),
    /// An error that escapes as it is (a broken Vorbis comment block).
    Escape(Error),
    /// A Python built-in exception.
    Builtin(Builtin, &'static str),
    /// A documented limit was reached (see [`crate::error::limits`]): the codec's header
    /// error, as [`Error::Limit`].
    Limit(&'static str),
}

/// The result of one reading step.
pub(crate) type Step<T> = std::result::Result<T, Fail>;

impl From<PageError> for Fail {
    fn from(e: PageError) -> Self {
        match e {
            PageError::Eof => Fail::Eof,
            PageError::Invalid(Cow::Borrowed(msg)) => Fail::Header(msg),
            PageError::Invalid(Cow::Owned(msg)) => Fail::HeaderText(msg.into()),
            PageError::Io(_) => Fail::Header("I/O error while reading the Ogg stream"),
        }
    }
}

/// A forward walk over the pages of a source, as mutagen's file position moves.
pub(crate) struct Pages<'a> {
    src: &'a dyn Source,
    /// Where the next page starts.
    pub(crate) pos: u64,
    /// How many more pages may be walked ([`limits::MAX_PAGES`]).
    left: u64,
}

impl<'a> Pages<'a> {
    pub(crate) fn new(src: &'a dyn Source) -> Self {
        Pages {
            src,
            pos: 0,
            left: limits::MAX_PAGES,
        }
    }

    /// The header of the next page; the walk moves past the whole page.
    pub(crate) fn next_header(&mut self) -> Step<PageHeader> {
        self.next_header_with(page::read_header)
    }

    /// [`Pages::next_header`] with the header read by `read`.
    fn next_header_with(
        &mut self,
        read: impl Fn(&dyn Source, u64) -> std::result::Result<PageHeader, PageError>,
    ) -> Step<PageHeader> {
        self.left = self
            .left
            .checked_sub(1)
            .ok_or(Fail::Limit(limits::MSG_PAGES))?;
        let header = read(self.src, self.pos)?;
        self.pos = header.end();
        Ok(header)
    }

    /// Read `len` bytes of a page's data from its start.
    fn data(&self, header: &PageHeader, len: u64) -> Step<Vec<u8>> {
        Ok(self.read(header, len)?.into_owned())
    }

    /// The first `out.len()` bytes of a page's data read into `out`, all of them or an error.
    fn data_into(&self, header: &PageHeader, out: &mut [u8]) -> Step<()> {
        if out.len() as u64 > header.data_len {
            return Err(Fail::Header("page too large"));
        }
        let got = self
            .src
            .read_at_into(header.data_offset(), out)
            .map_err(|_| Fail::Header("I/O error while reading the Ogg stream"))?;
        if got != out.len() {
            return Err(Fail::Header("unable to read full data"));
        }
        Ok(())
    }

    /// The first `len` bytes of a page's data, all of them or an error.
    fn read(&self, header: &PageHeader, len: u64) -> Step<std::borrow::Cow<'_, [u8]>> {
        let want = usize::try_from(len.min(header.data_len))
            .map_err(|_| Fail::Header("page too large"))?;
        let got = self
            .src
            .read_at(header.data_offset(), want)
            .map_err(|_| Fail::Header("I/O error while reading the Ogg stream"))?;
        if got.len() != want {
            return Err(Fail::Header("unable to read full data"));
        }
        Ok(got)
    }

    /// The whole of a page whose header was just read.
    pub(crate) fn page(&self, header: PageHeader) -> Step<Page> {
        let data = self.data(&header, header.data_len)?;
        Ok(Page { header, data })
    }

    /// The first packet of a page whose header was just read.
    pub(crate) fn first_packet(&self, header: &PageHeader) -> Step<Vec<u8>> {
        let len = header.packet_lens.first().copied().unwrap_or(0);
        self.data(header, u64::from(len))
    }

    /// Walk to the first page whose first packet starts with `magic` and return its header.
    /// With `serial`, pages of other streams are passed over without a look at their
    /// packets. A page without packets is passed over with `skip_empty`, and is an
    /// `IndexError` (mutagen indexes its empty packet list) without it.
    pub(crate) fn find_packet(
        &mut self,
        magic: &[u8],
        serial: Option<u32>,
        skip_empty: bool,
    ) -> Step<PageHeader> {
        loop {
            let header = self.next_header()?;
            if serial.is_some_and(|s| s != header.serial) {
                continue;
            }
            let Some(&first_len) = header.packet_lens.first() else {
                if skip_empty {
                    continue;
                }
                return Err(Fail::Builtin(Builtin::IndexError, "page has no packets"));
            };
            if u64::from(first_len) < magic.len() as u64 {
                continue;
            }
            if self.data(&header, magic.len() as u64)? == magic {
                return Ok(header);
            }
        }
    }

    /// The header of the next page, without moving past it.
    pub(crate) fn peek_header(&self) -> Step<PageHeader> {
        Ok(page::read_header(self.src, self.pos)?)
    }

    /// The headers of the pages of stream `serial` that hold the packet starting on the first
    /// of `headers` (or, with none, on the next page of that stream), gathered onto
    /// `headers`: pages are taken until one of them ends a packet or holds more than one. No
    /// page's data is read, but a page of the stream that the input cuts short fails as
    /// reading its data would.
    pub(crate) fn collect_headers(
        &mut self,
        headers: &mut Vec<PageHeader>,
        serial: u32,
    ) -> Step<()> {
        // Past a large page, the next header is read alone: the read-ahead window would read
        // the data of the pages walked over, which are read again (or not needed) after.
        let mut large = false;
        while !headers
            .last()
            .is_some_and(|h| h.complete || h.packet_lens.len() > 1)
        {
            let header = if large {
                self.next_header_with(page::read_header_alone)?
            } else {
                self.next_header()?
            };
            large = header.data_len >= LARGE_PAGE;
            if header.serial == serial {
                if header.end() > self.src.len() {
                    return Err(Fail::Header("unable to read full data"));
                }
                headers.push(header);
            }
        }
        Ok(())
    }

    /// The bytes of a page's data from `skip` on, all of them or an error.
    pub(crate) fn data_from(&self, header: &PageHeader, skip: usize) -> Step<Vec<u8>> {
        let len = usize::try_from(header.data_len)
            .map_err(|_| Fail::Header("page too large"))?
            .saturating_sub(skip);
        let mut out = vec![0u8; len];
        let got = self
            .src
            .read_at_into(header.data_offset() + skip as u64, &mut out)
            .map_err(|_| Fail::Header("I/O error while reading the Ogg stream"))?;
        if got != len {
            return Err(Fail::Header("unable to read full data"));
        }
        Ok(out)
    }

    /// The first packet of the pages [`Pages::collect_headers`] gathers, as
    /// `OggPage.to_packets(pages)[0]` (`None` when they hold none), with the same checks and
    /// errors. Only the headers are kept during the walk; the packet's pieces are then read
    /// straight into one buffer of its size, so a packet spanning many pages is held once.
    pub(crate) fn collect_first_packet(
        &mut self,
        start: Option<&Page>,
        serial: u32,
    ) -> Step<Option<Packet>> {
        let start_data = start.map(|p| p.data.as_slice());
        let mut headers: Vec<PageHeader> = start.iter().map(|p| p.header.clone()).collect();
        self.collect_headers(&mut headers, serial)?;
        let pieces = page::first_packet_pieces(&headers)
            .map_err(|msg| Fail::Builtin(Builtin::ValueError, msg))?;
        let Some(pieces) = pieces else {
            return Ok(None);
        };
        // Each piece is read straight into its place in the packet.
        let mut packet = Packet(crate::source::filled_buffer(
            pieces.iter().map(|&(_, len)| len).sum(),
        ));
        let mut filled = 0;
        for (at, len) in pieces {
            if let (0, Some(data)) = (at, start_data) {
                let data = data.get(..len).unwrap_or(data);
                packet.0[filled..filled + data.len()].copy_from_slice(data);
                filled += data.len();
            } else {
                let header = headers.get(at).ok_or(Fail::Header("page too large"))?;
                self.data_into(header, &mut packet.0[filled..filled + len])?;
                filled += len;
            }
        }
        packet.0.truncate(filled);
        Ok(Some(packet))
    }
}

/// Pages holding at least this many bytes of data are walked over without the read-ahead
/// window (see [`Pages::collect_headers`]).
const LARGE_PAGE: u64 = 8 * 1024;

/// The bytes of a packet gathered from its pages. Its buffer goes back to the thread's spare
/// buffers when it is dropped, so that the next file's large packet is read into memory that
/// is already mapped.
pub(crate) struct Packet(Vec<u8>);

impl std::ops::Deref for Packet {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl Drop for Packet {
    fn drop(&mut self) {
        crate::source::recycle(std::mem::take(&mut self.0));
    }
}

/// `data[from:]` as Python slices it: empty when `from` is past the end.
pub(crate) fn tail(data: &[u8], from: usize) -> &[u8] {
    data.get(from..).unwrap_or(&[])
}

/// Parse a comment block with the shared Vorbis comment reader; its errors escape as they are.
pub(crate) fn parse_comment(data: &[u8], framing: bool) -> Step<VorbisComment> {
    crate::vorbis::parse(data, framing).map_err(Fail::Escape)
}

/// The granule position of the last page of stream `serial`, as `OggPage.find_last` finds it.
///
/// The last [`FIND_LAST_TAIL`] bytes are read and the last `OggS` in them is taken for the
/// last page. If that page parses, belongs to the stream (and, with `finishing`, has a granule
/// position other than -1) and ends the stream, it is the answer, and nothing else is read.
/// Otherwise the page headers are walked from the start of the file to the stream's end-of-stream
/// page or to the first broken page, and the last fitting page of the stream seen wins (or the
/// one found at the end, if the walk finds none). `Ok(None)` when the stream has no such page;
/// an error when the tail holds no `OggS` at all.
pub fn find_last(
    src: &dyn Source,
    serial: u32,
    finishing: bool,
) -> std::result::Result<Option<PageHeader>, PageError> {
    let total = src.len();
    let Some(parsed) = last_page(src, total)? else {
        return Err(PageError::Invalid(Cow::Borrowed(
            "unable to find final Ogg header",
        )));
    };
    let fits = |h: &PageHeader| !finishing || h.position != -1;
    let mut best = None;
    if let Ok(h) = parsed {
        if h.serial == serial && fits(&h) {
            if h.last() {
                return Ok(Some(h));
            }
            best = Some(h);
        }
    }
    // Multiplexed, or the last page does not end the stream: walk the headers.
    let mut pos = 0u64;
    loop {
        match page::read_header(src, pos) {
            Ok(h) => {
                pos = h.end();
                if h.serial == serial {
                    let last = h.last();
                    if fits(&h) {
                        best = Some(h);
                    }
                    if last {
                        break;
                    }
                }
            }
            Err(PageError::Io(e)) => return Err(PageError::Io(e)),
            Err(_) => break,
        }
    }
    Ok(best)
}

/// The header of the page at the last `OggS` of the last [`FIND_LAST_TAIL`] bytes of a source
/// of `total` bytes (`None` when there is no `OggS`), searched for from the end in growing
/// steps: the last 4 KiB (which a source holds from its opening), then 16 KiB before them,
/// then the rest. Each step's bytes reach a longest page header into the step after it, so
/// that an `OggS` across the border is found where it starts, and a header across it is
/// parsed from the step's bytes.
fn last_page(
    src: &dyn Source,
    total: u64,
) -> std::result::Result<Option<std::result::Result<PageHeader, PageError>>, PageError> {
    let floor = total.saturating_sub(FIND_LAST_TAIL as u64);
    let mut end = total;
    let mut step = FIND_LAST_NEAR as u64;
    loop {
        let start = end.saturating_sub(step).max(floor);
        let upto = end.saturating_add(page::MAX_HEADER_LEN as u64).min(total);
        let len = usize::try_from(upto - start).unwrap_or(usize::MAX);
        let bytes = src.read_at(start, len)?;
        if let Some(index) = scan::rfind(&bytes, b"OggS") {
            let offset = start + index as u64;
            // The header is parsed from the bytes at hand when they hold all of it.
            let at = &bytes[index..];
            return Ok(Some(if upto == total {
                page::parse_header(at, offset, start + bytes.len() as u64)
            } else if at.len() >= page::MAX_HEADER_LEN {
                page::parse_header(at, offset, total)
            } else {
                page::read_header_alone(src, offset)
            }));
        }
        if start == floor {
            return Ok(None);
        }
        end = start;
        step *= 4;
    }
}

/// [`find_last`] for the codecs' length step: an error becomes the codec's header error, and
/// no page at all is one too.
pub(crate) fn last_position(src: &dyn Source, serial: u32) -> Step<i64> {
    match find_last(src, serial, true)? {
        Some(h) => Ok(h.position),
        None => Err(Fail::Header("no finishing page of the stream")),
    }
}

impl Builtin {
    /// The error kind that stands for this built-in exception.
    #[must_use]
    pub fn error_kind(self) -> ErrorKind {
        match self {
            Builtin::IndexError => ErrorKind::BuiltinIndexError,
            Builtin::ValueError => ErrorKind::BuiltinValueError,
            Builtin::StructError => ErrorKind::BuiltinStructError,
            Builtin::ZeroDivisionError => ErrorKind::BuiltinZeroDivisionError,
        }
    }
}

/// The result of reading only the stream info, as the codecs' info classes read it.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum InfoOutcome {
    /// The info (with the length and, for Opus, the bitrate left at zero: they need the end of
    /// the file) and where the page after the header page starts.
    Read(Info, u64),
    /// The pages ran out before the header (mutagen's `EOFError`).
    Eof,
    /// mutagen raises this built-in exception (with a message of ours).
    Raises(Builtin, &'static str),
}

/// Read the stream info of `codec` from the pages starting at the beginning of `src`, as
/// `OggVorbisInfo(fileobj)` and its siblings read it: the first page whose first packet is the
/// codec's identification header, and nothing after it. Header problems and broken pages are
/// the codec's header error.
pub fn read_info(src: &dyn Source, codec: Codec) -> Result<InfoOutcome> {
    let mut pages = Pages::new(src);
    let result = match codec {
        Codec::Vorbis => vorbis::read_info(&mut pages).map(Info::Vorbis),
        Codec::Opus => opus::read_info(&mut pages).map(Info::Opus),
        Codec::Flac => flac::read_info(&mut pages).map(Info::Flac),
        Codec::Speex => speex::read_info(&mut pages).map(Info::Speex),
        Codec::Theora => theora::read_info(&mut pages).map(Info::Theora),
    };
    match result {
        Ok(info) => Ok(InfoOutcome::Read(info, pages.pos)),
        Err(Fail::Eof) => Ok(InfoOutcome::Eof),
        Err(Fail::Header(msg)) => Err(Error::Malformed(codec.error_kind(), msg)),
        Err(Fail::HeaderText(msg)) => Err(Error::detailed(codec.error_kind(), msg)),
        Err(Fail::Escape(e)) => Err(e),
        Err(Fail::Limit(msg)) => Err(Error::Limit(codec.error_kind(), msg)),
        Err(Fail::Builtin(b, msg)) => Ok(InfoOutcome::Raises(b, msg)),
    }
}

/// [`read`], with the built-in exceptions mutagen lets escape as errors of their `Builtin*`
/// kinds.
pub fn read_file(src: &dyn Source, codec: Codec) -> Result<OggFile> {
    match read(src, codec)? {
        Outcome::File(file) => Ok(file),
        Outcome::Raises(which, msg) => Err(crate::Error::Malformed(which.error_kind(), msg)),
    }
}

/// Read an Ogg file as mutagen's file type for `codec` reads it.
pub fn read(src: &dyn Source, codec: Codec) -> Result<Outcome> {
    let mut pages = Pages::new(src);
    let result = match codec {
        Codec::Vorbis => vorbis::read(src, &mut pages),
        Codec::Opus => opus::read(src, &mut pages),
        Codec::Flac => flac::read(src, &mut pages),
        Codec::Speex => speex::read(src, &mut pages),
        Codec::Theora => theora::read(src, &mut pages),
    };
    match result {
        Ok(file) => Ok(Outcome::File(file)),
        Err(Fail::Eof) => Err(Error::Malformed(
            codec.error_kind(),
            "no appropriate stream found",
        )),
        Err(Fail::Header(msg)) => Err(Error::Malformed(codec.error_kind(), msg)),
        Err(Fail::HeaderText(msg)) => Err(Error::detailed(codec.error_kind(), msg)),
        Err(Fail::Escape(e)) => Err(e),
        Err(Fail::Limit(msg)) => Err(Error::Limit(codec.error_kind(), msg)),
        Err(Fail::Builtin(b, msg)) => Ok(Outcome::Raises(b, msg)),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
pub(crate) mod tests {
    use super::page::build_page;
    use super::*;
    pub(crate) use crate::source::Counting;
    use crate::source::SliceSource;
    use std::borrow::Cow;

    /// A Vorbis identification packet.
    pub(crate) fn vorbis_id(channels: u8, rate: u32, max: i32, nominal: i32, min: i32) -> Vec<u8> {
        let mut p = b"\x01vorbis".to_vec();
        p.extend_from_slice(&0u32.to_le_bytes());
        p.push(channels);
        p.extend_from_slice(&rate.to_le_bytes());
        p.extend_from_slice(&max.to_le_bytes());
        p.extend_from_slice(&nominal.to_le_bytes());
        p.extend_from_slice(&min.to_le_bytes());
        p.push(0xB8);
        p.push(1);
        p
    }

    /// A Vorbis comment block with one comment.
    pub(crate) fn comment_block(framing: bool) -> Vec<u8> {
        let mut p = Vec::new();
        p.extend_from_slice(&3u32.to_le_bytes());
        p.extend_from_slice(b"abc");
        p.extend_from_slice(&1u32.to_le_bytes());
        p.extend_from_slice(&5u32.to_le_bytes());
        p.extend_from_slice(b"a=xyz");
        if framing {
            p.push(1);
        }
        p
    }

    /// A fake file of `audio_pages` pages of `page_data` bytes each, after a Vorbis header
    /// and before a last page with the end-of-stream flag; pages are made when read.
    pub(crate) struct FakeVorbis {
        head: Vec<u8>,
        audio_page_len: u64,
        audio_pages: u64,
        page_data: usize,
        last: Vec<u8>,
    }

    impl FakeVorbis {
        pub(crate) fn new(audio_pages: u64, page_data: usize) -> Self {
            let mut head = build_page(2, 0, 7, 0, &[&vorbis_id(2, 44100, 0, 128000, 0)], true);
            let mut comment = b"\x03vorbis".to_vec();
            comment.extend(comment_block(true));
            head.extend(build_page(
                0,
                0,
                7,
                1,
                &[&comment, b"\x05vorbis-setup"],
                true,
            ));
            let audio_page_len = Self::audio(0, page_data).len() as u64;
            let last = build_page(4, 441_000, 7, 2 + audio_pages as i32, &[b"end"], true);
            FakeVorbis {
                head,
                audio_page_len,
                audio_pages,
                page_data,
                last,
            }
        }

        fn audio(k: u64, page_data: usize) -> Vec<u8> {
            let data = vec![(k % 251) as u8; page_data];
            build_page(0, (k as i64 + 1) * 1024, 7, 2 + k as i32, &[&data], true)
        }

        fn byte(&self, at: u64) -> u8 {
            let head = self.head.len() as u64;
            let audio_end = head + self.audio_pages * self.audio_page_len;
            if at < head {
                self.head[at as usize]
            } else if at < audio_end {
                let k = (at - head) / self.audio_page_len;
                let off = (at - head) % self.audio_page_len;
                Self::audio(k, self.page_data)[off as usize]
            } else {
                self.last[(at - audio_end) as usize]
            }
        }
    }

    impl Source for FakeVorbis {
        fn len(&self) -> u64 {
            self.head.len() as u64 + self.audio_pages * self.audio_page_len + self.last.len() as u64
        }

        fn read_at(&self, offset: u64, len: usize) -> Result<Cow<'_, [u8]>> {
            let end = self.len().min(offset.saturating_add(len as u64));
            let mut out = Vec::new();
            let mut at = offset;
            // Copy whole pages at a time where possible, to keep the fake fast.
            while at < end {
                let head = self.head.len() as u64;
                let audio_end = head + self.audio_pages * self.audio_page_len;
                if at >= head && at < audio_end {
                    let k = (at - head) / self.audio_page_len;
                    let off = ((at - head) % self.audio_page_len) as usize;
                    let page = Self::audio(k, self.page_data);
                    let take = (page.len() - off).min((end - at) as usize);
                    out.extend_from_slice(&page[off..off + take]);
                    at += take as u64;
                } else {
                    out.push(self.byte(at));
                    at += 1;
                }
            }
            Ok(Cow::Owned(out))
        }
    }

    fn file(out: Outcome) -> OggFile {
        match out {
            Outcome::File(f) => f,
            Outcome::Raises(b, m) => panic!("raised {b:?}: {m}"),
        }
    }

    #[test]
    fn vorbis_comment_spanning_pages_and_multiplexed_streams() {
        let mut comment = b"\x03vorbis".to_vec();
        let mut block = Vec::new();
        block.extend_from_slice(&3u32.to_le_bytes());
        block.extend_from_slice(b"abc");
        block.extend_from_slice(&1u32.to_le_bytes());
        let value = vec![b'v'; 70_000];
        block.extend_from_slice(&(value.len() as u32 + 2).to_le_bytes());
        block.extend_from_slice(b"k=");
        block.extend_from_slice(&value);
        block.push(1);
        comment.extend(block);
        // Another stream's pages are interleaved everywhere.
        let other =
            |seq: i32, flags: u8, pos: i64| build_page(flags, pos, 2, seq, &[b"other"], true);
        let mut f = build_page(2, 0, 1, 0, &[&vorbis_id(1, 48000, 0, 0, 0)], true);
        f.extend(other(0, 2, 0));
        // The comment packet in pieces of 255 * 100 bytes.
        let pieces: Vec<&[u8]> = comment.chunks(255 * 100).collect();
        for (i, piece) in pieces.iter().enumerate() {
            let last = i + 1 == pieces.len();
            let flags = u8::from(i > 0);
            let pos = if last { 0 } else { -1 };
            f.extend(build_page(flags, pos, 1, 1 + i as i32, &[piece], last));
            f.extend(other(1 + i as i32, 0, 5));
        }
        let seq = 1 + pieces.len() as i32;
        f.extend(build_page(0, 96_000, 1, seq, &[b"audio"], true));
        f.extend(build_page(0, -1, 1, seq + 1, &[b"open"], false));
        f.extend(other(seq, 4, 10));
        let src = SliceSource::new(&f);
        let got = file(read(&src, Codec::Vorbis).unwrap());
        assert_eq!(got.tags.comments.len(), 1);
        assert_eq!(got.tags.comments[0].1.len(), 70_000);
        let Info::Vorbis(info) = got.info else {
            panic!("not Vorbis")
        };
        // The stream has no end-of-stream page: its last page with a position counts.
        assert_eq!(info.length, 2.0);
        assert_eq!(info.channels, 1);
        assert_eq!(info.bitrate, 0);
    }

    #[test]
    fn each_codec_reads_a_small_file() {
        let mut opus = b"OpusHead\x01\x02".to_vec();
        opus.extend_from_slice(&312u16.to_le_bytes());
        opus.extend_from_slice(&[0x44, 0xAC, 0, 0, 0, 0, 0]);
        let mut tags = b"OpusTags".to_vec();
        tags.extend(comment_block(false));
        let mut f = build_page(2, 0, 1, 0, &[&opus], true);
        f.extend(build_page(0, 0, 1, 1, &[&tags], true));
        let audio_start = f.len() as u64;
        f.extend(build_page(4, 48_312, 1, 2, &[&[0u8; 100]], true));
        let audio = f.len() as u64 - audio_start;
        let got = file(read(&SliceSource::new(&f), Codec::Opus).unwrap());
        let Info::Opus(info) = got.info else {
            panic!("not Opus")
        };
        assert_eq!(info.length, 1.0);
        assert_eq!(info.bitrate, i128::from(audio as u32 * 8));
        assert_eq!(got.tags.comments, vec![("a".into(), "xyz".to_string())]);

        let mut speex = b"Speex   ".to_vec();
        speex.resize(36, 0);
        speex.extend_from_slice(&8000u32.to_le_bytes());
        speex.resize(80, 0);
        let mut f = build_page(2, 0, 1, 0, &[&speex], true);
        f.extend(build_page(0, 0, 1, 1, &[&comment_block(false)], true));
        f.extend(build_page(4, 4000, 1, 2, &[b"x"], true));
        let got = file(read(&SliceSource::new(&f), Codec::Speex).unwrap());
        let Info::Speex(info) = got.info else {
            panic!("not Speex")
        };
        assert_eq!(info.length, 0.5);
        // A zero sample rate fails dividing, after the last page is found.
        speex[36..40].fill(0);
        let mut f = build_page(2, 0, 1, 0, &[&speex], true);
        f.extend(build_page(0, 0, 1, 1, &[&comment_block(false)], true));
        f.extend(build_page(4, 4000, 1, 2, &[b"x"], true));
        let out = read(&SliceSource::new(&f), Codec::Speex).unwrap();
        assert!(matches!(
            out,
            Outcome::Raises(Builtin::ZeroDivisionError, _)
        ));
    }

    #[test]
    fn broken_comment_pages_fail_as_in_mutagen() {
        let id = vorbis_id(2, 44100, 0, 0, 0);
        // Pages of the comment out of sequence: ValueError.
        let mut packet = b"\x03vorbis".to_vec();
        packet.extend(comment_block(true));
        packet.resize(300, 0);
        for gap in [1, 5] {
            let mut f = build_page(2, 0, 1, 0, &[&id], true);
            f.extend(build_page(0, -1, 1, 1, &[&packet[..255]], false));
            f.extend(build_page(1, 0, 1, 1 + gap, &[&packet[255..]], true));
            f.extend(build_page(4, 10, 1, 2 + gap, &[b"x"], true));
            let out = read(&SliceSource::new(&f), Codec::Vorbis).unwrap();
            if gap == 1 {
                let Info::Vorbis(info) = file(out).info else {
                    panic!("not Vorbis")
                };
                assert_eq!(info.length, 10.0 / 44100.0);
            } else {
                assert!(matches!(out, Outcome::Raises(Builtin::ValueError, _)));
            }
        }
        // An empty page where the comment should be: IndexError for Vorbis, the header error
        // for Theora's "missing metadata packet".
        let mut f = build_page(2, 0, 1, 0, &[&id], true);
        f.extend(build_page(0, 0, 1, 1, &[], true));
        let out = read(&SliceSource::new(&f), Codec::Vorbis).unwrap();
        assert!(matches!(out, Outcome::Raises(Builtin::IndexError, _)));
        // No page ends the stream with a position: the header error.
        let mut f = build_page(2, -1, 1, 0, &[&id], true);
        let mut c = b"\x03vorbis".to_vec();
        c.extend(comment_block(true));
        f.extend(build_page(0, -1, 1, 1, &[&c], true));
        f.extend(build_page(0, -1, 1, 2, &[b"x"], false));
        let err = read(&SliceSource::new(&f), Codec::Vorbis).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::OggVorbisHeader);
    }

    #[test]
    fn find_last_reads_only_the_tail_of_a_large_file() {
        // About 50 MB of pages.
        let fake = FakeVorbis::new(12_500, 4000);
        assert!(fake.len() > 50_000_000);
        let src = Counting::new(fake);
        let h = find_last(&src, 7, true).unwrap().unwrap();
        assert_eq!(h.position, 441_000);
        assert!(h.last());
        assert!(
            src.bytes.get() <= FIND_LAST_TAIL as u64,
            "read {} bytes",
            src.bytes.get()
        );
        assert_eq!(src.reads.get(), 1);
    }

    #[test]
    fn reading_a_large_file_reads_a_bounded_amount() {
        let src = Counting::new(FakeVorbis::new(12_500, 4000));
        let Outcome::File(file) = read(&src, Codec::Vorbis).unwrap() else {
            panic!("expected a file");
        };
        let Info::Vorbis(info) = file.info else {
            panic!("expected Vorbis info")
        };
        assert_eq!(info.length, 10.0);
        assert_eq!(info.bitrate, 128_000);
        // The header pages, the first bytes of the setup page and the tail: far from 50 MB.
        assert!(src.bytes.get() < 100_000, "read {} bytes", src.bytes.get());
    }

    #[test]
    fn find_last_walks_when_the_last_page_is_another_stream() {
        let mut file = build_page(2, 0, 1, 0, &[b"a"], true);
        file.extend(build_page(2, 0, 2, 0, &[b"b"], true));
        file.extend(build_page(0, 100, 1, 1, &[b"c"], true));
        file.extend(build_page(0, -1, 1, 2, &[b"d"], false));
        file.extend(build_page(4, 50, 2, 1, &[b"e"], true));
        let src = SliceSource::new(&file);
        // Stream 1 never ends; its last page with a position is the one at 100.
        assert_eq!(find_last(&src, 1, true).unwrap().unwrap().position, 100);
        assert_eq!(find_last(&src, 1, false).unwrap().unwrap().position, -1);
        assert_eq!(find_last(&src, 2, true).unwrap().unwrap().position, 50);
        assert!(find_last(&src, 3, true).unwrap().is_none());
        assert!(matches!(
            find_last(&SliceSource::new(b"no pages"), 1, true),
            Err(PageError::Invalid(_))
        ));
    }

    #[test]
    fn find_last_keeps_the_tail_page_when_the_walk_breaks_at_once() {
        // The file starts with garbage, so the walk fails on its first page, but the tail's
        // last page (not ending the stream) is kept.
        let mut file = b"garbage-garbage-garbage-garbage!".to_vec();
        file.extend(build_page(0, 77, 9, 0, &[b"x"], true));
        let src = SliceSource::new(&file);
        assert_eq!(find_last(&src, 9, true).unwrap().unwrap().position, 77);
    }

    #[test]
    fn find_last_skips_a_false_capture_pattern() {
        // "OggS" inside the last page's data: the page parsed from there is broken, so the
        // headers are walked.
        let mut file = build_page(2, 0, 1, 0, &[b"a"], true);
        file.extend(build_page(4, 500, 1, 1, &[b"xxOggSyy"], true));
        let src = SliceSource::new(&file);
        assert_eq!(find_last(&src, 1, true).unwrap().unwrap().position, 500);
    }

    #[test]
    fn find_last_finds_the_last_capture_pattern_at_every_distance_from_the_end() {
        // The first page, then bytes that stop a walk over the headers, then the last page
        // `d` bytes from the end. A walk would stop at the first page (position 0): only the
        // search from the end finds position 777, wherever the step borders fall.
        let last = build_page(4, 777, 1, 1, &[b"a"], true);
        let borders = [4096u64, 4096 + 16384, 65536];
        let mut distances = vec![last.len() as u64, 100, 8000, 30_000, 70_000];
        for b in borders {
            distances.extend(b.saturating_sub(4)..=b + 4);
        }
        for d in distances {
            let mut file = build_page(2, 0, 1, 0, &[b"a"], true);
            file.extend(std::iter::repeat_n(b'x', 70_000));
            file.extend(&last);
            let pad = usize::try_from(d).unwrap() - last.len();
            file.extend(std::iter::repeat_n(b'x', pad));
            let src = Counting::new(SliceSource::new(&file));
            let found = find_last(&src, 1, true);
            if d <= FIND_LAST_TAIL as u64 {
                assert_eq!(found.unwrap().unwrap().position, 777, "d {d}");
                let most = FIND_LAST_TAIL + 2 * page::MAX_HEADER_LEN;
                assert!(src.bytes.get() <= most as u64, "d {d}");
            } else {
                assert!(found.is_err(), "d {d}");
            }
        }
    }

    #[test]
    fn walks_over_many_empty_pages_without_hanging() {
        let mut file = Vec::new();
        for i in 0..1000 {
            file.extend(build_page(0, 0, 1, i, &[], true));
        }
        let src = SliceSource::new(&file);
        // A page without packets while looking for the header: mutagen's IndexError.
        assert!(matches!(
            read(&src, Codec::Opus).unwrap(),
            Outcome::Raises(Builtin::IndexError, _)
        ));
        // Theora passes over empty pages and runs out of them.
        assert_eq!(
            read(&src, Codec::Theora).unwrap_err().kind(),
            ErrorKind::OggTheoraHeader
        );
        assert!(find_last(&src, 2, true).unwrap().is_none());
    }

    #[test]
    fn non_ogg_data_is_the_codec_header_error() {
        for codec in [
            Codec::Vorbis,
            Codec::Opus,
            Codec::Flac,
            Codec::Speex,
            Codec::Theora,
        ] {
            let err = read(
                &SliceSource::new(b"ID3\x04\0\0\0\0\0\0 and more bytes than 27"),
                codec,
            )
            .unwrap_err();
            assert_eq!(err.kind(), codec.error_kind());
            let err = read(&SliceSource::new(b""), codec).unwrap_err();
            assert_eq!(err.kind(), codec.error_kind());
        }
    }
}
