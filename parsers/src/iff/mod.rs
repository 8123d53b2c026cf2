//! Chunked files carrying an ID3 tag: AIFF and AIFF-C (`mutagen.aiff`), RIFF/WAVE
//! (`mutagen.wave`), DSF (`mutagen.dsf`) and DSDIFF (`mutagen.dsdiff`).
//!
//! AIFF, WAVE and DSDIFF are IFF files, walked by [`chunk`]; DSF has three fixed chunks and a
//! pointer to its tag. In each the ID3 tag is read by [`crate::id3`] at the offset the
//! container gives, as mutagen does: with the ID3v1 tag at the end of the file merged in (or
//! read alone where the chunk holds no ID3v2 header).
//!
//! The stream info keeps the fields as the file has them; mutagen's derived values (length,
//! bitrate) are given by methods computed as mutagen computes them.

pub mod aiff;
pub mod chunk;
pub mod dsdiff;
pub mod dsf;
pub mod wave;
pub mod write;

use crate::error::{ErrorKind, Result};
use crate::id3::{self, Id3Tag, ReadOptions};
use crate::source::Source;

/// A file of one of these formats: the stream info and the ID3 tag.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct IffAudio {
    /// The ID3 tag, `None` where the file has none.
    pub tags: Option<Id3Tag>,
    /// The stream info of the format.
    pub info: Info,
}

/// The stream info of each format.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum Info {
    /// `mutagen.aiff.AIFFInfo`.
    Aiff(aiff::AiffInfo),
    /// `mutagen.wave.WaveStreamInfo`.
    Wave(wave::WaveInfo),
    /// `mutagen.dsf.DSFInfo`.
    Dsf(dsf::DsfInfo),
    /// `mutagen.dsdiff.DSDIFFInfo`.
    Dsdiff(dsdiff::DsdiffInfo),
}

impl Info {
    /// Length in seconds, sample rate, channels, bitrate and bits per sample, as mutagen's
    /// attributes give them (the length 0 where mutagen's raises or is unset).
    #[must_use]
    pub fn numbers(&self) -> (f64, i128, u64, u64, Option<u64>) {
        match self {
            Info::Aiff(i) => (
                i.length(),
                i.bitrate(),
                i.sample_rate(),
                i.channels.max(0) as u64,
                Some(i.sample_size.max(0) as u64),
            ),
            Info::Wave(i) => (
                i.length(),
                i.bitrate().into(),
                i.sample_rate.into(),
                i.channels.into(),
                Some(i.bits_per_sample.into()),
            ),
            Info::Dsf(i) => (
                i.length().unwrap_or(0.0),
                i.bitrate(),
                i.sample_rate.into(),
                i.channels.into(),
                Some(i.bits_per_sample.into()),
            ),
            Info::Dsdiff(i) => (
                i.length(),
                i.bitrate() as i128,
                i.sample_rate.into(),
                i.channels.into(),
                Some(1),
            ),
        }
    }
}

/// Read the ID3 tag at `offset` as the format's ID3 class does: `None` where there is no
/// header (and no ID3v1 tag), the ID3 reader's error otherwise.
fn find_tag(src: &dyn Source, offset: u64, opts: &ReadOptions) -> Result<Option<Id3Tag>> {
    match id3::read_at_offset(src, offset, opts) {
        Ok(tag) => Ok(Some(tag)),
        Err(e) if e.kind() == ErrorKind::Id3NoHeader => Ok(None),
        Err(e) => Err(e),
    }
}

/// A failure of the ID3 reader as the file class raises it: mutagen re-raises an ID3 error as
/// the format's `error` (`kind`), while built-in errors escape as they are.
fn tag_error(e: crate::error::Error, kind: ErrorKind) -> crate::error::Error {
    if is_id3_error(e.kind()) {
        e.with_kind(kind)
    } else {
        e
    }
}

/// The ID3 tag alone, as the format's ID3 class (`_IFFID3`, `_WaveID3`, `_DSFID3`,
/// `_DSDIFFID3`) reads it: `None` where mutagen raises `ID3NoHeaderError` (no tag chunk, or
/// no tag in it), the ID3 reader's own errors as they are.
pub fn read_tag_only(
    kind: crate::detect::Kind,
    src: &dyn Source,
    opts: &ReadOptions,
) -> Result<Option<Id3Tag>> {
    use crate::detect::Kind;
    let offset = match kind {
        Kind::Aiff => aiff::tag_offset(src)?,
        Kind::Wave => wave::tag_offset(src)?,
        Kind::Dsf => dsf::tag_offset(src)?,
        Kind::Dsdiff => dsdiff::tag_offset(src)?,
        _ => None,
    };
    match offset {
        Some(offset) => find_tag(src, offset, opts),
        None => Ok(None),
    }
}

/// Whether `kind` is one of `mutagen.id3.error`'s classes.
fn is_id3_error(kind: ErrorKind) -> bool {
    matches!(
        kind,
        ErrorKind::Id3
            | ErrorKind::Id3NoHeader
            | ErrorKind::Id3UnsupportedVersion
            | ErrorKind::Id3EncryptionUnsupported
            | ErrorKind::Id3JunkFrame
            | ErrorKind::Id3BadUnsynchData
            | ErrorKind::Id3BadCompressedData
            | ErrorKind::Id3Tag
    )
}
