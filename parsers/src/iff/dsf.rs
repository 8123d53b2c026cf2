//! DSF files (`mutagen.dsf.DSF`): the `DSD `, `fmt ` and `data` chunks at fixed places, and an
//! ID3 tag where the `DSD ` chunk points.

use super::{find_tag, tag_error, IffAudio, Info};
use crate::error::{Error, ErrorKind, Result};
use crate::id3::ReadOptions;
use crate::source::Source;

/// `mutagen.dsf.DSFInfo`, from the `DSD ` and `fmt ` chunks (mutagen's `DSDChunk` and
/// `FormatChunk` attributes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct DsfInfo {
    /// The file size the `DSD ` chunk gives.
    pub total_size: u64,
    /// Where the ID3 tag is, 0 for none.
    pub metadata_offset: u64,
    /// Channel layout code.
    pub channel_type: u32,
    /// Number of channels.
    pub channels: u32,
    /// Sampling frequency in Hz.
    pub sample_rate: u32,
    /// Bits per sample (1 or 8).
    pub bits_per_sample: u32,
    /// Samples per channel.
    pub sample_count: u64,
    /// Block size per channel.
    pub block_size_per_channel: u32,
    /// The size the `data` chunk gives.
    pub data_size: u64,
}

impl DsfInfo {
    /// `length` in seconds, `None` where mutagen's property raises `ZeroDivisionError` (no
    /// sample rate).
    #[must_use]
    pub fn length(&self) -> Option<f64> {
        (self.sample_rate != 0).then(|| self.sample_count as f64 / f64::from(self.sample_rate))
    }

    /// `bitrate`: sample rate × bits per sample × channels.
    #[must_use]
    pub fn bitrate(&self) -> i128 {
        i128::from(self.sample_rate) * i128::from(self.bits_per_sample) * i128::from(self.channels)
    }
}

fn truncated() -> Error {
    Error::Malformed(ErrorKind::Dsf, "DSF chunk truncated")
}

fn u32_at(d: &[u8], i: usize) -> u32 {
    d.get(i..i + 4)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u32::from_le_bytes)
}

fn u64_at(d: &[u8], i: usize) -> u64 {
    d.get(i..i + 8)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

/// The `DSD ` chunk (mutagen's `DSDChunk`): the total size and the metadata offset it gives.
pub(super) fn dsd_chunk(src: &dyn Source) -> Result<(u64, u64)> {
    let dsd = src.read_at(0, 28)?;
    if dsd.len() != 28 {
        return Err(truncated());
    }
    if dsd.get(..4) != Some(b"DSD ") {
        return Err(Error::Malformed(ErrorKind::Dsf, "DSF dsd header not found"));
    }
    if u64_at(&dsd, 4) != 28 {
        return Err(Error::Malformed(
            ErrorKind::Dsf,
            "DSF dsd header size mismatch",
        ));
    }
    Ok((u64_at(&dsd, 12), u64_at(&dsd, 20)))
}

/// The three chunks (mutagen's `DSFFile`), checked as mutagen checks them.
pub(super) fn chunks(src: &dyn Source) -> Result<DsfInfo> {
    let (total_size, metadata_offset) = dsd_chunk(src)?;
    let fmt = src.read_at(28, 52)?;
    if fmt.len() != 52 {
        return Err(truncated());
    }
    if fmt.get(..4) != Some(b"fmt ") {
        return Err(Error::Malformed(ErrorKind::Dsf, "DSF fmt header not found"));
    }
    if u64_at(&fmt, 4) != 52 {
        return Err(Error::Malformed(
            ErrorKind::Dsf,
            "DSF dsd header size mismatch",
        ));
    }
    if u32_at(&fmt, 12) != 1 {
        return Err(Error::Malformed(
            ErrorKind::Dsf,
            "Unsupported format version",
        ));
    }
    if u32_at(&fmt, 16) != 0 {
        return Err(Error::Malformed(ErrorKind::Dsf, "Unsupported format ID"));
    }
    let data = src.read_at(80, 12)?;
    if data.len() != 12 {
        return Err(truncated());
    }
    if data.get(..4) != Some(b"data") {
        return Err(Error::Malformed(
            ErrorKind::Dsf,
            "DSF data header not found",
        ));
    }
    let data_size = u64_at(&data, 4);
    if data_size < 12 {
        return Err(Error::Malformed(
            ErrorKind::Dsf,
            "DSF data header size mismatch",
        ));
    }
    Ok(DsfInfo {
        total_size,
        metadata_offset,
        channel_type: u32_at(&fmt, 20),
        channels: u32_at(&fmt, 24),
        sample_rate: u32_at(&fmt, 28),
        bits_per_sample: u32_at(&fmt, 32),
        sample_count: u64_at(&fmt, 36),
        block_size_per_channel: u32_at(&fmt, 44),
        data_size,
    })
}

/// Read a DSF file as `mutagen.dsf.DSF(path, **options)` does: the three chunks, then the
/// ID3 tag where the `DSD ` chunk points (none where it points at 0).
pub fn read_with(src: &dyn Source, opts: &ReadOptions) -> Result<IffAudio> {
    let info = chunks(src)?;
    let tags = if info.metadata_offset == 0 {
        None
    } else {
        find_tag(src, info.metadata_offset, opts).map_err(|e| tag_error(e, ErrorKind::Dsf))?
    };
    Ok(IffAudio {
        tags,
        info: Info::Dsf(info),
    })
}

/// Where `_DSFID3` reads the tag: the offset the `DSD ` chunk gives, `None` for 0.
pub(super) fn tag_offset(src: &dyn Source) -> Result<Option<u64>> {
    Ok(Some(dsd_chunk(src)?.1).filter(|&o| o != 0))
}

/// Read a DSF file with the default options.
pub fn read(src: &dyn Source) -> Result<IffAudio> {
    read_with(src, &ReadOptions::default())
}
