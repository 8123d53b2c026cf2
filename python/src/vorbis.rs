//! The Vorbis comment payload, shared by FLAC and the Ogg codecs.

use mutagen_core::vorbis::VorbisComment;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

/// The payload `mutagen_rs._vorbis.VCommentDict._from_payload` builds a tags object from:
/// `(vendor: str, [(key: str, value: str), ...])`, the comments in file order.
pub fn comment_payload(py: Python<'_>, comment: &VorbisComment) -> PyResult<Py<PyAny>> {
    let items = comment
        .comments
        .iter()
        .map(|(k, v)| PyTuple::new(py, [k.as_str(), v.as_str()]))
        .collect::<PyResult<Vec<_>>>()?;
    let list = PyList::new(py, items)?;
    let out = PyTuple::new(
        py,
        [
            comment.vendor.as_str().into_pyobject(py)?.into_any(),
            list.into_any(),
        ],
    )?;
    Ok(out.into_any().unbind())
}

/// The lower-cased form of a comment key, as `str.lower` gives it: the key itself when it is
/// ASCII without capitals, ASCII folding for other ASCII keys, and `str.lower` otherwise.
fn lower_key<'py>(key: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyAny>> {
    let py = key.py();
    if let Ok(text) = key.to_str() {
        if text.is_ascii() {
            if !text.bytes().any(|b| b.is_ascii_uppercase()) {
                return Ok(key.clone().into_any());
            }
            return Ok(PyString::new(py, &text.to_ascii_lowercase()).into_any());
        }
    }
    key.call_method0(intern!(py, "lower"))
}

/// An index of a comment list for `VCommentDict`: `(snapshot, index)`, `snapshot` the items as
/// a tuple (to tell later whether the list still holds exactly these objects) and `index` a
/// dict from each lower-cased key to its values in list order. `None` when an item is not a
/// `(str, value)` tuple: the caller then scans the list as mutagen does.
#[pyfunction]
pub fn vc_index<'py>(
    items: &Bound<'py, PyList>,
) -> PyResult<Option<(Bound<'py, PyTuple>, Bound<'py, PyDict>)>> {
    let py = items.py();
    let snapshot = items.to_tuple();
    let index = PyDict::new(py);
    for item in snapshot.iter() {
        let Ok(pair) = item.cast_exact::<PyTuple>() else {
            return Ok(None);
        };
        if pair.len() != 2 {
            return Ok(None);
        }
        let key = pair.get_item(0)?;
        let Ok(key) = key.cast_exact::<PyString>() else {
            return Ok(None);
        };
        let lower = lower_key(key)?;
        if !lower.is_exact_instance_of::<PyString>() {
            return Ok(None);
        }
        let value = pair.get_item(1)?;
        match index.get_item(&lower)? {
            Some(values) => values.cast_into::<PyList>()?.append(value)?,
            None => index.set_item(lower, PyList::new(py, [value])?)?,
        }
    }
    Ok(Some((snapshot, index)))
}

/// Whether `items` holds exactly the objects of `snapshot`, in order (compared by identity).
#[pyfunction]
pub fn vc_same(items: &Bound<'_, PyList>, snapshot: &Bound<'_, PyTuple>) -> bool {
    items.len() == snapshot.len() && items.iter().zip(snapshot.iter()).all(|(a, b)| a.is(&b))
}

/// Register the Vorbis comment helpers in the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(vc_index, m)?)?;
    m.add_function(wrap_pyfunction!(vc_same, m)?)?;
    Ok(())
}
