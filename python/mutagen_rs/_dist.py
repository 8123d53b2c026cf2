"""What the distributed readers (``mutagen_rs.dask``, ``mutagen_rs.ray``) and the ``mutagen-rs``
command share: listing paths on the driver, cutting them into partitions by file count, and the
scan of one partition into a ``pyarrow.Table`` whose rows are in the partition's path order.

The listing is done once, where the call is made; each partition is then one ``scan`` of a list
of files on a worker, so a worker needs only the paths to be readable where it runs (a local
disk, or storage every node mounts at the same place: NFS, a FUSE mount of a bucket).
"""

from __future__ import annotations

import glob
import os
from typing import Any, Iterable, List, Optional, Sequence, Union

from ._batch import AUDIO_EXTENSIONS, PathLike, expand
from ._scan import SCAN_COLUMNS, scan

__all__ = ["list_paths", "partition", "scan_table", "schema", "DEFAULT_FILES_PER_PARTITION"]

#: Files per partition when none is given: large enough that a partition's fixed cost (a task,
#: a pickled list of paths, one Arrow table) is spread over many files, small enough that a few
#: thousand-file folder still gives every worker something to do.
DEFAULT_FILES_PER_PARTITION = 2048

_MAGIC = ("*", "?", "[")


def _walk_following(top: str, out: List[str]) -> None:
    """Walk ``top`` as ``expand`` does (sorted names, files before subdirectories) but into
    symbolic links to directories too, each real directory once (no loop through a link)."""
    seen = set()

    def visit(d: str) -> None:
        try:
            st = os.stat(d)
        except OSError:
            return
        key = (st.st_dev, st.st_ino)
        if key in seen:
            return
        seen.add(key)
        try:
            names = sorted(os.listdir(d))
        except OSError:
            return
        subdirs = []
        for name in names:
            p = os.path.join(d, name)
            if os.path.isdir(p):
                subdirs.append(p)
            elif os.path.splitext(name)[1].lower() in AUDIO_EXTENSIONS:
                out.append(p)
        for p in subdirs:
            visit(p)

    visit(top)


def list_paths(
    paths_or_globs_or_dirs: Union[PathLike, Iterable[PathLike]],
    *,
    follow_symlinks: bool = False,
) -> List[str]:
    """The files to read, listed here (on the driver; ``~`` is expanded): a file is kept as given; a directory is
    walked for the extensions mutagen knows, in ``batch_open``'s order (names sorted, a
    directory's files before its subdirectories); a pattern with ``*``, ``?`` or ``[`` that is
    not an existing path is expanded with ``glob`` (``**`` crosses directories), its matches
    sorted and each treated as above. Symbolic links to directories are walked into only with
    ``follow_symlinks=True``. A pattern that matches nothing gives no file; a missing file is
    kept, and reading it gives an error row.
    """
    if isinstance(paths_or_globs_or_dirs, (str, bytes, os.PathLike)):
        items: Iterable[PathLike] = [paths_or_globs_or_dirs]
    else:
        items = paths_or_globs_or_dirs
    named: List[str] = []
    for item in items:
        p = os.path.expanduser(os.fsdecode(os.fspath(item)))
        if any(m in p for m in _MAGIC) and not os.path.lexists(p):
            named.extend(sorted(glob.glob(p, recursive=True)))
        else:
            named.append(p)
    if not follow_symlinks:
        return expand(named)
    out: List[str] = []
    for p in named:
        if os.path.isdir(p):
            _walk_following(p, out)
        else:
            out.append(p)
    return out


def partition(paths: Sequence[str], files_per_partition: int) -> List[List[str]]:
    """``paths`` cut into consecutive lists of at most ``files_per_partition`` files (no empty
    list; none at all for no path)."""
    n = int(files_per_partition)
    if n < 1:
        raise ValueError(f"files_per_partition must be at least 1, not {files_per_partition!r}")
    return [list(paths[i : i + n]) for i in range(0, len(paths), n)]


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError as e:  # pragma: no cover - the extras install it
        raise ImportError("mutagen_rs's distributed readers need pyarrow (pip install pyarrow)") from e
    return pyarrow


def check_columns(columns: Optional[Sequence[str]]) -> Optional[List[str]]:
    """``columns`` as a list of known column names (``ValueError`` naming an unknown one)."""
    if columns is None:
        return None
    if isinstance(columns, str):
        raise TypeError("columns must be a sequence of column names, not a string")
    cols = [str(c) for c in columns]
    for c in cols:
        if c not in SCAN_COLUMNS:
            raise ValueError(f"unknown column {c!r} (the columns are those of mutagen_rs.SCAN_COLUMNS)")
    return cols


def schema(columns: Optional[Sequence[str]] = None) -> Any:
    """The published scan schema (``python/SCHEMA.md``) of ``columns`` as a ``pyarrow.Schema``,
    with its ``mutagen_rs.schema_version`` metadata; no file is read."""
    pa = _pyarrow()
    return pa.schema(scan([], columns=check_columns(columns)))


def scan_table(
    paths: Sequence[str],
    columns: Optional[Sequence[str]] = None,
    threads: Optional[int] = None,
) -> Any:
    """One partition: ``scan(paths)`` read whole into a ``pyarrow.Table`` with its rows in the
    order of ``paths`` (the scan itself gives its batches in completion order). A file that
    cannot be read is a row with ``error`` set, as in ``scan``; nothing here raises for a file.
    """
    pa = _pyarrow()
    cols = check_columns(columns)
    paths = list(paths)
    want = cols if cols is None or "path" in cols else ["path"] + cols
    table = scan(paths, columns=want, threads=threads).to_arrow()
    if table.num_rows > 1:
        import pyarrow.compute as pc

        # The position of each row's path in ``paths`` (a path given twice gives two equal rows,
        # so which of them comes first does not matter); the sort is stable.
        # Paths are compared as the scan writes them (bytes that are not UTF-8 replaced).
        names = [os.fsencode(p).decode("utf-8", "replace") for p in paths]
        where = pc.index_in(table.column("path"), value_set=pa.array(names, pa.string()))
        table = table.take(pc.sort_indices(where))
    if cols is not None and "path" not in cols:
        table = table.drop_columns(["path"])
    return table.combine_chunks()
