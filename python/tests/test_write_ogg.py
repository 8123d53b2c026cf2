"""Saving Ogg files: ``save`` and ``delete`` of the five Ogg file types and the modules'
``delete`` against mutagen 1.48.1.

For every file of mutagen's test data and of ``corpus/real`` that one of mutagen's Ogg file
types reads (and every other file named like an Ogg file, with the type its name suggests), two
copies are edited the same way, one with mutagen and one with mutagen_rs (saved unchanged, a
title set, a value long enough to spread the comment over many pages, a key removed, the tags
deleted, padding chosen by a callback, through a path or a file object); the resulting bytes
must be identical, or both must raise the same class of exception. The packets other than the
comment packet are kept byte for byte. A file object that fails at its Nth call leaves a file
that mutagen reads whenever it reads the file mutagen's own save leaves after the same failure.
"""

from __future__ import annotations

import hashlib
import io
import shutil

import mutagen
import mutagen.ogg
import mutagen.oggflac
import mutagen.oggopus
import mutagen.oggspeex
import mutagen.oggtheora
import mutagen.oggvorbis
import pytest

import mutagen_rs
import mutagen_rs.oggflac
import mutagen_rs.oggopus
import mutagen_rs.oggspeex
import mutagen_rs.oggtheora
import mutagen_rs.oggvorbis
from conftest import FILES, IDS
from failing import Failing, outcome

# Each kind: (module name, class name).
KINDS = {
    "vorbis": ("oggvorbis", "OggVorbis"),
    "opus": ("oggopus", "OggOpus"),
    "flac": ("oggflac", "OggFLAC"),
    "speex": ("oggspeex", "OggSpeex"),
    "theora": ("oggtheora", "OggTheora"),
}

SUFFIXES = {".ogg": "vorbis", ".oga": "vorbis", ".opus": "opus", ".oggflac": "flac", ".spx": "speex", ".ogv": "theora"}


def _cls(lib, kind):
    mod, name = KINDS[kind]
    return getattr(getattr(lib, mod), name)


def _reads_as(path, kind) -> bool:
    try:
        _cls(mutagen, kind)(str(path))
    except Exception:  # noqa: BLE001 - not of this kind for mutagen
        return False
    return True


def _cases():
    out = []
    for path, ident in zip(FILES, IDS):
        kinds = [k for k in KINDS if _reads_as(path, k)]
        if not kinds and path.suffix.lower() in SUFFIXES:
            kinds = [SUFFIXES[path.suffix.lower()]]
        out.extend((path, k, "%s-%s" % (ident, k)) for k in kinds)
    return out


CASES = _cases()
READABLE = [c for c in CASES if _reads_as(c[0], c[1])]


def _first_key(f):
    keys = sorted(f.tags.keys()) if f.tags is not None else []
    return keys[0] if keys else "title"


def _edit(change, **kwargs):
    def run(lib, kind, path):
        f = _cls(lib, kind)(str(path))
        change(f)
        f.save(**kwargs)

    return run


def _save_fileobj(lib, kind, path):
    with open(path, "rb+") as h:
        f = _cls(lib, kind)(h)
        h.seek(0)
        f["title"] = "through a file object"
        f.save(h)


def _save_bytesio(lib, kind, path):
    b = io.BytesIO(path.read_bytes())
    f = _cls(lib, kind)(b)
    f["artist"] = ["a", "b"]
    f.save(fileobj=b)
    path.write_bytes(b.getvalue())


def _delete_twice(lib, kind, path):
    f = _cls(lib, kind)(str(path))
    f.delete()
    f.delete()


def _module(lib, kind):
    return getattr(lib, KINDS[kind][0])


def _module_delete_fileobj(lib, kind, path):
    with open(path, "rb+") as h:
        _module(lib, kind).delete(fileobj=h)


EDITS = {
    "save": _edit(lambda f: None),
    "title": _edit(lambda f: f.__setitem__("title", "x")),
    "long-value": _edit(lambda f: f.__setitem__("title", "y" * 100000)),
    "many-values": _edit(lambda f: f.__setitem__("comment", ["v%d" % i for i in range(300)])),
    "del-key": _edit(lambda f: f.__delitem__(_first_key(f)) if _first_key(f) in f else None),
    "delete": lambda lib, kind, p: _cls(lib, kind)(str(p)).delete(),
    "delete-twice": _delete_twice,
    "module-delete": lambda lib, kind, p: _module(lib, kind).delete(str(p)),
    "module-delete-fileobj": _module_delete_fileobj,
    "padding-0": _edit(lambda f: None, padding=lambda info: 0),
    "padding-more": _edit(lambda f: None, padding=lambda info: info.padding + 1000),
    "padding-big": _edit(lambda f: f.__setitem__("title", "p"), padding=lambda info: 70000),
    "padding-negative": _edit(lambda f: None, padding=lambda info: -1),
    "fileobj": _save_fileobj,
    "bytesio": _save_bytesio,
}


def _run(lib, kind, path, how):
    """Apply the edit ``how`` with ``lib``: the file's bytes after it, or the exception."""
    return outcome(EDITS[how], path, lib, kind, path)


def _audio(data: bytes, kind):
    """The packets of every stream after the comment packet of the stream of ``kind``'s header,
    joined, and the other streams' packets."""
    fileobj = io.BytesIO(data)
    streams = {}
    try:
        while True:
            try:
                page = mutagen.ogg.OggPage(fileobj)
            except EOFError:
                break
            streams.setdefault(page.serial, []).append(page)
        out = []
        for serial in sorted(streams):
            packets = mutagen.ogg.OggPage.to_packets(_renumbered(streams[serial]))
            out.append((serial, [hashlib.sha256(p).hexdigest() for i, p in enumerate(packets) if i != 1]))
        return out
    except Exception:  # noqa: BLE001 - not readable as pages
        return None


def _renumbered(pages):
    for n, page in enumerate(pages):
        page.sequence = pages[0].sequence + n
    return pages


@pytest.mark.parametrize("how", sorted(EDITS))
@pytest.mark.parametrize("path,kind", [(p, k) for p, k, _ in CASES], ids=[i for _, _, i in CASES])
def test_save_gives_mutagens_bytes(path, kind, how, tmp_path):
    theirs, ours = tmp_path / "theirs.ogg", tmp_path / "ours.ogg"
    shutil.copy(path, theirs)
    shutil.copy(path, ours)
    expected = _run(mutagen, kind, theirs, how)
    got = _run(mutagen_rs, kind, ours, how)
    assert got[0] == expected[0], (got if got[0] == "raises" else expected)
    assert got[1] == expected[1]
    if got[0] == "bytes":
        before = _audio(path.read_bytes(), kind)
        if before is not None:
            assert _audio(got[1], kind) == before


@pytest.mark.parametrize("path,kind", [(p, k) for p, k, _ in READABLE], ids=[i for _, _, i in READABLE])
def test_delete_leaves_the_objects_as_mutagens(path, kind, tmp_path):
    theirs, ours = tmp_path / "theirs.ogg", tmp_path / "ours.ogg"
    shutil.copy(path, theirs)
    shutil.copy(path, ours)
    a, b = _cls(mutagen, kind)(str(theirs)), _cls(mutagen_rs, kind)(str(ours))
    a.delete()
    b.delete()
    assert len(b.tags) == len(a.tags) == 0
    assert b.tags.vendor == a.tags.vendor
    assert ours.read_bytes() == theirs.read_bytes()
    again = _cls(mutagen_rs, kind)(str(ours))
    assert len(again.tags) == 0


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_saved_values_read_back(kind, tmp_path):
    path = next(c[0] for c in READABLE if c[1] == kind)
    copy = tmp_path / "a.ogg"
    shutil.copy(path, copy)
    f = _cls(mutagen_rs, kind)(str(copy))
    f["title"] = "a new title"
    f["foo"] = ["1", "2" * 20000]
    f.save()
    g = _cls(mutagen_rs, kind)(str(copy))
    assert g["title"] == ["a new title"]
    assert g["foo"] == ["1", "2" * 20000]
    assert _cls(mutagen, kind)(str(copy))["title"] == ["a new title"]
    assert g.info.length == f.info.length


def test_padding_callback_sees_mutagens_info(tmp_path):
    for kind in ("vorbis", "opus", "speex", "theora"):
        path = next(c[0] for c in READABLE if c[1] == kind)
        seen = {}
        for lib in (mutagen, mutagen_rs):
            copy = tmp_path / (lib.__name__ + kind)
            shutil.copy(path, copy)
            f = _cls(lib, kind)(str(copy))

            def padding(info, lib=lib):
                seen[lib.__name__] = (info.padding, info.size)
                return 123

            f["title"] = "t"
            f.save(padding=padding)
        assert seen["mutagen_rs"] == seen["mutagen"], kind


def test_opus_data_after_the_comments_is_kept(tmp_path):
    path = next(c[0] for c in READABLE if c[1] == "opus")
    out = []
    for lib in (mutagen, mutagen_rs):
        copy = tmp_path / (lib.__name__ + ".opus")
        shutil.copy(path, copy)
        f = lib.oggopus.OggOpus(str(copy))
        f.tags._pad_data = b"\x01kept data"
        f.save()
        g = lib.oggopus.OggOpus(str(copy))
        assert g.tags._pad_data == b"\x01kept data"
        g["title"] = "x" * 5000
        g.save()
        g.delete()
        out.append(copy.read_bytes())
    assert out[0] == out[1]


class _CountingFile(io.FileIO):
    """A file object that counts the bytes read through it."""

    read_bytes = 0

    def read(self, size=-1):
        data = super().read(size)
        self.read_bytes += len(data)
        return data

    def readinto(self, buffer):
        n = super().readinto(buffer)
        self.read_bytes += n or 0
        return n


def _on_large_pages(path) -> None:
    """Lay the packets of the pages after the first (the comment packet and those sharing its
    pages) out again on pages as large as Ogg allows, with mutagen's page writer: the layout
    of an encoder that puts a large comment on few pages."""
    with open(path, "r+b") as fileobj:
        pages = [mutagen.ogg.OggPage(fileobj)]
        while not pages[-1].complete or len(pages) == 1:
            pages.append(mutagen.ogg.OggPage(fileobj))
            if len(pages[-1].packets) > 1:
                break
        old = pages[1:]
        new = mutagen.ogg.OggPage.from_packets(
            mutagen.ogg.OggPage.to_packets(old), old[0].sequence, 255 * 255, 0)
        mutagen.ogg.OggPage.replace(fileobj, old, new)


def _same_length_saves(kind, tmp_path, large_pages: bool):
    """Give a copy of a test file of ``kind`` a comment of 1 MiB and the title "a" (saved by
    mutagen, on its pages of about 4 KiB, then with ``large_pages`` laid out again on pages of
    64 KiB), then set the title "b" on two copies of it, saved by mutagen and by mutagen_rs
    through a counting file object. The title keeps its length, so the pages keep their sizes
    and nothing after them moves (a move reads what it moves). Both copies must end up
    identical; returns the bytes mutagen_rs's save read and the file's size."""
    src = next(c[0] for c in READABLE if c[1] == kind)
    big = tmp_path / ("big" + src.suffix)
    shutil.copy(src, big)
    f = _cls(mutagen, kind)(str(big))
    f["comment"] = "x" * (1 << 20)
    f["title"] = "a"
    f.save()
    if large_pages:
        _on_large_pages(big)
    out = {}
    read = 0
    for lib in (mutagen, mutagen_rs):
        copy = tmp_path / (lib.__name__ + src.suffix)
        shutil.copy(big, copy)
        g = _cls(lib, kind)(str(copy))
        g["title"] = "b"
        with _CountingFile(str(copy), "r+b") as fileobj:
            g.save(fileobj)
        read = fileobj.read_bytes
        out[lib] = copy.read_bytes()
    assert out[mutagen] == out[mutagen_rs]
    assert _cls(mutagen, kind)(str(copy))["title"] == ["b"]
    return read, len(out[mutagen_rs])


# Not Ogg FLAC: its comment is always laid out afresh on pages of 4 KiB, as mutagen does, so
# the file after the comment moves.
@pytest.mark.parametrize("kind", ["vorbis", "opus"])
def test_a_save_does_not_read_the_comment_it_replaces(kind, tmp_path):
    """A comment over many large pages (here 1 MiB on pages of 64 KiB) is replaced without
    being read: the save reads each page's header alone, the bytes kept after the comment,
    and the start of the file, far less than the comment itself. The result is mutagen's."""
    read, _ = _same_length_saves(kind, tmp_path, large_pages=True)
    assert read < (1 << 20) // 4, read


@pytest.mark.parametrize("kind", ["vorbis", "opus"])
def test_a_save_reads_small_comment_pages_once(kind, tmp_path):
    """A comment of 1 MiB on the pages of about 4 KiB that mutagen writes: the walk over their
    headers reads them once, through the read-ahead window, and nothing is read again (the
    comment's first byte, read far behind the window, once refilled it there with the rest of
    the file). The result is mutagen's."""
    read, size = _same_length_saves(kind, tmp_path, large_pages=False)
    assert read < size + (64 << 10), (read, size)


def test_save_to_a_file_of_another_kind(tmp_path):
    vorbis = next(c[0] for c in READABLE if c[1] == "vorbis")
    mp3 = next(p for p in FILES if p.name == "silence-44-s.mp3")
    for kind in KINDS:
        src = next(c[0] for c in READABLE if c[1] == kind)
        results = []
        for lib in (mutagen, mutagen_rs):
            row = []
            for other in (vorbis, mp3):
                target = tmp_path / ("x-" + lib.__name__ + other.name)
                shutil.copy(other, target)
                try:
                    _cls(lib, kind)(str(src)).save(str(target))
                except Exception as e:  # noqa: BLE001 - compared by kind
                    row.append(type(e).__name__)
                row.append(target.read_bytes())
                try:
                    _cls(lib, kind)(str(src)).save(io.BytesIO(b""))
                except Exception as e:  # noqa: BLE001 - compared by kind
                    row.append(type(e).__name__)
            results.append(row)
        assert results[0] == results[1], kind


def test_save_needs_a_writable_file(tmp_path):
    import os

    src = next(c[0] for c in READABLE if c[1] == "vorbis")
    for lib in (mutagen, mutagen_rs):
        f = lib.oggvorbis.OggVorbis(str(src))
        with open(src, "rb") as h:
            with pytest.raises(ValueError):
                f.save(h)
        if hasattr(os, "geteuid") and os.geteuid() != 0:
            copy = tmp_path / ("ro-" + lib.__name__ + ".ogg")
            shutil.copy(src, copy)
            copy.chmod(0o444)
            with pytest.raises(lib.MutagenError):
                lib.oggvorbis.OggVorbis(str(copy)).save()
            with pytest.raises(lib.MutagenError):
                lib.oggvorbis.delete(str(copy))


def _readable(kind, data: bytes) -> bool:
    try:
        _cls(mutagen, kind)(io.BytesIO(data))
    except Exception:  # noqa: BLE001
        return False
    return True


def _failing_save(lib, kind, data, how, n):
    """Load ``data``, edit it as ``how`` says and save it to a file object failing at its
    ``n``th call: the object, and the exception class name (or None)."""
    f = _cls(lib, kind)(io.BytesIO(data))
    target = Failing(data, n)
    try:
        if how == "delete":
            f.delete(target)
        else:
            f["title"] = "z" * 30000
            f.save(target)
    except Exception as e:  # noqa: BLE001 - compared by kind
        return target, type(e).__name__
    return target, None


FAILING = ["vorbis", "opus", "flac", "speex", "theora"]


@pytest.mark.parametrize("how", ["grow", "delete"])
@pytest.mark.parametrize("kind", FAILING)
def test_failure_at_every_call_leaves_a_file_as_readable_as_mutagens(kind, how):
    data = next(c[0] for c in READABLE if c[1] == kind).read_bytes()
    for n in range(1, 2000):
        ours, ours_err = _failing_save(mutagen_rs, kind, data, how, n)
        theirs, their_err = _failing_save(mutagen, kind, data, how, n)
        if their_err is not None and ours_err is not None:
            assert ours_err == their_err, n
        if _readable(kind, theirs.getvalue()):
            assert _readable(kind, ours.getvalue()), n
        if ours_err is None:  # finished before the failure point: every later N is the same
            assert ours.getvalue() == _failing_save(mutagen, kind, data, how, 10**9)[0].getvalue()
            break
    else:
        raise AssertionError("the save never finished")


def test_file_opened_by_file_saves_as_mutagen(tmp_path):
    for kind in KINDS:
        src = next(c[0] for c in READABLE if c[1] == kind)
        out = []
        for lib in (mutagen, mutagen_rs):
            copy = tmp_path / (lib.__name__ + kind)
            shutil.copy(src, copy)
            f = lib.File(str(copy))
            f["title"] = "from File"
            f.save()
            g = lib.File(str(copy))
            g.delete()
            out.append(copy.read_bytes())
        assert out[0] == out[1], kind


def test_comments_holding_a_capture_pattern_save_as_mutagen_and_read_as_badly():
    """Comments holding "OggS" can mislead the search for the last page once they have moved:
    the saved file is mutagen's, byte for byte, and neither library reads it back (the fuzz
    entry ``ogg_save`` stands down there)."""
    import pathlib

    path = pathlib.Path(__file__).resolve().parents[2] / "fuzz" / "regressions" / "ogg_save-capture-pattern-in-the-comments"
    data = path.read_bytes()
    saved = {}
    for lib, module in (("mutagen", mutagen.oggspeex), ("mutagen_rs", mutagen_rs.oggspeex)):
        target = io.BytesIO(data)
        module.OggSpeex(target).save(target, padding=lambda info: 1220)
        saved[lib] = target.getvalue()
    assert saved["mutagen_rs"] == saved["mutagen"]
    with pytest.raises(mutagen.oggspeex.OggSpeexHeaderError):
        mutagen.oggspeex.OggSpeex(io.BytesIO(saved["mutagen"]))
    with pytest.raises(mutagen_rs.oggspeex.OggSpeexHeaderError):
        mutagen_rs.oggspeex.OggSpeex(io.BytesIO(saved["mutagen_rs"]))


def test_add_tags_raises_the_codec_header_error_as_mutagen():
    """An Ogg file always has its comment packet: ``add_tags`` raises the codec's header error,
    with mutagen's (empty) message."""
    import mutagen.oggvorbis

    import mutagen_rs.oggvorbis

    path = str(next(p for p in FILES if p.name == "empty.ogg"))
    errors = []
    for lib in (mutagen, mutagen_rs):
        f = (mutagen.oggvorbis if lib is mutagen else mutagen_rs.oggvorbis).OggVorbis(path)
        with pytest.raises(Exception) as info:
            f.add_tags()
        errors.append((type(info.value).__name__, str(info.value)))
    assert errors[0] == errors[1] == ("OggVorbisHeaderError", "")
