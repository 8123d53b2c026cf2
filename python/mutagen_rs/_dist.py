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
    kept, and reading it gives an error row. A URL (``s3://bucket/music/``, ``gs://...``,
    ``file://...``) is listed through fsspec (a directory's audio files at every level, sorted
    by path; patterns expanded), and each of its files is fetched whole by the worker that reads
    it (``scan_table``).
    """
    if isinstance(paths_or_globs_or_dirs, (str, bytes, os.PathLike)):
        items: Iterable[PathLike] = [paths_or_globs_or_dirs]
    else:
        items = paths_or_globs_or_dirs
    # Consecutive local paths are listed together; URLs in their place among them.
    groups: List[Union[List[str], str]] = []
    for item in items:
        p = os.fsdecode(os.fspath(item))
        if is_url(p):
            groups.append(p)
            continue
        p = os.path.expanduser(p)
        if any(m in p for m in _MAGIC) and not os.path.lexists(p):
            local = sorted(glob.glob(p, recursive=True))
        else:
            local = [p]
        if groups and isinstance(groups[-1], list):
            groups[-1].extend(local)
        else:
            groups.append(local)
    out: List[str] = []
    for g in groups:
        if isinstance(g, str):
            out.extend(_list_url(g))
        elif not follow_symlinks:
            out.extend(expand(g))
        else:
            for p in g:
                if os.path.isdir(p):
                    _walk_following(p, out)
                else:
                    out.append(p)
    return out


def is_url(path: str) -> bool:
    """Whether ``path`` is a URL (``protocol://...``) to be read through fsspec."""
    head, sep, _ = path.partition("://")
    return bool(sep) and head.replace("+", "").replace("-", "").isalnum()


def _fsspec() -> Any:
    try:
        import fsspec
    except ImportError as e:
        raise ImportError("reading URLs needs fsspec and the protocol's package (pip install fsspec s3fs)") from e
    return fsspec


def _list_url(url: str) -> List[str]:
    """The files named by a URL: a file as given, a directory's audio files (all levels, sorted
    by path), a pattern's matches (sorted; a matched directory walked likewise)."""
    fs, path = _fsspec().core.url_to_fs(url)
    matches = sorted(fs.glob(path)) if any(m in path for m in _MAGIC) else [path]
    out: List[str] = []
    for m in matches:
        if fs.isdir(m):
            found = sorted(f for f in fs.find(m) if os.path.splitext(f)[1].lower() in AUDIO_EXTENSIONS)
            out.extend(fs.unstrip_protocol(f) for f in found)
        elif m == path and not any(c in path for c in _MAGIC):
            out.append(url)  # as given: a missing file gives an error row
        else:
            out.append(fs.unstrip_protocol(m))
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
    if any(is_url(p) for p in paths):
        return _scan_urls(paths, cols, threads)
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


def _scan_urls(paths: List[str], cols: Optional[List[str]], threads: Optional[int]) -> Any:
    """``scan_table`` of paths some of which are URLs: each URL's file is copied whole through
    fsspec into a temporary directory (its name kept, for the detection by extension), the
    copies are scanned, and the rows carry the URLs. A file that cannot be fetched is an error
    row with the class and message of the exception fsspec raised."""
    import shutil
    import tempfile

    pa = _pyarrow()
    fsspec = _fsspec()
    tmp = tempfile.mkdtemp(prefix="mutagen-rs-")
    try:
        local: List[str] = []
        failed = {}
        for i, p in enumerate(paths):
            if not is_url(p):
                local.append(p)
                continue
            lp = os.path.join(tmp, f"{i:07d}-{os.path.basename(p.rstrip('/')) or 'file'}")
            try:
                fs, rp = fsspec.core.url_to_fs(p)
                fs.get_file(rp, lp)
            except Exception as e:  # noqa: BLE001 - one file's failure is that file's row
                failed[i] = (type(e).__name__, str(e))
            local.append(lp)
        want = None if cols is None else list(dict.fromkeys(["path", "error", "error_message"] + cols))
        table = scan_table(local, want, threads)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    table = table.set_column(table.schema.get_field_index("path"), table.schema.field("path"), pa.array(paths, pa.string()))
    if failed:
        for name, k in (("error", 0), ("error_message", 1)):
            values = table.column(name).to_pylist()
            for i, err in failed.items():
                values[i] = err[k]
            table = table.set_column(table.schema.get_field_index(name), table.schema.field(name), pa.array(values, pa.string()))
    if cols is not None:
        table = table.select(cols)
    return table.combine_chunks()
