//! Binary values (pictures, binary frames, FLAC blocks) as Python objects.
//!
//! By default a binary value becomes `bytes`, as in mutagen: its bytes are copied once from
//! the parser's buffer into the new object. With the `zero-copy` feature it becomes a
//! [`Blob`], which takes over the parser's buffer and lends it to Python through the buffer
//! protocol: no copy, but the value is no longer an instance of `bytes`.

use pyo3::prelude::*;

/// The Python value of a binary field. The buffer is left empty when it was handed over.
// One signature for both builds: only the zero-copy one takes the Vec and can fail.
#[cfg_attr(
    not(feature = "zero-copy"),
    allow(clippy::unnecessary_wraps, clippy::ptr_arg)
)]
pub fn bytes<'py>(py: Python<'py>, data: &mut Vec<u8>) -> PyResult<Bound<'py, PyAny>> {
    #[cfg(feature = "zero-copy")]
    return Ok(Bound::new(py, Blob::new(std::mem::take(data).into()))?.into_any());
    #[cfg(not(feature = "zero-copy"))]
    return Ok(pyo3::types::PyBytes::new(py, data).into_any());
}

/// [`bytes`] for a value that may share its read buffer (an ID3 binary field): the payload is
/// left empty when it was handed over.
#[cfg_attr(not(feature = "zero-copy"), allow(clippy::unnecessary_wraps))]
pub fn payload<'py>(
    py: Python<'py>,
    data: &mut mutagen_core::util::shared::Payload,
) -> PyResult<Bound<'py, PyAny>> {
    #[cfg(feature = "zero-copy")]
    return Ok(Bound::new(py, Blob::new(std::mem::take(data)))?.into_any());
    #[cfg(not(feature = "zero-copy"))]
    return Ok(pyo3::types::PyBytes::new(py, data).into_any());
}

#[cfg(feature = "zero-copy")]
pub use zero_copy::Blob;

#[cfg(feature = "zero-copy")]
#[allow(unsafe_code)] // The buffer protocol is a C API: exporting a buffer is unsafe in PyO3.
mod zero_copy {
    use std::ffi::c_int;

    use pyo3::basic::CompareOp;
    use pyo3::exceptions::PyBufferError;
    use pyo3::ffi;
    use pyo3::prelude::*;
    use pyo3::types::{PyBytes, PyMemoryView};

    /// Read-only bytes owned by Rust (the `zero-copy` variant's binary values).
    ///
    /// `memoryview(blob)`, `bytes(blob)`, `len(blob)`, `blob[i]`, `blob[a:b]` (bytes), file
    /// writes and hashing work as on `bytes`, and a blob compares equal to `bytes` with the
    /// same content; `isinstance(blob, bytes)` is false. Pickling and copying give `bytes`.
    #[pyclass(module = "mutagen_rs._native", name = "Blob", frozen)]
    pub struct Blob {
        data: mutagen_core::util::shared::Payload,
    }

    impl Blob {
        /// Take over `data`.
        pub fn new(data: mutagen_core::util::shared::Payload) -> Self {
            Blob { data }
        }

        /// The bytes.
        pub fn as_slice(&self) -> &[u8] {
            &self.data
        }
    }

    #[pymethods]
    impl Blob {
        /// Export the bytes, read-only.
        #[allow(clippy::needless_pass_by_value)] // PyO3 hands the object over by value
        unsafe fn __getbuffer__(
            slf: Bound<'_, Self>,
            view: *mut ffi::Py_buffer,
            flags: c_int,
        ) -> PyResult<()> {
            if view.is_null() {
                return Err(PyBufferError::new_err("no view to fill"));
            }
            let data = &slf.get().data;
            let len = ffi::Py_ssize_t::try_from(data.len())
                .map_err(|_| PyBufferError::new_err("too large"))?;
            // SAFETY: `view` is non-null and points to the Py_buffer the caller owns (the
            // buffer protocol's contract). The pointer and length describe the bytes of
            // `data`, the payload of this frozen object: a payload gives no mutable access, so
            // its bytes are never changed, and they are not freed while the object lives.
            // PyBuffer_FillInfo stores a new reference to the object in the view, so the
            // object outlives every view. readonly = 1 refuses writable requests.
            let rc = unsafe {
                ffi::PyBuffer_FillInfo(
                    view,
                    slf.as_ptr(),
                    data.as_ptr().cast_mut().cast(),
                    len,
                    1,
                    flags,
                )
            };
            if rc == -1 {
                return Err(PyErr::fetch(slf.py()));
            }
            Ok(())
        }

        fn __len__(&self) -> usize {
            self.data.len()
        }

        fn __bytes__<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
            PyBytes::new(py, &self.data)
        }

        /// An int for an index, `bytes` for a slice.
        fn __getitem__<'py>(
            slf: &Bound<'py, Self>,
            key: &Bound<'py, PyAny>,
        ) -> PyResult<Bound<'py, PyAny>> {
            let item = PyMemoryView::from(slf.as_any())?.get_item(key)?;
            if item.is_instance_of::<PyMemoryView>() {
                return item.call_method0("tobytes");
            }
            Ok(item)
        }

        fn __richcmp__(&self, other: &Bound<'_, PyAny>, op: CompareOp) -> PyResult<Py<PyAny>> {
            let py = other.py();
            let ours: &[u8] = &self.data;
            let order = if let Ok(b) = other.cast::<PyBytes>() {
                ours.cmp(b.as_bytes())
            } else if let Ok(b) = other.cast::<Blob>() {
                ours.cmp(&b.get().data)
            } else {
                return Ok(py.NotImplemented());
            };
            Ok(op
                .matches(order)
                .into_pyobject(py)?
                .to_owned()
                .into_any()
                .unbind())
        }

        /// The hash of the equal `bytes`.
        fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
            PyBytes::new(py, &self.data).hash()
        }

        /// Pickled, copied and deep-copied as the equal `bytes` (a `Blob` is only ever made by
        /// a read).
        fn __reduce__<'py>(&self, py: Python<'py>) -> (Bound<'py, PyAny>, (Bound<'py, PyBytes>,)) {
            let bytes_type = py.get_type::<PyBytes>().into_any();
            (bytes_type, (PyBytes::new(py, &self.data),))
        }

        /// As the equal `bytes` prints.
        fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
            Ok(PyBytes::new(py, &self.data).repr()?.to_string())
        }
    }
}
