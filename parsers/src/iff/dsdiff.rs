//! DSDIFF files (`mutagen.dsdiff.DSDIFF`): the `PROP` chunk's sound properties, the `DSD`
//! or `DST` sound data, and an `ID3` chunk.

use super::chunk::{self, Bad, Chunk, Layout};
use super::{find_tag, tag_error, IffAudio, Info};
use crate::error::{Error, ErrorKind, Result};
use crate::id3::ReadOptions;
use crate::source::Source;

/// DSDIFF chunks: big-endian 64-bit sizes; `FRM8` and `PROP` containers with a name, `DST`
/// without.
pub const LAYOUT: Layout = Layout {
    big_endian: true,
    size64: true,
    container: |id| match id {
        "FRM8" | "PROP" => Some(4),
        "DST" => Some(0),
        _ => None,
    },
    kind: ErrorKind::Dsdiff,
};

/// How the sound data is stored, with what mutagen derives the length and bitrate from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum Sound {
    /// Neither `DSD` nor `DST` compression: no length or bitrate.
    Other,
    /// Uncompressed: the data size of the `DSD` chunk.
    Dsd {
        /// The `DSD` chunk's data size.
        data_size: u64,
    },
    /// DST-compressed: the `DST` chunk's `FRTE` chunk, `None` where it is under 6 bytes.
    Dst {
        /// `(frame_count, frame_rate)` from the `FRTE` chunk.
        frames: Option<(u32, u16)>,
        /// The `DST` chunk's data size less the whole `FRTE` chunk (negative where the
        /// sizes disagree).
        data_size: i128,
    },
}

/// `mutagen.dsdiff.DSDIFFInfo`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct DsdiffInfo {
    /// Number of channels (0 without a `CHNL` chunk).
    pub channels: u16,
    /// Sample rate in Hz (0 without an `FS` chunk).
    pub sample_rate: u32,
    /// The compression ID (`"DSD"`, `"DST"`), `None` without a `CMPR` chunk.
    pub compression: Option<String>,
    /// The sound data.
    pub sound: Sound,
}

impl DsdiffInfo {
    /// `length` in seconds (0 where mutagen leaves it unset).
    #[must_use]
    pub fn length(&self) -> f64 {
        match self.sound {
            Sound::Dsd { data_size } if self.sample_rate != 0 => {
                let samples = data_size as f64 * 8.0 / f64::from(self.channels.max(1));
                samples / f64::from(self.sample_rate)
            }
            Sound::Dst {
                frames: Some((count, rate)),
                ..
            } if rate != 0 => f64::from(count) / f64::from(rate),
            _ => 0.0,
        }
    }

    /// `bitrate` in bits per second (0 where mutagen leaves it unset).
    #[must_use]
    pub fn bitrate(&self) -> f64 {
        match self.sound {
            Sound::Dsd { .. } => f64::from(self.channels) * f64::from(self.sample_rate),
            Sound::Dst {
                frames: Some((count, rate)),
                data_size,
            } if count != 0 => data_size as f64 / f64::from(count) * 8.0 * f64::from(rate),
            _ => 0.0,
        }
    }
}

/// The chunks of the `FRM8` chunk (mutagen's `DSDIFFFile`), or why there are none.
fn frm8_chunks(src: &dyn Source) -> Result<std::result::Result<Vec<Chunk>, Bad>> {
    Ok(frm8(src)?.map(|(_, chunks)| chunks))
}

/// The `FRM8` chunk and its chunks (mutagen's `DSDIFFFile`), or why there are none.
pub(super) fn frm8(src: &dyn Source) -> Result<std::result::Result<(Chunk, Vec<Chunk>), Bad>> {
    let root = match chunk::parse(src, &LAYOUT, 0)? {
        Ok(root) if root.id == "FRM8" => root,
        Ok(root) => {
            let class = match root.id.as_str() {
                "PROP" => "DSDIFFListChunk",
                "DST" => "DSTChunk",
                _ => "DSDIFFChunk",
            };
            return Ok(Err(Error::detailed(
                ErrorKind::IffInvalidChunk,
                format!(
                    "Root chunk must be a FRM8 chunk, got <{class} id={}, offset=0, size={}, \
                     data_offset={}, data_size={}>",
                    root.id, root.size, root.data_offset, root.data_size
                ),
            )));
        }
        Err(bad) => return Ok(Err(bad)),
    };
    let chunks = chunk::subchunks(src, &LAYOUT, &root)?;
    Ok(Ok((root, chunks)))
}

/// Read a DSDIFF file as `mutagen.dsdiff.DSDIFF(path, **options)` does: the ID3 tag of the
/// first `ID3` chunk, then the stream info.
pub fn read_with(src: &dyn Source, opts: &ReadOptions) -> Result<IffAudio> {
    let chunks = frm8_chunks(src)?;
    let tags = match chunks.as_ref().ok().and_then(|c| chunk::find(c, "ID3")) {
        Some(c) => {
            find_tag(src, c.data_offset, opts).map_err(|e| tag_error(e, ErrorKind::Dsdiff))?
        }
        None => None,
    };
    let chunks = chunks?;
    let info = read_info(src, &chunks)?;
    Ok(IffAudio {
        tags,
        info: Info::Dsdiff(info),
    })
}

/// Where `_DSDIFFID3` reads the tag: the data of the first `ID3` chunk, `None` where there
/// is none or the file has no `FRM8` chunk.
pub(super) fn tag_offset(src: &dyn Source) -> Result<Option<u64>> {
    Ok(frm8_chunks(src)?
        .ok()
        .and_then(|c| chunk::find(&c, "ID3").map(|c| c.data_offset)))
}

/// Read a DSDIFF file with the default options.
pub fn read(src: &dyn Source) -> Result<IffAudio> {
    read_with(src, &ReadOptions::default())
}

fn missing(id: &'static str) -> Error {
    Error::Malformed(ErrorKind::Dsdiff, id)
}

/// The first `n` bytes of a chunk's data, or `InvalidChunk` where the file ends first.
fn head<const N: usize>(src: &dyn Source, c: &Chunk) -> Result<[u8; N]> {
    if i64::try_from(c.data_size).is_err() {
        // mutagen reads the whole chunk: Python refuses a read of more than `sys.maxsize`.
        return Err(Error::Malformed(
            ErrorKind::BuiltinOverflowError,
            "cannot fit 'int' into an index-sized integer",
        ));
    }
    let data = c.read_head(src, N as u64)?;
    data.first_chunk::<N>().copied().ok_or_else(|| {
        Error::detailed(
            ErrorKind::IffInvalidChunk,
            format!("Not enough data in {} chunk", c.id),
        )
    })
}

fn read_info(src: &dyn Source, chunks: &[Chunk]) -> Result<DsdiffInfo> {
    let prop = chunk::find(chunks, "PROP").ok_or(missing("\"No 'PROP' chunk found\""))?;
    let mut info = DsdiffInfo {
        channels: 0,
        sample_rate: 0,
        compression: None,
        sound: Sound::Other,
    };
    if prop.name.as_deref() == Some("SND ") {
        for c in chunk::subchunks(src, &LAYOUT, prop)? {
            if c.id == "FS" && c.data_size == 4 {
                info.sample_rate = u32::from_be_bytes(head::<4>(src, &c)?);
            } else if c.id == "CHNL" && c.data_size >= 2 {
                info.channels = u16::from_be_bytes(head::<2>(src, &c)?);
            } else if c.id == "CMPR" && c.data_size >= 4 {
                let id = head::<4>(src, &c)?;
                if !id.is_ascii() {
                    return Err(Error::Malformed(
                        ErrorKind::UnicodeDecode,
                        "ordinal not in range(128)",
                    ));
                }
                let trimmed = String::from_utf8_lossy(chunk::rstrip(&id)).into_owned();
                info.compression = Some(trimmed);
            }
        }
    }
    match info.compression.as_deref() {
        Some("DSD") => {
            let dsd = chunk::find(chunks, "DSD").ok_or(missing("\"No 'DSD' chunk found\""))?;
            info.sound = Sound::Dsd {
                data_size: dsd.data_size,
            };
        }
        Some("DST") => {
            let dst = chunk::find(chunks, "DST").ok_or(missing("\"No 'DST' chunk found\""))?;
            let inner = chunk::subchunks(src, &LAYOUT, dst)?;
            let frte = chunk::find(&inner, "FRTE").ok_or(missing("\"No 'FRTE' chunk found\""))?;
            let frames = if frte.data_size >= 6 {
                let d = head::<6>(src, frte)?;
                Some((
                    u32::from_be_bytes([d[0], d[1], d[2], d[3]]),
                    u16::from_be_bytes([d[4], d[5]]),
                ))
            } else {
                None
            };
            info.sound = Sound::Dst {
                frames,
                data_size: i128::from(dst.data_size) - i128::from(frte.size),
            };
        }
        _ => {}
    }
    Ok(info)
}
