"""ID3 frames built by the native reader behave as mutagen's frames do, in everything a user
can observe: class and ``isinstance``, ``vars()`` (its keys, values and order), ``repr``,
``str``, ``pprint``, ``==`` and hashing, ``copy``/``deepcopy``/``pickle`` round trips, the
order of the tag's keys, and mutation through the mutagen API afterwards.

The frames are made without ``__init__`` (``python/src/construct.rs``): their fields go straight
into the instances' storage. These tests compare each frame of every ID3 file of mutagen's test
data and of ``corpus/real`` with the frame mutagen 1.48.1 reads from the same file.
"""

from __future__ import annotations

import copy
import pickle

import mutagen.flac
import mutagen.id3
import pytest

import mutagen_rs.flac
import mutagen_rs.id3
from conftest import FILES, IDS
from mutagen_rs import _native

ID3_FILES = [(p, i) for p, i in zip(FILES, IDS) if p.read_bytes()[:3] == b"ID3"]


def _tags(module, path):
    try:
        return module.ID3(str(path))
    except Exception:  # noqa: BLE001 - a file neither reads is not a case here
        return None


def _plain(v):
    """A frame's field value in a form comparable across the two libraries (the ``zero-copy``
    variant's binary values, ``_native.Blob``, compare as the bytes they hold)."""
    if _native.ZERO_COPY and isinstance(v, _native.Blob):
        return bytes(v)
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if hasattr(v, "_fields") or type(v).__module__.startswith(("mutagen", "mutagen_rs")):
        return (type(v).__name__, repr(v))
    return v


def _hash_outcome(frame):
    """The exception class ``hash(frame)`` raises (mutagen's frames are unhashable), or "ok"."""
    try:
        hash(frame)
    except Exception as e:  # noqa: BLE001
        return type(e).__name__
    return "ok"


@pytest.mark.parametrize("path", [p for p, _ in ID3_FILES], ids=[i for _, i in ID3_FILES])
def test_frames_look_and_behave_as_mutagens(path):
    theirs = _tags(mutagen.id3, path)
    ours = _tags(mutagen_rs.id3, path)
    if theirs is None:
        assert ours is None
        return
    assert list(ours.keys()) == list(theirs.keys())
    for key in theirs.keys():
        t, o = theirs[key], ours[key]
        assert type(o).__name__ == type(t).__name__
        assert [c.__name__ for c in type(o).__mro__] == [c.__name__ for c in type(t).__mro__]
        assert isinstance(o, getattr(mutagen_rs.id3, type(t).__name__, mutagen_rs.id3.Frame))
        # vars(): the same field names, in the same order, with the same values.
        assert list(vars(o)) == list(vars(t)), key
        assert [_plain(v) for v in vars(o).values()] == [_plain(v) for v in vars(t).values()], key
        assert repr(o) == repr(t)
        assert str(o) == str(t)
        assert o.pprint() == t.pprint()
        assert o.HashKey == t.HashKey
        # Equality and hashing, as mutagen defines them for each class.
        assert o == o
        assert _hash_outcome(o) == _hash_outcome(t)
        # Copies and pickles are equal frames of the same class, with the same fields.
        for clone in (copy.copy(o), copy.deepcopy(o), pickle.loads(pickle.dumps(o))):
            assert type(clone) is type(o)
            assert vars(clone) == vars(o)
            assert repr(clone) == repr(o)
            assert clone == o


def test_fields_are_set_and_validated_after_a_read():
    path = next(p for p, _ in ID3_FILES if "TIT2" in (_tags(mutagen_rs.id3, p) or {}))
    tags = mutagen_rs.id3.ID3(str(path))
    frame = tags["TIT2"]
    assert "text" in vars(frame)
    # Setting a field goes through the spec's validation, as on a frame made with __init__.
    frame.text = "one"
    assert frame.text == ["one"]
    frame.encoding = 3
    assert isinstance(frame.encoding, mutagen_rs.id3.Encoding)
    with pytest.raises((TypeError, ValueError)):
        frame.encoding = "not an encoding"
    # Attributes outside the specs are plain attributes.
    frame.extra = 1
    assert vars(frame)["extra"] == 1
    # The tag takes edits through the mutagen API.
    tags.add(mutagen_rs.id3.TPE1(encoding=3, text=["someone"]))
    assert tags["TPE1"].text == ["someone"]
    del tags["TIT2"]
    assert "TIT2" not in tags


# Time stamp texts as taggers write them (the plain forms the reader makes natively, mutagen's
# own with a space) and others the class makes (separators, signs, spaces, digits of other
# scripts, numbers past 64 bits, junk).
STAMP_TEXTS = [
    "2024", "0", "2024-05", "2024-05-01", "2024-05-01T07", "2024-05-01T07:08:09",
    "2024-05-01 07:08", "2024-05-01 07:08:09", "0007-00-00T00:00:00", "999999999999999999",
    "1234567890123456789", "99999999999999999999-1", "2024-", "2024T05", " 2024", "+2024",
    "2024/05/01", "2024.05.01", "2024-05-01  07", "2_024", "\u0662\u0660\u0662\u0664", "abc",
    "2024-05-01T07:08:09:10", "2024-05-01T07:08:09 ",
]


def _stamp_tag(frames):
    """An ID3v2.4 tag of UTF-8 text frames, each ``(frame ID, texts)``, written byte by byte so
    that the texts stay as given (mutagen writes time stamps normalised)."""

    def syncsafe(n):
        return bytes([(n >> 21) & 0x7F, (n >> 14) & 0x7F, (n >> 7) & 0x7F, n & 0x7F])

    body = b""
    for frame_id, texts in frames:
        data = b"\x03" + "\x00".join(texts).encode("utf-8")
        body += frame_id.encode("ascii") + syncsafe(len(data)) + b"\x00\x00" + data
    return b"ID3\x04\x00\x00" + syncsafe(len(body)) + body


def test_time_stamps_are_made_as_the_class_makes_them(tmp_path):
    """Every time stamp the native reader makes is the object ``ID3TimeStamp(text)`` makes:
    the same class, the same ``vars()`` in the same order, and the same parts as mutagen's."""
    path = tmp_path / "stamps.id3"
    frames = [("TDRC", STAMP_TEXTS), ("TDOR", STAMP_TEXTS[::-1])]
    path.write_bytes(_stamp_tag(frames))
    theirs = mutagen.id3.ID3(str(path))
    ours = mutagen_rs.id3.ID3(str(path))
    for key, texts in frames:
        assert len(ours[key].text) == len(theirs[key].text) == len(texts)
        for stamp, text, mutagens in zip(ours[key].text, texts, theirs[key].text):
            made = mutagen_rs.id3.ID3TimeStamp(text)
            assert type(stamp) is mutagen_rs.id3.ID3TimeStamp
            assert list(vars(stamp).items()) == list(vars(made).items()), text
            assert vars(stamp) == vars(mutagens), text
            assert stamp.text == mutagens.text


FLAC_FILES = [(p, i) for p, i in zip(FILES, IDS) if p.read_bytes()[:4] == b"fLaC"]


@pytest.mark.parametrize("path", [p for p, _ in FLAC_FILES], ids=[i for _, i in FLAC_FILES])
def test_flac_blocks_have_mutagens_attributes(path):
    """Every metadata block of a FLAC file (those the reader makes natively and the others) has
    the class and the attributes of mutagen's block: ``vars()`` with the same keys in the same
    order and the same values; the Vorbis comment block is a dict and compared as one."""
    try:
        theirs = mutagen.flac.FLAC(str(path))
    except Exception:  # noqa: BLE001 - a file mutagen cannot read is not a case here
        return
    ours = mutagen_rs.flac.FLAC(str(path))
    assert len(ours.metadata_blocks) == len(theirs.metadata_blocks)
    for mine, want in zip(ours.metadata_blocks, theirs.metadata_blocks):
        assert type(mine).__name__ == type(want).__name__
        if isinstance(want, mutagen.flac.VCFLACDict):
            assert list(mine.items()) == list(want.items())
            continue
        assert list(vars(mine)) == list(vars(want))
        assert [_plain(v) for v in vars(mine).values()] == [_plain(v) for v in vars(want).values()]
