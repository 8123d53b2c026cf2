"""The ``mutagen-rs`` command, end to end in a subprocess: every output format read back (with
pyarrow, and DuckDB when installed) and compared with ``mutagen_rs.scan`` of the same files;
columns, ``--errors``, progress on a terminal and through a pipe, the error summary, exit codes,
Ctrl-C and SIGTERM leaving no output, and ``show`` against mutagen's ``mutagen-inspect``."""

from __future__ import annotations

import json
import math
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dist_util import need  # noqa: E402

pa = need("pyarrow", "the command's scan needs it: pip install mutagen-rs[cli]")

import pyarrow.compute as pc  # noqa: E402
import pyarrow.csv as pcsv  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

import mutagen_rs  # noqa: E402
from mutagen_rs._dist import list_paths  # noqa: E402
from conftest import ROOT  # noqa: E402
from test_scan import CORPUS, _generated  # noqa: E402

REAL = ROOT / "corpus" / "real"
CMD = [sys.executable, "-m", "mutagen_rs"]


def run(*args, **kw):
    kw.setdefault("capture_output", True)
    kw.setdefault("text", True)
    kw.setdefault("timeout", 300)
    return subprocess.run(CMD + [str(a) for a in args], **kw)


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """corpus/real, the generated corpus and two broken files, in one folder tree (links)."""
    _generated()
    root = tmp_path_factory.mktemp("library")
    os.symlink(REAL, root / "real", target_is_directory=True)
    os.symlink(CORPUS, root / "generated", target_is_directory=True)
    bad = root / "bad"
    bad.mkdir()
    (bad / "broken.flac").write_bytes(b"fLaC\x00\x00\x00\x22garbage")
    (bad / "broken.mp4").write_bytes(b"\x00\x00\x00\x08ftyp\x00\x00\x00\xffmoov")
    (bad / "notes.txt").write_text("not audio")
    return root


def _expected(paths):
    return mutagen_rs.scan(paths).to_arrow().sort_by("path")


def _inputs(library):
    return [library / "real", library / "generated", library / "bad"]


def _listed(library):
    return list_paths([str(p) for p in _inputs(library)], follow_symlinks=True)


def test_help_has_examples_and_exit_codes():
    for args in ([], ["scan"], ["show"]):
        out = run(*args, "--help")
        assert out.returncode == 0
        assert "examples:" in out.stdout and "mutagen-rs scan ~/Music -o library.parquet" in out.stdout
        assert "exit codes:" in out.stdout and "130" in out.stdout
    assert run().returncode == 2  # no command
    assert "mutagen-rs" in run("--version").stdout


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "mutagen-rs"
    if not script.exists():
        pytest.skip(f"{script} is not installed (the package was not installed with its scripts)")
    out = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("mutagen-rs ")


@pytest.mark.parametrize("ext", [".parquet", ".arrow"])
def test_parquet_and_arrow_hold_the_scan(library, tmp_path, ext):
    out = tmp_path / f"library{ext}"
    res = run("scan", *_inputs(library), "--follow-symlinks", "-o", out)
    assert res.returncode == 1, res.stderr  # the broken files
    assert f"wrote {out}" in res.stderr
    table = pq.read_table(out) if ext == ".parquet" else pa.ipc.open_file(out).read_all()
    expected = _expected(_listed(library))
    assert table.num_rows == expected.num_rows > 100
    # (Parquet names a list's item "element", as its spec says: equal but for that name.)
    assert table.schema.equals(expected.schema) and table.schema.metadata == expected.schema.metadata
    assert table.sort_by("path").equals(expected)
    # No temporary file is left beside the output.
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


def test_parquet_reads_in_duckdb(library, tmp_path):
    duckdb = need("duckdb", "pip install duckdb")
    out = tmp_path / "library.parquet"
    run("scan", *_inputs(library), "--follow-symlinks", "-o", out, "-q")
    expected = _expected(_listed(library))
    con = duckdb.connect()
    rows = con.execute(f"SELECT path, kind, title, tracknumber, length FROM '{out}' ORDER BY path").fetchall()
    want = [
        (r["path"], r["kind"], r["title"], r["tracknumber"], r["length"])
        for r in expected.select(["path", "kind", "title", "tracknumber", "length"]).to_pylist()
    ]
    assert len(rows) == len(want)
    for got, exp in zip(rows, want):
        assert got[:4] == exp[:4]
        assert got[4] == exp[4] or (got[4] is not None and math.isnan(got[4]) and math.isnan(exp[4]))
    n_tags = con.execute(f"SELECT count(*) FROM '{out}' WHERE cardinality(tags) > 0").fetchone()[0]
    assert n_tags == sum(1 for t in expected.column("tags").to_pylist() if t)


def _jsonish(v):
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, dict):
        return {k: _jsonish(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonish(x) for x in v]
    return v


def test_csv_and_jsonl(library, tmp_path):
    expected = {r["path"]: r for r in _expected(_listed(library)).to_pylist()}
    out = tmp_path / "library.jsonl"
    assert run("scan", *_inputs(library), "--follow-symlinks", "-o", out, "-q").returncode == 1
    with open(out, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    assert len(rows) == len(expected)
    for r in rows:
        assert r == _jsonish(expected[r["path"]])

    out = tmp_path / "library.csv"
    assert run("scan", *_inputs(library), "--follow-symlinks", "-o", out, "-q").returncode == 1
    convert = pcsv.ConvertOptions(strings_can_be_null=True)
    table = pcsv.read_csv(out, read_options=pcsv.ReadOptions(block_size=1 << 26), convert_options=convert)
    assert table.column_names == list(mutagen_rs.SCAN_COLUMNS)
    assert table.num_rows == len(expected)
    for r in table.to_pylist():
        want = expected[r["path"]]
        for col in ("kind", "error", "title", "artist", "tracknumber", "sample_rate"):
            assert r[col] == want[col], (r["path"], col)
        got_tags = None if r["tags"] is None else json.loads(r["tags"])
        assert got_tags == _jsonish(want["tags"])


def test_columns_and_errors_skip(library, tmp_path):
    out = tmp_path / "some.parquet"
    res = run("scan", *_inputs(library), "--follow-symlinks", "-o", out, "--columns", "path,title,length",
              "--errors", "skip", "--threads", "1")  # fmt: skip
    assert res.returncode == 1
    assert "2 files could not be read (left out)" in res.stderr
    table = pq.read_table(out)
    assert table.column_names == ["path", "title", "length"]
    expected = _expected(_listed(library))
    good = expected.filter(pc.is_null(expected.column("error"))).select(["path", "title", "length"])
    assert table.sort_by("path").equals(good.replace_schema_metadata(table.schema.metadata))


def test_error_summary_by_class(library, tmp_path):
    out = tmp_path / "bad.parquet"
    res = run("scan", library / "bad", "-o", out)
    assert res.returncode == 1
    assert "2 files could not be read (written as error rows):" in res.stderr
    assert "broken.flac: error:" in res.stderr and "broken.mp4:" in res.stderr
    table = pq.read_table(out)
    assert sorted(table.column("error").to_pylist()) == sorted(e for e in table.column("error").to_pylist() if e)
    # Only the real files: every file read, exit 0.
    res = run("scan", REAL, "-o", tmp_path / "real.parquet")
    assert res.returncode == 0, res.stderr
    assert "0 errors" in res.stderr and "could not be read" not in res.stderr


def test_symlinks_followed_only_on_request(library, tmp_path):
    out = tmp_path / "x.parquet"
    run("scan", library, "-o", out, "-q")
    assert pq.read_table(out).num_rows == 2  # only bad/: real/ and generated/ are links
    run("scan", library, "--follow-symlinks", "-o", out, "-q")
    assert pq.read_table(out).num_rows == len(_listed(library))


def test_files_from_and_globs(library, tmp_path):
    listing = tmp_path / "list.txt"
    files = mutagen_rs._batch.expand(REAL)
    listing.write_text("\n".join(files[:10]) + "\n")
    out = tmp_path / "x.jsonl"
    assert run("scan", "--files-from", listing, "-o", out, "-q").returncode == 0
    assert sorted(json.loads(x)["path"] for x in out.read_text().splitlines()) == sorted(files[:10])
    res = run("scan", "--files-from", "-", "-o", out, "-q", input="\n".join(files[:3]))
    assert res.returncode == 0 and len(out.read_text().splitlines()) == 3
    assert run("scan", f"{REAL}/**/*.flac", "-o", out, "-q").returncode == 0
    assert len(out.read_text().splitlines()) == sum(f.endswith(".flac") for f in files)


def test_usage_and_output_errors(tmp_path):
    out = tmp_path / "x.parquet"
    cases = [
        (["scan", REAL, "-o", tmp_path / "x.xlsx"], 2, "cannot tell the output format"),
        (["scan", REAL, "-o", out, "--columns", "path,nope"], 2, "unknown column 'nope'"),
        (["scan", tmp_path / "missing", "-o", out], 2, "no such file or directory"),
        (["scan", "-o", out], 2, "no path to scan"),
        (["scan", REAL], 2, "-o/--output"),
        (["scan", REAL, "-o", out, "--errors", "ignore"], 2, "invalid choice"),
        (["scan", REAL, "-o", tmp_path / "no" / "dir" / "x.parquet"], 3, "cannot write"),
    ]
    for args, code, msg in cases:
        res = run(*args)
        assert res.returncode == code, (args, res.stderr)
        assert msg in res.stderr, (args, res.stderr)
    assert list(tmp_path.iterdir()) == []
    # --format overrides the extension.
    assert run("scan", REAL, "-o", tmp_path / "x.data", "--format", "arrow", "-q").returncode == 0
    assert pa.ipc.open_file(tmp_path / "x.data").read_all().num_rows == len(mutagen_rs._batch.expand(REAL))


def test_progress_is_plain_when_piped(tmp_path):
    res = run("scan", REAL, "-o", tmp_path / "x.parquet")
    n = len(mutagen_rs._batch.expand(REAL))
    assert "\r" not in res.stderr
    assert f"scanned {n} files in " in res.stderr and "files/s" in res.stderr
    assert run("scan", REAL, "-o", tmp_path / "x.parquet", "-q").stderr == ""


def test_progress_bar_on_a_terminal(tmp_path):
    leader, follower = pty.openpty()
    proc = subprocess.Popen(CMD + ["scan", str(REAL), "-o", str(tmp_path / "x.parquet")],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=follower)  # fmt: skip
    os.close(follower)
    chunks = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 1.0)
        if ready:
            try:
                data = os.read(leader, 4096)
            except OSError:  # the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    os.close(leader)
    assert proc.wait(timeout=60) == 0
    text = b"".join(chunks).decode()
    n = len(mutagen_rs._batch.expand(REAL))
    assert f"\r[##############################] {n}/{n} files 100%" in text
    assert "files/s" in text


def _interrupt(tmp_path, sig):
    """Start a long scan (the real corpus listed 10,000 times: the scan takes seconds after its
    temporary output appears, so it cannot end between the check below and the signal on a
    loaded machine), signal it once it runs, and return its exit code and standard error."""
    files = mutagen_rs._batch.expand(REAL)
    listing = tmp_path / "list.txt"
    listing.write_text("\n".join(files * 10000) + "\n")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    proc = subprocess.Popen(CMD + ["scan", "--files-from", str(listing), "-o", str(out_dir / "x.parquet")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
    # Wait for the temporary output to appear: the scan has started writing.
    deadline = time.monotonic() + 60
    while not list(out_dir.iterdir()) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    assert proc.poll() is None, "the scan ended before it could be interrupted"
    assert [p.name.endswith(".part") for p in out_dir.iterdir()] == [True]
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0, "the scan ended before the signal reached it"
    assert list(out_dir.iterdir()) == [], "an interrupted scan left a file"
    return proc.returncode, err


def test_ctrl_c_leaves_no_output(tmp_path):
    code, err = _interrupt(tmp_path, signal.SIGINT)
    assert code == 130 and "interrupted: no output written" in err


def test_sigterm_leaves_no_output(tmp_path):
    code, err = _interrupt(tmp_path, signal.SIGTERM)
    assert code == 143 and "terminated: no output written" in err


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("when", ["during", "after"])
def test_a_signal_once_the_output_is_in_place_is_dropped(tmp_path, monkeypatch, sig, when):
    """A Ctrl-C or SIGTERM that lands while the finished output is renamed into place, or after,
    cannot take the output back: the run ends as done (exit 0, the output there), since 130 and
    143 promise that no output is left."""
    from mutagen_rs import _cli

    real_replace = os.replace

    def signalled_replace(src, dst):
        if when == "during":
            os.kill(os.getpid(), sig)
        real_replace(src, dst)
        if when == "after":
            os.kill(os.getpid(), sig)

    out = tmp_path / "x.parquet"
    monkeypatch.setattr(os, "replace", signalled_replace)
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    code = _cli.main(["scan", "-q", str(REAL), "-o", str(out)])
    monkeypatch.undo()
    assert code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["x.parquet"]
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before


@pytest.mark.parametrize("when", ["after", "before"])
def test_interrupt_while_creating_the_output_leaves_nothing(tmp_path, monkeypatch, when):
    """A Ctrl-C that lands just before or just after the temporary file is created (while the
    workers already run) leaves no file: the name is held before the file exists."""
    from mutagen_rs import _cli

    real_open = os.open

    def interrupted_open(path, flags, *args, **kwargs):
        if str(path).endswith(".part"):
            if when == "after":
                os.close(real_open(path, flags, *args, **kwargs))
            raise KeyboardInterrupt
        return real_open(path, flags, *args, **kwargs)

    out_dir = tmp_path / "out"
    out_dir.mkdir()
    monkeypatch.setattr(os, "open", interrupted_open)
    code = _cli.main(["scan", "-q", str(REAL), "-o", str(out_dir / "x.parquet")])
    monkeypatch.undo()
    assert code == 130
    assert list(out_dir.iterdir()) == []


def test_show_prints_as_mutagen_inspect():
    pytest.importorskip("mutagen", reason="mutagen is the reference for show's output")
    files = [str(p) for p in mutagen_rs._batch.expand(REAL)]
    ours = run("show", *files)
    assert ours.returncode == 0, ours.stderr
    ref = subprocess.run(
        [sys.executable, "-c", "import sys; from mutagen._tools.mutagen_inspect import main; main(sys.argv)", *files],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert ours.stdout == ref.stdout
    assert ours.stdout.count("\n-- ") + 1 == len(files)


def test_show_unknown_and_broken_files(library):
    res = run("show", library / "bad" / "notes.txt", library / "bad" / "broken.flac")
    assert res.returncode == 1
    lines = res.stdout.splitlines()
    assert lines[0] == f"-- {library / 'bad' / 'notes.txt'}"
    assert lines[1] == "- Unknown file type"
    assert lines[3] == f"-- {library / 'bad' / 'broken.flac'}"
    assert lines[4] and not lines[4].startswith("- ")
    assert run("show").returncode == 2
