//! `_native.read_plain` and `_native.read_plain_batch`: one file as a plain dict of its kind,
//! main info numbers and text tags, the same shape as the C extension `mutagen_rs_c` returns,
//! so that the two bindings can be measured against each other doing the same work.
//!
//! The dict: `"kind"` (mutagen's class name), `"length"`, `"bitrate"`, `"sample_rate"`,
//! `"channels"` (`None` where mutagen's info object has no such attribute) and `"tags"`
//! (`{key: [text values]}`, or `None` without a tag object). ID3 keys are hash keys with the text
//! list of text frames (empty for other frames); Vorbis keys are lowercased with their values
//! grouped in file order; MP4 keys carry their text items (empty for other values).

use std::path::PathBuf;

use mutagen_core::file::{self, Detected};
use mutagen_core::summary::{summarize, Summary};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::{error, key_str, to_pyerr, with_source, Input};

/// A parsed file reduced to what its dict holds (`mutagen_core::summary`). The batch reduces
/// each file in its worker thread, so that the bulky parts of the parse (pictures, binary
/// frames) are freed there, in parallel and without the GIL, and only text waits for conversion.
struct Flat {
    kind: &'static str,
    summary: Summary,
}

/// Reduce a parsed file to a [`Flat`] (`None` when the dict would be `None`).
fn flatten(detected: Detected) -> Option<Flat> {
    let Detected::Read(kind, audio) = detected else {
        return None;
    };
    Some(Flat {
        kind: kind.class_name(),
        summary: summarize(audio),
    })
}

/// The dict of a [`Flat`].
fn flat_to_dict(py: Python<'_>, flat: Option<&Flat>) -> PyResult<Py<PyAny>> {
    let Some(flat) = flat else {
        return Ok(py.None());
    };
    let tags = match &flat.summary.tags {
        Some(entries) => {
            let d = PyDict::new(py);
            for (key, values) in entries {
                d.set_item(key_str(py, key), PyList::new(py, values)?)?;
            }
            Some(d)
        }
        None => None,
    };
    let n = &flat.summary.numbers;
    let d = PyDict::new(py);
    d.set_item(intern!(py, "kind"), flat.kind)?;
    d.set_item(intern!(py, "length"), n.length)?;
    d.set_item(intern!(py, "bitrate"), n.bitrate)?;
    d.set_item(intern!(py, "sample_rate"), n.sample_rate)?;
    d.set_item(intern!(py, "channels"), n.channels)?;
    d.set_item(intern!(py, "tags"), tags)?;
    Ok(d.into_any().unbind())
}

/// Read one file as a plain dict (see the module docs), or `None` when no supported kind
/// matches; raises mutagen's exception class on failure.
#[pyfunction]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments as owned values
fn read_plain(py: Python<'_>, path: PathBuf) -> PyResult<Py<PyAny>> {
    let name = path.to_string_lossy().into_owned();
    let flat = with_source(py, &Input::Path(path), |src| {
        file::read(&name, src).map(flatten)
    })?;
    flat_to_dict(py, flat.as_ref())
}

/// Read many files in parallel on `threads` threads (`mutagen_core::batch`: all cores when
/// `None` or 0) with the GIL
/// released, each reduced to its text in its worker thread, then convert them all: a list
/// aligned with `paths` of dicts, `None`s and exception instances.
#[pyfunction]
#[pyo3(signature = (paths, threads=None))]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments as owned values
fn read_plain_batch(
    py: Python<'_>,
    paths: Vec<PathBuf>,
    threads: Option<usize>,
) -> PyResult<Py<PyList>> {
    let results = py
        .detach(|| mutagen_core::batch::map(&paths, threads, |p| file::read_path(p).map(flatten)));
    let out = PyList::empty(py);
    for result in results {
        let item = match result {
            Ok(Ok(flat)) => {
                flat_to_dict(py, flat.as_ref()).unwrap_or_else(|e| e.into_value(py).into_any())
            }
            Ok(Err(e)) => to_pyerr(py, e).into_value(py).into_any(),
            Err(_) => error::panic_error(py).into_value(py).into_any(),
        };
        out.append(item)?;
    }
    Ok(out.unbind())
}

/// Register `read_plain` and `read_plain_batch` in the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(read_plain, m)?)?;
    m.add_function(wrap_pyfunction!(read_plain_batch, m)?)?;
    Ok(())
}
