"""``mutagen_rs.dask``: a scan as a Dask DataFrame (and the files as a Dask bag of results).

``read_metadata`` lists the files on the driver, cuts the list into partitions by file count and
gives a ``dask.dataframe.DataFrame`` built with ``from_map``: each partition is one Arrow
``scan`` on a worker, turned into pandas with ``pandas.ArrowDtype`` columns (the Arrow types of
``python/SCHEMA.md`` kept as they are, nulls included), and the DataFrame's meta is that
published schema, so nothing is read to build the graph. A file that cannot be read is a row with
``error`` set, never a failed task. Rows come partition by partition in the listing's order.

``read_files`` gives a ``dask.bag.Bag`` of ``(path, result)`` pairs, ``result`` being what
``mutagen_rs.File`` gives (a file object or ``None``) or the exception it raised.

Needs ``pip install mutagen-rs[dask]`` (dask[dataframe,distributed], pandas, pyarrow). Every
worker must see the paths: a local disk for a local cluster, or storage every node mounts at the
same place (NFS, a bucket through a FUSE mount) for a cluster of machines. ``read_metadata`` also
takes URLs (``s3://bucket/music/``), listed and fetched through fsspec
(``mutagen_rs._dist.list_paths``); ``read_files`` takes local paths only.
"""

from __future__ import annotations

from typing import Any, Iterable, List, Optional, Sequence, Tuple, Union

from ._batch import PathLike, batch_open
from ._dist import DEFAULT_FILES_PER_PARTITION, check_columns, list_paths, partition, scan_table, schema
from ._util import MutagenError

# Dask and pandas are imported by the functions, so that the module imports (as every module of
# the package does) where they are not installed.
__all__ = ["read_metadata", "read_files", "meta", "error"]

#: The package's base error, as every module of the package (and of mutagen) has one.
error = MutagenError


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - the extra installs it
        raise ImportError("mutagen_rs.dask needs pandas: pip install mutagen-rs[dask]") from e
    return pandas


def _to_pandas(table: Any) -> Any:
    pd = _pandas()
    return table.to_pandas(types_mapper=pd.ArrowDtype)


def meta(columns: Optional[Sequence[str]] = None) -> Any:
    """The empty pandas DataFrame of ``columns`` (all when ``None``) with the scan schema's
    types as ``pandas.ArrowDtype``: the meta of ``read_metadata``'s DataFrame."""
    return _to_pandas(schema(columns).empty_table())


class _ScanPartition:
    """The function ``from_map`` calls for each partition (a list of paths)."""

    def __init__(self, columns: Optional[List[str]], threads: Optional[int]) -> None:
        self.columns = columns
        self.threads = threads

    def __call__(self, paths: Sequence[str]) -> Any:
        return _to_pandas(scan_table(paths, self.columns, self.threads))


def read_metadata(
    paths_or_globs_or_dirs: Union[PathLike, Iterable[PathLike]],
    *,
    files_per_partition: int = DEFAULT_FILES_PER_PARTITION,
    columns: Optional[Sequence[str]] = None,
    threads: Optional[int] = 1,
    follow_symlinks: bool = False,
) -> Any:
    """A ``dask.dataframe.DataFrame`` of the scan of the files named (files, directories walked,
    glob patterns; listed here, on the driver: ``mutagen_rs._dist.list_paths``), one partition
    per ``files_per_partition`` files. ``columns`` picks columns of ``SCAN_COLUMNS`` (all when
    ``None``). ``threads`` is the number of reading threads of each partition's scan (1: Dask
    runs partitions in parallel; ``None`` or 0: every core of the worker).

    Its rows, in order, are those of ``mutagen_rs.scan`` of the listed files with the rows sorted
    in the listing's order; the values are the same, with the scan's Arrow types.
    """
    import dask.dataframe as dd

    cols = check_columns(columns)
    parts = partition(list_paths(paths_or_globs_or_dirs, follow_symlinks=follow_symlinks), files_per_partition)
    empty = meta(cols)
    if not parts:
        return dd.from_pandas(empty, npartitions=1)
    return dd.from_map(
        _ScanPartition(cols, threads),
        parts,
        meta=empty,
        label="mutagen-rs-scan",
        enforce_metadata=False,
    )


def _open_partition(paths: Sequence[str], threads: Optional[int]) -> List[Tuple[str, Any]]:
    return list(zip(paths, batch_open(list(paths), threads=threads)))


def read_files(
    paths_or_globs_or_dirs: Union[PathLike, Iterable[PathLike]],
    *,
    files_per_partition: int = DEFAULT_FILES_PER_PARTITION,
    threads: Optional[int] = 1,
    follow_symlinks: bool = False,
) -> Any:
    """A ``dask.bag.Bag`` of ``(path, result)`` pairs, one per file listed as ``read_metadata``
    lists them, ``result`` being what ``mutagen_rs.File(path)`` gives (a file object or
    ``None``) or the exception it raised (``batch_open``'s results): a bad file is a value, never
    a failed task. One partition per ``files_per_partition`` files."""
    import dask.bag as db

    parts = partition(list_paths(paths_or_globs_or_dirs, follow_symlinks=follow_symlinks), files_per_partition)
    if not parts:
        return db.from_sequence([], npartitions=1)
    return db.from_sequence(parts, npartitions=len(parts)).map_partitions(_flatten_open, threads=threads)


def _flatten_open(chunks: Iterable[Sequence[str]], threads: Optional[int]) -> List[Tuple[str, Any]]:
    out: List[Tuple[str, Any]] = []
    for paths in chunks:
        out.extend(_open_partition(paths, threads))
    return out
