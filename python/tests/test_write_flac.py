"""Saving FLAC files: ``FLAC.save``, ``FLAC.delete`` and ``flac.delete`` against mutagen 1.48.1.

For every file of mutagen's test data and of ``corpus/real`` that mutagen reads as FLAC, two
copies are edited the same way, one with mutagen and one with mutagen_rs (a tag set or removed,
a picture added or cleared, the tags deleted, ID3 tags removed, padding chosen by a callback,
through a path or a file object); the resulting bytes must be identical, or both must raise the
same class of exception. The audio (everything after the metadata, an ID3v1 tag aside) is kept
byte for byte. A file object that fails at its Nth call leaves a file that mutagen reads
whenever it reads the file mutagen's own save leaves after the same failure.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil

import mutagen
import mutagen.flac
import pytest

import mutagen_rs
import mutagen_rs.flac
from conftest import FILES, IDS
from failing import Failing, check_every_failure, outcome


def _reads_as_flac(path) -> bool:
    try:
        mutagen.flac.FLAC(str(path))
    except Exception:  # noqa: BLE001 - not a FLAC file for mutagen
        return False
    return True


FLAC_FILES = [(p, i) for p, i in zip(FILES, IDS) if p.suffix.lower() == ".flac" or _reads_as_flac(p)]
FLAC_PATHS = [p for p, _ in FLAC_FILES]
FLAC_IDS = [i for _, i in FLAC_FILES]
READABLE = [(p, i) for p, i in FLAC_FILES if _reads_as_flac(p)]


def _picture(lib):
    pic = lib.flac.Picture()
    pic.type = 3
    pic.mime = "image/png"
    pic.desc = "cover"
    pic.width, pic.height, pic.depth = 16, 16, 24
    pic.data = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    return pic


def _first_key(f):
    keys = sorted(f.tags.keys()) if f.tags is not None else []
    return keys[0] if keys else "title"


def _save_fileobj(lib, path):
    with open(path, "rb+") as h:
        f = lib.flac.FLAC(h)
        h.seek(0)
        f["title"] = "through a file object"
        f.save(h)


def _save_bytesio(lib, path):
    b = io.BytesIO(path.read_bytes())
    f = lib.flac.FLAC(b)
    f["artist"] = ["a", "b"]
    f.save(fileobj=b)
    path.write_bytes(b.getvalue())


def _delete_twice(lib, path):
    f = lib.flac.FLAC(str(path))
    f.delete()
    f.delete()


def _edit(lib, path, edit, kwargs):
    f = lib.flac.FLAC(str(path))
    edit(lib, f)
    f.save(**kwargs)


def _big_picture_then_shrink(lib, path, deleteid3):
    """A 200 KB picture saved with much padding, then saved again with little: the second
    save shrinks metadata written in parts, stretching its padding first."""
    f = lib.flac.FLAC(str(path))
    pic = _picture(lib)
    pic.data = bytes(range(256)) * 800
    f.add_picture(pic)
    f.save(padding=lambda info: 60000)
    lib.flac.FLAC(str(path)).save(padding=lambda info: 10, deleteid3=deleteid3)


# Each edit: (name, what to do with (lib, path)).
EDITS = {
    "save": lambda lib, p: lib.flac.FLAC(str(p)).save(),
    "title": lambda lib, p: _edit(lib, p, lambda lib, f: f.__setitem__("title", "x"), {}),
    "long-title": lambda lib, p: _edit(lib, p, lambda lib, f: f.__setitem__("title", "y" * 70000), {}),
    "picture": lambda lib, p: _edit(lib, p, lambda lib, f: f.add_picture(_picture(lib)), {}),
    "del-key": lambda lib, p: _edit(lib, p, lambda lib, f: f.__delitem__(_first_key(f)), {}),
    "clear-pictures": lambda lib, p: _edit(lib, p, lambda lib, f: f.clear_pictures(), {}),
    "big-picture-shrink": lambda lib, p: _big_picture_then_shrink(lib, p, False),
    "big-picture-shrink-deleteid3": lambda lib, p: _big_picture_then_shrink(lib, p, True),
    "delete": lambda lib, p: lib.flac.FLAC(str(p)).delete(),
    "delete-twice": _delete_twice,
    "module-delete": lambda lib, p: lib.flac.delete(str(p)),
    "module-delete-fileobj": lambda lib, p: lib.flac.delete(fileobj=open(p, "rb+")),
    "deleteid3": lambda lib, p: _edit(lib, p, lambda lib, f: None, {"deleteid3": True}),
    "padding-0": lambda lib, p: _edit(lib, p, lambda lib, f: None, {"padding": lambda info: 0}),
    "padding-more": lambda lib, p: _edit(lib, p, lambda lib, f: None, {"padding": lambda info: info.padding + 1000}),
    "padding-negative": lambda lib, p: _edit(lib, p, lambda lib, f: None, {"padding": lambda info: -1}),
    "fileobj": _save_fileobj,
    "bytesio": _save_bytesio,
}


def _run(lib, path, how):
    """Apply the edit ``how`` with ``lib``: the file's bytes after it, or the exception."""
    return outcome(EDITS[how], path, lib, path)


def _audio_offset(data: bytes) -> int:
    """Where the audio starts, found by mutagen's own walk over the metadata blocks."""
    f = mutagen.flac.FLAC.__new__(mutagen.flac.FLAC)
    fileobj = mutagen.flac.StrictFileObject(io.BytesIO(data))
    f._FLAC__check_header(fileobj, "x")
    return f._FLAC__find_audio_offset(fileobj)


def _audio_hash(data: bytes, strip_v1: bool) -> str:
    audio = data[_audio_offset(data):]
    if strip_v1 and len(audio) >= 128 and audio[-128:].startswith(b"TAG"):
        audio = audio[:-128]
    return hashlib.sha256(audio).hexdigest()


@pytest.mark.parametrize("how", sorted(EDITS))
@pytest.mark.parametrize("path", FLAC_PATHS, ids=FLAC_IDS)
def test_save_gives_mutagens_bytes(path, how, tmp_path):
    theirs, ours = tmp_path / "theirs.flac", tmp_path / "ours.flac"
    shutil.copy(path, theirs)
    shutil.copy(path, ours)
    expected = _run(mutagen, theirs, how)
    got = _run(mutagen_rs, ours, how)
    assert got[0] == expected[0], (got if got[0] == "raises" else expected)
    assert got[1] == expected[1]
    if got[0] == "bytes":
        original = path.read_bytes()
        strip = how == "deleteid3"
        assert _audio_hash(got[1], strip) == _audio_hash(original, strip)


def _silence() -> bytes:
    return next(p for p in FLAC_PATHS if p.name == "silence-44-s.flac").read_bytes()


def _v1() -> bytes:
    return b"TAG" + b"v1 title".ljust(30, b"\0") + b"\0" * 94 + b"\x0c"


# Files made from silence-44-s.flac: ID3 tags around it, and the audio cut away.
SYNTHETIC = {
    "id3v2-and-v1": lambda: b"ID3\x04\x00\x00\x00\x00\x01\x00" + b"\0" * 128 + _silence() + _v1(),
    "v1-only": lambda: _silence() + _v1(),
    "id3v2-without-flac": lambda: b"ID3\x04\x00\x00\x00\x00\x00\x02abOggS" + _silence()[4:],
    "no-audio": lambda: _silence()[:_audio_offset(_silence())],
    "no-audio-v1": lambda: _silence()[:_audio_offset(_silence())] + b"TAG",
}


@pytest.mark.parametrize("how", sorted(EDITS))
@pytest.mark.parametrize("name", sorted(SYNTHETIC))
def test_save_gives_mutagens_bytes_around_id3(name, how, tmp_path):
    data = SYNTHETIC[name]()
    theirs, ours = tmp_path / "theirs.flac", tmp_path / "ours.flac"
    theirs.write_bytes(data)
    ours.write_bytes(data)
    expected = _run(mutagen, theirs, how)
    got = _run(mutagen_rs, ours, how)
    assert got[0] == expected[0], (got if got[0] == "raises" else expected)
    assert got[1] == expected[1]


@pytest.mark.parametrize("path", [p for p, _ in READABLE], ids=[i for _, i in READABLE])
def test_delete_leaves_the_objects_as_mutagens(path, tmp_path):
    theirs, ours = tmp_path / "theirs.flac", tmp_path / "ours.flac"
    shutil.copy(path, theirs)
    shutil.copy(path, ours)
    a, b = mutagen.flac.FLAC(str(theirs)), mutagen_rs.flac.FLAC(str(ours))
    a.delete()
    b.delete()
    assert [blk.code for blk in b.metadata_blocks] == [blk.code for blk in a.metadata_blocks]
    assert (b.tags is None) == (a.tags is None)
    if a.tags is not None:
        assert len(b.tags) == len(a.tags) == 0
        assert any(blk is b.tags for blk in b.metadata_blocks)
    assert ours.read_bytes() == theirs.read_bytes()
    # What was saved reads back with the tags gone.
    again = mutagen_rs.flac.FLAC(str(ours))
    assert again.tags is None


def test_saved_values_read_back(tmp_path):
    src = next(p for p in FLAC_PATHS if p.name == "silence-44-s.flac")
    copy = tmp_path / "a.flac"
    shutil.copy(src, copy)
    f = mutagen_rs.flac.FLAC(str(copy))
    f["title"] = "a new title"
    f["foo"] = ["1", "2"]
    f.add_picture(_picture(mutagen_rs))
    f.save()
    g = mutagen_rs.flac.FLAC(str(copy))
    assert g["title"] == ["a new title"]
    assert g["foo"] == ["1", "2"]
    assert g.pictures[-1] == _picture(mutagen_rs)
    assert mutagen.flac.FLAC(str(copy))["title"] == ["a new title"]


def test_padding_callback_sees_mutagens_info(tmp_path):
    src = next(p for p in FLAC_PATHS if p.name == "silence-44-s.flac")
    seen = {}
    for lib in (mutagen, mutagen_rs):
        copy = tmp_path / (lib.__name__ + ".flac")
        shutil.copy(src, copy)
        f = lib.flac.FLAC(str(copy))

        def padding(info, lib=lib):
            seen[lib.__name__] = (info.padding, info.size)
            return 123

        f.save(padding=padding)
        assert lib.flac.FLAC(str(copy)).metadata_blocks[-1].length == 123
    assert seen["mutagen_rs"] == seen["mutagen"]


def test_a_picture_too_long_for_its_header_is_saved_back_as_read(tmp_path):
    src = next(p for p in FLAC_PATHS if p.name == "silence-44-s.flac")
    results = []
    for lib in (mutagen, mutagen_rs):
        copy = tmp_path / (lib.__name__ + ".flac")
        shutil.copy(src, copy)
        f = lib.flac.FLAC(str(copy))
        pic = lib.flac.Picture()
        pic.data = b"\0" * (2**24 - 32)
        f.add_picture(pic)
        with pytest.raises(lib.flac.error):
            f.save()  # too long, and not read so
        pic._invalid_overflow_size = 42
        f.save()
        again = lib.flac.FLAC(str(copy))
        assert again.pictures[-1]._invalid_overflow_size == 42
        again["title"] = "x"
        again.save()
        results.append(copy.read_bytes())
    assert results[0] == results[1]


def test_save_to_a_file_that_is_no_flac(tmp_path):
    src = next(p for p in FLAC_PATHS if p.name == "silence-44-s.flac")
    mp3 = next(p for p in FILES if p.name == "silence-44-s.mp3")
    for lib in (mutagen, mutagen_rs):
        target = tmp_path / ("x-" + lib.__name__ + ".mp3")
        shutil.copy(mp3, target)
        f = lib.flac.FLAC(str(src))
        with pytest.raises(lib.flac.FLACNoHeaderError) as e:
            f.save(str(target))
        assert str(e.value) == "%r is not a valid FLAC file" % str(target)
        assert target.read_bytes() == mp3.read_bytes()
        with pytest.raises(lib.flac.FLACNoHeaderError) as e:
            f.save(io.BytesIO(b"nothing here"))
        # A file object given to a loaded object takes the name of the file it was read from.
        assert str(e.value) == "%r is not a valid FLAC file" % str(src)
        with pytest.raises(lib.flac.FLACNoHeaderError) as e:
            lib.flac.FLAC(io.BytesIO(src.read_bytes())).save(io.BytesIO(b"nothing here"))
        assert str(e.value) == "'' is not a valid FLAC file"
        with pytest.raises(lib.flac.error):
            f.save(io.BytesIO(b"fL"))


def test_save_needs_a_writable_file(tmp_path):
    src = next(p for p in FLAC_PATHS if p.name == "silence-44-s.flac")
    for lib in (mutagen, mutagen_rs):
        f = lib.flac.FLAC(str(src))
        with open(src, "rb") as h:
            with pytest.raises(ValueError):
                f.save(h)
        if hasattr(os, "geteuid") and os.geteuid() != 0:
            copy = tmp_path / ("ro-" + lib.__name__ + ".flac")
            shutil.copy(src, copy)
            copy.chmod(0o444)
            with pytest.raises(lib.MutagenError):
                lib.flac.FLAC(str(copy)).save()


def test_bad_cuesheet_and_seektable_objects_are_refused():
    src = next(p for p in FLAC_PATHS if p.name == "silence-44-s.flac")
    for lib in (mutagen, mutagen_rs):
        for attr in ("cuesheet", "seektable"):
            f = lib.flac.FLAC(str(src))
            setattr(f, attr, "not a block")
            with pytest.raises(ValueError, match="Invalid %s object type!" % attr):
                f.save(io.BytesIO(src.read_bytes()))


def _readable(data: bytes) -> bool:
    try:
        mutagen.flac.FLAC(io.BytesIO(data))
    except Exception:  # noqa: BLE001
        return False
    return True


FAILING_EDITS = {
    "grow": lambda f: f.__setitem__("title", "z" * 50000),
    "picture": lambda f: f.add_picture(_picture(mutagen_rs if isinstance(f, mutagen_rs.flac.FLAC) else mutagen)),
}


def _failing_save(lib, data, how, n):
    """Load ``data``, edit it as ``how`` says and save it to a file object failing at its
    ``n``th call: the object, and the exception class name (or None)."""
    f = lib.flac.FLAC(io.BytesIO(data))
    target = Failing(data, n)
    try:
        if how == "delete":
            f.delete(target)
        else:
            FAILING_EDITS[how](f)
            f.save(target, deleteid3=(how == "picture"))
    except Exception as e:  # noqa: BLE001 - compared by kind
        return target, type(e).__name__
    return target, None


@pytest.mark.parametrize("how", ["grow", "delete", "picture"])
@pytest.mark.parametrize(
    "name",
    ["silence-44-s.flac", "variable-block.flac", "106-short-picture-block-size.flac", "s16-44100-id3v2-prepended.flac"],
)
def test_failure_at_every_call_leaves_a_file_as_readable_as_mutagens(name, how):
    data = next(p for p in FILES if p.name == name).read_bytes()
    # Stronger than mutagen: the blocks are written so that the file reads at every step.
    check_every_failure(_failing_save, _readable, data, how, 500, always_readable=True)


def test_file_opened_by_file_saves_as_mutagen(tmp_path):
    src = next(p for p in FLAC_PATHS if p.name == "silence-44-s.flac")
    out = []
    for lib in (mutagen, mutagen_rs):
        copy = tmp_path / (lib.__name__ + ".flac")
        shutil.copy(src, copy)
        f = lib.File(str(copy))
        f["title"] = "from File"
        f.save()
        g = lib.File(str(copy))
        g.delete()
        out.append(copy.read_bytes())
    assert out[0] == out[1]
