//! The Python classes the native results are built as, registered by the package itself.
//!
//! Dependencies run one way: the pure-Python package imports `_native` and hands it, once at
//! import, the objects the native side builds results from (`register_id3_stamps` and
//! `register_id3_frames` at the end of `mutagen_rs/id3/_frames.py`, `register_flac_blocks` in
//! `mutagen_rs/flac.py`, `register_mp4_values` in `mutagen_rs/mp4/__init__.py`). The binding
//! never looks up a private Python name by string. When a read needs classes before their
//! module was imported (the first `File()` of an MP3, say), the binding imports the public
//! module (`mutagen_rs.id3`, ...), whose import registers them.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

/// What `mutagen_rs.id3` registered: its frame classes and the function that describes one.
pub struct Id3Frames {
    /// The ID3v2.3/2.4 frame classes by frame ID.
    pub frames: Py<PyDict>,
    /// The ID3v2.2 frame classes by frame ID (their field names name the fields of the batch
    /// outputs; without those outputs nothing reads them).
    #[cfg_attr(not(any(feature = "json", feature = "msgpack")), allow(dead_code))]
    pub frames_2_2: Py<PyDict>,
    /// `describe(cls) -> (names, converters)`: a frame class's field names in spec order and,
    /// for each, what its native value goes through (`None`: nothing; a dict: a table of the
    /// field's values by native value; otherwise a callable).
    pub describe: Py<PyAny>,
}

static ID3_FRAMES: PyOnceLock<Id3Frames> = PyOnceLock::new();

/// Register the ID3 frame classes (called once by `mutagen_rs.id3._frames` at its import).
///
/// `frames` and `frames_2_2` are the ID3v2.3/2.4 and ID3v2.2 frame classes by frame ID;
/// `describe(cls)` gives a class's `(field names, converters)`. A second registration is
/// ignored: the first one stays for the life of the process.
#[pyfunction]
fn register_id3_frames(
    py: Python<'_>,
    frames: Bound<'_, PyDict>,
    frames_2_2: Bound<'_, PyDict>,
    describe: Bound<'_, PyAny>,
) {
    let _ = ID3_FRAMES.set(
        py,
        Id3Frames {
            frames: frames.unbind(),
            frames_2_2: frames_2_2.unbind(),
            describe: describe.unbind(),
        },
    );
}

/// What `cell` holds, importing `module` first (whose import registers it) if it holds nothing
/// yet; `what` names it in the error when the import did not register it.
fn registered<'py, T>(
    py: Python<'py>,
    cell: &'py PyOnceLock<T>,
    module: &str,
    what: &str,
) -> PyResult<&'py T> {
    if let Some(found) = cell.get(py) {
        return Ok(found);
    }
    py.import(module)?;
    cell.get(py).ok_or_else(|| {
        pyo3::exceptions::PyRuntimeError::new_err(format!(
            "{module} did not register its {what} with mutagen_rs._native"
        ))
    })
}

/// The registered ID3 frame classes, importing `mutagen_rs.id3` first if they are not yet.
pub fn id3_frames(py: Python<'_>) -> PyResult<&Id3Frames> {
    registered(py, &ID3_FRAMES, "mutagen_rs.id3", "frame classes")
}

/// What `mutagen_rs.id3` registered for rendering frames natively (see `id3_render`).
pub struct Id3Specs {
    /// `Frame._writeData`: a class with another one renders itself.
    pub write_data: Py<PyAny>,
    /// `TextFrame`, whose instances render as nothing when their text is empty.
    pub text_frame: Py<pyo3::types::PyType>,
    /// `TextFrame.__str__`, which decides when that is.
    pub text_str: Py<PyAny>,
    /// The kind of each field spec class whose `write` the native renderer knows, by class.
    pub kinds: Py<PyDict>,
}

static ID3_SPECS: PyOnceLock<Id3Specs> = PyOnceLock::new();

/// Register what frames are rendered from (called once by `mutagen_rs.id3._frames` at its
/// import): `Frame._writeData`, `TextFrame`, `TextFrame.__str__`, and a dict from field spec
/// classes to the kind of their `write` (see `id3_render::Kind`). A second registration is
/// ignored.
#[pyfunction]
fn register_id3_specs(
    py: Python<'_>,
    write_data: Bound<'_, PyAny>,
    text_frame: Bound<'_, pyo3::types::PyType>,
    text_str: Bound<'_, PyAny>,
    kinds: Bound<'_, PyDict>,
) {
    let _ = ID3_SPECS.set(
        py,
        Id3Specs {
            write_data: write_data.unbind(),
            text_frame: text_frame.unbind(),
            text_str: text_str.unbind(),
            kinds: kinds.unbind(),
        },
    );
}

/// The registered spec kinds, or `None` before `mutagen_rs.id3` registered them.
pub fn id3_specs(py: Python<'_>) -> Option<&Id3Specs> {
    ID3_SPECS.get(py)
}

/// What `mutagen_rs.id3` registered for its time stamp fields: the converter its frame
/// descriptions give them (`_stamps`), and `ID3TimeStamp`, whose objects the native reader
/// makes itself for text of the plain form (see `mutagen_core::id3::plain_timestamp_parts`).
pub struct Id3Stamps {
    /// The converter of a time stamp list field, as `describe` gives it.
    pub convert: Py<PyAny>,
    /// `ID3TimeStamp`.
    pub class: Py<PyAny>,
}

static ID3_STAMPS: PyOnceLock<Id3Stamps> = PyOnceLock::new();

/// Register the converter of ID3 time stamp fields and the `ID3TimeStamp` class (called once
/// by `mutagen_rs.id3._frames` at its import). A second registration is ignored.
#[pyfunction]
fn register_id3_stamps(py: Python<'_>, convert: Bound<'_, PyAny>, class: Bound<'_, PyAny>) {
    let _ = ID3_STAMPS.set(
        py,
        Id3Stamps {
            convert: convert.unbind(),
            class: class.unbind(),
        },
    );
}

/// The registered time stamp converter and class, or `None` before `mutagen_rs.id3`
/// registered them.
pub fn id3_stamps(py: Python<'_>) -> Option<&Id3Stamps> {
    ID3_STAMPS.get(py)
}

/// What `mutagen_rs.flac` registered: the classes of the metadata blocks the native reader
/// makes itself (the others come as payload tuples, see `crate::flac`).
pub struct FlacBlocks {
    /// `StreamInfo`.
    pub stream_info: Py<PyAny>,
    /// `Padding`.
    pub padding: Py<PyAny>,
    /// `Picture`.
    pub picture: Py<PyAny>,
    /// `MetadataBlock`, for the block types without a class of their own.
    pub other: Py<PyAny>,
}

static FLAC_BLOCKS: PyOnceLock<FlacBlocks> = PyOnceLock::new();

/// Register the FLAC block classes the reader makes objects of (called once by
/// `mutagen_rs.flac` at its import). A second registration is ignored.
#[pyfunction]
fn register_flac_blocks(
    py: Python<'_>,
    stream_info: Bound<'_, PyAny>,
    padding: Bound<'_, PyAny>,
    picture: Bound<'_, PyAny>,
    other: Bound<'_, PyAny>,
) {
    let _ = FLAC_BLOCKS.set(
        py,
        FlacBlocks {
            stream_info: stream_info.unbind(),
            padding: padding.unbind(),
            picture: picture.unbind(),
            other: other.unbind(),
        },
    );
}

/// The registered FLAC block classes, importing `mutagen_rs.flac` first if they are not yet.
pub fn flac_blocks(py: Python<'_>) -> PyResult<&FlacBlocks> {
    registered(py, &FLAC_BLOCKS, "mutagen_rs.flac", "block classes")
}

/// What `mutagen_rs.mp4` registered: the classes of the cover and freeform values of its tags.
pub struct Mp4Values {
    /// `MP4Cover`, called as `MP4Cover(data, imageformat)`.
    pub cover: Py<PyAny>,
    /// `MP4Cover.FORMAT_JPEG`: the format of a cover whose data type names none.
    pub jpeg: Py<PyAny>,
    /// `MP4FreeForm`, called as `MP4FreeForm(data, dataformat, version)`.
    pub freeform: Py<PyAny>,
}

static MP4_VALUES: PyOnceLock<Mp4Values> = PyOnceLock::new();

/// Register the classes MP4 cover and freeform values are made as (called once by
/// `mutagen_rs.mp4` at its import): `MP4Cover` and `MP4FreeForm`. A second registration is
/// ignored.
#[pyfunction]
fn register_mp4_values(
    py: Python<'_>,
    cover: Bound<'_, PyAny>,
    freeform: Bound<'_, PyAny>,
) -> PyResult<()> {
    let jpeg = cover.getattr(pyo3::intern!(py, "FORMAT_JPEG"))?;
    let _ = MP4_VALUES.set(
        py,
        Mp4Values {
            cover: cover.unbind(),
            jpeg: jpeg.unbind(),
            freeform: freeform.unbind(),
        },
    );
    Ok(())
}

/// The registered MP4 value classes, importing `mutagen_rs.mp4` first if they are not yet.
pub fn mp4_values(py: Python<'_>) -> PyResult<&Mp4Values> {
    registered(py, &MP4_VALUES, "mutagen_rs.mp4", "value classes")
}

/// Register this module's functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(register_id3_frames, m)?)?;
    m.add_function(wrap_pyfunction!(register_id3_specs, m)?)?;
    m.add_function(wrap_pyfunction!(register_id3_stamps, m)?)?;
    m.add_function(wrap_pyfunction!(register_flac_blocks, m)?)?;
    m.add_function(wrap_pyfunction!(register_mp4_values, m)?)
}
