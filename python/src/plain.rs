//! `_native.read_plain` and `_native.read_plain_batch`: one file as a plain dict of its kind,
//! main info numbers and text tags, the same shape as the C extension `mutagen_rs_c` returns,
//! so that the two bindings can be measured against each other doing the same work.
//!
//! The dict: `"kind"` (mutagen's class name), `"length"`, `"bitrate"`, `"sample_rate"`,
//! `"channels"` (`None` where mutagen's info object has no such attribute) and `"tags"`
//! (`{key: [text values]}`, or `None` without a tag object). ID3 keys are hash keys with the text
//! list of text frames (empty for other frames); Vorbis keys are lowercased with their values
//! grouped in file order; MP4 keys carry their text items (empty for other values).

use std::path::PathBuf;

use mutagen_core::file::{self, AudioFile, Detected};
use mutagen_core::id3::normalize_timestamp;
use mutagen_core::id3::specs::Family;
use mutagen_core::ogg::Info as OggInfo;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use crate::{error, key_str, to_pyerr, with_source, Input};

/// The four info numbers, each `None` when mutagen's info object lacks it.
struct Numbers {
    length: Option<f64>,
    bitrate: Option<i128>,
    sample_rate: Option<u64>,
    channels: Option<u64>,
}

impl Numbers {
    fn all(length: f64, bitrate: i128, sample_rate: u64, channels: u64) -> Numbers {
        Numbers {
            length: Some(length),
            bitrate: Some(bitrate),
            sample_rate: Some(sample_rate),
            channels: Some(channels),
        }
    }

    fn none() -> Numbers {
        Numbers {
            length: None,
            bitrate: None,
            sample_rate: None,
            channels: None,
        }
    }
}

fn ogg_numbers(info: &OggInfo) -> Numbers {
    match info {
        OggInfo::Vorbis(i) => Numbers::all(
            i.length,
            i.bitrate.into(),
            i.sample_rate.into(),
            i.channels.into(),
        ),
        OggInfo::Opus(i) => Numbers {
            length: Some(i.length),
            bitrate: Some(i.bitrate),
            channels: Some(i.channels.into()),
            sample_rate: None,
        },
        OggInfo::Flac(i) => Numbers {
            length: Some(i.length),
            sample_rate: Some(i.sample_rate.into()),
            channels: Some(i.channels.into()),
            bitrate: None,
        },
        OggInfo::Speex(i) => Numbers::all(
            i.length,
            i.bitrate.into(),
            i.sample_rate.into(),
            i.channels.into(),
        ),
        OggInfo::Theora(i) => Numbers {
            length: Some(i.length),
            bitrate: Some(i.bitrate.into()),
            ..Numbers::none()
        },
        _ => Numbers::none(),
    }
}

fn id3_tags<'py>(py: Python<'py>, tag: &mutagen_core::id3::Id3Tag) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (key, frame) in tag.frames.iter() {
        let values = match frame.class.family {
            // mutagen's values are `ID3TimeStamp`s, whose text is normalised.
            Family::TimeStamp => {
                PyList::new(py, frame.text_list().iter().map(|t| normalize_timestamp(t)))?
            }
            family if family.is_text() => PyList::new(py, frame.text_list())?,
            _ => PyList::empty(py),
        };
        d.set_item(key_str(py, key), values)?;
    }
    Ok(d)
}

fn vorbis_tags<'py>(
    py: Python<'py>,
    vc: &mutagen_core::vorbis::VorbisComment,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (key, value) in &vc.comments {
        let lower = key.to_lowercase();
        let key = key_str(py, &lower);
        let value = PyString::new(py, value);
        if let Some(list) = d.get_item(&key)? {
            list.cast::<PyList>()?.append(value)?;
        } else {
            d.set_item(key, PyList::new(py, [value])?)?;
        }
    }
    Ok(d)
}

fn mp4_tags<'py>(
    py: Python<'py>,
    tags: &mutagen_core::mp4::Mp4Tags,
) -> PyResult<Bound<'py, PyDict>> {
    use mutagen_core::mp4::{Item, Value};
    let d = PyDict::new(py);
    for (key, value) in &tags.items {
        let list = PyList::empty(py);
        if let Value::List(items) = value {
            for item in items {
                if let Item::Text(s) = item {
                    list.append(s)?;
                }
            }
        }
        d.set_item(key_str(py, key), list)?;
    }
    Ok(d)
}

/// The info numbers of a parsed file (`None` for a kind this module does not know).
fn numbers(audio: &AudioFile) -> Option<Numbers> {
    Some(match audio {
        AudioFile::Mp3(mp3) => {
            let i = &mp3.info;
            Numbers::all(
                i.length,
                i.bitrate.into(),
                i.sample_rate.into(),
                i.channels.into(),
            )
        }
        AudioFile::Id3(_) => Numbers {
            length: Some(0.0),
            ..Numbers::none()
        },
        AudioFile::Flac(flac) => flac.stream_info().map_or_else(Numbers::none, |si| {
            Numbers::all(
                si.length(),
                flac.bitrate.into(),
                si.sample_rate.into(),
                si.channels.into(),
            )
        }),
        AudioFile::Ogg(ogg) => ogg_numbers(&ogg.info),
        AudioFile::Mp4(mp4) => {
            let i = &mp4.info;
            let length = match i.length {
                mutagen_core::mp4::Length::Seconds(s) => s,
                mutagen_core::mp4::Length::IntZero => 0.0,
            };
            Numbers::all(length, i.bitrate.into(), i.sample_rate, i.channels)
        }
        _ => return None,
    })
}

/// The dict of a kind and its numbers and tags.
fn make_dict<'py>(
    py: Python<'py>,
    kind: &'static str,
    numbers: &Numbers,
    tags: Option<Bound<'py, PyDict>>,
) -> PyResult<Py<PyAny>> {
    let d = PyDict::new(py);
    d.set_item(intern!(py, "kind"), kind)?;
    d.set_item(intern!(py, "length"), numbers.length)?;
    d.set_item(intern!(py, "bitrate"), numbers.bitrate)?;
    d.set_item(intern!(py, "sample_rate"), numbers.sample_rate)?;
    d.set_item(intern!(py, "channels"), numbers.channels)?;
    d.set_item(intern!(py, "tags"), tags)?;
    Ok(d.into_any().unbind())
}

/// The dict for a parsed file, built straight from the core's result, or `None` when no kind
/// scored or the kind is not read.
fn to_dict(py: Python<'_>, detected: &Detected) -> PyResult<Py<PyAny>> {
    let Detected::Read(kind, audio) = detected else {
        return Ok(py.None());
    };
    let Some(numbers) = numbers(audio) else {
        return Ok(py.None());
    };
    let tags = match audio {
        AudioFile::Mp3(mp3) => mp3.tags.as_ref().map(|t| id3_tags(py, t)).transpose()?,
        AudioFile::Id3(tag) => tag.as_ref().map(|t| id3_tags(py, t)).transpose()?,
        AudioFile::Flac(flac) => flac.tags().map(|vc| vorbis_tags(py, vc)).transpose()?,
        AudioFile::Ogg(ogg) => Some(vorbis_tags(py, &ogg.tags)?),
        AudioFile::Mp4(mp4) => mp4.tags.as_ref().map(|t| mp4_tags(py, t)).transpose()?,
        _ => None,
    };
    make_dict(py, kind.class_name(), &numbers, tags)
}

/// A parsed file reduced to what its dict holds. The batch reduces each file in its worker
/// thread, so that the bulky parts of the parse (pictures, binary frames) are freed there, in
/// parallel and without the GIL, and only text waits for conversion.
struct Flat {
    kind: &'static str,
    numbers: Numbers,
    tags: Option<Vec<(String, Vec<String>)>>,
}

fn flat_id3(tag: mutagen_core::id3::Id3Tag) -> Vec<(String, Vec<String>)> {
    tag.frames
        .into_entries()
        .map(|(key, frame)| {
            let values = match frame.class.family {
                Family::TimeStamp => frame
                    .text_list()
                    .iter()
                    .map(|t| normalize_timestamp(t))
                    .collect(),
                family if family.is_text() => frame.text_list().to_vec(),
                _ => Vec::new(),
            };
            (String::from(&*key), values)
        })
        .collect()
}

fn flat_vorbis<K: std::ops::Deref<Target = str>>(
    comments: Vec<(K, String)>,
) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> =
        std::collections::HashMap::with_capacity(comments.len());
    for (key, value) in comments {
        let lower = key.to_lowercase();
        if let Some(&i) = index.get(&lower) {
            if let Some((_, values)) = out.get_mut(i) {
                values.push(value);
            }
        } else {
            index.insert(lower.clone(), out.len());
            out.push((lower, vec![value]));
        }
    }
    out
}

fn flat_mp4(tags: mutagen_core::mp4::Mp4Tags) -> Vec<(String, Vec<String>)> {
    use mutagen_core::mp4::{Item, Value};
    tags.items
        .into_iter()
        .map(|(key, value)| {
            let values = match value {
                Value::List(items) => items
                    .into_iter()
                    .filter_map(|item| match item {
                        Item::Text(s) => Some(s),
                        _ => None,
                    })
                    .collect(),
                Value::Bool(_) => Vec::new(),
            };
            (String::from(&*key), values)
        })
        .collect()
}

/// Reduce a parsed file to a [`Flat`] (`None` when the dict would be `None`).
fn flatten(detected: Detected) -> Option<Flat> {
    let Detected::Read(kind, audio) = detected else {
        return None;
    };
    let numbers = numbers(&audio)?;
    let tags = match audio {
        AudioFile::Mp3(mp3) => mp3.tags.map(flat_id3),
        AudioFile::Id3(tag) => tag.map(flat_id3),
        AudioFile::Flac(flac) => flac.blocks.into_iter().find_map(|b| match b.data {
            mutagen_core::flac::BlockData::VorbisComment(vc) => Some(flat_vorbis(vc.comments)),
            _ => None,
        }),
        AudioFile::Ogg(ogg) => Some(flat_vorbis(ogg.tags.comments)),
        AudioFile::Mp4(mp4) => mp4.tags.map(flat_mp4),
        _ => None,
    };
    Some(Flat {
        kind: kind.class_name(),
        numbers,
        tags,
    })
}

/// The dict of a [`Flat`].
fn flat_to_dict(py: Python<'_>, flat: Option<&Flat>) -> PyResult<Py<PyAny>> {
    let Some(flat) = flat else {
        return Ok(py.None());
    };
    let tags = match &flat.tags {
        Some(entries) => {
            let d = PyDict::new(py);
            for (key, values) in entries {
                d.set_item(key_str(py, key), PyList::new(py, values)?)?;
            }
            Some(d)
        }
        None => None,
    };
    make_dict(py, flat.kind, &flat.numbers, tags)
}

/// Read one file as a plain dict (see the module docs), or `None` when no supported kind
/// matches; raises mutagen's exception class on failure.
#[pyfunction]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments as owned values
fn read_plain(py: Python<'_>, path: PathBuf) -> PyResult<Py<PyAny>> {
    let name = path.to_string_lossy().into_owned();
    let detected = with_source(py, &Input::Path(path), |src| file::read(&name, src))?;
    to_dict(py, &detected)
}

/// Read many files in parallel on `threads` threads (all cores when `None` or 0) with the GIL
/// released, each reduced to its text in its worker thread, then convert them all: a list
/// aligned with `paths` of dicts, `None`s and exception instances.
#[pyfunction]
#[pyo3(signature = (paths, threads=None))]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments as owned values
fn read_plain_batch(
    py: Python<'_>,
    paths: Vec<PathBuf>,
    threads: Option<usize>,
) -> PyResult<Py<PyList>> {
    use rayon::prelude::*;

    let parse = || -> Vec<std::thread::Result<mutagen_core::Result<Option<Flat>>>> {
        paths
            .par_iter()
            .map(|p| std::panic::catch_unwind(|| file::read_path(p).map(flatten)))
            .collect()
    };
    let results = match threads.filter(|&n| n > 0) {
        Some(n) => {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
            py.detach(|| pool.install(parse))
        }
        None => py.detach(parse),
    };
    let out = PyList::empty(py);
    for result in results {
        let item = match result {
            Ok(Ok(flat)) => {
                flat_to_dict(py, flat.as_ref()).unwrap_or_else(|e| e.into_value(py).into_any())
            }
            Ok(Err(e)) => to_pyerr(py, e).into_value(py).into_any(),
            Err(_) => error::panic_error(py).into_value(py).into_any(),
        };
        out.append(item)?;
    }
    Ok(out.unbind())
}

/// Register `read_plain` and `read_plain_batch` in the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(read_plain, m)?)?;
    m.add_function(wrap_pyfunction!(read_plain_batch, m)?)?;
    Ok(())
}
