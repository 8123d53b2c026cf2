//! The payload of AIFF, WAVE, DSF and DSDIFF files: `(tags_or_None, info)`, the ID3 tag as
//! `crate::id3::tag_payload` gives it and the stream info as a dict of the fields the file
//! holds. The Python layer derives mutagen's attributes from them with mutagen's arithmetic.

use mutagen_core::detect::Kind;
use mutagen_core::id3::ReadOptions;
use mutagen_core::iff::{self, dsdiff::Sound, IffAudio, Info};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::{with_source, Input};

/// The stream info fields as a dict.
fn info_payload<'py>(py: Python<'py>, info: &Info) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    match info {
        Info::Aiff(i) => {
            d.set_item("channels", i.channels)?;
            d.set_item("frame_count", i.frame_count)?;
            d.set_item("sample_size", i.sample_size)?;
            d.set_item("sample_rate_value", i.sample_rate_value)?;
        }
        Info::Wave(i) => {
            d.set_item("audio_format", i.audio_format)?;
            d.set_item("channels", i.channels)?;
            d.set_item("sample_rate", i.sample_rate)?;
            d.set_item("byte_rate", i.byte_rate)?;
            d.set_item("block_align", i.block_align)?;
            d.set_item("bits_per_sample", i.bits_per_sample)?;
            d.set_item("data_size", i.data_size)?;
        }
        Info::Dsf(i) => {
            d.set_item("total_size", i.total_size)?;
            d.set_item("offset_metdata_chunk", i.metadata_offset)?;
            d.set_item("channel_type", i.channel_type)?;
            d.set_item("channel_num", i.channels)?;
            d.set_item("sampling_frequency", i.sample_rate)?;
            d.set_item("bits_per_sample", i.bits_per_sample)?;
            d.set_item("sample_count", i.sample_count)?;
            d.set_item("data_size", i.data_size)?;
        }
        Info::Dsdiff(i) => {
            d.set_item("channels", i.channels)?;
            d.set_item("sample_rate", i.sample_rate)?;
            d.set_item("compression", i.compression.as_deref())?;
            match i.sound {
                Sound::Dsd { data_size } => d.set_item("dsd_data_size", data_size)?,
                Sound::Dst { frames, data_size } => {
                    d.set_item("dst_frames", frames)?;
                    d.set_item("dst_data_size", data_size)?;
                }
                _ => {}
            }
        }
        _ => {}
    }
    Ok(d)
}

/// The payload of a parsed file: `(tags_or_None, info)`, each frame built as the class
/// `classes` gives for its ID (mutagen's `known_frames`).
pub fn to_payload(
    py: Python<'_>,
    file: &mut IffAudio,
    classes: Option<&Bound<'_, PyDict>>,
) -> PyResult<Py<PyAny>> {
    let tags = match &mut file.tags {
        Some(tag) => crate::id3::tag_payload_with(py, tag, classes)?,
        None => py.None(),
    };
    let info = info_payload(py, &file.info)?;
    Ok((tags, info).into_pyobject(py)?.into_any().unbind())
}

/// `ID3.load`'s options as core read options.
fn options(
    translate: bool,
    v2_version: u8,
    load_v1: bool,
    known_frames: Option<&Bound<'_, PyDict>>,
) -> PyResult<ReadOptions> {
    let mut opts = ReadOptions::default();
    opts.translate = translate;
    opts.v2_version = v2_version;
    opts.load_v1 = load_v1;
    opts.known = known_frames.map(crate::id3::known_ids).transpose()?;
    Ok(opts)
}

/// Read only the ID3 tag of an AIFF, WAVE, DSF or DSDIFF file (`kind` as for `read_iff`), as
/// the format's ID3 class does: the tag payload, or `None` where mutagen raises
/// `ID3NoHeaderError`.
#[pyfunction]
#[pyo3(signature = (kind, input, translate=true, v2_version=4, load_v1=true, known_frames=None))]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments as owned values
fn read_iff_id3(
    py: Python<'_>,
    kind: &str,
    input: Input,
    translate: bool,
    v2_version: u8,
    load_v1: bool,
    known_frames: Option<Bound<'_, PyDict>>,
) -> PyResult<Py<PyAny>> {
    let opts = options(translate, v2_version, load_v1, known_frames.as_ref())?;
    let kind = Kind::from_class_name(kind)
        .ok_or_else(|| pyo3::exceptions::PyValueError::new_err("not an IFF kind"))?;
    let tag = with_source(py, &input, |src| iff::read_tag_only(kind, src, &opts))?;
    match tag {
        Some(mut tag) => crate::id3::tag_payload_with(py, &mut tag, known_frames.as_ref()),
        None => Ok(py.None()),
    }
}

/// Read an AIFF (`"AIFF"`), WAVE (`"WAVE"`), DSF (`"DSF"`) or DSDIFF (`"DSDIFF"`) file with
/// `ID3.load`'s options for its tag: `(tags_payload_or_None, info)`.
#[pyfunction]
#[pyo3(signature = (kind, input, translate=true, v2_version=4, load_v1=true, known_frames=None))]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments as owned values
fn read_iff(
    py: Python<'_>,
    kind: &str,
    input: Input,
    translate: bool,
    v2_version: u8,
    load_v1: bool,
    known_frames: Option<Bound<'_, PyDict>>,
) -> PyResult<Py<PyAny>> {
    let opts = options(translate, v2_version, load_v1, known_frames.as_ref())?;
    let read = match kind {
        "AIFF" => iff::aiff::read_with,
        "WAVE" => iff::wave::read_with,
        "DSF" => iff::dsf::read_with,
        "DSDIFF" => iff::dsdiff::read_with,
        _ => return Err(pyo3::exceptions::PyValueError::new_err("not an IFF kind")),
    };
    let mut file = with_source(py, &input, |src| read(src, &opts))?;
    to_payload(py, &mut file, known_frames.as_ref())
}

/// Register the functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(read_iff, m)?)?;
    m.add_function(wrap_pyfunction!(read_iff_id3, m)?)?;
    Ok(())
}
