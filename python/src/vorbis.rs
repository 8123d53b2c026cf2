//! The Vorbis comment payload, shared by FLAC and the Ogg codecs.

use mutagen_core::vorbis::VorbisComment;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};

/// The payload `mutagen_rs._vorbis.VCommentDict._from_payload` builds a tags object from:
/// `(vendor: str, [(key: str, value: str), ...])`, the comments in file order.
pub fn comment_payload(py: Python<'_>, comment: &VorbisComment) -> PyResult<Py<PyAny>> {
    let items = comment
        .comments
        .iter()
        .map(|(k, v)| {
            PyTuple::new(
                py,
                [
                    crate::key_str(py, k).into_any(),
                    PyString::new(py, v).into_any(),
                ],
            )
        })
        .collect::<PyResult<Vec<_>>>()?;
    let list = crate::list(py, items)?;
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

/// The pair of one comment item, when the item is a `(str, value)` tuple; `None` otherwise.
fn item_pair<'a, 'py>(item: &'a Bound<'py, PyAny>) -> Option<&'a Bound<'py, PyTuple>> {
    let pair = item.cast_exact::<PyTuple>().ok()?;
    (pair.len() == 2
        && pair
            .get_borrowed_item(0)
            .ok()?
            .is_exact_instance_of::<PyString>())
    .then_some(pair)
}

/// The key of a pair [`item_pair`] accepted.
fn pair_key<'py>(pair: &Bound<'py, PyTuple>) -> PyResult<Bound<'py, PyString>> {
    Ok(pair.get_item(0)?.cast_into_exact::<PyString>()?)
}

/// Whether `key.lower() == wanted`, for a comment key and a lower-cased `str` wanted key.
fn key_matches(
    key: &Bound<'_, PyString>,
    wanted: &Bound<'_, PyString>,
    wanted_text: Option<&str>,
) -> PyResult<bool> {
    if let (Ok(text), Some(want)) = (key.to_str(), wanted_text) {
        if text.is_ascii() {
            // The lower-cased form of an ASCII key is ASCII: equal only to the same ASCII text.
            return Ok(text.len() == want.len()
                && text
                    .bytes()
                    .zip(want.bytes())
                    .all(|(a, b)| a.to_ascii_lowercase() == b));
        }
    }
    lower_key(key)?.eq(wanted)
}

/// `VCommentDict[key]` over a comment list: the values of the comments whose key lower-cases
/// to `wanted` (an exact `str`), in list order, as `[v for (k, v) in items if k.lower() == wanted]`.
/// `None` when an item is not a `(str, value)` tuple: the caller then runs that scan itself.
#[pyfunction]
pub fn vc_values<'py>(
    items: &Bound<'py, PyList>,
    wanted: &Bound<'py, PyString>,
) -> PyResult<Option<Bound<'py, PyList>>> {
    let py = items.py();
    let wanted_text = wanted.to_str().ok();
    let out = PyList::empty(py);
    // Nothing in the loop runs Python code (`str.lower` and `==` of plain strs), so the list
    // cannot change while it is walked.
    // An ASCII wanted key only matches keys of the same length: most keys are turned away on
    // their length, without looking at their text.
    let wanted_len = wanted_text.filter(|t| t.is_ascii()).map(str::len);
    for item in items.iter() {
        let Some(pair) = item_pair(&item) else {
            return Ok(None);
        };
        let key = pair_key(pair)?;
        if wanted_len.is_some_and(|n| key.len().is_ok_and(|k| k != n)) {
            continue;
        }
        if key_matches(&key, wanted, wanted_text)? {
            out.append(pair.get_item(1)?)?;
        }
    }
    Ok(Some(out))
}

/// The lower-cased key of every comment, in list order (repeats included), as
/// `[k.lower() for k, v in items]`; `None` when an item is not a `(str, value)` tuple.
#[pyfunction]
pub fn vc_keys<'py>(items: &Bound<'py, PyList>) -> PyResult<Option<Bound<'py, PyList>>> {
    let py = items.py();
    let out = PyList::empty(py);
    for item in items.iter() {
        let Some(pair) = item_pair(&item) else {
            return Ok(None);
        };
        out.append(lower_key(&pair_key(pair)?)?)?;
    }
    Ok(Some(out))
}

/// Whether a `str` key is a valid Vorbis comment key (`_vorbis.is_valid_key`): not empty, and
/// every character from " " to "}" except "=".
fn valid_key(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| (b' '..=b'}').contains(&b) && b != b'=')
}

/// `VCommentDict[key]` for an exact `str` key, all in one call: `ValueError` for an invalid key,
/// `KeyError(key.lower())` when no comment has it, else the list of its values. `None` when
/// the list holds an item that is not a `(str, value)` tuple (the caller then runs the plain
/// code).
#[pyfunction]
pub fn vc_getitem<'py>(
    items: &Bound<'py, PyList>,
    key: &Bound<'py, PyString>,
) -> PyResult<Option<Bound<'py, PyList>>> {
    let py = items.py();
    let Ok(text) = key.to_str() else {
        // Lone surrogates: never a valid key.
        return Err(pyo3::exceptions::PyValueError::new_err(()));
    };
    if !valid_key(text) {
        return Err(pyo3::exceptions::PyValueError::new_err(()));
    }
    let wanted = if text.bytes().any(|b| b.is_ascii_uppercase()) {
        PyString::new(py, &text.to_ascii_lowercase())
    } else {
        key.clone()
    };
    let Some(values) = vc_values(items, &wanted)? else {
        return Ok(None);
    };
    if values.is_empty() {
        return Err(pyo3::exceptions::PyKeyError::new_err((wanted.unbind(),)));
    }
    Ok(Some(values))
}

/// Register the Vorbis comment helpers in the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(vc_values, m)?)?;
    m.add_function(wrap_pyfunction!(vc_getitem, m)?)?;
    m.add_function(wrap_pyfunction!(vc_keys, m)?)?;
    Ok(())
}
