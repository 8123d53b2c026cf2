"""Saving MP4 files: ``MP4.save``, ``MP4.delete``, ``MP4Tags.save``/``delete`` and ``mp4.delete``
against mutagen 1.48.1.

For every file of mutagen's test data and of ``corpus/real`` that mutagen reads as MP4, two
copies are edited the same way, one with mutagen and one with mutagen_rs (text, covers,
freeform, pairs, bools and integers set; an item removed; the tags deleted; tags added to a
file without them; padding chosen by a callback; EasyMP4 keys; a path or a file object); the
resulting bytes must be identical, or both must raise the same class of exception. The audio
(the payload of every ``mdat`` atom) is kept byte for byte. A file object that fails at its Nth
call leaves a file that mutagen reads whenever it reads the file mutagen's own save leaves
after the same failure.
"""

from __future__ import annotations

import hashlib
import io
import shutil

import mutagen
import mutagen.easymp4
import mutagen.mp4
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mutagen_rs
import mutagen_rs.easymp4
import mutagen_rs.mp4
from conftest import FILES, IDS
from failing import Failing, check_every_failure, outcome


def _reads_as_mp4(path) -> bool:
    try:
        mutagen.mp4.MP4(str(path))
    except Exception:  # noqa: BLE001 - not an MP4 file for mutagen
        return False
    return True


MP4_FILES = [(p, i) for p, i in zip(FILES, IDS)
             if p.suffix.lower() in (".m4a", ".m4b", ".mp4", ".m4v", ".3gp") or _reads_as_mp4(p)]


def _edit(lib, path, change, **kwargs):
    f = lib.mp4.MP4(str(path))
    if f.tags is None:
        f.add_tags()
    change(lib, f)
    f.save(**kwargs)


def _set(key, value):
    def change(lib, f):
        f[key] = value(lib) if callable(value) else value
    return change


def _cover(lib):
    return [lib.mp4.MP4Cover(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, imageformat=lib.mp4.MP4Cover.FORMAT_PNG),
            lib.mp4.MP4Cover(b"\xff\xd8\xff" + b"j" * 100)]


def _big_cover(lib):
    """Covers of 64 KiB and more, which are written from their own objects, between small ones."""
    return [lib.mp4.MP4Cover(b"\xff\xd8\xff" + bytes(range(256)) * 400),
            lib.mp4.MP4Cover(b"small"),
            lib.mp4.MP4Cover(b"\x89PNG" + b"p" * 70000, imageformat=lib.mp4.MP4Cover.FORMAT_PNG)]


def _big_freeform(lib):
    return [lib.mp4.MP4FreeForm(b"f" * 65536), lib.mp4.MP4FreeForm(b"v")]


def _freeform(lib):
    return [lib.mp4.MP4FreeForm(b"value"), lib.mp4.MP4FreeForm(b"\x00\x01", dataformat=lib.mp4.AtomDataType.IMPLICIT)]


def _del_first(lib, f):
    keys = sorted(f.tags.keys())
    if keys:
        del f.tags[keys[0]]


def _add_tags(lib, path):
    f = lib.mp4.MP4(str(path))
    f.add_tags()
    f["\xa9ART"] = ["added"]
    f.save()


def _easy(lib, path):
    f = lib.easymp4.EasyMP4(str(path))
    if f.tags is None:
        f.add_tags()
    f["title"] = "easy"
    f["tracknumber"] = "3/7"
    f["date"] = "2004"
    f.save()


def _save_fileobj(lib, path):
    with open(path, "rb+") as h:
        f = lib.mp4.MP4(h)
        if f.tags is None:
            f.add_tags()
        f["\xa9nam"] = ["through a file object"]
        h.seek(0)
        f.save(h)


def _save_bytesio(lib, path):
    b = io.BytesIO(path.read_bytes())
    f = lib.mp4.MP4(b)
    if f.tags is None:
        f.add_tags()
    f["\xa9alb"] = ["x", "y"]
    f.save(fileobj=b)
    path.write_bytes(b.getvalue())


EDITS = {
    "save": lambda lib, p: lib.mp4.MP4(str(p)).save(),
    "title": lambda lib, p: _edit(lib, p, _set("\xa9nam", ["x"])),
    "long-title": lambda lib, p: _edit(lib, p, _set("\xa9nam", ["y" * 70000])),
    "cover": lambda lib, p: _edit(lib, p, _set("covr", _cover)),
    "big-cover": lambda lib, p: _edit(lib, p, _set("covr", _big_cover)),
    "big-freeform": lambda lib, p: _edit(lib, p, _set("----:com.apple.iTunes:big", _big_freeform)),
    "freeform": lambda lib, p: _edit(lib, p, _set("----:com.apple.iTunes:test", _freeform)),
    "pairs": lambda lib, p: _edit(lib, p, lambda lib, f: (f.__setitem__("trkn", [(1, 2)]), f.__setitem__("disk", [(3, 0)]))),
    "bools-ints": lambda lib, p: _edit(lib, p, lambda lib, f: (f.__setitem__("cpil", True), f.__setitem__("pgap", False),
                                                              f.__setitem__("tmpo", [120, 4000]))),
    "del-key": lambda lib, p: _edit(lib, p, _del_first),
    "delete": lambda lib, p: lib.mp4.MP4(str(p)).delete(),
    "tags-delete": lambda lib, p: lib.mp4.MP4(str(p)).tags.delete(str(p)),
    "module-delete": lambda lib, p: lib.mp4.delete(str(p)),
    "add-tags": _add_tags,
    "padding-0": lambda lib, p: _edit(lib, p, lambda lib, f: None, padding=lambda info: 0),
    "padding-more": lambda lib, p: _edit(lib, p, lambda lib, f: None, padding=lambda info: info.padding + 1000),
    "padding-negative": lambda lib, p: _edit(lib, p, lambda lib, f: None, padding=lambda info: -1),
    "easy": _easy,
    "fileobj": _save_fileobj,
    "bytesio": _save_bytesio,
}


def _run(lib, path, how):
    """Apply the edit ``how`` with ``lib``: the file's bytes after it, or the exception."""
    return outcome(EDITS[how], path, lib, path)


def _audio_hash(data: bytes) -> str:
    """The payloads of the top-level ``mdat`` atoms, found by mutagen's own atom walk."""
    h = hashlib.sha256()
    for atom in mutagen.mp4.Atoms(io.BytesIO(data)).atoms:
        if atom.name == b"mdat":
            h.update(data[atom.offset:atom.offset + atom.length])
    return h.hexdigest()


@pytest.mark.parametrize("how", sorted(EDITS))
@pytest.mark.parametrize("path", [p for p, _ in MP4_FILES], ids=[i for _, i in MP4_FILES])
def test_save_gives_mutagens_bytes(path, how, tmp_path):
    theirs, ours = tmp_path / ("theirs" + path.suffix), tmp_path / ("ours" + path.suffix)
    shutil.copy(path, theirs)
    shutil.copy(path, ours)
    expected = _run(mutagen, theirs, how)
    got = _run(mutagen_rs, ours, how)
    assert got[0] == expected[0], (got if got[0] == "raises" else expected)
    assert got[1] == expected[1]
    if got[0] == "bytes":
        assert _audio_hash(got[1]) == _audio_hash(path.read_bytes())


def _atom(name: bytes, payload: bytes, wide: bool = False) -> bytes:
    if wide:
        return (1).to_bytes(4, "big") + name + (len(payload) + 16).to_bytes(8, "big") + payload
    return (len(payload) + 8).to_bytes(4, "big") + name + payload


_HDLR = _atom(b"hdlr", b"\0" * 8 + b"mdirappl" + b"\0" * 9)
_ITEM = _atom(b"\xa9nam", _atom(b"data", b"\0\0\0\x01\0\0\0\0old title"))


def _built(moov_extra: bytes = b"", meta_children=None, wide: bool = False, fragments: bool = False) -> bytes:
    """An MP4 file: ``ftyp``, ``moov`` (an ``stco`` and a ``co64`` table pointing at the audio,
    then ``udta`` with ``meta_children`` when given), ``moof`` fragments when asked, ``mdat``."""
    ftyp = _atom(b"ftyp", b"M4A \0\0\0\0M4A mp42isom")

    def moov_for(audio_at: int) -> bytes:
        stco = _atom(b"stco", b"\0\0\0\0" + (2).to_bytes(4, "big") + audio_at.to_bytes(4, "big") + (8).to_bytes(4, "big"))
        co64 = _atom(b"co64", b"\0\0\0\0" + (1).to_bytes(4, "big") + (audio_at + 4).to_bytes(8, "big"))
        mdhd = _atom(b"mdhd", b"\0" * 12 + (44100).to_bytes(4, "big") + (44100 * 3).to_bytes(4, "big") + b"\0" * 4)
        hdlr = _atom(b"hdlr", b"\0" * 8 + b"soun" + b"\0" * 13)
        stsd = _atom(b"stsd", b"\0" * 8)
        trak = _atom(b"trak", _atom(b"mdia", mdhd + hdlr + _atom(b"minf", _atom(b"stbl", stsd + stco + co64))))
        udta = b""
        if meta_children is not None:
            udta = _atom(b"udta", _atom(b"meta", b"\0\0\0\0" + b"".join(meta_children)), wide)
        return _atom(b"moov", trak + udta + moov_extra, wide)

    def moof_for(audio_at: int) -> bytes:
        if not fragments:
            return b""
        tfhd = _atom(b"tfhd", b"\0\0\0\x01" + (1).to_bytes(4, "big") + audio_at.to_bytes(8, "big"))
        tfhd_none = _atom(b"tfhd", b"\0\0\0\x00" + (1).to_bytes(4, "big"))
        return _atom(b"moof", _atom(b"traf", tfhd) + _atom(b"traf", tfhd_none))

    size = len(ftyp) + len(moov_for(0)) + len(moof_for(0)) + 8
    return ftyp + moov_for(size) + moof_for(size) + _atom(b"mdat", b"audio payload " * 20)


BUILT = {
    "no-udta": lambda: _built(),
    "udta-without-meta": lambda: _built(moov_extra=_atom(b"udta", _atom(b"\xa9cmt", b"x"))),
    "ilst-free-after": lambda: _built(meta_children=[_HDLR, _atom(b"ilst", _ITEM), _atom(b"free", b"\0" * 40)]),
    "free-before-ilst": lambda: _built(meta_children=[_HDLR, _atom(b"free", b"\0" * 40), _atom(b"ilst", _ITEM)]),
    "64-bit-sizes": lambda: _built(meta_children=[_HDLR, _atom(b"ilst", _ITEM)], wide=True),
    "fragments": lambda: _built(meta_children=[_HDLR, _atom(b"ilst", _ITEM)], fragments=True),
    "fragments-no-udta": lambda: _built(fragments=True),
}


@pytest.mark.parametrize("how", sorted(EDITS))
@pytest.mark.parametrize("name", sorted(BUILT))
def test_save_gives_mutagens_bytes_on_built_files(name, how, tmp_path):
    data = BUILT[name]()
    theirs, ours = tmp_path / "theirs.m4a", tmp_path / "ours.m4a"
    theirs.write_bytes(data)
    ours.write_bytes(data)
    expected = _run(mutagen, theirs, how)
    got = _run(mutagen_rs, ours, how)
    assert got[0] == expected[0], (got if got[0] == "raises" else expected)
    assert got[1] == expected[1]
    if got[0] == "bytes":
        assert _audio_hash(got[1]) == _audio_hash(data)


def test_a_free_atom_not_beside_the_ilst_is_left_alone(tmp_path):
    """Where mutagen is wrong: for an ``ilst`` that is the first child of ``meta``, mutagen
    1.48.1 takes the last child as the atom before it, and when that is a ``free`` atom it
    writes over the atoms between (here the ``hdlr``): the saved file no longer walks. This
    package uses only a ``free`` atom right beside the ``ilst``."""
    data = _built(meta_children=[_atom(b"ilst", _ITEM), _HDLR, _atom(b"free", b"\0" * 40)])
    results = {}
    for lib in (mutagen, mutagen_rs):
        path = tmp_path / (lib.__name__ + ".m4a")
        path.write_bytes(data)
        f = lib.mp4.MP4(str(path))
        f["\xa9nam"] = ["new"]
        f.save()
        results[lib.__name__] = path.read_bytes()
    with pytest.raises(mutagen.mp4.error):
        mutagen.mp4.MP4(io.BytesIO(results["mutagen"]))
    ours = results["mutagen_rs"]
    assert mutagen.mp4.MP4(io.BytesIO(ours))["\xa9nam"] == ["new"]
    assert _audio_hash(ours) == _audio_hash(data)
    assert _HDLR in ours and _atom(b"free", b"\0" * 40) in ours


def test_chunk_offsets_follow_the_audio(tmp_path):
    """After a save that grows the tags, every chunk offset still points at the same audio
    bytes, in ``stco``, ``co64`` and ``tfhd``."""
    data = BUILT["fragments"]()
    path = tmp_path / "a.m4a"
    path.write_bytes(data)
    f = mutagen_rs.mp4.MP4(str(path))
    f["\xa9nam"] = ["a much longer title " * 50]
    f.save()
    new = path.read_bytes()
    audio = data.index(b"audio payload")
    moved = new.index(b"audio payload")
    assert moved > audio
    at = new.index(b"stco") + 12
    assert int.from_bytes(new[at:at + 4], "big") == moved
    assert int.from_bytes(new[at + 4:at + 8], "big") == 8  # before the tags: left alone
    at = new.index(b"co64") + 12
    assert int.from_bytes(new[at:at + 8], "big") == moved + 4
    at = new.index(b"tfhd") + 12
    assert int.from_bytes(new[at:at + 8], "big") == moved
    assert mutagen.mp4.MP4(str(path))["\xa9nam"] == ["a much longer title " * 50]


def test_bad_values_raise_as_mutagen(tmp_path):
    src = next(p for p, _ in MP4_FILES if p.name == "has-tags.m4a")
    for lib in (mutagen, mutagen_rs):
        f = lib.mp4.MP4(io.BytesIO(src.read_bytes()))
        f.tags._DictProxy__dict["trkn"] = [(1, 2, 3)]
        with pytest.raises(lib.mp4.MP4MetadataValueError):
            f.save(io.BytesIO(src.read_bytes()))
        with pytest.raises(lib.mp4.error):
            lib.mp4.MP4(io.BytesIO(src.read_bytes())).save(io.BytesIO(b"\0\0\0\x04free"))
        with pytest.raises(KeyError):
            lib.mp4.MP4(io.BytesIO(src.read_bytes())).save(io.BytesIO(_atom(b"ftyp", b"M4A ")))


def test_padding_callback_sees_mutagens_info(tmp_path):
    src = next(p for p, _ in MP4_FILES if p.name == "has-tags.m4a")
    seen = {}
    for lib in (mutagen, mutagen_rs):
        copy = tmp_path / (lib.__name__ + ".m4a")
        shutil.copy(src, copy)
        f = lib.mp4.MP4(str(copy))

        def padding(info, lib=lib):
            seen[lib.__name__] = (info.padding, info.size)
            return 123

        f.save(padding=padding)
    assert seen["mutagen_rs"] == seen["mutagen"]
    assert (tmp_path / "mutagen.m4a").read_bytes() == (tmp_path / "mutagen_rs.m4a").read_bytes()


def _readable(data: bytes) -> bool:
    try:
        mutagen.mp4.MP4(io.BytesIO(data))
    except Exception:  # noqa: BLE001
        return False
    return True


FAILING_EDITS = {
    "grow": lambda lib, f: f.__setitem__("\xa9nam", ["z" * 50000]),
    "shrink": lambda lib, f: f.tags.clear(),
}


def _failing_save(lib, data, how, n, writes_only=False):
    """Load ``data``, edit it as ``how`` says and save it to a file object failing at its
    ``n``th call (or write): the object, and the exception class name (or None)."""
    f = lib.mp4.MP4(io.BytesIO(data))
    if f.tags is None:
        f.add_tags()
    target = Failing(data, n, writes_only)
    try:
        FAILING_EDITS[how](lib, f)
        f.save(target, padding=(lambda info: 0) if how == "shrink" else None)
    except Exception as e:  # noqa: BLE001 - compared by kind
        return target, type(e).__name__
    return target, None


@pytest.mark.parametrize("how", sorted(FAILING_EDITS))
@pytest.mark.parametrize("name", ["has-tags.m4a", "no-tags.m4a", "64bit.mp4"])
def test_failure_at_every_write_leaves_a_file_as_readable_as_mutagens(name, how):
    """A write that fails at the Nth write (or truncation) leaves a file that reads whenever
    mutagen's does after its own Nth write fails; mutagen's class of exception."""
    data = next(p for p, _ in MP4_FILES if p.name == name).read_bytes()
    check_every_failure(_failing_save, _readable, data, how, 2000, writes_only=True)


@pytest.mark.parametrize("how", sorted(FAILING_EDITS))
@pytest.mark.parametrize("name", ["has-tags.m4a", "no-tags.m4a", "64bit.mp4"])
def test_failure_at_every_call_raises_mutagens_error(name, how):
    """A file object failing at its Nth call of any kind: mutagen's class of exception, and a
    file left as it was when the failure came before the first write."""
    data = next(p for p, _ in MP4_FILES if p.name == name).read_bytes()
    for n in range(1, 2000):
        ours, ours_err = _failing_save(mutagen_rs, data, how, n)
        _theirs, their_err = _failing_save(mutagen, data, how, n)
        if ours_err is None:
            assert ours.getvalue() == _failing_save(mutagen, data, how, 10**9)[0].getvalue()
            break
        assert ours_err == (their_err or "error"), n
        first_write = _failing_save(mutagen_rs, data, how, 1, writes_only=True)[0]
        if ours.getvalue() != data:
            assert first_write.getvalue() == data  # something was written: the first write passed
    else:
        raise AssertionError("the save never finished")


def test_save_needs_a_writable_file():
    src = next(p for p, _ in MP4_FILES if p.name == "has-tags.m4a")
    before = src.read_bytes()
    for lib in (mutagen, mutagen_rs):
        f = lib.mp4.MP4(str(src))
        with open(src, "rb") as h:
            with pytest.raises(ValueError):
                f.save(h)
            with pytest.raises(ValueError):
                lib.mp4.delete(h)
    assert src.read_bytes() == before


_KEYS = ["\xa9nam", "\xa9ART", "covr", "trkn", "----:com.apple.iTunes:A", "----:com.apple.iTunes:BB",
         "----:org:A", "xid ", "abcd", "\xa9day", "cpil", "----:x:y"]


@given(st.lists(st.tuples(st.sampled_from(_KEYS), st.one_of(
    st.lists(st.text(max_size=4), max_size=3), st.binary(max_size=6), st.integers())), max_size=12))
def test_items_are_ordered_as_a_sort_on_the_full_key(items):
    """The items are written in the order of mutagen's sort on (rank, len(repr), repr), though
    a repr is only made where ranks tie."""
    assert mutagen_rs.mp4._sorted_items(items) == sorted(items, key=lambda kv: mutagen.mp4._item_sort_key(*kv))


def test_freeform_and_unknown_items_are_written_in_mutagens_order(tmp_path):
    src = next(p for p, _ in MP4_FILES if p.name == "has-tags.m4a")

    def change(lib, f):
        for i, name in enumerate(["zz", "a", "mmm", "b", "cc"]):
            f["----:com.example:" + name] = [lib.mp4.MP4FreeForm(b"v" * (5 - i))]
        f["xyzw"] = ["unknown"]
        f["abcd"] = ["other"]
        f["covr"] = _cover(lib)

    ours, theirs = tmp_path / "ours.m4a", tmp_path / "theirs.m4a"
    shutil.copyfile(src, ours)
    shutil.copyfile(src, theirs)
    _edit(mutagen, theirs, change)
    _edit(mutagen_rs, ours, change)
    assert ours.read_bytes() == theirs.read_bytes()


# Every key with a renderer of its own in mutagen (so the core's table of item kinds is checked
# against mutagen's), and text, freeform and odd keys.
_RENDER_KEYS = sorted(k.decode("latin-1") for k in mutagen.mp4.MP4Tags._MP4Tags__atoms) + [
    "\xa9nam", "ab", "abcdefg", "----:com.apple.iTunes:A", "----:m:n:o", "----:bad", "\xe9t\xe9 "]
_INTS = st.one_of(st.integers(-3, 70000), st.integers(-(1 << 65), 1 << 65))
_RECIPES = st.recursive(
    st.one_of(
        st.tuples(st.just("text"), st.text(st.characters(), max_size=5)),
        st.tuples(st.just("int"), _INTS),
        st.tuples(st.just("bool"), st.booleans()),
        st.tuples(st.just("bytes"), st.binary(max_size=5)),
        st.tuples(st.just("pair"), st.tuples(_INTS, _INTS)),
        st.tuples(st.just("cover"), st.tuples(st.binary(max_size=5), st.sampled_from([13, 14, 0, 1 << 32, -1]))),
        st.tuples(st.just("freeform"), st.tuples(st.binary(max_size=5), st.sampled_from([0, 1, 21, 1 << 24]),
                                                 st.sampled_from([0, 1, 255, 256]))),
        st.tuples(st.just("none"), st.none()),
    ),
    lambda inner: st.tuples(st.sampled_from(["list", "tuple"]), st.lists(inner, max_size=3)),
    max_leaves=6,
)


def _build(lib, recipe):
    kind, data = recipe
    if kind == "list":
        return [_build(lib, r) for r in data]
    if kind == "tuple":
        return tuple(_build(lib, r) for r in data)
    if kind == "cover":
        return lib.mp4.MP4Cover(data[0], data[1])
    if kind == "freeform":
        return lib.mp4.MP4FreeForm(data[0], data[1], data[2])
    return data


def _saved_or_error(lib, src, items):
    f = lib.mp4.MP4(io.BytesIO(src))
    for key, recipe in items:
        f.tags._DictProxy__dict[key] = _build(lib, recipe)
    out = io.BytesIO(src)
    try:
        f.save(out)
    except Exception as e:  # noqa: BLE001 - compared with mutagen's
        return type(e).__name__
    return out.getvalue()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_RENDER_KEYS), _RECIPES), max_size=6))
def test_every_item_value_renders_as_mutagen_renders_it(items):
    """Values of every type, right and wrong, set without the checks of ``__setitem__``: the
    saved file is mutagen's, or the save raises mutagen's class of exception (the core renders
    the values it knows, and leaves the others to the Python renderers)."""
    src = next(p for p, _ in MP4_FILES if p.name == "has-tags.m4a").read_bytes()
    assert _saved_or_error(mutagen_rs, src, items) == _saved_or_error(mutagen, src, items)
