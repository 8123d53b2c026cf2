//! The flac payload: the core's parsed result as plain Python data.
//!
//! The payload is `(blocks, bitrate)`, `blocks` holding one item per metadata block in file
//! order. A file's STREAMINFO, PADDING and PICTURE blocks, and those of types without a class,
//! are objects of the classes `mutagen_rs.flac` registered (see `to_payload`); every other
//! block, and every block `parse_flac_block` parses, is a tuple starting with a tag and the
//! block's type code:
//! - `("streaminfo", code, min_blocksize, max_blocksize, min_framesize, max_framesize,
//!   sample_rate, channels, bits_per_sample, total_samples, md5_signature: int)`
//! - `("padding", code, length)`
//! - `("seektable", code, [(first_sample, byte_offset, num_samples), ...])`
//! - `("vorbis", code, vorbis_payload, overflow_size)` (see `vorbis::comment_payload`)
//! - `("cuesheet", code, media_catalog_number: bytes, lead_in_samples, compact_disc,
//!   [(track_number, start_offset, isrc: bytes, type, pre_emphasis, [(number, offset), ...]), ...])`
//! - `("picture", code, type, mime, desc, width, height, depth, colors, data: bytes,
//!   overflow_size)`
//! - `("block", code, data: bytes)` for every other type.
//!
//! `overflow_size` is the size the header of a Vorbis comment or picture block gave when its
//! contents ran past the largest block size (mutagen's `_invalid_overflow_size`), else -1.

use mutagen_core::flac::{self, BlockData, MetadataBlock};
use mutagen_core::{vorbis, Error, ErrorKind};
use pyo3::exceptions::{PyLookupError, PyUnicodeDecodeError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple};

use crate::vorbis::comment_payload;
use crate::Input;

fn block_payload(py: Python<'_>, block: &mut MetadataBlock) -> PyResult<Py<PyAny>> {
    let code = block.code;
    let overflow = block.overflow_size.map_or(-1, i64::from);
    let out = match &mut block.data {
        BlockData::StreamInfo(si) => (
            "streaminfo",
            code,
            si.min_blocksize,
            si.max_blocksize,
            si.min_framesize,
            si.max_framesize,
            si.sample_rate,
            si.channels,
            si.bits_per_sample,
            si.total_samples,
            si.md5_int(),
        )
            .into_pyobject(py)?
            .into_any(),
        BlockData::Padding(len) => ("padding", code, *len).into_pyobject(py)?.into_any(),
        BlockData::SeekTable(points) => {
            let pts = points
                .iter()
                .map(|p| (p.first_sample, p.byte_offset, p.num_samples).into_pyobject(py))
                .collect::<PyResult<Vec<_>>>()?;
            ("seektable", code, crate::list(py, pts)?)
                .into_pyobject(py)?
                .into_any()
        }
        BlockData::VorbisComment(vc) => ("vorbis", code, comment_payload(py, vc)?, overflow)
            .into_pyobject(py)?
            .into_any(),
        BlockData::CueSheet(cs) => {
            let tracks = cs
                .tracks
                .iter()
                .map(|t| {
                    let idx = t
                        .indexes
                        .iter()
                        .map(|i| (i.index_number, i.index_offset).into_pyobject(py))
                        .collect::<PyResult<Vec<_>>>()?;
                    (
                        t.track_number,
                        t.start_offset,
                        PyBytes::new(py, &t.isrc),
                        t.track_type,
                        t.pre_emphasis,
                        crate::list(py, idx)?,
                    )
                        .into_pyobject(py)
                })
                .collect::<PyResult<Vec<_>>>()?;
            (
                "cuesheet",
                code,
                PyBytes::new(py, &cs.media_catalog_number),
                cs.lead_in_samples,
                cs.compact_disc,
                crate::list(py, tracks)?,
            )
                .into_pyobject(py)?
                .into_any()
        }
        BlockData::Picture(p) => {
            let items: [Bound<'_, PyAny>; 11] = [
                "picture".into_pyobject(py)?.into_any(),
                code.into_pyobject(py)?.into_any(),
                p.picture_type.into_pyobject(py)?.into_any(),
                p.mime.as_str().into_pyobject(py)?.into_any(),
                p.desc.as_str().into_pyobject(py)?.into_any(),
                p.width.into_pyobject(py)?.into_any(),
                p.height.into_pyobject(py)?.into_any(),
                p.depth.into_pyobject(py)?.into_any(),
                p.colors.into_pyobject(py)?.into_any(),
                crate::blob::payload(py, &mut p.data)?,
                overflow.into_pyobject(py)?.into_any(),
            ];
            PyTuple::new(py, items)?.into_any()
        }
        BlockData::Other(data) => ("block", code, crate::blob::bytes(py, data)?)
            .into_pyobject(py)?
            .into_any(),
        _ => ("block", code, PyBytes::new(py, &[]))
            .into_pyobject(py)?
            .into_any(),
    };
    Ok(out.unbind())
}

/// Parse `input` and return its payload for the Python layer.
pub fn payload(py: Python<'_>, input: &Input) -> PyResult<Py<PyAny>> {
    let mut parsed = crate::with_source(py, input, flac::read)?;
    to_payload(py, &mut parsed)
}

/// A STREAMINFO, PADDING or PICTURE block, or one of a type without a class, as the object
/// `mutagen_rs.flac._block_from_payload` makes of its payload: an instance of the registered
/// class made without `__init__` (see `crate::construct`), with the attributes that
/// constructor and `_set` give it, set in their order. `None` for the other blocks, and for a
/// STREAMINFO of sample rate 0, whose length `_set` fails to compute (with Python's error).
fn block_object<'py>(
    py: Python<'py>,
    block: &mut MetadataBlock,
    classes: &crate::registry::FlacBlocks,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    use crate::construct::NewObject;
    use pyo3::intern;
    let code = block.code.into_pyobject(py)?.into_any();
    let overflow = block.overflow_size;
    let obj = match &mut block.data {
        BlockData::StreamInfo(si) if si.sample_rate != 0 => {
            let obj = NewObject::new(classes.stream_info.bind(py))?;
            let fields: [(&Bound<'py, PyString>, Bound<'py, PyAny>); 10] = [
                (
                    intern!(py, "min_blocksize"),
                    si.min_blocksize.into_pyobject(py)?.into_any(),
                ),
                (
                    intern!(py, "max_blocksize"),
                    si.max_blocksize.into_pyobject(py)?.into_any(),
                ),
                (
                    intern!(py, "min_framesize"),
                    si.min_framesize.into_pyobject(py)?.into_any(),
                ),
                (
                    intern!(py, "max_framesize"),
                    si.max_framesize.into_pyobject(py)?.into_any(),
                ),
                (
                    intern!(py, "sample_rate"),
                    si.sample_rate.into_pyobject(py)?.into_any(),
                ),
                (
                    intern!(py, "channels"),
                    si.channels.into_pyobject(py)?.into_any(),
                ),
                (
                    intern!(py, "bits_per_sample"),
                    si.bits_per_sample.into_pyobject(py)?.into_any(),
                ),
                (
                    intern!(py, "total_samples"),
                    si.total_samples.into_pyobject(py)?.into_any(),
                ),
                (
                    intern!(py, "length"),
                    // `total_samples / float(sample_rate)`: both exact as f64.
                    (si.total_samples as f64 / f64::from(si.sample_rate))
                        .into_pyobject(py)?
                        .into_any(),
                ),
                (
                    intern!(py, "md5_signature"),
                    si.md5_int().into_pyobject(py)?.into_any(),
                ),
            ];
            obj.set_all(&fields)?;
            obj
        }
        BlockData::Padding(len) => {
            let obj = NewObject::new(classes.padding.bind(py))?;
            obj.set(intern!(py, "length"), &len.into_pyobject(py)?.into_any())?;
            obj
        }
        BlockData::Picture(p) => {
            let obj = NewObject::new(classes.picture.bind(py))?;
            let fields: [(&Bound<'py, PyString>, Bound<'py, PyAny>); 8] = [
                (
                    intern!(py, "type"),
                    p.picture_type.into_pyobject(py)?.into_any(),
                ),
                (
                    intern!(py, "mime"),
                    p.mime.as_str().into_pyobject(py)?.into_any(),
                ),
                (
                    intern!(py, "desc"),
                    p.desc.as_str().into_pyobject(py)?.into_any(),
                ),
                (intern!(py, "width"), p.width.into_pyobject(py)?.into_any()),
                (
                    intern!(py, "height"),
                    p.height.into_pyobject(py)?.into_any(),
                ),
                (intern!(py, "depth"), p.depth.into_pyobject(py)?.into_any()),
                (
                    intern!(py, "colors"),
                    p.colors.into_pyobject(py)?.into_any(),
                ),
                (intern!(py, "data"), crate::blob::payload(py, &mut p.data)?),
            ];
            obj.set_all(&fields)?;
            if let Some(size) = overflow {
                let size = i64::from(size).into_pyobject(py)?.into_any();
                obj.set(intern!(py, "_invalid_overflow_size"), &size)?;
            }
            obj
        }
        BlockData::Other(data) => {
            let obj = NewObject::new(classes.other.bind(py))?;
            obj.set(intern!(py, "data"), &crate::blob::bytes(py, data)?)?;
            obj
        }
        _ => return Ok(None),
    };
    obj.set(intern!(py, "code"), &code)?;
    Ok(Some(obj.into_object()))
}

/// The payload of a parsed FLAC file: `(blocks, bitrate)`, where the blocks
/// [`block_object`] makes are objects already and the others payload tuples.
pub fn to_payload(py: Python<'_>, parsed: &mut flac::Flac) -> PyResult<Py<PyAny>> {
    let classes = crate::registry::flac_blocks(py)?;
    let blocks = parsed
        .blocks
        .iter_mut()
        .map(|b| match block_object(py, b, classes)? {
            Some(obj) => Ok(obj.unbind()),
            None => block_payload(py, b),
        })
        .collect::<PyResult<Vec<_>>>()?;
    let out = (crate::list(py, blocks)?, parsed.bitrate).into_pyobject(py)?;
    Ok(out.into_any().unbind())
}

/// Read a FLAC file's metadata: the payload `mutagen_rs.flac.FLAC` is built from.
#[pyfunction]
#[allow(clippy::needless_pass_by_value)] // pyo3 hands the argument over by value
fn read_flac(py: Python<'_>, input: Input) -> PyResult<Py<PyAny>> {
    payload(py, &input)
}

/// Parse one metadata block body of type `code` held in `data`: the block payload described
/// at the top of this file (used when a block class is constructed from bytes).
#[pyfunction]
fn parse_flac_block(py: Python<'_>, code: u8, data: &Bound<'_, PyBytes>) -> PyResult<Py<PyAny>> {
    let parsed = flac::parse_block(code, data.as_bytes()).map_err(|e| crate::to_pyerr(py, e))?;
    block_payload(py, &mut MetadataBlock::new(code, parsed))
}

/// Parse a Vorbis comment block held in `data`, as `VComment(data, errors=errors,
/// framing=framing)` does: `(vendor, [(key, value), ...], size)`, where `size` is how many
/// bytes the block took. `errors` is `"replace"`, `"ignore"` or `"strict"`; under `"strict"`
/// bytes that are not UTF-8 raise `UnicodeDecodeError` and a comment without `=` or with a
/// non-ASCII key `mutagen_rs._vorbis.VorbisEncodingError`.
#[pyfunction]
#[pyo3(signature = (data, framing, errors = "replace"))]
fn parse_vorbis_comment(
    py: Python<'_>,
    data: &Bound<'_, PyBytes>,
    framing: bool,
    errors: &str,
) -> PyResult<Py<PyAny>> {
    let Some(mode) = vorbis::TextErrors::from_name(errors) else {
        return Err(PyLookupError::new_err(format!(
            "unknown error handler name '{errors}'"
        )));
    };
    let bytes = data.as_bytes();
    let parsed = match vorbis::parse_with(bytes, framing, mode) {
        Ok(parsed) => parsed,
        Err(Error::Malformed(ErrorKind::UnicodeDecode, msg)) => {
            let exc = py.get_type::<PyUnicodeDecodeError>().call1((
                "utf-8",
                PyBytes::new(py, bytes),
                0,
                bytes.len().max(1),
                msg,
            ))?;
            return Err(PyErr::from_value(exc));
        }
        Err(e) => return Err(crate::to_pyerr(py, e)),
    };
    let base = comment_payload(py, &parsed)?;
    let base = base.bind(py);
    let out = (base.get_item(0)?, base.get_item(1)?, parsed.size).into_pyobject(py)?;
    Ok(out.into_any().unbind())
}

/// `_native.render_flac_stream_info(min_blocksize, max_blocksize, min_framesize,
/// max_framesize, sample_rate, channels, bits_per_sample, total_samples, md5_signature)`: the
/// body of a STREAMINFO block (`StreamInfo.write()`).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn render_flac_stream_info(
    py: Python<'_>,
    min_blocksize: u32,
    max_blocksize: u32,
    min_framesize: u32,
    max_framesize: u32,
    sample_rate: u32,
    channels: u32,
    bits_per_sample: u32,
    total_samples: u64,
    md5_signature: u128,
) -> Bound<'_, PyBytes> {
    let body = flac::render_stream_info(
        min_blocksize,
        max_blocksize,
        min_framesize,
        max_framesize,
        sample_rate,
        channels,
        bits_per_sample,
        total_samples,
        md5_signature,
    );
    PyBytes::new(py, &body)
}

/// `_native.render_flac_seek_table([(first_sample, byte_offset, num_samples), ...])`: the body
/// of a SEEKTABLE block.
#[pyfunction]
#[allow(clippy::needless_pass_by_value)]
fn render_flac_seek_table(py: Python<'_>, points: Vec<(u64, u64, u16)>) -> Bound<'_, PyBytes> {
    PyBytes::new(py, &flac::render_seek_table(&points))
}

/// A cue sheet track as the Python layer passes it: `(track_number, start_offset, isrc,
/// type, pre_emphasis, [(index_number, index_offset), ...])`.
type TrackFields = (u8, u64, Vec<u8>, u8, bool, Vec<(u8, u64)>);

/// `_native.render_flac_cue_sheet(media_catalog_number, lead_in_samples, compact_disc,
/// tracks)`: the body of a CUESHEET block, `tracks` in the shape of the read payload.
#[pyfunction]
#[allow(clippy::needless_pass_by_value)]
fn render_flac_cue_sheet<'py>(
    py: Python<'py>,
    media_catalog_number: &[u8],
    lead_in_samples: u64,
    compact_disc: bool,
    tracks: Vec<TrackFields>,
) -> Bound<'py, PyBytes> {
    let tracks: Vec<flac::CueSheetTrack> = tracks
        .into_iter()
        .map(|(number, offset, isrc, type_, pre_emphasis, indexes)| {
            let indexes = indexes
                .into_iter()
                .map(|(n, o)| flac::CueSheetTrackIndex::new(n, o))
                .collect();
            flac::CueSheetTrack::new(number, offset, isrc, type_, pre_emphasis, indexes)
        })
        .collect();
    let body = flac::render_cue_sheet(media_catalog_number, lead_in_samples, compact_disc, &tracks);
    PyBytes::new(py, &body)
}

/// `_native.render_flac_picture_head(type, mime, desc, width, height, depth, colors,
/// data_len)`: the body of a PICTURE block up to its data, which is `data_len` bytes long.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn render_flac_picture_head<'py>(
    py: Python<'py>,
    picture_type: u32,
    mime: &str,
    desc: &str,
    width: u32,
    height: u32,
    depth: u32,
    colors: u32,
    data_len: usize,
) -> PyResult<Bound<'py, PyBytes>> {
    let head = flac::picture_head(
        picture_type,
        mime,
        desc,
        [width, height, depth, colors],
        data_len,
    )
    .map_err(|e| crate::to_pyerr(py, e))?;
    Ok(PyBytes::new(py, &head))
}

/// `_native.render_flac_block(code, body, last, fallback_size)`: a whole metadata block, header
/// and body. A body too long for the header raises `mutagen_rs.flac.error`, unless
/// `fallback_size` is given (then that size is written).
#[pyfunction]
#[pyo3(signature = (code, body, last, fallback_size = None))]
fn render_flac_block<'py>(
    py: Python<'py>,
    code: u8,
    body: &[u8],
    last: bool,
    fallback_size: Option<u32>,
) -> PyResult<Bound<'py, PyBytes>> {
    let out =
        flac::render_block(code, body, last, fallback_size).map_err(|e| crate::to_pyerr(py, e))?;
    Ok(PyBytes::new(py, &out))
}

/// A block as `render_flac_blocks` and `flac_apply_blocks` take it: its code, its body's
/// pieces, and the size to announce for a body too long for its header.
pub type BlockParts<'py> = (u8, Vec<Bound<'py, PyBytes>>, Option<u32>);

/// The headers of the blocks `render_flac_blocks` and `flac_apply_blocks` take (`(code, body
/// pieces, fallback size)`, none marked last), and that of the padding block of `padding` zero
/// bytes after them, marked last; a body too long for its header raises mutagen's error.
pub fn block_headers(
    py: Python<'_>,
    blocks: &[BlockParts<'_>],
    padding: usize,
) -> PyResult<(Vec<[u8; 4]>, [u8; 4])> {
    let mut headers = Vec::with_capacity(blocks.len());
    for (code, body, fallback) in blocks {
        let len = body.iter().map(|p| p.as_bytes().len()).sum();
        headers.push(
            flac::block_header(*code, len, false, *fallback).map_err(|e| crate::to_pyerr(py, e))?,
        );
    }
    let pad = flac::block_header(1, padding, true, None).map_err(|e| crate::to_pyerr(py, e))?;
    Ok((headers, pad))
}

/// `_native.render_flac_blocks([(code, body pieces, fallback_size), ...], padding)`: the
/// metadata of a save in one `bytes` object, each body (its pieces joined) copied once into
/// it: every block as
/// `render_flac_block` renders it (with its errors, raised before anything is built), then a
/// padding block of `padding` zero bytes, marked last.
#[pyfunction]
#[allow(clippy::needless_pass_by_value)]
fn render_flac_blocks<'py>(
    py: Python<'py>,
    blocks: Vec<BlockParts<'py>>,
    padding: usize,
) -> PyResult<Bound<'py, PyBytes>> {
    let (headers, pad) = block_headers(py, &blocks, padding)?;
    let total = blocks
        .iter()
        .flat_map(|(_, body, _)| body)
        .fold(4usize.saturating_add(padding), |n, p| {
            n.saturating_add(p.as_bytes().len())
        })
        .saturating_add(4 * blocks.len());
    PyBytes::new_with(py, total, |buf| {
        let mut at = 0;
        for (header, (_, body, _)) in headers.iter().zip(&blocks) {
            buf[at..at + 4].copy_from_slice(header);
            at += 4;
            for part in body {
                let part = part.as_bytes();
                buf[at..at + part.len()].copy_from_slice(part);
                at += part.len();
            }
        }
        // The padding's body is the zeroes the buffer starts with.
        buf[at..at + 4].copy_from_slice(&pad);
        Ok(())
    })
}

/// `_native.render_vorbis_comment(vendor, comments, framing, checked)`: the bytes of a
/// Vorbis comment block (`VComment.write()`), with a framing byte if `framing`.
///
/// With `checked`, the comments are validated as `VComment.validate` does, and `None` is
/// returned unless every one is plainly valid (`vendor` a `str`, each comment a 2-`tuple` of
/// a `str` key of characters from space to `}` but `=`, and a `str` value); the caller then
/// validates in Python, which raises mutagen's error, and renders unchecked.
#[pyfunction]
#[pyo3(signature = (vendor, comments, framing, checked=false))]
fn render_vorbis_comment<'py>(
    py: Python<'py>,
    vendor: &Bound<'py, PyAny>,
    comments: &Bound<'py, PyAny>,
    framing: bool,
    checked: bool,
) -> PyResult<Option<Bound<'py, PyBytes>>> {
    let pairs: Vec<(Bound<'py, PyString>, Bound<'py, PyString>)> = if checked {
        match checked_comments(vendor, comments) {
            Some(pairs) => pairs,
            None => return Ok(None),
        }
    } else {
        comments.extract()?
    };
    let vendor = vendor.cast::<PyString>()?.to_str()?;
    // The strings' own UTF-8 is borrowed, not copied into Rust strings.
    let pairs = pairs
        .iter()
        .map(|(k, v)| Ok((k.to_str()?, v.to_str()?)))
        .collect::<PyResult<Vec<(&str, &str)>>>()?;
    // The block is rendered straight into the bytes object returned.
    let len = vorbis::rendered_len(vendor, pairs.iter().copied(), framing)
        .map_err(|e| crate::to_pyerr(py, e))?;
    let out = PyBytes::new_with(py, len, |buf| {
        vorbis::render_to(buf, vendor, pairs.iter().copied(), framing);
        Ok(())
    })?;
    Ok(Some(out))
}

/// The comments of a `VComment` when they are plainly valid: an exact `list` of exact
/// 2-`tuple`s, each of an exact `str` key that `is_valid_key` accepts and a `str` value,
/// after a `str` vendor; `None` for anything else.
fn checked_comments<'py>(
    vendor: &Bound<'py, PyAny>,
    comments: &Bound<'py, PyAny>,
) -> Option<Vec<(Bound<'py, PyString>, Bound<'py, PyString>)>> {
    if !vendor.is_instance_of::<PyString>() || !comments.is_exact_instance_of::<PyList>() {
        return None;
    }
    let list = comments.cast::<PyList>().ok()?;
    let mut out = Vec::with_capacity(list.len());
    for item in list.iter() {
        if !item.is_exact_instance_of::<PyTuple>() {
            return None;
        }
        let pair = item.cast::<PyTuple>().ok()?;
        if pair.len() != 2 {
            return None;
        }
        let (key, value) = (pair.get_item(0).ok()?, pair.get_item(1).ok()?);
        if !key.is_exact_instance_of::<PyString>() || !value.is_instance_of::<PyString>() {
            return None;
        }
        let key = key.cast_into::<PyString>().ok()?;
        let valid = key.to_str().ok().is_some_and(vorbis::is_valid_key);
        if !valid {
            return None;
        }
        out.push((key, value.cast_into::<PyString>().ok()?));
    }
    Some(out)
}

/// Register this format's functions in the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(read_flac, m)?)?;
    m.add_function(wrap_pyfunction!(parse_flac_block, m)?)?;
    m.add_function(wrap_pyfunction!(parse_vorbis_comment, m)?)?;
    m.add_function(wrap_pyfunction!(render_flac_stream_info, m)?)?;
    m.add_function(wrap_pyfunction!(render_flac_seek_table, m)?)?;
    m.add_function(wrap_pyfunction!(render_flac_cue_sheet, m)?)?;
    m.add_function(wrap_pyfunction!(render_flac_picture_head, m)?)?;
    m.add_function(wrap_pyfunction!(render_flac_block, m)?)?;
    m.add_function(wrap_pyfunction!(render_flac_blocks, m)?)?;
    m.add_function(wrap_pyfunction!(render_vorbis_comment, m)?)?;
    Ok(())
}
