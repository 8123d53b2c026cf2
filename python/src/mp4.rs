//! The mp4 payload: the core's parsed result as plain Python data.
//!
//! The payload is `(info, tags, chapters)`:
//! - `info`: `(length, bitrate, channels, sample_rate, bits_per_sample, codec,
//!   codec_description)`, where `length` is a float, or the int 0 for a zero timescale;
//! - `tags`: `None`, or `(padding, items)`: the size of the `free` atom mutagen would reuse and
//!   a list of `(key, value)` in mutagen's key order, where `value` is a bool or a list of items: `str`, `int`, `(number, total)`, `("covr", bytes, format,
//!   default_format)` or `("----", bytes, dataformat, version)`;
//! - `chapters`: `None`, or a list of `(start, title)`.

use mutagen_core::mp4::{self, Item, Length, Mp4File, Value};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyTuple};

use crate::Input;

/// Parse `input`.
fn parse(py: Python<'_>, input: &Input) -> PyResult<Mp4File> {
    crate::with_source(py, input, mp4::read)
}

fn item_to_py(py: Python<'_>, item: &Item) -> PyResult<Py<PyAny>> {
    Ok(match item {
        Item::Text(s) => s.into_pyobject(py)?.into_any().unbind(),
        Item::Int(n) => n.into_pyobject(py)?.into_any().unbind(),
        Item::Pair(a, b) => (*a, *b).into_pyobject(py)?.into_any().unbind(),
        Item::Cover {
            data,
            format,
            default_format,
        } => ("covr", PyBytes::new(py, data), *format, *default_format)
            .into_pyobject(py)?
            .into_any()
            .unbind(),
        Item::FreeForm {
            data,
            dataformat,
            version,
        } => ("----", PyBytes::new(py, data), *dataformat, *version)
            .into_pyobject(py)?
            .into_any()
            .unbind(),
    })
}

/// The payload of a parsed MP4 file (see the module documentation).
pub fn to_payload(py: Python<'_>, file: &Mp4File) -> PyResult<Py<PyAny>> {
    let info = &file.info;
    let length = match info.length {
        Length::Seconds(s) => s.into_pyobject(py)?.into_any(),
        Length::IntZero => 0i64.into_pyobject(py)?.into_any(),
    };
    let info_t = PyTuple::new(
        py,
        [
            length,
            info.bitrate.into_pyobject(py)?.into_any(),
            info.channels.into_pyobject(py)?.into_any(),
            info.sample_rate.into_pyobject(py)?.into_any(),
            info.bits_per_sample.into_pyobject(py)?.into_any(),
            info.codec.as_str().into_pyobject(py)?.into_any(),
            info.codec_description
                .as_str()
                .into_pyobject(py)?
                .into_any(),
        ],
    )?;

    let tags: Py<PyAny> = match &file.tags {
        None => py.None(),
        Some(tags) => {
            let list = PyList::empty(py);
            for (key, value) in tags.items() {
                let value: Py<PyAny> = match value {
                    Value::Bool(b) => pyo3::types::PyBool::new(py, *b)
                        .to_owned()
                        .into_any()
                        .unbind(),
                    Value::List(items) => {
                        let l = PyList::empty(py);
                        for item in items {
                            l.append(item_to_py(py, item)?)?;
                        }
                        l.into_any().unbind()
                    }
                };
                list.append((crate::key_str(py, key.as_str()), value))?;
            }
            (tags.padding, list).into_pyobject(py)?.into_any().unbind()
        }
    };

    let chapters: Py<PyAny> = match &file.chapters {
        None => py.None(),
        Some(chapters) => {
            let list = PyList::empty(py);
            for c in chapters {
                list.append((c.start, c.title.as_str()))?;
            }
            list.into_any().unbind()
        }
    };
    Ok((info_t, tags, chapters)
        .into_pyobject(py)?
        .into_any()
        .unbind())
}

/// Parse `input` and return its payload for the Python layer.
pub fn payload(py: Python<'_>, input: &Input) -> PyResult<Py<PyAny>> {
    let file = parse(py, input)?;
    to_payload(py, &file)
}

/// Read an MP4 file: its payload (see the module documentation).
#[pyfunction]
#[allow(clippy::needless_pass_by_value)]
fn read_mp4(py: Python<'_>, input: Input) -> PyResult<Py<PyAny>> {
    payload(py, &input)
}

/// Register this format's functions in the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(read_mp4, m)?)?;
    Ok(())
}
