"""ID3 load options, the tag class of MP3 files, and the ID3/MPEG helpers mutagen's own tests use.

The options of ``ID3.load`` (``translate``, ``v2_version``, ``load_v1``, ``known_frames``) are
compared with mutagen 1.48.1 on every ID3 and MP3 file of its test data; so are ``_padding``,
``ID3Header``, ``ParseID3v1``/``MakeID3v1``/``find_id3v1`` and ``MPEGInfo(fileobj)``.
"""

from __future__ import annotations

import io

import mutagen.id3
import mutagen.id3._id3v1
import mutagen.id3._tags
import mutagen.mp3
import pytest

import mutagen_rs.id3
import mutagen_rs.id3._id3v1
import mutagen_rs.id3._tags
import mutagen_rs.mp3
from conftest import mutagen_files
from differential import describe, first_difference, outcome

ID3_FILES = [p for p in mutagen_files() if p.suffix.lower() in (".mp3", ".id3", ".tag")]
ID3_IDS = [p.name for p in ID3_FILES]


def _known(lib, names):
    return {name: getattr(lib.id3, name) for name in names}


# Option sets, each built for one library (known_frames maps IDs to that library's classes).
OPTIONS = {
    "no-translate": lambda lib: {"translate": False},
    "v23": lambda lib: {"v2_version": 3},
    "v23-no-translate": lambda lib: {"v2_version": 3, "translate": False},
    "no-v1": lambda lib: {"load_v1": False},
    "v23-no-v1": lambda lib: {"v2_version": 3, "load_v1": False},
    "known-none": lambda lib: {"known_frames": {}},
    "known-some": lambda lib: {"known_frames": _known(lib, ["TPE1", "TALB", "COMM", "TDRC", "CHAP", "APIC"])},
    "known-v22": lambda lib: {"known_frames": _known(lib, ["TT2", "TP1", "COM", "TYE", "PIC"])},
}


@pytest.mark.parametrize("option", list(OPTIONS))
@pytest.mark.parametrize("path", ID3_FILES, ids=ID3_IDS)
def test_load_options_read_identically(path, option):
    def load(lib):
        return lib.id3.ID3(str(path), **OPTIONS[option](lib))

    expected = outcome(load, mutagen)
    got = outcome(load, mutagen_rs)
    assert got == expected, first_difference(expected, got)


@pytest.mark.parametrize("path", ID3_FILES, ids=ID3_IDS)
def test_padding_and_file_objects(path):
    def padding(tags):
        return tags._padding

    expected = outcome(mutagen.id3.ID3, str(path))
    with open(path, "rb") as f:
        got = outcome(mutagen_rs.id3.ID3, f)
    assert got == expected, first_difference(expected, got)
    theirs = outcome(lambda: padding(mutagen.id3.ID3(str(path))))
    ours = outcome(lambda: padding(mutagen_rs.id3.ID3(str(path))))
    assert ours == theirs


def test_known_frames_classes_are_used(testdata):
    class MyCOMM(mutagen_rs.id3.COMM):
        pass

    frames = dict(mutagen_rs.id3.Frames)
    frames["COMM"] = MyCOMM
    tags = mutagen_rs.id3.ID3(str(testdata / "id3v1v2-combined.mp3"), known_frames=frames)
    comments = tags.getall("COMM")
    assert "v1 comment" in comments  # from ID3v1
    assert len(comments) == len(mutagen_rs.id3.ID3(str(testdata / "id3v1v2-combined.mp3")).getall("COMM"))
    assert all(type(c) is MyCOMM for c in comments)


def test_mp3_reads_tags_with_the_class_given(testdata):
    used = []

    class RecordingID3(mutagen_rs.id3.ID3):
        def load(self, *args, **kwargs):
            used.append(kwargs)
            super().load(*args, **kwargs)

    path = str(testdata / "silence-44-s.mp3")
    plain = mutagen_rs.mp3.MP3(path)
    f = mutagen_rs.mp3.MP3(path, ID3=RecordingID3)
    assert used == [{}]
    assert type(f.tags) is RecordingID3
    assert describe(f.tags)["tags"] == dict(describe(plain.tags)["tags"], **{"class": "RecordingID3"})
    assert f.info.__dict__ == plain.info.__dict__

    # The options reach the class; a subclass's own ID3 attribute is used the same way.
    class RecordingMP3(mutagen_rs.mp3.MP3):
        ID3 = RecordingID3

    f = RecordingMP3(path, translate=False)
    assert used[-1] == {"translate": False}
    theirs = mutagen.mp3.MP3(path, translate=False)
    assert describe(f.tags)["tags"] == dict(describe(theirs.tags)["tags"], **{"class": "RecordingID3"})
    assert f.info.length == theirs.info.length


@pytest.mark.parametrize("name", ["silence-44-s.mp3", "vbri.mp3", "xing.mp3", "lame.mp3", "emptyfile.mp3"])
def test_mpeg_info_from_file_objects(testdata, name):
    data = (testdata / name).read_bytes()
    expected = outcome(lambda: mutagen.mp3.MPEGInfo(io.BytesIO(data)))
    got = outcome(lambda: mutagen_rs.mp3.MPEGInfo(io.BytesIO(data)))
    assert got == expected, first_difference(expected, got)


HEADERS = [
    b"ID3\x03\x00\x00\x00\x00\x0a\x22",
    b"ID3\x04\x00\x1f\x00\x00\x00\x00",
    b"ID3\x04\x00\x10\x00\x00\x00\xff",
    b"ID3\x04\x00\x10\x00\x00\x00\x00",
    b"ID3\x02\x00\x00\x00\x00\x00\x00",
    b"ID3\x01\x00\x00\x00\x00\x00\x00",
    b"ID3\x04\x00",
    b"",
    b"ID3\x04\x00\x40\x00\x00\x00\x00\x00\x00\x00\x05\x5a",
    b"ID3\x04\x00\x40\x00\x00\x00\x00\x00\x00\x00\xff\x5a",
    b"ID3\x04\x00\x40\x00\x00\x00\x00TIT1\x00\x00\x00\x01a",
    b"ID3\x04\x00\x40\x00\x00\x00\x00TIT9",
    b"ID3\x03\x00\x40\x00\x00\x00\x00\x00\x00\x00\x06\x00\x00\x56\x78\x9a\xbc",
    b"ID3\x04B@\x00\x00\x00\x00\x00\x00\x00\x00",
]


@pytest.mark.parametrize("data", HEADERS)
def test_id3_header(data):
    def read(lib):
        f = io.BytesIO(data)
        h = lib.id3._tags.ID3Header(f)
        return (h.version, h.size, h.f_unsynch, h.f_extended, h.f_experimental, h.f_footer,
                getattr(h, "_extdata", b""), f.tell())

    def result(lib):
        try:
            return read(lib)
        except Exception as e:  # noqa: BLE001 - the exception class is the outcome
            return type(e).__name__

    assert result(mutagen_rs) == result(mutagen)


V1_TAGS = [
    b"TAG" + b"title".ljust(30, b"\x00") + b"artist".ljust(30, b" ") + b"album".ljust(30, b"\x00")
    + b"1999" + b"comment".ljust(28, b"\x00") + b"\x00\x07" + b"\x11",
    b"xxTAG" + b"\x00" * 124 + b"\xff",
    b"TAG" + b"\xe9" * 90 + b"12" + b"c" * 30 + b"\x02",
    b"no tag here",
    b"TAG" + b"short",
]


@pytest.mark.parametrize("v2_version", [3, 4])
@pytest.mark.parametrize("data", V1_TAGS)
def test_parse_and_find_id3v1(data, v2_version):
    theirs = mutagen.id3._id3v1.ParseID3v1(data, v2_version)
    ours = mutagen_rs.id3._id3v1.ParseID3v1(data, v2_version)
    assert (ours is None) == (theirs is None)
    if theirs is not None:
        assert {k: repr(v) for k, v in ours.items()} == {k: repr(v) for k, v in theirs.items()}
        assert mutagen_rs.id3.MakeID3v1(ours) == mutagen.id3.MakeID3v1(theirs)
    found_theirs = mutagen.id3._id3v1.find_id3v1(io.BytesIO(b"audio" * 40 + data), v2_version)
    found_ours = mutagen_rs.id3._id3v1.find_id3v1(io.BytesIO(b"audio" * 40 + data), v2_version)
    assert found_ours[1] == found_theirs[1]
    assert repr(found_ours[0]) == repr(found_theirs[0])


def test_in_memory_edits_and_conversions():
    def run(lib):
        id3 = lib.id3
        tags = id3.ID3()
        tags.version = (2, 3)
        tags.add(id3.TYER(encoding=0, text="2006"))
        tags.add(id3.TDAT(encoding=0, text="0603"))
        tags.add(id3.TIME(encoding=0, text="1127"))
        tags.add(id3.IPLS(encoding=0, people=[["a", "b"]]))
        tags.add(id3.TPE1(encoding=0, text=["x"]))
        tags.add(id3.APIC(encoding=0, mime="PNG", type=3, desc="", data=b"1"))
        tags.add(id3.CHAP(element_id="c", start_time=0, end_time=1, start_offset=0, end_offset=0,
                          sub_frames=[id3.TYER(encoding=0, text="2001")]))
        tags.update_to_v24()
        v24 = describe(tags)
        tags.update_to_v23()
        v23 = describe(tags)
        tags.setall("TPE1", [id3.TPE1(encoding=3, text=["y"])])
        tags.delall("APIC")
        popped = tags.pop("TYER")
        del tags["TDAT"]
        return v24, v23, describe(tags), repr(popped)

    assert run(mutagen_rs) == run(mutagen)


@pytest.mark.parametrize("path", [p for p in ID3_FILES if p.suffix.lower() == ".mp3"],
                         ids=[p.name for p in ID3_FILES if p.suffix.lower() == ".mp3"])
def test_mp3_with_load_options_reads_identically(path):
    # Load options make MP3 read the tags through its ID3 class, then the stream info after them.
    expected = outcome(lambda: mutagen.mp3.MP3(str(path), v2_version=3, translate=False))
    got = outcome(lambda: mutagen_rs.mp3.MP3(str(path), v2_version=3, translate=False))
    assert got == expected, first_difference(expected, got)
