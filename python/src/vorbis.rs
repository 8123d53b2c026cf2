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

/// Convert a core error from the Vorbis comment reader to what mutagen raises for it: an unset
/// framing bit becomes `VorbisUnsetFrameError`, a missing framing byte a bare `IndexError`
/// (as mutagen fails there), and everything else what [`crate::to_pyerr`] gives.
pub fn to_pyerr(py: Python<'_>, err: mutagen_core::Error) -> PyErr {
    use mutagen_core::vorbis::{MSG_NO_FRAMING_BYTE, MSG_UNSET_FRAMING};
    use mutagen_core::Error;
    match err {
        Error::Malformed(_, msg) if msg == MSG_NO_FRAMING_BYTE => {
            pyo3::exceptions::PyIndexError::new_err("bytearray index out of range")
        }
        Error::Malformed(_, msg) if msg == MSG_UNSET_FRAMING => {
            let made = py
                .import("mutagen_rs._vorbis")
                .and_then(|m| m.getattr("VorbisUnsetFrameError"))
                .and_then(|cls| cls.call1((msg,)));
            match made {
                Ok(exc) => PyErr::from_value(exc),
                Err(e) => e,
            }
        }
        other => crate::to_pyerr(py, other),
    }
}
