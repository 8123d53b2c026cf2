//! AAC in ADTS or ADIF framing (`mutagen.aac.AAC`): the ADIF header, or the first run of
//! three or more matching ADTS frames, and a length guessed from them and the file size.

use crate::error::{Error, ErrorKind, Result};
use crate::source::Source;
use crate::util::bitreader::{BitReader, NotEnoughData, NOT_ENOUGH_DATA};

/// Sample rates by sampling frequency index (0 past the table).
const FREQS: [u32; 13] = [
    96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350,
];

/// The bitrate of an ADTS stream: mutagen's is a float (the payload is summed as floats),
/// 0 where it has no samples.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum Bitrate {
    /// An integer (ADIF, or no samples).
    Int(u32),
    /// A float (ADTS).
    Float(f64),
}

/// `mutagen.aac.AACInfo`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct AacInfo {
    /// Channels, 0 where unknown.
    pub channels: u32,
    /// Length in seconds, `None` where mutagen leaves the integer 0 (an ADIF bitrate of 0).
    pub length: Option<f64>,
    /// Sample rate in Hz, 0 where unknown.
    pub sample_rate: u32,
    /// Bitrate in bits per second.
    pub bitrate: Bitrate,
    /// `"ADTS"` or `"ADIF"`.
    pub kind: &'static str,
}

fn freq(index: u64) -> u32 {
    usize::try_from(index)
        .ok()
        .and_then(|i| FREQS.get(i))
        .copied()
        .unwrap_or(0)
}

fn need<T>(r: std::result::Result<T, NotEnoughData>) -> Result<T> {
    r.map_err(|_| Error::Malformed(ErrorKind::Aac, NOT_ENOUGH_DATA))
}

/// Read an AAC stream as `mutagen.aac.AAC(path)` does (after an ID3v2 tag, if any).
pub fn read(src: &dyn Source) -> Result<AacInfo> {
    let header = src.read_at(0, 10)?;
    let mut start = 0u64;
    if header.starts_with(b"ID3") {
        // mutagen's `BitPaddedInt` of what follows the flags: 7 bits of each byte.
        let size = header
            .get(6..)
            .unwrap_or(&[])
            .iter()
            .fold(0u64, |acc, &b| (acc << 7) | u64::from(b & 0x7F));
        start = size + 10;
    }
    if src.read_at(start, 4)?.as_ref() == b"ADIF" {
        adif(src, start.saturating_add(4))
    } else {
        adts(src, start)
    }
}

fn adif(src: &dyn Source, at: u64) -> Result<AacInfo> {
    let mut r = BitReader::new(src, at);
    let (bitrate, sample_rate, channels) = need(adif_header(&mut r)?)?;
    let rest = i128::from(src.len()) - i128::from(r.tell());
    let length = (bitrate != 0).then(|| (8.0 * rest as f64) / f64::from(bitrate));
    Ok(AacInfo {
        channels,
        length,
        sample_rate,
        bitrate: Bitrate::Int(bitrate),
        kind: "ADIF",
    })
}

/// Bits from the reader, or [`NotEnoughData`] out of the enclosing function.
macro_rules! get {
    ($r:expr, $n:expr) => {
        match $r.bits($n)? {
            Ok(v) => v,
            Err(e) => return Ok(Err(e)),
        }
    };
}

macro_rules! skip {
    ($r:expr, $n:expr) => {
        if let Err(e) = $r.skip($n)? {
            return Ok(Err(e));
        }
    };
}

type Bits<T> = Result<std::result::Result<T, NotEnoughData>>;

/// The ADIF header: `(bitrate, sample_rate, channels)`.
fn adif_header(r: &mut BitReader<'_>) -> Bits<(u32, u32, u32)> {
    if get!(r, 1) == 1 {
        skip!(r, 72);
    }
    skip!(r, 2);
    let bitstream_type = get!(r, 1);
    let bitrate = get!(r, 23) as u32;
    let npce = get!(r, 4);
    if bitstream_type == 0 {
        skip!(r, 20);
    }
    let (sfi, channels) = match pce(r)? {
        Ok(v) => v,
        Err(e) => return Ok(Err(e)),
    };
    for _ in 0..npce {
        if let Err(e) = pce(r)? {
            return Ok(Err(e));
        }
    }
    r.align();
    Ok(Ok((bitrate, freq(sfi), channels)))
}

/// A program config element: `(sampling_frequency_index, channels)`.
fn pce(r: &mut BitReader<'_>) -> Bits<(u64, u32)> {
    skip!(r, 4);
    skip!(r, 2);
    let sfi = get!(r, 4);
    let front = get!(r, 4);
    let side = get!(r, 4);
    let back = get!(r, 4);
    let lfe = get!(r, 2);
    let assoc = get!(r, 3);
    let cc = get!(r, 4);
    for n in [4, 4, 3] {
        // Mono mixdown, stereo mixdown, matrix mixdown.
        if get!(r, 1) == 1 {
            skip!(r, n);
        }
    }
    let mut channels = 0u32;
    for _ in 0..front + side + back {
        channels += 1;
        if get!(r, 1) == 1 {
            channels += 1;
        }
        skip!(r, 4);
    }
    channels += lfe as u32;
    skip!(r, 4 * lfe);
    skip!(r, 4 * assoc);
    skip!(r, 5 * cc);
    r.align();
    let comment = get!(r, 8);
    skip!(r, 8 * comment);
    Ok(Ok((sfi, channels)))
}

/// One run of ADTS frames (mutagen's `_ADTSStream`).
struct Stream<'a> {
    r: BitReader<'a>,
    fixed: Option<[u64; 9]>,
    frames: u32,
    samples: u64,
    payload: f64,
    last: f64,
}

impl Stream<'_> {
    /// Find the next sync word in at most `max_bytes` (at least 2).
    fn sync(&mut self, max_bytes: i64) -> Result<bool> {
        let mut left = max_bytes.max(2);
        self.r.align();
        while left > 0 {
            let Ok(b) = self.r.byte()? else {
                return Ok(false);
            };
            if b == 0xFF {
                match self.r.bits(4)? {
                    Ok(0xF) => return Ok(true),
                    Ok(_) => {}
                    Err(_) => return Ok(false),
                }
                self.r.align();
                left -= 2;
            } else {
                left -= 1;
            }
        }
        Ok(false)
    }

    fn parse_frame(&mut self) -> Result<bool> {
        Ok(matches!(self.frame()?, Ok(true)))
    }

    fn frame(&mut self) -> Bits<bool> {
        let r = &mut self.r;
        let start = r.position() - 12;
        let mut key = [0u64; 9];
        for (slot, n) in key.iter_mut().zip([1, 2, 1, 2, 4, 1, 3, 1, 1]) {
            *slot = get!(r, n);
        }
        match &self.fixed {
            None => self.fixed = Some(key),
            Some(fixed) if *fixed != key => return Ok(Ok(false)),
            Some(_) => {}
        }
        let protection_absent = key[2];
        skip!(r, 2);
        let frame_length = get!(r, 13);
        skip!(r, 11);
        let nordbif = get!(r, 2);
        let mut crc = 0i128;
        if protection_absent == 0 {
            crc += (i128::from(nordbif) + 1) * 16;
            if nordbif != 0 {
                crc *= 2;
            }
        }
        let left = i128::from(frame_length) * 8 - (r.position() - start);
        if left < 0 {
            return Ok(Ok(false));
        }
        skip!(r, left as u64);
        self.payload += (left - crc) as f64 / 8.0;
        self.samples += (nordbif + 1) * 1024;
        self.last = r.position() as f64 / 8.0;
        self.frames += 1;
        Ok(Ok(true))
    }
}

/// Python's float floor division (`a // b`) of finite floats, `b` not 0.
fn floor_div(a: f64, b: f64) -> f64 {
    let m = a % b;
    let mut div = (a - m) / b;
    if m != 0.0 && ((b < 0.0) != (m < 0.0)) {
        div -= 1.0;
    }
    if div == 0.0 {
        return 0.0_f64.copysign(a / b);
    }
    let floor = div.floor();
    if div - floor > 0.5 {
        floor + 1.0
    } else {
        floor
    }
}

fn adts(src: &dyn Source, start: u64) -> Result<AacInfo> {
    let mut offset = i128::from(start);
    let mut found = None;
    let mut frames = 0;
    for _ in 0..10 {
        let at = u64::try_from(offset).unwrap_or(u64::MAX);
        let mut s = Stream {
            r: BitReader::new(src, at),
            fixed: None,
            frames: 0,
            samples: 0,
            payload: 0.0,
            last: 0.0,
        };
        if !s.sync(512)? {
            return Err(Error::Malformed(ErrorKind::Aac, "sync not found"));
        }
        let s_offset = (s.r.position() - 12).div_euclid(8);
        offset += s_offset + 1;
        for _ in 0..100 {
            if !s.parse_frame()? || !s.sync(10)? {
                break;
            }
        }
        frames = s.frames;
        if s.frames >= 3 {
            found = Some((s, s_offset));
            break;
        }
    }
    let Some((s, s_offset)) = found else {
        return Err(Error::detailed(
            ErrorKind::Aac,
            format!("no valid stream found (only {frames} frames)"),
        ));
    };
    let fixed = s.fixed.unwrap_or_default();
    let frequency = freq(fixed[4]);
    let channels = match fixed[6] {
        7 => 8,
        b if b > 7 => 0,
        b => b as u32,
    };
    let bitrate = if s.samples == 0 {
        Bitrate::Int(0)
    } else {
        Bitrate::Float(floor_div(
            8.0 * s.payload * f64::from(frequency),
            s.samples as f64,
        ))
    };
    let stream_size = i128::from(src.len()) - (offset + s_offset);
    let mut length = 0.0;
    if frequency != 0 {
        let samples = i128::from(s.samples) * stream_size;
        length = samples as f64 / (s.last * f64::from(frequency));
    }
    Ok(AacInfo {
        channels,
        length: Some(length),
        sample_rate: frequency,
        bitrate,
        kind: "ADTS",
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SliceSource;

    fn read_sample(name: &str) -> Option<AacInfo> {
        let path = crate::testfiles::sample_file(name)?;
        Some(read(&SliceSource::new(&std::fs::read(path).ok()?)).unwrap())
    }

    #[test]
    fn reads_as_mutagen() {
        // mutagen 1.48.1's values for its own test files.
        if let Some(i) = read_sample("empty.aac") {
            assert_eq!((i.sample_rate, i.channels, i.kind), (44100, 2, "ADTS"));
            assert_eq!(i.bitrate, Bitrate::Float(3159.0));
            assert_eq!(i.length, Some(3.699_109_658_293_332));
        }
        if let Some(i) = read_sample("adif.aac") {
            assert_eq!((i.sample_rate, i.channels, i.kind), (48000, 2, "ADIF"));
            assert_eq!(i.bitrate, Bitrate::Int(128_000));
            assert_eq!(i.length, Some(0.254_937_5));
        }
    }

    #[test]
    fn floor_division_as_python() {
        assert_eq!(floor_div(7.0, 2.0), 3.0);
        assert_eq!(floor_div(-7.0, 2.0), -4.0);
        assert_eq!(floor_div(0.5, 3.0), 0.0);
    }

    #[test]
    fn no_sync_fails() {
        let e = read(&SliceSource::new(&[0u8; 100])).unwrap_err();
        assert_eq!(
            (e.kind(), e.to_string()),
            (ErrorKind::Aac, "sync not found".to_owned())
        );
    }
}
