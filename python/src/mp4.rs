//! The mp4 payload: the core's parsed result as plain Python data.

use pyo3::prelude::*;

use crate::Input;

/// Parse `input` and return its payload for the Python layer.
pub fn payload(py: Python<'_>, input: &Input) -> PyResult<Py<PyAny>> {
    let _ = (py, input);
    Err(pyo3::exceptions::PyNotImplementedError::new_err(
        "mp4 is not wired yet",
    ))
}

/// Register this format's functions in the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let _ = m;
    Ok(())
}
