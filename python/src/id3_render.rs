//! Rendering ID3v2.4 frames natively: `_native.id3_render_frames`.
//!
//! A frame's bytes are its fields, each written by its spec (`mutagen_rs.id3._specs`). The
//! spec classes whose `write` this module knows are registered by `mutagen_rs.id3` at import
//! with their [`Kind`]; a frame whose every field has a known kind is rendered here, with the
//! core's text encoders (`mutagen_core::id3::write`). Any other frame, and any value that is
//! not exactly of the type the spec writes, is left to the frame's own `_writeData`, which
//! renders it or raises mutagen's error: this module never raises for a value.

use mutagen_core::id3::write::{encode_text, frame_header_v24};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

/// What a registered spec class's `write` does with a field's value.
#[derive(Clone, Copy)]
enum Kind {
    /// `ByteSpec`: one byte, from an int.
    Byte,
    /// `StringSpec`: ASCII text, padded with zero bytes or cut to the spec's `len`.
    String,
    /// `BinaryDataSpec`: the bytes as they are.
    Binary,
    /// `EncodedTextSpec`: text in the frame's `encoding`, with its terminator.
    Text,
    /// `MultiSpec`: a list of values (or of records, one value per spec) by its `specs`.
    Multi,
    /// `Latin1TextSpec`: Latin-1 text and a zero byte.
    Latin1,
    /// `TimeStampSpec`: the stamp's `text`, its spaces written as `T`, as encoded text.
    TimeStamp,
}

impl Kind {
    fn from_code(code: u8) -> Option<Kind> {
        Some(match code {
            0 => Kind::Byte,
            1 => Kind::String,
            2 => Kind::Binary,
            3 => Kind::Text,
            4 => Kind::Multi,
            5 => Kind::Latin1,
            6 => Kind::TimeStamp,
            _ => return None,
        })
    }
}

/// A frame's body as its specs write it, or `None` to leave it to Python.
struct Body<'a, 'py> {
    kinds: &'a Bound<'py, PyDict>,
    /// The frame's `encoding`, for its text fields.
    encoding: Option<u8>,
    /// The bytes rendered since the last piece.
    out: Vec<u8>,
    /// The frame so far: rendered bytes, and the `bytes` values of binary fields as they are
    /// (a picture's data is not copied to be rendered).
    pieces: Vec<Piece<'py>>,
}

/// A part of a rendered frame.
enum Piece<'py> {
    Rendered(Vec<u8>),
    Value(Bound<'py, PyBytes>),
}

impl Piece<'_> {
    fn len(&self) -> usize {
        match self {
            Piece::Rendered(v) => v.len(),
            Piece::Value(b) => b.as_bytes().len(),
        }
    }
}

impl<'py> Body<'_, 'py> {
    fn kind(&self, spec: &Bound<'py, PyAny>) -> PyResult<Option<Kind>> {
        Ok(self
            .kinds
            .get_item(spec.get_type())?
            .and_then(|code| code.extract::<u8>().ok())
            .and_then(Kind::from_code))
    }

    /// Append `value` as `spec` writes it; `Ok(None)` when it is not rendered here.
    fn field(
        &mut self,
        spec: &Bound<'py, PyAny>,
        value: &Bound<'py, PyAny>,
    ) -> PyResult<Option<()>> {
        let Some(kind) = self.kind(spec)? else {
            return Ok(None);
        };
        let py = spec.py();
        Ok(match kind {
            Kind::Byte => value.extract::<u8>().ok().map(|b| self.out.push(b)),
            Kind::String => {
                let (Ok(text), Ok(len)) = (
                    value.cast_exact::<PyString>(),
                    spec.getattr(pyo3::intern!(py, "len"))?.extract::<usize>(),
                ) else {
                    return Ok(None);
                };
                let Ok(text) = text.to_str() else {
                    return Ok(None);
                };
                if !text.is_ascii() {
                    return Ok(None);
                }
                let bytes = text.as_bytes();
                let kept = &bytes[..bytes.len().min(len)];
                self.out.extend_from_slice(kept);
                self.out.resize(self.out.len() + (len - kept.len()), 0);
                Some(())
            }
            Kind::Binary => match value.cast_exact::<PyBytes>() {
                // Small values are copied; large ones go as they are.
                Ok(b) if b.as_bytes().len() < 4096 => {
                    self.out.extend_from_slice(b.as_bytes());
                    Some(())
                }
                Ok(b) => {
                    let done = std::mem::take(&mut self.out);
                    self.pieces.push(Piece::Rendered(done));
                    self.pieces.push(Piece::Value(b.clone()));
                    Some(())
                }
                Err(_) => push_blob(&mut self.out, value),
            },
            Kind::Text => match (self.encoding, value.cast_exact::<PyString>()) {
                (Some(encoding), Ok(text)) => match text.to_str() {
                    Ok(text) => encode_text(&mut self.out, encoding, text),
                    // Lone surrogates: Python raises mutagen's error.
                    Err(_) => None,
                },
                _ => None,
            },
            Kind::TimeStamp => {
                let Some(encoding) = self.encoding else {
                    return Ok(None);
                };
                let Ok(text) = value.getattr(pyo3::intern!(py, "text")) else {
                    return Ok(None);
                };
                let Ok(text) = text.cast_exact::<PyString>().map(|t| t.to_str()) else {
                    return Ok(None);
                };
                match text {
                    Ok(text) => encode_text(&mut self.out, encoding, &text.replace(' ', "T")),
                    Err(_) => None,
                }
            }
            Kind::Latin1 => match value.cast_exact::<PyString>().map(|t| t.to_str()) {
                Ok(Ok(text)) => encode_text(&mut self.out, 0, text),
                _ => None,
            },
            Kind::Multi => {
                let specs = spec.getattr(pyo3::intern!(py, "specs"))?;
                let Ok(specs) = specs.cast_exact::<PyTuple>() else {
                    return Ok(None);
                };
                let Some(items) = sequence(value) else {
                    return Ok(None);
                };
                if specs.len() == 1 {
                    let inner = specs.get_item(0)?;
                    for item in items {
                        if self.field(&inner, &item)?.is_none() {
                            return Ok(None);
                        }
                    }
                } else {
                    for record in items {
                        let Some(values) = sequence(&record) else {
                            return Ok(None);
                        };
                        // As `zip`: up to the shorter of the record and the specs.
                        for (v, s) in values.into_iter().zip(specs.iter()) {
                            if self.field(&s, &v)?.is_none() {
                                return Ok(None);
                            }
                        }
                    }
                }
                Some(())
            }
        })
    }
}

/// Append a binary value of the `zero-copy` build (a `Blob`: `bytes(blob)` is what the spec
/// writes); `None` for anything else.
fn push_blob(out: &mut Vec<u8>, value: &Bound<'_, PyAny>) -> Option<()> {
    #[cfg(feature = "zero-copy")]
    if let Ok(blob) = value.cast_exact::<crate::blob::Blob>() {
        out.extend_from_slice(blob.get().as_slice());
        return Some(());
    }
    let _ = (out, value);
    None
}

/// The items of an exact list or tuple.
fn sequence<'py>(value: &Bound<'py, PyAny>) -> Option<Vec<Bound<'py, PyAny>>> {
    if let Ok(list) = value.cast_exact::<PyList>() {
        return Some(list.iter().collect());
    }
    value
        .cast_exact::<PyTuple>()
        .ok()
        .map(|t| t.iter().collect())
}

/// Whether the `text` of a text frame with `TextFrame.__str__` joins to nothing (`None` when
/// it is not a list of `str`, for Python to answer).
fn plain_text_is_empty(dict: &Bound<'_, PyDict>) -> PyResult<Option<bool>> {
    let py = dict.py();
    let Some(text) = dict.get_item(pyo3::intern!(py, "text"))? else {
        return Ok(None);
    };
    let Ok(text) = text.cast_exact::<PyList>() else {
        return Ok(None);
    };
    Ok(match text.len() {
        0 => Some(true),
        1 => match text.get_item(0)?.cast_exact::<PyString>() {
            Ok(s) => Some(s.to_str().is_ok_and(str::is_empty)),
            Err(_) => None,
        },
        _ => Some(false),
    })
}

/// One frame with its ID3v2.4 header, as `save_frame` renders it, in pieces, or `None`.
fn render_frame<'py>(
    frame: &Bound<'py, PyAny>,
    specs: &crate::registry::Id3Specs,
) -> PyResult<Option<Vec<Piece<'py>>>> {
    let py = frame.py();
    let cls = frame.get_type();
    if !cls
        .getattr(pyo3::intern!(py, "_writeData"))?
        .is(specs.write_data.bind(py))
    {
        return Ok(None);
    }
    let name = cls.name()?;
    let Ok(id) = <[u8; 4]>::try_from(name.to_str()?.as_bytes()) else {
        return Ok(None);
    };
    if !id.iter().all(u8::is_ascii_alphanumeric) {
        return Ok(None);
    }
    let Ok(dict) = frame
        .getattr(pyo3::intern!(py, "__dict__"))?
        .cast_into::<PyDict>()
    else {
        return Ok(None);
    };
    if cls.is_subclass(specs.text_frame.bind(py))? {
        // A text frame whose text joins to nothing is left out (`save_frame` gives b"").
        let empty = if cls
            .getattr(pyo3::intern!(py, "__str__"))?
            .is(specs.text_str.bind(py))
        {
            match plain_text_is_empty(&dict)? {
                Some(empty) => empty,
                None => return Ok(None),
            }
        } else {
            // A `__str__` of its own (time stamps, numbers): asked, as `save_frame` asks it.
            frame.str()?.len()? == 0
        };
        if empty {
            return Ok(Some(vec![Piece::Rendered(Vec::new())]));
        }
    }
    let encoding = match dict.get_item(pyo3::intern!(py, "encoding"))? {
        Some(e) => e.extract::<u8>().ok(),
        None => None,
    };
    let kinds = specs.kinds.bind(py);
    let mut body = Body {
        kinds,
        encoding,
        out: vec![0; 10],
        pieces: Vec::new(),
    };
    let required = cls.getattr(pyo3::intern!(py, "_framespec"))?;
    for spec in required.try_iter()? {
        let spec = spec?;
        let name = spec.getattr(pyo3::intern!(py, "name"))?;
        let Some(value) = dict.get_item(&name)? else {
            return Ok(None);
        };
        if body.field(&spec, &value)?.is_none() {
            return Ok(None);
        }
    }
    let optional = cls.getattr(pyo3::intern!(py, "_optionalspec"))?;
    for spec in optional.try_iter()? {
        let spec = spec?;
        let name = spec.getattr(pyo3::intern!(py, "name"))?;
        // As `_writeData`: the optional fields end at the first one the frame lacks.
        let Some(value) = dict.get_item(&name)? else {
            break;
        };
        if body.field(&spec, &value)?.is_none() {
            return Ok(None);
        }
    }
    let mut pieces = body.pieces;
    pieces.push(Piece::Rendered(body.out));
    let len = pieces.iter().map(Piece::len).sum::<usize>();
    let Some(header) = frame_header_v24(id, len - 10) else {
        return Ok(None);
    };
    if let Some(Piece::Rendered(first)) = pieces.first_mut() {
        first[..10].copy_from_slice(&header);
    }
    Ok(Some(pieces))
}

/// The frames rendered first, in this order; pictures go last, the others between.
const FIRST: [&str; 7] = ["TIT2", "TPE1", "TRCK", "TALB", "TPOS", "TDRC", "TCON"];

/// `_native.id3_render_frames(frames, v24, render)`: the frames of a tag rendered, with their
/// headers, in the order `ID3Tags._write` writes them, as a list of `bytes` that join to the
/// tag's frames (a large binary value is its own `bytes` object, not copied).
///
/// With `v24`, each frame whose field specs this module knows is rendered here; every other
/// frame (all of them without `v24`) is `render(frame)`, a tuple of `bytes`.
///
/// The order: `TIT2`, `TPE1`, `TRCK`, `TALB`, `TPOS`, `TDRC`, `TCON` first, then the others
/// by rendered size, then pictures (`APIC`) in their order; frames of one rank and size by
/// `HashKey`, asked of them only there.
#[pyfunction]
pub fn id3_render_frames<'py>(
    frames: &Bound<'py, PyList>,
    v24: bool,
    render: &Bound<'py, PyAny>,
) -> PyResult<Vec<Bound<'py, PyBytes>>> {
    let py = frames.py();
    let specs = crate::registry::id3_specs(py).filter(|_| v24);
    let mut ranked = Vec::with_capacity(frames.len());
    for (at, frame) in frames.iter().enumerate() {
        let native = match specs {
            Some(specs) => render_frame(&frame, specs)?,
            None => None,
        };
        let parts: Vec<Bound<'py, PyBytes>> = if let Some(pieces) = native {
            pieces
                .into_iter()
                .map(|p| match p {
                    Piece::Rendered(v) => PyBytes::new(py, &v),
                    Piece::Value(b) => b,
                })
                .collect()
        } else {
            render
                .call1((&frame,))?
                .try_iter()?
                .map(|p| Ok(p?.cast_into::<PyBytes>()?))
                .collect::<PyResult<_>>()?
        };
        let frame_id = frame.getattr(pyo3::intern!(py, "FrameID"))?;
        let frame_id = frame_id.cast::<PyString>()?.to_str()?;
        let (group, second) = match FIRST.iter().position(|&f| f == frame_id) {
            Some(i) => (i, parts.iter().map(|p| p.as_bytes().len()).sum()),
            None if frame_id == "APIC" => (FIRST.len() + 1, at),
            None => (FIRST.len(), parts.iter().map(|p| p.as_bytes().len()).sum()),
        };
        ranked.push((group, second, frame, parts));
    }
    // Stable: frames equal in all three keys keep their order.
    ranked.sort_by_key(|r| (r.0, r.1));
    let mut out = Vec::new();
    let mut start = 0;
    while start < ranked.len() {
        let key = (ranked[start].0, ranked[start].1);
        let end = start
            + ranked[start..]
                .iter()
                .take_while(|r| (r.0, r.1) == key)
                .count();
        let run = &mut ranked[start..end];
        if run.len() > 1 {
            // Sorted by Python, as `(HashKey, position)` pairs.
            let keyed = PyList::empty(py);
            for (i, r) in run.iter().enumerate() {
                keyed.append((r.2.getattr(pyo3::intern!(py, "HashKey"))?, i))?;
            }
            keyed.sort()?;
            for pair in keyed.iter() {
                let i: usize = pair.get_item(1)?.extract()?;
                out.extend(run[i].3.iter().cloned());
            }
        } else {
            out.extend(run[0].3.iter().cloned());
        }
        start = end;
    }
    Ok(out)
}

/// Register this module's functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(id3_render_frames, m)?)
}
