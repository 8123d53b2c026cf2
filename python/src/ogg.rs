//! The Ogg payload: the core's parsed result as plain Python data.
//!
//! The payload is `(info, tags, padding)`: `info` a dict of the info object's attributes
//! (mutagen's names, mutagen's types), `tags` the Vorbis comment payload of `crate::vorbis` and
//! `padding` the comment packet's padding (`tags._padding`). Where
//! mutagen lets a Python built-in exception escape for a file, the same exception is raised.

use mutagen_core::ogg::{self, page, Codec, Info, OggFile, PageError};
use mutagen_core::{Error, ErrorKind};
use pyo3::exceptions::{PyEOFError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

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

/// The payload of a parsed Ogg file: `(info_dict, comment_payload, padding, preserved)`,
/// `preserved` being the Opus data kept after the comments (empty otherwise).
pub fn to_payload(py: Python<'_>, file: &OggFile) -> PyResult<Py<PyAny>> {
    let info = info_dict(py, &file.info)?;
    let tags = crate::vorbis::comment_payload(py, &file.tags)?;
    let preserved = pyo3::types::PyBytes::new(py, &file.preserved);
    Ok((info, tags, file.padding, preserved)
        .into_pyobject(py)?
        .into_any()
        .unbind())
}

/// `_native.read_ogg_info(input, kind_name)`: the stream info of the named codec, read from
/// the pages at the start of `input` as the codec's info class reads it: `(info_dict, end)`,
/// `end` being where the page after the header page starts. The dict has no length (but for
/// Ogg FLAC) and no Opus bitrate: those need the end of the file. Raises `EOFError` when the pages
/// run out first.
#[pyfunction]
#[allow(clippy::needless_pass_by_value)]
fn read_ogg_info(py: Python<'_>, input: Input, kind_name: &str) -> PyResult<Py<PyAny>> {
    let Some(codec) = Codec::from_class_name(kind_name) else {
        return Err(PyValueError::new_err("unknown Ogg kind"));
    };
    let outcome = crate::with_source(py, &input, |src| ogg::read_info(src, codec))?;
    match outcome {
        ogg::InfoOutcome::Read(info, end) => {
            let d = info_dict(py, &info)?;
            // The info classes find the length (and Opus its bitrate) from the end of the
            // file, after the tags; only Ogg FLAC has it from its STREAMINFO already.
            if !matches!(info, Info::Flac(_)) {
                d.del_item(intern!(py, "length"))?;
            }
            if matches!(info, Info::Opus(_)) {
                d.del_item(intern!(py, "bitrate"))?;
            }
            let out = (d, end).into_pyobject(py)?;
            Ok(out.into_any().unbind())
        }
        ogg::InfoOutcome::Raises(which, msg) => Err(crate::to_pyerr(
            py,
            Error::Malformed(which.error_kind(), msg),
        )),
        _ => Err(PyEOFError::new_err(())),
    }
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

/// `_native.parse_ogg_page_header(head)`: the fixed part of the page header at the start of
/// `head` (the next 27 bytes of a file, fewer where it ends): `(version, flags, position,
/// serial, sequence, segments)`, `segments` being how many lacing bytes follow. Raises
/// `EOFError` when `head` is only zero bytes shorter than a header, and `mutagen_rs.ogg.error`
/// when it is not the start of a page.
#[pyfunction]
fn parse_ogg_page_header(py: Python<'_>, head: &[u8]) -> PyResult<Py<PyAny>> {
    let header = match page::parse_fixed_header(head) {
        Ok(h) => h,
        Err(PageError::Eof) => return Err(PyEOFError::new_err(())),
        Err(PageError::Invalid(msg)) => {
            return Err(crate::to_pyerr(py, Error::detailed(ErrorKind::Ogg, msg)))
        }
        Err(PageError::Io(e)) => return Err(crate::to_pyerr(py, e)),
    };
    let out = (
        header.version,
        header.flags,
        header.position,
        header.serial,
        header.sequence,
        header.segments,
    )
        .into_pyobject(py)?;
    Ok(out.into_any().unbind())
}

/// `_native.ogg_lacing_lengths(lacing)`: the packet lengths a lacing table describes and
/// whether its last packet ends on the page: `([length, ...], complete)`.
#[pyfunction]
fn ogg_lacing_lengths(py: Python<'_>, lacing: &[u8]) -> PyResult<Py<PyAny>> {
    let (lengths, complete) = page::lacing_lengths(lacing);
    let out = (crate::list(py, lengths)?, complete).into_pyobject(py)?;
    Ok(out.into_any().unbind())
}

/// `_native.render_ogg_page(version, flags, position, serial, sequence, packets, complete)`:
/// the page as stored bytes, CRC included. Raises `ValueError` when the packets need more
/// than 255 lacing values.
#[pyfunction]
#[allow(clippy::too_many_arguments, clippy::needless_pass_by_value)]
fn render_ogg_page<'py>(
    py: Python<'py>,
    version: u8,
    flags: u8,
    position: i64,
    serial: u32,
    sequence: i32,
    packets: Vec<Bound<'py, PyBytes>>,
    complete: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    let slices: Vec<&[u8]> = packets.iter().map(PyBytesMethods::as_bytes).collect();
    let raw = page::render_page(
        version, flags, position, serial, sequence, &slices, complete,
    )
    .map_err(PyValueError::new_err)?;
    Ok(PyBytes::new(py, &raw))
}

/// `_native.paginate_ogg_packets(lengths, default_size, wiggle_room)`: how
/// `OggPage.from_packets` lays packets of these lengths out on pages, one tuple a page:
/// `(continued, complete, position, [(packet_index, start, end), ...])`. Raises `ValueError`
/// when `default_size` is below 255.
#[pyfunction]
#[allow(clippy::needless_pass_by_value)]
fn paginate_ogg_packets(
    py: Python<'_>,
    lengths: Vec<usize>,
    default_size: usize,
    wiggle_room: usize,
) -> PyResult<Py<PyAny>> {
    let pages =
        page::paginate(&lengths, default_size, wiggle_room).map_err(PyValueError::new_err)?;
    let items = pages
        .iter()
        .map(|p| {
            (
                p.continued,
                p.complete,
                p.position,
                crate::list(py, p.pieces.iter().copied())?,
            )
                .into_pyobject(py)
        })
        .collect::<PyResult<Vec<_>>>()?;
    Ok(crate::list(py, items)?.into_any().unbind())
}

/// Register this format's functions in the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(read_ogg, m)?)?;
    m.add_function(wrap_pyfunction!(parse_ogg_page_header, m)?)?;
    m.add_function(wrap_pyfunction!(ogg_lacing_lengths, m)?)?;
    m.add_function(wrap_pyfunction!(read_ogg_info, m)?)?;
    m.add_function(wrap_pyfunction!(paginate_ogg_packets, m)?)?;
    m.add_function(wrap_pyfunction!(render_ogg_page, m)?)?;
    Ok(())
}
