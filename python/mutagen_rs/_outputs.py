"""Batch outputs for bulk work: one JSON or MessagePack document, columns, or a stream.

* ``batch_open_json`` / ``batch_open_msgpack``: the whole batch as one document (``bytes``),
  parsed and serialised in Rust with the GIL released; no Python object is made per file.
* ``batch_open_columnar``: a ``Columnar`` of a few columns (path, kind, length, bitrate,
  sample_rate, channels, title, artist, album, error), with NumPy arrays for the numeric
  columns when NumPy is installed, and ``to_pandas()`` / ``to_arrow()``.
* ``BatchIterator``: files parsed by background threads into a bounded channel, yielded as
  ``(path, result)`` in completion order.

The document schema is described in ``python/OUTPUTS.md``.
"""

from __future__ import annotations

import array
import os
import sys
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from . import _native
from ._batch import PathLike, Result, _build, _gc_paused, expand

__all__ = [
    "COLUMNS",
    "BatchIterator",
    "Columnar",
    "batch_open_columnar",
    "batch_open_json",
    "batch_open_msgpack",
]

#: The columns of ``batch_open_columnar``, in order.
COLUMNS = ("path", "kind", "length", "bitrate", "sample_rate", "channels", "title", "artist", "album", "error")

_NUMERIC = {"length": "d", "bitrate": "q", "sample_rate": "q", "channels": "q"}
_TEXT = ("path", "kind", "title", "artist", "album", "error")


def _native_function(name: str, feature: str) -> Any:
    fn = getattr(_native, name, None)
    if fn is None:
        raise RuntimeError(f"mutagen_rs was built without the {feature!r} feature")
    return fn


def _path_list(paths: Union[PathLike, Iterable[PathLike]]) -> Tuple[List[str], bool]:
    """The paths as ``str``, and whether they may still hold directories to walk. A single path
    is expanded here (one check); a list is not checked path by path: the native reader reports
    when one of them is a directory, and the batch is then expanded and read again."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        return expand(paths), False
    return [p if type(p) is str else os.fsdecode(os.fspath(p)) for p in paths], True


def _run_batch(fn: Any, paths: Union[PathLike, Iterable[PathLike]], *args: Any) -> Any:
    files, may_hold_dirs = _path_list(paths)
    out = fn(files, *args, may_hold_dirs)
    if out is None:
        out = fn(expand(files), *args, False)
    return out


def batch_open_json(paths: Union[PathLike, Iterable[PathLike]], *, threads: Optional[int] = None) -> bytes:
    """Read many files in parallel and return one JSON document (UTF-8 ``bytes``).

    ``paths`` is taken as ``batch_open`` takes it (directories are walked). The document is a
    list aligned with the files: ``null`` where ``File()`` gives ``None``;
    ``{"path", "error", "message"}`` where it raises (``error`` is the exception class name);
    otherwise ``{"path", "kind", "info", "tags"}`` (plus ``"pictures"`` for FLAC and
    ``"chapters"`` for MP4), ``kind``
    being the class name, ``info`` the info object's public attributes and ``tags`` each key
    of ``tags.keys()`` with its value (``null`` when the file has no tags). Bytes are base64
    strings. See ``python/OUTPUTS.md`` for the value of each format's tags.
    """
    return _run_batch(_native_function("batch_json", "json"), paths, threads)


def batch_open_msgpack(paths: Union[PathLike, Iterable[PathLike]], *, threads: Optional[int] = None) -> bytes:
    """Read many files in parallel and return one MessagePack document (``bytes``).

    Same schema as ``batch_open_json``, with bytes as MessagePack ``bin`` values and integers
    wider than 64 bits (FLAC's ``md5_signature``) as decimal strings.
    """
    return _run_batch(_native_function("batch_msgpack", "msgpack"), paths, threads)


def _import(name: str, purpose: str) -> Any:
    try:
        return __import__(name)
    except ImportError as e:
        raise ImportError(
            f"{purpose} needs the {name!r} package (pip install {name}, "
            f"or pip install 'mutagen-rs[columnar]')"
        ) from e


def _numpy() -> Any:
    """NumPy when it is importable, else ``None``."""
    if "numpy" in sys.modules:
        return sys.modules["numpy"]
    try:
        import numpy  # noqa: F401
    except ImportError:
        return None
    return sys.modules["numpy"]


class Columnar:
    """A batch as columns: ``columns[name]`` is one value per file, aligned with ``path``.

    Text columns (``path``, ``kind``, ``title``, ``artist``, ``album``, ``error``) are lists of
    ``str`` or ``None``. Numeric columns (``length``, ``bitrate``, ``sample_rate``,
    ``channels``) are NumPy arrays when NumPy is installed (``float64`` with NaN for a missing
    length, ``int64`` with 0 for a missing integer; ``valid(name)`` tells which rows have a
    value), and plain lists with ``None`` for missing values otherwise. ``to_pandas()`` and
    ``to_arrow()`` keep missing values as nulls.
    """

    def __init__(self, raw: Dict[str, Any]) -> None:
        self._raw = raw
        self.columns: Dict[str, Any] = {}
        np = _numpy()
        for name, data in raw.items():
            if name in _NUMERIC:
                values, valid = data
                if np is not None:
                    wire, native = ("<f8", np.float64) if _NUMERIC[name] == "d" else ("<i8", np.int64)
                    self.columns[name] = np.frombuffer(values, dtype=wire).astype(native)
                else:
                    self.columns[name] = self._as_list(name)
            else:
                self.columns[name] = data

    def _as_list(self, name: str) -> List[Any]:
        values, valid = self._raw[name]
        arr = array.array(_NUMERIC[name])
        arr.frombytes(values)
        if sys.byteorder != "little":
            arr.byteswap()
        return [v if ok else None for v, ok in zip(arr.tolist(), valid)]

    def valid(self, name: str) -> List[bool]:
        """For a numeric column, whether each row has a value (a file without it gives False)."""
        return [bool(b) for b in self._raw[name][1]]

    def __getitem__(self, name: str) -> Any:
        return self.columns[name]

    def __contains__(self, name: object) -> bool:
        return name in self.columns

    def __iter__(self) -> Iterator[str]:
        return iter(self.columns)

    def keys(self) -> List[str]:
        """The column names, in order."""
        return list(self.columns)

    def items(self) -> List[Tuple[str, Any]]:
        """``(name, column)`` pairs, in order."""
        return list(self.columns.items())

    def __len__(self) -> int:
        """The number of rows (files)."""
        for name, data in self._raw.items():
            return len(data[1]) if name in _NUMERIC else len(data)
        return 0

    def __repr__(self) -> str:
        return f"<Columnar rows={len(self)} columns={list(self.columns)}>"

    def to_pylist(self) -> List[Dict[str, Any]]:
        """One dict per row, missing values as ``None``."""
        cols = {n: (self._as_list(n) if n in _NUMERIC else self._raw[n]) for n in self.columns}
        return [dict(zip(cols, row)) for row in zip(*cols.values())]

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame`` (nullable ``Int64`` integer columns). Needs pandas and NumPy."""
        pd = _import("pandas", "Columnar.to_pandas()")
        np = _import("numpy", "Columnar.to_pandas()")
        data: Dict[str, Any] = {}
        for name in self.columns:
            if name in _NUMERIC:
                values, valid = self._raw[name]
                mask = np.frombuffer(valid, dtype=np.uint8) == 0
                if _NUMERIC[name] == "d":
                    data[name] = np.frombuffer(values, dtype="<f8").astype(np.float64)
                else:
                    ints = np.frombuffer(values, dtype="<i8").astype(np.int64)
                    data[name] = pd.arrays.IntegerArray(ints, mask)
            else:
                data[name] = pd.Series(self._raw[name], dtype="object")
        return pd.DataFrame(data)

    def to_arrow(self) -> Any:
        """A ``pyarrow.RecordBatch`` with missing values as nulls. Needs pyarrow and NumPy."""
        pa = _import("pyarrow", "Columnar.to_arrow()")
        np = _import("numpy", "Columnar.to_arrow()")
        arrays = []
        for name in self.columns:
            if name in _NUMERIC:
                values, valid = self._raw[name]
                mask = np.frombuffer(valid, dtype=np.uint8) == 0
                dtype = "<f8" if _NUMERIC[name] == "d" else "<i8"
                arrays.append(pa.array(np.frombuffer(values, dtype=dtype), mask=mask))
            else:
                arrays.append(pa.array(self._raw[name], type=pa.string()))
        return pa.RecordBatch.from_arrays(arrays, names=list(self.columns))


def batch_open_columnar(
    paths: Union[PathLike, Iterable[PathLike]],
    *,
    threads: Optional[int] = None,
    fields: Optional[Sequence[str]] = None,
) -> Columnar:
    """Read many files in parallel and return their ``Columnar`` (one row per file).

    Columns: ``path``, ``kind`` (the class ``File()`` gives, ``None`` for an unknown format or
    an error), ``length``, ``bitrate``, ``sample_rate``, ``channels`` (the info attributes;
    missing where the info object has no such attribute), ``title``, ``artist``, ``album`` (the
    first text value of TIT2/TPE1/TALB, title/artist/album or ©nam/©ART/©alb, ``None`` when
    absent) and ``error`` (the exception class name ``File()`` raises, else ``None``).
    ``fields`` picks a subset of the columns, in the order given.
    """
    fn = _native_function("batch_columns", "columnar")
    names = None if fields is None else list(fields)
    return Columnar(_run_batch(fn, paths, threads, names))


class BatchIterator:
    """Read files on background threads and yield ``(path, result)`` as each one completes.

    Results are what ``batch_open`` gives for each file (a FileType, ``None`` or the exception
    instance), in completion order (not path order). Parsed files wait in a bounded channel of
    ``capacity`` results (by default 4 per thread): the workers pause while it is full, so memory
    stays bounded whatever the number of files. Each result becomes Python objects only when it
    is yielded. ``len()`` is the number of files known so far (a directory in a list of paths
    counts as one until a worker meets it; its files are then read after the other paths),
    ``done`` how many results were yielded, ``progress`` the pair ``(done, len())``.
    ``close()`` (also on leaving a ``with`` block) stops the workers.
    """

    def __init__(
        self,
        paths: Union[PathLike, Iterable[PathLike]],
        *,
        threads: Optional[int] = None,
        capacity: Optional[int] = None,
    ) -> None:
        self._cls = _native_function("BatchIterator", "streaming")
        self._threads = threads
        self._capacity = capacity
        files, may_hold_dirs = _path_list(paths)
        self._paths: List[str] = files
        self._it = self._cls(files, threads, capacity, may_hold_dirs)
        # Files found by walking the directories met so far, read once the paths are done.
        self._walked: List[str] = []
        self._total = len(files)
        self._done = 0
        self._closed = False

    def __iter__(self) -> "BatchIterator":
        return self

    def __next__(self) -> Tuple[str, Result]:
        while True:
            try:
                index, raw = next(self._it)
            except StopIteration:
                if self._walked and not self._closed:
                    # The directories' files: read by a new set of workers.
                    self._paths, self._walked = self._walked, []
                    self._it = self._cls(self._paths, self._threads, self._capacity, False)
                    continue
                raise
            path = self._paths[index]
            if raw is Ellipsis:
                found = expand([path])
                self._walked.extend(found)
                self._total += len(found) - 1
                continue
            self._done += 1
            with _gc_paused():
                return path, _build(path, raw)

    def __len__(self) -> int:
        return self._total

    @property
    def done(self) -> int:
        """How many results have been yielded."""
        return self._done

    @property
    def started(self) -> int:
        """How many files the current workers have taken up (yielded, waiting, or being read)."""
        return self._it.started

    @property
    def progress(self) -> Tuple[int, int]:
        """``(done, total)``."""
        return self._done, self._total

    def close(self) -> None:
        """Stop the workers; results not yet yielded are dropped and iteration ends."""
        self._closed = True
        self._walked = []
        self._it.close()

    def __enter__(self) -> "BatchIterator":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
