"""The batch outputs (JSON, MessagePack, columns, streaming) carry what ``File()`` gives.

For every test file, each output is compared with the objects of ``mutagen_rs.File``: the class
name, every public info attribute, the tag keys (in order where mutagen's order is meaningful)
and every value, and the exception class (and message) where ``File()`` raises.
"""

from __future__ import annotations

import base64
import enum
import json
import math
import os
import time

import pytest

import mutagen_rs
from mutagen_rs import _native
from mutagen_rs.apev2 import APEv2, APEBinaryValue, APETextValue
from mutagen_rs.id3 import ID3Tags, ID3TimeStamp, PairedTextFrame, TextFrame, UrlFrame
from mutagen_rs.mp4 import MP4Cover, MP4FreeForm
from mutagen_rs._vorbis import VCommentDict
from conftest import FILES
from differential import describe, first_difference, public_attrs

PATHS = [str(p) for p in FILES]
BAD = ["/nonexistent/missing.mp3"]


def _file(path):
    try:
        return mutagen_rs.File(path)
    except Exception as e:  # noqa: BLE001 - the exception is the expected result
        return e


@pytest.fixture(scope="module")
def objects():
    return [_file(p) for p in PATHS + BAD]


class Plain:
    """Turns the objects ``File()`` gives into the document schema (JSON or MessagePack)."""

    def __init__(self, binary: bool) -> None:
        self.binary = binary

    def bytes(self, b):
        return bytes(b) if self.binary else base64.b64encode(bytes(b)).decode("ascii")

    def value(self, v):
        if isinstance(v, bool):
            return v
        if isinstance(v, (enum.Enum, int)):
            v = int(v)
            # MessagePack integers are 64-bit: wider ones are written as decimal strings.
            return str(v) if self.binary and not -(2**63) <= v < 2**64 else v
        if isinstance(v, float):
            return v
        if isinstance(v, ID3TimeStamp):
            return str(v)
        if isinstance(v, str):
            return str(v)
        if isinstance(v, bytes):
            return self.bytes(v)
        if type(v).__name__ == "Blob":
            # The zero-copy build's binary values.
            return self.bytes(bytes(v))
        if isinstance(v, ID3Tags):
            return self.id3(v)
        if isinstance(v, (list, tuple)):
            return [self.value(x) for x in v]
        if v is None:
            return None
        raise AssertionError(f"unexpected value {v!r}")

    def frame(self, frame):
        if isinstance(frame, TextFrame):
            return [str(t) for t in frame.text]
        if isinstance(frame, UrlFrame):
            return frame.url
        if isinstance(frame, PairedTextFrame):
            return [list(p) for p in frame.people]
        spec = type(frame)._framespec + type(frame)._optionalspec
        names = [s.name for s in spec]
        return {name: self.value(frame.__dict__[name]) for name in names if name in frame.__dict__}

    def ape(self, v):
        if isinstance(v, APETextValue):
            return list(v)
        if isinstance(v, APEBinaryValue):
            return self.bytes(v.value)
        return v.value

    def id3(self, tags):
        return {k: self.frame(tags[k]) for k in tags.keys()}

    def mp4_item(self, v):
        if isinstance(v, MP4Cover):
            return {"data": self.bytes(v), "imageformat": int(v.imageformat)}
        if isinstance(v, MP4FreeForm):
            return {"data": self.bytes(v), "dataformat": int(v.dataformat)}
        if isinstance(v, tuple):
            return list(v)
        return v

    def tags(self, tags):
        if tags is None:
            return None
        if isinstance(tags, ID3Tags):
            return self.id3(tags)
        if isinstance(tags, VCommentDict):
            return {k: list(tags[k]) for k in tags.keys()}
        if isinstance(tags, APEv2):
            return {k: self.ape(tags[k]) for k in tags.keys()}
        if type(tags).__name__ == "ASFTags":
            return {k: [self.value(a.value) for a in tags[k]] for k in tags.keys()}
        # MP4Tags
        return {k: (v if isinstance(v, bool) else [self.mp4_item(x) for x in v]) for k, v in tags.items()}

    def info(self, info):
        # DSF's `fmt_chunk` (the chunk object the attributes come from) has no place in a
        # document.
        return {name: self.value(v) for name, v in public_attrs(info) if name != "fmt_chunk"}

    def document(self, path, obj):
        if obj is None:
            return None
        if isinstance(obj, BaseException):
            return {"path": path, "error": type(obj).__name__, "message": str(obj)}
        out = {"path": path, "kind": type(obj).__name__, "info": self.info(obj.info), "tags": self.tags(obj.tags)}
        if type(obj).__name__ == "FLAC":
            out["pictures"] = [
                {
                    "type": int(p.type),
                    "mime": p.mime,
                    "desc": p.desc,
                    "width": p.width,
                    "height": p.height,
                    "depth": p.depth,
                    "colors": p.colors,
                    "data": self.bytes(p.data),
                }
                for p in obj.pictures
            ]
        if type(obj).__name__ == "MP4":
            chapters = obj.chapters
            out["chapters"] = None if chapters is None else [{"start": c.start, "title": c.title} for c in chapters]
        return out


def _key_order_matters(doc):
    # VCommentDict.keys() is a set: its order is not mutagen's to keep.
    # So is ASFTags.keys().
    return doc.get("kind") not in ("FLAC", "OggVorbis", "OggOpus", "OggFLAC", "OggSpeex", "OggTheora",
                                   "ASF")


def _compare(got_docs, objects, binary):
    plain = Plain(binary)
    assert len(got_docs) == len(objects)
    problems = []
    for path, got, obj in zip(PATHS + BAD, got_docs, objects):
        want = plain.document(path, obj)
        if got != want:
            problems.append((path, first_difference(want, got)))
        elif got and got.get("tags") and _key_order_matters(got):
            if list(got["tags"]) != list(want["tags"]):
                problems.append((path, "key order"))
    assert not problems, problems[:5]


def test_json_matches_file(objects):
    raw = mutagen_rs.batch_open_json(PATHS + BAD)
    assert isinstance(raw, bytes)
    _compare(json.loads(raw), objects, binary=False)


def test_json_with_orjson(objects):
    orjson = pytest.importorskip("orjson")
    raw = mutagen_rs.batch_open_json(PATHS + BAD, threads=2)
    docs = orjson.loads(raw)
    # orjson turns integers wider than 64 bits into floats; everything else must agree.
    assert [d and d.get("kind") for d in docs] == [d and d.get("kind") for d in json.loads(raw)]


def test_msgpack_matches_file(objects):
    msgpack = pytest.importorskip("msgpack")
    raw = mutagen_rs.batch_open_msgpack(PATHS + BAD, threads=1)
    assert isinstance(raw, bytes)
    _compare(msgpack.unpackb(raw, raw=False, strict_map_key=False), objects, binary=True)


def _first_text(obj, keys):
    tags = obj.tags
    if tags is None:
        return None
    for key in keys:
        if isinstance(tags, APEv2):
            value = tags.get(key)
            return list(value)[0] if isinstance(value, APETextValue) else None
        if type(tags).__name__ == "ASFTags":
            return next((a.value for a in tags.get(key, []) if isinstance(a.value, str)), None)
        if key in tags.keys():
            value = tags[key]
            value = getattr(value, "text", value)
            if isinstance(value, list) and value and isinstance(value[0], str):
                return str(value[0])
            return None
    return None


def _row(path, obj):
    keys = {
        "ID3": ("TIT2", "TPE1", "TALB"),
        "Vorbis": ("title", "artist", "album"),
        "MP4": ("\xa9nam", "\xa9ART", "\xa9alb"),
        "APEv2": ("Title", "Artist", "Album"),
        "ASF": ("Title", "Author", "WM/AlbumTitle"),
    }
    row = {n: None for n in mutagen_rs._outputs.COLUMNS}
    row["path"] = path
    if isinstance(obj, BaseException):
        row["error"] = type(obj).__name__
        return row
    if obj is None:
        return row
    row["kind"] = type(obj).__name__
    for name in ("length", "bitrate", "sample_rate", "channels"):
        v = getattr(obj.info, name, None)
        row[name] = None if v is None else (float(v) if name == "length" else int(v))
    family = ("ID3" if isinstance(obj.tags, ID3Tags) else "Vorbis" if isinstance(obj.tags, VCommentDict)
              else "APEv2" if isinstance(obj.tags, APEv2)
              else "ASF" if type(obj.tags).__name__ == "ASFTags" else "MP4")
    for name, key in zip(("title", "artist", "album"), keys[family]):
        row[name] = _first_text(obj, [key])
    return row


def test_columnar_matches_file(objects):
    cols = mutagen_rs.batch_open_columnar(PATHS + BAD)
    assert len(cols) == len(objects)
    assert cols.keys() == list(mutagen_rs._outputs.COLUMNS)
    got = cols.to_pylist()
    problems = []
    for path, row, obj in zip(PATHS + BAD, got, objects):
        want = _row(path, obj)
        if row != want:
            problems.append((path, first_difference(want, row)))
    assert not problems, problems[:5]


def test_columnar_fields_and_unknown_field():
    cols = mutagen_rs.batch_open_columnar(PATHS[:5], fields=["title", "length"])
    assert cols.keys() == ["title", "length"]
    assert len(cols) == 5
    with pytest.raises(ValueError):
        mutagen_rs.batch_open_columnar(PATHS[:1], fields=["nope"])


def test_columnar_numpy_arrays():
    np = pytest.importorskip("numpy")
    cols = mutagen_rs.batch_open_columnar(PATHS + BAD)
    assert isinstance(cols["length"], np.ndarray) and cols["length"].dtype == np.float64
    assert cols["bitrate"].dtype == np.int64
    assert math.isnan(cols["length"][-1]) and cols["bitrate"][-1] == 0
    assert cols.valid("bitrate")[-1] is False
    rows = cols.to_pylist()
    for i, row in enumerate(rows):
        if row["length"] is not None:
            assert cols["length"][i] == row["length"]
        if row["bitrate"] is not None:
            assert cols["bitrate"][i] == row["bitrate"]


def test_columnar_without_numpy_gives_lists(monkeypatch):
    monkeypatch.setattr(mutagen_rs._outputs, "_numpy", lambda: None)
    cols = mutagen_rs.batch_open_columnar(PATHS[:3] + BAD)
    assert isinstance(cols["length"], list) and cols["length"][-1] is None
    assert cols["error"][-1] == "MutagenError"


def test_to_pandas():
    pd = pytest.importorskip("pandas")
    cols = mutagen_rs.batch_open_columnar(PATHS + BAD)
    df = cols.to_pandas()
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == cols.keys() and len(df) == len(cols)
    rows = cols.to_pylist()
    assert df["bitrate"].isna().tolist() == [r["bitrate"] is None for r in rows]
    assert [None if pd.isna(t) else t for t in df["title"]] == [r["title"] for r in rows]
    assert [None if pd.isna(k) else k for k in df["kind"]] == [r["kind"] for r in rows]


def test_to_arrow():
    pa = pytest.importorskip("pyarrow")
    cols = mutagen_rs.batch_open_columnar(PATHS + BAD)
    batch = cols.to_arrow()
    assert isinstance(batch, pa.RecordBatch)
    assert batch.num_rows == len(cols) and batch.schema.names == cols.keys()
    assert batch.to_pylist() == cols.to_pylist()


def test_missing_optional_package_is_named(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name in ("pandas", "pyarrow"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    cols = mutagen_rs.batch_open_columnar(PATHS[:2])
    with pytest.raises(ImportError, match="pandas"):
        cols.to_pandas()
    with pytest.raises(ImportError, match="pyarrow"):
        cols.to_arrow()


def _key(path, result):
    return path, repr(describe(result))


@pytest.mark.parametrize("threads", [None, 1, 3])
def test_streaming_yields_what_batch_open_gives(threads):
    paths = PATHS + BAD
    expected = {_key(p, r) for p, r in zip(paths, mutagen_rs.batch_open(paths))}
    it = mutagen_rs.BatchIterator(paths, threads=threads, capacity=3)
    assert len(it) == len(paths)
    got = [_key(p, r) for p, r in it]
    assert len(got) == len(paths)
    assert set(got) == expected
    assert it.progress == (len(paths), len(paths))
    assert list(it) == []


def test_streaming_memory_is_bounded_by_capacity():
    paths = PATHS * 5
    it = mutagen_rs.BatchIterator(paths, threads=2, capacity=4)
    time.sleep(0.5)
    # Nothing consumed: the workers stop after filling the channel (plus one file each).
    assert it.started <= 4 + 2
    first = next(it)
    assert first[0] in paths
    time.sleep(0.3)
    assert it.started <= 1 + 4 + 2
    it.close()
    started = it.started
    assert list(it) == []
    time.sleep(0.2)
    assert it.started == started


def test_streaming_close_in_with_block():
    with mutagen_rs.BatchIterator(PATHS, threads=2, capacity=2) as it:
        path, _result = next(it)
        assert path in PATHS
    assert list(it) == []


def test_bad_inputs_give_per_file_errors(tmp_path):
    garbage = tmp_path / "garbage.mp3"
    garbage.write_bytes(os.urandom(3000))
    empty = tmp_path / "empty.flac"
    empty.write_bytes(b"")
    directory = tmp_path / "dir.mp3"
    directory.mkdir()
    paths = [str(tmp_path / "missing.ogg"), str(garbage), str(empty), str(directory), str(tmp_path)]
    objects = [_file(p) for p in paths]
    expected = [Plain(False).document(p, o) for p, o in zip(paths, objects)]
    docs = json.loads(_native.batch_json(paths))
    assert [d and d.get("error") for d in docs] == [e and e.get("error") for e in expected]
    assert docs == expected
    cols = _native.batch_columns(paths)
    assert cols["error"] == [type(o).__name__ if isinstance(o, BaseException) else None for o in objects]
    assert cols["error"][0] == "MutagenError" and cols["error"][3] == "MutagenError"
    seen = {}
    for index, raw in _native.BatchIterator(paths, 2, 1):
        seen[index] = type(raw).__name__ if isinstance(raw, BaseException) else raw
    assert sorted(seen) == list(range(len(paths)))
    assert seen[0] == "MutagenError"
    msgpack = pytest.importorskip("msgpack")
    assert msgpack.unpackb(_native.batch_msgpack(paths), raw=False) == expected


def test_empty_batch():
    assert json.loads(mutagen_rs.batch_open_json([])) == []
    assert mutagen_rs.batch_open_msgpack([]) == b"\x90"
    assert len(mutagen_rs.batch_open_columnar([])) == 0
    assert list(mutagen_rs.BatchIterator([])) == []


def test_large_msgpack_array_header():
    msgpack = pytest.importorskip("msgpack")
    paths = BAD * 70000
    docs = msgpack.unpackb(_native.batch_msgpack(paths[:17]), raw=False)
    assert len(docs) == 17
    docs = msgpack.unpackb(_native.batch_msgpack(paths), raw=False)
    assert len(docs) == 70000 and docs[-1]["error"] == "MutagenError"


def test_directories_in_a_list_are_walked(tmp_path):
    import shutil

    from conftest import ROOT

    (tmp_path / "sub").mkdir()
    shutil.copy(ROOT / "corpus/real/flac/s8-11025-mono.flac", tmp_path / "sub" / "a.flac")
    shutil.copy(PATHS[0], tmp_path / "b.mp3")
    paths = [PATHS[1], str(tmp_path), PATHS[2]]
    files = mutagen_rs._batch.expand(paths)
    assert len(files) == 4
    objects = [_file(p) for p in files]
    plain = Plain(False)
    assert json.loads(mutagen_rs.batch_open_json(paths)) == [plain.document(p, o) for p, o in zip(files, objects)]
    assert json.loads(mutagen_rs.batch_open_json(tmp_path)) == [plain.document(p, o) for p, o in zip(files[1:3], objects[1:3])]
    assert mutagen_rs.batch_open_columnar(paths)["path"] == files
    it = mutagen_rs.BatchIterator(paths, threads=2)
    assert len(it) == 3
    streamed = {p: describe(r) for p, r in it}
    assert sorted(streamed) == sorted(files)
    assert streamed == {p: describe(o) for p, o in zip(files, objects)}
    assert len(it) == 4 and it.progress == (4, 4)
    msgpack = pytest.importorskip("msgpack")
    assert len(msgpack.unpackb(mutagen_rs.batch_open_msgpack(paths), raw=False)) == 4


def test_every_id3_frame_shape(tmp_path):
    """URL, paired, embedded (CHAP/CTOC) and binary frames, built with mutagen and read back."""
    import shutil

    import mutagen.id3 as mid3

    from conftest import mutagen_testdata

    target = tmp_path / "frames.mp3"
    shutil.copy(mutagen_testdata() / "silence-44-s.mp3", target)
    tag = mid3.ID3()
    tag.add(mid3.TIT2(encoding=3, text=["Title", "Second"]))
    tag.add(mid3.TDRC(encoding=3, text=["2004-12-01"]))
    tag.add(mid3.TXXX(encoding=1, desc="mood", text=["calm"]))
    tag.add(mid3.COMM(encoding=3, lang="eng", desc="c", text=["comment"]))
    tag.add(mid3.WOAR(url="http://example.com/a"))
    tag.add(mid3.WXXX(encoding=0, desc="home", url="http://example.com/"))
    tag.add(mid3.TIPL(encoding=3, people=[["mix", "A"], ["producer", "B"]]))
    tag.add(mid3.APIC(encoding=3, mime="image/png", type=3, desc="cover", data=bytes(range(256)) * 3))
    tag.add(mid3.USLT(encoding=3, lang="eng", desc="", text="words"))
    tag.add(mid3.SYLT(encoding=3, lang="eng", format=2, type=1, desc="s", text=[("la", 10), ("li", 20)]))
    tag.add(mid3.ETCO(format=1, events=[(3, 100), (4, 200)]))
    tag.add(mid3.RVA2(desc="track", channel=1, gain=-2.5, peak=0.75))
    tag.add(mid3.GEOB(encoding=3, mime="application/x", filename="f.bin", desc="g", data=b"\x00\x01"))
    tag.add(mid3.UFID(owner="http://musicbrainz.org", data=b"abc"))
    tag.add(mid3.POPM(email="e@x", rating=200, count=2**70))
    tag.add(mid3.PCNT(count=2**40))
    tag.add(mid3.PRIV(owner="o", data=b"\xff\x00"))
    tag.add(mid3.CHAP(element_id="ch1", start_time=0, end_time=1000, start_offset=0, end_offset=0,
                      sub_frames=[mid3.TIT2(encoding=3, text=["Chapter 1"])]))
    tag.add(mid3.CTOC(element_id="toc", flags=3, child_element_ids=["ch1"],
                      sub_frames=[mid3.TIT2(encoding=3, text=["TOC"])]))
    tag.save(str(target))

    obj = mutagen_rs.File(str(target))
    keys = list(obj.tags.keys())
    assert len(keys) == 19
    doc = json.loads(mutagen_rs.batch_open_json([str(target)]))[0]
    assert doc == Plain(False).document(str(target), obj)
    assert list(doc["tags"]) == keys
    tags = doc["tags"]
    assert tags["TIT2"] == ["Title", "Second"]
    assert tags["WOAR:http://example.com/a"] == "http://example.com/a"
    assert tags["WXXX:home"] == "http://example.com/"
    assert tags["TIPL"] == [["mix", "A"], ["producer", "B"]]
    assert base64.b64decode(tags["APIC:cover"]["data"]) == bytes(range(256)) * 3
    assert tags["POPM:e@x"]["count"] == 2**70
    assert tags["CHAP:ch1"]["sub_frames"] == {"TIT2": ["Chapter 1"]}
    msgpack = pytest.importorskip("msgpack")
    packed = msgpack.unpackb(mutagen_rs.batch_open_msgpack([str(target)]), raw=False)[0]
    assert packed == Plain(True).document(str(target), obj)
    assert packed["tags"]["POPM:e@x"]["count"] == str(2**70)
    assert packed["tags"]["APIC:cover"]["data"] == bytes(range(256)) * 3


def test_a_build_without_the_feature_says_so(monkeypatch):
    for name, feature, call in [
        ("batch_json", "json", lambda: mutagen_rs.batch_open_json(PATHS[:1])),
        ("batch_msgpack", "msgpack", lambda: mutagen_rs.batch_open_msgpack(PATHS[:1])),
        ("batch_columns", "columnar", lambda: mutagen_rs.batch_open_columnar(PATHS[:1])),
        ("BatchIterator", "streaming", lambda: mutagen_rs.BatchIterator(PATHS[:1])),
    ]:
        with monkeypatch.context() as m:
            m.delattr(_native, name)
            with pytest.raises(RuntimeError, match=feature):
                call()
