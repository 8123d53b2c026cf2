//! The Ogg payload: the core's parsed result as plain Python data.
//!
//! The payload is `(info, tags)`: `info` a dict of the info object's attributes (mutagen's
//! names, mutagen's types) and `tags` the Vorbis comment payload of `crate::vorbis`. Where
//! mutagen lets a Python built-in exception escape for a file, the same exception is raised.

use mutagen_core::detect::Kind;
use mutagen_core::ogg::{self, Builtin, Codec, Info, Outcome};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::Input;

/// The codec a detected kind names.
fn codec_for(kind: Kind) -> Option<Codec> {
    Codec::from_class_name(kind.class_name())
}

/// The built-in exception mutagen raises, as a Python error.
fn builtin_error(py: Python<'_>, which: Builtin, msg: &'static str) -> PyErr {
    // Classes named like the built-ins that are also `MutagenError`s (see `_util.py`).
    let class = match which {
        Builtin::IndexError => "BuiltinIndexError",
        Builtin::ValueError => "BuiltinValueError",
        Builtin::ZeroDivisionError => "BuiltinZeroDivisionError",
        Builtin::StructError => "BuiltinStructError",
        _ => return PyRuntimeError::new_err(msg),
    };
    let made = py
        .import("mutagen_rs._util")
        .and_then(|m| m.getattr(class))
        .and_then(|cls| cls.call1((msg,)));
    match made {
        Ok(exc) => PyErr::from_value(exc),
        Err(e) => e,
    }
}

/// The info attributes mutagen sets, by name.
fn info_dict<'py>(py: Python<'py>, info: &Info) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    match info {
        Info::Vorbis(i) => {
            d.set_item("length", i.length)?;
            d.set_item("channels", i.channels)?;
            d.set_item("bitrate", i.bitrate)?;
            d.set_item("sample_rate", i.sample_rate)?;
            d.set_item("serial", i.serial)?;
        }
        Info::Opus(i) => {
            d.set_item("length", i.length)?;
            d.set_item("channels", i.channels)?;
            d.set_item("bitrate", i.bitrate)?;
            d.set_item("serial", i.serial)?;
            d.set_item("_OggOpusInfo__pre_skip", i.pre_skip)?;
        }
        Info::Flac(i) => {
            d.set_item("packets", i.packets)?;
            d.set_item("serial", i.serial)?;
            d.set_item("min_blocksize", i.min_blocksize)?;
            d.set_item("max_blocksize", i.max_blocksize)?;
            d.set_item("sample_rate", i.sample_rate)?;
            d.set_item("channels", i.channels)?;
            d.set_item("bits_per_sample", i.bits_per_sample)?;
            d.set_item("total_samples", i.total_samples)?;
            d.set_item("length", i.length)?;
        }
        Info::Speex(i) => {
            d.set_item("sample_rate", i.sample_rate)?;
            d.set_item("channels", i.channels)?;
            d.set_item("bitrate", i.bitrate)?;
            d.set_item("serial", i.serial)?;
            d.set_item("length", i.length)?;
        }
        Info::Theora(i) => {
            d.set_item("fps", i.fps)?;
            d.set_item("bitrate", i.bitrate)?;
            d.set_item("granule_shift", i.granule_shift)?;
            d.set_item("serial", i.serial)?;
            d.set_item("length", i.length)?;
        }
        _ => {}
    }
    Ok(d)
}

/// Read `input` as `codec` and build the payload.
fn read(py: Python<'_>, input: &Input, codec: Codec) -> PyResult<Py<PyAny>> {
    // The core's error comes back as it is, so that a broken comment block raises what the
    // Vorbis comment binding raises for it.
    let result = crate::with_source(py, input, |src| Ok(ogg::read(src, codec)))?;
    match result.map_err(|e| crate::to_pyerr(py, e))? {
        Outcome::File(file) => {
            let info = info_dict(py, &file.info)?;
            let tags = crate::vorbis::comment_payload(py, &file.tags)?;
            Ok((info, tags).into_pyobject(py)?.into_any().unbind())
        }
        Outcome::Raises(which, msg) => Err(builtin_error(py, which, msg)),
        _ => Err(PyValueError::new_err("unexpected Ogg outcome")),
    }
}

/// Parse `input` and return its payload for the Python layer.
pub fn payload(py: Python<'_>, input: &Input, kind: Kind) -> PyResult<Py<PyAny>> {
    let Some(codec) = codec_for(kind) else {
        return Err(PyValueError::new_err("not an Ogg kind"));
    };
    read(py, input, codec)
}

/// `_native.read_ogg(input, kind_name)`: read a file as the named mutagen Ogg class
/// (`"OggVorbis"`, `"OggOpus"`, `"OggFLAC"`, `"OggSpeex"` or `"OggTheora"`).
#[pyfunction]
#[allow(clippy::needless_pass_by_value)]
fn read_ogg(py: Python<'_>, input: Input, kind_name: &str) -> PyResult<Py<PyAny>> {
    let Some(codec) = Codec::from_class_name(kind_name) else {
        return Err(PyValueError::new_err("unknown Ogg kind"));
    };
    read(py, &input, codec)
}

/// Register this format's functions in the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(read_ogg, m)?)?;
    Ok(())
}
