//! AIFF and AIFF-C files (`mutagen.aiff.AIFF`): the `COMM` chunk and an `ID3` chunk.

use super::chunk::{self, Bad, Chunk, Layout};
use super::{find_tag, tag_error, IffAudio, Info};
use crate::error::{Error, ErrorKind, Result};
use crate::id3::ReadOptions;
use crate::source::Source;

/// AIFF chunks: big-endian 32-bit sizes, `FORM` containers.
pub const LAYOUT: Layout = Layout {
    big_endian: true,
    size64: false,
    container: |id| (id == "FORM").then_some(4),
    kind: ErrorKind::Aiff,
};

/// `mutagen.aiff.AIFFInfo`: the fields of the `COMM` chunk.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct AiffInfo {
    /// Number of channels.
    pub channels: i16,
    /// Number of sample frames.
    pub frame_count: u32,
    /// Bits per sample (`bits_per_sample` and `sample_size`).
    pub sample_size: i16,
    /// The sample rate as mutagen's `read_float` gives it, before `int()`: finite and above
    /// -1, so that `int()` of it is 0 or more.
    pub sample_rate_value: f64,
}

impl AiffInfo {
    /// `sample_rate`: the integer part of the 80-bit float (saturated past `u64`).
    #[must_use]
    pub fn sample_rate(&self) -> u64 {
        self.sample_rate_value.trunc() as u64
    }

    /// `length` in seconds: frames over the sample rate, 0 without a sample rate.
    #[must_use]
    pub fn length(&self) -> f64 {
        let rate = self.sample_rate_value.trunc();
        if rate == 0.0 {
            0.0
        } else {
            f64::from(self.frame_count) / rate
        }
    }

    /// `bitrate`: channels × sample size × sample rate (saturated past `i128`).
    #[must_use]
    pub fn bitrate(&self) -> i128 {
        let rate = self.sample_rate_value.trunc();
        let rate = if rate >= 1e38 {
            i128::MAX
        } else {
            rate as i128
        };
        (i128::from(self.channels) * i128::from(self.sample_size)).saturating_mul(rate)
    }
}

/// mutagen's `aiff.read_float`: the value of a big-endian 80-bit extended float, `None` where
/// it raises `OverflowError` (an infinity or NaN, or an exponent past the double range).
#[must_use]
pub fn read_float(data: &[u8; 10]) -> Option<f64> {
    let head = i16::from_be_bytes([data[0], data[1]]);
    let mut mantissa_bytes = [0u8; 8];
    mantissa_bytes.copy_from_slice(&data[2..10]);
    let mantissa = u64::from_be_bytes(mantissa_bytes);
    let (negative, exponent) = if head < 0 {
        (true, i32::from(head) + 0x8000)
    } else {
        (false, i32::from(head))
    };
    let value = if exponent == 0 && mantissa == 0 {
        0.0
    } else if exponent == 0x7FFF {
        return None;
    } else {
        // mantissa × 2 ** (exponent - 16383 - 63), with Python's `pow(2.0, e)`: an overflow
        // for e ≥ 1024, zero below the smallest subnormal.
        let e = exponent - 16383 - 63;
        if e >= 1024 {
            return None;
        }
        mantissa as f64 * pow2(e)
    };
    Some(if negative { -value } else { value })
}

/// `2.0 ** e` for `e < 1024`, exactly (0 below the subnormal range).
fn pow2(e: i32) -> f64 {
    if e >= -1022 {
        f64::from_bits(((e + 1023) as u64) << 52)
    } else if e >= -1074 {
        f64::from_bits(1u64 << (e + 1074))
    } else {
        0.0
    }
}

/// The chunks of the `FORM` chunk, or why the file has none (mutagen's `AIFFFile`).
pub(super) fn form_chunks(src: &dyn Source) -> Result<std::result::Result<Vec<Chunk>, Bad>> {
    Ok(form(src)?.map(|(_, chunks)| chunks))
}

/// The `FORM` chunk and its chunks, or why the file has none (mutagen's `AIFFFile`).
pub(super) fn form(src: &dyn Source) -> Result<std::result::Result<(Chunk, Vec<Chunk>), Bad>> {
    let root = match chunk::parse(src, &LAYOUT, 0)? {
        Ok(root) if root.id == "FORM" => root,
        Ok(root) => {
            return Ok(Err(Error::detailed(
                ErrorKind::IffInvalidChunk,
                format!("Root chunk must be a FORM chunk, got {}", root.id),
            )))
        }
        Err(bad) => return Ok(Err(bad)),
    };
    let chunks = chunk::subchunks(src, &LAYOUT, &root)?;
    Ok(Ok((root, chunks)))
}

/// Read an AIFF file as `mutagen.aiff.AIFF(path, **options)` does: the ID3 tag of the first
/// `ID3` chunk, then the stream info of the first `COMM` chunk.
pub fn read_with(src: &dyn Source, opts: &ReadOptions) -> Result<IffAudio> {
    let chunks = form_chunks(src)?;
    let tags = match chunks.as_ref().ok().and_then(|c| chunk::find(c, "ID3")) {
        Some(c) => find_tag(src, c.data_offset, opts).map_err(|e| tag_error(e, ErrorKind::Aiff))?,
        None => None,
    };
    let chunks = chunks?;
    let info = read_info(src, &chunks)?;
    Ok(IffAudio {
        tags,
        info: Info::Aiff(info),
    })
}

/// Where `_IFFID3` reads the tag: the data of the first `ID3` chunk, `None` where there is
/// none or the file has no `FORM` chunk.
pub(super) fn tag_offset(src: &dyn Source) -> Result<Option<u64>> {
    Ok(form_chunks(src)?
        .ok()
        .and_then(|c| chunk::find(&c, "ID3").map(|c| c.data_offset)))
}

/// Read an AIFF file with the default options.
pub fn read(src: &dyn Source) -> Result<IffAudio> {
    read_with(src, &ReadOptions::default())
}

fn read_info(src: &dyn Source, chunks: &[Chunk]) -> Result<AiffInfo> {
    let comm = chunk::find(chunks, "COMM").ok_or(Error::Malformed(
        ErrorKind::Aiff,
        "\"No 'COMM' chunk found\"",
    ))?;
    let data = comm.read_head(src, 18)?;
    let Some(head) = data.first_chunk::<18>() else {
        return Err(Error::Malformed(ErrorKind::Aiff, ""));
    };
    let channels = i16::from_be_bytes([head[0], head[1]]);
    let frame_count = u32::from_be_bytes([head[2], head[3], head[4], head[5]]);
    let sample_size = i16::from_be_bytes([head[6], head[7]]);
    let mut rate = [0u8; 10];
    rate.copy_from_slice(&head[8..18]);
    let value = read_float(&rate)
        .filter(|v| v.is_finite() && *v > -1.0)
        .ok_or(Error::Malformed(ErrorKind::Aiff, "Invalid sample rate"))?;
    Ok(AiffInfo {
        channels,
        frame_count,
        sample_size,
        sample_rate_value: value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_as_mutagen_reads_them() {
        // 44100 Hz.
        assert_eq!(
            read_float(b"\x40\x0e\xac\x44\x00\x00\x00\x00\x00\x00"),
            Some(44100.0)
        );
        assert_eq!(read_float(&[0; 10]), Some(0.0));
        assert_eq!(
            read_float(b"\x7f\xff\x80\x00\x00\x00\x00\x00\x00\x00"),
            None
        );
        assert_eq!(
            read_float(b"\x7f\xfe\x80\x00\x00\x00\x00\x00\x00\x00"),
            None
        );
        assert_eq!(
            read_float(b"\xc0\x0e\xac\x44\x00\x00\x00\x00\x00\x00"),
            Some(-44100.0)
        );
        assert_eq!(
            read_float(b"\x00\x01\x80\x00\x00\x00\x00\x00\x00\x00"),
            Some(0.0)
        );
    }
}
