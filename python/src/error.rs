//! Core errors as mutagen's exceptions.
//!
//! The exception classes are defined in the pure-Python package (so that they subclass each
//! other exactly as mutagen's do); this file maps each [`ErrorKind`] to a `(module, class)` pair
//! and raises an instance of it.

use mutagen_core::{Error, ErrorKind};
use pyo3::prelude::*;

/// The Python module and class raised for an error kind.
pub(crate) fn class_for(kind: ErrorKind) -> (&'static str, &'static str) {
    match kind {
        ErrorKind::Mp3HeaderNotFound => ("mutagen_rs.mp3", "HeaderNotFoundError"),
        ErrorKind::Mp3InvalidHeader => ("mutagen_rs.mp3", "InvalidMPEGHeader"),
        ErrorKind::Id3NoHeader => ("mutagen_rs.id3", "ID3NoHeaderError"),
        ErrorKind::Id3UnsupportedVersion => ("mutagen_rs.id3", "ID3UnsupportedVersionError"),
        ErrorKind::Id3EncryptionUnsupported => ("mutagen_rs.id3", "ID3EncryptionUnsupportedError"),
        ErrorKind::Id3JunkFrame => ("mutagen_rs.id3", "ID3JunkFrameError"),
        ErrorKind::Id3BadUnsynchData => ("mutagen_rs.id3", "ID3BadUnsynchData"),
        ErrorKind::Id3BadCompressedData => ("mutagen_rs.id3", "ID3BadCompressedData"),
        ErrorKind::Id3Tag => ("mutagen_rs.id3", "ID3TagError"),
        ErrorKind::Id3 => ("mutagen_rs.id3", "error"),
        ErrorKind::FlacNoHeader => ("mutagen_rs.flac", "FLACNoHeaderError"),
        ErrorKind::FlacVorbis => ("mutagen_rs.flac", "FLACVorbisError"),
        ErrorKind::Flac => ("mutagen_rs.flac", "error"),
        ErrorKind::Ogg => ("mutagen_rs.ogg", "error"),
        ErrorKind::OggVorbisHeader => ("mutagen_rs.oggvorbis", "OggVorbisHeaderError"),
        ErrorKind::OggOpusHeader => ("mutagen_rs.oggopus", "OggOpusHeaderError"),
        ErrorKind::OggFlacHeader => ("mutagen_rs.oggflac", "OggFLACHeaderError"),
        ErrorKind::OggSpeexHeader => ("mutagen_rs.oggspeex", "OggSpeexHeaderError"),
        ErrorKind::OggTheoraHeader => ("mutagen_rs.oggtheora", "OggTheoraHeaderError"),
        ErrorKind::VorbisComment => ("mutagen_rs._vorbis", "error"),
        ErrorKind::VorbisUnsetFrame => ("mutagen_rs._vorbis", "VorbisUnsetFrameError"),
        ErrorKind::BuiltinIndexError => ("mutagen_rs._util", "BuiltinIndexError"),
        ErrorKind::BuiltinValueError => ("mutagen_rs._util", "BuiltinValueError"),
        ErrorKind::BuiltinStructError => ("mutagen_rs._util", "BuiltinStructError"),
        ErrorKind::BuiltinZeroDivisionError => ("mutagen_rs._util", "BuiltinZeroDivisionError"),
        ErrorKind::BuiltinRecursionError => ("mutagen_rs._util", "BuiltinRecursionError"),
        ErrorKind::Mp4Metadata => ("mutagen_rs.mp4", "MP4MetadataError"),
        ErrorKind::Mp4StreamInfo => ("mutagen_rs.mp4", "MP4StreamInfoError"),
        ErrorKind::Mp4NoTrack => ("mutagen_rs.mp4", "MP4NoTrackError"),
        ErrorKind::Mp4 => ("mutagen_rs.mp4", "error"),
        _ => ("mutagen_rs", "MutagenError"),
    }
}

fn raise(py: Python<'_>, module: &str, class: &str, arg: Bound<'_, PyAny>) -> PyErr {
    let made = py
        .import(module)
        .and_then(|m| m.getattr(class))
        .and_then(|cls| cls.call1((arg,)));
    match made {
        Ok(exc) => PyErr::from_value(exc),
        Err(e) => e,
    }
}

/// `OSError(errno, strerror)` as Python's own I/O raises it (the subclass follows the errno).
fn os_error(py: Python<'_>, io: std::io::Error) -> Bound<'_, PyAny> {
    if let Some(code) = io.raw_os_error() {
        let made = py.import("os").and_then(|os| {
            let msg = os.call_method1("strerror", (code,))?;
            py.get_type::<pyo3::exceptions::PyOSError>()
                .call1((code, msg))
        });
        if let Ok(e) = made {
            return e;
        }
    }
    PyErr::from(io).into_value(py).into_bound(py).into_any()
}

/// Convert a core error to the exception mutagen raises for the same input. I/O errors become
/// `MutagenError(OSError(...))`, as mutagen wraps them.
#[must_use]
pub fn to_pyerr(py: Python<'_>, err: Error) -> PyErr {
    match err {
        Error::Io(io) => {
            let os_err = os_error(py, io);
            raise(py, "mutagen_rs", "MutagenError", os_err)
        }
        Error::Malformed(kind, msg) | Error::Limit(kind, msg) => {
            let (module, class) = class_for(kind);
            raise(
                py,
                module,
                class,
                pyo3::types::PyString::new(py, msg).into_any(),
            )
        }
        _ => raise(
            py,
            "mutagen_rs",
            "MutagenError",
            pyo3::types::PyString::new(py, "unknown error").into_any(),
        ),
    }
}

/// The exception raised when the core panicked: a bug, reported as a `MutagenError` so that
/// one bad file never takes the interpreter down.
#[must_use]
pub fn panic_error(py: Python<'_>) -> PyErr {
    raise(
        py,
        "mutagen_rs",
        "MutagenError",
        pyo3::types::PyString::new(py, "internal error while parsing (a bug in mutagen-rs)")
            .into_any(),
    )
}
