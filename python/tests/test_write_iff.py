"""Saving the ID3 chunk of AIFF, WAVE and DSDIFF files, and the ID3 tag a DSF file points to,
against mutagen 1.48.1: the tags' ``save`` and ``delete``, the files' ``save`` and ``delete``,
and the modules' ``delete``.

For every file of mutagen's test data and of ``corpus/real`` that mutagen reads as one of these
formats, two copies are edited the same way, one with mutagen and one with mutagen_rs (a frame
set, grown or removed, a picture added, ID3v2.3, padding callbacks, the tag deleted, a tag added
to a file without one, through a path or a file object); the resulting bytes must be identical,
or both must raise the same class of exception. Every chunk other than the tag's keeps its
bytes (in DSF: everything before the tag, the pointer and total size aside). A file object that fails at its Nth call leaves a file that mutagen reads whenever it
reads the file mutagen's own save leaves after the same failure.
"""

from __future__ import annotations

import io
import shutil

import mutagen
import mutagen.aiff
import mutagen.dsdiff
import mutagen.dsf
import mutagen.id3
import mutagen.wave
import pytest

import mutagen_rs
import mutagen_rs.aiff
import mutagen_rs.dsdiff
import mutagen_rs.dsf
import mutagen_rs.id3
import mutagen_rs.wave
from conftest import FILES, IDS
from failing import Failing, check_every_failure, outcome

# (module, class, mutagen's chunk file class, the tag chunk's ID)
FORMATS = {
    "aiff": ("AIFF", mutagen.aiff.AIFFFile, "ID3"),
    "wave": ("WAVE", mutagen.wave._WaveFile, "id3"),
    "dsdiff": ("DSDIFF", mutagen.dsdiff.DSDIFFFile, "ID3"),
    "dsf": ("DSF", None, None),
}


def _format_of(path):
    for module, (cls, _, _) in FORMATS.items():
        try:
            getattr(getattr(mutagen, module), cls)(str(path))
        except Exception:  # noqa: BLE001 - not this format for mutagen
            continue
        return module
    return None


IFF_FILES = [(p, i, _format_of(p)) for p, i in zip(FILES, IDS)]
IFF_FILES = [(p, i, m) for p, i, m in IFF_FILES if m is not None]
CASES = [(p, m) for p, _, m in IFF_FILES]
CASE_IDS = [i for _, i, _ in IFF_FILES]


def _open(lib, module, path):
    return getattr(getattr(lib, module), FORMATS[module][0])(path)


def _edit(lib, module, path, edit, **kwargs):
    f = _open(lib, module, str(path))
    if f.tags is None:
        f.add_tags()
    edit(lib, f)
    f.save(**kwargs)


def _picture(lib):
    return lib.id3.APIC(encoding=3, mime="image/png", type=3, desc="cover",
                        data=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)


def _first_key(f):
    keys = sorted(f.tags.keys())
    return keys[0] if keys else "TIT2"


def _fileobj(lib, module, path):
    with open(path, "rb+") as h:
        f = _open(lib, module, h)
        h.seek(0)
        if f.tags is None:
            f.add_tags()
        f.tags.add(lib.id3.TIT2(encoding=3, text=["through a file object"]))
        f.save(h)


def _bytesio(lib, module, path):
    b = io.BytesIO(path.read_bytes())
    f = _open(lib, module, b)
    if f.tags is None:
        f.add_tags()
    f.tags.add(lib.id3.TPE1(encoding=3, text=["in", "memory"]))
    f.save(fileobj=b)
    path.write_bytes(b.getvalue())


def _tag_delete(lib, module, path):
    f = _open(lib, module, str(path))
    if f.tags is not None:
        f.tags.delete(str(path))


def _set(frame):
    return lambda lib, f: f.tags.add(getattr(lib.id3, frame[0])(encoding=3, text=[frame[1]]))


EDITS = {
    "save": lambda lib, m, p: _edit(lib, m, p, lambda lib, f: None),
    "title": lambda lib, m, p: _edit(lib, m, p, _set(("TIT2", "x"))),
    "odd-title": lambda lib, m, p: _edit(lib, m, p, _set(("TIT2", "xy"))),
    "long-title": lambda lib, m, p: _edit(lib, m, p, _set(("TIT2", "y" * 5000))),
    "picture": lambda lib, m, p: _edit(lib, m, p, lambda lib, f: f.tags.add(_picture(lib))),
    "del-key": lambda lib, m, p: _edit(lib, m, p, lambda lib, f: f.tags.delall(_first_key(f))),
    "v23": lambda lib, m, p: _edit(lib, m, p, lambda lib, f: None, v2_version=3),
    "padding-0": lambda lib, m, p: _edit(lib, m, p, lambda lib, f: None, padding=lambda info: 0),
    "padding-odd": lambda lib, m, p: _edit(lib, m, p, lambda lib, f: None, padding=lambda info: 7),
    "padding-negative": lambda lib, m, p: _edit(lib, m, p, lambda lib, f: None, padding=lambda info: -1),
    "delete": lambda lib, m, p: _open(lib, m, str(p)).delete(),
    "tag-delete": _tag_delete,
    "module-delete": lambda lib, m, p: getattr(lib, m).delete(str(p)),
    "module-delete-twice": lambda lib, m, p: [getattr(lib, m).delete(str(p)) for _ in range(2)],
    "fileobj": _fileobj,
    "bytesio": _bytesio,
}


def _run(lib, module, path, how):
    """Apply the edit ``how`` with ``lib``: the file's bytes after it, or the exception."""
    return outcome(EDITS[how], path, lib, module, path)


def _other_chunks(module, data: bytes) -> list:
    """The ID and bytes of every chunk of the root but the tag's, by mutagen's own walk."""
    _, file_class, tag_id = FORMATS[module]
    if file_class is None:
        # DSF: the chunks before the tag the DSD chunk points to.
        pointer = int.from_bytes(data[20:28], "little") or len(data)
        return [("DSF", data[28:pointer])]
    b = io.BytesIO(data)
    chunks = file_class(b).root.subchunks()
    out = []
    for c in chunks:
        if c.id in (tag_id, "ID3", "id3"):
            continue
        b.seek(c.data_offset)
        out.append((c.id, b.read(c.data_size)))
    return out


@pytest.mark.parametrize("how", sorted(EDITS))
@pytest.mark.parametrize("path,module", CASES, ids=CASE_IDS)
def test_save_gives_mutagens_bytes(path, module, how, tmp_path):
    theirs, ours = tmp_path / "theirs", tmp_path / "ours"
    shutil.copy(path, theirs)
    shutil.copy(path, ours)
    expected = _run(mutagen, module, theirs, how)
    got = _run(mutagen_rs, module, ours, how)
    assert got[0] == expected[0], (got if got[0] == "raises" else expected)
    assert got[1] == expected[1]
    if got[0] == "bytes":
        # The audio and every other chunk are kept byte for byte.
        assert _other_chunks(module, got[1]) == _other_chunks(module, path.read_bytes())


def test_the_cases_cover_every_format():
    assert {m for _, m in CASES} == set(FORMATS)


def _readable(module):
    def readable(data: bytes) -> bool:
        try:
            _open(mutagen, module, io.BytesIO(data))
        except Exception:  # noqa: BLE001
            return False
        return True

    return readable


def _failing_save(lib, data, how, n, module):
    """Load ``data``, edit it as ``how`` says and save it to a file object failing at its
    ``n``th call: the object, and the exception class name (or None)."""
    f = _open(lib, module, io.BytesIO(data))
    # A shrinking save moves the chunks after the tag before it writes their new sizes, in
    # mutagen as here: between the two the walk is broken. The two libraries read the file a
    # different number of times, so there only their writes are counted, which puts both at
    # the same step of the edit.
    target = Failing(data, n, writes_only=(how == "shrink"))
    try:
        if how == "delete":
            f.delete(target)
        else:
            if f.tags is None:
                f.add_tags()
            f.tags.add(lib.id3.TIT2(encoding=3, text=["z" * (5000 if how == "grow" else 1)]))
            f.save(target, padding=lambda info: 0 if how == "shrink" else 1)
    except Exception as e:  # noqa: BLE001 - compared by kind
        return target, type(e).__name__
    return target, None


@pytest.mark.parametrize("how", ["grow", "shrink", "delete"])
@pytest.mark.parametrize("name", ["with-id3.aif", "8k-1ch-1s-silence.aif", "silence-2s-PCM-44100-16-ID3v23.wav",
                                  "silence-2s-PCM-16000-08-notags.wav", "5644800-2ch-s01-silence.dff",
                                  "with-id3.dsf", "without-id3.dsf"])
def test_failure_at_every_call_leaves_a_file_as_readable_as_mutagens(name, how):
    path = next(p for p, _, _ in IFF_FILES if p.name == name)
    module = next(m for p, _, m in IFF_FILES if p.name == name)
    check_every_failure(_failing_save, _readable(module), path.read_bytes(), how, 300, module=module)


def test_wave_tag_delete_needs_a_file_as_in_mutagen():
    path = next(p for p, _, m in IFF_FILES if m == "wave")
    for lib in (mutagen, mutagen_rs):
        f = _open(lib, "wave", str(path))
        if f.tags is None:
            f.add_tags()
        with pytest.raises(TypeError):
            f.tags.delete()


def test_a_file_that_is_no_iff_file_raises_as_mutagen(tmp_path):
    for module in ("aiff", "wave", "dsdiff"):
        errors = []
        for lib in (mutagen, mutagen_rs):
            path = tmp_path / lib.__name__
            path.write_bytes(b"RIFX\x10\x00\x00\x00nothing here")
            tag = getattr(lib.id3, "ID3")()
            tag.add(lib.id3.TIT2(encoding=3, text=["t"]))
            cls = {"aiff": lib.aiff._IFFID3, "wave": lib.wave._WaveID3, "dsdiff": lib.dsdiff._DSDIFFID3}[module]
            obj = cls()
            obj.update(tag)
            with pytest.raises(Exception) as info:
                obj.save(str(path))
            errors.append(type(info.value).__name__)
            assert path.read_bytes() == b"RIFX\x10\x00\x00\x00nothing here"
            with pytest.raises(Exception) as info:
                getattr(lib, module).delete(str(path))
            errors.append(type(info.value).__name__)
        assert errors[:2] == errors[2:], module
