//! Core errors as mutagen's exceptions.
//!
//! The exception classes are defined in the pure-Python package (so that they subclass each
//! other exactly as mutagen's do); this file maps each [`ErrorKind`] to a `(module, class)` pair
//! and raises an instance of it. Messages that name the file (mutagen's `"%r is not a valid
//! FLAC file" % name`) get the name here, where it is known.

use mutagen_core::error::FileName;
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
        ErrorKind::VorbisEncoding => ("mutagen_rs._vorbis", "VorbisEncodingError"),
        ErrorKind::BuiltinIndexError => ("mutagen_rs._util", "BuiltinIndexError"),
        ErrorKind::BuiltinValueError => ("mutagen_rs._util", "BuiltinValueError"),
        ErrorKind::BuiltinStructError => ("mutagen_rs._util", "BuiltinStructError"),
        ErrorKind::BuiltinZeroDivisionError => ("mutagen_rs._util", "BuiltinZeroDivisionError"),
        ErrorKind::BuiltinRecursionError => ("mutagen_rs._util", "BuiltinRecursionError"),
        ErrorKind::Mp4Metadata => ("mutagen_rs.mp4", "MP4MetadataError"),
        ErrorKind::Mp4StreamInfo => ("mutagen_rs.mp4", "MP4StreamInfoError"),
        ErrorKind::Mp4NoTrack => ("mutagen_rs.mp4", "MP4NoTrackError"),
        ErrorKind::Mp4 => ("mutagen_rs.mp4", "error"),
        ErrorKind::BuiltinOverflowError => ("mutagen_rs._util", "BuiltinOverflowError"),
        ErrorKind::Iff => ("mutagen_rs._iff", "error"),
        ErrorKind::IffInvalidChunk => ("mutagen_rs._iff", "InvalidChunk"),
        ErrorKind::IffEmptyChunk => ("mutagen_rs._iff", "EmptyChunk"),
        ErrorKind::Aiff => ("mutagen_rs.aiff", "error"),
        ErrorKind::Wave => ("mutagen_rs.wave", "error"),
        ErrorKind::Dsf => ("mutagen_rs.dsf", "error"),
        ErrorKind::Dsdiff => ("mutagen_rs.dsdiff", "error"),
        ErrorKind::Ac3 => ("mutagen_rs.ac3", "AC3Error"),
        ErrorKind::Aac => ("mutagen_rs.aac", "AACError"),
        ErrorKind::Smf => ("mutagen_rs.smf", "SMFError"),
        ErrorKind::ApeV2 => ("mutagen_rs.apev2", "error"),
        ErrorKind::ApeNoHeader => ("mutagen_rs.apev2", "APENoHeaderError"),
        ErrorKind::ApeBadItem => ("mutagen_rs.apev2", "APEBadItemError"),
        ErrorKind::WavPackHeader => ("mutagen_rs.wavpack", "WavPackHeaderError"),
        ErrorKind::MonkeysAudioHeader => ("mutagen_rs.monkeysaudio", "MonkeysAudioHeaderError"),
        ErrorKind::MusepackHeader => ("mutagen_rs.musepack", "MusepackHeaderError"),
        ErrorKind::TakHeader => ("mutagen_rs.tak", "TAKHeaderError"),
        ErrorKind::OptimFrogHeader => ("mutagen_rs.optimfrog", "OptimFROGHeaderError"),
        ErrorKind::TrueAudioHeader => ("mutagen_rs.trueaudio", "TrueAudioHeaderError"),
        ErrorKind::AsfHeader => ("mutagen_rs.asf", "ASFHeaderError"),
        ErrorKind::Asf => ("mutagen_rs.asf", "ASFError"),
        ErrorKind::BuiltinKeyError => ("mutagen_rs._util", "BuiltinKeyError"),
        ErrorKind::BuiltinUnicodeDecodeError => ("mutagen_rs._util", "BuiltinUnicodeDecodeError"),
        ErrorKind::BuiltinNotImplementedError => ("mutagen_rs._util", "BuiltinNotImplementedError"),
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

/// `OSError(errno, strerror)` as Python's own I/O raises it (the subclass follows the errno),
/// with the file name as its third argument when there is one (as `open()` gives it).
fn os_error<'py>(
    py: Python<'py>,
    io: std::io::Error,
    path: Option<&std::path::Path>,
) -> Bound<'py, PyAny> {
    if let Some(code) = io.raw_os_error() {
        let made = py.import("os").and_then(|os| {
            let msg = os.call_method1("strerror", (code,))?;
            let os_error = py.get_type::<pyo3::exceptions::PyOSError>();
            match path {
                Some(p) => os_error.call1((code, msg, p.as_os_str())),
                None => os_error.call1((code, msg)),
            }
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
    to_pyerr_in(py, err, None)
}

/// [`to_pyerr`] for an error raised while opening `path`: an I/O error names the file, as
/// Python's `open()` does (`[Errno 2] No such file or directory: '/x.mp3'`).
#[must_use]
pub fn to_pyerr_at(py: Python<'_>, err: Error, path: &std::path::Path) -> PyErr {
    to_pyerr_in(py, err, Some(path))
}

/// [`to_pyerr`] for an error raised while reading the file at `path`: a message that names the
/// file names this one (I/O errors do not, as Python's `read()` does not).
#[must_use]
pub fn to_pyerr_reading(py: Python<'_>, err: Error, path: &std::path::Path) -> PyErr {
    match err {
        Error::Io(_) => to_pyerr_in(py, err, None),
        other => to_pyerr_in(py, other, Some(path)),
    }
}

/// The message of an error, with the file's name where mutagen puts it: the path as a Python
/// `str`, or, for bytes read from a file object (no path here), the name mutagen falls back to
/// for an object without one.
fn message<'py>(
    py: Python<'py>,
    err: &Error,
    path: Option<&std::path::Path>,
) -> PyResult<Bound<'py, PyAny>> {
    let text = err.message();
    let style = err.file_name();
    if style == FileName::None {
        return Ok(pyo3::types::PyString::new(py, text).into_any());
    }
    let name = match path {
        Some(p) => p.as_os_str().into_pyobject(py)?.into_any(),
        // mutagen's FLAC takes `fileobj_name()` (empty), its ID3 header `"<unknown>"`.
        None if err.kind() == ErrorKind::FlacNoHeader => {
            pyo3::types::PyString::new(py, "").into_any()
        }
        None => pyo3::types::PyString::new(py, "<unknown>").into_any(),
    };
    let (name, sep) = match style {
        FileName::Repr => (name.repr()?.into_any(), " "),
        _ => (name.str()?.into_any(), ": "),
    };
    // Joined as Python strings: a name with lone surrogates is no Rust `str`.
    let tail = pyo3::types::PyString::new(py, &format!("{sep}{text}"));
    name.add(tail)
}

fn to_pyerr_in(py: Python<'_>, err: Error, path: Option<&std::path::Path>) -> PyErr {
    match err {
        Error::Io(io) => {
            let os_err = os_error(py, io, path);
            raise(py, "mutagen_rs", "MutagenError", os_err)
        }
        Error::Malformed(ErrorKind::UnicodeDecode, msg) => {
            // Python's own class; without the undecodable bytes here, the reason is the text.
            let made = py
                .get_type::<pyo3::exceptions::PyUnicodeDecodeError>()
                .call1(("utf-8", pyo3::types::PyBytes::new(py, b"\xff"), 0, 1, msg));
            match made {
                Ok(exc) => PyErr::from_value(exc),
                Err(e) => e,
            }
        }
        Error::Malformed(..) | Error::Limit(..) | Error::Detailed(..) => {
            let (module, class) = class_for(err.kind());
            match message(py, &err, path) {
                Ok(msg) => raise(py, module, class, msg),
                Err(e) => e,
            }
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
