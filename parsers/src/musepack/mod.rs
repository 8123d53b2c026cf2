//! Musepack files (`mutagen.musepack`): stream versions 4 to 8, and an APEv2 tag.
//!
//! SV4 to SV6 have one 32-bit header word (version, bitrate) and a frame count; SV7 starts
//! with `MP+` and carries ReplayGain values; SV8 starts with `MPCK` and is a sequence of
//! packets (two-letter key, variable-length size), of which mutagen needs the stream header
//! (`SH`) and ReplayGain (`RG`) packets. An ID3v2 tag before the stream is skipped.
//!
//! mutagen moves through SV8 packets with relative seeks that a short size field turns
//! backwards: a packet of size 3 leads back to itself, and mutagen loops forever. The walk is
//! capped here ([`limits::MAX_MUSEPACK_PACKETS`]). Where a size makes mutagen read a negative
//! length below -1, it lets Python's `ValueError` escape; the package raises its `ValueError`
//! that is also a `MutagenError`.

use crate::apev2::{self, ApeTag};
use crate::error::{limits, Error, ErrorKind, Result};
use crate::source::Source;

/// The sample rates of SV7 and SV8 headers, by index.
pub const RATES: [u32; 4] = [44100, 48000, 37800, 32000];

/// Musepack stream information, as `mutagen.musepack.MusepackInfo`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct MusepackInfo {
    /// The stream version (4 to 8; SV7 headers may name up to 15).
    pub version: u8,
    /// The number of channels.
    pub channels: u32,
    /// The sample rate in Hz.
    pub sample_rate: u32,
    /// The bitrate in bits per second (from the file size and length where the header has
    /// none).
    pub bitrate: i64,
    /// The length in seconds (negative for some broken headers, as mutagen computes it).
    pub length: f64,
    /// SV8 only: the sample count less the samples to skip (mutagen's `samples`).
    pub samples: Option<i128>,
    /// ReplayGain of the track in dB (SV7 always, SV8 when not 0).
    pub title_gain: Option<f64>,
    /// Peak of the track, 0 to 1 (SV7 always, SV8 when not 0).
    pub title_peak: Option<f64>,
    /// ReplayGain of the album in dB (SV7 always, SV8 when not 0).
    pub album_gain: Option<f64>,
    /// Peak of the album, 0 to 1 (SV7 always, SV8 when not 0).
    pub album_peak: Option<f64>,
}

impl MusepackInfo {
    /// The ReplayGain attributes mutagen sets on the info object, by name (`title_gain`,
    /// `title_peak`, `album_gain`, `album_peak`), each `None` where it sets none.
    #[must_use]
    pub fn gains(&self) -> [(&'static str, Option<f64>); 4] {
        [
            ("title_gain", self.title_gain),
            ("title_peak", self.title_peak),
            ("album_gain", self.album_gain),
            ("album_peak", self.album_peak),
        ]
    }
}

/// A Musepack file as `mutagen.musepack.Musepack` loads it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct MusepackFile {
    /// The stream info.
    pub info: MusepackInfo,
    /// The APEv2 tag, `None` when the file has none.
    pub tags: Option<ApeTag>,
}

fn header_error(msg: &'static str) -> Error {
    Error::Malformed(ErrorKind::MusepackHeader, msg)
}

fn value_error() -> Error {
    Error::Malformed(
        ErrorKind::BuiltinValueError,
        "read length must be non-negative or -1",
    )
}

/// A read position as mutagen's file object has it: seeking before the start fails.
struct Cursor<'a> {
    src: &'a dyn Source,
    pos: u64,
}

impl Cursor<'_> {
    fn read(&mut self, len: usize) -> Result<Vec<u8>> {
        let data = self.src.read_at(self.pos, len)?.into_owned();
        self.pos += data.len() as u64;
        Ok(data)
    }

    /// Python's `read(n)` with a signed `n`: `-1` reads to the end, below fails.
    fn read_signed(&mut self, len: i128) -> Result<Vec<u8>> {
        let len = match u64::try_from(len) {
            Ok(len) => len,
            Err(_) if len == -1 => u64::MAX,
            Err(_) => return Err(value_error()),
        };
        // A read never gives more than what remains of the file.
        let rest = self.src.len().saturating_sub(self.pos);
        self.read(usize::try_from(len.min(rest)).unwrap_or(0))
    }

    fn seek_relative(&mut self, by: i128) -> Result<()> {
        let to = i128::from(self.pos) + by;
        match u64::try_from(to) {
            Ok(to) => {
                self.pos = to;
                Ok(())
            }
            Err(_) => Err(header_error("[Errno 22] Invalid argument")),
        }
    }

    /// mutagen's `_parse_sv8_int`: up to 9 bytes of 7 bits, big-endian, while the top bit is
    /// set. `None` at the end of the file or after 9 bytes with the top bit set.
    fn sv8_int(&mut self) -> Result<Option<(u64, i128)>> {
        let mut num = 0u64;
        for i in 0..9 {
            let Some(&c) = self.read(1)?.first() else {
                return Ok(None);
            };
            num = (num << 7) | u64::from(c & 0x7F);
            if c & 0x80 == 0 {
                return Ok(Some((num, i + 1)));
            }
        }
        Ok(None)
    }
}

fn is_key(key: &[u8]) -> bool {
    key.len() == 2 && (b"AA".as_slice()..=b"ZZ".as_slice()).contains(&key)
}

fn sv8_gain(gain: i16) -> f64 {
    64.82 - f64::from(gain) / 256.0
}

fn sv8_peak(peak: i16) -> f64 {
    10f64.powf(f64::from(peak) / (256.0 * 20.0)) / 65535.0
}

fn be_i16(b: &[u8], at: usize) -> i16 {
    b.get(at..at + 2)
        .map_or(0, |s| i16::from_be_bytes([s[0], s[1]]))
}

fn empty_info() -> MusepackInfo {
    MusepackInfo {
        version: 0,
        channels: 0,
        sample_rate: 0,
        bitrate: 0,
        length: 0.0,
        samples: None,
        title_gain: None,
        title_peak: None,
        album_gain: None,
        album_peak: None,
    }
}

fn parse_sv8(cur: &mut Cursor<'_>) -> Result<MusepackInfo> {
    let mut info = empty_info();
    let (mut need_sh, mut need_rg) = (true, true);
    let mut key = cur.read(2)?;
    if !is_key(&key) {
        return Err(header_error("Invalid frame key."));
    }
    let mut packets = 0usize;
    while key != b"AP" && key != b"SE" && (need_sh || need_rg) {
        packets += 1;
        if packets > limits::MAX_MUSEPACK_PACKETS {
            return Err(Error::Limit(
                ErrorKind::MusepackHeader,
                limits::MSG_MUSEPACK_PACKETS,
            ));
        }
        let Some((size, slen)) = cur.sv8_int()? else {
            return Err(header_error("Invalid packet size."));
        };
        let data_size = i128::from(size) - 2 - slen;
        if key == b"SH" {
            if !need_sh {
                return Err(header_error("Duplicate SH packet"));
            }
            need_sh = false;
            parse_stream_header(cur, data_size, &mut info)?;
        } else if key == b"RG" {
            if !need_rg {
                return Err(header_error("Duplicate RG packet"));
            }
            need_rg = false;
            parse_replaygain(cur, data_size, &mut info)?;
        } else {
            cur.seek_relative(data_size)?;
        }
        key = cur.read(2)?;
        if !is_key(&key) {
            return Err(header_error("Invalid frame key."));
        }
    }
    if need_sh || need_rg {
        let missing = match (need_sh, need_rg) {
            (true, true) => "Missing mandatory packets: b'SH', b'RG'.",
            (true, false) => "Missing mandatory packets: b'SH'.",
            _ => "Missing mandatory packets: b'RG'.",
        };
        return Err(header_error(missing));
    }
    let samples = info.samples.unwrap_or(0);
    // Rounded to the nearest double, ties to even, as Python's `float(int)`.
    #[allow(clippy::cast_precision_loss)]
    let samples = samples as f64;
    info.length = samples / f64::from(info.sample_rate);
    info.bitrate = 0;
    Ok(info)
}

fn parse_stream_header(
    cur: &mut Cursor<'_>,
    data_size: i128,
    info: &mut MusepackInfo,
) -> Result<()> {
    cur.seek_relative(4)?;
    let mut remaining = data_size - 4;
    let Some(&version) = cur.read(1)?.first() else {
        return Err(header_error("SH packet ended unexpectedly."));
    };
    info.version = version;
    remaining -= 1;
    let counts = match cur.sv8_int()? {
        Some(a) => cur.sv8_int()?.map(|b| (a, b)),
        None => None,
    };
    let Some(((samples, l1), (skip, l2))) = counts else {
        return Err(header_error("SH packet: Invalid sample counts."));
    };
    info.samples = Some(i128::from(samples) - i128::from(skip));
    remaining -= l1 + l2;
    let data = cur.read_signed(remaining)?;
    if i128::try_from(data.len()).ok() != Some(remaining) || data.len() < 2 {
        return Err(header_error("SH packet ended unexpectedly."));
    }
    let Some(&rate) = RATES.get(usize::from(data[0] >> 5)) else {
        return Err(header_error("Invalid sample rate"));
    };
    info.sample_rate = rate;
    info.channels = u32::from(data[1] >> 4) + 1;
    Ok(())
}

fn parse_replaygain(cur: &mut Cursor<'_>, data_size: i128, info: &mut MusepackInfo) -> Result<()> {
    let data = cur.read_signed(data_size)?;
    if data_size < 9 {
        return Err(header_error("Invalid RG packet size."));
    }
    if i128::try_from(data.len()).ok() != Some(data_size) {
        return Err(header_error("RG packet ended unexpectedly."));
    }
    let (title_gain, title_peak) = (be_i16(&data, 1), be_i16(&data, 3));
    let (album_gain, album_peak) = (be_i16(&data, 5), be_i16(&data, 7));
    if title_gain != 0 {
        info.title_gain = Some(sv8_gain(title_gain));
    }
    if title_peak != 0 {
        info.title_peak = Some(sv8_peak(title_peak));
    }
    if album_gain != 0 {
        info.album_gain = Some(sv8_gain(album_gain));
    }
    if album_peak != 0 {
        info.album_peak = Some(sv8_peak(album_peak));
    }
    Ok(())
}

fn le32(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .map_or(0, |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn le16(b: &[u8], at: usize) -> u16 {
    b.get(at..at + 2)
        .map_or(0, |s| u16::from_le_bytes([s[0], s[1]]))
}

fn le_i16(b: &[u8], at: usize) -> i16 {
    b.get(at..at + 2)
        .map_or(0, |s| i16::from_le_bytes([s[0], s[1]]))
}

fn parse_sv467(cur: &mut Cursor<'_>) -> Result<MusepackInfo> {
    cur.seek_relative(-4)?;
    let h = cur.read(32)?;
    if h.len() != 32 {
        return Err(header_error("not a Musepack file"));
    }
    let mut info = empty_info();
    let frames: i64;
    if h.starts_with(b"MP+") {
        info.version = h[3] & 0xF;
        if info.version < 7 {
            return Err(header_error("not a Musepack file"));
        }
        frames = i64::from(le32(&h, 4));
        let flags = le32(&h, 8);
        let (title_peak, title_gain) = (le16(&h, 12), le_i16(&h, 14));
        let (album_peak, album_gain) = (le16(&h, 16), le_i16(&h, 18));
        info.title_gain = Some(f64::from(title_gain) / 100.0);
        info.album_gain = Some(f64::from(album_gain) / 100.0);
        info.title_peak = Some(f64::from(title_peak) / 65535.0);
        info.album_peak = Some(f64::from(album_peak) / 65535.0);
        info.sample_rate = RATES
            .get(((flags >> 16) & 3) as usize)
            .copied()
            .unwrap_or(0);
        info.bitrate = 0;
    } else {
        let word = le32(&h, 0);
        let version = (word >> 11) & 0x3FF;
        if !(4..=6).contains(&version) {
            return Err(header_error("not a Musepack file"));
        }
        info.version = u8::try_from(version).unwrap_or(0);
        info.bitrate = i64::from((word >> 23) & 0x1FF);
        info.sample_rate = 44100;
        let mut count = if version >= 5 {
            i64::from(le32(&h, 4))
        } else {
            i64::from(le16(&h, 6))
        };
        if version < 6 {
            count -= 1;
        }
        frames = count;
    }
    info.channels = 2;
    // Below 2^43 in magnitude: exact as a double.
    #[allow(clippy::cast_precision_loss)]
    let samples = (frames * 1152 - 576) as f64;
    info.length = samples / f64::from(info.sample_rate);
    Ok(info)
}

/// mutagen's `BitPaddedInt` of 4 bytes: 7 bits of each, the top bit ignored.
fn syncsafe(b: &[u8]) -> u64 {
    b.iter().fold(0u64, |n, &x| (n << 7) | u64::from(x & 0x7F))
}

/// Read the stream info as `MusepackInfo(fileobj)` does.
///
/// # Errors
/// `MusepackHeaderError` for a file that is no Musepack stream or whose headers are broken;
/// Python's `ValueError` (which mutagen lets escape) for an SH or RG packet whose size makes
/// mutagen read a negative length; a limit error past [`limits::MAX_MUSEPACK_PACKETS`] SV8
/// packets.
pub fn read_info(src: &dyn Source) -> Result<MusepackInfo> {
    let mut cur = Cursor { src, pos: 0 };
    let mut header = cur.read(4)?;
    if header.len() != 4 {
        return Err(header_error("not a Musepack file"));
    }
    if header.starts_with(b"ID3") {
        let more = cur.read(6)?;
        if more.len() != 6 {
            return Err(header_error("not a Musepack file"));
        }
        cur.pos = 10 + syncsafe(more.get(2..6).unwrap_or_default());
        header = cur.read(4)?;
        if header.len() != 4 {
            return Err(header_error("not a Musepack file"));
        }
    }
    let mut info = if header.starts_with(b"MPCK") {
        parse_sv8(&mut cur)?
    } else {
        parse_sv467(&mut cur)?
    };
    if info.bitrate == 0 && info.length != 0.0 {
        #[allow(clippy::cast_precision_loss)] // file sizes are below 2^53
        let bits = (src.len() * 8) as f64;
        // The ratio is finite (lengths are at least 1/48000 s) and far inside i64.
        #[allow(clippy::cast_possible_truncation)]
        let bitrate = (bits / info.length).round_ties_even() as i64;
        info.bitrate = bitrate;
    }
    Ok(info)
}

/// Read a Musepack file as `mutagen.musepack.Musepack(path)` does.
///
/// # Errors
/// Those of [`read_info`] and [`apev2::read_optional`].
pub fn read(src: &dyn Source) -> Result<MusepackFile> {
    let info = read_info(src)?;
    let tags = apev2::read_optional(src)?;
    Ok(MusepackFile { info, tags })
}
