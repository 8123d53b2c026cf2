"""The C extension ``mutagen_rs_c`` (built by ``cext/build.sh``) reads what ``mutagen_rs.File`` reads.

For every file of mutagen's test data and of ``corpus/real``: the same kind, info numbers, tag keys
and text values, or the same exception class name; the batch entry point gives what the
single-file one gives; and the PyO3 twin ``_native.read_plain`` gives the very same dicts.
"""

from __future__ import annotations

import pytest

import mutagen_rs
from conftest import FILES, IDS

mutagen_rs_c = pytest.importorskip(
    "mutagen_rs_c", reason="mutagen_rs_c is not built (run cext/build.sh VENV)"
)

from mutagen_rs import _native  # noqa: E402
from mutagen_rs.apev2 import APETextValue  # noqa: E402
from mutagen_rs.id3 import TextFrame  # noqa: E402

NUMBERS = ("length", "bitrate", "sample_rate", "channels")


def _text_values(value) -> list:
    """The text values of one tag value, by the rules of the C API."""
    if isinstance(value, TextFrame):
        return [str(t) for t in value.text]
    if isinstance(value, APETextValue):
        return list(value)
    if isinstance(value, list) and value and type(value[0]).__module__ == "mutagen_rs.asf._attrs":
        return [a.value for a in value if isinstance(a.value, str)]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def expected(path) -> tuple:
    """What ``mutagen_rs.File`` gives, in the shape of ``mutagen_rs_c.read``: ("ok", dict),
    ("none", None) or ("raises", class name)."""
    try:
        f = mutagen_rs.File(str(path))
    except Exception as e:  # noqa: BLE001 - the class name is what is compared
        return ("raises", type(e).__name__)
    if f is None:
        return ("none", None)
    tags = None
    if f.tags is not None:
        tags = {k: _text_values(f.tags[k]) for k in f.tags.keys()}
    info = {name: getattr(f.info, name, None) for name in NUMBERS}
    return ("ok", {"kind": type(f).__name__, **info, "tags": tags})


def _outcome(read, path) -> tuple:
    try:
        got = read(str(path))
    except Exception as e:  # noqa: BLE001
        return ("raises", type(e).__name__)
    return ("none", None) if got is None else ("ok", got)


def _from_batch(item) -> tuple:
    if isinstance(item, BaseException):
        return ("raises", type(item).__name__)
    return ("none", None) if item is None else ("ok", item)


def _same(got: tuple, want: tuple) -> None:
    assert got[0] == want[0], (got, want)
    if got[0] != "ok":
        assert got == want
        return
    g, w = got[1], want[1]
    assert set(g) == {"kind", *NUMBERS, "tags"}
    for name in ("kind", *NUMBERS):
        assert g[name] == w[name], (name, g[name], w[name])
        assert (g[name] is None) == (w[name] is None), name
    assert g["tags"] == w["tags"]


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_read_matches_file(path):
    _same(_outcome(mutagen_rs_c.read, path), expected(path))


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_pyo3_twin_gives_the_same_dict(path):
    got = _outcome(_native.read_plain, path)
    assert got == _outcome(mutagen_rs_c.read, path)
    _same(got, expected(path))


@pytest.mark.parametrize("threads", [0, 1, 3])
def test_batch_equals_single_reads(threads):
    paths = [str(p) for p in FILES] + ["/nonexistent/file.mp3"]
    results = mutagen_rs_c.read_batch(paths, threads=threads)
    assert len(results) == len(paths)
    for path, item in zip(paths, results):
        assert _from_batch(item) == _outcome(mutagen_rs_c.read, path), path
    assert isinstance(results[-1], mutagen_rs_c.MutagenError)


def test_pyo3_twin_batch_equals_c_batch():
    paths = [str(p) for p in FILES]
    c = [_from_batch(x) for x in mutagen_rs_c.read_batch(paths, threads=2)]
    py = [_from_batch(x) for x in _native.read_plain_batch(paths, threads=2)]
    assert c == py


def test_errors_are_named_like_mutagens_and_carry_its_class():
    with pytest.raises(mutagen_rs_c.MutagenError) as info:
        mutagen_rs_c.read("/nonexistent/file.flac")
    assert info.value.mutagen_class == "mutagen.MutagenError"
    bad = [p for p in FILES if expected(p)[0] == "raises"]
    assert bad, "no failing file in the test data"
    for path in bad:
        with pytest.raises(mutagen_rs_c.MutagenError) as info:
            mutagen_rs_c.read(str(path))
        assert info.value.mutagen_class.rsplit(".", 1)[1] == type(info.value).__name__


def test_bad_arguments():
    with pytest.raises(TypeError):
        mutagen_rs_c.read(42)
    with pytest.raises(ValueError):
        mutagen_rs_c.read_batch([], threads=-1)
    with pytest.raises(TypeError):
        mutagen_rs_c.read_batch(5)
    assert mutagen_rs_c.read_batch([]) == []
