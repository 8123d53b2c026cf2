//! The mp3 payload: the core's parsed result as plain Python data.
//!
//! A file payload is `(tags_payload_or_None, info_payload_or_None)`: the ID3 tag as
//! `crate::id3::tag_payload` gives it, and the MPEG stream info as a dict of `MPEGInfo`'s
//! attributes (`version` as a float, `bitrate_mode` as an int; the Python layer turns them into
//! mutagen's types).
//!
//! Also here: the Xing/Info, VBRI and LAME header readers and the frame sync finder, for
//! `mutagen_rs.mp3._util` and `iter_sync`, each on bytes the Python layer read from a file
//! object's current position.

use mutagen_core::detect::Kind;
use mutagen_core::id3::Id3Tag;
use mutagen_core::mp3::{self, Mp3File};
use mutagen_core::mpeg::constants::VBRI_OFFSET;
use mutagen_core::mpeg::lame::{LameHeader, LameVersion};
use mutagen_core::mpeg::vbri::{VbriHeader, VBRI_LEN};
use mutagen_core::mpeg::xing::XingHeader;
use mutagen_core::mpeg::{BitrateMode, FrameHeader, MpegInfo, MpegVersion};
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

/// A LAME version as `(major, minor, desc, has_header)`.
fn lame_version_payload<'py>(py: Python<'py>, v: &LameVersion) -> PyResult<Bound<'py, PyAny>> {
    (v.major, v.minor, &v.desc, v.has_header)
        .into_pyobject(py)
        .map(Bound::into_any)
}

/// An extended LAME header as a dict of `LAMEHeader`'s attribute names to values.
fn lame_header_payload<'py>(py: Python<'py>, h: &LameHeader) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("vbr_method", h.vbr_method)?;
    d.set_item("lowpass_filter", h.lowpass_filter)?;
    d.set_item("quality", h.quality)?;
    d.set_item("vbr_quality", h.vbr_quality)?;
    d.set_item("track_peak", h.track_peak)?;
    d.set_item("track_gain_adjustment", h.track_gain_adjustment)?;
    d.set_item("album_gain_adjustment", h.album_gain_adjustment)?;
    d.set_item("encoding_flags", h.encoding_flags)?;
    d.set_item("ath_type", h.ath_type)?;
    d.set_item("bitrate", h.bitrate)?;
    d.set_item("encoder_delay_start", h.encoder_delay_start)?;
    d.set_item("encoder_padding_end", h.encoder_padding_end)?;
    d.set_item("preset_used", h.preset_used)?;
    Ok(d)
}

/// Parse a Xing/Info header from the bytes at its start (`XingHeader`): a dict of its
/// attributes, with `lame_version` as `(major, minor, desc, has_header)` and `lame_header` as
/// a dict (each `None` when absent), or `None` where there is no valid header.
#[pyfunction]
fn parse_xing(py: Python<'_>, data: &[u8]) -> PyResult<Py<PyAny>> {
    let Some(x) = XingHeader::parse(data) else {
        return Ok(py.None());
    };
    let d = PyDict::new(py);
    d.set_item("frames", x.frames)?;
    d.set_item("bytes", x.bytes)?;
    d.set_item(
        "toc",
        x.toc.iter().map(|&b| i64::from(b)).collect::<Vec<_>>(),
    )?;
    d.set_item("vbr_scale", x.vbr_scale)?;
    d.set_item("is_info", x.is_info)?;
    let version = x
        .lame_version
        .as_ref()
        .map(|v| lame_version_payload(py, v))
        .transpose()?;
    d.set_item("lame_version", version)?;
    let header = x
        .lame_header
        .as_ref()
        .map(|h| lame_header_payload(py, h))
        .transpose()?;
    d.set_item("lame_header", header)?;
    d.set_item("encoder_settings", x.encoder_settings())?;
    Ok(d.into_any().unbind())
}

/// Parse a VBRI header (`VBRIHeader`) from the bytes at its start: a dict of its attributes,
/// the seek table as `toc`, or `None` where there is no valid header or the table is cut off.
#[pyfunction]
fn parse_vbri(py: Python<'_>, data: &[u8]) -> PyResult<Py<PyAny>> {
    let fixed = data.get(..VBRI_LEN).unwrap_or(data);
    let rest = data.get(VBRI_LEN..).unwrap_or(&[]);
    let Some(h) = VbriHeader::parse(fixed, rest.len() as u64) else {
        return Ok(py.None());
    };
    let Some(toc) = h.toc(rest) else {
        return Ok(py.None());
    };
    let d = PyDict::new(py);
    d.set_item("version", h.version)?;
    d.set_item("quality", h.quality)?;
    d.set_item("bytes", h.bytes)?;
    d.set_item("frames", h.frames)?;
    d.set_item("toc_scale_factor", h.toc_scale_factor)?;
    d.set_item("toc_frames", h.toc_frames)?;
    d.set_item("toc", toc)?;
    Ok(d.into_any().unbind())
}

/// Parse the 20-byte LAME version field: `(major, minor, desc, has_header)`, or `None`.
#[pyfunction]
fn parse_lame_version(py: Python<'_>, data: &[u8]) -> PyResult<Py<PyAny>> {
    match LameVersion::parse(data) {
        Some(v) => Ok(lame_version_payload(py, &v)?.unbind()),
        None => Ok(py.None()),
    }
}

/// Parse the 27-byte extended LAME header given the Xing VBR scale: a dict, or `None`.
#[pyfunction]
fn parse_lame_header(py: Python<'_>, data: &[u8], vbr_scale: i64) -> PyResult<Py<PyAny>> {
    match LameHeader::parse(data, vbr_scale) {
        Some(h) => Ok(lame_header_payload(py, &h)?.into_any().unbind()),
        None => Ok(py.None()),
    }
}

/// The encoder options a LAME header suggests, from its fields (as `LAMEHeader`'s attributes)
/// and the LAME version.
#[pyfunction]
#[allow(clippy::too_many_arguments)] // the header fields the guess reads
fn lame_guess_settings(
    vbr_method: u32,
    lowpass_filter: u32,
    quality: i64,
    vbr_quality: i64,
    encoding_flags: u32,
    ath_type: u32,
    bitrate: u32,
    preset_used: u32,
    major: u32,
    minor: u64,
) -> String {
    let h = LameHeader {
        vbr_method,
        lowpass_filter,
        quality,
        vbr_quality,
        track_peak: None,
        track_gain_adjustment: None,
        album_gain_adjustment: None,
        encoding_flags,
        ath_type,
        bitrate,
        encoder_delay_start: 0,
        encoder_padding_end: 0,
        preset_used,
    };
    h.guess_settings(major, minor)
}

/// Where the Xing/Info and VBRI headers are in a Layer III frame of the given MPEG version
/// (1, 2 or 2.5) and channel mode: `(xing_offset, vbri_offset)`.
#[pyfunction]
fn mpeg_vbr_offsets(version: f64, mode: u8) -> (u64, u64) {
    let version = if version == 1.0 {
        MpegVersion::V1
    } else if version == 2.0 {
        MpegVersion::V2
    } else {
        MpegVersion::V25
    };
    let header = FrameHeader {
        version,
        layer: 3,
        protected: false,
        bitrate: 0,
        sample_rate: 0,
        padding: false,
        mode,
    };
    (header.xing_offset(), VBRI_OFFSET)
}

/// The offsets in `data` where an MPEG frame sync (0xFF, then a byte with its top three bits
/// set) starts.
#[pyfunction]
fn mpeg_syncs(data: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = mutagen_core::util::scan::find_mpeg_sync(data, from) {
        out.push(at);
        from = at + 1;
    }
    out
}

/// Register this format's functions in the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(read_mp3, m)?)?;
    m.add_function(wrap_pyfunction!(read_mpeg_info, m)?)?;
    m.add_function(wrap_pyfunction!(parse_xing, m)?)?;
    m.add_function(wrap_pyfunction!(parse_vbri, m)?)?;
    m.add_function(wrap_pyfunction!(parse_lame_version, m)?)?;
    m.add_function(wrap_pyfunction!(parse_lame_header, m)?)?;
    m.add_function(wrap_pyfunction!(lame_guess_settings, m)?)?;
    m.add_function(wrap_pyfunction!(mpeg_vbr_offsets, m)?)?;
    m.add_function(wrap_pyfunction!(mpeg_syncs, m)?)?;
    Ok(())
}
