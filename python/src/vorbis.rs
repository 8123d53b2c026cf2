//! The Vorbis comment payload, shared by FLAC and the Ogg codecs.

use mutagen_core::vorbis::VorbisComment;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};

/// The payload `mutagen_rs._vorbis.VCommentDict._from_payload` builds a tags object from:
/// `(vendor: str, [(key: str, value: str), ...])`, the comments in file order.
pub fn comment_payload(py: Python<'_>, comment: &VorbisComment) -> PyResult<Py<PyAny>> {
    let items = comment
        .comments
        .iter()
        .map(|(k, v)| PyTuple::new(py, [k.as_str(), v.as_str()]))
        .collect::<PyResult<Vec<_>>>()?;
    let list = PyList::new(py, items)?;
    let out = PyTuple::new(
        py,
        [
            comment.vendor.as_str().into_pyobject(py)?.into_any(),
            list.into_any(),
        ],
    )?;
    Ok(out.into_any().unbind())
}
