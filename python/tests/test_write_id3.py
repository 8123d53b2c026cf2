"""Removing ID3 tags: ``id3.delete``, ``ID3.delete``, ``MP3.delete`` against mutagen 1.48.1.

For every file of mutagen's test data and of ``corpus/real``, two copies are edited, one by
mutagen and one by mutagen_rs, the same way (a path, an open file, a ``BytesIO``; each tag or
both); the resulting bytes must be identical, or both must raise. Apart from the tags, the
file's bytes are kept: what remains is the original with the ID3v2 tag cut from the start and
the ID3v1 tag from the end. A file object that fails at its Nth call leaves a file that mutagen
reads whenever it reads the file mutagen's own delete leaves after the same failure.
"""

from __future__ import annotations

import io
import shutil

import mutagen
import mutagen.id3
import pytest

import mutagen_rs
import mutagen_rs.id3
from conftest import FILES, IDS
from failing import Failing

WAYS = [("path", True, True), ("path", True, False), ("path", False, True), ("fileobj", True, True),
        ("bytesio", True, True), ("bytesio", False, True)]


def _delete(lib, how, path, v1, v2):
    """Delete with ``lib`` in the way ``how``: the file's bytes after it, or the exception."""
    try:
        if how == "path":
            lib.id3.delete(str(path), delete_v1=v1, delete_v2=v2)
        elif how == "fileobj":
            with open(path, "rb+") as h:
                lib.id3.delete(h, v1, v2)
        else:
            b = io.BytesIO(path.read_bytes())
            lib.id3.delete(fileobj=b, delete_v1=v1, delete_v2=v2)
            path.write_bytes(b.getvalue())
    except Exception as e:  # noqa: BLE001 - compared by kind
        return ("raises", ValueError if isinstance(e, ValueError) else type(e).__name__)
    return ("bytes", path.read_bytes())


@pytest.mark.parametrize("how,v1,v2", WAYS, ids=["%s-v1%d-v2%d" % w for w in WAYS])
@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_delete_gives_mutagens_bytes(path, how, v1, v2, tmp_path):
    theirs, ours = tmp_path / "theirs", tmp_path / "ours"
    shutil.copy(path, theirs)
    shutil.copy(path, ours)
    expected = _delete(mutagen, how, theirs, v1, v2)
    got = _delete(mutagen_rs, how, ours, v1, v2)
    assert got[0] == expected[0]
    assert got[1] == expected[1]


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_delete_keeps_everything_but_the_tags(path, tmp_path):
    data = path.read_bytes()
    copy = tmp_path / "f"
    copy.write_bytes(data)
    try:
        mutagen_rs.id3.delete(str(copy))
    except ValueError:
        assert copy.read_bytes()  # a v2 size past the end: only a v1 tag may have gone
        return
    after = copy.read_bytes()
    start = 0
    if data[:3] == b"ID3" and len(data) >= 10:
        size = 0
        for b in data[6:10]:
            size = (size << 7) | (b & 0x7F)
        start = size + 10
    # What is left is a run of the original: the tags were cut from its two ends only.
    body = data[start:]
    assert body.startswith(after) and len(body) - len(after) in (0,) + tuple(range(124, 129))


def test_file_delete_clears_the_tags_and_the_file(tmp_path):
    src = next(p for p in FILES if p.name == "silence-44-s.mp3")
    ours, theirs = tmp_path / "a.mp3", tmp_path / "b.mp3"
    shutil.copy(src, ours)
    shutil.copy(src, theirs)
    f = mutagen_rs.File(str(ours))
    assert len(f.tags) > 0
    f.delete()
    assert len(f.tags) == 0
    mutagen.File(str(theirs)).delete()
    assert ours.read_bytes() == theirs.read_bytes()
    assert mutagen_rs.File(str(ours)).tags is None


def test_easyid3_delete(tmp_path):
    from mutagen_rs.easyid3 import EasyID3

    src = next(p for p in FILES if p.name == "silence-44-s.mp3")
    ours = tmp_path / "a.mp3"
    shutil.copy(src, ours)
    tags = EasyID3(str(ours))
    tags.delete()
    assert len(tags) == 0
    with pytest.raises(mutagen_rs.id3.ID3NoHeaderError):
        mutagen_rs.id3.ID3(str(ours), load_v1=False)


def test_container_id3_tags_do_not_delete_as_mp3(tmp_path):
    """The ID3 tag of a WAVE, AIFF or DSF file lives in a chunk: removing it is not the MP3
    edit, and this package refuses rather than cutting the file's ends."""
    for name in ("silence-2s-PCM-44100-16-ID3v23.wav", "with-id3.aif", "with-id3.dsf"):
        src = next(p for p in FILES if p.name == name)
        copy = tmp_path / name
        shutil.copy(src, copy)
        f = mutagen_rs.File(str(copy))
        with pytest.raises(mutagen_rs.MutagenError):
            f.tags.delete()
        with pytest.raises(mutagen_rs.MutagenError):
            f.delete()
        assert copy.read_bytes() == src.read_bytes()


def _readable(data: bytes) -> bool:
    try:
        mutagen.File(io.BytesIO(data))
    except Exception:  # noqa: BLE001
        return False
    return True


@pytest.mark.parametrize("name", ["silence-44-s.mp3", "silence-44-s-v1.mp3", "id3v22-test.mp3"])
def test_failure_at_every_call_leaves_a_file_as_readable_as_mutagens(name):
    data = next(p for p in FILES if p.name == name).read_bytes()
    for n in range(1, 200):
        ours, theirs = Failing(data, n), Failing(data, n)
        try:
            mutagen_rs.id3.delete(ours)
            failed = False
        except (mutagen_rs.id3.error, ValueError):  # ValueError: the object failed its first check
            failed = True
        try:
            mutagen.id3.delete(theirs)
        except (mutagen.id3.error, ValueError):
            pass
        if _readable(theirs.getvalue()):
            assert _readable(ours.getvalue()), n
        if not failed:  # finished before the failure point: every later N is the same
            break
    else:
        raise AssertionError("the delete never finished")
