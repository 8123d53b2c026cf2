//! RIFF/WAVE files (`mutagen.wave.WAVE`): the `fmt` and `data` chunks and an `id3` chunk.

use super::chunk::{self, Chunk, Layout};
use super::{find_tag, tag_error, IffAudio, Info};
use crate::error::{Error, ErrorKind, Result};
use crate::id3::ReadOptions;
use crate::source::Source;

/// RIFF chunks: little-endian 32-bit sizes, `RIFF` and `LIST` containers.
pub const LAYOUT: Layout = Layout {
    big_endian: false,
    size64: false,
    container: |id| matches!(id, "RIFF" | "LIST").then_some(4),
    kind: ErrorKind::Wave,
};

/// `mutagen.wave.WaveStreamInfo`: the first 16 bytes of the `fmt` chunk and the size of the
/// `data` chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct WaveInfo {
    /// The format tag (1 for PCM).
    pub audio_format: u16,
    /// Number of channels.
    pub channels: u16,
    /// Sample rate in Hz.
    pub sample_rate: u32,
    /// Bytes per second, as the file gives it.
    pub byte_rate: u32,
    /// Bytes per sample frame.
    pub block_align: u16,
    /// Bits per sample.
    pub bits_per_sample: u16,
    /// The data size of the first `data` chunk, `None` without one.
    pub data_size: Option<u64>,
}

impl WaveInfo {
    /// `bitrate`: channels × bits per sample × sample rate.
    #[must_use]
    pub fn bitrate(&self) -> u64 {
        u64::from(self.channels) * u64::from(self.bits_per_sample) * u64::from(self.sample_rate)
    }

    /// mutagen's `_number_of_samples`: the data size over the block size (0 without either).
    #[must_use]
    pub fn number_of_samples(&self) -> f64 {
        match self.data_size {
            Some(size) if self.block_align > 0 => {
                crate::mp4::properties::int_true_div(size, u64::from(self.block_align))
                    .unwrap_or(0.0)
            }
            _ => 0.0,
        }
    }

    /// `length` in seconds: the samples over the sample rate, 0 without a sample rate.
    #[must_use]
    pub fn length(&self) -> f64 {
        if self.sample_rate > 0 {
            self.number_of_samples() / f64::from(self.sample_rate)
        } else {
            0.0
        }
    }
}

/// The chunks of the `RIFF` chunk of a WAVE file (mutagen's `_WaveFile`).
fn wave_chunks(src: &dyn Source) -> Result<Vec<Chunk>> {
    Ok(riff(src)?.1)
}

/// The `RIFF` chunk of a WAVE file and its chunks (mutagen's `_WaveFile`).
pub(super) fn riff(src: &dyn Source) -> Result<(Chunk, Vec<Chunk>)> {
    let root = match chunk::parse(src, &LAYOUT, 0)? {
        Ok(root) if root.id == "RIFF" => root,
        Ok(root) => {
            return Err(Error::detailed(
                ErrorKind::IffInvalidChunk,
                format!("Root chunk must be a RIFF chunk, got {}", root.id),
            ))
        }
        Err(bad) => return Err(bad),
    };
    if root.name.as_deref() != Some("WAVE") {
        return Err(Error::Malformed(ErrorKind::Wave, "Expected RIFF/WAVE."));
    }
    let chunks = chunk::subchunks(src, &LAYOUT, &root)?;
    Ok((root, chunks))
}

/// Read a WAVE file as `mutagen.wave.WAVE(path, **options)` does: the stream info, then the
/// ID3 tag of the first `id3` chunk (or the first `ID3` one, which mutagen renames).
pub fn read_with(src: &dyn Source, opts: &ReadOptions) -> Result<IffAudio> {
    let chunks = wave_chunks(src)?;
    let info = read_info(src, &chunks)?;
    let tags = match id3_chunk(&chunks) {
        Some(c) => find_tag(src, c.data_offset, opts).map_err(|e| tag_error(e, ErrorKind::Wave))?,
        None => None,
    };
    Ok(IffAudio {
        tags,
        info: Info::Wave(info),
    })
}

/// The chunk `_WaveID3` reads: the first `id3` chunk, the first `ID3` one counting as `id3`.
pub(super) fn id3_chunk(chunks: &[Chunk]) -> Option<&Chunk> {
    chunks.iter().find(|c| c.id == "id3" || c.id == "ID3")
}

/// Where `_WaveID3` reads the tag: the data of the `id3` chunk, `None` where there is none
/// or the file has no valid `RIFF` chunk (a RIFF file that is not WAVE fails).
pub(super) fn tag_offset(src: &dyn Source) -> Result<Option<u64>> {
    match wave_chunks(src) {
        Ok(chunks) => Ok(id3_chunk(&chunks).map(|c| c.data_offset)),
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::IffInvalidChunk | ErrorKind::IffEmptyChunk
            ) =>
        {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Read a WAVE file with the default options.
pub fn read(src: &dyn Source) -> Result<IffAudio> {
    read_with(src, &ReadOptions::default())
}

fn read_info(src: &dyn Source, chunks: &[Chunk]) -> Result<WaveInfo> {
    let fmt = chunk::find(chunks, "fmt").ok_or(Error::Malformed(
        ErrorKind::Wave,
        "\"No 'fmt' chunk found\"",
    ))?;
    let data = fmt.read_head(src, 16)?;
    let Some(d) = data.first_chunk::<16>() else {
        return Err(Error::Malformed(ErrorKind::IffInvalidChunk, ""));
    };
    let u16_at = |i: usize| u16::from_le_bytes([d[i], d[i + 1]]);
    let u32_at = |i: usize| u32::from_le_bytes([d[i], d[i + 1], d[i + 2], d[i + 3]]);
    let block_align = u16_at(12);
    let data_size = if block_align > 0 {
        chunk::find(chunks, "data").map(|c| c.data_size)
    } else {
        None
    };
    Ok(WaveInfo {
        audio_format: u16_at(0),
        channels: u16_at(2),
        sample_rate: u32_at(4),
        byte_rate: u32_at(8),
        block_align,
        bits_per_sample: u16_at(14),
        data_size,
    })
}
