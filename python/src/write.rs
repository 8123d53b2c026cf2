//! Writing: the binding's side of the core's editors (`mutagen_core::edit` and each format's
//! `write` module). Python opens the file (a path through `loadfile`, or the caller's file
//! object) and passes the file object; the core edits it through [`PyTarget`].

use mutagen_core::edit::Target;
use mutagen_core::Error;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

/// A Python file object (read, write, seek, truncate) as the core's edit [`Target`]. A Python
/// exception raised by the file object is kept and raised again as it was, once the core has
/// stopped.
pub struct PyTarget<'py> {
    file: Bound<'py, PyAny>,
    raised: Option<PyErr>,
    /// A `bytes` object whose slices are written as views of it, not copies (see
    /// [`PyTarget::with_source`]).
    source: Option<Bound<'py, PyBytes>>,
    /// Whether the file object takes `memoryview`s (one of `io`'s own classes).
    takes_views: bool,
    /// More `bytes` objects whose slices are written as views of them, added while the core
    /// runs (the parts of a tag a render callback returns; see [`PyTarget::sources`]).
    sources: Sources<'py>,
}

/// `bytes` objects a [`PyTarget`] writes from without copying them, shared with the callbacks
/// that make them.
pub type Sources<'py> = std::rc::Rc<std::cell::RefCell<Vec<Bound<'py, PyBytes>>>>;

/// Part lists at least this long are written part by part (each large part a view of its
/// `bytes` object where the file object takes views), not joined into one `bytes` first.
const JOIN_MAX: usize = 64 * 1024;

impl<'py> PyTarget<'py> {
    /// Wrap an open file object.
    pub fn new(file: Bound<'py, PyAny>) -> Self {
        let builtin = ["FileIO", "BufferedRandom", "BufferedWriter", "BytesIO"];
        let file_type = file.get_type();
        let from_io = file_type
            .module()
            .is_ok_and(|m| m.to_str().is_ok_and(|m| m == "_io" || m == "io"));
        let named = file_type
            .name()
            .is_ok_and(|n| n.to_str().is_ok_and(|n| builtin.contains(&n)));
        PyTarget {
            file,
            raised: None,
            source: None,
            takes_views: from_io && named,
            sources: Sources::default(),
        }
    }

    /// The shared list of `bytes` objects whose slices are written as views of them: a render
    /// callback adds the parts it returns, before the core writes them.
    pub fn sources(&self) -> Sources<'py> {
        self.sources.clone()
    }

    /// Write the parts of `data` that the core hands over as `memoryview` slices of it, with
    /// no copy, when the file object is one of `io`'s own classes (which take any bytes-like
    /// object). Other file objects get `bytes`, as mutagen gives them.
    pub fn with_source(mut self, data: &Bound<'py, PyBytes>) -> Self {
        if self.takes_views {
            self.source = Some(data.clone());
        }
        self
    }

    /// `data` as a `memoryview` slice of a source, when it lies within one's buffer.
    fn view_of(&self, data: &[u8]) -> Option<PyResult<Bound<'py, PyAny>>> {
        if !self.takes_views {
            return None;
        }
        let within = |src: &Bound<'py, PyBytes>| {
            let whole = src.as_bytes();
            let start = (data.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
            let end = start.checked_add(data.len())?;
            (end <= whole.len()).then_some((start, end))
        };
        let (src, (start, end)) = match self
            .source
            .as_ref()
            .and_then(|s| Some((s.clone(), within(s)?)))
        {
            Some(found) => found,
            None => self
                .sources
                .borrow()
                .iter()
                .find_map(|s| Some((s.clone(), within(s)?)))?,
        };
        let src = &src;
        let py = src.py();
        Some((|| {
            let view = pyo3::types::PyMemoryView::from(src.as_any())?;
            view.get_item(pyo3::types::PySlice::new(
                py,
                isize::try_from(start)?,
                isize::try_from(end)?,
                1,
            ))
        })())
    }

    /// Keep a Python exception and hand the core an I/O error in its place.
    fn keep(&mut self, err: PyErr) -> Error {
        let msg = err.to_string();
        self.raised = Some(err);
        Error::Io(std::io::Error::other(msg))
    }

    /// The Python exception to raise for a core error: the file object's own, if it raised.
    pub fn into_pyerr(mut self, err: Error) -> PyErr {
        let py = self.file.py();
        self.raised
            .take()
            .unwrap_or_else(|| crate::error::to_pyerr(py, err))
    }

    fn call<A: pyo3::call::PyCallArgs<'py>>(
        &mut self,
        name: &str,
        args: A,
    ) -> Result<Bound<'py, PyAny>, Error> {
        let r = self.file.call_method1(name, args);
        r.map_err(|e| self.keep(e))
    }
}

impl Target for PyTarget<'_> {
    fn size(&mut self) -> mutagen_core::Result<u64> {
        let mut end = self.call("seek", (0, 2))?;
        if end.is_none() {
            // A file object whose seek returns nothing: ask where it is.
            end = self.call("tell", ())?;
        }
        end.extract::<u64>().map_err(|e| self.keep(e))
    }

    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> mutagen_core::Result<usize> {
        self.call("seek", (offset,))?;
        let data = self.call("read", (buf.len(),))?;
        let bytes = data.cast::<PyBytes>().map_err(|e| self.keep(e.into()))?;
        let b = bytes.as_bytes();
        let n = b.len().min(buf.len());
        buf[..n].copy_from_slice(&b[..n]);
        Ok(n)
    }

    fn write_at(&mut self, offset: u64, data: &[u8]) -> mutagen_core::Result<()> {
        self.call("seek", (offset,))?;
        let py = self.file.py();
        match self.view_of(data) {
            Some(Ok(view)) => self.call("write", (view,))?,
            Some(Err(e)) => return Err(self.keep(e)),
            None => self.call("write", (PyBytes::new(py, data),))?,
        };
        Ok(())
    }

    fn write_parts_at(&mut self, offset: u64, parts: &[&[u8]]) -> mutagen_core::Result<()> {
        if let [one] = parts {
            return self.write_at(offset, one);
        }
        let total: usize = parts.iter().map(|p| p.len()).sum();
        if total >= JOIN_MAX && self.takes_views {
            // Each part written as it is: a large one as a view of its `bytes`, never
            // gathered into a new buffer of the whole.
            self.call("seek", (offset,))?;
            let py = self.file.py();
            for part in parts.iter().filter(|p| !p.is_empty()) {
                match self.view_of(part) {
                    Some(Ok(view)) => self.call("write", (view,))?,
                    Some(Err(e)) => return Err(self.keep(e)),
                    None => self.call("write", (PyBytes::new(py, part),))?,
                };
            }
            return Ok(());
        }
        self.call("seek", (offset,))?;
        let py = self.file.py();
        // The parts are copied once, straight into the bytes object written.
        let joined = PyBytes::new_with(py, total, |buf| {
            let mut at = 0;
            for p in parts {
                buf[at..at + p.len()].copy_from_slice(p);
                at += p.len();
            }
            Ok(())
        })
        .map_err(|e| self.keep(e))?;
        self.call("write", (joined,))?;
        Ok(())
    }

    fn write_with(
        &mut self,
        offset: u64,
        len: usize,
        fill: &mut dyn FnMut(&mut [u8]),
    ) -> mutagen_core::Result<()> {
        self.call("seek", (offset,))?;
        let py = self.file.py();
        // The bytes are made straight in the bytes object written.
        let data = PyBytes::new_with(py, len, |buf| {
            fill(buf);
            Ok(())
        })
        .map_err(|e| self.keep(e))?;
        self.call("write", (data,))?;
        Ok(())
    }

    fn set_size(&mut self, len: u64) -> mutagen_core::Result<()> {
        self.call("truncate", (len,))?;
        Ok(())
    }

    fn flush(&mut self) -> mutagen_core::Result<()> {
        if self.file.hasattr("flush").unwrap_or(false) {
            self.call("flush", ())?;
        }
        Ok(())
    }
}

/// `mutagen.id3.delete` on an open file object: remove the ID3v1 tag (`v1`) and the ID3v2 tag
/// (`v2`).
#[pyfunction]
fn id3_delete(file: Bound<'_, PyAny>, v1: bool, v2: bool) -> PyResult<()> {
    let mut t = PyTarget::new(file);
    match mutagen_core::id3::write::delete(&mut t, v1, v2) {
        Ok(()) => Ok(()),
        Err(e) => Err(t.into_pyerr(e)),
    }
}

/// The core of `ID3.save` on an open file object: put the rendered ID3v2 tag `tag` (a `bytes`
/// object, or a list of them laid end to end, written without being joined) in place of
/// the first `old_size` bytes, then treat the ID3v1 tag as `v1` says (0 remove, 1 update, 2
/// create; see `mutagen_core::id3::write::save`), calling `make_v1()` for the 128 bytes of a
/// new one only when one is written.
#[pyfunction]
fn id3_save(
    file: Bound<'_, PyAny>,
    old_size: u64,
    tag: &Bound<'_, PyAny>,
    v1: u8,
    make_v1: &Bound<'_, PyAny>,
) -> PyResult<()> {
    use mutagen_core::id3::write::{self, V1};
    let mode = match v1 {
        0 => V1::Remove,
        1 => V1::Update,
        2 => V1::Create,
        _ => {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "v1 must be 0, 1 or 2",
            ))
        }
    };
    let mut raised: Option<PyErr> = None;
    let mut make = || -> mutagen_core::Result<[u8; 128]> {
        let made = make_v1.call0().and_then(|b| {
            let b = b.cast_into::<PyBytes>()?;
            <[u8; 128]>::try_from(b.as_bytes())
                .map_err(|_| pyo3::exceptions::PyValueError::new_err("an ID3v1 tag is 128 bytes"))
        });
        made.map_err(|e| {
            let msg = e.to_string();
            raised = Some(e);
            Error::Io(std::io::Error::other(msg))
        })
    };
    let parts: Vec<Bound<'_, PyBytes>> = match tag.cast::<PyBytes>() {
        Ok(one) => vec![one.clone()],
        Err(_) => tag.extract()?,
    };
    let t = PyTarget::new(file);
    t.sources().borrow_mut().extend(parts.iter().cloned());
    let mut t = match parts.as_slice() {
        [one] => t.with_source(one),
        _ => t,
    };
    let slices: Vec<&[u8]> = parts.iter().map(PyBytesMethods::as_bytes).collect();
    let result = write::save_parts(&mut t, old_size, &slices, mode, &mut make);
    match result {
        Ok(()) => Ok(()),
        Err(e) => Err(raised.take().unwrap_or_else(|| t.into_pyerr(e))),
    }
}

/// `padding(a, b)` as an integer, for a core save's padding callback: a Python exception is
/// kept in `raised` (to be raised again as it was) and the core gets an I/O error in its place.
fn call_padding(
    padding: &Bound<'_, PyAny>,
    a: i64,
    b: i64,
    raised: &mut Option<PyErr>,
) -> mutagen_core::Result<i64> {
    padding
        .call1((a, b))
        .and_then(|n| n.extract::<i64>())
        .map_err(|e| {
            let msg = e.to_string();
            *raised = Some(e);
            Error::Io(std::io::Error::other(msg))
        })
}

/// `MP4Tags.save`'s core on an open file object: put the rendered `ilst` atom (its `bytes`
/// parts laid end to end) in place of the old one (or in a new `meta` atom), with the padding
/// `padding(padding, content_size)` returns, and move the atom sizes and chunk offsets to
/// match (see `mutagen_core::mp4::write::save_parts`).
#[pyfunction]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments as owned values
fn mp4_save<'py>(
    file: Bound<'py, PyAny>,
    ilst: Vec<Bound<'py, PyBytes>>,
    padding: &Bound<'py, PyAny>,
) -> PyResult<()> {
    let mut raised: Option<PyErr> = None;
    let mut pad = |room: i64, content: i64| call_padding(padding, room, content, &mut raised);
    let mut t = PyTarget::new(file);
    // The parts are written as views of their `bytes` objects.
    t.sources().borrow_mut().extend(ilst.iter().cloned());
    let parts: Vec<&[u8]> = ilst.iter().map(PyBytesMethods::as_bytes).collect();
    let result = mutagen_core::mp4::write::save_parts(&mut t, &parts, &mut pad);
    match result {
        Ok(()) => Ok(()),
        Err(e) => Err(raised.take().unwrap_or_else(|| t.into_pyerr(e))),
    }
}

/// The first step of `FLAC.save` on an open file object: where the metadata is, read from
/// `start` (where the file object stands), as `(header, available, content_size)` (see
/// `mutagen_core::flac::write::Layout`); with `deleteid3`, the room of an ID3v2 tag before
/// `fLaC` counts as available.
#[pyfunction]
fn flac_layout(file: Bound<'_, PyAny>, start: u64, deleteid3: bool) -> PyResult<(u64, u64, u64)> {
    let mut t = PyTarget::new(file);
    match mutagen_core::flac::write::layout(&mut t, start, deleteid3) {
        Ok(l) => Ok((l.header, l.available, l.content_size)),
        Err(e) => Err(t.into_pyerr(e)),
    }
}

/// The second step of `FLAC.save`: put the metadata blocks in the room `flac_layout` found
/// (`header`, `available`), then, with `deleteid3`, cut an ID3v1 tag at the end.
///
/// `blocks` and `padding` are those of `render_flac_blocks` (with its errors, raised before
/// anything is written), but the blocks are written as parts: each body piece as a view of
/// its `bytes` object, never gathered into one buffer.
#[pyfunction]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments as owned values
fn flac_apply_blocks<'py>(
    file: Bound<'py, PyAny>,
    header: u64,
    available: u64,
    blocks: Vec<crate::flac::BlockParts<'py>>,
    padding: usize,
    deleteid3: bool,
) -> PyResult<()> {
    use mutagen_core::flac;
    let py = file.py();
    let (headers, pad) = crate::flac::block_headers(py, &blocks, padding)?;
    let zeros = vec![0u8; padding];
    let mut parts: Vec<&[u8]> = Vec::with_capacity(blocks.len() * 2 + 2);
    for (head, (_, body, _)) in headers.iter().zip(&blocks) {
        parts.push(head);
        parts.extend(body.iter().map(PyBytesMethods::as_bytes));
    }
    parts.push(&pad);
    parts.push(&zeros);
    let mut t = PyTarget::new(file);
    // The bodies are written as views of their `bytes` objects.
    t.sources()
        .borrow_mut()
        .extend(blocks.iter().flat_map(|(_, body, _)| body.iter().cloned()));
    let layout = flac::write::Layout::new(header, available, 0);
    match flac::write::apply_parts(&mut t, &layout, &parts, deleteid3) {
        Ok(()) => Ok(()),
        Err(e) => Err(t.into_pyerr(e)),
    }
}

/// `APEv2.save`'s core on an open file object: render `items`, each `(key, kind, value)` as
/// bytes (see `mutagen_core::apev2::write::Item`), and put the tag at the end of the file in
/// place of the old one (see `mutagen_core::apev2::write::save`).
#[pyfunction]
fn ape_save(file: Bound<'_, PyAny>, items: &Bound<'_, PyAny>) -> PyResult<()> {
    use mutagen_core::apev2::write;
    let values: Vec<(Bound<'_, PyBytes>, u8, Bound<'_, PyBytes>)> = items.extract()?;
    let items: Vec<write::Item<'_>> = values
        .iter()
        .map(|(key, kind, value)| write::Item {
            key: key.as_bytes(),
            kind: *kind,
            value: value.as_bytes(),
        })
        .collect();
    let mut t = PyTarget::new(file);
    // The values are written as views of their `bytes` objects.
    t.sources()
        .borrow_mut()
        .extend(values.iter().map(|(_, _, value)| value.clone()));
    match write::save_items(&mut t, &items) {
        Ok(()) => Ok(()),
        Err(e) => Err(t.into_pyerr(e)),
    }
}

/// `APEv2.delete`'s core on an open file object: cut the tag out, if there is one; whether
/// there was (see `mutagen_core::apev2::write::delete`).
#[pyfunction]
fn ape_delete(file: Bound<'_, PyAny>) -> PyResult<bool> {
    let mut t = PyTarget::new(file);
    match mutagen_core::apev2::write::delete(&mut t) {
        Ok(found) => Ok(found),
        Err(e) => Err(t.into_pyerr(e)),
    }
}

/// A part of a tag a render callback returned, handed to the core without a copy.
struct TagBytes<'py>(Bound<'py, PyBytes>);

impl AsRef<[u8]> for TagBytes<'_> {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// Call `render(available, trailing)` for the parts of a tag (a list of `bytes`), keeping the
/// Python exception it raises in `raised`, and registering the parts in `sources` so that the
/// target writes them as views.
fn render_parts<'py>(
    render: &Bound<'py, PyAny>,
    available: u64,
    trailing: u64,
    sources: &Sources<'py>,
    raised: &mut Option<PyErr>,
) -> mutagen_core::Result<Vec<TagBytes<'py>>> {
    let parts = render.call1((available, trailing)).and_then(|b| {
        b.try_iter()?
            .map(|p| Ok(p?.cast_into::<PyBytes>()?))
            .collect::<PyResult<Vec<_>>>()
    });
    match parts {
        Ok(parts) => {
            sources.borrow_mut().extend(parts.iter().cloned());
            Ok(parts.into_iter().map(TagBytes).collect())
        }
        Err(e) => {
            let msg = e.to_string();
            *raised = Some(e);
            Err(Error::Io(std::io::Error::other(msg)))
        }
    }
}

/// Run a core save that asks `render(available, trailing)` for the parts of a tag: the parts
/// are written as views of their `bytes` objects, and an exception `render` or the file object
/// raises is raised again as it was.
fn save_rendered<'py>(
    file: Bound<'py, PyAny>,
    render: &Bound<'py, PyAny>,
    save: impl FnOnce(
        &mut PyTarget<'py>,
        &mut dyn FnMut(u64, u64) -> mutagen_core::Result<Vec<TagBytes<'py>>>,
    ) -> mutagen_core::Result<()>,
) -> PyResult<()> {
    let mut raised: Option<PyErr> = None;
    let mut t = PyTarget::new(file);
    let sources = t.sources();
    let mut call = |available: u64, trailing: u64| {
        render_parts(render, available, trailing, &sources, &mut raised)
    };
    let result = save(&mut t, &mut call);
    match result {
        Ok(()) => Ok(()),
        Err(e) => Err(raised.take().unwrap_or_else(|| t.into_pyerr(e))),
    }
}

/// The IFF format of a class name (`"AIFF"`, `"WAVE"`, `"DSDIFF"`).
fn iff_format(kind: &str) -> PyResult<mutagen_core::iff::write::Format> {
    mutagen_core::iff::write::Format::from_class_name(kind).ok_or_else(|| {
        pyo3::exceptions::PyValueError::new_err(format!("unknown IFF kind {kind:?}"))
    })
}

/// The ID3 `save` of an AIFF, WAVE or DSDIFF file (`kind`) on an open file object: call
/// `render(available, trailing)` for the whole tag, and put it in the file's ID3 chunk (a new
/// one at the end of the root chunk where there is none), fixing the chunk sizes (see
/// `mutagen_core::iff::write::save_id3`).
#[pyfunction]
fn iff_id3_save(file: Bound<'_, PyAny>, kind: &str, render: &Bound<'_, PyAny>) -> PyResult<()> {
    let format = iff_format(kind)?;
    save_rendered(file, render, |t, call| {
        mutagen_core::iff::write::save_id3(t, format, call)
    })
}

/// Remove the ID3 chunk of an AIFF, WAVE or DSDIFF file (`kind`) on an open file object;
/// whether there was one (see `mutagen_core::iff::write::delete_id3`).
#[pyfunction]
fn iff_id3_delete(file: Bound<'_, PyAny>, kind: &str) -> PyResult<bool> {
    let format = iff_format(kind)?;
    let mut t = PyTarget::new(file);
    match mutagen_core::iff::write::delete_id3(&mut t, format) {
        Ok(found) => Ok(found),
        Err(e) => Err(t.into_pyerr(e)),
    }
}

/// `_DSFID3.save`'s core on an open file object: call `render(available, trailing)` for the
/// whole tag (`available` is `old_size`, the tag's size as loaded) and write it where the
/// `DSD ` chunk points, or at the end of the file, cutting the file after it (see
/// `mutagen_core::iff::write::save_dsf`).
#[pyfunction]
fn dsf_id3_save(file: Bound<'_, PyAny>, old_size: u64, render: &Bound<'_, PyAny>) -> PyResult<()> {
    save_rendered(file, render, |t, call| {
        mutagen_core::iff::write::save_dsf(t, old_size, call)
    })
}

/// `mutagen.dsf.delete`'s core on an open file object: point the `DSD ` chunk nowhere and
/// cut the file where the tag was; whether there was one (see
/// `mutagen_core::iff::write::delete_dsf`).
#[pyfunction]
fn dsf_id3_delete(file: Bound<'_, PyAny>) -> PyResult<bool> {
    let mut t = PyTarget::new(file);
    match mutagen_core::iff::write::delete_dsf(&mut t) {
        Ok(found) => Ok(found),
        Err(e) => Err(t.into_pyerr(e)),
    }
}

/// The attributes of one object, as `ASF.save` hands them over: `(name, type, value,
/// language, stream)`.
type AsfRecords<'py> = Vec<(Bound<'py, PyString>, u16, Bound<'py, PyBytes>, u16, u16)>;

/// The core's records of `records`.
fn asf_records<'a>(
    records: &'a AsfRecords<'_>,
) -> PyResult<Vec<mutagen_core::asf::write::Record<'a>>> {
    records
        .iter()
        .map(|(name, kind, value, language, stream)| {
            Ok(mutagen_core::asf::write::Record {
                name: name.to_str()?,
                kind: *kind,
                value: value.as_bytes(),
                language: *language,
                stream: *stream,
            })
        })
        .collect()
}

/// `ASF.save`'s core on an open file object: render the header again from the file's objects
/// with the attributes already split among the objects that hold them (`content`: the content
/// description's five texts; `extended`, `metadata`, `library`: `(name, type, value, language,
/// stream)`, the value as the attribute class renders it), with the padding
/// `padding(available, content_size)` gives, and put it in place of the old header (see
/// `mutagen_core::asf::write::save`).
#[pyfunction]
fn asf_save(
    file: Bound<'_, PyAny>,
    content: &Bound<'_, PyAny>,
    extended: &Bound<'_, PyAny>,
    metadata: &Bound<'_, PyAny>,
    library: &Bound<'_, PyAny>,
    padding: &Bound<'_, PyAny>,
) -> PyResult<()> {
    use mutagen_core::asf::write;
    let content: [Bound<'_, PyBytes>; 5] = content.extract()?;
    let extended: AsfRecords<'_> = extended.extract()?;
    let metadata: AsfRecords<'_> = metadata.extract()?;
    let library: AsfRecords<'_> = library.extract()?;
    let tags = write::Tags {
        content: [
            content[0].as_bytes(),
            content[1].as_bytes(),
            content[2].as_bytes(),
            content[3].as_bytes(),
            content[4].as_bytes(),
        ],
        extended: asf_records(&extended)?,
        metadata: asf_records(&metadata)?,
        library: asf_records(&library)?,
    };
    let mut raised: Option<PyErr> = None;
    let mut pad = |available: i64, content_size: i64| {
        call_padding(padding, available, content_size, &mut raised)
    };
    let mut t = PyTarget::new(file);
    let result = write::save(&mut t, &tags, &mut pad);
    match result {
        Ok(()) => Ok(()),
        Err(e) => Err(raised.take().unwrap_or_else(|| t.into_pyerr(e))),
    }
}

/// The codec of an Ogg file type's class name.
fn ogg_codec(kind: &str) -> PyResult<mutagen_core::ogg::Codec> {
    mutagen_core::ogg::Codec::from_class_name(kind).ok_or_else(|| {
        pyo3::exceptions::PyValueError::new_err(format!("unknown Ogg kind {kind:?}"))
    })
}

/// An Ogg file type's `save` on an open file object: find the comment packet of the `kind`
/// stream (`"OggVorbis"`, `"OggOpus"`, ...), call `render(first_byte, packet_len, file_size)`
/// for the new packet (see `mutagen_core::ogg::write::Layout`) as `(parts, padding)`: the
/// `bytes` that make it up and a number of zero bytes after them, and put it in place of the
/// old one, with one walk over the comment pages.
#[pyfunction]
fn ogg_save(file: Bound<'_, PyAny>, kind: &str, render: &Bound<'_, PyAny>) -> PyResult<()> {
    use mutagen_core::ogg::write;
    let codec = ogg_codec(kind)?;
    let py = file.py();
    let mut t = PyTarget::new(file);
    let prepared = match write::prepare(&mut t, codec) {
        Ok(p) => p,
        Err(e) => return Err(t.into_pyerr(e)),
    };
    let l = &prepared.layout;
    let rendered = render.call1((PyBytes::new(py, &l.head), l.packet_len, l.size))?;
    let (parts, padding) = rendered.extract::<(Vec<Bound<'_, PyBytes>>, usize)>()?;
    let mut zeros = Vec::new();
    zeros
        .try_reserve_exact(padding)
        .map_err(|_| pyo3::exceptions::PyMemoryError::new_err("padding too large"))?;
    zeros.resize(padding, 0u8);
    let slices: Vec<&[u8]> = parts
        .iter()
        .map(PyBytesMethods::as_bytes)
        .chain(std::iter::once(&zeros[..]))
        .collect();
    match write::apply_prepared_parts(&mut t, prepared, &slices) {
        Ok(()) => Ok(()),
        Err(e) => Err(t.into_pyerr(e)),
    }
}

/// Register the writers.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(id3_delete, m)?)?;
    m.add_function(wrap_pyfunction!(id3_save, m)?)?;
    m.add_function(wrap_pyfunction!(mp4_save, m)?)?;
    m.add_function(wrap_pyfunction!(flac_layout, m)?)?;
    m.add_function(wrap_pyfunction!(flac_apply_blocks, m)?)?;
    m.add_function(wrap_pyfunction!(ogg_save, m)?)?;
    m.add_function(wrap_pyfunction!(ape_save, m)?)?;
    m.add_function(wrap_pyfunction!(ape_delete, m)?)?;
    m.add_function(wrap_pyfunction!(iff_id3_save, m)?)?;
    m.add_function(wrap_pyfunction!(iff_id3_delete, m)?)?;
    m.add_function(wrap_pyfunction!(dsf_id3_save, m)?)?;
    m.add_function(wrap_pyfunction!(dsf_id3_delete, m)?)?;
    m.add_function(wrap_pyfunction!(asf_save, m)?)?;
    Ok(())
}
