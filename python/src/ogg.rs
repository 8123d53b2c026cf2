//! The Ogg payload: the core's parsed result as plain Python data.
//!
//! The payload is `(info, tags)`: `info` a dict of the info object's attributes (mutagen's
//! names, mutagen's types) and `tags` the Vorbis comment payload of `crate::vorbis`. Where
//! mutagen lets a Python built-in exception escape for a file, the same exception is raised.

use mutagen_core::ogg::{self, Codec, Info, OggFile};
use pyo3::exceptions::PyValueError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::Input;

/// The info attributes mutagen sets, by name.
fn info_dict<'py>(py: Python<'py>, info: &Info) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    match info {
        Info::Vorbis(i) => {
            d.set_item(intern!(py, "length"), i.length)?;
            d.set_item(intern!(py, "channels"), i.channels)?;
            d.set_item(intern!(py, "bitrate"), i.bitrate)?;
            d.set_item(intern!(py, "sample_rate"), i.sample_rate)?;
            d.set_item(intern!(py, "serial"), i.serial)?;
        }
        Info::Opus(i) => {
            d.set_item(intern!(py, "length"), i.length)?;
            d.set_item(intern!(py, "channels"), i.channels)?;
            d.set_item(intern!(py, "bitrate"), i.bitrate)?;
            d.set_item(intern!(py, "serial"), i.serial)?;
            d.set_item(intern!(py, "_OggOpusInfo__pre_skip"), i.pre_skip)?;
        }
        Info::Flac(i) => {
            d.set_item(intern!(py, "packets"), i.packets)?;
            d.set_item(intern!(py, "serial"), i.serial)?;
            d.set_item(intern!(py, "min_blocksize"), i.min_blocksize)?;
            d.set_item(intern!(py, "max_blocksize"), i.max_blocksize)?;
            d.set_item(intern!(py, "sample_rate"), i.sample_rate)?;
            d.set_item(intern!(py, "channels"), i.channels)?;
            d.set_item(intern!(py, "bits_per_sample"), i.bits_per_sample)?;
            d.set_item(intern!(py, "total_samples"), i.total_samples)?;
            d.set_item(intern!(py, "length"), i.length)?;
        }
        Info::Speex(i) => {
            d.set_item(intern!(py, "sample_rate"), i.sample_rate)?;
            d.set_item(intern!(py, "channels"), i.channels)?;
            d.set_item(intern!(py, "bitrate"), i.bitrate)?;
            d.set_item(intern!(py, "serial"), i.serial)?;
            d.set_item(intern!(py, "length"), i.length)?;
        }
        Info::Theora(i) => {
            d.set_item(intern!(py, "fps"), i.fps)?;
            d.set_item(intern!(py, "bitrate"), i.bitrate)?;
            d.set_item(intern!(py, "granule_shift"), i.granule_shift)?;
            d.set_item(intern!(py, "serial"), i.serial)?;
            d.set_item(intern!(py, "length"), i.length)?;
        }
        _ => {}
    }
    Ok(d)
}

/// Read `input` as `codec` and build the payload.
fn read(py: Python<'_>, input: &Input, codec: Codec) -> PyResult<Py<PyAny>> {
    let file = crate::with_source(py, input, |src| ogg::read_file(src, codec))?;
    to_payload(py, &file)
}

/// The payload of a parsed Ogg file: `(info_dict, comment_payload)`.
pub fn to_payload(py: Python<'_>, file: &OggFile) -> PyResult<Py<PyAny>> {
    let info = info_dict(py, &file.info)?;
    let tags = crate::vorbis::comment_payload(py, &file.tags)?;
    Ok((info, tags).into_pyobject(py)?.into_any().unbind())
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
