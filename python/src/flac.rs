//! The flac payload: the core's parsed result as plain Python data.

use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::vorbis::comment_payload;
use crate::Input;

/// Parse `input` and return its payload for the Python layer.
pub fn payload(py: Python<'_>, input: &Input) -> PyResult<Py<PyAny>> {
    let _ = (py, input);
    Err(pyo3::exceptions::PyNotImplementedError::new_err(
        "flac is not wired yet",
    ))
}

/// Parse a Vorbis comment block held in `data`, as `VComment(data, framing=framing)` does:
/// `(vendor, [(key, value), ...], size)`, where `size` is how many bytes the block took.
#[pyfunction]
fn parse_vorbis_comment(
    py: Python<'_>,
    data: Bound<'_, PyBytes>,
    framing: bool,
) -> PyResult<Py<PyAny>> {
    let bytes = data.as_bytes();
    let parsed =
        mutagen_core::vorbis::parse(bytes, framing).map_err(|e| crate::vorbis::to_pyerr(py, e))?;
    let base = comment_payload(py, &parsed)?;
    let base = base.bind(py);
    let out = (base.get_item(0)?, base.get_item(1)?, parsed.size).into_pyobject(py)?;
    Ok(out.into_any().unbind())
}

/// Register this format's functions in the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(parse_vorbis_comment, m)?)?;
    Ok(())
}
