"""Saving ASF files (WMA, WMV): ``ASF.save`` and ``ASF.delete`` against mutagen 1.48.1.

For every file of mutagen's test data and of ``corpus/real`` that mutagen reads as ASF, two
copies are edited the same way, one with mutagen and one with mutagen_rs (text, integer, bool,
GUID, binary and long values set, values with a stream or a language, a name removed, padding
callbacks, the attributes deleted, through a path or a file object); the resulting bytes must be
identical, or both must raise the same class of exception. The data after the header is kept
byte for byte. A file object that fails at its Nth call leaves a file that mutagen reads
whenever it reads the file mutagen's own save leaves after the same failure.
"""

from __future__ import annotations

import io
import shutil

import mutagen
import mutagen.asf
import pytest

import mutagen_rs
import mutagen_rs.asf
from conftest import FILES, IDS
from failing import Failing, check_every_failure, outcome


def _reads_as_asf(path) -> bool:
    try:
        mutagen.asf.ASF(str(path))
    except Exception:  # noqa: BLE001 - not an ASF file for mutagen
        return False
    return True


ASF_FILES = [(p, i) for p, i in zip(FILES, IDS) if _reads_as_asf(p)]
ASF_PATHS = [p for p, _ in ASF_FILES]
ASF_IDS = [i for _, i in ASF_FILES]


def _edit(lib, path, edit, **kwargs):
    f = lib.asf.ASF(str(path))
    edit(lib, f)
    f.save(**kwargs)


def _values(lib, f):
    a = lib.asf
    f["Title"] = "a title"
    f["Author"] = [a.ASFUnicodeAttribute("one"), a.ASFUnicodeAttribute("two")]
    f["WM/TrackNumber"] = [a.ASFDWordAttribute(7)]
    f["WM/Bool"] = [a.ASFBoolAttribute(True)]
    f["WM/QWord"] = [a.ASFQWordAttribute(2**40)]
    f["WM/Word"] = [a.ASFWordAttribute(3)]
    f["WM/GUID"] = [a.ASFGUIDAttribute(b"\x01" * 16)]
    f["WM/Bytes"] = [a.ASFByteArrayAttribute(b"\x00\x01\x02")]


def _streams(lib, f):
    a = lib.asf
    f["WM/Stream"] = [a.ASFUnicodeAttribute("s", stream=1), a.ASFUnicodeAttribute("t", stream=2)]
    f["WM/Language"] = [a.ASFUnicodeAttribute("l", language=3)]
    f["WM/BoolStream"] = [a.ASFBoolAttribute(False, stream=1)]
    f["Rating"] = [a.ASFDWordAttribute(5)]


def _long(lib, f):
    f["WM/Picture"] = [lib.asf.ASFByteArrayAttribute(b"\x89PNG" + bytes(70000))]
    f["WM/Lyrics"] = "x" * 40000


def _first_key(f):
    keys = sorted(f.keys())
    return keys[0] if keys else "Title"


def _fileobj(lib, path):
    with open(path, "rb+") as h:
        f = lib.asf.ASF(h)
        h.seek(0)
        f["Title"] = "through a file object"
        f.save(h)


def _bytesio(lib, path):
    b = io.BytesIO(path.read_bytes())
    f = lib.asf.ASF(b)
    f["Description"] = "in memory"
    f.save(fileobj=b)
    path.write_bytes(b.getvalue())


EDITS = {
    "save": lambda lib, p: _edit(lib, p, lambda lib, f: None),
    "values": lambda lib, p: _edit(lib, p, _values),
    "streams": lambda lib, p: _edit(lib, p, _streams),
    "long": lambda lib, p: _edit(lib, p, _long),
    "del-key": lambda lib, p: _edit(lib, p, lambda lib, f: f.__delitem__(_first_key(f))),
    "padding-0": lambda lib, p: _edit(lib, p, lambda lib, f: None, padding=lambda info: 0),
    "padding-more": lambda lib, p: _edit(lib, p, lambda lib, f: None, padding=lambda info: info.padding + 999),
    "padding-negative": lambda lib, p: _edit(lib, p, lambda lib, f: None, padding=lambda info: -5),
    "delete": lambda lib, p: lib.asf.ASF(str(p)).delete(),
    "save-twice": lambda lib, p: [_edit(lib, p, _values) for _ in range(2)],
    "fileobj": _fileobj,
    "bytesio": _bytesio,
}


def _run(lib, path, how):
    """Apply the edit ``how`` with ``lib``: the file's bytes after it, or the exception."""
    return outcome(EDITS[how], path, lib, path)


def _after_header(data: bytes) -> bytes:
    return data[int.from_bytes(data[16:24], "little"):]


@pytest.mark.parametrize("how", sorted(EDITS))
@pytest.mark.parametrize("path", ASF_PATHS, ids=ASF_IDS)
def test_save_gives_mutagens_bytes(path, how, tmp_path):
    theirs, ours = tmp_path / "theirs.wma", tmp_path / "ours.wma"
    shutil.copy(path, theirs)
    shutil.copy(path, ours)
    expected = _run(mutagen, theirs, how)
    got = _run(mutagen_rs, ours, how)
    assert got[0] == expected[0], (got if got[0] == "raises" else expected)
    assert got[1] == expected[1]
    if got[0] == "bytes":
        assert _after_header(got[1]) == _after_header(path.read_bytes())


def test_the_objects_a_save_adds_are_in_the_header_object_too(tmp_path):
    names = []
    for lib in (mutagen, mutagen_rs):
        path = tmp_path / (lib.__name__ + ".wma")
        shutil.copy(ASF_PATHS[0], path)
        f = lib.asf.ASF(str(path))
        f.save()
        ext = f._header.get_child(lib.asf.HeaderExtensionObject.GUID)
        names.append(([type(o).__name__ for o in f._header.objects],
                      [type(o).__name__ for o in ext.objects]))
    assert names[0] == names[1]


def test_a_file_that_is_no_asf_file_raises_the_header_error(tmp_path):
    src = ASF_PATHS[0]
    for lib in (mutagen, mutagen_rs):
        f = lib.asf.ASF(str(src))
        target = io.BytesIO(b"not an ASF file" * 4)
        with pytest.raises(lib.asf.ASFHeaderError):
            f.save(target)
        assert target.getvalue() == b"not an ASF file" * 4


def _readable(data: bytes) -> bool:
    try:
        mutagen.asf.ASF(io.BytesIO(data))
    except Exception:  # noqa: BLE001
        return False
    return True


def _failing_save(lib, data, how, n):
    """Load ``data``, edit it as ``how`` says and save it to a file object failing at its
    ``n``th call: the object, and the exception class name (or None)."""
    f = lib.asf.ASF(io.BytesIO(data))
    # A shrinking save (and a delete) moves the data up before it writes the new header, in
    # mutagen as here: between the two the file does not read. The two libraries read the
    # file a different number of times, so there only their writes are counted, which puts
    # both at the same step of the edit.
    target = Failing(data, n, writes_only=(how != "grow"))
    try:
        if how == "delete":
            f.delete(target)
        else:
            f["WM/Lyrics"] = "z" * (20000 if how == "grow" else 1)
            f.save(target, padding=lambda info: 0)
    except Exception as e:  # noqa: BLE001 - compared by kind
        return target, type(e).__name__
    return target, None


@pytest.mark.parametrize("how", ["grow", "shrink", "delete"])
@pytest.mark.parametrize("name", ["silence-1.wma", "issue_29.wma"])
def test_failure_at_every_call_leaves_a_file_as_readable_as_mutagens(name, how):
    data = next(p for p in ASF_PATHS if p.name == name).read_bytes()
    check_every_failure(_failing_save, _readable, data, how, 300)
