//! The ID3 payload: an `Id3Tag` as plain Python data for `mutagen_rs.id3.ID3`.
//!
//! The payload is `(version, size, flags, frames, unknown_frames, unknown_version, padding)`:
//! `version` is `(2, major, rev)` or `(1, 1)` for a tag read from ID3v1 alone, `size` is
//! mutagen's `ID3.size` (0 without an ID3v2 header), `flags` the header flags, `frames` a
//! dict of frame by hash key in mutagen's order, each frame an instance of its `mutagen_rs.id3`
//! class built here (`crate::construct`: fields set in the class's spec order, converted by
//! the converters the class's description gives; the classes are those `mutagen_rs.id3`
//! registered, see `crate::registry`, or with `known_frames` the class it gives for the frame
//! ID), and `padding` mutagen's `ID3._padding`. Embedded frames (CHAP, CTOC) are
//! `(frames, unknown_frames, unknown_version)` triples.
//!
//! Also here: the pieces of the tag reader mutagen's API exposes on their own (`ID3Header`,
//! `determine_bpi`, `ID3Tags._read`, `ParseID3v1`, `find_id3v1`).

use mutagen_core::id3::{self, Id3Tag, Tags, Value};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

use crate::Input;

fn value(
    py: Python<'_>,
    v: &mut Value,
    classes: Option<&Bound<'_, PyDict>>,
) -> PyResult<Py<PyAny>> {
    // The fields that own buffers: binary data may be handed over (see `crate::blob`).
    match v {
        Value::Bytes(b) => return Ok(crate::blob::payload(py, b)?.unbind()),
        Value::Frames(t) => return frames_payload(py, t, classes, true),
        _ => {}
    }
    Ok(match &*v {
        Value::Int(i) => i.into_pyobject(py)?.into_any().unbind(),
        Value::BigInt(b) => {
            let int = py.get_type::<pyo3::types::PyInt>();
            int.call_method1("from_bytes", (PyBytes::new(py, b), "big"))?
                .unbind()
        }
        Value::Float(f) => f.into_pyobject(py)?.into_any().unbind(),
        Value::Text(s) => s.into_pyobject(py)?.into_any().unbind(),
        Value::TextList(v) => crate::list(py, v.iter())?.into_any().unbind(),
        Value::People(v) => PyList::new(
            py,
            v.iter()
                .map(|(a, b)| crate::list(py, [a, b]))
                .collect::<PyResult<Vec<_>>>()?,
        )?
        .into_any()
        .unbind(),
        Value::SyncText(v) => crate::list(py, v)?.into_any().unbind(),
        Value::Events(v) => crate::list(py, v)?.into_any().unbind(),
        Value::Adjustments(v) => crate::list(py, v)?.into_any().unbind(),
        Value::IntList(v) => crate::list(py, v)?.into_any().unbind(),
        _ => py.None(),
    })
}

/// What a field's native value goes through to become its Python value.
enum Conv {
    /// Nothing: the value as the parser gives it.
    AsIs,
    /// A table of the field's values by native value (`_frames._Members`: named ints).
    Table(Py<PyDict>),
    /// A callable applied to the value.
    Call(Py<PyAny>),
    /// The registered time stamp converter (see `crate::registry::Id3Stamps`), with the
    /// `ID3TimeStamp` class: each text of the plain form made an `ID3TimeStamp` here, any
    /// other through the class.
    Stamps {
        convert: Py<PyAny>,
        class: Py<PyAny>,
    },
}

/// How to build the frames of one class: the class, its field names (interned) in spec order,
/// and for each field its converter. Made once per class from what the class's module
/// registered (`crate::registry`); never changes after.
struct OwnedBuilder {
    class: Py<PyAny>,
    names: Vec<Py<PyString>>,
    convs: Vec<Conv>,
    /// Where `desc` is among the fields (an APIC's key carries a salt after it).
    desc_at: Option<usize>,
    /// The frame ID as a Python string: the key of every frame whose key is its ID.
    id: Py<PyString>,
}

impl OwnedBuilder {
    /// The builder of `class`, described by the registered `describe` function.
    fn of_class(class: &Bound<'_, PyAny>, id: &str) -> PyResult<Self> {
        let py = class.py();
        let describe = crate::registry::id3_frames(py)?.describe.bind(py);
        let (names, convs): (Bound<'_, PyTuple>, Bound<'_, PyTuple>) =
            describe.call1((class,))?.extract()?;
        let names = names
            .iter()
            .map(|n| {
                let n = n.cast_into::<PyString>()?;
                Ok(PyString::intern(py, n.to_str()?).unbind())
            })
            .collect::<PyResult<Vec<_>>>()?;
        let stamps = crate::registry::id3_stamps(py);
        let convs = convs
            .iter()
            .map(|c| {
                Ok(if c.is_none() {
                    Conv::AsIs
                } else if let Ok(table) = c.cast::<PyDict>() {
                    Conv::Table(table.clone().unbind())
                } else if let Some(s) = stamps.filter(|s| c.is(s.convert.bind(py))) {
                    Conv::Stamps {
                        convert: c.unbind(),
                        class: s.class.clone_ref(py),
                    }
                } else {
                    Conv::Call(c.unbind())
                })
            })
            .collect::<PyResult<Vec<_>>>()?;
        let desc_at = names
            .iter()
            .position(|n| n.bind(py).to_str().ok() == Some("desc"));
        Ok(OwnedBuilder {
            class: class.clone().unbind(),
            names,
            convs,
            desc_at,
            id: PyString::intern(py, id).unbind(),
        })
    }
}

/// One frame object, built as `Frame._from_fields` builds it: an instance made without
/// `__init__`, its fields set in spec order (converted where the spec says), plus the `salt`
/// of an APIC whose key carries one.
fn build_frame<'py>(
    py: Python<'py>,
    builder: &OwnedBuilder,
    key: &Bound<'py, PyString>,
    frame: &mut mutagen_core::id3::Frame,
    classes: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let obj = crate::construct::NewObject::new(builder.class.bind(py))?;
    let mut desc_len = None;
    for ((i, field), (name, conv)) in frame
        .fields
        .iter_mut()
        .enumerate()
        .zip(builder.names.iter().zip(&builder.convs))
    {
        let v = if let (Conv::Stamps { class, .. }, Value::TextList(texts)) = (conv, &*field) {
            stamps(class.bind(py), texts.iter())?.into_any()
        } else {
            let v = value(py, field, classes)?.into_bound(py);
            match conv {
                Conv::AsIs => v,
                Conv::Table(table) => table.bind(py).as_any().get_item(v)?,
                Conv::Call(f) | Conv::Stamps { convert: f, .. } => f.bind(py).call1((v,))?,
            }
        };
        if builder.desc_at == Some(i) {
            desc_len = Some(v.len()?);
        }
        obj.set(name.bind(py), &v)?;
    }
    if let (Some(desc_len), "APIC") = (desc_len, frame.id()) {
        let start = 5 + desc_len;
        let len = key.len()?;
        if start < len {
            let salt = key.get_item(pyo3::types::PySlice::new(
                py,
                start as isize,
                len as isize,
                1,
            ))?;
            obj.set(intern!(py, "salt"), &salt)?;
        }
    }
    Ok(obj.into_object())
}

/// `[ID3TimeStamp(t) for t in texts]`: a text of the plain form made here as `set_text` makes
/// it (each part an int, or `None` where absent, set in its order), any other by the class.
fn stamps<'py, 'a>(
    class: &Bound<'py, PyAny>,
    texts: impl Iterator<Item = &'a str>,
) -> PyResult<Bound<'py, PyList>> {
    let py = class.py();
    // `ID3TimeStamp`'s parts, in the order `set_text` sets them.
    let names = [
        intern!(py, "year"),
        intern!(py, "month"),
        intern!(py, "day"),
        intern!(py, "hour"),
        intern!(py, "minute"),
        intern!(py, "second"),
    ];
    let list = PyList::empty(py);
    for text in texts {
        let Some(parts) = id3::plain_timestamp_parts(text) else {
            list.append(class.call1((text,))?)?;
            continue;
        };
        let obj = crate::construct::NewObject::new(class)?;
        for (name, part) in names.iter().zip(parts) {
            let value = match part {
                Some(n) => n.into_pyobject(py)?.into_any(),
                None => py.None().into_bound(py),
            };
            obj.set(name, &value)?;
        }
        list.append(obj.into_object())?;
    }
    Ok(list)
}

/// The builders met so far, by frame ID (at most one per frame class).
static BUILDERS: std::sync::OnceLock<
    std::sync::Mutex<std::collections::HashMap<&'static str, std::sync::Arc<OwnedBuilder>>>,
> = std::sync::OnceLock::new();

/// The builder of the registered frame class `id`, made on its first use.
fn builder_for(py: Python<'_>, id: &'static str) -> PyResult<std::sync::Arc<OwnedBuilder>> {
    let cache = BUILDERS.get_or_init(Default::default);
    if let Some(b) = cache.lock().ok().and_then(|m| m.get(id).cloned()) {
        return Ok(b);
    }
    let classes = crate::registry::id3_frames(py)?.frames.bind(py);
    let Some(class) = classes.get_item(id)? else {
        return Err(pyo3::exceptions::PyKeyError::new_err(id));
    };
    let b = std::sync::Arc::new(OwnedBuilder::of_class(&class, id)?);
    if let Ok(mut m) = cache.lock() {
        m.insert(id, b.clone());
    }
    Ok(b)
}

/// The Python key of a frame: the interned frame ID where the key is the ID.
fn frame_key<'py>(
    py: Python<'py>,
    key: &str,
    id: &str,
    builder: &OwnedBuilder,
) -> Bound<'py, PyString> {
    if cfg!(feature = "interned-keys") && key == id {
        builder.id.bind(py).clone()
    } else {
        crate::key_str(py, key)
    }
}

/// The frames of `tags` as `(frames, unknown_frames, unknown_version)`; `classes` (the
/// `known_frames` given to `ID3.load`) names the class each frame ID is built as. `frames` is
/// a dict of frame by key when `as_dict`, else a list of `(key, frame)` pairs.
fn frames_payload(
    py: Python<'_>,
    tags: &mut Tags,
    classes: Option<&Bound<'_, PyDict>>,
    as_dict: bool,
) -> PyResult<Py<PyAny>> {
    // The builders of the classes met in this tag (a tag has few distinct frame IDs).
    let mut builders: Vec<(&'static str, std::sync::Arc<OwnedBuilder>)> = Vec::new();
    let dict = PyDict::new(py);
    let mut pairs: Vec<Bound<'_, PyTuple>> =
        Vec::with_capacity(if as_dict { 0 } else { tags.len() });
    for (key, frame) in tags.iter_mut() {
        let id = frame.id();
        let at = if let Some(at) = builders.iter().position(|(k, _)| *k == id) {
            at
        } else {
            let custom = match classes {
                Some(c) => c.get_item(id)?,
                None => None,
            };
            let builder = match custom {
                Some(class) => std::sync::Arc::new(OwnedBuilder::of_class(&class, id)?),
                None => builder_for(py, id)?,
            };
            builders.push((id, builder));
            builders.len() - 1
        };
        let builder = &builders[at].1;
        let key = frame_key(py, key, id, builder);
        let obj = build_frame(py, builder, &key, frame, classes)?;
        if as_dict {
            dict.set_item(key, obj)?;
        } else {
            pairs.push(PyTuple::new(py, [key.into_any(), obj])?);
        }
    }
    let frames = if as_dict {
        dict.into_any()
    } else {
        crate::list(py, pairs)?.into_any()
    };
    let unknown = crate::list(py, tags.unknown_frames.iter().map(|b| PyBytes::new(py, b)))?;
    Ok((frames, unknown, tags.unknown_version)
        .into_pyobject(py)?
        .into_any()
        .unbind())
}

/// The payload `mutagen_rs.id3.ID3._from_payload` builds an `ID3` object from.
pub fn tag_payload(py: Python<'_>, tag: &mut Id3Tag) -> PyResult<Py<PyAny>> {
    tag_payload_with(py, tag, None)
}

/// [`tag_payload`], each frame built as the class `classes` gives for its ID (where it gives
/// one).
pub(crate) fn tag_payload_with(
    py: Python<'_>,
    tag: &mut Id3Tag,
    classes: Option<&Bound<'_, PyDict>>,
) -> PyResult<Py<PyAny>> {
    let version = if tag.has_v2_header {
        PyTuple::new(py, [tag.version.0, tag.version.1, tag.version.2])?
    } else {
        PyTuple::new(py, [1u8, 1])?
    };
    #[cfg(feature = "lazy-objects")]
    let frames = if classes.is_none() {
        lazy::payload(py, tag)?
    } else {
        frames_payload(py, tag.frames_mut(), classes, true)?
    };
    #[cfg(not(feature = "lazy-objects"))]
    let frames = frames_payload(py, tag.frames_mut(), classes, true)?;
    let frames = frames.bind(py);
    Ok((
        version,
        tag.size.unwrap_or(0),
        tag.flags,
        frames.get_item(0)?,
        frames.get_item(1)?,
        frames.get_item(2)?,
        tag.padding,
    )
        .into_pyobject(py)?
        .into_any()
        .unbind())
}

/// The frame IDs of a `known_frames` dict.
pub(crate) fn known_ids(known: &Bound<'_, PyDict>) -> PyResult<id3::KnownFrames> {
    known
        .keys()
        .iter()
        .filter_map(|k| k.extract::<String>().ok().map(Ok))
        .collect()
}

/// Read the ID3 tag of a file: the payload of `ID3(path, ...)`, with `ID3.load`'s options.
#[pyfunction]
#[pyo3(signature = (input, translate=true, v2_version=4, load_v1=true, known_frames=None))]
#[allow(clippy::needless_pass_by_value)] // pyo3 extracts arguments by value
fn read_id3(
    py: Python<'_>,
    input: Input,
    translate: bool,
    v2_version: u8,
    load_v1: bool,
    known_frames: Option<Bound<'_, PyDict>>,
) -> PyResult<Py<PyAny>> {
    let mut opts = id3::ReadOptions::default();
    opts.translate = translate;
    opts.v2_version = v2_version;
    opts.load_v1 = load_v1;
    opts.known = known_frames.as_ref().map(known_ids).transpose()?;
    let mut tag = crate::with_source(py, &input, |src| id3::read_with(src, &opts))?;
    tag_payload_with(py, &mut tag, known_frames.as_ref())
}

/// Decode the frames of an ID3v2 tag body: `((frames, unknown_frames, unknown_version),
/// padding)`, for `ID3Tags._read`.
#[pyfunction]
#[pyo3(signature = (major, flags, body, known_frames=None))]
#[allow(clippy::needless_pass_by_value)] // pyo3 extracts arguments by value
fn decode_id3_frames(
    py: Python<'_>,
    major: u8,
    flags: u8,
    body: &[u8],
    known_frames: Option<Bound<'_, PyDict>>,
) -> PyResult<Py<PyAny>> {
    let known = known_frames.as_ref().map(known_ids).transpose()?;
    let (mut tags, padding) = id3::decode_frames_with(major, flags, body, known.as_ref())
        .map_err(|e| crate::error::to_pyerr(py, e))?;
    let frames = frames_payload(py, &mut tags, known_frames.as_ref(), false)?;
    Ok((frames, padding).into_pyobject(py)?.into_any().unbind())
}

/// Parse an ID3v2 header (`ID3Header`): `(version, flags, size, ext_size_or_None)`.
#[pyfunction]
fn parse_id3_header(py: Python<'_>, data: &[u8]) -> PyResult<Py<PyAny>> {
    let h = id3::parse_header(data).map_err(|e| crate::error::to_pyerr(py, e))?;
    let version = PyTuple::new(py, [h.version.0, h.version.1, h.version.2])?;
    Ok((version, h.flags, h.size, h.ext_size)
        .into_pyobject(py)?
        .into_any()
        .unbind())
}

/// mutagen's `determine_bpi`: whether the frame sizes of an ID3v2.4 body are syncsafe,
/// counting the frames whose ID `known` (a container of IDs) holds.
#[pyfunction]
fn id3_sizes_are_syncsafe(data: &[u8], known: &Bound<'_, PyAny>) -> bool {
    id3::sizes_are_syncsafe(data, |name| known.contains(name).unwrap_or(false))
}

/// mutagen's `find_id3v1` on the last bytes of a file (up to 131 of them): `(frames, offset)`
/// with `frames` as [`parse_id3v1`] gives them and `offset` where the tag starts, counted from
/// the end (negative); `(None, 0)` without a tag.
#[pyfunction]
#[pyo3(signature = (data, v2_version=4, known_frames=None))]
fn find_id3v1_in(
    py: Python<'_>,
    data: &[u8],
    v2_version: u8,
    known_frames: Option<Bound<'_, PyDict>>,
) -> PyResult<Py<PyAny>> {
    let found = match id3::locate_id3v1(data) {
        Some(idx) => {
            let frames = parse_id3v1(py, &data[idx..], v2_version, known_frames)?;
            (!frames.is_none(py)).then(|| (frames, idx as i64 - data.len() as i64))
        }
        None => None,
    };
    let (frames, offset) = found.unwrap_or_else(|| (py.None(), 0));
    Ok((frames, offset).into_pyobject(py)?.into_any().unbind())
}

/// Parse an ID3v1 tag (`ParseID3v1`): `None`, or the frames of the tag as `(key, frame)` pairs,
/// limited to the IDs of `known_frames` and built as its classes where it is given.
#[pyfunction]
#[pyo3(signature = (data, v2_version=4, known_frames=None))]
#[allow(clippy::needless_pass_by_value)] // pyo3 extracts arguments by value
fn parse_id3v1(
    py: Python<'_>,
    data: &[u8],
    v2_version: u8,
    known_frames: Option<Bound<'_, PyDict>>,
) -> PyResult<Py<PyAny>> {
    let Some(start) = data.windows(3).position(|w| w == b"TAG") else {
        return Ok(py.None());
    };
    let known = known_frames.as_ref().map(known_ids).transpose()?;
    let Some(frames) = id3::parse_id3v1_known(&data[start..], v2_version, known.as_ref()) else {
        return Ok(py.None());
    };
    let mut tags = Tags::new();
    for f in frames {
        tags.add(f, true);
    }
    frames_payload(py, &mut tags, known_frames.as_ref(), false)
}

/// The ID3v1 genre names, for `TCON.GENRES`.
#[pyfunction]
fn id3_genres() -> Vec<&'static str> {
    id3::genres::GENRES.to_vec()
}

/// Register this format's functions in the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(read_id3, m)?)?;
    m.add_function(wrap_pyfunction!(decode_id3_frames, m)?)?;
    m.add_function(wrap_pyfunction!(parse_id3_header, m)?)?;
    m.add_function(wrap_pyfunction!(id3_sizes_are_syncsafe, m)?)?;
    m.add_function(wrap_pyfunction!(parse_id3v1, m)?)?;
    m.add_function(wrap_pyfunction!(find_id3v1_in, m)?)?;
    m.add_function(wrap_pyfunction!(id3_genres, m)?)?;
    #[cfg(feature = "lazy-objects")]
    lazy::register(m)?;
    Ok(())
}

/// The `lazy-objects` variant: the frames of a tag stay Rust data until a key is looked up.
#[cfg(feature = "lazy-objects")]
mod lazy {
    use std::sync::{Arc, Mutex, TryLockError};

    use mutagen_core::id3::{Frame, Id3Tag, Value};
    use pyo3::exceptions::PyKeyError;
    use pyo3::prelude::*;
    use pyo3::sync::PyOnceLock;
    use pyo3::types::{PyDict, PyList};

    use super::{build_frame, builder_for, frame_key, OwnedBuilder};

    /// One frame: its key, its class's builder, its parsed data, and its object once built.
    struct Entry {
        key: Py<pyo3::types::PyString>,
        builder: Arc<OwnedBuilder>,
        /// Held while the object is built, so that two threads never build it at once.
        frame: Mutex<Frame>,
        built: PyOnceLock<Py<PyAny>>,
    }

    /// The frame dictionary of an ID3 tag whose frame objects are built on first access and
    /// then kept: `mutagen_rs.id3.ID3Tags` holds it in place of a dict. Keys (a real dict,
    /// key to position) are made up front; `to_dict()` builds every frame at once. Safe to
    /// use from several threads: a frame is built once, by the first thread to ask for it.
    #[pyclass(module = "mutagen_rs._native", name = "LazyFrames", frozen)]
    pub struct LazyFrames {
        /// Key to position in `frames`.
        index: Py<PyDict>,
        /// The frames in dictionary order.
        frames: Vec<Entry>,
    }

    impl LazyFrames {
        fn build(&self, py: Python<'_>, at: usize) -> PyResult<Py<PyAny>> {
            let Some(e) = self.frames.get(at) else {
                return Err(PyKeyError::new_err(at));
            };
            if let Some(obj) = e.built.get(py) {
                return Ok(obj.clone_ref(py));
            }
            // Building runs Python code, which may let another thread in: a second thread
            // asking for the same frame waits for the lock without the GIL, then finds it built.
            let mut frame = loop {
                match e.frame.try_lock() {
                    Ok(guard) => break guard,
                    Err(TryLockError::Poisoned(p)) => break p.into_inner(),
                    Err(TryLockError::WouldBlock) => {
                        py.detach(|| drop(e.frame.lock()));
                        if let Some(obj) = e.built.get(py) {
                            return Ok(obj.clone_ref(py));
                        }
                    }
                }
            };
            if let Some(obj) = e.built.get(py) {
                return Ok(obj.clone_ref(py));
            }
            let obj = build_frame(py, &e.builder, e.key.bind(py), &mut frame, None)?;
            let obj = e.built.get_or_init(py, || obj.unbind()).clone_ref(py);
            // The object is built and kept: the frame's binary payloads are dropped, which
            // gives their buffers back to this thread's pool, so that the next large read
            // reuses their pages.
            for field in &mut frame.fields {
                if let Value::Bytes(data) = field {
                    drop(std::mem::take(data));
                }
            }
            Ok(obj)
        }
    }

    #[pymethods]
    impl LazyFrames {
        fn __getitem__(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
            match self.index.bind(py).get_item(key)? {
                Some(at) => self.build(py, at.extract()?),
                None => Err(PyKeyError::new_err(key.clone().unbind())),
            }
        }

        fn __contains__(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<bool> {
            self.index.bind(py).contains(key)
        }

        fn __len__(&self) -> usize {
            self.frames.len()
        }

        fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            self.index.bind(py).as_any().try_iter().map(Bound::into_any)
        }

        /// The keys in order, as a live view (what `dict.keys()` gives).
        fn keys<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            self.index.bind(py).call_method0("keys")
        }

        /// Every frame, in key order (built now where not yet built).
        fn values<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
            let objs = (0..self.frames.len())
                .map(|at| self.build(py, at))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, objs)
        }

        /// Every frame as a plain `dict`, built at once.
        #[allow(clippy::wrong_self_convention)] // the Python name: builds, then converts
        fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
            let d = PyDict::new(py);
            for (at, e) in self.frames.iter().enumerate() {
                d.set_item(e.key.bind(py), self.build(py, at)?)?;
            }
            Ok(d)
        }

        /// The frame at `key`, or `default`.
        #[pyo3(signature = (key, default=None))]
        fn get(
            &self,
            py: Python<'_>,
            key: &Bound<'_, PyAny>,
            default: Option<Py<PyAny>>,
        ) -> PyResult<Py<PyAny>> {
            match self.index.bind(py).get_item(key)? {
                Some(at) => self.build(py, at.extract()?),
                None => Ok(default.unwrap_or_else(|| py.None())),
            }
        }

        /// How many frame objects have been built so far.
        fn built(&self, py: Python<'_>) -> usize {
            self.frames
                .iter()
                .filter(|e| e.built.get(py).is_some())
                .count()
        }
    }

    /// The frames of `tag` as a [`LazyFrames`]: keys now, frame objects later.
    pub fn payload(py: Python<'_>, tag: &mut Id3Tag) -> PyResult<Py<PyAny>> {
        let tags = std::mem::take(tag.frames_mut());
        let unknown = crate::list(
            py,
            tags.unknown_frames
                .iter()
                .map(|b| pyo3::types::PyBytes::new(py, b)),
        )?;
        let version = tags.unknown_version;
        let index = PyDict::new(py);
        let mut frames = Vec::with_capacity(tags.len());
        // The builders of the classes met in this tag, looked up once each.
        let mut builders: Vec<(&'static str, Arc<OwnedBuilder>)> = Vec::new();
        for (key, frame) in tags.into_entries() {
            let id = frame.id();
            let owned = if let Some((_, b)) = builders.iter().find(|(k, _)| *k == id) {
                b.clone()
            } else {
                let b = builder_for(py, id)?;
                builders.push((id, b.clone()));
                b
            };
            let key = frame_key(py, &key, id, &owned);
            index.set_item(&key, frames.len())?;
            frames.push(Entry {
                key: key.unbind(),
                builder: owned,
                frame: Mutex::new(frame),
                built: PyOnceLock::new(),
            });
        }
        let lazy = Bound::new(
            py,
            LazyFrames {
                index: index.unbind(),
                frames,
            },
        )?;
        Ok((lazy, unknown, version)
            .into_pyobject(py)?
            .into_any()
            .unbind())
    }

    /// Register the class.
    pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add_class::<LazyFrames>()
    }
}
