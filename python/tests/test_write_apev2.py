"""Saving APEv2 tags: ``APEv2.save``, ``APEv2.delete``, ``apev2.delete`` and the ``save`` and
``delete`` of the files they tag, against mutagen 1.48.1.

For every file of mutagen's test data and of ``corpus/real`` that mutagen reads an APEv2 tag
from, and for the files of the formats APEv2 tags, two copies are edited the same way, one with
mutagen and one with mutagen_rs (a text, binary or external value set, a key removed, the tag
deleted, a new tag saved over the old, through a path or a file object); the resulting bytes
must be identical, or both must raise the same class of exception. Everything outside the old
tag is kept byte for byte. A file object that fails at its Nth call leaves a file that mutagen
reads whenever it reads the file mutagen's own save leaves after the same failure.
"""

from __future__ import annotations

import io
import shutil

import mutagen
import mutagen.apev2
import mutagen.id3
import mutagen.musepack
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mutagen_rs
import mutagen_rs.apev2
import mutagen_rs.id3
import mutagen_rs.musepack
from conftest import FILES, IDS
from failing import Failing, check_every_failure, outcome

# The formats tagged with APEv2, by suffix.
APE_SUFFIXES = {".ape", ".wv", ".mpc", ".tak", ".ofr", ".ofs", ".apev2"}


def _has_tag(path) -> bool:
    try:
        mutagen.apev2.APEv2(str(path))
    except Exception:  # noqa: BLE001 - no tag mutagen reads
        return False
    return True


APE_FILES = [(p, i) for p, i in zip(FILES, IDS) if p.suffix.lower() in APE_SUFFIXES or _has_tag(p)]
# Files without a tag, where a save appends one (after an ID3v1 tag, as mutagen does).
APE_FILES += [(p, i) for p, i in zip(FILES, IDS) if p.name in ("silence-44-s.mp3", "silence-44-s-v1.mp3")]
APE_PATHS = [p for p, _ in APE_FILES]
APE_IDS = [i for _, i in APE_FILES]


def _first_key(tag):
    keys = sorted(tag.keys())
    return keys[0] if keys else "Title"


def _edit(lib, path, edit):
    tag = lib.apev2.APEv2(str(path))
    edit(lib, tag)
    tag.save()


def _new_tag(lib, path):
    tag = lib.apev2.APEv2()
    tag["Title"] = "new"
    tag["Artist"] = ["one", "two"]
    tag["Cover Art (Front)"] = b"cover.jpg\x00" + bytes(range(256)) * 4
    tag.save(str(path))


def _file_save(lib, path):
    f = lib.apev2.APEv2File(str(path))
    if f.tags is None:
        f.add_tags()
    f["Title"] = "through the file"
    f.save()


def _fileobj(lib, path):
    with open(path, "rb+") as h:
        tag = lib.apev2.APEv2(h)
        h.seek(0)
        tag["Title"] = "through a file object"
        tag.save(h)


def _bytesio(lib, path):
    b = io.BytesIO(path.read_bytes())
    tag = lib.apev2.APEv2(b)
    tag["Album"] = "in memory"
    tag.save(fileobj=b)
    path.write_bytes(b.getvalue())


def _delete_twice(lib, path):
    tag = lib.apev2.APEv2(str(path))
    tag.delete()
    tag.delete()


EDITS = {
    "save": lambda lib, p: lib.apev2.APEv2(str(p)).save(),
    "title": lambda lib, p: _edit(lib, p, lambda lib, t: t.__setitem__("Title", "x")),
    "long-title": lambda lib, p: _edit(lib, p, lambda lib, t: t.__setitem__("title", "y" * 70000)),
    "binary": lambda lib, p: _edit(lib, p, lambda lib, t: t.__setitem__("Cover Art (Front)", b"c.png\x00\x89PNG")),
    "external": lambda lib, p: _edit(
        lib, p, lambda lib, t: t.__setitem__("Link", lib.apev2.APEValue("http://e.x/ü", lib.apev2.EXTERNAL))),
    "del-key": lambda lib, p: _edit(lib, p, lambda lib, t: t.__delitem__(_first_key(t))),
    "clear": lambda lib, p: _edit(lib, p, lambda lib, t: t.clear()),
    "delete": lambda lib, p: lib.apev2.APEv2(str(p)).delete(),
    "delete-twice": _delete_twice,
    "module-delete": lambda lib, p: lib.apev2.delete(str(p)),
    "module-delete-fileobj": lambda lib, p: lib.apev2.delete(fileobj=open(p, "rb+")),
    "new-tag": _new_tag,
    "file-save": _file_save,
    "file-delete": lambda lib, p: lib.apev2.APEv2File(str(p)).delete(),
    "fileobj": _fileobj,
    "bytesio": _bytesio,
}


def _run(lib, path, how):
    """Apply the edit ``how`` with ``lib``: the file's bytes after it, or the exception."""
    return outcome(EDITS[how], path, lib, path)


def _kept(data: bytes, how: str) -> bytes:
    """What a save or delete must keep of ``data``: everything outside the old tag (and, for a
    save over a tag at the end, outside what follows it), found by mutagen's own search."""
    found = mutagen.apev2._APEv2Data(io.BytesIO(data))
    if found.start is None:
        return data
    if found.is_at_start or how.startswith(("delete", "module-delete", "file-delete")):
        return data[:found.start] + data[found.end:]
    return data[:found.start]


@pytest.mark.parametrize("how", sorted(EDITS))
@pytest.mark.parametrize("path", APE_PATHS, ids=APE_IDS)
def test_save_gives_mutagens_bytes(path, how, tmp_path):
    theirs, ours = tmp_path / "theirs", tmp_path / "ours"
    shutil.copy(path, theirs)
    shutil.copy(path, ours)
    expected = _run(mutagen, theirs, how)
    got = _run(mutagen_rs, ours, how)
    assert got[0] == expected[0], (got if got[0] == "raises" else expected)
    assert got[1] == expected[1]
    if got[0] == "bytes":
        # Nothing outside the tag moved or changed: the saved file is what was kept, then at
        # most one tag, of a header, its items and a footer.
        before = path.read_bytes()
        kept = _kept(before, how)
        assert got[1][:len(kept)] == kept
        rest = got[1][len(kept):]
        assert rest == b"" or (rest.startswith(b"APETAGEX") and rest[-32:].startswith(b"APETAGEX"))


def _at_start(audio: bytes = b"\xff\xfb" + bytes(200)) -> bytes:
    """A file whose tag is at its start (the other files have theirs at the end)."""
    b = io.BytesIO()
    tag = mutagen.apev2.APEv2()
    tag["Title"] = "at the start"
    tag["Artist"] = "someone"
    tag.save(b)
    return b.getvalue() + audio


@pytest.mark.parametrize("how", ["title", "delete", "new-tag"])
def test_a_tag_at_the_start_is_saved_as_mutagen_saves_it(how, tmp_path):
    data = _at_start()
    for lib in (mutagen, mutagen_rs):
        (tmp_path / lib.__name__).write_bytes(data)
    expected = _run(mutagen, tmp_path / "mutagen", how)
    got = _run(mutagen_rs, tmp_path / "mutagen_rs", how)
    assert got == expected
    assert got[0] == "bytes"
    assert b"\xff\xfb" + bytes(200) in got[1]


def test_a_header_at_the_start_larger_than_the_file_raises_as_mutagen():
    b = io.BytesIO()
    mutagen.apev2.APEv2().save(b)
    header = bytearray(b.getvalue()[:32])
    header[12:16] = (10**6).to_bytes(4, "little")
    data = bytes(header) + b"audio"
    for how in ("save", "delete"):
        errors = []
        for lib in (mutagen, mutagen_rs):
            target = io.BytesIO(data)
            with pytest.raises(Exception) as info:
                tag = lib.apev2.APEv2()
                tag.save(target) if how == "save" else tag.delete(target)
            errors.append(type(info.value).__name__)
            assert target.getvalue() == data
        assert errors[0] == errors[1] == "ValueError"


def test_a_footer_pointing_before_the_file_raises_apev2_error(tmp_path):
    # (Through a path: mutagen's error then comes from the file's seek. A BytesIO refuses the
    # same seek with ValueError instead, which mutagen lets through.)
    b = io.BytesIO()
    tag = mutagen.apev2.APEv2()
    tag["Title"] = "t"
    tag.save(b)
    data = bytearray(b"xy" + b.getvalue())
    # The footer's size now says the tag starts before the file.
    data[-20:-16] = (1000).to_bytes(4, "little")
    for lib in (mutagen, mutagen_rs):
        path = tmp_path / lib.__name__
        path.write_bytes(bytes(data))
        with pytest.raises(lib.apev2.error):
            lib.apev2.APEv2().save(str(path))
        assert path.read_bytes() == bytes(data)


def test_save_creates_a_missing_file(tmp_path):
    out = []
    for lib in (mutagen, mutagen_rs):
        path = tmp_path / (lib.__name__ + ".apev2")
        tag = lib.apev2.APEv2()
        tag["Title"] = "created"
        tag.save(str(path))
        out.append(path.read_bytes())
    assert out[0] == out[1]


def _readable(data: bytes) -> bool:
    try:
        mutagen.apev2.APEv2File(io.BytesIO(data))
    except Exception:  # noqa: BLE001
        return False
    return True


def _failing_save(lib, data, how, n):
    """Load ``data``, edit it as ``how`` says and save it to a file object failing at its
    ``n``th call: the object, and the exception class name (or None)."""
    tag = lib.apev2.APEv2(io.BytesIO(data))
    target = Failing(data, n)
    try:
        if how == "delete":
            tag.delete(target)
        else:
            tag["Title"] = "z" * (5000 if how == "grow" else 1)
            tag.save(target)
    except Exception as e:  # noqa: BLE001 - compared by kind
        return target, type(e).__name__
    return target, None


@pytest.mark.parametrize("how", ["grow", "shrink", "delete"])
@pytest.mark.parametrize("name", ["silence-44-s.wv", "apev2-lyricsv2.mp3", "oldtag.apev2", "at-start"])
def test_failure_at_every_call_leaves_a_file_as_readable_as_mutagens(name, how):
    if name == "at-start":
        data = _at_start()
    else:
        data = next(p for p in FILES if p.name == name).read_bytes()
    check_every_failure(_failing_save, _readable, data, how, 200)


def test_a_failed_save_raises_apev2_error():
    data = next(p for p in FILES if p.name == "has-tags.tak").read_bytes()
    for lib in (mutagen, mutagen_rs):
        tag = lib.apev2.APEv2(io.BytesIO(data))
        with pytest.raises(lib.apev2.error):
            tag.save(Failing(data, 3))


def test_musepack_saves_its_tag_beside_an_id3_tag(tmp_path):
    src = next(p for p in FILES if p.name == "click.mpc")
    out = []
    for lib in (mutagen, mutagen_rs):
        path = tmp_path / (lib.__name__ + ".mpc")
        shutil.copy(src, path)
        id3 = lib.id3.ID3()
        id3.add(lib.id3.TIT2(encoding=3, text=["id3 title"]))
        id3.save(str(path))
        f = lib.musepack.Musepack(str(path))
        f["Title"] = "ape title"
        f.save()
        out.append(path.read_bytes())
    assert out[0] == out[1]


_KEY_CHARS = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
_KEYS = st.text(_KEY_CHARS, min_size=2, max_size=12).filter(lambda k: k.upper() not in ("ID3", "TAG", "OGGS", "MP+"))
_VALUES = st.one_of(
    st.text(max_size=40).map(lambda s: ("text", s.replace("\0", ""))),
    st.lists(st.text(max_size=10).map(lambda s: s.replace("\0", "")), min_size=1, max_size=3).map(
        lambda v: ("list", v)),
    st.binary(max_size=60).map(lambda b: ("binary", b)),
    st.text(max_size=20).map(lambda s: ("external", s)),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_KEYS, _VALUES), max_size=8), st.booleans())
def test_any_items_save_as_mutagen_saves_them(items, old_tag):
    base = next(p for p in FILES if p.name == ("silence-44-s.wv" if old_tag else "silence-44-s.mp3")).read_bytes()
    out = []
    for lib in (mutagen, mutagen_rs):
        tag = lib.apev2.APEv2()
        for key, (kind, value) in items:
            if kind in ("text", "list"):
                tag[key] = value
            elif kind == "binary":
                tag[key] = lib.apev2.APEValue(value, lib.apev2.BINARY)
            else:
                tag[key] = lib.apev2.APEValue(value, lib.apev2.EXTERNAL)
        target = io.BytesIO(base)
        tag.save(target)
        out.append(target.getvalue())
    assert out[0] == out[1]
    back = mutagen_rs.apev2.APEv2(io.BytesIO(out[1])) if items else None
    if back is not None:
        assert sorted(k.lower() for k in back.keys()) == sorted({k.lower() for k, _ in items})
