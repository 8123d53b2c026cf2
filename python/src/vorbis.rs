//! The Vorbis comment payload, shared by FLAC and the Ogg codecs.

use mutagen_core::vorbis::VorbisComment;
use pyo3::prelude::*;

/// The payload `mutagen_rs._vorbis.VCommentDict._from_payload` builds a tags object from.
pub fn comment_payload(py: Python<'_>, comment: &VorbisComment) -> PyResult<Py<PyAny>> {
    let _ = comment;
    Ok(py.None())
}
