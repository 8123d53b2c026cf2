"""Saving and removing ID3 tags: ``ID3.save``, ``MP3.save``, ``EasyID3.save``, ``id3.delete``,
``ID3.delete`` and ``MP3.delete`` against mutagen 1.48.1.

Removal: for every file of mutagen's test data and of ``corpus/real``, two copies are edited,
one by mutagen and one by mutagen_rs, the same way (a path, an open file, a ``BytesIO``; each
tag or both); the resulting bytes must be identical, or both must raise. Apart from the tags,
the file's bytes are kept: what remains is the original with the ID3v2 tag cut from the start
and the ID3v1 tag from the end.

Saving: for every file that mutagen reads as an ID3 file (MP3 and the others with ID3 tags at
their ends), the same edit (a text frame set, a picture added, a frame removed, an ID3v2.3
save, ID3v1 tags removed or created, tags deleted, padding chosen by a callback, EasyID3 keys,
a path or a file object) is made by both; the bytes must be identical, or both must raise the
same class of exception; the audio between the tags hashes the same as before.

A file object that fails at its Nth call leaves a file that mutagen reads whenever it reads the
file mutagen's own save or delete leaves after the same failure.
"""

from __future__ import annotations

import hashlib
import io
import shutil

import mutagen
import mutagen.id3
import mutagen.mp3
import pytest

import mutagen_rs
import mutagen_rs.dsdiff
import mutagen_rs.id3
import mutagen_rs.mp3
from conftest import FILES, IDS
from failing import Failing, check_every_failure

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


def test_container_id3_tags_save_into_their_container_not_as_mp3(tmp_path):
    """The ID3 tag of a WAVE, AIFF, DSF or DSDIFF file lives in a chunk (or where the DSF header
    points): saving it is not the MP3 edit, which would put a tag at the start of the file.
    (test_write_iff.py compares every such save with mutagen's.)"""
    import mutagen

    for name in ("silence-2s-PCM-44100-16-ID3v23.wav", "with-id3.aif", "with-id3.dsf",
                 "5644800-2ch-s01-silence.dff"):
        src = next(p for p in FILES if p.name == name)
        copy = tmp_path / name
        shutil.copy(src, copy)
        f = mutagen_rs.File(str(copy))
        if f.tags is None:
            f.add_tags()
        f.tags.add(mutagen_rs.id3.TIT2(encoding=3, text="saved in place"))
        f.save()
        data = copy.read_bytes()
        assert data[:4] == src.read_bytes()[:4]
        assert mutagen.File(str(copy)).tags["TIT2"].text == ["saved in place"]


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


# --- saving ---------------------------------------------------------------------------------


def _reads_as_id3_file(path) -> bool:
    try:
        return isinstance(mutagen.File(str(path)), mutagen.id3.ID3FileType)
    except Exception:  # noqa: BLE001 - not an ID3 file for mutagen
        return False


ID3_FILES = [(p, i) for p, i in zip(FILES, IDS) if p.suffix.lower() == ".mp3" or _reads_as_id3_file(p)]


def _open(lib, path):
    """The file as ``File`` reads it when that is an ID3 file, as ``MP3`` otherwise (which
    raises as mutagen's does for what is not one)."""
    f = lib.File(str(path))
    if isinstance(f, lib.id3.ID3FileType):
        return f
    return lib.mp3.MP3(str(path))


def _picture(lib):
    return lib.id3.APIC(encoding=3, mime="image/png", type=3, desc="cover",
                        data=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)


def _edit(lib, path, change, **kwargs):
    f = _open(lib, path)
    if f.tags is None:
        f.add_tags()
    change(lib, f.tags)
    f.save(**kwargs)


def _del_first(lib, tags):
    keys = sorted(tags.keys())
    if keys:
        del tags[keys[0]]


def _people(lib, tags):
    tags.add(lib.id3.TPE1(encoding=1, text=["one", "two"]))
    tags.add(lib.id3.TDRC(encoding=0, text=["2004-05-06T07:08:09"]))
    tags.add(lib.id3.TIPL(encoding=3, people=[["mix", "someone"]]))


def _v23(lib, path, sep="/"):
    f = _open(lib, path)
    if f.tags is None:
        f.add_tags()
    _people(lib, f.tags)
    f.tags.update_to_v23()
    f.save(v2_version=3, v23_sep=sep)


def _easy(lib, path, **kwargs):
    f = lib.mp3.EasyMP3(str(path)) if path.suffix.lower() == ".mp3" else lib.File(str(path), easy=True)
    if f.tags is None:
        f.add_tags()
    f["title"] = "easy"
    f["date"] = "2004-05-06"
    f["performer:vocals"] = ["a", "b"]
    f.save(**kwargs)


def _save_fileobj(lib, path):
    with open(path, "rb+") as h:
        f = _open(lib, path)
        if f.tags is None:
            f.add_tags()
        f.tags.add(lib.id3.TIT2(encoding=3, text="through a file object"))
        f.save(h)


def _save_bytesio(lib, path, rewind=True):
    b = io.BytesIO(path.read_bytes())
    f = lib.id3.ID3(b)
    f.add(lib.id3.TALB(encoding=3, text=["x", "y"]))
    if rewind:
        b.seek(0)
    # Not rewound, the header is looked for where the read left the file object: none is
    # found there, and the new tag goes before the old one, as mutagen does it.
    f.save(b, v1=2)
    path.write_bytes(b.getvalue())


def _id3_alone(lib, path):
    tags = lib.id3.ID3(str(path))
    tags.add(lib.id3.COMM(encoding=3, lang="eng", desc="", text="a comment"))
    tags.save()


SAVES = {
    "save": lambda lib, p: _open(lib, p).save(),
    "title": lambda lib, p: _edit(lib, p, lambda lib, t: t.add(lib.id3.TIT2(encoding=3, text="x"))),
    "long-title": lambda lib, p: _edit(lib, p, lambda lib, t: t.add(lib.id3.TIT2(encoding=1, text="y" * 70000))),
    "picture": lambda lib, p: _edit(lib, p, lambda lib, t: t.add(_picture(lib))),
    "del-key": lambda lib, p: _edit(lib, p, _del_first),
    "clear": lambda lib, p: _edit(lib, p, lambda lib, t: t.clear()),
    "v23": _v23,
    "v23-null-sep": lambda lib, p: _v23(lib, p, None),
    "v24-people": lambda lib, p: _edit(lib, p, _people),
    "v1-remove": lambda lib, p: _edit(lib, p, lambda lib, t: None, v1=0),
    "v1-create": lambda lib, p: _edit(lib, p, lambda lib, t: t.add(lib.id3.TRCK(encoding=0, text="7/9")), v1=2),
    "delete": lambda lib, p: _open(lib, p).delete(),
    "padding-0": lambda lib, p: _edit(lib, p, lambda lib, t: None, padding=lambda info: 0),
    "padding-more": lambda lib, p: _edit(lib, p, lambda lib, t: None, padding=lambda info: info.padding + 1000),
    "padding-negative": lambda lib, p: _edit(lib, p, lambda lib, t: None, padding=lambda info: -1),
    "easy": _easy,
    "easy-v23": lambda lib, p: _easy(lib, p, v2_version=3),
    "fileobj": _save_fileobj,
    "bytesio": _save_bytesio,
    "bytesio-not-rewound": lambda lib, p: _save_bytesio(lib, p, rewind=False),
    "id3-alone": _id3_alone,
}


def _run(lib, path, how):
    """Apply the edit ``how`` with ``lib``: the file's bytes after it, or the exception."""
    try:
        SAVES[how](lib, path)
    except Exception as e:  # noqa: BLE001 - compared by kind
        return ("raises", ValueError if isinstance(e, ValueError) else type(e).__name__)
    return ("bytes", path.read_bytes())


def _audio_hash(data: bytes) -> str:
    """The bytes between the ID3v2 tag at the start and the ID3v1 tag at the end."""
    start = 0
    if data[:3] == b"ID3" and len(data) >= 10:
        size = 0
        for b in data[6:10]:
            size = (size << 7) | (b & 0x7F)
        start = 10 + size
    _tag, offset = mutagen.id3._id3v1.find_id3v1(io.BytesIO(data))
    end = len(data) + offset
    return hashlib.sha256(data[start:end]).hexdigest()


@pytest.mark.parametrize("how", sorted(SAVES))
@pytest.mark.parametrize("path", [p for p, _ in ID3_FILES], ids=[i for _, i in ID3_FILES])
def test_save_gives_mutagens_bytes(path, how, tmp_path):
    theirs, ours = tmp_path / ("theirs" + path.suffix), tmp_path / ("ours" + path.suffix)
    shutil.copy(path, theirs)
    shutil.copy(path, ours)
    expected = _run(mutagen, theirs, how)
    got = _run(mutagen_rs, ours, how)
    assert got[0] == expected[0], (got if got[0] == "raises" else expected)
    assert got[1] == expected[1]
    if got[0] == "bytes" and how not in ("delete", "bytesio-not-rewound"):
        assert _audio_hash(got[1]) == _audio_hash(path.read_bytes())


FAILING_SAVES = {
    "grow": lambda lib, f: f.tags.add(lib.id3.TIT2(encoding=1, text="z" * 50000)),
    "shrink": lambda lib, f: f.tags.clear(),
    "v1-create": lambda lib, f: f.tags.add(lib.id3.TIT2(encoding=3, text="v1 too")),
}


def _failing_save(lib, data, how, n):
    """Load ``data``, edit it as ``how`` says and save it to a file object failing at its
    ``n``th call: the object, and the exception class name (or None)."""
    f = lib.mp3.MP3(io.BytesIO(data))
    if f.tags is None:
        f.add_tags()
    target = Failing(data, n)
    try:
        FAILING_SAVES[how](lib, f)
        f.save(target, v1=2 if how == "v1-create" else 1,
               padding=(lambda info: 0) if how == "shrink" else None)
    except Exception as e:  # noqa: BLE001 - compared by kind
        return target, type(e).__name__
    return target, None


@pytest.mark.parametrize("how", sorted(FAILING_SAVES))
@pytest.mark.parametrize("name", ["silence-44-s.mp3", "silence-44-s-v1.mp3", "id3v22-test.mp3", "no-tags.mp3"])
def test_save_failure_at_every_call_leaves_a_file_as_readable_as_mutagens(name, how):
    data = next(p for p in FILES if p.name == name).read_bytes()
    check_every_failure(_failing_save, _readable, data, how, 500)


def test_saved_frames_read_back(tmp_path):
    src = next(p for p in FILES if p.name == "silence-44-s.mp3")
    copy = tmp_path / "a.mp3"
    shutil.copy(src, copy)
    f = mutagen_rs.mp3.MP3(str(copy))
    f.tags.add(mutagen_rs.id3.TIT2(encoding=3, text=["a new title", "second"]))
    f.tags.add(_picture(mutagen_rs))
    f.save(v1=2)
    for lib in (mutagen_rs, mutagen):
        g = lib.mp3.MP3(str(copy))
        assert g.tags["TIT2"].text == ["a new title", "second"]
        assert g.tags.getall("APIC")[0].data == _picture(mutagen_rs).data
        assert lib.id3.ID3(str(copy)).version == (2, 4, 0)
    assert copy.read_bytes()[-128:].startswith(b"TAG")
    assert mutagen_rs.mp3.MP3(str(copy)).info.length == mutagen.mp3.MP3(str(src)).info.length


def test_padding_callback_sees_mutagens_info(tmp_path):
    src = next(p for p in FILES if p.name == "silence-44-s.mp3")
    seen = {}
    for lib in (mutagen, mutagen_rs):
        copy = tmp_path / (lib.__name__ + ".mp3")
        shutil.copy(src, copy)
        f = lib.mp3.MP3(str(copy))

        def padding(info, lib=lib):
            seen[lib.__name__] = (info.padding, info.size)
            return 123

        f.save(padding=padding)
    assert seen["mutagen_rs"] == seen["mutagen"]
    assert (tmp_path / "mutagen.mp3").read_bytes() == (tmp_path / "mutagen_rs.mp3").read_bytes()


def test_save_to_a_missing_path_creates_the_file(tmp_path):
    out = []
    for lib in (mutagen, mutagen_rs):
        tags = lib.id3.ID3()
        tags.add(lib.id3.TIT2(encoding=3, text="new"))
        target = tmp_path / (lib.__name__ + ".id3")
        tags.save(str(target))
        out.append(target.read_bytes())
    assert out[0] == out[1]
    assert mutagen_rs.id3.ID3(str(tmp_path / "mutagen_rs.id3"))["TIT2"].text == ["new"]


def test_bad_arguments_raise_as_mutagen():
    src = next(p for p in FILES if p.name == "silence-44-s.mp3").read_bytes()
    for lib in (mutagen, mutagen_rs):
        tags = lib.id3.ID3(io.BytesIO(src))
        with pytest.raises(ValueError):
            tags.save(io.BytesIO(src), v2_version=2)
        with pytest.raises(lib.id3.error):
            tags.save(io.BytesIO(src), padding=lambda info: -5)
        with pytest.raises(ValueError):
            tags.save(io.BytesIO(b"ID3\x04\x00\x00\x00\x00\x7f\x7f"))


# --- random tags ----------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# Any code point, lone surrogates included (which no encoding writes).
_TEXT = st.text(st.characters(blacklist_categories=()), max_size=12)
_ENC = st.integers(0, 3)
_FRAME = st.one_of(
    st.tuples(st.sampled_from(["TIT2", "TPE1", "TALB", "TCON", "TCOM", "TSOP"]),
              st.fixed_dictionaries({"encoding": _ENC, "text": st.lists(_TEXT, max_size=3)})),
    st.tuples(st.sampled_from(["TRCK", "TPOS", "TBPM"]),
              st.fixed_dictionaries({"encoding": _ENC, "text": st.lists(st.from_regex(r"\A[0-9]{1,3}(/[0-9]{1,3})?\Z"), max_size=2)})),
    st.tuples(st.sampled_from(["TDRC", "TDOR"]),
              st.fixed_dictionaries({"encoding": _ENC, "text": st.lists(st.from_regex(r"\A[0-9]{4}(-[0-9]{2}(-[0-9]{2}(T[0-9]{2}:[0-9]{2})?)?)?\Z"), max_size=2)})),
    st.tuples(st.just("TXXX"), st.fixed_dictionaries({"encoding": _ENC, "desc": _TEXT, "text": st.lists(_TEXT, max_size=2)})),
    st.tuples(st.sampled_from(["COMM", "USLT"]),
              st.fixed_dictionaries({"encoding": _ENC, "desc": _TEXT, "lang": st.sampled_from(["eng", "deu", "xxx"]), "text": _TEXT})),
    st.tuples(st.just("WXXX"), st.fixed_dictionaries({"encoding": _ENC, "desc": _TEXT, "url": st.from_regex(r"\Ahttps?://[a-z]{1,8}\.org\Z")})),
    st.tuples(st.just("APIC"), st.fixed_dictionaries({"encoding": _ENC, "mime": st.sampled_from(["image/png", "image/jpeg", "-->"]), "type": st.integers(0, 20), "desc": _TEXT, "data": st.one_of(st.binary(max_size=300), st.binary(min_size=4096, max_size=5000))})),
    st.tuples(st.just("POPM"), st.fixed_dictionaries({"email": st.from_regex(r"\A[a-z]{0,8}@?[a-z]{0,5}\Z"), "rating": st.integers(0, 255), "count": st.integers(0, 2**40)})),
    st.tuples(st.just("TIPL"), st.fixed_dictionaries({"encoding": _ENC, "people": st.lists(st.lists(_TEXT, min_size=2, max_size=2), max_size=2)})),
)


def _random_save(lib, path, frames, v2_version, v1, padding):
    """Save ``frames`` (``(class name, keyword arguments)`` pairs) into ``path`` with ``lib``:
    the bytes and a re-read of the tags, or the exception class name."""
    try:
        tags = lib.id3.ID3(str(path))
        for name, kwargs in frames:
            tags.add(getattr(lib.id3, name)(**kwargs))
        if v2_version == 3:
            tags.update_to_v23()
        tags.save(str(path), v2_version=v2_version, v1=v1, padding=lambda info: padding)
    except Exception as e:  # noqa: BLE001 - compared by kind
        return ("raises", type(e).__name__)
    return ("bytes", path.read_bytes(), lib.id3.ID3(str(path)).pprint())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(frames=st.lists(_FRAME, max_size=6), v2_version=st.sampled_from([3, 4]), v1=st.integers(0, 2),
       padding=st.integers(0, 300))
def test_random_tags_save_as_mutagens_and_read_back(frames, v2_version, v1, padding, tmp_path):
    """Tags of random frames are rendered and saved as mutagen saves them (the same bytes), and
    what is saved reads back as mutagen reads it back."""
    src = next(p for p in FILES if p.name == "silence-44-s.mp3")
    theirs, ours = tmp_path / "theirs.mp3", tmp_path / "ours.mp3"
    shutil.copy(src, theirs)
    shutil.copy(src, ours)
    expected = _random_save(mutagen, theirs, frames, v2_version, v1, padding)
    got = _random_save(mutagen_rs, ours, frames, v2_version, v1, padding)
    assert got[0] == expected[0], (got if got[0] == "raises" else expected)
    assert got[1:] == expected[1:]


def test_save_needs_a_writable_file(tmp_path):
    src = next(p for p in FILES if p.name == "silence-44-s.mp3")
    for lib in (mutagen, mutagen_rs):
        f = lib.mp3.MP3(str(src))
        with open(src, "rb") as h:
            with pytest.raises(ValueError):
                f.save(h)
            with pytest.raises(ValueError):
                f.tags.save(h)
        assert src.read_bytes() == next(p for p in FILES if p.name == "silence-44-s.mp3").read_bytes()


@pytest.mark.parametrize("path", [p for p, _ in ID3_FILES], ids=[i for _, i in ID3_FILES])
def test_frames_rendered_natively_are_those_python_renders(path):
    """Every frame of every ID3 file (and of its CHAP/CTOC sub-frames) renders for ID3v2.4 to
    the same bytes through the core as through the frame's own ``_writeData``, in the same
    order; and the core renders the common frames itself."""
    from mutagen_rs import _native
    from mutagen_rs.id3._frames import ID3SaveConfig
    from mutagen_rs.id3._tags import _frame_parts

    try:
        tags = mutagen_rs.id3.ID3(str(path))
    except mutagen_rs.MutagenError:
        pytest.skip("no ID3 tag")
    config = ID3SaveConfig(4, None)
    groups = [list(tags.values())] + [list(f.sub_frames.values()) for f in tags.values() if hasattr(f, "sub_frames")]
    for frames in groups:
        python_only = _native.id3_render_frames(frames, False, lambda f: _frame_parts(f, config=config))
        with_core = _native.id3_render_frames(frames, True, lambda f: _frame_parts(f, config=config))
        assert b"".join(with_core) == b"".join(python_only)
    left = []
    _native.id3_render_frames(list(tags.values()), True, lambda f: left.append(f.FrameID) or _frame_parts(f, config=config))
    assert not set(left) & {"TIT2", "TPE1", "TALB", "TRCK", "TXXX", "COMM", "APIC", "USLT", "WXXX", "TDRC", "TYER"}
