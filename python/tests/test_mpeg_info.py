"""MPEG stream info: ``mutagen_rs.mp3`` must find the same frame and compute the same info as
``mutagen.mp3`` on every test file (tags are compared by the full differential test).
"""

from __future__ import annotations

import io

import mutagen.id3
import mutagen.mp3
import pytest

import conftest
import mutagen_rs.mp3
from differential import describe, first_difference, outcome, public_attrs, value
from mutagen_rs import _native

FILES = conftest.testdata_files() + conftest.real_files()
IDS = [f"{p.parent.name}/{p.name}" for p in FILES]


def _id3_offset(path):
    """The offset mutagen's MP3 searches from (the ID3 tag size), or "none" without a tag."""
    try:
        return mutagen.id3.ID3(str(path)).size
    except mutagen.id3.ID3NoHeaderError:
        return None
    except Exception:  # noqa: BLE001 - mutagen's MP3 fails in its ID3 reader
        return "fails"


def _info(make):
    try:
        info = make()
    except Exception as e:  # noqa: BLE001 - the exception class is the outcome
        return {"raises": type(e).__name__}
    return {"class": type(info).__name__, "info": [(n, value(a, 1)) for n, a in public_attrs(info)],
            "pprint": info.pprint()}


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_mp3_info_matches(path):
    """The stream info from where mutagen's MP3 starts looking (after its ID3 tag)."""
    offset = _id3_offset(path)
    if offset == "fails":
        pytest.skip("mutagen's ID3 reader fails on this file: the ID3 reader's case")

    def theirs():
        with open(path, "rb") as f:
            return mutagen.mp3.MPEGInfo(f, offset)

    def ours():
        return mutagen_rs.mp3.MPEGInfo._from_payload(_native.read_mpeg_info(str(path), offset))

    expected = _info(theirs)
    got = _info(ours)
    assert got == expected, first_difference(expected, got)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_mp3_without_id3_matches_fully(path):
    """Files without any ID3 tag: the whole MP3 object must match, whatever the ID3 reader."""
    if _id3_offset(path) is not None:
        pytest.skip("has an ID3 tag (or mutagen's ID3 reader fails): needs the ID3 reader")
    expected = outcome(mutagen.mp3.MP3, str(path))
    got = outcome(mutagen_rs.mp3.MP3, str(path))
    assert got == expected, first_difference(expected, got)


def _mpeginfo_outcome(module, data, offset):
    try:
        info = module.MPEGInfo(io.BytesIO(data), offset)
    except Exception as e:  # noqa: BLE001
        return {"raises": type(e).__name__}
    return [(n, value(a, 1)) for n, a in public_attrs(info)] + [info.pprint()]


@pytest.mark.parametrize("path", [p for p in FILES if p.suffix == ".mp3"], ids=lambda p: p.name)
@pytest.mark.parametrize("offset", [None, 0, 1, 100])
def test_mpeginfo_from_file_object(path, offset):
    data = path.read_bytes()
    expected = _mpeginfo_outcome(mutagen.mp3, data, offset)
    got = _mpeginfo_outcome(mutagen_rs.mp3, data, offset)
    assert got == expected


def test_exceptions_and_constants():
    assert issubclass(mutagen_rs.mp3.HeaderNotFoundError, mutagen_rs.mp3.error)
    assert issubclass(mutagen_rs.mp3.InvalidMPEGHeader, mutagen_rs.mp3.error)
    assert issubclass(mutagen_rs.mp3.error, mutagen_rs.MutagenError)
    for name in ("STEREO", "JOINTSTEREO", "DUALCHANNEL", "MONO"):
        assert getattr(mutagen_rs.mp3, name) == getattr(mutagen.mp3, name)
    for name in ("UNKNOWN", "CBR", "VBR", "ABR"):
        ours = getattr(mutagen_rs.mp3.BitrateMode, name)
        theirs = getattr(mutagen.mp3.BitrateMode, name)
        assert (int(ours), repr(ours), str(ours)) == (int(theirs), repr(theirs), str(theirs))
    assert repr(mutagen_rs.mp3.BitrateMode(7)) == repr(mutagen.mp3.BitrateMode(7))
    assert mutagen_rs.mp3.MP3.score("a.MP3", None, b"\xff\xfb") == mutagen.mp3.MP3.score("a.MP3", None, b"\xff\xfb")


@pytest.mark.parametrize("data", [
    b"",
    b"\xff\xfb" * 3000,
    b"\x00" * 10 + b"\xff\xfb\x90\x44" + b"\x00" * 413 + b"\xff\xfb\x90\x44" + b"\x00" * 413,
    b"ID3\x04\x00\x00\x00\x00\x00\x05" + b"\x00" * 5 + (b"\xff\xfb\x90\x44" + b"\x00" * 413) * 4,
    b"ID3\x04\x00\x00\x00\x00\x00\x00" + (b"\xff\xf3\x80\xc0" + b"\x00" * 204) * 3,
])
def test_built_streams(data):
    expected = _mpeginfo_outcome(mutagen.mp3, data, None)
    got = _mpeginfo_outcome(mutagen_rs.mp3, data, None)
    assert got == expected
