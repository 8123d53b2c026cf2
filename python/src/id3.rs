//! The ID3 payload: an `Id3Tag` as plain Python data for `mutagen_rs.id3.ID3`.
//!
//! The payload is `(version, size, flags, frames, unknown_frames, unknown_version)`:
//! `version` is `(2, major, rev)` or `(1, 1)` for a tag read from ID3v1 alone, `size` is
//! mutagen's `ID3.size` (0 without an ID3v2 header), `flags` the header flags, and `frames` a
//! list of `(hash_key, frame_id, fields)` in dictionary order, `fields` holding the values in
//! the frame class's spec order. Embedded frames (CHAP, CTOC) are `(frames, unknown_frames,
//! unknown_version)` triples.

use mutagen_core::id3::{self, Id3Tag, Tags, Value};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyTuple};

use crate::Input;

fn value(py: Python<'_>, v: &Value) -> PyResult<Py<PyAny>> {
    Ok(match v {
        Value::Int(i) => i.into_pyobject(py)?.into_any().unbind(),
        Value::BigInt(b) => {
            let int = py.get_type::<pyo3::types::PyInt>();
            int.call_method1("from_bytes", (PyBytes::new(py, b), "big"))?
                .unbind()
        }
        Value::Float(f) => f.into_pyobject(py)?.into_any().unbind(),
        Value::Text(s) => s.into_pyobject(py)?.into_any().unbind(),
        Value::Bytes(b) => PyBytes::new(py, b).into_any().unbind(),
        Value::TextList(v) => PyList::new(py, v)?.into_any().unbind(),
        Value::People(v) => PyList::new(
            py,
            v.iter()
                .map(|(a, b)| PyList::new(py, [a, b]))
                .collect::<PyResult<Vec<_>>>()?,
        )?
        .into_any()
        .unbind(),
        Value::SyncText(v) => PyList::new(py, v)?.into_any().unbind(),
        Value::Events(v) => PyList::new(py, v)?.into_any().unbind(),
        Value::Adjustments(v) => PyList::new(py, v)?.into_any().unbind(),
        Value::IntList(v) => PyList::new(py, v)?.into_any().unbind(),
        Value::Frames(t) => frames_payload(py, t)?,
        _ => py.None(),
    })
}

fn frames_payload(py: Python<'_>, tags: &Tags) -> PyResult<Py<PyAny>> {
    let frames = PyList::empty(py);
    for (key, frame) in tags.iter() {
        let fields = PyTuple::new(
            py,
            frame
                .fields
                .iter()
                .map(|v| value(py, v))
                .collect::<PyResult<Vec<_>>>()?,
        )?;
        frames.append((
            crate::key_str(py, key),
            crate::key_str(py, frame.id()),
            fields,
        ))?;
    }
    let unknown = PyList::new(py, tags.unknown_frames.iter().map(|b| PyBytes::new(py, b)))?;
    Ok((frames, unknown, tags.unknown_version)
        .into_pyobject(py)?
        .into_any()
        .unbind())
}

/// The payload `mutagen_rs.id3.ID3._from_payload` builds an `ID3` object from.
pub fn tag_payload(py: Python<'_>, tag: &Id3Tag) -> PyResult<Py<PyAny>> {
    let version = if tag.has_v2_header {
        PyTuple::new(py, [tag.version.0, tag.version.1, tag.version.2])?
    } else {
        PyTuple::new(py, [1u8, 1])?
    };
    let frames = frames_payload(py, &tag.frames)?;
    let frames = frames.bind(py);
    Ok((
        version,
        tag.size.unwrap_or(0),
        tag.flags,
        frames.get_item(0)?,
        frames.get_item(1)?,
        frames.get_item(2)?,
    )
        .into_pyobject(py)?
        .into_any()
        .unbind())
}

/// Read the ID3 tag of a file: the payload of `ID3(path)`.
#[pyfunction]
#[allow(clippy::needless_pass_by_value)] // pyo3 extracts arguments by value
fn read_id3(py: Python<'_>, input: Input) -> PyResult<Py<PyAny>> {
    let tag = crate::with_source(py, &input, id3::read)?;
    tag_payload(py, &tag)
}

/// The ID3v1 genre names, for `TCON.GENRES`.
#[pyfunction]
fn id3_genres() -> Vec<&'static str> {
    id3::genres::GENRES.to_vec()
}

/// Register this format's functions in the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(read_id3, m)?)?;
    m.add_function(wrap_pyfunction!(id3_genres, m)?)?;
    Ok(())
}
