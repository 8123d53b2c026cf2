//! The ID3 payload: an `Id3Tag` as plain Python data for `mutagen_rs.id3.ID3`.

use mutagen_core::id3::Id3Tag;
use pyo3::prelude::*;

/// The payload `mutagen_rs.id3.ID3._from_payload` builds an `ID3` object from.
pub fn tag_payload(py: Python<'_>, tag: &Id3Tag) -> PyResult<Py<PyAny>> {
    let _ = tag;
    Ok(py.None())
}

/// Register this format's functions in the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let _ = m;
    Ok(())
}
