"""The format modules added after the first four (AIFF, WAVE, APEv2, ASF, ...), and the parts of
them this package does not provide.

They import and expose mutagen's names with mutagen's exception hierarchy; the chunk-by-chunk
classes of the IFF formats (``AIFFFile``, ``RiffFile``, ``DSFFile``) refuse to read a real file
with their module's ``MutagenError`` subclass; and the small pieces that need no file (80-bit
floats, APEv2 keys and values, ASF GUIDs and attributes) behave as mutagen's.
"""

from __future__ import annotations

import importlib
import warnings

import mutagen
import pytest

import mutagen_rs
from conftest import mutagen_testdata

# Every module of these formats.
MODULES = [
    "aiff", "wave", "dsf", "dsdiff", "apev2", "monkeysaudio", "wavpack", "musepack", "tak",
    "trueaudio", "optimfrog", "asf", "asf._util", "asf._objects", "asf._attrs", "ac3", "aac",
    "smf", "_iff", "_riff",
]

# (module, class, a file of that format in mutagen's test data, name of the error raised).
REFUSALS = [
    ("aiff", "AIFFFile", "11k-1ch-2s-silence.aif", "error"),
    ("_riff", "RiffFile", "silence-2s-PCM-16000-08-notags.wav", "error"),
    ("dsf", "DSFFile", "without-id3.dsf", "error"),
]

# Names mutagen's own tests import from these modules.
TEST_IMPORTS = {
    "aiff": ["AIFF", "AIFFInfo", "delete", "AIFFFile", "AIFFChunk", "error", "read_float"],
    "wave": ["WAVE"],
    "dsf": ["DSF", "DSFFile", "delete", "error"],
    "dsdiff": ["DSDIFF"],
    "apev2": ["APEv2File", "APEv2", "is_valid_apev2_key", "APEBadItemError", "error",
              "APETextValue", "APEBinaryValue", "APEExtValue", "APEValue", "delete", "BINARY",
              "TEXT", "EXTERNAL"],
    "monkeysaudio": ["MonkeysAudio", "MonkeysAudioHeaderError"],
    "wavpack": ["WavPack", "WavPackHeaderError"],
    "musepack": ["Musepack", "MusepackInfo", "MusepackHeaderError"],
    "tak": ["TAK", "TAKHeaderError"],
    "trueaudio": ["TrueAudio", "delete", "error", "EasyTrueAudio"],
    "optimfrog": ["OptimFROG", "OptimFROGHeaderError"],
    "asf": ["ASF", "UNICODE", "DWORD", "QWORD", "BOOL", "WORD", "BYTEARRAY", "GUID"],
    "asf._util": ["guid2bytes", "bytes2guid", "ASFHeaderError", "ASFError"],
    "asf._objects": ["ContentDescriptionObject", "ExtendedContentDescriptionObject",
                     "HeaderExtensionObject", "MetadataObject", "MetadataLibraryObject",
                     "CodecListObject", "PaddingObject", "HeaderObject"],
    "asf._attrs": ["ASFValue", "ASFUnicodeAttribute", "ASFByteArrayAttribute",
                   "ASFBoolAttribute", "ASFDWordAttribute", "ASFQWordAttribute",
                   "ASFWordAttribute", "ASFGUIDAttribute"],
    "ac3": ["AC3", "AC3Error"],
    "aac": ["AAC", "AACError"],
    "smf": ["SMF", "SMFError"],
    "_iff": ["is_valid_chunk_id", "InvalidChunk", "error"],
    "_riff": ["RiffFile", "RiffChunk"],
}


def ours(name: str):
    return importlib.import_module("mutagen_rs." + name)


def theirs(name: str):
    return importlib.import_module("mutagen." + name)


def _our_name(cls: type) -> tuple:
    """Where mutagen's class ``cls`` would be here: (module, name)."""
    module = cls.__module__
    if module == "mutagen" or module.startswith("mutagen."):
        module = "mutagen_rs" + module[len("mutagen"):]
    return module, cls.__name__


@pytest.mark.parametrize("name", MODULES)
def test_imports_with_mutagens_names(name):
    module = ours(name)
    for attr in TEST_IMPORTS[name]:
        assert hasattr(module, attr), attr
    assert getattr(module, "__all__", None) == getattr(theirs(name), "__all__", None)


@pytest.mark.parametrize("name", MODULES)
def test_exceptions_have_mutagens_bases(name):
    real = theirs(name)
    checked = 0
    for attr, value in vars(real).items():
        if not (isinstance(value, type) and issubclass(value, BaseException)):
            continue
        if value.__module__ != real.__name__ and attr != "error":
            continue  # imported from elsewhere, checked there
        mine = getattr(ours(name), attr)
        assert (mine.__module__, mine.__name__) == _our_name(value), attr
        assert [(b.__module__, b.__name__) for b in mine.__bases__] == \
            [_our_name(b) for b in value.__bases__], attr
        assert issubclass(mine, mutagen_rs.MutagenError)
        checked += 1
    # These modules define no exception of their own.
    if name not in ("asf._objects", "asf._attrs", "_riff"):
        assert checked


@pytest.mark.parametrize("module,cls,filename,err", REFUSALS,
                         ids=["%s.%s" % (m, c) for m, c, _f, _e in REFUSALS])
def test_refuses_a_file_of_its_format(module, cls, filename, err):
    path = mutagen_testdata() / filename
    klass = getattr(ours(module), cls)
    error = getattr(ours(module), err)
    with pytest.raises(error, match="does not read .* yet"):
        klass(str(path))
    with open(path, "rb") as h, pytest.raises(error):
        klass(h)
    real = getattr(theirs(module), cls)
    if issubclass(real, (mutagen.FileType, mutagen.Metadata)):
        real(str(path))  # mutagen does read it


@pytest.mark.parametrize("module,cls", sorted({(m, c) for m, c, _f, _e in REFUSALS}))
def test_empty_instances_and_no_score(module, cls):
    klass = getattr(ours(module), cls)
    if hasattr(klass, "score"):
        assert klass.score("x", None, b"\x00" * 128) == 0
    if isinstance(klass, type) and issubclass(klass, mutagen_rs.FileType):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # as mutagen, without a file
            instance = klass()
        assert instance.keys() == []
        with pytest.raises(mutagen_rs.MutagenError):
            instance.load(str(mutagen_testdata() / "click.mpc"))


def test_file_type_hierarchy():
    from mutagen_rs.apev2 import APEv2File
    from mutagen_rs.id3 import ID3FileType

    for module, cls in [("monkeysaudio", "MonkeysAudio"), ("wavpack", "WavPack"),
                        ("musepack", "Musepack"), ("tak", "TAK"), ("optimfrog", "OptimFROG")]:
        assert issubclass(getattr(ours(module), cls), APEv2File)
    assert issubclass(ours("trueaudio").TrueAudio, ID3FileType)
    assert issubclass(ours("trueaudio").EasyTrueAudio, ours("trueaudio").TrueAudio)
    assert ours("trueaudio").EasyTrueAudio.__module__ == "mutagen_rs.trueaudio"


def test_read_float():
    from mutagen.aiff import read_float as real

    from mutagen_rs.aiff import read_float

    for data in [b"@\x0b\xfa\x00\x00\x00\x00\x00\x00\x00", b"@\x0e\xac\x44\x00\x00\x00\x00\x00\x00",
                 b"\x00" * 10, b"\x80" + b"\x00" * 9, b"\xc0\x0b\xfa" + b"\x00" * 7,
                 b"\x3f\xff\x80" + b"\x00" * 7, b"\x00\x01\x00\x00\x00\x00\x00\x00\x00\x01"]:
        assert read_float(data) == real(data)
    for data in [b"\xfa\x00\x00\xfa\x00\x00\x00\x00\x00\x00", b"\x7f\xff" + b"\x00" * 8]:
        with pytest.raises(OverflowError):
            read_float(data)


def test_chunk_ids():
    from mutagen_rs._iff import assert_valid_chunk_id, is_valid_chunk_id

    for cid in ["", "QUUX", "FOOBAR", "a", "fmt ", "\x7f", "ID3"]:
        assert is_valid_chunk_id(cid) == theirs("_iff").is_valid_chunk_id(cid)
    with pytest.raises(ValueError):
        assert_valid_chunk_id("FOOBAR")


def test_apev2_keys_and_values():
    ape = ours("apev2")
    real = theirs("apev2")
    for key in ["foo", "Foo", "   f ~~~", "f", "\x11hi", "ffoo\xff", "\u1234", "a" * 256,
                "OggS", "TAG", "ID3", "MP+", "ab"]:
        assert ape.is_valid_apev2_key(key) == real.is_valid_apev2_key(key), key
    with pytest.raises(TypeError):
        ape.is_valid_apev2_key(b"foo")

    for value, kind in [("a\x00b", ape.TEXT), (b"\x01\x02", ape.BINARY),
                        ("http://x", ape.EXTERNAL)]:
        mine, theirs_ = ape.APEValue(value, kind), real.APEValue(value, kind)
        assert repr(mine) == repr(theirs_)
        assert mine.pprint() == theirs_.pprint()
        assert bytes(mine) == bytes(theirs_)
        assert mine == value and len(mine) == len(theirs_)
    with pytest.raises(ValueError):
        ape.APEValue("foo", 99)
    with pytest.raises(ape.APEBadItemError):
        ape.APETextValue._new(b"\xff")

    tag = ape.APEv2()
    tag["Artist"] = "a"
    tag["multi"] = ["x", "y"]
    tag["Cover"] = b"\xa4woo"
    assert tag["ARTIST"] == "a" and "artisT" in tag
    assert list(tag["multi"]) == ["x", "y"]
    assert isinstance(tag["cover"], ape.APEBinaryValue)
    assert sorted(tag.keys()) == ["Artist", "Cover", "multi"]
    with pytest.raises(KeyError):
        tag["\u1234"] = "x"
    # No file to save to, as in mutagen.
    with pytest.raises(TypeError, match="Missing filename or fileobj argument"):
        tag.save()


def test_asf_guids_and_attributes():
    from mutagen.asf import _attrs as real_attrs
    from mutagen.asf import _util as real_util

    from mutagen_rs.asf import _attrs, _objects, _util

    guid = "75B22630-668E-11CF-A6D9-00AA0062CE6C"
    assert _util.guid2bytes(guid) == real_util.guid2bytes(guid)
    assert _util.bytes2guid(_util.guid2bytes(guid)) == guid
    for name in ["HeaderObject", "ContentDescriptionObject", "MetadataLibraryObject",
                 "HeaderExtensionObject", "CodecListObject", "PaddingObject"]:
        assert getattr(_objects, name).GUID == getattr(theirs("asf._objects"), name).GUID

    asf = ours("asf")
    cases = [("foo", asf.UNICODE, {}), (b"\xff\x00", asf.BYTEARRAY, {}), (True, asf.BOOL, {}),
             (False, asf.BOOL, {"stream": 2}), (12, asf.DWORD, {"language": 1}),
             (2 ** 40, asf.QWORD, {}), (7, asf.WORD, {"stream": 1, "language": 3}),
             (b" " * 16, asf.GUID, {})]
    for value, kind, kwargs in cases:
        mine = _attrs.ASFValue(value, kind, **kwargs)
        real = real_attrs.ASFValue(value, kind, **kwargs)
        assert type(mine).__name__ == type(real).__name__
        assert (repr(mine), str(mine), bytes(mine)) == (repr(real), str(real), bytes(real))
        assert mine.data_size() == real.data_size()
        for render in ("render", "render_m", "render_ml"):
            assert getattr(mine, render)("WM/Name") == getattr(real, render)("WM/Name")
        assert mine == value
    with pytest.raises(ValueError):
        _attrs.ASFValue("", 4242)
    with pytest.raises(_util.ASFError):
        _attrs.ASFUnicodeAttribute(data=b"\x00")
    with pytest.raises(ValueError):
        _attrs.ASFWordAttribute(2 ** 16)


def test_asf_tags_in_memory():
    asf = ours("asf")
    real = theirs("asf")
    mine, theirs_ = asf.ASFTags(), real.ASFTags()
    for tags in (mine, theirs_):
        tags["Title"] = "x"
        tags["WM/Track"] = [1, True, b"\x00"]
        tags["Title"] = ["y", "z"]
        del tags["WM/Track"]
        tags["Author"] = "a"
    assert [(k, repr(v)) for k, v in mine] == [(k, repr(v)) for k, v in theirs_]
    assert mine.keys() == theirs_.keys()
    assert mine.pprint() == theirs_.pprint()
    assert {k: [str(v) for v in vs] for k, vs in mine.as_dict().items()} == \
        {k: [str(v) for v in vs] for k, vs in theirs_.as_dict().items()}
    with pytest.raises(TypeError):
        mine["x"] = [object()]
    with pytest.raises(KeyError):
        mine["nothing"]
