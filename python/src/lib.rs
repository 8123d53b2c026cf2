//! The native module `mutagen_rs._native`: a thin PyO3 layer over `mutagen_core`.
//!
//! Each format has one file here that turns the core's parsed result into plain Python data
//! (tuples, lists, dicts, bytes); the pure-Python package `mutagen_rs` builds mutagen's classes
//! from that data. Parsing runs with the GIL released, and no panic crosses into Python.

use std::path::PathBuf;

use mutagen_core::detect::{self, Kind};
use mutagen_core::source::{FileSource, SliceSource, Source};
use pyo3::prelude::*;

mod error;
mod flac;
mod id3;
mod mp3;
mod mp4;
mod ogg;
mod vorbis;

pub use error::to_pyerr;

/// Where a Python caller's bytes come from: a path, or bytes already read from a file object.
#[derive(FromPyObject)]
pub enum Input {
    /// Raw bytes (a file object's contents).
    Bytes(Vec<u8>),
    /// A filesystem path (`str` or `os.PathLike`).
    Path(PathBuf),
}

/// Run `f` over a source for `input`, with the GIL released and panics caught.
pub fn with_source<T: Send>(
    py: Python<'_>,
    input: &Input,
    f: impl Fn(&dyn Source) -> mutagen_core::Result<T> + Send + Sync,
) -> PyResult<T> {
    let result = py.detach(|| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match input {
            Input::Bytes(b) => f(&SliceSource::new(b)),
            Input::Path(p) => FileSource::open(p).and_then(|s| f(&s)),
        }))
    });
    match result {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(to_pyerr(py, e)),
        Err(_) => Err(error::panic_error(py)),
    }
}

/// The class name `mutagen.File` would pick for a file, from its name, head and tail.
#[pyfunction]
fn guess_kind(name: &str, header: &[u8], tail: Option<&[u8]>) -> Option<&'static str> {
    detect::guess(name, header, tail).map(Kind::class_name)
}

/// Detect a file's kind and parse it in one pass: `(class_name, payload)`, or `None` when no
/// kind scores. The payload is `None` for kinds this package does not read. With `options`
/// (mutagen class names), only those kinds are scored.
#[pyfunction]
#[pyo3(signature = (name, input, options=None))]
fn open_file(
    py: Python<'_>,
    name: &str,
    input: Input,
    options: Option<Vec<String>>,
) -> PyResult<Option<(&'static str, Py<PyAny>)>> {
    let kinds: Vec<Kind> = match &options {
        Some(names) => names
            .iter()
            .filter_map(|n| Kind::from_class_name(n))
            .collect(),
        None => detect::ALL_KINDS.to_vec(),
    };
    let kind = with_source(py, &input, |src| {
        let header = src.read_at(0, detect::HEADER_LEN)?;
        let tail_off = src.len().saturating_sub(detect::TAIL_LEN as u64);
        let tail = src.read_at(tail_off, detect::TAIL_LEN)?;
        Ok(detect::guess_among(&kinds, name, &header, Some(&tail)))
    })?;
    let Some(kind) = kind else { return Ok(None) };
    let payload = match kind {
        Kind::Mp3 | Kind::Id3FileType => mp3::payload(py, &input, kind)?,
        Kind::Flac => flac::payload(py, &input)?,
        Kind::OggVorbis | Kind::OggOpus | Kind::OggFlac | Kind::OggSpeex | Kind::OggTheora => {
            ogg::payload(py, &input, kind)?
        }
        Kind::Mp4 => mp4::payload(py, &input)?,
        _ => py.None(),
    };
    Ok(Some((kind.class_name(), payload)))
}

/// The native module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(guess_kind, m)?)?;
    m.add_function(wrap_pyfunction!(open_file, m)?)?;
    id3::register(m)?;
    mp3::register(m)?;
    flac::register(m)?;
    ogg::register(m)?;
    mp4::register(m)?;
    Ok(())
}
