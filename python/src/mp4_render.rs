//! Rendering the `ilst` atom of `MP4Tags.save` natively: `_native.mp4_render_ilst`.
//!
//! Each item is written with the core's atom writers (`mutagen_core::mp4::write`) when its
//! value has exactly the type its key's renderer writes: text (`str`, or a `list` of `str`),
//! track and disc pairs (a `list` of 2-`tuple`s of `int`), integers (a `list` of `int`), the
//! flags (`bool`), covers (a `list` of `MP4Cover` or `bytes`) and freeform values (`bytes`,
//! `MP4FreeForm`, or a `list` of them). Any other value, and any value out of its range, is
//! left to the Python renderer the caller passes, which renders it or raises mutagen's error:
//! this module never raises for a value.

use mutagen_core::mp4::constants::{IMPLICIT, INTEGER, JPEG, UTF8};
use mutagen_core::mp4::write::{
    freeform_prefix, int_data, item_name, latin1_key, sort_rank, write_atom_head, write_item,
    write_item_with, Data, ItemKind,
};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyInt, PyList, PyString, PyTuple, PyType};

/// The classes of the values that carry a type: `MP4Cover` and `MP4FreeForm`.
struct Classes<'a, 'py> {
    cover: &'a Bound<'py, PyType>,
    freeform: &'a Bound<'py, PyType>,
}

/// `key` encoded as Latin-1, or `None` for anything but an exact `str` of Latin-1 characters.
fn latin1(key: &Bound<'_, PyAny>) -> Option<Vec<u8>> {
    if !key.is_exact_instance_of::<PyString>() {
        return None;
    }
    latin1_key(key.cast::<PyString>().ok()?.to_str().ok()?)
}

/// The elements of `value` when it is exactly a `list`.
fn list_items<'py>(value: &Bound<'py, PyAny>) -> Option<Vec<Bound<'py, PyAny>>> {
    if !value.is_exact_instance_of::<PyList>() {
        return None;
    }
    Some(value.cast::<PyList>().ok()?.iter().collect())
}

/// `[value]` when it is `single`, else the elements of `value` when it is exactly a `list`.
fn one_or_list<'py>(value: &Bound<'py, PyAny>, single: bool) -> Option<Vec<Bound<'py, PyAny>>> {
    if single {
        return Some(vec![value.clone()]);
    }
    list_items(value)
}

/// An exact `int` (not a `bool`) that fits 64 bits.
fn exact_int(value: &Bound<'_, PyAny>) -> Option<i64> {
    if !value.is_exact_instance_of::<PyInt>() {
        return None;
    }
    value.extract::<i64>().ok()
}

/// The version-and-flags word `version << 24 | flags` from two `int` attributes of `value`,
/// when both are ints and the word fits 32 bits unsigned.
fn version_flags(value: &Bound<'_, PyAny>, version: Option<&str>, flags: &str) -> Option<u32> {
    let int_attr = |name: &str| -> Option<i128> {
        let attr = value.getattr(name).ok()?;
        if !attr.is_instance_of::<PyInt>() {
            return None;
        }
        attr.extract::<i64>().ok().map(i128::from)
    };
    let version = match version {
        Some(name) => int_attr(name)?,
        None => 0,
    };
    let word = (version << 24) | int_attr(flags)?;
    u32::try_from(word).ok()
}

/// The bytes of an exact `bytes` or exact `cls` instance (a `bytes` subclass).
fn exact_bytes<'a>(value: &'a Bound<'_, PyAny>, cls: &Bound<'_, PyType>) -> Option<&'a [u8]> {
    if value.is_exact_instance_of::<PyBytes>() || value.get_type().is(cls) {
        return Some(value.cast::<PyBytes>().ok()?.as_bytes());
    }
    None
}

/// Values at least this long are written from their own `bytes` objects, never copied into
/// the rendered atom.
const OWN_PART_MIN: usize = 64 * 1024;

/// The `ilst` being rendered, as parts laid end to end: small atoms gathered in `buf`, and each
/// large cover or freeform value a part of its own, its value object itself.
struct Out<'py> {
    py: Python<'py>,
    buf: Vec<u8>,
    parts: Vec<Bound<'py, PyBytes>>,
}

impl<'py> Out<'py> {
    /// End the part being gathered.
    fn flush(&mut self) {
        if !self.buf.is_empty() {
            self.parts.push(PyBytes::new(self.py, &self.buf));
            self.buf.clear();
        }
    }

    /// [`write_item`] with each large value taken from its object among `objects`.
    fn write_item(
        &mut self,
        name: &[u8; 4],
        prefix: &[u8],
        data: &[Data<'_>],
        objects: &[Bound<'py, PyAny>],
    ) {
        let Out { py, buf, parts } = self;
        write_item_with(buf, name, prefix, data, &mut |buf, value| {
            let own = if value.len() >= OWN_PART_MIN {
                objects.iter().find_map(|o| {
                    let b = o.cast::<PyBytes>().ok()?;
                    (b.as_bytes().as_ptr() == value.as_ptr()).then(|| b.clone())
                })
            } else {
                None
            };
            match own {
                Some(obj) => {
                    if !buf.is_empty() {
                        parts.push(PyBytes::new(*py, buf));
                        buf.clear();
                    }
                    parts.push(obj);
                }
                None => buf.extend_from_slice(value),
            }
        });
    }
}

/// Append the item atom of `key` and `value` to `out`, or leave `out` as it was and return
/// `None` when the value is not one this module writes exactly as the Python renderer does.
fn render_item<'py>(
    out: &mut Out<'py>,
    key: &Bound<'py, PyAny>,
    value: &Bound<'py, PyAny>,
    classes: &Classes<'_, 'py>,
) -> Option<()> {
    let key = latin1(key)?;
    let kind = ItemKind::of_key(&key);
    // The atom name is the key's first four bytes, padded with zero bytes (`struct`'s `4s`).
    let name = item_name(&key);
    match kind {
        ItemKind::Refused => None,
        ItemKind::Text => {
            let values = one_or_list(value, value.is_exact_instance_of::<PyString>())?;
            let mut data = Vec::with_capacity(values.len());
            for v in &values {
                if !v.is_exact_instance_of::<PyString>() {
                    return None;
                }
                let text = v.cast::<PyString>().ok()?.to_str().ok()?;
                data.push(Data {
                    version_flags: UTF8,
                    value: text.as_bytes(),
                });
            }
            write_item(&mut out.buf, &name, &[], &data);
            Some(())
        }
        ItemKind::Integer(min_bytes) => {
            let ints = list_items(value)?
                .iter()
                .map(|v| int_data(exact_int(v)?, min_bytes))
                .collect::<Option<Vec<_>>>()?;
            let data: Vec<Data<'_>> = ints
                .iter()
                .map(|(buf, n)| Data {
                    version_flags: INTEGER,
                    value: &buf[..*n],
                })
                .collect();
            write_item(&mut out.buf, &name, &[], &data);
            Some(())
        }
        ItemKind::Bool => {
            if !value.is_exact_instance_of::<PyBool>() {
                return None;
            }
            let byte = [u8::from(value.is_truthy().ok()?)];
            let data = [Data {
                version_flags: INTEGER,
                value: &byte,
            }];
            write_item(&mut out.buf, &name, &[], &data);
            Some(())
        }
        ItemKind::Pair { trailing } => {
            let mut pairs = Vec::new();
            for pair in list_items(value)? {
                if !pair.is_exact_instance_of::<PyTuple>() {
                    return None;
                }
                let pair = pair.cast::<PyTuple>().ok()?;
                if pair.len() != 2 {
                    return None;
                }
                let part = |i: usize| -> Option<[u8; 2]> {
                    let n = exact_int(&pair.get_item(i).ok()?)?;
                    Some(u16::try_from(n).ok()?.to_be_bytes())
                };
                let (number, total) = (part(0)?, part(1)?);
                let mut buf = [0u8; 8];
                buf[2..4].copy_from_slice(&number);
                buf[4..6].copy_from_slice(&total);
                pairs.push(buf);
            }
            let len = if trailing { 8 } else { 6 };
            let data: Vec<Data<'_>> = pairs
                .iter()
                .map(|buf| Data {
                    version_flags: IMPLICIT,
                    value: &buf[..len],
                })
                .collect();
            write_item(&mut out.buf, &name, &[], &data);
            Some(())
        }
        ItemKind::Cover => {
            let covers = list_items(value)?;
            let mut data = Vec::with_capacity(covers.len());
            for cover in &covers {
                let flags = if cover.is_exact_instance_of::<PyBytes>() {
                    JPEG
                } else if cover.get_type().is(classes.cover) {
                    version_flags(cover, None, "imageformat")?
                } else {
                    return None;
                };
                data.push(Data {
                    version_flags: flags,
                    value: cover.cast::<PyBytes>().ok()?.as_bytes(),
                });
            }
            out.write_item(&name, &[], &data, &covers);
            Some(())
        }
        ItemKind::Freeform => {
            let prefix = freeform_prefix(&key)?;
            let values = one_or_list(value, exact_bytes(value, classes.freeform).is_some())?;
            let mut data = Vec::with_capacity(values.len());
            for v in &values {
                let flags = if v.is_exact_instance_of::<PyBytes>() {
                    UTF8
                } else if v.get_type().is(classes.freeform) {
                    version_flags(v, Some("version"), "dataformat")?
                } else {
                    return None;
                };
                data.push(Data {
                    version_flags: flags,
                    value: v.cast::<PyBytes>().ok()?.as_bytes(),
                });
            }
            out.write_item(b"----", &prefix, &data, &values);
            Some(())
        }
    }
}

/// An item with the keys it is sorted by.
struct Ranked<'py> {
    key: Bound<'py, PyAny>,
    value: Bound<'py, PyAny>,
    rank: usize,
    /// The value's `repr`, made only for items whose rank is shared: its length in
    /// characters, then its text.
    repr: Option<(usize, String)>,
}

/// `items` in the order they are written (`mutagen_rs.mp4._sorted_items`): by the rank of
/// their key, then by the length of their value's `repr`, then by that `repr`; items equal in
/// all three keep their order. `None` when a key is not an exact `str` or a `repr` fails, for
/// the caller to sort (and raise) in Python.
fn sorted_items<'py>(items: &Bound<'py, PyList>) -> Option<Vec<Ranked<'py>>> {
    let mut ranked = Vec::with_capacity(items.len());
    for item in items.iter() {
        let (key, value) = item
            .extract::<(Bound<'py, PyAny>, Bound<'py, PyAny>)>()
            .ok()?;
        if !key.is_exact_instance_of::<PyString>() {
            return None;
        }
        let rank = sort_rank(key.cast::<PyString>().ok()?.to_str().ok()?);
        ranked.push(Ranked {
            key,
            value,
            rank,
            repr: None,
        });
    }
    ranked.sort_by_key(|r| r.rank);
    let mut start = 0;
    while start < ranked.len() {
        let rank = ranked[start].rank;
        let end = start
            + ranked[start..]
                .iter()
                .take_while(|r| r.rank == rank)
                .count();
        if end - start > 1 {
            for r in &mut ranked[start..end] {
                let text = r.value.repr().ok()?.to_str().ok()?.to_owned();
                r.repr = Some((text.chars().count(), text));
            }
            ranked[start..end].sort_by(|a, b| a.repr.cmp(&b.repr));
        }
        start = end;
    }
    Some(ranked)
}

/// The `ilst` atom of `MP4Tags.save`, as a list of `bytes` parts laid end to end (its header,
/// then the atoms, each cover or freeform value of 64 KiB or more a part of its own, the value
/// object itself): the `items` (`(key, value)` pairs) in the order they are written (see
/// [`sorted_items`]), then the `extra` atoms as they are (the items that failed to parse when
/// read). `None` when the items cannot be sorted here.
///
/// An item whose value this module does not write itself is given to `render(key, value)`,
/// which returns its atom as a list of `bytes` pieces (`MP4Tags._render_parts`); its errors
/// propagate. `cover` and `freeform` are the `MP4Cover` and `MP4FreeForm` classes.
#[pyfunction]
fn mp4_render_ilst<'py>(
    py: Python<'py>,
    items: &Bound<'py, PyList>,
    extra: &Bound<'py, PyList>,
    render: &Bound<'py, PyAny>,
    cover: &Bound<'py, PyType>,
    freeform: &Bound<'py, PyType>,
) -> PyResult<Option<Bound<'py, PyList>>> {
    let Some(items) = sorted_items(items) else {
        return Ok(None);
    };
    let classes = Classes { cover, freeform };
    let mut out = Out {
        py,
        buf: Vec::new(),
        parts: Vec::new(),
    };
    for Ranked { key, value, .. } in items {
        let start = out.buf.len();
        if render_item(&mut out, &key, &value, &classes).is_some() {
            continue;
        }
        // `render_item` checks a value whole before writing any of it: only what it may
        // have gathered in `buf` is taken back.
        out.buf.truncate(start);
        let parts = render.call1((key, value))?;
        append_parts(py, &mut out.buf, &parts)?;
    }
    append_parts(py, &mut out.buf, extra.as_any())?;
    out.flush();
    let len: u64 = out.parts.iter().map(|p| p.as_bytes().len() as u64).sum();
    let mut head = Vec::with_capacity(16);
    write_atom_head(&mut head, b"ilst", len);
    let head = PyBytes::new(py, &head);
    PyList::new(py, std::iter::once(head).chain(out.parts)).map(Some)
}

/// Append the pieces of `parts` (an iterable of `bytes`, joined as `b"".join` joins them).
fn append_parts(py: Python<'_>, out: &mut Vec<u8>, parts: &Bound<'_, PyAny>) -> PyResult<()> {
    if let Ok(list) = parts.cast::<PyList>() {
        if list.iter().all(|p| p.cast::<PyBytes>().is_ok()) {
            for piece in list.iter() {
                out.extend_from_slice(piece.cast::<PyBytes>()?.as_bytes());
            }
            return Ok(());
        }
    }
    let joined = PyBytes::new(py, b"").call_method1("join", (parts,))?;
    out.extend_from_slice(joined.cast::<PyBytes>()?.as_bytes());
    Ok(())
}

/// Register the renderer.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(mp4_render_ilst, m)?)
}
