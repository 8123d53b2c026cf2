"""Broken input: truncated and byte-flipped copies of every test file.

Each read must end in a result or in a ``MutagenError``/``OSError``, quickly and with bounded
memory, for ``File()`` and for every format class: never a crash, a hang or another exception.
"""

from __future__ import annotations

import importlib
import random
import resource
import time

import pytest

import mutagen_rs
from conftest import CLASSES, FILES, IDS



# Wall-clock bound for one read of a small broken file: generous, it only catches hangs.
TIME_LIMIT = 5.0
# Peak RSS bound for the whole test process, in KiB (ru_maxrss on Linux).
RSS_LIMIT_KIB = 4 * 1024 * 1024


def mutations(data: bytes, seed: int) -> list:
    """Truncations at several points and seeded byte flips of ``data``."""
    rng = random.Random(seed)
    n = len(data)
    out = []
    for cut in sorted({0, 1, 4, 10, 11, n // 3, n // 2, n - 1, n - 129}):
        if 0 <= cut < n:
            out.append(("cut%d" % cut, data[:cut]))
    for k in range(6):
        if n == 0:
            break
        b = bytearray(data)
        # Flip bytes mostly in the first 4 KiB, where headers and sizes live.
        for _ in range(1 + k):
            i = rng.randrange(min(n, 4096)) if rng.random() < 0.8 else rng.randrange(n)
            b[i] = rng.randrange(256)
        out.append(("flip%d" % k, bytes(b)))
    return out


def _readers():
    yield "File", mutagen_rs.File
    for module, name in CLASSES:
        yield name, getattr(importlib.import_module(f"mutagen_rs.{module}"), name)


def _read_everything(obj) -> None:
    """Touch what a caller would: info, every key and value, pprint."""
    if obj is None:
        return
    info = getattr(obj, "info", None)
    if info is not None:
        info.pprint()
    for k in list(obj.keys()):
        repr(obj[k])
    obj.pprint()


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_broken_copies_fail_cleanly(path, tmp_path):
    data = path.read_bytes()
    for label, broken in mutations(data, seed=len(data)):
        target = tmp_path / f"{label}{path.suffix}"
        target.write_bytes(broken)
        for name, reader in _readers():
            start = time.monotonic()
            try:
                _read_everything(reader(str(target)))
            except (mutagen_rs.MutagenError, OSError):
                pass
            except Exception as e:  # noqa: BLE001 - anything else is the failure reported
                pytest.fail(f"{name} on {label} of {path.name}: {type(e).__name__}: {e}")
            elapsed = time.monotonic() - start
            assert elapsed < TIME_LIMIT, f"{name} on {label} of {path.name} took {elapsed:.1f}s"
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < RSS_LIMIT_KIB
