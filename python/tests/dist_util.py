"""What the tests of the distributed readers share: the files they read (corpus/real, the
generated corpus, broken and missing files), the single-process reference, and the check that a
cluster left no process behind."""

from __future__ import annotations

import importlib
import math
import os
import time

import pytest

import mutagen_rs
from conftest import ROOT

REAL = ROOT / "corpus" / "real"


#: Modules that scripts/test.sh installed (comma-separated names in MUTAGEN_RS_TEST_REQUIRE):
#: a test needing one of them fails when it is missing instead of skipping.
REQUIRED = {m for m in os.environ.get("MUTAGEN_RS_TEST_REQUIRE", "").split(",") if m}


def need(module, install):
    """Import ``module`` for a test module: skip it, saying why, when it is not installed, unless
    scripts/test.sh installed it (then its absence is a failure)."""
    if module.split(".")[0] in REQUIRED:
        return importlib.import_module(module)
    return pytest.importorskip(module, reason=f"{module} is not installed ({install}; scripts/test.sh installs it)")


def make_inputs(tmp):
    """The inputs of a distributed read: two folders, a glob, broken files and a missing one."""
    from test_scan import _generated

    _generated()
    bad = tmp / "bad"
    bad.mkdir()
    (bad / "broken.flac").write_bytes(b"fLaC\x00\x00\x00\x22garbage")
    (bad / "broken.ogg").write_bytes(b"OggS\x00" + b"\xff" * 40)
    (bad / "unknown.mp3").write_bytes(b"\x00" * 64)
    return [str(REAL), str(ROOT / "target" / "test-corpus" / "**" / "*.m4a"), str(bad), str(tmp / "missing.flac")]


def comparable(rows):
    """Rows with NaN made equal to NaN (a list of dicts from ``to_pylist``)."""
    out = []
    for r in rows:
        out.append({k: ("NaN" if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()})
    return out


def reference(paths, columns=None):
    """The single-process scan of ``paths``, its rows in the order of ``paths``."""
    table = mutagen_rs.scan(paths, columns=None if columns is None else ["path", *columns]).to_arrow()
    by_path = {r["path"]: r for r in table.to_pylist()}
    rows = [by_path[p] for p in paths]
    if columns is not None:
        rows = [{c: r[c] for c in columns} for r in rows]
    return comparable(rows)


def _procs():
    """Every process as ``pid: (ppid, state, command line)``, from /proc."""
    out = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read().decode("utf-8", "replace")
            with open(f"/proc/{name}/cmdline", "rb") as fh:
                cmd = fh.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses.
        fields = stat[stat.rindex(")") + 2 :].split()
        out[int(name)] = (int(fields[1]), fields[0], cmd)
    return out


def descendants():
    """The live processes descended from this one, as ``pid: command line``."""
    procs = _procs()
    found = {}
    parents = {os.getpid()}
    while True:
        new = {pid for pid, (ppid, state, _) in procs.items() if ppid in parents and pid not in found and state != "Z"}
        if not new:
            return found
        for pid in new:
            found[pid] = procs[pid][2]
        parents = new


def assert_no_new_process(before, timeout=30.0):
    """Wait until every process started since ``before`` (a ``descendants()``) is gone; the
    multiprocessing resource tracker, which lives as long as this process by design, aside."""
    deadline = time.monotonic() + timeout
    while True:
        left = {pid: cmd for pid, cmd in descendants().items() if pid not in before and "resource_tracker" not in cmd}
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert not left, f"processes left behind: {left}"
