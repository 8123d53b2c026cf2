"""The shared helpers and base classes against mutagen 1.48.1: ``_util`` (packed numbers, bit
reading, text decoding, byte moving, the dict mixin, ``loadfile``), ``PaddingInfo``,
``_constants``, how ``FileType`` and ``File()`` take their file arguments, and the text of the
exception raised for a file that cannot be opened.
"""

from __future__ import annotations

import importlib
import io
import os
import random
import warnings

import mutagen
import mutagen.apev2
import mutagen.id3
import mutagen._constants
import mutagen._tools._util
import mutagen._util
import pytest

import mutagen_rs
import mutagen_rs._constants
import mutagen_rs._tools._util
import mutagen_rs._util

from conftest import mutagen_testdata

LIBS = [mutagen, mutagen_rs]


def _util(lib):
    return mutagen._util if lib is mutagen else mutagen_rs._util


def test_genres_are_mutagens() -> None:
    assert mutagen_rs._constants.GENRES == mutagen._constants.GENRES


def test_cdata_converters_agree() -> None:
    ours, theirs = mutagen_rs._util.cdata, mutagen._util.cdata
    names = sorted(n for n in vars(theirs) if not n.startswith("_") and n != "bitswap")
    assert names == sorted(n for n in vars(ours) if not n.startswith("_") and n != "bitswap")
    assert ours.bitswap == theirs.bitswap
    rng = random.Random(3)
    for name in names:
        mine, ref = getattr(ours, name), getattr(theirs, name)
        if not callable(mine) or name in ("error", "test_bit"):
            assert mine == ref or name in ("error", "test_bit"), name
            continue
        for _ in range(20):
            if name.startswith("to_"):
                base = name[3:].replace("_le", "").replace("_be", "")
                lo, hi = getattr(theirs, base + "_min"), getattr(theirs, base + "_max")
                n = rng.randint(lo, hi)
                assert mine(n) == ref(n), name
            else:
                data = bytes(rng.randrange(256) for _ in range(10))
                if name.endswith("_from"):
                    assert mine(data, 1) == ref(data, 1), name
                else:
                    size = len(getattr(theirs, "to_" + name)(0))
                    assert mine(data[:size]) == ref(data[:size]), name


def test_bit_reader_agrees() -> None:
    rng = random.Random(5)
    data = bytes(rng.randrange(256) for _ in range(64))
    for seed in range(30):
        steps = random.Random(seed)
        readers = [lib._util.BitReader(io.BytesIO(data)) for lib in LIBS]
        for _ in range(40):
            op, n = steps.choice(("bits", "skip", "bytes", "align")), steps.randrange(0, 20)
            got = []
            for r in readers:
                try:
                    value = getattr(r, op)(n) if op != "align" else r.align()
                    got.append((value, r.get_position(), r.is_aligned()))
                except Exception as e:  # noqa: BLE001 - the class is compared
                    got.append(type(e).__name__)
            assert got[0] == got[1], (seed, op, n)


@pytest.mark.parametrize("codec", ["utf-8", "latin-1", "utf-16", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("strict", [True, False])
def test_decode_terminated_agrees(codec: str, strict: bool) -> None:
    samples = [b"", b"\x00", b"abc", "a\xe4\x00b".encode(codec), "\xe4".encode(codec)[:-1],
               "x".encode(codec) + b"\x00" * 4 + b"rest", b"\xff\xfe\x00"]
    for data in samples:
        got = []
        for lib in LIBS:
            try:
                got.append(_util(lib).decode_terminated(data, codec, strict))
            except Exception as e:  # noqa: BLE001 - the class is compared
                got.append(type(e).__name__)
        assert got[0] == got[1], data


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-8", "latin-1", "UTF16"])
@pytest.mark.parametrize("le", [True, False])
def test_encode_endian_agrees(encoding: str, le: bool) -> None:
    for lib in LIBS:
        assert _util(lib).encode_endian("\xe4b", encoding, "replace", le) == \
            mutagen._util.encode_endian("\xe4b", encoding, "replace", le)


def test_byte_moving_agrees() -> None:
    rng = random.Random(7)
    base = bytes(rng.randrange(256) for _ in range(3000))
    for _ in range(200):
        op = rng.choice(["insert_bytes", "delete_bytes", "move_bytes", "resize_bytes"])
        args = [rng.randrange(-1, 3200) for _ in range(3 if op != "insert_bytes" else 2)]
        results = []
        for lib in LIBS:
            f = io.BytesIO(base)
            try:
                if op in ("insert_bytes", "delete_bytes"):
                    getattr(_util(lib), op)(f, *args, BUFFER_SIZE=rng.randrange(1, 700) if lib is mutagen_rs else 97)
                else:
                    getattr(_util(lib), op)(f, *args)
                results.append(f.getvalue())
            except Exception as e:  # noqa: BLE001 - the class is compared
                results.append(type(e).__name__)
        assert results[0] == results[1], (op, args)


def test_dict_mixin_is_a_dict() -> None:
    class Plain(mutagen_rs._util.DictMixin):
        def __init__(self) -> None:
            self.d = {}

        def keys(self):
            return list(self.d)

        def __getitem__(self, k):
            return self.d[k]

        def __setitem__(self, k, v):
            self.d[k] = v

        def __delitem__(self, k):
            del self.d[k]

    p, d = Plain(), {}
    assert not p
    for target in (p, d):
        target.update({"a": 1}, b=2)
        target.update([("c", 3)])
        target.setdefault("d", 4)
        target.setdefault("a", 9)
    assert p == d and d == p and repr(p) == repr(d) and p
    assert p.pop("a") == d.pop("a") and p.pop("zz", 5) == 5
    with pytest.raises(TypeError):
        p.pop("b", 1, 2)
    # As mutagen's: the first key goes (a dict's popitem takes the last).
    assert p.popitem() == ("b", 2)
    p.clear()
    with pytest.raises(KeyError):
        p.popitem()


def test_dict_match_and_split_escape() -> None:
    table = {"a*": 1, "b?": 2, "[xy]": 3}
    for key in ["abc", "bz", "x", "[xy]", "zz", "b"]:
        assert mutagen_rs._util.dict_match(table, key) == mutagen._util.dict_match(table, key)
    for text in ["a\\:b:c", "\\\\:x", ":", "", "a:b:c:d", "\\"]:
        for maxsplit in (None, 0, 1, 2):
            for value in (text, text.encode()):
                sep = ":" if isinstance(value, str) else b":"
                assert mutagen_rs._tools._util.split_escape(value, sep, maxsplit) == \
                    mutagen._tools._util.split_escape(value, sep, maxsplit)


def test_padding_info_agrees() -> None:
    for padding in (-5000, -1, 0, 10, 1024, 20000, 10 ** 6):
        for size in (0, 100, 10 ** 6):
            ours, theirs = mutagen_rs.PaddingInfo(padding, size), mutagen.PaddingInfo(padding, size)
            assert ours.get_default_padding() == theirs.get_default_padding()
            assert repr(ours) == repr(theirs)
            assert ours._get_padding(lambda i: i.size) == size


def test_missing_file_error_names_the_file(tmp_path) -> None:
    missing = str(tmp_path / "nope.mp3")
    for call in (lambda m: m.File(missing), lambda m: __import__(m.__name__ + ".flac").flac.FLAC(missing),
                 lambda m: m.File(str(tmp_path))):
        got = []
        for lib in LIBS:
            with pytest.raises(lib.MutagenError) as info:
                call(lib)
            got.append((str(info.value), type(info.value.args[0]).__name__))
        assert got[0] == got[1]
    [err] = mutagen_rs.batch_open([missing])
    assert str(err) == "[Errno 2] No such file or directory: %r" % missing


def test_file_arguments_agree() -> None:
    path = str(mutagen_testdata() / "silence-44-s.flac")
    with open(path, "rb") as h:
        data = h.read()
    calls = [
        lambda m: m.File(path),
        lambda m: m.File(os.fsencode(path)),
        lambda m: m.File(io.BytesIO(data)),
        lambda m: m.File(fileobj=io.BytesIO(data)),
        lambda m: m.File(filename=path),
        lambda m: m.File(io.BytesIO(data), filename="renamed.flac"),
        lambda m: __import__(m.__name__ + ".flac").flac.FLAC(fileobj=io.BytesIO(data)),
        lambda m: __import__(m.__name__ + ".flac").flac.FLAC(filename=path),
        lambda m: __import__(m.__name__ + ".flac").flac.FLAC(open(path, "rb")),
    ]
    for call in calls:
        ours, theirs = call(mutagen_rs), call(mutagen)
        assert type(ours).__name__ == type(theirs).__name__
        assert ours.filename == theirs.filename
    for lib in LIBS:
        with pytest.raises(ValueError):
            lib.File(filename=io.BytesIO(data))
        with pytest.raises(TypeError):
            lib.File()
        flac = importlib.import_module(lib.__name__ + ".flac")
        with pytest.raises(TypeError, match="Missing filename or fileobj"):
            flac.FLAC(filething=path)
        with pytest.raises(ValueError):
            flac.FLAC(filename=io.BytesIO(data))


def test_easy_file_classes() -> None:
    data = mutagen_testdata()
    for name in ("silence-44-s.mp3", "has-tags.m4a"):
        ours = mutagen_rs.File(str(data / name), easy=True)
        theirs = mutagen.File(str(data / name), easy=True)
        assert type(ours).__name__ == type(theirs).__name__
        assert sorted(ours.keys()) == sorted(theirs.keys())


def test_abstract_bases_and_empty_files() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bare = mutagen_rs.FileType()
    with pytest.raises(NotImplementedError):
        bare.add_tags()
    with pytest.raises(NotImplementedError):
        mutagen_rs.Metadata(io.BytesIO())
    # A concrete tag class saves (an empty tag into an empty file, as mutagen writes it).
    id3 = importlib.import_module("mutagen_rs.id3")
    ours, theirs = io.BytesIO(), io.BytesIO()
    id3.ID3().save(ours)
    mutagen.id3.ID3().save(theirs)
    assert ours.getvalue() == theirs.getvalue()
    apev2 = importlib.import_module("mutagen_rs.apev2")
    ours, theirs = io.BytesIO(), io.BytesIO()
    apev2.APEv2().save(ours)
    mutagen.apev2.APEv2().save(theirs)
    assert ours.getvalue() == theirs.getvalue()
    # A file without tags is falsy, as in mutagen.
    path = str(mutagen_testdata() / "xing.mp3")
    assert bool(mutagen_rs.File(path)) == bool(mutagen.File(path)) is False
