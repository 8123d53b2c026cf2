"""``mutagen_rs.ray`` on a real local Ray instance (``ray.init(num_cpus=2)``): the Dataset is the
single-process scan row for row, with the scan's Arrow schema; bad files are error rows and never
failed tasks; no process is left behind."""

from __future__ import annotations

import pytest

from dist_util import need  # noqa: E402

need("pyarrow", "pip install mutagen-rs[ray]")
ray = need("ray", "pip install mutagen-rs[ray]")
need("ray.data", "pip install mutagen-rs[ray]")

import pyarrow as pa  # noqa: E402

import mutagen_rs  # noqa: E402
import mutagen_rs.ray as mray  # noqa: E402
from mutagen_rs._dist import list_paths, schema  # noqa: E402
from dist_util import assert_no_new_process, comparable, descendants, make_inputs, reference  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    if ray.is_initialized():
        pytest.skip("a Ray instance is already running in this process")
    before = descendants()
    ray.init(num_cpus=2, include_dashboard=False, configure_logging=False, log_to_driver=False)
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True
    ctx.enable_progress_bars = False
    try:
        yield
    finally:
        ray.shutdown()
        assert_no_new_process(before, timeout=60)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return make_inputs(tmp_path_factory.mktemp("ray-inputs"))


def _table(ds):
    return pa.concat_tables(ray.get(ds.to_arrow_refs()))


def test_dataset_is_the_scan_row_for_row(cluster, inputs):
    paths = list_paths(inputs)
    assert len(paths) > 60
    ds = mray.read_metadata(inputs, files_per_partition=7).materialize()
    assert ds.num_blocks() == -(-len(paths) // 7)  # one block per read task of 7 files
    table = _table(ds)
    # The scan's own Arrow types (metadata aside: Ray keeps its own).
    assert table.schema.equals(schema(), check_metadata=False)
    assert comparable(table.to_pylist()) == reference(paths)
    errors = [r["path"] for r in table.select(["path", "error"]).to_pylist() if r["error"] is not None]
    assert any(p.endswith("broken.flac") for p in errors) and any(p.endswith("missing.flac") for p in errors)


def test_columns_bad_files_and_empty(cluster, inputs):
    cols = ["path", "kind", "error"]
    ds = mray.read_metadata(inputs, files_per_partition=50, columns=cols)
    table = _table(ds)
    assert table.column_names == cols
    assert comparable(table.to_pylist()) == reference(list_paths(inputs), cols)
    # A task whose every file is bad still succeeds, with error rows.
    bad = _table(mray.read_metadata(inputs[2:], files_per_partition=1)).to_pylist()
    assert len(bad) == 4 and sum(r["error"] is not None for r in bad) == 3
    assert mray.read_metadata([]).count() == 0
    with pytest.raises(ValueError, match="unknown column"):
        mray.read_metadata(inputs, columns=["nope"])


def test_a_query_on_the_dataset(cluster, inputs):
    """What a user runs: counts per kind through Ray Data, the same as on the scan."""
    ds = mray.read_metadata(inputs, files_per_partition=16, columns=["kind"])
    counts = {r["kind"]: r["count()"] for r in ds.groupby("kind").count().take_all()}
    want = {}
    for k in mutagen_rs.scan(list_paths(inputs), columns=["kind"]).to_arrow().column("kind").to_pylist():
        want[k] = want.get(k, 0) + 1
    assert counts == want


def test_urls_are_fetched_through_fsspec(cluster, inputs):
    """A URL (here ``file://``, as ``s3://`` or ``gs://`` would be) is listed through fsspec on the
    driver and each file fetched by the task that reads it; the rows carry the URLs."""
    pytest.importorskip("fsspec", reason="fsspec is not installed (pip install fsspec)")
    local = sorted(list_paths(inputs[:1]))
    ds = mray.read_metadata(["file://" + inputs[0], "file:///nonexistent/missing.flac"], files_per_partition=10)
    rows = comparable(_table(ds).to_pylist())
    assert rows[:-1] == [dict(r, path="file://" + r["path"]) for r in reference(local)]
    assert rows[-1]["error"] == "FileNotFoundError" and rows[-1]["path"] == "file:///nonexistent/missing.flac"
