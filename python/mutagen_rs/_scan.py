"""``scan``: a whole library into Arrow record batches, built in Rust.

The files are read, projected onto the columns of ``python/SCHEMA.md`` and turned into Arrow
arrays by background Rust threads; no Python object is made per value. The result speaks the
Arrow PyCapsule interface (``__arrow_c_stream__``), so ``pyarrow.table(result)``,
``polars.from_arrow(result)`` and DuckDB read it without a copy. pyarrow is needed only by the
``to_arrow()``/``to_pandas()`` helpers.
"""

from __future__ import annotations

from typing import Any, Iterable, Optional, Sequence, Union

from . import _native
import os

from ._batch import AUDIO_EXTENSIONS, PathLike

__all__ = ["SCAN_COLUMNS", "SCHEMA_VERSION", "Scan", "scan"]

#: The version of the scan schema (``python/SCHEMA.md``); it changes whenever a column is added,
#: removed or changes type. Also in the schema's metadata as ``mutagen_rs.schema_version``.
SCHEMA_VERSION: int = getattr(_native, "SCAN_SCHEMA_VERSION", 1)

#: Every column of the scan schema, in order.
SCAN_COLUMNS = (
    "path", "kind", "error", "error_message",
    "length", "bitrate", "sample_rate", "channels", "bits_per_sample", "codec",
    "title", "artist", "album", "albumartist", "date", "genre", "composer", "comment",
    "musicbrainz_trackid", "musicbrainz_albumid", "musicbrainz_artistid",
    "musicbrainz_albumartistid", "musicbrainz_releasegroupid",
    "tracknumber", "tracktotal", "discnumber", "disctotal",
    "replaygain_track_gain", "replaygain_track_peak", "replaygain_album_gain", "replaygain_album_peak",
    "tags", "pictures",
)  # fmt: skip

#: The largest number of rows per record batch when ``batch_size`` is not given.
DEFAULT_BATCH_SIZE = 4096


class Scan:
    """The record batches of a scan, produced by background threads as the consumer reads them.

    It is a one-shot stream: ``__arrow_c_stream__()`` hands it to one consumer (``pyarrow``,
    ``polars``, DuckDB); ``to_arrow()`` reads it whole into a ``pyarrow.Table`` and keeps the
    table, which later calls (and ``__arrow_c_stream__``) then serve. ``close()`` stops the
    threads early.
    """

    def __init__(self, native: Any) -> None:
        self._native = native
        self._table: Any = None

    @property
    def columns(self) -> Sequence[str]:
        """The column names, in order."""
        return tuple(self._native.columns)

    schema_version = SCHEMA_VERSION

    def __arrow_c_schema__(self) -> Any:
        """The schema as an ``arrow_schema`` PyCapsule."""
        return self._native.__arrow_c_schema__()

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        """The record batches as an ``arrow_array_stream`` PyCapsule (once, unless the table
        was read by ``to_arrow()``)."""
        if self._table is not None:
            return self._table.__arrow_c_stream__(requested_schema)
        return self._native.__arrow_c_stream__(requested_schema)

    def to_reader(self) -> Any:
        """The stream as a ``pyarrow.RecordBatchReader`` (batches in completion order)."""
        pa = _pyarrow()
        return pa.RecordBatchReader.from_stream(self)

    def to_arrow(self) -> Any:
        """Every batch as one ``pyarrow.Table`` (rows in completion order of the batches)."""
        if self._table is None:
            self._table = self.to_reader().read_all()
        return self._table

    def to_pandas(self, **kwargs: Any) -> Any:
        """The table as a ``pandas.DataFrame`` (``pyarrow.Table.to_pandas(**kwargs)``)."""
        return self.to_arrow().to_pandas(**kwargs)

    def close(self) -> None:
        """Stop the background threads and drop the batches not yet read."""
        self._native.close()

    def __enter__(self) -> "Scan":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError as e:
        raise ImportError("Scan.to_arrow() and to_pandas() need pyarrow (pip install pyarrow)") from e
    return pyarrow


def scan(
    paths_or_dirs: Union[PathLike, Iterable[PathLike]],
    *,
    columns: Optional[Sequence[str]] = None,
    threads: Optional[int] = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    picture_data: bool = False,
    io: str = "auto",
) -> Scan:
    """Read many files into Arrow record batches (schema: ``python/SCHEMA.md``).

    ``paths_or_dirs`` is a path or an iterable of paths; directories are walked as
    ``batch_open`` walks them, and their files come after the rows of the other paths. ``columns`` picks columns by name (all of ``SCAN_COLUMNS`` when
    ``None``); only the work the chosen columns need is done. ``threads`` is the number of
    reading threads (every core for ``None`` or 0). Record batches hold at most ``batch_size``
    rows; at most about two batches per thread are alive at once, whatever the number of files.
    ``picture_data=True`` fills the ``data`` field of each picture with its bytes. One bad file
    gives a row with ``error`` set; the scan goes on. ``io`` is how the files are read:
    ``"uring"`` through io_uring (Linux: each thread opens, reads and closes 64 files at a time
    with one system call per step; ``ValueError`` where the system refuses it), ``"pread"``
    with an open, positioned reads and a close per file, ``"auto"`` io_uring where available,
    else ``"pread"``. The results are the same either way.
    """
    fn = getattr(_native, "scan", None)
    if fn is None:
        raise RuntimeError("mutagen_rs was built without the 'scan' feature")
    if isinstance(paths_or_dirs, (str, bytes, os.PathLike)):
        paths_or_dirs = [paths_or_dirs]
    # No path is checked up front: a path that cannot be read is checked for being a directory
    # by the worker that meets it, and the directories met are walked (in Rust, as ``expand``
    # walks them) and their files scanned after the other paths.
    files = [p if type(p) is str else os.fsdecode(os.fspath(p)) for p in paths_or_dirs]
    cols = None if columns is None else [str(c) for c in columns]
    return Scan(fn(files, cols, threads, batch_size, picture_data, io, sorted(AUDIO_EXTENSIONS)))
