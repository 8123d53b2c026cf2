//! The payloads of the formats with stream info only: AC-3 (`read_ac3`), AAC (`read_aac`)
//! and Standard MIDI files (`read_smf`), each a dict of the info's attributes (AAC's
//! `length` left out where mutagen leaves its integer 0, and its framing as `_type`).

use mutagen_core::aac::{self, AacInfo, Bitrate};
use mutagen_core::ac3::{self, Ac3Info};
use mutagen_core::smf::{self, SmfInfo};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::{with_source, Input};

/// The attributes of `AC3Info`.
pub fn ac3_payload(py: Python<'_>, i: &Ac3Info) -> PyResult<Py<PyAny>> {
    let d = PyDict::new(py);
    d.set_item("channels", i.channels)?;
    d.set_item("length", i.length)?;
    d.set_item("sample_rate", i.sample_rate)?;
    d.set_item("bitrate", i.bitrate)?;
    d.set_item("codec", i.codec)?;
    Ok(d.into_any().unbind())
}

/// The attributes of `AACInfo`.
pub fn aac_payload(py: Python<'_>, i: &AacInfo) -> PyResult<Py<PyAny>> {
    let d = PyDict::new(py);
    d.set_item("channels", i.channels)?;
    if let Some(length) = i.length {
        d.set_item("length", length)?;
    }
    d.set_item("sample_rate", i.sample_rate)?;
    match i.bitrate {
        Bitrate::Int(b) => d.set_item("bitrate", b)?,
        Bitrate::Float(b) => d.set_item("bitrate", b)?,
        _ => {}
    }
    d.set_item("_type", i.kind)?;
    Ok(d.into_any().unbind())
}

/// The attributes of `SMFInfo`.
pub fn smf_payload(py: Python<'_>, i: SmfInfo) -> PyResult<Py<PyAny>> {
    let d = PyDict::new(py);
    d.set_item("length", i.length)?;
    Ok(d.into_any().unbind())
}

/// Read an AC-3 or E-AC-3 stream: the payload of `mutagen_rs.ac3.AC3Info`.
#[pyfunction]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments as owned values
fn read_ac3(py: Python<'_>, input: Input) -> PyResult<Py<PyAny>> {
    let info = with_source(py, &input, ac3::read)?;
    ac3_payload(py, &info)
}

/// Read an ADTS or ADIF AAC stream: the payload of `mutagen_rs.aac.AACInfo`.
#[pyfunction]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments as owned values
fn read_aac(py: Python<'_>, input: Input) -> PyResult<Py<PyAny>> {
    let info = with_source(py, &input, aac::read)?;
    aac_payload(py, &info)
}

/// Read a Standard MIDI file: the payload of `mutagen_rs.smf.SMFInfo`.
#[pyfunction]
#[allow(clippy::needless_pass_by_value)] // PyO3 extracts arguments as owned values
fn read_smf(py: Python<'_>, input: Input) -> PyResult<Py<PyAny>> {
    let info = with_source(py, &input, smf::read)?;
    smf_payload(py, info)
}

/// Register the functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(read_ac3, m)?)?;
    m.add_function(wrap_pyfunction!(read_aac, m)?)?;
    m.add_function(wrap_pyfunction!(read_smf, m)?)?;
    Ok(())
}
