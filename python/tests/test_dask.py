"""``mutagen_rs.dask`` on a real local cluster (``dask.distributed.LocalCluster``, two worker
processes): the DataFrame is the single-process scan row for row, bad files are error rows and
never failed tasks, the bag gives what ``File()`` gives, and no process is left behind."""

from __future__ import annotations

import logging

import pytest

from dist_util import need  # noqa: E402

need("pyarrow", "pip install mutagen-rs[dask]")
need("pandas", "pip install mutagen-rs[dask]")
need("dask.dataframe", "pip install mutagen-rs[dask]")
distributed = need("dask.distributed", "pip install mutagen-rs[dask]")

import pyarrow as pa  # noqa: E402

import mutagen_rs  # noqa: E402
import mutagen_rs.dask as mdask  # noqa: E402
from mutagen_rs._dist import list_paths  # noqa: E402
from dist_util import assert_no_new_process, comparable, descendants, make_inputs, reference  # noqa: E402


@pytest.fixture(scope="module")
def client():
    before = descendants()
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
    )
    c = distributed.Client(cluster)
    try:
        yield c
    finally:
        c.close()
        cluster.close()
        assert_no_new_process(before, timeout=60)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return make_inputs(tmp_path_factory.mktemp("dask-inputs"))


def _rows(df):
    pdf = df.compute()
    return comparable(pa.Table.from_pandas(pdf, preserve_index=False).to_pylist())


def test_dataframe_is_the_scan_row_for_row(client, inputs):
    paths = list_paths(inputs)
    assert len(paths) > 60
    df = mdask.read_metadata(inputs, files_per_partition=7)
    assert df.npartitions == -(-len(paths) // 7)
    assert list(df.columns) == list(mutagen_rs.SCAN_COLUMNS)
    # The meta is the published schema: nothing was read to build the graph.
    assert [str(t) for t in df.dtypes] == [str(t) for t in mdask.meta().dtypes]
    got = _rows(df)
    assert got == reference(paths)
    errors = [r["path"] for r in got if r["error"] is not None]
    assert any(p.endswith("broken.flac") for p in errors) and any(p.endswith("missing.flac") for p in errors)
    assert any(r["kind"] is None and r["error"] is None for r in got)  # unknown.mp3: no kind, no error


def test_columns_and_one_partition_of_bad_files(client, inputs):
    cols = ["title", "error", "length"]
    df = mdask.read_metadata(inputs, files_per_partition=100, columns=cols)
    assert list(df.columns) == cols
    assert _rows(df) == reference(list_paths(inputs), cols)
    bad = mdask.read_metadata(inputs[2:], files_per_partition=1)
    rows = _rows(bad)
    assert len(rows) == 4 and sum(r["error"] is not None for r in rows) == 3
    with pytest.raises(ValueError, match="unknown column"):
        mdask.read_metadata(inputs, columns=["nope"])
    assert len(mdask.read_metadata([]).compute()) == 0


def test_bag_of_results_is_what_file_gives(client, inputs):
    paths = list_paths(inputs)
    got = mdask.read_files(inputs, files_per_partition=9).compute()
    assert [p for p, _ in got] == paths
    for path, result in got:
        try:
            want = mutagen_rs.File(path)
        except Exception as e:  # noqa: BLE001
            assert type(result) is type(e) and str(result) == str(e), path
            continue
        if want is None:
            assert result is None, path
        else:
            assert type(result) is type(want) and result.pprint() == want.pprint(), path


def test_dask_scan_matches_a_groupby_on_the_scan(client, inputs):
    """A query a user would run: counts per kind, the same as on the single-process scan."""
    df = mdask.read_metadata(inputs, files_per_partition=16, columns=["kind"])
    counts = df["kind"].value_counts(dropna=False).compute().to_dict()
    table = mutagen_rs.scan(list_paths(inputs), columns=["kind"]).to_arrow()
    want = {}
    for k in table.column("kind").to_pylist():
        want[k] = want.get(k, 0) + 1
    import pandas as pd

    assert {(None if pd.isna(k) else k): v for k, v in counts.items()} == want


def test_urls_are_fetched_through_fsspec(client, inputs):
    """A URL (here ``file://``, as ``s3://`` or ``gs://`` would be) is listed through fsspec on the
    driver and each file fetched by the worker that reads it; the rows carry the URLs."""
    pytest.importorskip("fsspec", reason="fsspec is not installed (dask installs it)")
    local = sorted(list_paths(inputs[:1]))
    df = mdask.read_metadata(["file://" + inputs[0], "file:///nonexistent/missing.flac"], files_per_partition=10)
    rows = _rows(df)
    want = [dict(r, path="file://" + r["path"]) for r in reference(local)]
    assert rows[:-1] == want
    assert rows[-1]["path"] == "file:///nonexistent/missing.flac"
    assert rows[-1]["error"] == "FileNotFoundError" and rows[-1]["kind"] is None
    some = mdask.read_metadata(["file://" + p for p in local[:5]], columns=["title", "length"]).compute()
    assert comparable(pa.Table.from_pandas(some, preserve_index=False).to_pylist()) == reference(local[:5], ["title", "length"])
