/*
 * mutagen_rs_c: a minimal CPython extension over the mutagen-rs C ABI (mutagen_capi.h).
 *
 *   read(path) -> dict | None
 *   read_batch(paths, threads=0) -> list of (dict | None | exception instance)
 *
 * A dict has the keys "kind", "length", "bitrate", "sample_rate", "channels" (None where
 * mutagen's info object has no such attribute) and "tags" ({key: [text values]}, or None when
 * the file has no tag object). None means no file type matched or the type is not read.
 * Failures raise (or, in a batch, return) an instance of a MutagenError subclass named like
 * the class mutagen raises; its `mutagen_class` attribute is mutagen's dotted class name.
 *
 * Licence: MIT OR Apache-2.0.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdlib.h>
#include <string.h>

#include "mutagen_capi.h"

/* Keys shorter than this are interned: tag keys repeat across files. */
#define INTERN_MAX 40

static PyObject *MutagenError;   /* the base class, mutagen_rs_c.MutagenError */
static PyObject *error_classes;  /* "module.Class" -> subclass of MutagenError */
static PyObject *k_kind, *k_length, *k_bitrate, *k_sample_rate, *k_channels, *k_tags;

static PyObject *
str_of(MrsStr s)
{
    return PyUnicode_DecodeUTF8((const char *)s.ptr, (Py_ssize_t)s.len, NULL);
}

static PyObject *
key_of(MrsStr s)
{
    PyObject *k = str_of(s);
    if (k != NULL && s.len <= INTERN_MAX) {
        PyUnicode_InternInPlace(&k);
    }
    return k;
}

/* The exception class for a mutagen module and class name, made once and cached. */
static PyObject *
error_class(MrsStr module, MrsStr name)
{
    char buf[256];
    if (module.len + name.len + 1 > sizeof buf) {
        PyErr_SetString(PyExc_RuntimeError, "mutagen_capi: exception name too long");
        return NULL;
    }
    memcpy(buf, module.ptr, module.len);
    buf[module.len] = '.';
    memcpy(buf + module.len + 1, name.ptr, name.len);
    PyObject *full = PyUnicode_DecodeUTF8(buf, (Py_ssize_t)(module.len + 1 + name.len), NULL);
    if (full == NULL) {
        return NULL;
    }
    PyObject *cls = PyDict_GetItemWithError(error_classes, full);
    if (cls != NULL) {
        Py_DECREF(full);
        Py_INCREF(cls);
        return cls;
    }
    if (PyErr_Occurred()) {
        Py_DECREF(full);
        return NULL;
    }
    if (name.len == 12 && memcmp(name.ptr, "MutagenError", 12) == 0) {
        cls = MutagenError;
        Py_INCREF(cls);
    } else {
        char qualname[256];
        PyOS_snprintf(qualname, sizeof qualname, "mutagen_rs_c.%.*s", (int)name.len,
                      (const char *)name.ptr);
        PyObject *attrs = Py_BuildValue("{sO}", "mutagen_class", full);
        if (attrs == NULL) {
            Py_DECREF(full);
            return NULL;
        }
        cls = PyErr_NewException(qualname, MutagenError, attrs);
        Py_DECREF(attrs);
        if (cls == NULL) {
            Py_DECREF(full);
            return NULL;
        }
    }
    if (PyDict_SetItem(error_classes, full, cls) < 0) {
        Py_DECREF(cls);
        cls = NULL;
    }
    Py_DECREF(full);
    return cls;
}

/* The exception instance for a failed handle. */
static PyObject *
error_instance(const MrsFile *f)
{
    PyObject *cls = error_class(mrs_error_module(f), mrs_error_class(f));
    if (cls == NULL) {
        return NULL;
    }
    PyObject *msg = str_of(mrs_error_message(f));
    if (msg == NULL) {
        Py_DECREF(cls);
        return NULL;
    }
    PyObject *exc = PyObject_CallOneArg(cls, msg);
    Py_DECREF(msg);
    Py_DECREF(cls);
    return exc;
}

static int
set_int(PyObject *d, PyObject *key, int present, int64_t v)
{
    if (!present) {
        return PyDict_SetItem(d, key, Py_None);
    }
    PyObject *o = PyLong_FromLongLong(v);
    if (o == NULL) {
        return -1;
    }
    int rc = PyDict_SetItem(d, key, o);
    Py_DECREF(o);
    return rc;
}

static PyObject *
tags_dict(const MrsFile *f)
{
    size_t n = mrs_tag_count(f);
    PyObject *tags = PyDict_New();
    if (tags == NULL) {
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        size_t nv = mrs_tag_value_count(f, i);
        PyObject *values = PyList_New((Py_ssize_t)nv);
        if (values == NULL) {
            goto fail;
        }
        for (size_t j = 0; j < nv; j++) {
            PyObject *v = str_of(mrs_tag_value(f, i, j));
            if (v == NULL) {
                Py_DECREF(values);
                goto fail;
            }
            PyList_SET_ITEM(values, (Py_ssize_t)j, v);
        }
        PyObject *key = key_of(mrs_tag_key(f, i));
        if (key == NULL) {
            Py_DECREF(values);
            goto fail;
        }
        int rc = PyDict_SetItem(tags, key, values);
        Py_DECREF(key);
        Py_DECREF(values);
        if (rc < 0) {
            goto fail;
        }
    }
    return tags;
fail:
    Py_DECREF(tags);
    return NULL;
}

/* The dict for a parsed handle. */
static PyObject *
file_dict(const MrsFile *f)
{
    MrsInfo info;
    if (mrs_info(f, &info) != 0) {
        PyErr_SetString(PyExc_RuntimeError, "mutagen_capi: no info");
        return NULL;
    }
    PyObject *d = PyDict_New();
    if (d == NULL) {
        return NULL;
    }
    PyObject *o = key_of(mrs_kind(f));
    if (o == NULL || PyDict_SetItem(d, k_kind, o) < 0) {
        Py_XDECREF(o);
        goto fail;
    }
    Py_DECREF(o);
    if (info.present & MRS_HAS_LENGTH) {
        o = PyFloat_FromDouble(info.length);
        if (o == NULL || PyDict_SetItem(d, k_length, o) < 0) {
            Py_XDECREF(o);
            goto fail;
        }
        Py_DECREF(o);
    } else if (PyDict_SetItem(d, k_length, Py_None) < 0) {
        goto fail;
    }
    if (set_int(d, k_bitrate, info.present & MRS_HAS_BITRATE, info.bitrate) < 0 ||
        set_int(d, k_sample_rate, info.present & MRS_HAS_SAMPLE_RATE, info.sample_rate) < 0 ||
        set_int(d, k_channels, info.present & MRS_HAS_CHANNELS, info.channels) < 0) {
        goto fail;
    }
    if (mrs_has_tags(f)) {
        o = tags_dict(f);
        if (o == NULL || PyDict_SetItem(d, k_tags, o) < 0) {
            Py_XDECREF(o);
            goto fail;
        }
        Py_DECREF(o);
    } else if (PyDict_SetItem(d, k_tags, Py_None) < 0) {
        goto fail;
    }
    return d;
fail:
    Py_DECREF(d);
    return NULL;
}

/* Set the Python error for a failed call (not a failed file). */
static void
call_failed(int status)
{
    if (status == MRS_ERR_PANIC) {
        PyErr_SetString(MutagenError, "internal error in mutagen_capi");
    } else {
        PyErr_Format(PyExc_RuntimeError, "mutagen_capi call failed with status %d", status);
    }
}

PyDoc_STRVAR(read_doc,
"read(path) -> dict or None\n\n"
"Parse one file. Returns a dict with 'kind', 'length', 'bitrate', 'sample_rate',\n"
"'channels' and 'tags' ({key: [text values]} or None), or None when no supported type\n"
"matches. Raises a MutagenError subclass named like mutagen's exception on failure.");

static PyObject *
mrc_read(PyObject *self, PyObject *arg)
{
    (void)self;
    PyObject *bytes = NULL;
    if (!PyUnicode_FSConverter(arg, &bytes)) {
        return NULL;
    }
    MrsFile *f = NULL;
    int status;
    const uint8_t *p = (const uint8_t *)PyBytes_AS_STRING(bytes);
    size_t len = (size_t)PyBytes_GET_SIZE(bytes);
    Py_BEGIN_ALLOW_THREADS
    status = mrs_open(p, len, &f);
    Py_END_ALLOW_THREADS
    Py_DECREF(bytes);
    PyObject *out = NULL;
    switch (status) {
    case MRS_OK:
        out = file_dict(f);
        break;
    case MRS_UNSUPPORTED:
        out = Py_NewRef(Py_None);
        break;
    case MRS_ERROR: {
        PyObject *exc = error_instance(f);
        if (exc != NULL) {
            PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
            Py_DECREF(exc);
        }
        break;
    }
    default:
        call_failed(status);
    }
    mrs_free(f);
    return out;
}

PyDoc_STRVAR(read_batch_doc,
"read_batch(paths, threads=0) -> list\n\n"
"Parse many files in parallel on `threads` threads (0: one per core) without holding the\n"
"GIL. Returns a list aligned with paths: the dict read() returns, None, or the exception\n"
"instance read() would raise.");

static PyObject *
mrc_read_batch(PyObject *self, PyObject *args, PyObject *kwargs)
{
    (void)self;
    static char *kwlist[] = {"paths", "threads", NULL};
    PyObject *paths_obj;
    Py_ssize_t threads = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|n:read_batch", kwlist, &paths_obj,
                                     &threads)) {
        return NULL;
    }
    if (threads < 0) {
        PyErr_SetString(PyExc_ValueError, "threads must be >= 0");
        return NULL;
    }
    PyObject *seq = PySequence_Fast(paths_obj, "paths must be an iterable of paths");
    if (seq == NULL) {
        return NULL;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject *encoded = PyList_New(n);
    MrsPath *raw = PyMem_Calloc((size_t)n + 1, sizeof(MrsPath));
    MrsFile **files = PyMem_Calloc((size_t)n + 1, sizeof(MrsFile *));
    PyObject *out = NULL;
    if (encoded == NULL || raw == NULL || files == NULL) {
        if (!PyErr_Occurred()) {
            PyErr_NoMemory();
        }
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *b = NULL;
        if (!PyUnicode_FSConverter(PySequence_Fast_GET_ITEM(seq, i), &b)) {
            goto done;
        }
        PyList_SET_ITEM(encoded, i, b);
        raw[i].ptr = (const uint8_t *)PyBytes_AS_STRING(b);
        raw[i].len = (size_t)PyBytes_GET_SIZE(b);
    }
    int status;
    Py_BEGIN_ALLOW_THREADS
    status = mrs_open_batch(raw, (size_t)n, (size_t)threads, files);
    Py_END_ALLOW_THREADS
    if (status != MRS_OK) {
        call_failed(status);
        goto done;
    }
    out = PyList_New(n);
    if (out == NULL) {
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item;
        switch (mrs_status(files[i])) {
        case MRS_OK:
            item = file_dict(files[i]);
            break;
        case MRS_ERROR:
            item = error_instance(files[i]);
            break;
        default:
            item = Py_NewRef(Py_None);
        }
        if (item == NULL) {
            Py_CLEAR(out);
            goto done;
        }
        PyList_SET_ITEM(out, i, item);
    }
done:
    if (files != NULL) {
        for (Py_ssize_t i = 0; i < n; i++) {
            mrs_free(files[i]);
        }
    }
    PyMem_Free(files);
    PyMem_Free(raw);
    Py_XDECREF(encoded);
    Py_DECREF(seq);
    return out;
}

static PyMethodDef methods[] = {
    {"read", mrc_read, METH_O, read_doc},
    {"read_batch", (PyCFunction)(void (*)(void))mrc_read_batch, METH_VARARGS | METH_KEYWORDS,
     read_batch_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    "mutagen_rs_c",
    "mutagen-rs through its C ABI: read(path) and read_batch(paths, threads=0).",
    -1,
    methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit_mutagen_rs_c(void)
{
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) {
        return NULL;
    }
    MutagenError = PyErr_NewExceptionWithDoc(
        "mutagen_rs_c.MutagenError",
        "Base class of the errors of mutagen_rs_c; subclasses are named like mutagen's.",
        NULL, NULL);
    error_classes = PyDict_New();
    k_kind = PyUnicode_InternFromString("kind");
    k_length = PyUnicode_InternFromString("length");
    k_bitrate = PyUnicode_InternFromString("bitrate");
    k_sample_rate = PyUnicode_InternFromString("sample_rate");
    k_channels = PyUnicode_InternFromString("channels");
    k_tags = PyUnicode_InternFromString("tags");
    PyObject *base_name = PyUnicode_FromString("mutagen.MutagenError");
    int failed = MutagenError == NULL || error_classes == NULL || k_kind == NULL ||
                 k_length == NULL || k_bitrate == NULL || k_sample_rate == NULL ||
                 k_channels == NULL || k_tags == NULL || base_name == NULL ||
                 PyObject_SetAttrString(MutagenError, "mutagen_class", base_name) < 0 ||
                 PyModule_AddObjectRef(m, "MutagenError", MutagenError) < 0;
    Py_XDECREF(base_name);
    if (failed) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
