"""ID3 frame objects: built while reading in the default build, on first lookup in the
``lazy-objects`` build; the same frames either way (the differential tests compare them on
every file)."""

from __future__ import annotations

import mutagen
import pytest

import mutagen_rs
from mutagen_rs import _native
from conftest import mutagen_files, real_files


def _id3_files() -> list:
    files = [p for p in real_files() + mutagen_files() if p.suffix in (".mp3", ".id3")]
    out = []
    for p in files:
        try:
            f = mutagen_rs.File(p)
        except mutagen_rs.MutagenError:
            continue
        if f is not None and f.tags is not None and len(f.tags.keys()) > 3:
            out.append(p)
    assert len(out) > 10
    return out


def test_every_access_path_gives_mutagen_frames() -> None:
    for path in _id3_files():
        theirs = mutagen.File(path).tags
        # Each access path first, on a fresh read, before anything else builds the frames.
        for access in (
            lambda t: [t[k] for k in t.keys()],
            lambda t: [t[k] for k in t],
            lambda t: t.values(),
            lambda t: [v for _, v in t.items()],
            lambda t: [t.get(k) for k in t.keys()],
            lambda t: list(t.to_dict().values()),
        ):
            ours = mutagen_rs.File(path).tags
            got = access(ours)
            assert [repr(x) for x in got] == [repr(theirs[k]) for k in theirs.keys()], path
        ours = mutagen_rs.File(path).tags
        assert list(ours.keys()) == list(theirs.keys())
        assert len(ours) == len(theirs)
        for k in list(theirs.keys()) + ["NOPE", "TXXX:nope"]:
            assert (k in ours) == (k in theirs)
        assert ours.get("NOPE", 7) == 7
        with pytest.raises(KeyError):
            ours["NOPE"]
        assert ours.to_dict() == dict(ours.items())
        assert ours.pprint() == mutagen_rs.File(path).tags.pprint()


@pytest.mark.skipif(not _native.LAZY_OBJECTS, reason="the default build builds every frame")
def test_frames_are_built_on_first_lookup_and_kept() -> None:
    path = _id3_files()[0]
    tags = mutagen_rs.File(path).tags
    lazy = tags._DictProxy__dict
    assert type(lazy) is _native.LazyFrames
    keys = list(tags.keys())
    assert len(tags) == len(keys) and keys[0] in tags
    assert lazy.built() == 0
    first = tags[keys[0]]
    assert lazy.built() == 1
    assert tags[keys[0]] is first
    tags.to_dict()
    assert lazy.built() == len(keys)
    assert tags[keys[0]] is first


@pytest.mark.skipif(_native.LAZY_OBJECTS, reason="the lazy-objects build holds a LazyFrames")
def test_default_build_holds_a_dict() -> None:
    tags = mutagen_rs.File(_id3_files()[0]).tags
    assert type(tags._DictProxy__dict) is dict


def test_one_result_read_from_many_threads() -> None:
    import sys
    import threading

    # Switch threads as often as possible, so that builds of the same frame overlap.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        _read_from_threads()
    finally:
        sys.setswitchinterval(interval)


def _read_from_threads() -> None:
    import threading

    path = _id3_files()[0]
    theirs = mutagen.File(path).tags
    want = [repr(theirs[k]) for k in theirs.keys()]
    for _ in range(20):
        tags = mutagen_rs.File(path).tags
        seen: list = []
        errors: list = []
        start = threading.Barrier(8)

        def read() -> None:
            try:
                start.wait()
                seen.append([tags[k] for k in tags.keys()])
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(e)

        threads = [threading.Thread(target=read) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        assert [repr(x) for x in seen[0]] == want
        # Every thread got the same objects: each frame was built once.
        assert all(all(a is b for a, b in zip(s, seen[0])) for s in seen)
