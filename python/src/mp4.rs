//! The mp4 payload: the core's parsed result as plain Python data.
//!
//! The payload is `(info, tags, chapters)`:
//! - `info`: `(length, bitrate, channels, sample_rate, bits_per_sample, codec,
//!   codec_description)`, where `length` is a float, or the int 0 for a zero timescale;
//! - `tags`: `None`, or `(padding, items)`: the size of the `free` atom mutagen would reuse and
//!   a list of `(key, value)` in mutagen's key order, where `value` is a bool or a list of
//!   items as `MP4Tags` holds them: `str`, `int`, `(number, total)`, `MP4Cover` or
//!   `MP4FreeForm` (the classes `mutagen_rs.mp4` registers);
//! - `chapters`: `None`, or a list of `(start, title)`.
//!
//! The rest of this file serves mutagen's lower-level read API (`mp4._atom.Atom`, `MP4Info`,
//! `MP4Tags` and `MP4Chapters` built from an atom tree and a file object, `AudioSampleEntry`):
//! the core walks atoms and parses their payloads, reading from the caller's file object.
//! An atom crosses the boundary as `(name, offset, length, data_offset, children)`, where
//! `children` is `None` for a leaf or a list of such tuples; on the way in, the Python `Atom`
//! objects are read back by their attributes, so a tree the caller changed is used as changed.

use std::borrow::Cow;
use std::cell::RefCell;

use mutagen_core::mp4::atom::{self, Atom};
use mutagen_core::mp4::properties::{self, InfoOutcome};
use mutagen_core::mp4::{self, chapters, ilst, Item, Length, Mp4File, Mp4Info, Value};
use mutagen_core::source::Source;
use mutagen_core::{Error, ErrorKind};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyTuple};

use crate::Input;

/// Parse `input`.
fn parse(py: Python<'_>, input: &Input) -> PyResult<Mp4File> {
    crate::with_source(py, input, mp4::read)
}

/// One item of a value as `MP4Tags` holds it: covers and freeform values as instances of the
/// classes `mutagen_rs.mp4` registered (`classes`, asked for on the first that needs them).
fn item_to_py<'py>(
    py: Python<'py>,
    item: &Item,
    classes: &mut Option<&'py crate::registry::Mp4Values>,
) -> PyResult<Bound<'py, PyAny>> {
    let mut classes = || -> PyResult<&'py crate::registry::Mp4Values> {
        match classes {
            Some(found) => Ok(*found),
            None => Ok(*classes.insert(crate::registry::mp4_values(py)?)),
        }
    };
    Ok(match item {
        Item::Text(s) => s.into_pyobject(py)?.into_any(),
        Item::Int(n) => n.into_pyobject(py)?.into_any(),
        Item::Pair(a, b) => (*a, *b).into_pyobject(py)?.into_any(),
        Item::Cover {
            data,
            format,
            default_format,
        } => {
            let classes = classes()?;
            let format = if *default_format {
                classes.jpeg.bind(py).clone()
            } else {
                format.into_pyobject(py)?.into_any()
            };
            classes
                .cover
                .bind(py)
                .call1((PyBytes::new(py, data), format))?
        }
        Item::FreeForm {
            data,
            dataformat,
            version,
        } => classes()?
            .freeform
            .bind(py)
            .call1((PyBytes::new(py, data), *dataformat, *version))?,
    })
}

/// The `info` tuple of the payload.
fn info_to_py<'py>(py: Python<'py>, info: &Mp4Info) -> PyResult<Bound<'py, PyTuple>> {
    let length = match info.length {
        Length::Seconds(s) => s.into_pyobject(py)?.into_any(),
        Length::IntZero => 0i64.into_pyobject(py)?.into_any(),
    };
    PyTuple::new(
        py,
        [
            length,
            info.bitrate.into_pyobject(py)?.into_any(),
            info.channels.into_pyobject(py)?.into_any(),
            info.sample_rate.into_pyobject(py)?.into_any(),
            info.bits_per_sample.into_pyobject(py)?.into_any(),
            info.codec.as_str().into_pyobject(py)?.into_any(),
            info.codec_description
                .as_str()
                .into_pyobject(py)?
                .into_any(),
        ],
    )
}

/// A list of `(key, value)` items, as in the `tags` part of the payload.
fn items_to_py<'py, K: AsRef<str>>(
    py: Python<'py>,
    items: &[(K, Value)],
) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    let mut classes = None;
    for (key, value) in items {
        let value: Py<PyAny> = match value {
            Value::Bool(b) => pyo3::types::PyBool::new(py, *b)
                .to_owned()
                .into_any()
                .unbind(),
            Value::List(items) => {
                let l = PyList::empty(py);
                for item in items {
                    l.append(item_to_py(py, item, &mut classes)?)?;
                }
                l.into_any().unbind()
            }
        };
        list.append((crate::key_str(py, key.as_ref()), value))?;
    }
    Ok(list)
}

/// The `chapters` part of the payload.
fn chapters_to_py<'py>(
    py: Python<'py>,
    chapters: &[chapters::Chapter],
) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for c in chapters {
        list.append((c.start, c.title.as_str()))?;
    }
    Ok(list)
}

/// The payload of a parsed MP4 file (see the module documentation).
pub fn to_payload(py: Python<'_>, file: &Mp4File) -> PyResult<Py<PyAny>> {
    let info_t = info_to_py(py, &file.info)?;

    let tags: Py<PyAny> = match &file.tags {
        None => py.None(),
        Some(tags) => {
            let list = items_to_py(py, tags.items())?;
            (tags.padding, list).into_pyobject(py)?.into_any().unbind()
        }
    };

    let chapters: Py<PyAny> = match &file.chapters {
        None => py.None(),
        Some(chapters) => chapters_to_py(py, chapters)?.into_any().unbind(),
    };
    Ok((info_t, tags, chapters)
        .into_pyobject(py)?
        .into_any()
        .unbind())
}

/// Parse `input` and return its payload for the Python layer.
pub fn payload(py: Python<'_>, input: &Input) -> PyResult<Py<PyAny>> {
    let file = parse(py, input)?;
    to_payload(py, &file)
}

/// Read an MP4 file: its payload (see the module documentation).
#[pyfunction]
#[allow(clippy::needless_pass_by_value)]
fn read_mp4(py: Python<'_>, input: Input) -> PyResult<Py<PyAny>> {
    payload(py, &input)
}

/// A Python file object as a core [`Source`]: each read seeks and reads through the object,
/// with the GIL held. The length is taken once, when the source is made. The first exception
/// the object raises is kept (and the read reported as an I/O error), to be raised in place
/// of the core's error.
struct FileObjSource<'py> {
    file: Bound<'py, PyAny>,
    len: u64,
    raised: RefCell<Option<PyErr>>,
}

impl<'py> FileObjSource<'py> {
    fn new(file: Bound<'py, PyAny>) -> PyResult<Self> {
        file.call_method1("seek", (0, 2))?;
        let len: u64 = file.call_method0("tell")?.extract()?;
        Ok(FileObjSource {
            file,
            len,
            raised: RefCell::new(None),
        })
    }

    fn read(&self, offset: u64, len: usize) -> PyResult<Vec<u8>> {
        self.file.call_method1("seek", (offset, 0))?;
        let data = self.file.call_method1("read", (len,))?;
        data.extract::<Vec<u8>>()
    }

    /// The exception for a core error: the one the file object raised, if any.
    fn error(&self, err: Error, convert: impl FnOnce(Error) -> PyErr) -> PyErr {
        match self.raised.borrow_mut().take() {
            Some(raised) => raised,
            None => convert(err),
        }
    }
}

impl Source for FileObjSource<'_> {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_at(&self, offset: u64, len: usize) -> mutagen_core::Result<Cow<'_, [u8]>> {
        // Clamped to the length, so that a huge claimed size never asks the object for more.
        let len = usize::try_from(self.len.saturating_sub(offset)).map_or(len, |r| r.min(len));
        match self.read(offset, len) {
            Ok(data) => Ok(Cow::Owned(data)),
            Err(e) => {
                let msg = e.to_string();
                self.raised.borrow_mut().get_or_insert(e);
                Err(Error::Io(std::io::Error::other(msg)))
            }
        }
    }
}

/// Run `f` over a file object, with panics caught; core errors are converted by `convert`
/// unless the file object raised.
fn with_fileobj<T>(
    py: Python<'_>,
    fileobj: &Bound<'_, PyAny>,
    f: impl FnOnce(&FileObjSource<'_>) -> mutagen_core::Result<T>,
    convert: impl FnOnce(Error) -> PyErr,
) -> PyResult<T> {
    let src = FileObjSource::new(fileobj.clone())?;
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&src))) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(src.error(e, convert)),
        Err(_) => Err(crate::error::panic_error(py)),
    }
}

/// Convert a core error, raising `module.class` for the given kinds instead of the usual class.
fn convert_kinds<'py>(
    py: Python<'py>,
    kinds: &'static [ErrorKind],
    module: &'static str,
    class: &'static str,
) -> impl FnOnce(Error) -> PyErr + 'py {
    move |err| match err {
        Error::Malformed(..) | Error::Limit(..) | Error::Detailed(..)
            if kinds.contains(&err.kind()) =>
        {
            match py.import(module).and_then(|m| m.getattr(class)) {
                Ok(cls) => match cls.call1((err.message(),)) {
                    Ok(exc) => PyErr::from_value(exc),
                    Err(e) => e,
                },
                Err(e) => e,
            }
        }
        other => crate::to_pyerr(py, other),
    }
}

/// An atom as `(name, offset, length, data_offset, children)`.
fn atom_to_py<'py>(py: Python<'py>, atom: &Atom) -> PyResult<Bound<'py, PyTuple>> {
    let children: Bound<'py, PyAny> = match &atom.children {
        None => py.None().into_bound(py),
        Some(children) => {
            let list = PyList::empty(py);
            for child in children {
                list.append(atom_to_py(py, child)?)?;
            }
            list.into_any()
        }
    };
    (
        PyBytes::new(py, &atom.name),
        atom.offset,
        atom.length,
        atom.data_offset,
        children,
    )
        .into_pyobject(py)
}

/// A Python `Atom` (anything with `name`, `offset`, `length`, `_dataoffset` and `children`)
/// as a core atom, with its whole subtree.
fn atom_from_py(obj: &Bound<'_, PyAny>) -> PyResult<Atom> {
    let name: Vec<u8> = obj.getattr("name")?.extract()?;
    let name: [u8; 4] = name
        .try_into()
        .map_err(|_| pyo3::exceptions::PyValueError::new_err("atom name must be four bytes"))?;
    let children = obj.getattr("children")?;
    let children = if children.is_none() {
        None
    } else {
        let mut list = Vec::new();
        for child in children.try_iter()? {
            list.push(atom_from_py(&child?)?);
        }
        Some(list)
    };
    let offset: u64 = obj.getattr("offset")?.extract()?;
    let data_offset: u64 = obj.getattr("_dataoffset")?.extract()?;
    if data_offset < offset {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "atom payload starts before the atom",
        ));
    }
    Ok(Atom {
        name,
        offset,
        length: obj.getattr("length")?.extract()?,
        data_offset,
        children,
    })
}

/// Walk the atom at `offset` of a file object, and its children if it is a container, as
/// mutagen's `Atom(fileobj, level)` does: returns the atom (see the module documentation) and
/// the position where the file object is left after it. A malformed atom raises
/// `mutagen_rs.mp4._atom.AtomError`.
#[pyfunction]
fn mp4_atom<'py>(
    py: Python<'py>,
    fileobj: &Bound<'py, PyAny>,
    offset: u64,
    level: u32,
) -> PyResult<(Bound<'py, PyTuple>, u64)> {
    let atom_error = convert_kinds(py, &[ErrorKind::Mp4], "mutagen_rs.mp4._atom", "AtomError");
    let (atom, next) = with_fileobj(
        py,
        fileobj,
        |src| atom::parse_atom(src, offset, level, true),
        |err| match err {
            // An atom ends past the largest offset: what mutagen meets there is the file
            // object's own error for seeking that far, which differs between kinds of file
            // objects. It is raised by making the same seek.
            Error::Limit(ErrorKind::BuiltinValueError, atom::SEEK_OVERFLOW) => {
                match fileobj.call_method1("seek", (1u64 << 63, 0)) {
                    Err(e) => e,
                    Ok(_) => atom_error(err),
                }
            }
            other => atom_error(other),
        },
    )?;
    Ok((atom_to_py(py, &atom)?, next))
}

/// The stream information of a `moov` atom (a Python `Atom`), read from a file object as
/// `MP4Info.load` reads it: the `info` tuple of the payload, or `None` when there is no audio
/// track and no `mvhd` (mutagen's `MP4NoTrackError`).
#[pyfunction]
fn mp4_info<'py>(
    py: Python<'py>,
    moov: &Bound<'py, PyAny>,
    fileobj: &Bound<'py, PyAny>,
) -> PyResult<Option<Bound<'py, PyTuple>>> {
    let moov = atom_from_py(moov)?;
    let outcome = with_fileobj(
        py,
        fileobj,
        |src| properties::read_info(Some(&moov), src),
        |err| match err {
            // Given a tree, mutagen lets these escape as Python's own exceptions.
            Error::Malformed(_, msg) if properties::missing_atom_key(msg).is_some() => {
                pyo3::exceptions::PyKeyError::new_err(properties::missing_atom_key(msg))
            }
            Error::Malformed(_, properties::ZERO_TIMESCALE) => crate::to_pyerr(
                py,
                Error::Malformed(
                    ErrorKind::BuiltinZeroDivisionError,
                    properties::ZERO_TIMESCALE,
                ),
            ),
            other => crate::to_pyerr(py, other),
        },
    )?;
    match outcome {
        InfoOutcome::Info(info) => Ok(Some(info_to_py(py, &info)?)),
        InfoOutcome::NoTrack => Ok(None),
    }
}

/// The items of a `meta` atom's first `ilst` (a Python `Atom`), read from a file object as
/// `MP4Tags.load` reads them: `(padding, items, failed)`, with `padding` and `items` as in the
/// payload and `failed` a list of `(key, bytes)` for the items mutagen sets aside.
#[pyfunction]
fn mp4_tags<'py>(
    py: Python<'py>,
    meta: &Bound<'py, PyAny>,
    fileobj: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyTuple>> {
    let meta = atom_from_py(meta)?;
    let read = with_fileobj(
        py,
        fileobj,
        |src| ilst::read_meta(&meta, src),
        |e| crate::to_pyerr(py, e),
    )?;
    let failed = PyList::empty(py);
    for (key, data) in &read.failed {
        failed.append((crate::key_str(py, key.as_ref()), PyBytes::new(py, data)))?;
    }
    (read.padding, items_to_py(py, &read.items)?, failed).into_pyobject(py)
}

/// The Nero chapters of a `moov` atom (a Python `Atom`), read from a file object as
/// `MP4Chapters.load` reads them: a list of `(start, title)`, empty when the atom lacks
/// `mvhd` or `udta.chpl`.
#[pyfunction]
fn mp4_chapters<'py>(
    py: Python<'py>,
    moov: &Bound<'py, PyAny>,
    fileobj: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyList>> {
    let moov = atom_from_py(moov)?;
    let read = with_fileobj(
        py,
        fileobj,
        |src| chapters::load_chapters(&moov, src),
        |e| crate::to_pyerr(py, e),
    )?;
    chapters_to_py(py, &read)
}

/// An audio sample entry atom (a Python `Atom`), read from a file object as mutagen's
/// `AudioSampleEntry` reads it: `(channels, sample_size, sample_rate, bitrate, codec,
/// codec_description)`. A malformed entry raises `mutagen_rs.mp4._as_entry.ASEntryError`.
#[pyfunction]
#[allow(clippy::type_complexity)]
fn mp4_sample_entry(
    py: Python<'_>,
    atom: &Bound<'_, PyAny>,
    fileobj: &Bound<'_, PyAny>,
) -> PyResult<(u64, u64, u64, u64, String, String)> {
    let atom = atom_from_py(atom)?;
    let entry = with_fileobj(
        py,
        fileobj,
        |src| properties::audio_sample_entry(&atom, src),
        convert_kinds(
            py,
            &[ErrorKind::Mp4, ErrorKind::Mp4StreamInfo],
            "mutagen_rs.mp4._as_entry",
            "ASEntryError",
        ),
    )?;
    Ok((
        entry.channels,
        entry.sample_size,
        entry.sample_rate,
        entry.bitrate,
        entry.codec,
        entry.codec_description,
    ))
}

/// Split a versioned ("full") atom's payload into `(version, flags, rest)`, or `None` when it
/// is shorter than four bytes.
#[pyfunction]
fn mp4_parse_full_atom<'py>(
    py: Python<'py>,
    data: &[u8],
) -> Option<(u8, u32, Bound<'py, PyBytes>)> {
    properties::parse_full_atom(data).map(|(v, f, rest)| (v, f, PyBytes::new(py, rest)))
}

/// Register this format's functions in the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(read_mp4, m)?)?;
    m.add_function(wrap_pyfunction!(mp4_atom, m)?)?;
    m.add_function(wrap_pyfunction!(mp4_info, m)?)?;
    m.add_function(wrap_pyfunction!(mp4_tags, m)?)?;
    m.add_function(wrap_pyfunction!(mp4_chapters, m)?)?;
    m.add_function(wrap_pyfunction!(mp4_sample_entry, m)?)?;
    m.add_function(wrap_pyfunction!(mp4_parse_full_atom, m)?)?;
    Ok(())
}
