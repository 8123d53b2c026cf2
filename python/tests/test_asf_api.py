"""mutagen_rs.asf beyond what the differential tests describe: the private header tree that
tools reach for (``_header``), ``HeaderObject.parse_full`` and the in-memory edits, against
mutagen's on every ASF file of the test data and ``corpus/real``."""

from __future__ import annotations

import io

import mutagen.asf
import pytest

import mutagen_rs
import mutagen_rs.asf
from conftest import FILES, IDS

ASF_FILES = [(p, i) for p, i in zip(FILES, IDS) if p.suffix.lower() == ".wma"]


@pytest.mark.parametrize("path", [p for p, _ in ASF_FILES], ids=[i for _, i in ASF_FILES])
def test_header_tree_as_mutagens(path):
    theirs = mutagen.asf.ASF(str(path))
    ours = mutagen_rs.asf.ASF(str(path))
    assert ours._header.pprint() == theirs._header.pprint()
    assert repr(ours._header).replace("mutagen_rs", "mutagen") == repr(theirs._header)
    for guid in (mutagen.asf.HeaderExtensionObject.GUID, mutagen.asf.ContentDescriptionObject.GUID):
        assert (ours._header.get_child(guid) is None) == (theirs._header.get_child(guid) is None)
    # Reading a file object gives the same as reading the path.
    with open(path, "rb") as f:
        from_fileobj = mutagen_rs.asf.ASF(f)
    assert [(k, repr(v)) for k, v in from_fileobj.tags] == [(k, repr(v)) for k, v in ours.tags]
    # parse_full reads the header into an empty ASF's info, as mutagen's does.
    empty = mutagen_rs.asf.ASF.__new__(mutagen_rs.asf.ASF)
    empty.info = mutagen_rs.asf.ASFInfo()
    with open(path, "rb") as f:
        header = mutagen_rs.asf.HeaderObject.parse_full(empty, f)
    assert header.pprint() == theirs._header.pprint()
    assert empty.info.pprint() == theirs.info.pprint()


def test_invalid_header_raises_the_header_error():
    data = (b"0&\xb2u\x8ef\xcf\x11\xa6\xd9\x00\xaa\x00b\xcel\x19\xbf\x01\x00"
            b"\x00\x00\x00\x00\x07\x00\x00\x00\x01\x02")
    with pytest.raises(mutagen_rs.asf.ASFHeaderError):
        mutagen_rs.asf.HeaderObject.parse_full(None, io.BytesIO(data))
    with pytest.raises(mutagen_rs.asf.ASFHeaderError):
        mutagen_rs.asf.ASF(io.BytesIO(data))
    assert mutagen_rs.asf.HeaderObject.parse_size(io.BytesIO(data + bytes(8))) == (114457, 7)


@pytest.mark.parametrize("path", [p for p, _ in ASF_FILES][:1])
def test_edits_in_memory(path):
    audio = mutagen_rs.asf.ASF(str(path))
    audio["QL/Bla"] = "x"
    assert audio["QL/Bla"] == ["x"]
    with pytest.raises(mutagen_rs.asf.ASFError):
        audio.add_tags()
    assert mutagen_rs.asf.ASF.score("x", None, mutagen.asf.HeaderObject.GUID) == 2
    assert mutagen_rs.asf.ASF.score("x.wma", None, b"\x00" * 16) == 0


def test_builtin_escapes_are_mutagen_errors():
    """Where mutagen lets KeyError or UnicodeDecodeError escape, ours are also MutagenErrors."""
    import struct

    guid = mutagen.asf.ExtendedContentDescriptionObject.GUID
    for payload, cls in [(struct.pack("<HH", 1, 0) + struct.pack("<HH", 9, 0), KeyError),
                         (struct.pack("<HH", 1, 1) + b"a" + struct.pack("<HH", 0, 0),
                          UnicodeDecodeError)]:
        obj = guid + struct.pack("<Q", 24 + len(payload)) + payload
        data = mutagen.asf.HeaderObject.GUID + struct.pack("<QI", 30 + len(obj), 1) + b"\x01\x02" + obj
        with pytest.raises(cls):
            mutagen.asf.ASF(io.BytesIO(data))
        with pytest.raises(cls) as caught:
            mutagen_rs.asf.ASF(io.BytesIO(data))
        assert isinstance(caught.value, mutagen_rs.MutagenError)
        assert type(caught.value).__name__ == cls.__name__
        try:
            mutagen.asf.ASF(io.BytesIO(data))
        except cls as e:
            assert str(caught.value) == str(e)
