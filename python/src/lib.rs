//! The native module `mutagen_rs._native`: a thin PyO3 layer over `mutagen_core`.
//!
//! Each format has one file here that turns the core's parsed result into plain Python data
//! (tuples, lists, dicts, bytes); the pure-Python package `mutagen_rs` builds mutagen's classes
//! from that data. Parsing runs with the GIL released, and no panic crosses into Python.

use std::path::PathBuf;

use mutagen_core::detect::{self, Kind};
use mutagen_core::file::{self, AudioFile, Detected};
use mutagen_core::source::{SliceSource, Source};
use mutagen_core::{apev2, monkeysaudio, musepack, optimfrog, tak, wavpack};
use pyo3::prelude::*;
use pyo3::types::PyList;

/// The `mimalloc` variant: every Rust allocation of the extension goes to mimalloc.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod ape;
mod asf;
mod blob;
mod construct;
mod error;
mod flac;
mod id3;
mod id3_render;
mod iff;
mod mp3;
mod mp4;
mod mp4_render;
mod ogg;
mod outputs;
mod plain;
mod registry;
#[cfg(feature = "scan")]
mod scan;
mod streams;
mod vorbis;
mod write;

pub use error::to_pyerr;

/// Where a Python caller's bytes come from: a path, or bytes already read from a file object.
pub enum Input {
    /// Raw bytes (a file object's contents).
    Bytes(Vec<u8>),
    /// A filesystem path (`str` or `os.PathLike`).
    Path(PathBuf),
}

impl<'a, 'py> FromPyObject<'a, 'py> for Input {
    type Error = PyErr;

    /// A `str` is a path; otherwise bytes-like objects are contents and anything else goes
    /// through `os.fspath`. (A `str` never extracts as bytes, so trying it first changes nothing
    /// but the cost of the failed attempt.)
    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(s) = obj.cast::<pyo3::types::PyString>() {
            // Names with lone surrogates (undecodable bytes) take the `os.fspath` route.
            if let Ok(text) = s.to_str() {
                return Ok(Input::Path(PathBuf::from(text)));
            }
        } else if let Ok(b) = obj.extract::<Vec<u8>>() {
            return Ok(Input::Bytes(b));
        }
        obj.extract::<PathBuf>().map(Input::Path)
    }
}

/// Keys longer than this are not interned by [`key_str`].
const INTERN_MAX: usize = 40;

/// A Python `str` for a tag key: interned when short, so that the keys repeated across many
/// files (`"title"`, `"TIT2"`, `"\u{a9}nam"`, ...) share one object instead of one per file.
/// Interned strings are dropped by Python when nothing uses them any more.
///
/// Without the `interned-keys` feature (the `pyobject` variant), every key is a new string.
#[must_use]
pub fn key_str<'py>(py: Python<'py>, key: &str) -> Bound<'py, pyo3::types::PyString> {
    if cfg!(feature = "interned-keys") && key.len() <= INTERN_MAX {
        pyo3::types::PyString::intern(py, key)
    } else {
        pyo3::types::PyString::new(py, key)
    }
}

/// A Python list of `items`: allocated at its final size in one step with the `prealloc`
/// feature, grown by appends without it (the `pyobject` variant).
pub fn list<'py, T, I>(py: Python<'py>, items: I) -> PyResult<Bound<'py, pyo3::types::PyList>>
where
    T: IntoPyObject<'py>,
    I: IntoIterator<Item = T>,
    I::IntoIter: ExactSizeIterator,
{
    if cfg!(feature = "prealloc") {
        pyo3::types::PyList::new(py, items)
    } else {
        let list = pyo3::types::PyList::empty(py);
        for item in items {
            list.append(item)?;
        }
        Ok(list)
    }
}

/// Run `f` over a source for `input`, with the GIL released and panics caught.
pub fn with_source<T: Send>(
    py: Python<'_>,
    input: &Input,
    f: impl Fn(&dyn Source) -> mutagen_core::Result<T> + Send + Sync,
) -> PyResult<T> {
    let result = py.detach(|| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match input {
            Input::Bytes(b) => f(&SliceSource::new(b)).map_err(Failure::Read),
            Input::Path(p) => {
                let src = mutagen_core::source::open_path(p).map_err(Failure::Open)?;
                f(&src).map_err(Failure::Read)
            }
        }))
    });
    match result {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(failure)) => Err(match (failure, input) {
            (failure, Input::Path(p)) => failure.into_pyerr(py, p),
            (Failure::Open(e) | Failure::Read(e), Input::Bytes(_)) => to_pyerr(py, e),
        }),
        Err(_) => Err(error::panic_error(py)),
    }
}

/// Where reading one input failed: opening the file (its exception names the file, as
/// Python's `open()` does) or parsing it.
pub enum Failure {
    /// The file could not be opened.
    Open(mutagen_core::Error),
    /// The file was opened but reading or parsing it failed.
    Read(mutagen_core::Error),
}

impl Failure {
    /// The exception `File(path)` raises for this failure.
    #[must_use]
    pub fn into_pyerr(self, py: Python<'_>, path: &std::path::Path) -> PyErr {
        match self {
            Failure::Open(e) => error::to_pyerr_at(py, e, path),
            Failure::Read(e) => error::to_pyerr_reading(py, e, path),
        }
    }
}

/// [`file::read_path`], telling a failure to open the file from a failure to read it.
pub fn read_path(path: &std::path::Path) -> Result<Detected, Failure> {
    let src = mutagen_core::source::open_path(path).map_err(Failure::Open)?;
    file::read(&file::path_name(path), &src).map_err(Failure::Read)
}

/// The class name `mutagen.File` would pick for a file, from its name, head and tail.
#[pyfunction]
fn guess_kind(name: &str, header: &[u8], tail: Option<&[u8]>) -> Option<&'static str> {
    detect::guess(name, header, tail).map(Kind::class_name)
}

/// The kinds to choose among: all of them, or those mutagen names in `options`.
fn kinds_for(options: Option<&[String]>) -> Vec<Kind> {
    match options {
        Some(names) => names
            .iter()
            .filter_map(|n| Kind::from_class_name(n))
            .collect(),
        None => detect::ALL_KINDS.to_vec(),
    }
}

/// The Python result for one detected file: `(class_name, payload)`, with a `None` payload for
/// kinds this package does not read, or `None` when no kind scored.
fn convert(py: Python<'_>, detected: &mut Detected) -> PyResult<Option<(&'static str, Py<PyAny>)>> {
    let (kind, file) = match detected {
        Detected::Unknown => return Ok(None),
        Detected::Unsupported(kind) => return Ok(Some((kind.class_name(), py.None()))),
        Detected::Read(kind, file) => (*kind, file),
    };
    let payload = match file {
        AudioFile::Mp3(f) => mp3::to_payload(py, f)?,
        AudioFile::Id3(tags) => mp3::id3_file_payload(py, tags.as_mut())?,
        AudioFile::Flac(f) => flac::to_payload(py, f)?,
        AudioFile::Ogg(f) => ogg::to_payload(py, f)?,
        AudioFile::Mp4(f) => mp4::to_payload(py, f)?,
        AudioFile::Iff(f) => iff::to_payload(py, f, None)?,
        AudioFile::Ac3(i) => streams::ac3_payload(py, i)?,
        AudioFile::Aac(i) => streams::aac_payload(py, i)?,
        AudioFile::Smf(i) => streams::smf_payload(py, *i)?,
        AudioFile::Asf(f) => asf::to_payload(py, f)?,
        other => ape::to_payload(py, other)?.unwrap_or_else(|| py.None()),
    };
    Ok(Some((kind.class_name(), payload)))
}

/// Detect a file's kind and parse it in one pass: `(class_name, payload)`, or `None` when no
/// kind scores. The payload is `None` for kinds this package does not read. With `options`
/// (mutagen class names), only those kinds are scored.
#[pyfunction]
#[pyo3(signature = (name, input, options=None))]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments as owned values
fn open_file(
    py: Python<'_>,
    name: &Bound<'_, pyo3::types::PyString>,
    input: Input,
    options: Option<Vec<String>>,
) -> PyResult<Option<(&'static str, Py<PyAny>)>> {
    // Names with lone surrogates (undecodable bytes) are scored with U+FFFD in their place:
    // detection only compares ASCII extensions, which neither form can match differently.
    let name = name.to_string_lossy();
    let kinds = kinds_for(options.as_deref());
    let mut detected = with_source(py, &input, |src| file::read_among(&kinds, &name, src))?;
    let out = convert(py, &mut detected);
    recycle_buffers(detected);
    out
}

/// Hand the large byte buffers of a converted result back to the source's buffer pool (their
/// bytes now live in Python objects), so that the next large read reuses their memory instead
/// of faulting in fresh pages. ID3 binary fields, MP4 covers and freeform values and FLAC
/// pictures need nothing here: they are payloads (`mutagen_core::util::shared::Payload`),
/// which give their buffer back when dropped.
fn recycle_buffers(detected: Detected) {
    use mutagen_core::flac::BlockData;
    use mutagen_core::source::recycle;
    match detected {
        Detected::Read(_, AudioFile::Flac(flac)) => {
            for block in flac.blocks {
                match block.data {
                    BlockData::Other(data) => recycle(data),
                    BlockData::VorbisComment(vc) => recycle_comments(vc),
                    _ => {}
                }
            }
        }
        Detected::Read(
            _,
            AudioFile::WavPack(wavpack::WavPackFile {
                tags: Some(tag), ..
            })
            | AudioFile::MonkeysAudio(monkeysaudio::MonkeysAudioFile {
                tags: Some(tag), ..
            })
            | AudioFile::Musepack(musepack::MusepackFile {
                tags: Some(tag), ..
            })
            | AudioFile::Tak(tak::TakFile {
                tags: Some(tag), ..
            })
            | AudioFile::OptimFrog(optimfrog::OptimFrogFile {
                tags: Some(tag), ..
            })
            | AudioFile::ApeV2(apev2::ApeV2File {
                tags: Some(tag), ..
            }),
        ) => recycle_ape(tag),
        Detected::Read(_, AudioFile::Ogg(ogg)) => recycle_comments(ogg.tags),
        Detected::Read(_, AudioFile::Asf(asf)) => {
            for attribute in asf.attributes {
                if let mutagen_core::asf::Value::ByteArray(data) = attribute.value {
                    recycle(data);
                }
            }
        }
        _ => {}
    }
}

/// Hand the buffers of a Vorbis comment block's large values back to the buffer pool.
fn recycle_comments(vc: mutagen_core::vorbis::VorbisComment) {
    for (_key, value) in vc.comments {
        mutagen_core::source::recycle(value.into_bytes());
    }
}

/// Hand an APEv2 tag's binary values back to the buffer pool.
fn recycle_ape(tag: mutagen_core::apev2::ApeTag) {
    for item in tag.items {
        if let mutagen_core::apev2::ApeValue::Binary(data) = item.value {
            mutagen_core::source::recycle(data);
        }
    }
}

/// Read many files in parallel. Returns a list aligned with `paths`, each element
/// `(class_name, payload)`, `None` (no kind scored) or the exception instance for that file:
/// [`BatchStream`]'s results, all taken at once.
#[pyfunction]
#[pyo3(signature = (paths, threads=None))]
fn open_batch(py: Python<'_>, paths: Vec<PathBuf>, threads: Option<usize>) -> PyResult<Py<PyList>> {
    let total = paths.len();
    let mut stream = BatchStream::new(paths, threads, None, None);
    stream.take(py, total)
}

/// The outcome of reading one file in a batch.
type BatchOutcome = mutagen_core::batch::Outcome<Result<Detected, Failure>>;

/// Files read in parallel in the background, their results taken in path order:
/// `BatchStream(paths, threads=None, ahead=None, directory=None)`, then `take(n)` for the next
/// `n` results (fewer at the end; an empty list once every result is taken). Each result is as
/// `open_batch` gives it, except that with `directory` given, a path that fails to open and is
/// a directory gives `directory` itself (the caller walks it): the paths need no check before
/// they are read, and only a failed one is asked whether it is a directory.
///
/// Files are opened, detected and parsed by `threads` background threads
/// (`mutagen_core::batch::stream`: all cores when `None` or 0) with the GIL released, up to
/// `ahead` results before the ones taken (128 when `None`); `take` turns each result into
/// Python objects, in path order, as soon as the results before it are converted. The workers
/// go on while the caller makes its objects from the results taken, so a caller taking round
/// after round keeps them busy throughout. A panic while reading one file becomes that file's
/// `MutagenError`. Dropping the stream stops the workers after their current file.
#[pyclass(module = "mutagen_rs._native", unsendable)]
pub struct BatchStream {
    stream: mutagen_core::batch::Stream<Result<Detected, Failure>>,
    names: std::sync::Arc<[PathBuf]>,
    /// Results received ahead of the next one to convert, by path index.
    waiting: Vec<Option<BatchOutcome>>,
    /// How many results have been taken.
    done: usize,
    /// What a path that is a directory gives, if the caller walks directories.
    directory: Option<Py<PyAny>>,
}

/// How many results a [`BatchStream`] reads ahead by default.
const BATCH_AHEAD: usize = 128;

#[pymethods]
impl BatchStream {
    #[new]
    #[pyo3(signature = (paths, threads=None, ahead=None, directory=None))]
    fn new(
        paths: Vec<PathBuf>,
        threads: Option<usize>,
        ahead: Option<usize>,
        directory: Option<Py<PyAny>>,
    ) -> Self {
        let total = paths.len();
        let jobs: std::sync::Arc<[PathBuf]> = paths.into();
        let names = std::sync::Arc::clone(&jobs);
        let ahead = Some(ahead.unwrap_or(BATCH_AHEAD).max(1));
        let stream =
            mutagen_core::batch::stream(jobs, threads, ahead, |_, p: &PathBuf| read_path(p));
        let mut waiting = Vec::new();
        waiting.resize_with(total, || None);
        BatchStream {
            stream,
            names,
            waiting,
            done: 0,
            directory,
        }
    }

    /// The next `n` results, in path order (fewer once the paths run out).
    fn take(&mut self, py: Python<'_>, n: usize) -> PyResult<Py<PyList>> {
        let end = self.done.saturating_add(n).min(self.names.len());
        let mut out: Vec<Py<PyAny>> = Vec::with_capacity(end - self.done);
        while self.done < end {
            if let Some(result) = self.waiting.get_mut(self.done).and_then(Option::take) {
                let item: Py<PyAny> = match result {
                    Ok(Ok(mut detected)) => match convert(py, &mut detected) {
                        Ok(Some(pair)) => pair.into_pyobject(py)?.into_any().unbind(),
                        Ok(None) => py.None(),
                        Err(e) => e.into_value(py).into_any(),
                    },
                    Ok(Err(failure)) => match &self.directory {
                        Some(dir)
                            if matches!(failure, Failure::Open(_))
                                && self.names[self.done].is_dir() =>
                        {
                            dir.clone_ref(py)
                        }
                        _ => failure
                            .into_pyerr(py, &self.names[self.done])
                            .into_value(py)
                            .into_any(),
                    },
                    Err(_) => error::panic_error(py).into_value(py).into_any(),
                };
                out.push(item);
                self.done += 1;
                continue;
            }
            // Take what has arrived; wait (GIL released) only when nothing has.
            let stream = &mut self.stream;
            let got = match stream.try_next() {
                Some(got) => got,
                None => match py.detach(|| stream.next()) {
                    Some(got) => got,
                    None => break,
                },
            };
            if let Some(slot) = self.waiting.get_mut(got.0) {
                *slot = Some(got.1);
            }
        }
        Ok(PyList::new(py, out)?.unbind())
    }

    /// The number of paths.
    fn __len__(&self) -> usize {
        self.names.len()
    }
}

/// The native module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // Whether binary values are `_native.Blob` objects instead of `bytes` (the `zero-copy` variant).
    m.add("ZERO_COPY", cfg!(feature = "zero-copy"))?;
    // Whether ID3 frame objects are built on first access (the `lazy-objects` variant).
    m.add("LAZY_OBJECTS", cfg!(feature = "lazy-objects"))?;
    #[cfg(feature = "zero-copy")]
    m.add_class::<blob::Blob>()?;
    m.add_function(wrap_pyfunction!(guess_kind, m)?)?;
    m.add_function(wrap_pyfunction!(open_file, m)?)?;
    m.add_function(wrap_pyfunction!(open_batch, m)?)?;
    m.add_class::<BatchStream>()?;
    registry::register(m)?;
    id3_render::register(m)?;
    mp4_render::register(m)?;
    id3::register(m)?;
    mp3::register(m)?;
    flac::register(m)?;
    ogg::register(m)?;
    mp4::register(m)?;
    iff::register(m)?;
    streams::register(m)?;
    ape::register(m)?;
    asf::register(m)?;
    vorbis::register(m)?;
    write::register(m)?;
    plain::register(m)?;
    outputs::register(m)?;
    #[cfg(feature = "scan")]
    scan::register(m)?;
    Ok(())
}
