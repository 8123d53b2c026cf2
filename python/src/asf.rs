//! The ASF payload: the core's parsed result as plain Python data.
//!
//! The payload is `(info, attributes, objects)`:
//! - `info`: `(length, sample_rate, bitrate, channels, codec_type, codec_name,
//!   codec_description)`;
//! - `attributes`: `[(name, type_code, value, language, stream), ...]` in mutagen's order,
//!   `value` being a `str`, `bytes`, `bool` or `int` by type, `language` and `stream` an `int`
//!   or `None`;
//! - `objects`: `[(guid: bytes, children), ...]`, the header's objects in file order.

use mutagen_core::asf::{self, AsfFile, Object, Value};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::Input;

fn value(py: Python<'_>, v: &Value) -> PyResult<Py<PyAny>> {
    Ok(match v {
        Value::Unicode(s) => s.into_pyobject(py)?.into_any().unbind(),
        Value::ByteArray(b) | Value::Guid(b) => PyBytes::new(py, b).into_any().unbind(),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any().unbind(),
        Value::DWord(n) => n.into_pyobject(py)?.into_any().unbind(),
        Value::QWord(n) => n.into_pyobject(py)?.into_any().unbind(),
        Value::Word(n) => n.into_pyobject(py)?.into_any().unbind(),
        _ => py.None(),
    })
}

fn objects(py: Python<'_>, objects: &[Object]) -> PyResult<Py<PyAny>> {
    let items = objects
        .iter()
        .map(|o| (PyBytes::new(py, &o.guid), self::objects(py, &o.children)?).into_pyobject(py))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(crate::list(py, items)?.into_any().unbind())
}

/// The payload of a parsed ASF file (see the module docs).
pub fn to_payload(py: Python<'_>, parsed: &AsfFile) -> PyResult<Py<PyAny>> {
    let i = &parsed.info;
    let info = (
        i.length,
        i.sample_rate,
        i.bitrate,
        i.channels,
        i.codec_type,
        &i.codec_name,
        &i.codec_description,
    );
    let attributes = parsed
        .attributes
        .iter()
        .map(|a| {
            (
                crate::key_str(py, &a.name),
                a.value.type_code(),
                value(py, &a.value)?,
                a.language,
                a.stream,
            )
                .into_pyobject(py)
        })
        .collect::<PyResult<Vec<_>>>()?;
    let out = (
        info,
        crate::list(py, attributes)?,
        objects(py, &parsed.objects)?,
    )
        .into_pyobject(py)?;
    Ok(out.into_any().unbind())
}

/// Read an ASF file's header: the payload `mutagen_rs.asf.ASF` is built from.
#[pyfunction]
#[allow(clippy::needless_pass_by_value)] // pyo3 hands the argument over by value
fn read_asf(py: Python<'_>, input: Input) -> PyResult<Py<PyAny>> {
    let parsed = crate::with_source(py, &input, asf::read)?;
    to_payload(py, &parsed)
}

/// Register this format's functions in the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(read_asf, m)?)?;
    Ok(())
}
