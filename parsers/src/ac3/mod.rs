//! AC-3 and E-AC-3 streams (`mutagen.ac3.AC3`): the first frame's header, and a length
//! guessed from the bitrate and the file size.

use crate::error::{Error, ErrorKind, Result};
use crate::source::Source;
use crate::util::bitreader::{BitReader, NotEnoughData, NOT_ENOUGH_DATA};

/// Sample rates by code.
const SAMPLE_RATES: [u32; 3] = [48000, 44100, 32000];
/// Bitrates in kbit/s by frame size code / 2.
const BITRATES: [u32; 19] = [
    32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 576, 640,
];
/// Channels by channel mode (dual mono, mono, stereo, 3/0, 2/1, 3/1, 2/2, 3/2).
const CHANNELS: [u32; 8] = [2, 1, 2, 3, 3, 4, 4, 5];
/// Audio blocks per E-AC-3 frame by code.
const EAC3_BLOCKS: [u32; 4] = [1, 2, 3, 6];
/// The smallest E-AC-3 frame.
const HEADER_SIZE: u32 = 7;

/// `mutagen.ac3.AC3Info`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct Ac3Info {
    /// Channels, the LFE channel included.
    pub channels: u32,
    /// Length in seconds guessed from the bitrate and the bytes after the header (negative
    /// where the header's skips run past the end, as mutagen's does).
    pub length: f64,
    /// Sample rate in Hz.
    pub sample_rate: u32,
    /// Bitrate in bits per second.
    pub bitrate: u32,
    /// `"ac-3"` or `"ec-3"` (E-AC-3).
    pub codec: &'static str,
}

fn err(text: String) -> Error {
    Error::detailed(ErrorKind::Ac3, text)
}

/// Turn running out of data into mutagen's `AC3Error("not enough data")`.
fn need<T>(r: std::result::Result<T, NotEnoughData>) -> Result<T> {
    r.map_err(|_| Error::Malformed(ErrorKind::Ac3, NOT_ENOUGH_DATA))
}

/// Read an AC-3 or E-AC-3 stream as `mutagen.ac3.AC3(path)` does.
pub fn read(src: &dyn Source) -> Result<Ac3Info> {
    let head = src.read_at(0, 6)?;
    let Some(head) = head.first_chunk::<6>() else {
        return Err(Error::Malformed(ErrorKind::Ac3, "not enough data"));
    };
    if head[..2] != *b"\x0b\x77" {
        return Err(Error::Malformed(ErrorKind::Ac3, "not a AC3 file"));
    }
    let bsid = head[5] >> 3;
    if bsid > 16 {
        return Err(err(format!("invalid bitstream_id {bsid}")));
    }
    let mut r = BitReader::new(src, 2);
    let mut info = if bsid <= 10 {
        normal(&mut r, bsid)?
    } else {
        enhanced(&mut r)?
    };
    let rest = i128::from(src.len()) - i128::from(r.tell());
    info.length = 8.0 * rest as f64 / f64::from(info.bitrate);
    Ok(info)
}

fn bits(r: &mut BitReader<'_>, n: u32) -> Result<u32> {
    need(r.bits(n)?).map(|v| v as u32)
}

fn skip(r: &mut BitReader<'_>, n: u64) -> Result<()> {
    need(r.skip(n)?)
}

fn normal(r: &mut BitReader<'_>, bsid: u8) -> Result<Ac3Info> {
    skip(r, 16)?;
    let sr_code = bits(r, 2)?;
    if sr_code == 3 {
        return Err(err(format!("invalid sample rate code {sr_code}")));
    }
    let frame_size_code = bits(r, 6)?;
    if frame_size_code > 37 {
        return Err(err(format!("invalid frame size code {frame_size_code}")));
    }
    skip(r, 5)?;
    skip(r, 3)?;
    let channel_mode = bits(r, 3)?;
    skip(r, 2)?;
    let lfe = bits(r, 1)?;
    let shift = u32::from(bsid.max(8) - 8);
    let sample_rate = SAMPLE_RATES[sr_code as usize] >> shift;
    let bitrate = (BITRATES[(frame_size_code >> 1) as usize] * 1000) >> shift;
    let channels = CHANNELS[channel_mode as usize] + lfe;
    normal_tail(r, channel_mode)?;
    Ok(Ac3Info {
        channels,
        length: 0.0,
        sample_rate,
        bitrate,
        codec: "ac-3",
    })
}

/// The rest of an AC-3 bit stream information, skipped as mutagen skips it.
fn normal_tail(r: &mut BitReader<'_>, channel_mode: u32) -> Result<()> {
    let dialogue = |r: &mut BitReader<'_>| -> Result<()> {
        skip(r, 5)?;
        // Compression gain, language code, audio production information.
        for n in [8, 8, 7] {
            if bits(r, 1)? == 1 {
                skip(r, n)?;
            }
        }
        Ok(())
    };
    dialogue(r)?;
    if channel_mode == 0 {
        dialogue(r)?;
    }
    skip(r, 2)?;
    let timecode1 = bits(r, 1)?;
    let timecode2 = bits(r, 1)?;
    if timecode1 == 1 {
        skip(r, 14)?;
    }
    if timecode2 == 1 {
        skip(r, 14)?;
    }
    if bits(r, 1)? == 1 {
        let addbsil = bits(r, 6)?;
        skip(r, (u64::from(addbsil) + 1) * 8)?;
    }
    Ok(())
}

fn enhanced(r: &mut BitReader<'_>) -> Result<Ac3Info> {
    let frame_type = bits(r, 2)?;
    if frame_type == 3 {
        return Err(err(format!("invalid frame type {frame_type}")));
    }
    skip(r, 3)?;
    let frame_size = (bits(r, 11)? + 1) << 1;
    if frame_size < HEADER_SIZE {
        return Err(err(format!("invalid frame size {frame_size}")));
    }
    let sr_code = bits(r, 2)?;
    let (numblocks_code, sample_rate) = if sr_code == 3 {
        let sr_code2 = bits(r, 2)?;
        if sr_code2 == 3 {
            return Err(err(format!("invalid sample rate code {sr_code2}")));
        }
        (3, SAMPLE_RATES[sr_code2 as usize] / 2)
    } else {
        let code = bits(r, 2)?;
        (code, SAMPLE_RATES[sr_code as usize])
    };
    let channel_mode = bits(r, 3)?;
    let lfe = bits(r, 1)?;
    let bitrate = 8 * frame_size * sample_rate / (EAC3_BLOCKS[numblocks_code as usize] * 256);
    skip(r, 5)?;
    let channels = CHANNELS[channel_mode as usize] + lfe;
    enhanced_tail(r, frame_type, channel_mode, sr_code, numblocks_code)?;
    Ok(Ac3Info {
        channels,
        length: 0.0,
        sample_rate,
        bitrate,
        codec: "ec-3",
    })
}

/// The rest of an E-AC-3 bit stream information, skipped as mutagen skips it (it stops at the
/// mixing metadata).
fn enhanced_tail(
    r: &mut BitReader<'_>,
    frame_type: u32,
    channel_mode: u32,
    sr_code: u32,
    numblocks_code: u32,
) -> Result<()> {
    skip(r, 5)?;
    if bits(r, 1)? == 1 {
        skip(r, 8)?;
    }
    if channel_mode == 0 {
        skip(r, 5)?;
        if bits(r, 1)? == 1 {
            skip(r, 8)?;
        }
    }
    if frame_type == 1 && bits(r, 1)? == 1 {
        skip(r, 16)?;
    }
    if bits(r, 1)? == 1 {
        return Ok(());
    }
    if bits(r, 1)? == 1 {
        skip(r, 5)?;
        if channel_mode == 2 {
            skip(r, 4)?;
        } else if channel_mode >= 6 {
            skip(r, 2)?;
        }
        if bits(r, 1)? == 1 {
            skip(r, 8)?;
        }
        if channel_mode == 0 && bits(r, 1)? == 1 {
            skip(r, 8)?;
        }
        if sr_code < 3 {
            skip(r, 1)?;
        }
    }
    if frame_type == 0 && numblocks_code == 3 {
        skip(r, 1)?;
    }
    if frame_type == 2 && numblocks_code != 3 && bits(r, 1)? == 1 {
        skip(r, 6)?;
    }
    if bits(r, 1)? == 1 {
        let addbsil = bits(r, 6)?;
        skip(r, (u64::from(addbsil) + 1) * 8)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SliceSource;

    fn read_sample(name: &str) -> Option<Ac3Info> {
        let path = crate::testfiles::sample_file(name)?;
        Some(read(&SliceSource::new(&std::fs::read(path).ok()?)).unwrap())
    }

    #[test]
    fn reads_as_mutagen() {
        // mutagen 1.48.1's values for its own test files.
        if let Some(i) = read_sample("silence-44-s.ac3") {
            assert_eq!(
                (i.sample_rate, i.bitrate, i.channels, i.codec),
                (44100, 192_000, 2, "ac-3")
            );
            assert_eq!(i.length, 3.691_541_666_666_666_7);
        }
        if let Some(i) = read_sample("silence-44-s.eac3") {
            assert_eq!(
                (i.sample_rate, i.bitrate, i.channels, i.codec),
                (44100, 191_559, 2, "ec-3")
            );
            assert_eq!(i.length, 3.700_123_721_673_218);
        }
    }

    #[test]
    fn broken_headers_fail_as_mutagen() {
        let e = read(&SliceSource::new(b"\x0b\x77")).unwrap_err();
        assert_eq!(
            (e.kind(), e.to_string()),
            (ErrorKind::Ac3, "not enough data".to_owned())
        );
        let e = read(&SliceSource::new(b"\x0b\x77\0\0\0\xff")).unwrap_err();
        assert_eq!(e.to_string(), "invalid bitstream_id 31");
        let e = read(&SliceSource::new(b"\x0b\x77\0\0\0\x40")).unwrap_err();
        assert_eq!(e.to_string(), "not enough data");
    }
}
