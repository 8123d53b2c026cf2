"""``mutagen_rs.ray``: a scan as a Ray Dataset, through a Ray Data ``Datasource``.

``read_metadata`` lists the files on the driver, cuts the list into groups by file count, and
gives a ``ray.data.Dataset`` read by ``MetadataDatasource``: each read task scans one group of
paths into one Arrow table (the schema of ``python/SCHEMA.md``). A file that cannot be read is a
row with ``error`` set, never a failed task.

Needs ``pip install mutagen-rs[ray]`` (ray[data], pyarrow). Every node must see the paths: a
local disk for a one-machine cluster, or storage every node mounts at the same place (NFS, a
bucket through a FUSE mount) for a cluster of machines. URLs (``s3://bucket/music/``) are listed
and fetched through fsspec (``mutagen_rs._dist.list_paths``).
"""

from __future__ import annotations

from typing import Any, Iterable, List, Optional, Sequence, Union

from ._batch import PathLike
from ._dist import DEFAULT_FILES_PER_PARTITION, check_columns, list_paths, partition, scan_table, schema
from ._util import MutagenError

# ``MetadataDatasource`` is there too, made on first use: Ray is imported only then, so that the
# module imports (as every module of the package does) where Ray is not installed.
__all__ = ["read_metadata", "error"]

#: The package's base error, as every module of the package (and of mutagen) has one.
error = MutagenError

#: A guess at a row's size in memory (a typical file's tags, no picture data), for Ray's planning.
_ROW_BYTES = 1024


class _ReadGroup:
    """A read task's function: one group of paths scanned into one Arrow table."""

    def __init__(self, paths: List[str], columns: Optional[List[str]], threads: Optional[int]) -> None:
        self.paths = paths
        self.columns = columns
        self.threads = threads

    def __call__(self) -> List[Any]:
        return [scan_table(self.paths, self.columns, self.threads)]


_DATASOURCE: Any = None


def _datasource_class() -> Any:
    """``MetadataDatasource``, defined on first use (it subclasses Ray's ``Datasource``)."""
    global _DATASOURCE
    if _DATASOURCE is None:
        from ray.data import Datasource, ReadTask
        from ray.data.block import BlockMetadata

        class MetadataDatasource(Datasource):
            """A Ray Data ``Datasource`` over a list of files: one read task per ``files_per_task``
            files, in the listing's order, whatever parallelism Ray proposes."""

            def __init__(
                self,
                paths: Sequence[str],
                *,
                files_per_task: int = DEFAULT_FILES_PER_PARTITION,
                columns: Optional[Sequence[str]] = None,
                threads: Optional[int] = 1,
            ) -> None:
                super().__init__()
                self.paths = list(paths)
                self.files_per_task = int(files_per_task)
                if self.files_per_task < 1:
                    raise ValueError(f"files_per_partition must be at least 1, not {files_per_task!r}")
                self.columns = check_columns(columns)
                self.threads = threads
                self.schema = schema(self.columns)

            def get_name(self) -> str:
                return "MutagenRsMetadata"

            def estimate_inmemory_data_size(self) -> Optional[int]:
                return len(self.paths) * _ROW_BYTES

            def get_read_tasks(  # type: ignore[override]  # (the signature differs between Ray versions)
                self, parallelism: int, per_task_row_limit: Optional[int] = None, data_context: Any = None, **kwargs: Any
            ) -> List[Any]:
                # Groups of at most ``files_per_task`` files: the partitioning is by file count.
                groups = partition(self.paths, self.files_per_task)
                tasks = []
                for group in groups:
                    meta = BlockMetadata(
                        num_rows=len(group),
                        size_bytes=len(group) * _ROW_BYTES,
                        input_files=None,
                        exec_stats=None,
                    )
                    fn = _ReadGroup(group, self.columns, self.threads)
                    try:
                        task = ReadTask(fn, meta, schema=self.schema, per_task_row_limit=per_task_row_limit)
                    except TypeError:  # an older Ray: no schema or row limit on the task
                        task = ReadTask(fn, meta)
                    tasks.append(task)
                return tasks

        MetadataDatasource.__module__ = __name__
        MetadataDatasource.__qualname__ = "MetadataDatasource"
        _DATASOURCE = MetadataDatasource
    return _DATASOURCE


def __getattr__(name: str) -> Any:
    if name == "MetadataDatasource":
        return _datasource_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def read_metadata(
    paths_or_globs_or_dirs: Union[PathLike, Iterable[PathLike]],
    *,
    files_per_partition: int = DEFAULT_FILES_PER_PARTITION,
    columns: Optional[Sequence[str]] = None,
    threads: Optional[int] = 1,
    follow_symlinks: bool = False,
    **read_args: Any,
) -> Any:
    """A ``ray.data.Dataset`` of the scan of the files named (files, directories walked, glob
    patterns; listed here, on the driver: ``mutagen_rs._dist.list_paths``), one read task per
    ``files_per_partition`` files. ``columns`` picks columns of ``SCAN_COLUMNS`` (all when
    ``None``); ``threads`` is the number of reading threads of each task's scan (1: Ray runs
    tasks in parallel; ``None`` or 0: every core of the node). ``read_args`` go to
    ``ray.data.read_datasource`` (``ray_remote_args``, ``concurrency``, ...).

    Its rows are those of ``mutagen_rs.scan`` of the listed files, with the same values and
    Arrow types; within a task in the listing's order, and tasks in order when the
    ``DataContext``'s ``execution_options.preserve_order`` is set.
    """
    from ray.data import read_datasource

    paths = list_paths(paths_or_globs_or_dirs, follow_symlinks=follow_symlinks)
    source = _datasource_class()(paths, files_per_task=files_per_partition, columns=columns, threads=threads)
    if not paths:
        import ray.data

        return ray.data.from_arrow(source.schema.empty_table())
    return read_datasource(source, **read_args)
