//! New instances of the package's Python classes, made without running their `__init__`.
//!
//! The result objects (ID3 frames, so far) are instances of the package's Python classes, so
//! that everything mutagen users observe (`isinstance`, attributes, `repr`, `==`, pickling)
//! is theirs. They are made as `object.__new__(cls)` makes them and their fields set as
//! `object.__setattr__` sets them, bypassing each class's validating `__setattr__`, because
//! the values come from the parser already valid.
//!
//! Two builds of the same seam (the `native-objects` | `python-objects` axis):
//! - with the `native-objects` feature, through the C API: `object`'s `tp_new` called
//!   directly, each field stored with `PyObject_GenericSetAttr`, which keeps the values in
//!   the instance's inline storage (no per-object `__dict__` until one is asked for);
//! - without it, through Python-level calls: `object.__new__(cls)`, then the instance's
//!   `__dict__` filled one item at a time.

use pyo3::prelude::*;
use pyo3::types::PyString;

/// An instance being built: made by [`NewObject::new`], filled by [`NewObject::set`].
pub struct NewObject<'py> {
    obj: Bound<'py, PyAny>,
    #[cfg(not(feature = "native-objects"))]
    dict: Bound<'py, pyo3::types::PyDict>,
}

impl<'py> NewObject<'py> {
    /// A new instance of `class` (which must be a class), as `object.__new__(class)` gives.
    pub fn new(class: &Bound<'py, PyAny>) -> PyResult<Self> {
        #[cfg(feature = "native-objects")]
        {
            native::new(class).map(|obj| NewObject { obj })
        }
        #[cfg(not(feature = "native-objects"))]
        {
            let py = class.py();
            let obj = object_new(py)?.call1((class,))?;
            let dict = obj
                .getattr(pyo3::intern!(py, "__dict__"))?
                .cast_into::<pyo3::types::PyDict>()?;
            Ok(NewObject { obj, dict })
        }
    }

    /// Set attribute `name` to `value`, as `object.__setattr__` does.
    pub fn set(&self, name: &Bound<'py, PyString>, value: &Bound<'py, PyAny>) -> PyResult<()> {
        #[cfg(feature = "native-objects")]
        {
            native::set(&self.obj, name, value)
        }
        #[cfg(not(feature = "native-objects"))]
        {
            self.dict.set_item(name, value)
        }
    }

    /// Set each `(name, value)` of `fields`, in order.
    pub fn set_all(&self, fields: &[(&Bound<'py, PyString>, Bound<'py, PyAny>)]) -> PyResult<()> {
        for (name, value) in fields {
            self.set(name, value)?;
        }
        Ok(())
    }

    /// The finished instance.
    pub fn into_object(self) -> Bound<'py, PyAny> {
        self.obj
    }
}

/// `object.__new__`, looked up once.
#[cfg(not(feature = "native-objects"))]
static OBJECT_NEW: pyo3::sync::PyOnceLock<Py<PyAny>> = pyo3::sync::PyOnceLock::new();

#[cfg(not(feature = "native-objects"))]
fn object_new(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    Ok(OBJECT_NEW
        .get_or_try_init(py, || {
            py.get_type::<pyo3::types::PyAny>()
                .getattr(pyo3::intern!(py, "__new__"))
                .map(Bound::unbind)
        })?
        .bind(py))
}

#[cfg(feature = "native-objects")]
#[allow(unsafe_code)] // Calls into the CPython C API, which PyO3 exposes as unsafe functions.
mod native {
    use pyo3::ffi;
    use pyo3::prelude::*;
    use pyo3::types::{PyString, PyTuple, PyType};

    /// `object.__new__(class)`: `object`'s own `tp_new`, called with no arguments.
    pub fn new<'py>(class: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let py = class.py();
        let class = class.cast::<PyType>()?;
        let args = PyTuple::empty(py);
        // SAFETY: `PyBaseObject_Type` is CPython's static `object` type, initialised before any
        // extension module loads and never freed; reading its `tp_new` slot with the GIL held
        // (we hold `py`) is a plain read of an immutable field.
        let tp_new = unsafe { (*std::ptr::addr_of!(ffi::PyBaseObject_Type)).tp_new };
        let Some(tp_new) = tp_new else {
            return Err(pyo3::exceptions::PyTypeError::new_err(
                "object has no tp_new",
            ));
        };
        // SAFETY: `class` is a live type object and `args` a live tuple, both borrowed for the
        // call; a null `kwds` means no keyword arguments, which `object.__new__` accepts. The
        // slot returns a new reference or null with an exception set, which `from_owned_ptr_or_err`
        // turns into an owned object or the raised error.
        unsafe {
            let obj = tp_new(class.as_type_ptr(), args.as_ptr(), std::ptr::null_mut());
            Bound::from_owned_ptr_or_err(py, obj)
        }
    }

    /// `object.__setattr__(obj, name, value)`: the generic attribute store, which writes the
    /// instance's own storage without calling the class's `__setattr__`.
    pub fn set(
        obj: &Bound<'_, PyAny>,
        name: &Bound<'_, PyString>,
        value: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        // SAFETY: the three pointers are live objects borrowed for the call (`name` a `str`, as
        // the function requires); it returns 0, or -1 with an exception set.
        let rc =
            unsafe { ffi::PyObject_GenericSetAttr(obj.as_ptr(), name.as_ptr(), value.as_ptr()) };
        if rc == 0 {
            Ok(())
        } else {
            Err(PyErr::fetch(obj.py()))
        }
    }
}
