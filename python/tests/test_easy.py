"""The easy interfaces (``EasyID3``, ``EasyMP3``, ``EasyMP4``) against mutagen 1.48.1.

Every test file is opened with each easy class by both libraries: the keys, values and
``pprint()`` must be equal, or both must raise the same exception class. The same in-memory
edits (set, delete, read back) are then made on both, from an empty tag and from the tags of
real files, and the results compared the same way, down to the frames or items underneath.
"""

from __future__ import annotations

import importlib

import pytest

from conftest import FILES, IDS

EASY_CLASSES = [("easyid3", "EasyID3"), ("mp3", "EasyMP3"), ("easymp4", "EasyMP4")]


def _class(lib: str, module: str, name: str):
    return getattr(importlib.import_module(f"{lib}.{module}"), name)


def easy_view(easy) -> tuple:
    """What an easy tag shows: its keys (sorted: mutagen lists performer roles in set order),
    every value, and ``pprint()``."""
    keys = sorted(easy.keys())
    return keys, {k: list(easy[k]) for k in keys}, easy.pprint()


def outcome(cls, path: str):
    """``("ok", tags class name, view)`` or ``("raises", exception class name)``."""
    try:
        obj = cls(path)
    except Exception as e:  # noqa: BLE001 - the exception class is what is compared
        return ("raises", type(e).__name__)
    tags = getattr(obj, "tags", obj)
    if tags is None:
        return ("ok", None, None)
    return ("ok", type(tags).__name__, easy_view(tags))


@pytest.mark.parametrize("module,name", EASY_CLASSES, ids=[c[1] for c in EASY_CLASSES])
@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_easy_class_reads_identically(path, module, name):
    expected = outcome(_class("mutagen", module, name), str(path))
    got = outcome(_class("mutagen_rs", module, name), str(path))
    assert got == expected


# mutagen's easy classes that mutagen_rs has; File(easy=True) gives None for the formats it
# does not read yet.
EASY_SUPPORTED = {"EasyMP3", "EasyID3FileType", "EasyMP4", "FLAC", "OggVorbis", "OggOpus", "OggFLAC", "AIFF", "WAVE", "DSF", "DSDIFF", "AC3", "AAC", "SMF",
                  "OggSpeex", "OggTheora"}
EASY_SUPPORTED |= {"APEv2File", "WavPack", "MonkeysAudio", "Musepack", "TAK", "OptimFROG",
                   "EasyTrueAudio"}
EASY_SUPPORTED |= {"ASF"}


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_file_easy_picks_and_reads_identically(path):
    import mutagen

    import mutagen_rs

    def easy_outcome(file_function):
        try:
            audio = file_function(str(path), easy=True)
        except Exception as e:  # noqa: BLE001 - the exception class is what is compared
            return ("raises", type(e).__name__)
        if audio is None:
            return None
        tags = audio.tags
        view = easy_view(tags) if hasattr(tags, "RegisterKey") else None
        return (type(audio).__name__, type(tags).__name__, view)

    expected = easy_outcome(mutagen.File)
    if expected is not None and expected[0] not in EASY_SUPPORTED and expected[0] != "raises":
        expected = None
    assert easy_outcome(mutagen_rs.File) == expected


def test_registries_are_mutagens():
    import mutagen.easyid3
    import mutagen.easymp4

    import mutagen_rs.easyid3
    import mutagen_rs.easymp4

    assert list(mutagen_rs.easyid3.EasyID3.Get) == list(mutagen.easyid3.EasyID3.Get)
    for registry in ("Set", "Delete", "List"):
        assert sorted(getattr(mutagen_rs.easyid3.EasyID3, registry)) == sorted(
            getattr(mutagen.easyid3.EasyID3, registry))
    assert list(mutagen_rs.easymp4.EasyMP4Tags.Get) == list(mutagen.easymp4.EasyMP4Tags.Get)
    assert mutagen_rs.easymp4.EasyMP4.Get is mutagen_rs.easymp4.EasyMP4Tags.Get


def test_key_errors():
    from mutagen_rs.easyid3 import EasyID3, EasyID3KeyError
    from mutagen_rs.easymp4 import EasyMP4KeyError
    from mutagen_rs.id3 import error as ID3Error
    from mutagen_rs.mp4 import error as MP4Error

    assert issubclass(EasyID3KeyError, (KeyError, ValueError, ID3Error))
    assert issubclass(EasyMP4KeyError, (KeyError, ValueError, MP4Error))
    with pytest.raises(EasyID3KeyError):
        EasyID3()["notvalid"]
    assert "notvalid" not in EasyID3()


def test_easy_mp3_has_easy_tags(testdata):
    from mutagen_rs.easyid3 import EasyID3
    from mutagen_rs.mp3 import MP3, EasyMP3

    audio = EasyMP3(str(testdata / "silence-44-s.mp3"))
    assert isinstance(audio, MP3)
    assert isinstance(audio.tags, EasyID3)
    assert audio["title"] == ["Silence"]
    assert audio.info.length == MP3(str(testdata / "silence-44-s.mp3")).info.length


# -- In-memory edits --------------------------------------------------------------------------

def _apply(easy, op: tuple):
    """Make one edit (``("set", key, value)``, ``("del", key)`` or ``("get", key)``) and give
    what it returned, or the class name of what it raised."""
    try:
        if op[0] == "set":
            easy[op[1]] = op[2]
            return None
        if op[0] == "del":
            del easy[op[1]]
            return None
        return list(easy[op[1]])
    except Exception as e:  # noqa: BLE001 - the exception class is what is compared
        return ("raises", type(e).__name__)


def _underneath(easy) -> list:
    """The frames (ID3) or items (MP4) under an easy tag, by key, as their ``repr``."""
    inner = getattr(easy, "_EasyID3__id3", None)
    if inner is None:
        inner = easy._EasyMP4Tags__mp4
    return sorted((k, repr(v).replace("mutagen_rs", "mutagen")) for k, v in inner.items())


def _edit_both(theirs, ours, ops: list) -> None:
    for op in ops:
        expected, got = _apply(theirs, op), _apply(ours, op)
        assert got == expected, op
        assert easy_view(ours) == easy_view(theirs), op
        assert _underneath(ours) == _underneath(theirs), op


def _simple_keys(registry) -> list:
    return [k for k in registry if "*" not in k and k not in ("date", "originaldate")]


def _id3_ops() -> list:
    import mutagen.easyid3

    ops = []
    for key in _simple_keys(mutagen.easyid3.EasyID3.Get):
        ops += [("set", key, "a test value"), ("get", key), ("set", key, "a test value"),
                ("del", key), ("del", key), ("get", key)]
        if key != "musicbrainz_trackid":
            ops += [("set", key, ["a test", "value"]), ("set", key.upper(), ["\u0243", "x"]),
                    ("get", key), ("del", key.title())]
    ops += [
        ("set", "date", "2004"), ("get", "DATE"), ("set", "date", ["2004", "2005-01"]),
        ("set", "originaldate", "1999-12-31"), ("del", "DaTe"), ("del", "originaldate"),
        ("del", "date"),
        ("set", "performer:coder", ["piman", "mu"]), ("set", "performer:foo", "Joe"),
        ("set", "performer:coder", "mu"), ("get", "performer:coder"), ("get", "performer:bar"),
        ("del", "performer:bar"), ("del", "performer:foo"), ("del", "performer:coder"),
        ("del", "performer:coder"),
        ("set", "asin", ""), ("set", "asin", "He\u1234llo"), ("set", "Asin", "plain"), ("del", "AsIn"),
        ("set", "musicbrainz_trackid", ["a", "b"]), ("set", "musicbrainz_trackid", "abc"),
        ("set", "musicbrainz_trackid", "def"),
        ("set", "genre", ["Rock", "21", "(4)Eurodisco"]), ("set", "genre", "Jazz"), ("del", "genre"),
        ("set", "website", ["http://a", "http://b"]), ("set", "website", "http://c"),
        ("del", "website"), ("get", "website"),
        ("set", "replaygain_foo_gain", "+3.5 dB"), ("set", "replaygain_bar_peak", "0.5"),
        ("get", "replaygain_bar_gain"), ("get", "replaygain_foo_peak"),
        ("set", "replaygain_foo_gain", []), ("set", "replaygain_foo_gain", ["foo"]),
        ("set", "replaygain_foo_peak", ["3"]), ("set", "replaygain_foo_peak", ["1", "1"]),
        ("set", "replaygain_Foo_gain", "-1"), ("del", "replaygain_bar_gain"),
        ("del", "replaygain_foo_peak"), ("del", "replaygain_foo_gain"),
        ("del", "replaygain_bar_peak"), ("del", "replaygain_bar_peak"),
        ("set", "albumartistsort", "x"), ("del", "albumartistsort"), ("del", "albumartistsort"),
        ("get", "notvalid"), ("set", "notvalid", "x"), ("del", "notvalid"),
    ]
    return ops


def test_easyid3_edits_from_empty():
    import mutagen.easyid3

    import mutagen_rs.easyid3

    _edit_both(mutagen.easyid3.EasyID3(), mutagen_rs.easyid3.EasyID3(), _id3_ops())


@pytest.mark.parametrize("name", ["silence-44-s.mp3", "id3v22-test.mp3", "97-unknown-23-update.mp3"])
def test_easyid3_edits_of_a_file(testdata, name):
    import mutagen.easyid3

    import mutagen_rs.easyid3

    path = str(testdata / name)
    theirs, ours = mutagen.easyid3.EasyID3(path), mutagen_rs.easyid3.EasyID3(path)
    ops = [("del", k) for k in theirs.keys()] + _id3_ops()
    _edit_both(theirs, ours, ops)


def test_easyid3_albumartistsort_reads_txxx():
    import mutagen.easyid3
    import mutagen.id3

    import mutagen_rs.easyid3
    import mutagen_rs.id3

    pairs = []
    for easyid3, id3 in ((mutagen.easyid3, mutagen.id3), (mutagen_rs.easyid3, mutagen_rs.id3)):
        easy = easyid3.EasyID3()
        easy._EasyID3__id3.add(id3.TXXX(encoding=3, desc="ALBUMARTISTSORT", text=["a"]))
        easy._EasyID3__id3.add(id3.RVA2(desc="Foo", gain=1.0, peak=1.0, channel=0))
        pairs.append(easy)
    _edit_both(*pairs, [("get", "albumartistsort"), ("set", "albumartistsort", "b"),
                        ("get", "replaygain_Foo_gain"), ("set", "replaygain_Foo_peak", "0.25"),
                        ("del", "albumartistsort"), ("del", "albumartistsort")])


def test_easyid3_fallbacks():
    from mutagen_rs.easyid3 import EasyID3

    easy, calls = EasyID3(), []
    easy.GetFallback = lambda id3, key: calls.append(("get", key)) or ["v"]
    easy.SetFallback = lambda id3, key, value: calls.append(("set", key, value))
    easy.DeleteFallback = lambda id3, key: calls.append(("del", key))
    easy.ListFallback = lambda id3, key: ["nope"]
    easy["nope"] = "foo"
    assert easy["nope"] == ["v"]
    del easy["nope"]
    assert easy.keys() == ["nope"]
    assert calls == [("set", "nope", ["foo"]), ("get", "nope"), ("del", "nope")]


def test_easy_tags_on_a_file_without_tags(testdata):
    from mutagen_rs.easyid3 import EasyID3
    from mutagen_rs.id3 import ID3FileType

    audio = ID3FileType(str(testdata / "emptyfile.mp3"), ID3=EasyID3)
    assert audio.tags is None
    audio["artist"] = ["testing"]
    assert isinstance(audio.tags, EasyID3)
    assert audio.tags["artist"] == ["testing"]
    assert audio.pprint().endswith("artist=testing")


def _mp4_ops() -> list:
    import mutagen.easymp4

    ops = []
    for key in mutagen.easymp4.EasyMP4Tags.Get:
        if key in ("tracknumber", "discnumber", "bpm"):
            continue
        ops += [("set", key, "a test value"), ("get", key), ("set", key.upper(), ["a test", "\u0243"]),
                ("get", key), ("del", key), ("del", key), ("get", key)]
    for key in ("tracknumber", "discnumber"):
        ops += [("set", key, "3"), ("get", key), ("set", key, "3/10"), ("get", key),
                ("set", key, "70000/-1"), ("get", key), ("set", key, "hello"), ("del", key)]
    ops += [("set", "bpm", "3"), ("get", "bpm"), ("set", "bpm", ["-5", "99999"]), ("get", "bpm"),
            ("set", "bpm", "hello"), ("del", "bpm"), ("del", "bpm"),
            ("set", "musicbrainz_trackid", [b"bytes"]),
            ("get", "notvalid"), ("set", "notvalid", "x"), ("del", "notvalid")]
    return ops


@pytest.mark.parametrize("name", ["has-tags.m4a", "no-tags.m4a", "nero-chapters.m4b"])
def test_easymp4_edits(testdata, name):
    import mutagen.easymp4

    import mutagen_rs.easymp4

    path = str(testdata / name)
    theirs, ours = mutagen.easymp4.EasyMP4(path), mutagen_rs.easymp4.EasyMP4(path)
    if theirs.tags is None:
        theirs.add_tags()
        ours.add_tags()
    else:
        assert ours._padding == theirs._padding
    ops = [("del", k) for k in theirs.tags.keys()] + _mp4_ops()
    _edit_both(theirs.tags, ours.tags, ops)
