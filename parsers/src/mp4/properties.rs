//! Stream information (`mutagen.mp4.MP4Info`): length from `mdhd` (or `mvhd`), and codec,
//! channels, sample rate, sample size and bitrate from the first sample entry of the first
//! audio track (`mp4a` with its `esds` decoder configuration, `alac`, `ac-3`, ...).

use std::borrow::Cow;

use crate::error::{bytes_repr, Error, ErrorKind, Result};
use crate::source::{SliceSource, Source};
use crate::util::bytes::{u32_be, u64_be};

use super::atom::{parse_atom, Atom};
use super::constants::{AC3_BITRATES, AC3_CHANNELS, AUDIO_OBJECT_TYPES, SAMPLING_FREQUENCIES};

/// The `length` attribute: a float, or the integer 0 that mutagen stores when the media
/// timescale is zero.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Length {
    /// Seconds, as a float.
    Seconds(f64),
    /// The integer 0 (a zero timescale).
    IntZero,
}

/// What `MP4Info` holds. The defaults are mutagen's class defaults.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Mp4Info {
    /// Length in seconds.
    pub length: Length,
    /// Bits per second (0 when unknown).
    pub bitrate: u64,
    /// Number of channels.
    pub channels: u64,
    /// Samples per second.
    pub sample_rate: u64,
    /// Bits per sample.
    pub bits_per_sample: u64,
    /// The codec, e.g. `mp4a.40.2` or `alac` (latin-1 text of the sample entry name).
    pub codec: String,
    /// A display name of the codec, e.g. `AAC LC`.
    pub codec_description: String,
}

impl Default for Mp4Info {
    fn default() -> Self {
        Mp4Info {
            length: Length::Seconds(0.0),
            bitrate: 0,
            channels: 0,
            sample_rate: 0,
            bits_per_sample: 0,
            codec: String::new(),
            codec_description: String::new(),
        }
    }
}

/// The messages of the error raised where a track lacks `mdia`, `mdia.hdlr` or `mdia.mdhd`:
/// the `str()` of mutagen's `KeyError("b'mdhd' not found")` there, which becomes its
/// `MP4StreamInfoError` when a file is opened. [`missing_atom_key`] gives the `KeyError`'s
/// argument.
pub const MISSING_TRACK_ATOMS: [&str; 3] = [
    "\"b'mdia' not found\"",
    "\"b'hdlr' not found\"",
    "\"b'mdhd' not found\"",
];

/// The argument of mutagen's `KeyError` for one of [`MISSING_TRACK_ATOMS`]; `None` for any
/// other message.
#[must_use]
pub fn missing_atom_key(msg: &str) -> Option<&str> {
    if MISSING_TRACK_ATOMS.contains(&msg) {
        msg.get(1..msg.len() - 1)
    } else {
        None
    }
}

/// The error for a track without `mdia.<name>`, naming the first atom missing on that path.
#[cold]
fn missing_track_atom(trak: &Atom, name: [u8; 4]) -> Error {
    info_error(if trak.child(b"mdia").is_none() {
        MISSING_TRACK_ATOMS[0]
    } else if &name == b"hdlr" {
        MISSING_TRACK_ATOMS[1]
    } else {
        MISSING_TRACK_ATOMS[2]
    })
}

/// The message of the error raised where `mvhd` has a zero timescale (mutagen's
/// `ZeroDivisionError` there becomes its `MP4StreamInfoError` when a file is opened).
pub const ZERO_TIMESCALE: &str = "division by zero";

fn info_error(msg: &'static str) -> Error {
    Error::Malformed(ErrorKind::Mp4StreamInfo, msg)
}

/// `a / b` rounded once, to nearest, as Python's true division of two integers is.
#[must_use]
pub fn int_true_div(a: u64, b: u64) -> Option<f64> {
    const EXACT: u64 = 1 << 53;
    if b == 0 {
        return None;
    }
    if a <= EXACT && b <= EXACT {
        // Both convert exactly, and IEEE division rounds once.
        return Some(a as f64 / b as f64);
    }
    if a == 0 {
        return Some(0.0);
    }
    // Scale the numerator so the quotient has at least 55 significant bits, keep a sticky
    // bit for a non-zero remainder, and let the one conversion to f64 do the rounding.
    let bits_a = 64 - a.leading_zeros();
    let bits_b = 64 - b.leading_zeros();
    let shift = (55 + bits_b).saturating_sub(bits_a);
    let num = u128::from(a) << shift;
    let den = u128::from(b);
    let mut q = num / den;
    if !num.is_multiple_of(den) {
        q |= 1;
    }
    let f = q as f64;
    Some(f / 2f64.powi(shift as i32))
}

/// Split a full atom into `(version, flags, payload)`, or `None` when it is shorter than the
/// four-byte version and flags field.
#[must_use]
pub fn parse_full_atom(data: &[u8]) -> Option<(u8, u32, &[u8])> {
    let head = data.get(..4)?;
    let flags = u32::from_be_bytes([0, head[1], head[2], head[3]]);
    Some((head[0], flags, &data[4..]))
}

/// What reading the stream information gave.
pub enum InfoOutcome {
    /// Stream information was read (possibly only its length).
    Info(Mp4Info),
    /// No audio track and no `mvhd`: mutagen's `MP4NoTrackError`, which `MP4` swallows.
    NoTrack,
}

/// Read the stream information from the first `moov` atom, as `MP4Info.load` does.
pub fn read_info(moov: Option<&Atom>, io: &dyn Source) -> Result<InfoOutcome> {
    let moov = moov.ok_or(info_error("not a MP4 file"))?;
    let mut sound = None;
    for trak in moov.children_named(b"trak") {
        let hdlr = trak
            .path(&[b"mdia", b"hdlr"])
            .ok_or_else(|| missing_track_atom(trak, *b"hdlr"))?;
        let (ok, data) = hdlr.read(io)?;
        if !ok {
            return Err(info_error("Not enough data"));
        }
        if data.get(8..12) == Some(b"soun") {
            sound = Some(trak);
            break;
        }
    }
    let mut info = Mp4Info::default();
    let Some(trak) = sound else {
        let Some(mvhd) = moov.child(b"mvhd") else {
            return Ok(InfoOutcome::NoTrack);
        };
        parse_mvhd(mvhd, io, &mut info)?;
        return Ok(InfoOutcome::Info(info));
    };

    let mdhd = trak
        .path(&[b"mdia", b"mdhd"])
        .ok_or_else(|| missing_track_atom(trak, *b"mdhd"))?;
    let (ok, data) = mdhd.read(io)?;
    if !ok {
        return Err(info_error("Not enough data"));
    }
    let (version, _, data) = parse_full_atom(&data).ok_or(info_error("not enough data"))?;
    let (unit, length) = match version {
        0 => (u32_be(data, 8), u32_be(data, 12).map(u64::from)),
        1 => (u32_be(data, 16), u64_be(data, 20)),
        _ => {
            return Err(Error::detailed(
                ErrorKind::Mp4StreamInfo,
                format!("Unknown mdhd version {version}"),
            ))
        }
    };
    let (Some(unit), Some(length)) = (unit, length) else {
        return Err(info_error("truncated mdhd"));
    };
    // mutagen converts the duration to a float first, then divides.
    info.length = if unit == 0 {
        Length::IntZero
    } else {
        Length::Seconds(length as f64 / f64::from(unit))
    };

    if let Some(stsd) = trak.path(&[b"mdia", b"minf", b"stbl", b"stsd"]) {
        parse_stsd(stsd, io, &mut info)?;
    }
    Ok(InfoOutcome::Info(info))
}

/// The length from the movie header, for files without an audio track.
fn parse_mvhd(mvhd: &Atom, io: &dyn Source, info: &mut Mp4Info) -> Result<()> {
    let (ok, data) = mvhd.read(io)?;
    if !ok {
        return Err(info_error("Invalid mvhd"));
    }
    let (version, _, data) = parse_full_atom(&data).ok_or(info_error("not enough data"))?;
    let (timescale, duration) = match version {
        0 => (u32_be(data, 8), u32_be(data, 12).map(u64::from)),
        1 => (u32_be(data, 16), u64_be(data, 20)),
        _ => return Ok(()),
    };
    let (Some(timescale), Some(duration)) = (timescale, duration) else {
        return Err(info_error("truncated mvhd"));
    };
    let length = int_true_div(duration, u64::from(timescale)).ok_or(info_error(ZERO_TIMESCALE))?;
    info.length = Length::Seconds(length);
    Ok(())
}

/// The first sample description entry.
fn parse_stsd(stsd: &Atom, io: &dyn Source, info: &mut Mp4Info) -> Result<()> {
    let (ok, data) = stsd.read(io)?;
    if !ok {
        return Err(info_error("Invalid stsd"));
    }
    let (version, _, data) = parse_full_atom(&data).ok_or(info_error("not enough data"))?;
    if version != 0 {
        return Err(info_error("Unsupported stsd version"));
    }
    let num_entries = u32_be(data, 0).ok_or(info_error("truncated stsd"))?;
    if num_entries == 0 {
        return Ok(());
    }
    let entries = SliceSource::new(&data[4..]);
    let (entry, _) =
        parse_atom(&entries, 0, 0, false).map_err(|e| e.with_kind(ErrorKind::Mp4StreamInfo))?;
    let parsed =
        audio_sample_entry(&entry, &entries).map_err(|e| e.with_kind(ErrorKind::Mp4StreamInfo))?;
    info.channels = parsed.channels;
    info.bits_per_sample = parsed.sample_size;
    info.sample_rate = parsed.sample_rate;
    info.bitrate = parsed.bitrate;
    info.codec = parsed.codec;
    info.codec_description = parsed.codec_description;
    Ok(())
}

/// The fields mutagen takes from an audio sample entry (`mutagen.mp4._as_entry`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleEntry {
    /// Number of channels (from the codec configuration where it gives one).
    pub channels: u64,
    /// Bits per sample.
    pub sample_size: u64,
    /// Samples per second.
    pub sample_rate: u64,
    /// Bits per second (0 when unknown).
    pub bitrate: u64,
    /// The codec: the entry's name, with the object types appended for `mp4a`.
    pub codec: String,
    /// A display name of the codec.
    pub codec_description: String,
}

/// Read an `AudioSampleEntry` atom and the one child atom mutagen reads after it, as
/// mutagen's `AudioSampleEntry` does. Errors are [`ErrorKind::Mp4StreamInfo`] where the entry
/// or its configuration is malformed and [`ErrorKind::Mp4`] where its child atom is.
pub fn audio_sample_entry(atom: &Atom, src: &dyn Source) -> Result<SampleEntry> {
    let (ok, data) = atom.read(src)?;
    if !ok {
        return Err(Error::detailed(
            ErrorKind::Mp4StreamInfo,
            format!("too short {} atom", bytes_repr(&atom.name)),
        ));
    }
    // 6 reserved bytes, data_ref_index, 8 reserved bytes, then the audio fields.
    let (Some(channels), Some(sample_size), Some(rate)) = (
        crate::util::bytes::u16_be(&data, 16),
        crate::util::bytes::u16_be(&data, 18),
        u32_be(&data, 24),
    ) else {
        return Err(info_error("not enough data"));
    };
    let mut entry = SampleEntry {
        channels: u64::from(channels),
        sample_size: u64::from(sample_size),
        sample_rate: u64::from(rate >> 16),
        bitrate: 0,
        codec: crate::util::text::latin1(&atom.name),
        codec_description: String::new(),
    };
    let inner = SliceSource::new(&data);
    let (extra, _) = parse_atom(&inner, 28, 0, false)?;
    let mut description = None;
    match (&atom.name, &extra.name) {
        (b"mp4a", b"esds") => description = parse_esds(&extra, &inner, &mut entry)?,
        (b"alac", b"alac") => parse_alac(&extra, &inner, &mut entry)?,
        (b"ac-3", b"dac3") => parse_dac3(&extra, &inner, &mut entry)?,
        _ => {}
    }
    entry.codec_description = description.unwrap_or_else(|| entry.codec.to_uppercase());
    Ok(entry)
}

/// mutagen's error for an `alac` or `esds` atom of a version other than 0.
#[cold]
fn unsupported_version(version: u8) -> Error {
    Error::detailed(
        ErrorKind::Mp4StreamInfo,
        format!("Unsupported version {version}"),
    )
}

fn read_extra<'s>(atom: &Atom, src: &'s dyn Source) -> Result<std::borrow::Cow<'s, [u8]>> {
    let (ok, data) = atom.read(src)?;
    if !ok {
        // mutagen formats the name with `%s`, which for bytes is their repr too.
        return Err(Error::detailed(
            ErrorKind::Mp4StreamInfo,
            format!("truncated {} atom", bytes_repr(&atom.name)),
        ));
    }
    Ok(data)
}

/// The AC-3 specific box: channel layout and bitrate.
fn parse_dac3(atom: &Atom, src: &dyn Source, entry: &mut SampleEntry) -> Result<()> {
    let data = read_extra(atom, src)?;
    let mut stream = ByteStream::new(&data);
    let mut r = BitReader::new(&stream);
    let fields = (|| {
        r.skip(&mut stream, 2 + 5 + 3)?;
        let acmod = r.bits(&mut stream, 3)?;
        let lfeon = r.bits(&mut stream, 1)?;
        let bit_rate_code = r.bits(&mut stream, 5)?;
        r.skip(&mut stream, 5)?;
        Some((acmod, lfeon, bit_rate_code))
    })();
    let (acmod, lfeon, code) = fields.ok_or(info_error("not enough data"))?;
    entry.channels = u64::from(AC3_CHANNELS[acmod as usize & 7]) + lfeon;
    if let Some(&kbps) = AC3_BITRATES.get(code as usize) {
        entry.bitrate = u64::from(kbps) * 1000;
    }
    Ok(())
}

/// The ALAC magic cookie, which mutagen prefers over the sample entry's fields.
fn parse_alac(atom: &Atom, src: &dyn Source, entry: &mut SampleEntry) -> Result<()> {
    let data = read_extra(atom, src)?;
    let (version, _, data) = parse_full_atom(&data).ok_or(info_error("not enough data"))?;
    if version != 0 {
        return Err(unsupported_version(version));
    }
    let mut stream = ByteStream::new(data);
    let mut r = BitReader::new(&stream);
    let short = || info_error("not enough data");
    r.skip(&mut stream, 32).ok_or_else(short)?; // frameLength
    let compatible_version = r.bits(&mut stream, 8).ok_or_else(short)?;
    if compatible_version != 0 {
        return Ok(());
    }
    entry.sample_size = r.bits(&mut stream, 8).ok_or_else(short)?;
    r.skip(&mut stream, 8 + 8 + 8).ok_or_else(short)?;
    entry.channels = r.bits(&mut stream, 8).ok_or_else(short)?;
    r.skip(&mut stream, 16 + 32).ok_or_else(short)?;
    entry.bitrate = r.bits(&mut stream, 32).ok_or_else(short)?;
    entry.sample_rate = r.bits(&mut stream, 32).ok_or_else(short)?;
    Ok(())
}

/// The elementary stream descriptor of an `mp4a` entry: bitrate, the rfc6381 codec string,
/// and channels and sample rate from the AAC decoder configuration. Returns the codec
/// description when the configuration names one.
fn parse_esds(atom: &Atom, src: &dyn Source, entry: &mut SampleEntry) -> Result<Option<String>> {
    let data = read_extra(atom, src)?;
    let (version, _, data) = parse_full_atom(&data).ok_or(info_error("not enough data"))?;
    if version != 0 {
        return Err(unsupported_version(version));
    }
    let mut stream = ByteStream::new(data);
    let mut r = BitReader::new(&stream);
    let tag = r
        .bits(&mut stream, 8)
        .ok_or(info_error("not enough data"))?;
    if tag != 0x03 {
        return Err(Error::detailed(
            ErrorKind::Mp4StreamInfo,
            format!("unexpected descriptor: {tag}"),
        ));
    }
    let dec = parse_es_descriptor(&mut stream)
        .map_err(|msg| Error::detailed(ErrorKind::Mp4StreamInfo, msg))?;
    entry.bitrate = dec.avg_bitrate;
    push_dot_number(&mut entry.codec, dec.object_type, 16);
    let mut description = None;
    if let Some(dsi) = &dec.specific {
        push_dot_number(&mut entry.codec, dsi.audio_object_type, 10);
        description = dsi.description();
        let channels = dsi.channels();
        if channels != 0 {
            entry.channels = channels;
        }
        let rate = dsi.sample_rate();
        if rate != 0 {
            entry.sample_rate = rate;
        }
    }
    Ok(description)
}

/// A byte stream with a position that may run past its end, as a file object's may.
struct ByteStream<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> ByteStream<'a> {
    fn new(data: &'a [u8]) -> Self {
        ByteStream { data, pos: 0 }
    }

    /// Read up to `n` bytes, moving past what was read.
    fn read(&mut self, n: usize) -> &'a [u8] {
        let start = self.pos.min(self.data.len());
        let end = start.saturating_add(n).min(self.data.len());
        self.pos = self.pos.max(end);
        &self.data[start..end]
    }
}

/// A reader of bits, most significant first, over a [`ByteStream`], pulling whole bytes as
/// it needs them, as mutagen's `BitReader` does (several may read one stream in turn).
struct BitReader {
    start: usize,
    buffer: u64,
    nbits: u32,
}

impl BitReader {
    fn new(stream: &ByteStream<'_>) -> Self {
        BitReader {
            start: stream.pos,
            buffer: 0,
            nbits: 0,
        }
    }

    /// Read `count` (at most 32) bits, or `None` if the stream ends first.
    fn bits(&mut self, s: &mut ByteStream<'_>, count: u32) -> Option<u64> {
        if count > self.nbits {
            let n = (count - self.nbits).div_ceil(8) as usize;
            let got = s.read(n);
            if got.len() != n {
                return None;
            }
            for &b in got {
                self.buffer = (self.buffer << 8) | u64::from(b);
            }
            self.nbits += n as u32 * 8;
        }
        self.nbits -= count;
        let value = self.buffer >> self.nbits;
        self.buffer &= (1u64 << self.nbits) - 1;
        Some(value)
    }

    /// Skip `count` bits: whole bytes by moving the stream, the rest by reading.
    fn skip(&mut self, s: &mut ByteStream<'_>, count: u64) -> Option<()> {
        if count <= u64::from(self.nbits) {
            self.bits(s, count as u32)?;
        } else {
            let count = count - u64::from(self.align());
            let n_bytes = count / 8;
            s.pos = s
                .pos
                .saturating_add(usize::try_from(n_bytes).unwrap_or(usize::MAX));
            self.bits(s, (count % 8) as u32)?;
        }
        Some(())
    }

    /// Read `count` whole bytes (only used while aligned).
    fn bytes(&mut self, s: &mut ByteStream<'_>, count: usize) -> Option<Vec<u8>> {
        if self.nbits == 0 {
            let got = s.read(count);
            return (got.len() == count).then(|| got.to_vec());
        }
        (0..count)
            .map(|_| self.bits(s, 8).map(|b| b as u8))
            .collect()
    }

    /// Bits read or skipped since this reader was made.
    fn position(&self, s: &ByteStream<'_>) -> i64 {
        (s.pos as i64 - self.start as i64) * 8 - i64::from(self.nbits)
    }

    /// Drop buffered bits up to the next byte; returns how many were dropped.
    fn align(&mut self) -> u32 {
        let n = self.nbits;
        self.buffer = 0;
        self.nbits = 0;
        n
    }
}

/// The length field of a descriptor: up to four bytes of seven bits each.
fn descriptor_length(s: &mut ByteStream<'_>) -> std::result::Result<u64, Cow<'static, str>> {
    let mut value = 0u64;
    for _ in 0..4 {
        let b = *s
            .read(1)
            .first()
            .ok_or(Cow::Borrowed("unpack requires a buffer of 1 bytes"))?;
        value = (value << 7) | u64::from(b & 0x7f);
        if b >> 7 == 0 {
            return Ok(value);
        }
    }
    Err(Cow::Borrowed("invalid descriptor length"))
}

/// The message of mutagen's bit reader running out of data.
const NOT_ENOUGH_DATA: &str = "not enough data";

/// A descriptor that could not be read, with mutagen's message for it.
type DescriptorResult<T> = std::result::Result<T, Cow<'static, str>>;

/// The parts of a `DecoderConfigDescriptor` mutagen uses.
struct DecoderConfig {
    object_type: u64,
    avg_bitrate: u64,
    specific: Option<SpecificInfo>,
}

/// `ES_Descriptor` (its tag already read): returns its decoder configuration.
fn parse_es_descriptor(s: &mut ByteStream<'_>) -> DescriptorResult<DecoderConfig> {
    let _length = descriptor_length(s)?;
    let mut r = BitReader::new(s);
    r.bits(s, 16).ok_or(NOT_ENOUGH_DATA)?; // ES_ID
    let stream_dependence = r.bits(s, 1).ok_or(NOT_ENOUGH_DATA)?;
    let url_flag = r.bits(s, 1).ok_or(NOT_ENOUGH_DATA)?;
    let ocr_stream = r.bits(s, 1).ok_or(NOT_ENOUGH_DATA)?;
    r.bits(s, 5).ok_or(NOT_ENOUGH_DATA)?; // streamPriority
    if stream_dependence != 0 {
        r.bits(s, 16).ok_or(NOT_ENOUGH_DATA)?;
    }
    if url_flag != 0 {
        let url_length = r.bits(s, 8).ok_or(NOT_ENOUGH_DATA)?;
        r.bytes(s, url_length as usize).ok_or(NOT_ENOUGH_DATA)?;
    }
    if ocr_stream != 0 {
        r.bits(s, 16).ok_or(NOT_ENOUGH_DATA)?;
    }
    let tag = r.bits(s, 8).ok_or(NOT_ENOUGH_DATA)?;
    if tag != 0x04 {
        return Err(Cow::Owned(format!(
            "unexpected DecoderConfigDescrTag {tag}"
        )));
    }
    parse_decoder_config(s)
}

/// `DecoderConfigDescriptor` (its tag already read).
fn parse_decoder_config(s: &mut ByteStream<'_>) -> DescriptorResult<DecoderConfig> {
    let length = descriptor_length(s)?;
    let mut r = BitReader::new(s);
    let object_type = r.bits(s, 8).ok_or(NOT_ENOUGH_DATA)?;
    let stream_type = r.bits(s, 6).ok_or(NOT_ENOUGH_DATA)?;
    r.bits(s, 1).ok_or(NOT_ENOUGH_DATA)?; // upStream
    r.bits(s, 1).ok_or(NOT_ENOUGH_DATA)?; // reserved
    r.bits(s, 24).ok_or(NOT_ENOUGH_DATA)?; // bufferSizeDB
    r.bits(s, 32).ok_or(NOT_ENOUGH_DATA)?; // maxBitrate
    let avg_bitrate = r.bits(s, 32).ok_or(NOT_ENOUGH_DATA)?;
    let mut config = DecoderConfig {
        object_type,
        avg_bitrate,
        specific: None,
    };
    if (object_type, stream_type) != (0x40, 0x5) {
        return Ok(config);
    }
    if i128::from(length) * 8 == i128::from(r.position(s)) {
        return Ok(config);
    }
    let tag = r.bits(s, 8).ok_or(NOT_ENOUGH_DATA)?;
    if tag == 0x05 {
        config.specific = Some(parse_specific_info(s)?);
    }
    Ok(config)
}

/// `DecoderSpecificInfo`: the AudioSpecificConfig of MPEG-4 audio, as far as mutagen reads it.
#[derive(Debug, Clone, Default)]
struct SpecificInfo {
    audio_object_type: u64,
    sampling_frequency: u64,
    channel_configuration: u64,
    sbr_present: i64,
    ps_present: i64,
    extension_sampling_frequency: u64,
    extension_channel_configuration: Option<u64>,
    pce_channels: Option<u64>,
}

impl SpecificInfo {
    /// The codec name, with `+SBR` and `+PS` where those are signalled.
    fn description(&self) -> Option<String> {
        let idx = usize::try_from(self.audio_object_type).ok()?;
        let mut name = String::from((*AUDIO_OBJECT_TYPES.get(idx)?)?);
        if self.sbr_present == 1 {
            name.push_str("+SBR");
        }
        if self.ps_present == 1 {
            name.push_str("+PS");
        }
        Some(name)
    }

    /// The output sample rate, 0 when it cannot be known.
    fn sample_rate(&self) -> u64 {
        match self.sbr_present {
            1 => self.extension_sampling_frequency,
            0 => self.sampling_frequency,
            _ => {
                let can_sbr = [1, 2, 3, 4, 6, 17, 19, 20, 22].contains(&self.audio_object_type);
                if !can_sbr || self.sampling_frequency > 24000 {
                    self.sampling_frequency
                } else {
                    0
                }
            }
        }
    }

    /// The channel count, 0 when it cannot be known.
    fn channels(&self) -> u64 {
        if let Some(n) = self.pce_channels {
            return n;
        }
        let conf = self
            .extension_channel_configuration
            .unwrap_or(self.channel_configuration);
        match conf {
            1 => match self.ps_present {
                -1 => 0,
                1 => 2,
                _ => 1,
            },
            7 => 8,
            c if c > 7 => 0,
            c => c,
        }
    }
}

fn audio_object_type(r: &mut BitReader, s: &mut ByteStream<'_>) -> Option<u64> {
    let aot = r.bits(s, 5)?;
    if aot == 31 {
        return Some(32 + r.bits(s, 6)?);
    }
    Some(aot)
}

fn sampling_frequency(r: &mut BitReader, s: &mut ByteStream<'_>) -> Option<u64> {
    let index = r.bits(s, 4)?;
    if index == 0xf {
        return r.bits(s, 24);
    }
    Some(
        SAMPLING_FREQUENCIES
            .get(index as usize)
            .map_or(0, |&f| u64::from(f)),
    )
}

/// Parse a `DecoderSpecificInfo` (its tag already read), failing with mutagen's message.
fn parse_specific_info(s: &mut ByteStream<'_>) -> DescriptorResult<SpecificInfo> {
    let length = descriptor_length(s)?;
    let mut r = BitReader::new(s);
    let mut info = SpecificInfo::default();
    parse_audio_specific_config(&mut r, s, length, &mut info).ok_or(NOT_ENOUGH_DATA)?;
    Ok(info)
}

/// The body of [`parse_specific_info`]: `Some(())` both when done and where mutagen stops early
/// on something it does not support; `None` when the bits run out.
fn parse_audio_specific_config(
    r: &mut BitReader,
    s: &mut ByteStream<'_>,
    length: u64,
    info: &mut SpecificInfo,
) -> Option<()> {
    let bits_left =
        |r: &BitReader, s: &ByteStream<'_>| i128::from(length) * 8 - i128::from(r.position(s));

    info.audio_object_type = audio_object_type(r, s)?;
    info.sampling_frequency = sampling_frequency(r, s)?;
    info.channel_configuration = r.bits(s, 4)?;
    info.sbr_present = -1;
    info.ps_present = -1;
    let mut extension_aot;
    if info.audio_object_type == 5 || info.audio_object_type == 29 {
        extension_aot = 5;
        info.sbr_present = 1;
        if info.audio_object_type == 29 {
            info.ps_present = 1;
        }
        info.extension_sampling_frequency = sampling_frequency(r, s)?;
        info.audio_object_type = audio_object_type(r, s)?;
        if info.audio_object_type == 22 {
            info.extension_channel_configuration = Some(r.bits(s, 4)?);
        }
    } else {
        extension_aot = 0;
    }

    if [1, 2, 3, 4, 6, 7, 17, 19, 20, 21, 22, 23].contains(&info.audio_object_type) {
        if !ga_specific_config(r, s, info)? {
            return Some(());
        }
    } else {
        return Some(());
    }

    if [17, 19, 20, 21, 22, 23, 24, 25, 26, 27, 39].contains(&info.audio_object_type) {
        let ep_config = r.bits(s, 2)?;
        if ep_config == 2 || ep_config == 3 {
            return Some(());
        }
    }

    if extension_aot != 5 && bits_left(r, s) >= 16 {
        let sync_extension_type = r.bits(s, 11)?;
        if sync_extension_type == 0x2b7 {
            extension_aot = audio_object_type(r, s)?;
            if extension_aot == 5 {
                info.sbr_present = r.bits(s, 1)? as i64;
                if info.sbr_present == 1 {
                    info.extension_sampling_frequency = sampling_frequency(r, s)?;
                    if bits_left(r, s) >= 12 {
                        let sync_extension_type = r.bits(s, 11)?;
                        if sync_extension_type == 0x548 {
                            info.ps_present = r.bits(s, 1)? as i64;
                        }
                    }
                }
            }
            if extension_aot == 22 {
                info.sbr_present = r.bits(s, 1)? as i64;
                if info.sbr_present == 1 {
                    info.extension_sampling_frequency = sampling_frequency(r, s)?;
                }
                info.extension_channel_configuration = Some(r.bits(s, 4)?);
            }
        }
    }
    Some(())
}

/// `GASpecificConfig`. `Some(false)` where mutagen stops (a reserved extension flag set).
fn ga_specific_config(
    r: &mut BitReader,
    s: &mut ByteStream<'_>,
    info: &mut SpecificInfo,
) -> Option<bool> {
    r.skip(s, 1)?; // frameLengthFlag
    let depends_on_core_coder = r.bits(s, 1)?;
    if depends_on_core_coder != 0 {
        r.skip(s, 14)?;
    }
    let extension_flag = r.bits(s, 1)?;
    if info.channel_configuration == 0 {
        info.pce_channels = Some(program_config_element(r, s)?);
    }
    let aot = info.audio_object_type;
    if aot == 6 || aot == 20 {
        r.skip(s, 3)?;
    }
    if extension_flag != 0 {
        if aot == 22 {
            r.skip(s, 5 + 11)?;
        }
        if [17, 19, 20, 23].contains(&aot) {
            r.skip(s, 1 + 1 + 1)?;
        }
        let extension_flag3 = r.bits(s, 1)?;
        if extension_flag3 != 0 {
            return Some(false);
        }
    }
    Some(true)
}

/// `program_config_element()`: returns its channel count.
fn program_config_element(r: &mut BitReader, s: &mut ByteStream<'_>) -> Option<u64> {
    r.bits(s, 4)?; // element_instance_tag
    r.bits(s, 2)?; // object_type
    r.bits(s, 4)?; // sampling_frequency_index
    let front = r.bits(s, 4)?;
    let side = r.bits(s, 4)?;
    let back = r.bits(s, 4)?;
    let lfe = r.bits(s, 2)?;
    let assoc_data = r.bits(s, 3)?;
    let valid_cc = r.bits(s, 4)?;
    if r.bits(s, 1)? == 1 {
        r.skip(s, 4)?; // mono mixdown
    }
    if r.bits(s, 1)? == 1 {
        r.skip(s, 4)?; // stereo mixdown
    }
    if r.bits(s, 1)? == 1 {
        r.skip(s, 3)?; // matrix mixdown
    }
    let mut channels = 0;
    for _ in 0..(front + side + back) {
        channels += 1;
        if r.bits(s, 1)? != 0 {
            channels += 1;
        }
        r.skip(s, 4)?;
    }
    channels += lfe;
    r.skip(s, 4 * lfe)?;
    r.skip(s, 4 * assoc_data)?;
    r.skip(s, 5 * valid_cc)?;
    r.align();
    let comment_bytes = r.bits(s, 8)?;
    r.skip(s, 8 * comment_bytes)?;
    Some(channels)
}

/// Append `.` and `n` in `radix` (10 or 16, upper-case digits) to `out`, as
/// `write!(out, ".{n}")` or `write!(out, ".{n:X}")` does, without the formatting machinery
/// (which cost more than the rest of the sample entry's parse).
fn push_dot_number(out: &mut String, n: u64, radix: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut v = n;
    loop {
        i -= 1;
        digits[i] = b"0123456789ABCDEF"[(v % radix) as usize];
        v /= radix;
        if v == 0 {
            break;
        }
    }
    out.push('.');
    out.push_str(std::str::from_utf8(&digits[i..]).unwrap_or_default());
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic, clippy::trivially_copy_pass_by_ref)]
mod tests {
    use super::*;

    #[test]
    fn dot_numbers_read_as_formatted() {
        let mut values: Vec<u64> = (0..300).collect();
        values.extend([0xFFFF, 1 << 32, u64::MAX - 1, u64::MAX]);
        for n in values {
            let mut out = String::from("mp4a");
            push_dot_number(&mut out, n, 16);
            push_dot_number(&mut out, n, 10);
            assert_eq!(out, format!("mp4a.{n:X}.{n}"));
        }
    }

    use crate::mp4::atom::test_atom as atom;

    fn sample_entry(name: &[u8; 4], channels: u16, size: u16, rate: u16, extra: &[u8]) -> Vec<u8> {
        let mut p = vec![0u8; 16];
        p.extend_from_slice(&channels.to_be_bytes());
        p.extend_from_slice(&size.to_be_bytes());
        p.extend_from_slice(&[0, 0, 0, 0]);
        p.extend_from_slice(&rate.to_be_bytes());
        p.extend_from_slice(&[0, 0]);
        p.extend_from_slice(extra);
        atom(name, &p)
    }

    fn stsd(entry: &[u8]) -> Vec<u8> {
        let mut p = vec![0, 0, 0, 0, 0, 0, 0, 1];
        p.extend_from_slice(entry);
        atom(b"stsd", &p)
    }

    fn moov(timescale: u32, duration: u32, stsd: &[u8]) -> Vec<u8> {
        let mut hdlr = vec![0u8; 8];
        hdlr.extend_from_slice(b"soun");
        hdlr.extend_from_slice(&[0u8; 12]);
        let mut mdhd = vec![0u8; 12];
        mdhd.extend_from_slice(&timescale.to_be_bytes());
        mdhd.extend_from_slice(&duration.to_be_bytes());
        mdhd.extend_from_slice(&[0u8; 4]);
        let stbl = atom(b"stbl", stsd);
        let minf = atom(b"minf", &stbl);
        let mdia = atom(
            b"mdia",
            &[atom(b"hdlr", &hdlr), atom(b"mdhd", &mdhd), minf].concat(),
        );
        atom(b"moov", &atom(b"trak", &mdia))
    }

    fn info_of(file: &[u8]) -> Result<InfoOutcome> {
        let src = SliceSource::new(file);
        let tree = super::super::atom::read_tree(&src)?;
        read_info(tree.moov.as_ref(), &tree.io)
    }

    fn esds(dsi: &[u8], avg_bitrate: u32) -> Vec<u8> {
        let mut dcd = vec![0x40, 0x15, 0, 0, 0];
        dcd.extend_from_slice(&0u32.to_be_bytes());
        dcd.extend_from_slice(&avg_bitrate.to_be_bytes());
        dcd.push(0x05);
        dcd.push(dsi.len() as u8);
        dcd.extend_from_slice(dsi);
        let mut es = vec![0, 1, 0, 0x04, dcd.len() as u8];
        es.extend(dcd);
        let mut p = vec![0, 0, 0, 0, 0x03, es.len() as u8];
        p.extend(es);
        atom(b"esds", &p)
    }

    fn unwrap_info(o: InfoOutcome) -> Mp4Info {
        match o {
            InfoOutcome::Info(i) => i,
            InfoOutcome::NoTrack => panic!("no track"),
        }
    }

    #[test]
    fn aac_lc_from_esds() {
        // AAC LC (2), 44100 Hz (index 4), stereo.
        let dsi = [0x12, 0x10];
        let file = moov(
            44100,
            88200,
            &stsd(&sample_entry(b"mp4a", 2, 16, 44100, &esds(&dsi, 128000))),
        );
        let info = unwrap_info(info_of(&file).unwrap());
        assert_eq!(info.length, Length::Seconds(2.0));
        assert_eq!(info.codec, "mp4a.40.2");
        assert_eq!(info.codec_description, "AAC LC");
        assert_eq!(
            (
                info.channels,
                info.sample_rate,
                info.bitrate,
                info.bits_per_sample
            ),
            (2, 44100, 128000, 16)
        );
    }

    #[test]
    fn he_aac_explicit_sbr_and_ps() {
        // AOT 29 (PS), 24000 Hz core (index 6), mono config, extension 48000 Hz (index 3),
        // inner AOT 2.
        let bits: u32 = (29 << 27) | (6 << 23) | (1 << 19) | (3 << 15) | (2 << 10);
        let dsi = &bits.to_be_bytes();
        let file = moov(
            48000,
            48000,
            &stsd(&sample_entry(b"mp4a", 2, 16, 24000, &esds(dsi, 0))),
        );
        let info = unwrap_info(info_of(&file).unwrap());
        assert_eq!(info.codec, "mp4a.40.2");
        assert_eq!(info.codec_description, "AAC LC+SBR+PS");
        assert_eq!(info.sample_rate, 48000);
        assert_eq!(info.channels, 2);
    }

    #[test]
    fn implicit_sbr_leaves_low_rates_unknown() {
        // AAC LC at 22050 Hz mono with no extension: the rate may be doubled, so mutagen keeps
        // the sample entry's rate; one channel without PS signalling is unknown too.
        let dsi = [0x13, 0x88];
        let file = moov(
            22050,
            22050,
            &stsd(&sample_entry(b"mp4a", 2, 16, 22050, &esds(&dsi, 0))),
        );
        let info = unwrap_info(info_of(&file).unwrap());
        assert_eq!(info.sample_rate, 22050);
        assert_eq!(info.channels, 2);
        assert_eq!(info.codec_description, "AAC LC");
    }

    #[test]
    fn alac_cookie_overrides_the_entry() {
        let mut cookie = vec![0u8; 4]; // version/flags
        cookie.extend_from_slice(&4096u32.to_be_bytes());
        cookie.extend_from_slice(&[0, 24, 40, 10, 14, 6]);
        cookie.extend_from_slice(&[0, 255, 0, 0, 0, 0]);
        cookie.extend_from_slice(&900_000u32.to_be_bytes());
        cookie.extend_from_slice(&96000u32.to_be_bytes());
        let file = moov(
            1000,
            1500,
            &stsd(&sample_entry(
                b"alac",
                2,
                16,
                44100,
                &atom(b"alac", &cookie),
            )),
        );
        let info = unwrap_info(info_of(&file).unwrap());
        assert_eq!(
            (
                info.bits_per_sample,
                info.channels,
                info.bitrate,
                info.sample_rate
            ),
            (24, 6, 900_000, 96000)
        );
        assert_eq!(info.codec, "alac");
        assert_eq!(info.codec_description, "ALAC");
        assert_eq!(info.length, Length::Seconds(1.5));
    }

    #[test]
    fn ac3_channels_and_bitrate() {
        // fscod 0, bsid 8, bsmod 0, acmod 7 (3/2), lfe 1, bit_rate_code 14 (384 kbps).
        let bits: u32 = (8 << 17) | (7 << 11) | (1 << 10) | (14 << 5);
        let dac3 = &bits.to_be_bytes()[1..];
        let file = moov(
            48000,
            48000,
            &stsd(&sample_entry(b"ac-3", 2, 16, 48000, &atom(b"dac3", dac3))),
        );
        let info = unwrap_info(info_of(&file).unwrap());
        assert_eq!((info.channels, info.bitrate), (6, 384_000));
        assert_eq!(info.codec_description, "AC-3");
    }

    #[test]
    fn zero_timescale_gives_integer_zero() {
        let file = moov(
            0,
            100,
            &stsd(&sample_entry(b"mp4a", 2, 16, 8000, &atom(b"free", b""))),
        );
        let info = unwrap_info(info_of(&file).unwrap());
        assert_eq!(info.length, Length::IntZero);
        assert_eq!(info.codec_description, "MP4A");
    }

    #[test]
    fn sample_entry_without_child_atom_fails() {
        let file = moov(1, 1, &stsd(&sample_entry(b"mp4a", 2, 16, 8000, b"")));
        assert!(matches!(
            info_of(&file),
            Err(Error::Malformed(ErrorKind::Mp4StreamInfo, _))
        ));
    }

    #[test]
    fn mvhd_fallback_and_no_track() {
        let mut mvhd = vec![0u8; 12];
        mvhd.extend_from_slice(&600u32.to_be_bytes());
        mvhd.extend_from_slice(&1500u32.to_be_bytes());
        let file = atom(b"moov", &atom(b"mvhd", &mvhd));
        assert_eq!(
            unwrap_info(info_of(&file).unwrap()).length,
            Length::Seconds(2.5)
        );

        let mut zero = vec![0u8; 12];
        zero.extend_from_slice(&0u32.to_be_bytes());
        zero.extend_from_slice(&1500u32.to_be_bytes());
        let file = atom(b"moov", &atom(b"mvhd", &zero));
        assert!(matches!(
            info_of(&file),
            Err(Error::Malformed(ErrorKind::Mp4StreamInfo, _))
        ));

        let file = atom(b"moov", &atom(b"free", b""));
        assert!(matches!(info_of(&file), Ok(InfoOutcome::NoTrack)));
        assert!(matches!(
            info_of(b"nothing here"),
            Err(Error::Malformed(ErrorKind::Mp4StreamInfo, _))
        ));
    }

    #[test]
    fn true_division_rounds_once() {
        assert_eq!(int_true_div(1, 3), Some(1.0 / 3.0));
        assert_eq!(int_true_div(5, 0), None);
        // 2^64 - 1 over 3: the exact quotient rounded once.
        assert_eq!(int_true_div(u64::MAX, 3), Some(6_148_914_691_236_517_205.0));
        // The exact quotient is 2^53 + 1, a tie that rounds to even (2^53); rounding the
        // numerator to a float first would give 2^53 + 2.
        let a = 3 * (1u64 << 53) + 3;
        assert_eq!(a as f64 / 3.0, 9_007_199_254_740_994.0);
        assert_eq!(int_true_div(a, 3), Some(9_007_199_254_740_992.0));
    }
}
