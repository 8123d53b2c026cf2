//! APEv2 tags and the formats that carry them (WavPack, Monkey's Audio, Musepack, TAK,
//! OptimFROG, files known only by the tag), and True Audio.
//!
//! Payloads: a tag is a list of `(key, kind, value)` (the value a `str` for text and external
//! values, `bytes` for binary ones), in the order of the tag's dict; a file is
//! `(info, tags_or_None)`, `info` a dict of the info class's attributes (`None` for
//! `APEv2File`). True Audio is `(id3_tags_or_None, info)`, as the ID3 file types.

use mutagen_core::apev2::{self, ApeTag, ApeValue};
use mutagen_core::file::AudioFile;
use mutagen_core::source::Source;
use mutagen_core::{monkeysaudio, musepack, optimfrog, tak, trueaudio, wavpack};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

use crate::{with_source, Input};

/// The payload of a tag: `[(key, kind, value), ...]`.
pub fn tag_payload(py: Python<'_>, tag: &ApeTag) -> PyResult<Py<PyAny>> {
    let list = pyo3::types::PyList::empty(py);
    for item in &tag.items {
        let value: Bound<'_, PyAny> = match &item.value {
            ApeValue::Text(t) | ApeValue::External(t) => t.into_pyobject(py)?.into_any(),
            ApeValue::Binary(b) => PyBytes::new(py, b).into_any(),
            _ => py.None().into_bound(py),
        };
        list.append((crate::key_str(py, &item.key), item.value.kind(), value))?;
    }
    Ok(list.into_any().unbind())
}

fn tags_or_none(py: Python<'_>, tag: Option<&ApeTag>) -> PyResult<Py<PyAny>> {
    match tag {
        Some(t) => tag_payload(py, t),
        None => Ok(py.None()),
    }
}

fn wavpack_info<'py>(py: Python<'py>, i: &wavpack::WavPackInfo) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("version", i.version)?;
    // mutagen computes `bool(flags & 4) or 2`: `True` for mono.
    if i.channels == 1 {
        d.set_item("channels", true)?;
    } else {
        d.set_item("channels", i.channels)?;
    }
    d.set_item("sample_rate", i.sample_rate)?;
    d.set_item("bits_per_sample", i.bits_per_sample)?;
    d.set_item("length", i.length)?;
    Ok(d)
}

fn monkeysaudio_info<'py>(
    py: Python<'py>,
    i: &monkeysaudio::MonkeysAudioInfo,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("version", i.version)?;
    d.set_item("channels", i.channels)?;
    d.set_item("sample_rate", i.sample_rate)?;
    d.set_item("bits_per_sample", i.bits_per_sample)?;
    d.set_item("length", i.length)?;
    Ok(d)
}

fn musepack_info<'py>(py: Python<'py>, i: &musepack::MusepackInfo) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("version", i.version)?;
    d.set_item("channels", i.channels)?;
    d.set_item("sample_rate", i.sample_rate)?;
    d.set_item("bitrate", i.bitrate)?;
    d.set_item("length", i.length)?;
    if let Some(s) = i.samples {
        d.set_item("samples", s)?;
    }
    for (name, v) in i.gains() {
        if let Some(v) = v {
            d.set_item(name, v)?;
        }
    }
    Ok(d)
}

fn tak_info<'py>(py: Python<'py>, i: &tak::TakInfo) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("channels", i.channels)?;
    d.set_item("sample_rate", i.sample_rate)?;
    d.set_item("bits_per_sample", i.bits_per_sample)?;
    d.set_item("number_of_samples", i.number_of_samples)?;
    d.set_item("length", i.length)?;
    d.set_item("encoder_info", &i.encoder_info)?;
    Ok(d)
}

fn optimfrog_info<'py>(
    py: Python<'py>,
    i: &optimfrog::OptimFrogInfo,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("channels", i.channels)?;
    d.set_item("sample_rate", i.sample_rate)?;
    d.set_item("bits_per_sample", i.bits_per_sample)?;
    d.set_item("length", i.length)?;
    d.set_item("encoder_info", &i.encoder_info)?;
    Ok(d)
}

/// The info dict of a True Audio stream.
pub fn trueaudio_info<'py>(
    py: Python<'py>,
    i: &trueaudio::TrueAudioInfo,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("sample_rate", i.sample_rate)?;
    d.set_item("length", i.length)?;
    Ok(d)
}

/// The payload of a file of one of these formats, `None` for other formats.
pub fn to_payload(py: Python<'_>, file: &mut AudioFile) -> PyResult<Option<Py<PyAny>>> {
    let pair = |info: Bound<'_, PyAny>, tags: Option<&ApeTag>| -> PyResult<Py<PyAny>> {
        let tags = tags_or_none(py, tags)?;
        Ok((info, tags).into_pyobject(py)?.into_any().unbind())
    };
    let out = match file {
        AudioFile::ApeV2(f) => pair(py.None().into_bound(py), f.tags.as_ref())?,
        AudioFile::WavPack(f) => pair(wavpack_info(py, &f.info)?.into_any(), f.tags.as_ref())?,
        AudioFile::MonkeysAudio(f) => {
            pair(monkeysaudio_info(py, &f.info)?.into_any(), f.tags.as_ref())?
        }
        AudioFile::Musepack(f) => pair(musepack_info(py, &f.info)?.into_any(), f.tags.as_ref())?,
        AudioFile::Tak(f) => pair(tak_info(py, &f.info)?.into_any(), f.tags.as_ref())?,
        AudioFile::OptimFrog(f) => pair(optimfrog_info(py, &f.info)?.into_any(), f.tags.as_ref())?,
        AudioFile::TrueAudio(f) => {
            let tags = match &mut f.tags {
                Some(tag) => crate::id3::tag_payload(py, tag)?,
                None => py.None(),
            };
            let info = trueaudio_info(py, &f.info)?;
            (tags, info).into_pyobject(py)?.into_any().unbind()
        }
        _ => return Ok(None),
    };
    Ok(Some(out))
}

/// Read the APEv2 tag of a file for `mutagen_rs.apev2.APEv2`: `[(key, kind, value), ...]`.
/// Raises `APENoHeaderError` where the file has none.
#[pyfunction]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments as owned values
fn read_apev2(py: Python<'_>, input: Input) -> PyResult<Py<PyAny>> {
    let tag = with_source(py, &input, apev2::read)?;
    tag_payload(py, &tag)
}

/// Read a file as one of the APEv2-tagged classes (`kind`: `"APEv2File"`, `"WavPack"`,
/// `"MonkeysAudio"`, `"Musepack"`, `"TAK"`, `"OptimFROG"`, `"TrueAudio"`): its payload.
#[pyfunction]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments as owned values
fn read_ape_family(py: Python<'_>, kind: &str, input: Input) -> PyResult<Py<PyAny>> {
    let Some(kind) = mutagen_core::detect::Kind::from_class_name(kind) else {
        return Err(pyo3::exceptions::PyValueError::new_err("unknown kind"));
    };
    let read = move |src: &dyn Source| mutagen_core::file::read_kind(kind, src);
    let detected = with_source(py, &input, read)?;
    match detected {
        mutagen_core::Detected::Read(_, mut file) => to_payload(py, &mut file)?
            .ok_or_else(|| pyo3::exceptions::PyValueError::new_err("not an APEv2-tagged kind")),
        _ => Err(pyo3::exceptions::PyValueError::new_err(
            "not an APEv2-tagged kind",
        )),
    }
}

/// Read the True Audio stream info at `offset` (the end of the ID3 tag; the start when
/// `None`): the info dict.
#[pyfunction]
#[pyo3(signature = (input, offset=None))]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments as owned values
fn read_trueaudio_info(py: Python<'_>, input: Input, offset: Option<u64>) -> PyResult<Py<PyAny>> {
    let info = with_source(py, &input, |src| {
        trueaudio::read_info(src, offset.unwrap_or(0))
    })?;
    Ok(trueaudio_info(py, &info)?.into_any().unbind())
}

/// Register the functions of this file.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(read_apev2, m)?)?;
    m.add_function(wrap_pyfunction!(read_ape_family, m)?)?;
    m.add_function(wrap_pyfunction!(read_trueaudio_info, m)?)?;
    Ok(())
}
