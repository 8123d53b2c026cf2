//! MPEG audio stream info: frame headers, Xing/Info, LAME and VBRI (`mutagen.mp3.MPEGInfo`).
//!
//! The first frame is found as mutagen finds it: after skipping any number of stacked ID3v2
//! headers, every frame sync in the next 1 MiB is a candidate (up to a limit on their number);
//! a candidate is accepted when it starts four frames in a row or a frame with a VBR header,
//! and remembered as a fallback ("sketchy") when it starts at least two. Only the bytes of the
//! candidates and their following frames are read.

pub mod constants;
pub mod header;
pub mod lame;
pub mod vbri;
pub mod xing;

use std::borrow::Cow;

use crate::error::{malformed, ErrorKind, Result};
use crate::source::Source;
use crate::util::scan::find_mpeg_sync;
use crate::util::unchecked::{read_u32_be_unchecked, unchecked};

use constants::{ENOUGH_FRAMES, MAX_SYNCS, MAX_SYNC_READ, MIN_FRAMES, VBRI_OFFSET};
pub use header::{FrameHeader, MpegVersion};
use vbri::{VbriHeader, VBRI_LEN};
use xing::{XingHeader, XING_MAX_LEN};

/// How the bitrate varies over the stream (`mutagen.mp3.BitrateMode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum BitrateMode {
    /// Probably constant, but no header says so.
    #[default]
    Unknown = 0,
    /// Constant bitrate.
    Cbr = 1,
    /// Variable bitrate.
    Vbr = 2,
    /// Average bitrate.
    Abr = 3,
}

/// The stream information of an MPEG audio file, with every attribute of mutagen's `MPEGInfo`.
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct MpegInfo {
    /// Length in seconds.
    pub length: f64,
    /// Bitrate in bit/s (from the VBR header when there is one, else of the first frame).
    pub bitrate: u64,
    /// Sample rate in Hz.
    pub sample_rate: u32,
    /// Number of channels (1 or 2).
    pub channels: u8,
    /// Channel mode, 0 to 3 (see [`constants`]).
    pub mode: u8,
    /// Layer, 1 to 3.
    pub layer: u8,
    /// MPEG version.
    pub version: MpegVersion,
    /// How the bitrate varies.
    pub bitrate_mode: BitrateMode,
    /// Encoder name and version (`"LAME 3.99.1+"`, `"FhG"`), empty when unknown.
    pub encoder_info: String,
    /// A guess at the encoder options, empty when unknown.
    pub encoder_settings: String,
    /// ReplayGain track gain from the LAME header.
    pub track_gain: Option<f64>,
    /// Track peak from the LAME header.
    pub track_peak: Option<f64>,
    /// ReplayGain album gain from the LAME header.
    pub album_gain: Option<f64>,
    /// Whether the stream may not be MPEG audio at all (only two or three frames in a row).
    pub sketchy: bool,
    /// Whether the first frame is CRC-protected.
    pub protected: bool,
    /// Whether the first frame is padded.
    pub padding: bool,
    /// Offset of the first frame in the file.
    pub frame_offset: u64,
}

/// What a Xing/Info or VBRI header in a frame tells about the whole stream.
#[derive(Debug, Clone, Default, PartialEq)]
struct VbrInfo {
    bitrate: Option<u64>,
    length: Option<f64>,
    bitrate_mode: BitrateMode,
    encoder_info: String,
    encoder_settings: String,
    track_gain: Option<f64>,
    track_peak: Option<f64>,
    album_gain: Option<f64>,
}

/// One frame found while syncing.
#[derive(Debug, Clone, PartialEq)]
struct Frame {
    offset: u64,
    header: FrameHeader,
    length: u32,
    /// Present when the frame carries a VBR header; such a frame is not sketchy.
    vbr: Option<VbrInfo>,
}

/// A window of the source, refilled in blocks, so that the small reads of frame headers and
/// VBR headers cost one read per block.
struct Reader<'a> {
    src: &'a dyn Source,
    len: u64,
    start: u64,
    buf: Cow<'a, [u8]>,
}

/// Bytes read at once by [`Reader`] (sources buffer further themselves).
const BLOCK: usize = 2 * 1024;

/// Bytes scanned for syncs by the first read (plus one byte of overlap); each further read
/// scans twice as many, up to [`SCAN_CHUNK`], so that a frame near the start costs a short read.
const FIRST_SCAN_CHUNK: u64 = 2 * 1024;

/// The most bytes scanned for syncs per read (plus one byte of overlap).
const SCAN_CHUNK: u64 = 64 * 1024;

impl<'a> Reader<'a> {
    fn new(src: &'a dyn Source) -> Self {
        Reader {
            src,
            len: src.len(),
            start: 0,
            buf: Cow::Borrowed(&[]),
        }
    }

    /// Up to `n` bytes at `off`; fewer only where the file ends.
    fn get(&mut self, off: u64, n: usize) -> Result<&[u8]> {
        let buf_end = self.start + self.buf.len() as u64;
        let covered =
            off >= self.start && (off.saturating_add(n as u64) <= buf_end || buf_end >= self.len);
        if !covered {
            self.buf = self.src.read_at(off, n.max(BLOCK))?;
            self.start = off;
        }
        let rel = usize::try_from(off - self.start).unwrap_or(usize::MAX);
        let avail = self.buf.get(rel..).unwrap_or(&[]);
        Ok(avail.get(..n).unwrap_or(avail))
    }
}

/// mutagen's rounding of a float to an int: half to even.
fn intround(value: f64) -> u64 {
    value.round_ties_even() as u64
}

/// Skip any number of stacked ID3v2 headers at `pos`, as mutagen does before syncing (only
/// the size field is looked at, and a zero size stops the skipping).
fn skip_id3(reader: &mut Reader<'_>, mut pos: u64) -> Result<u64> {
    loop {
        let d = reader.get(pos, 10)?;
        if d.len() == 10 && d.starts_with(b"ID3") {
            // SAFETY: `d.len() == 10`: bytes 6..10.
            let raw = unchecked!(read_u32_be_unchecked(d, 6));
            let size = raw
                .to_be_bytes()
                .iter()
                .fold(0u64, |acc, &b| (acc << 7) | u64::from(b & 0x7F));
            if size > 0 {
                pos = pos.saturating_add(10 + size);
                continue;
            }
        }
        return Ok(pos);
    }
}

fn guess_xing_bitrate_mode(xing: &XingHeader) -> BitrateMode {
    if let Some(lame) = &xing.lame_header {
        match lame.vbr_method {
            1 | 8 => return BitrateMode::Cbr,
            2 | 9 => return BitrateMode::Abr,
            3..=6 => return BitrateMode::Vbr,
            _ => {}
        }
    }
    if xing.is_info {
        BitrateMode::Cbr
    } else if xing.vbr_scale != -1 || !xing.lame_version_desc().is_empty() {
        BitrateMode::Vbr
    } else {
        BitrateMode::Unknown
    }
}

/// The stream info a Xing/Info header gives, computed in mutagen's order of float operations.
fn xing_info(xing: &XingHeader, header: &FrameHeader, frame_length: u32) -> VbrInfo {
    let rate = header.sample_rate;
    let mut info = VbrInfo {
        bitrate_mode: guess_xing_bitrate_mode(xing),
        encoder_settings: xing.encoder_settings(),
        ..VbrInfo::default()
    };
    if xing.frames != -1 {
        let mut samples = i64::from(header.samples_per_frame()) * xing.frames;
        if xing.bytes != -1 && samples > 0 {
            // The byte count includes the Xing frame itself, the frame count does not.
            let audio_bytes = (xing.bytes - i64::from(frame_length)).max(0);
            info.bitrate = Some(intround(
                (audio_bytes * 8 * i64::from(rate)) as f64 / samples as f64,
            ));
        }
        if let Some(lame) = &xing.lame_header {
            samples -= i64::from(lame.encoder_delay_start);
            samples -= i64::from(lame.encoder_padding_end);
        }
        // Old LAME versions wrote delays longer than short streams.
        let samples = samples.max(0);
        info.length = Some(samples as f64 / f64::from(rate));
    }
    let desc = xing.lame_version_desc();
    if !desc.is_empty() {
        info.encoder_info = format!("LAME {desc}");
    }
    if let Some(lame) = &xing.lame_header {
        info.track_gain = lame.track_gain_adjustment;
        info.track_peak = lame.track_peak;
        info.album_gain = lame.album_gain_adjustment;
    }
    info
}

/// The stream info a VBRI header gives.
fn vbri_info(vbri: &VbriHeader, header: &FrameHeader) -> VbrInfo {
    let samples = u64::from(header.samples_per_frame()) * u64::from(vbri.frames);
    let length = samples as f64 / f64::from(header.sample_rate);
    let bitrate = (length != 0.0).then(|| ((u64::from(vbri.bytes) * 8) as f64 / length) as u64);
    VbrInfo {
        bitrate,
        length: Some(length),
        bitrate_mode: BitrateMode::Vbr,
        encoder_info: "FhG".to_owned(),
        ..VbrInfo::default()
    }
}

/// Look for a Xing/Info header, then a VBRI header, in a Layer III frame.
fn parse_vbr(
    reader: &mut Reader<'_>,
    offset: u64,
    header: &FrameHeader,
    frame_length: u32,
) -> Result<Option<VbrInfo>> {
    let data = reader.get(offset.saturating_add(header.xing_offset()), XING_MAX_LEN)?;
    if let Some(xing) = XingHeader::parse(data) {
        return Ok(Some(xing_info(&xing, header, frame_length)));
    }
    let vbri_at = offset.saturating_add(VBRI_OFFSET);
    let after = reader
        .len
        .saturating_sub(vbri_at.saturating_add(VBRI_LEN as u64));
    let data = reader.get(vbri_at, VBRI_LEN)?;
    Ok(VbriHeader::parse(data, after).map(|v| vbri_info(&v, header)))
}

/// The frame at `offset`, or `None` where mutagen's `MPEGFrame` raises HeaderNotFoundError.
fn parse_frame(reader: &mut Reader<'_>, offset: u64) -> Result<Option<Frame>> {
    let head = reader.get(offset, 4)?;
    if head.len() < 4 {
        return Ok(None);
    }
    // SAFETY: `head.len() >= 4` was checked just above.
    let bytes = unchecked!(read_u32_be_unchecked(head, 0)).to_be_bytes();
    let Some(header) = FrameHeader::parse(bytes) else {
        return Ok(None);
    };
    let length = header.frame_length();
    let vbr = if header.layer == 3 {
        parse_vbr(reader, offset, &header, length)?
    } else {
        None
    };
    Ok(Some(Frame {
        offset,
        header,
        length,
        vbr,
    }))
}

/// The outcome of the sync search: the chosen frame and whether it is sketchy.
fn find_first_frame(reader: &mut Reader<'_>, scan_start: u64) -> Result<Option<(Frame, bool)>> {
    let scan_end = scan_start.saturating_add(MAX_SYNC_READ).min(reader.len);
    let mut syncs_left = MAX_SYNCS;
    let mut fallback: Option<Frame> = None;
    let mut frames: Vec<Frame> = Vec::with_capacity(ENOUGH_FRAMES);
    let mut chunk_start = scan_start;
    let mut step = FIRST_SCAN_CHUNK;
    while chunk_start < scan_end {
        let want = (scan_end - chunk_start).min(step + 1) as usize;
        let src = reader.src;
        let chunk = src.read_at(chunk_start, want)?;
        let mut from = 0;
        while let Some(rel) = find_mpeg_sync(&chunk, from) {
            from = rel + 1;
            syncs_left -= 1;
            if syncs_left == 0 {
                return Ok(fallback.map(|f| (f, true)));
            }
            frames.clear();
            let mut pos = chunk_start + rel as u64;
            for _ in 0..ENOUGH_FRAMES {
                let Some(frame) = parse_frame(reader, pos)? else {
                    break;
                };
                pos = frame.offset.saturating_add(u64::from(frame.length));
                let has_vbr = frame.vbr.is_some();
                frames.push(frame);
                if has_vbr {
                    break;
                }
            }
            if frames.len() >= MIN_FRAMES && fallback.is_none() {
                fallback = frames.first().cloned();
            }
            if frames.last().is_some_and(|f| f.vbr.is_some()) {
                return Ok(frames.pop().map(|f| (f, false)));
            }
            if frames.len() >= ENOUGH_FRAMES {
                return Ok(frames.into_iter().next().map(|f| (f, false)));
            }
        }
        chunk_start += step;
        step = (step * 2).min(SCAN_CHUNK);
    }
    Ok(fallback.map(|f| (f, true)))
}

impl MpegInfo {
    /// Find the first MPEG frame at or after `offset` (or after any ID3v2 tag when `offset`
    /// is `None`) and read the stream info as `mutagen.mp3.MPEGInfo(fileobj, offset)` does.
    pub fn read(src: &dyn Source, offset: Option<u64>) -> Result<Self> {
        let mut reader = Reader::new(src);
        let start = skip_id3(&mut reader, offset.unwrap_or(0))?;
        let Some((frame, sketchy)) = find_first_frame(&mut reader, start)? else {
            return malformed(ErrorKind::Mp3HeaderNotFound, "can't sync to MPEG frame");
        };
        let h = frame.header;
        let vbr = frame.vbr.unwrap_or_default();
        let bitrate = vbr.bitrate.unwrap_or(u64::from(h.bitrate));
        // Without a frame count, estimate from the size of everything from the first frame
        // on, at the first frame's bitrate (never zero for a valid header).
        let estimate = || {
            let content = u128::from(reader.len.saturating_sub(frame.offset));
            let rate = u64::from(h.bitrate).max(1);
            (8 * content) as f64 / rate as f64
        };
        let length = vbr.length.unwrap_or_else(estimate);
        Ok(MpegInfo {
            length,
            bitrate,
            sample_rate: h.sample_rate,
            channels: h.channels(),
            mode: h.mode,
            layer: h.layer,
            version: h.version,
            bitrate_mode: vbr.bitrate_mode,
            encoder_info: vbr.encoder_info,
            encoder_settings: vbr.encoder_settings,
            track_gain: vbr.track_gain,
            track_peak: vbr.track_peak,
            album_gain: vbr.album_gain,
            sketchy,
            protected: h.protected,
            padding: h.padding,
            frame_offset: frame.offset,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
