//! The mp3 payload: the core's parsed result as plain Python data.
//!
//! A file payload is `(tags_payload_or_None, info_payload_or_None)`: the ID3 tag as
//! `crate::id3::tag_payload` gives it, and the MPEG stream info as a dict of `MPEGInfo`'s
//! attributes (`version` as a float, `bitrate_mode` as an int; the Python layer turns them into
//! mutagen's types).

use mutagen_core::detect::Kind;
use mutagen_core::id3::Id3Tag;
use mutagen_core::mp3::{self, Mp3File};
use mutagen_core::mpeg::{BitrateMode, MpegInfo};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::{with_source, Input};

/// The stream info as a dict of `MPEGInfo` attribute names to values.
pub fn info_payload(py: Python<'_>, info: &MpegInfo) -> PyResult<Py<PyAny>> {
    let d = PyDict::new(py);
    d.set_item(intern!(py, "length"), info.length)?;
    d.set_item(intern!(py, "bitrate"), info.bitrate)?;
    d.set_item(intern!(py, "sample_rate"), info.sample_rate)?;
    d.set_item(intern!(py, "channels"), info.channels)?;
    d.set_item(intern!(py, "mode"), info.mode)?;
    d.set_item(intern!(py, "layer"), info.layer)?;
    d.set_item(intern!(py, "version"), info.version.as_f64())?;
    let mode = match info.bitrate_mode {
        BitrateMode::Unknown => 0,
        BitrateMode::Cbr => 1,
        BitrateMode::Vbr => 2,
        BitrateMode::Abr => 3,
    };
    d.set_item(intern!(py, "bitrate_mode"), mode)?;
    d.set_item(intern!(py, "encoder_info"), &info.encoder_info)?;
    d.set_item(intern!(py, "encoder_settings"), &info.encoder_settings)?;
    d.set_item(intern!(py, "track_gain"), info.track_gain)?;
    d.set_item(intern!(py, "track_peak"), info.track_peak)?;
    d.set_item(intern!(py, "album_gain"), info.album_gain)?;
    d.set_item(intern!(py, "sketchy"), info.sketchy)?;
    d.set_item(intern!(py, "protected"), info.protected)?;
    d.set_item(intern!(py, "padding"), info.padding)?;
    d.set_item(intern!(py, "frame_offset"), info.frame_offset)?;
    Ok(d.into_any().unbind())
}

/// Parse `input` and return its payload for the Python layer: `(tags, info)` for an MP3, and
/// `(tags, None)` for an `ID3FileType` (a file of unknown format with an ID3 tag).
pub fn payload(py: Python<'_>, input: &Input, kind: Kind) -> PyResult<Py<PyAny>> {
    if kind == Kind::Mp3 {
        let mut file = with_source(py, input, mp3::read)?;
        to_payload(py, &mut file)
    } else {
        let mut tags = with_source(py, input, mp3::read_tags)?;
        id3_file_payload(py, tags.as_mut())
    }
}

/// The payload of a parsed MP3 file: `(tags_or_None, info)`.
pub fn to_payload(py: Python<'_>, file: &mut Mp3File) -> PyResult<Py<PyAny>> {
    let tags = match &mut file.tags {
        Some(tag) => crate::id3::tag_payload(py, tag)?,
        None => py.None(),
    };
    let info = info_payload(py, &file.info)?;
    Ok((tags, info).into_pyobject(py)?.into_any().unbind())
}

/// The payload of an `ID3FileType`: `(tags_or_None, None)`.
pub fn id3_file_payload(py: Python<'_>, tags: Option<&mut Id3Tag>) -> PyResult<Py<PyAny>> {
    let tags = match tags {
        Some(tag) => crate::id3::tag_payload(py, tag)?,
        None => py.None(),
    };
    Ok((tags, py.None()).into_pyobject(py)?.into_any().unbind())
}

/// Read an MP3 file for `mutagen_rs.mp3.MP3`: `(tags_payload_or_None, info_payload)`.
#[pyfunction]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments as owned values
fn read_mp3(py: Python<'_>, input: Input) -> PyResult<Py<PyAny>> {
    payload(py, &input, Kind::Mp3)
}

/// Read only the MPEG stream info for `mutagen_rs.mp3.MPEGInfo`, searching from `offset` (from
/// the start, skipping ID3v2 headers, when `None`).
#[pyfunction]
#[pyo3(signature = (input, offset=None))]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments as owned values
fn read_mpeg_info(py: Python<'_>, input: Input, offset: Option<u64>) -> PyResult<Py<PyAny>> {
    let info = with_source(py, &input, |src| MpegInfo::read(src, offset))?;
    info_payload(py, &info)
}

/// Register this format's functions in the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(read_mp3, m)?)?;
    m.add_function(wrap_pyfunction!(read_mpeg_info, m)?)?;
    Ok(())
}
