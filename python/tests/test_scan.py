"""``mutagen_rs.scan``: every value of every column against what ``mutagen_rs.File`` gives (and so
mutagen, by the differential tests) on mutagen's test data, ``corpus/real`` and the generated
corpus; bounded memory while streaming; the syscalls a read costs.

The expected values are computed here from the File objects by the rules of ``python/SCHEMA.md``,
written a second time in Python on purpose: the test is an independent reading of the schema.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
import textwrap

import pytest

pa = pytest.importorskip("pyarrow")

import mutagen_rs  # noqa: E402
from mutagen_rs.id3 import APIC, TextFrame  # noqa: E402
from mutagen_rs.mp4 import MP4Cover, MP4FreeForm  # noqa: E402
from conftest import FILES, ROOT  # noqa: E402

CORPUS = ROOT / "target" / "test-corpus"


def _generated() -> list:
    if not (CORPUS / "manifest.json").exists():
        subprocess.run(
            ["cargo", "run", "--quiet", "-p", "harness", "--", "corpus",
             "--out", str(CORPUS), "--seed", "7", "--max-batch", "6"],
            cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    with open(CORPUS / "manifest.json", encoding="utf-8") as fh:
        manifest = json.load(fh)
    return [str(CORPUS / f["path"]) for f in manifest["files"]]


PATHS = [str(p) for p in FILES] + _generated() + ["/nonexistent/missing.mp3"]

I64 = 2**63

CODECS = {
    "AAC": "aac",
    "FLAC": "flac",
    "OggFLAC": "flac",
    "OggVorbis": "vorbis",
    "OggOpus": "opus",
    "OggSpeex": "speex",
    "OggTheora": "theora",
    "WavPack": "wavpack",
    "MonkeysAudio": "ape",
    "Musepack": "musepack",
    "TAK": "tak",
    "OptimFROG": "optimfrog",
    "TrueAudio": "tta",
    "ASF": "asf",
}

# The ASF attribute names of the common fields (compared exactly).
ASF_SOURCES = {
    "title": "Title", "artist": "Author", "album": "WM/AlbumTitle", "albumartist": "WM/AlbumArtist",
    "date": "WM/Year", "genre": "WM/Genre", "composer": "WM/Composer", "comment": "Description",
    "musicbrainz_trackid": "MusicBrainz/Track Id", "musicbrainz_albumid": "MusicBrainz/Album Id",
    "musicbrainz_artistid": "MusicBrainz/Artist Id",
    "musicbrainz_albumartistid": "MusicBrainz/Album Artist Id",
    "musicbrainz_releasegroupid": "MusicBrainz/Release Group Id",
}  # fmt: skip


def _asf_values(tags, name):
    return [a.value for a in tags[name]] if name in tags else []


def _asf_text(tags, name):
    return next((v for v in _asf_values(tags, name) if isinstance(v, str)), None)


def _asf_pair(tags, name):
    for v in _asf_values(tags, name):
        if isinstance(v, str):
            return _pair(v)
        if isinstance(v, int) and not isinstance(v, bool):
            return (v if v < 2**32 else None), None
    return None, None


def _asf_pictures(tags):
    import struct

    out = []
    for v in _asf_values(tags, "WM/Picture"):
        if not isinstance(v, bytes) or len(v) < 5:
            continue
        ptype, size = v[0], struct.unpack("<I", v[1:5])[0]
        rest, texts = v[5:], []
        for _ in range(2):
            end = next((i for i in range(0, len(rest) - 1, 2) if rest[i:i + 2] == b"\x00\x00"), None)
            if end is None:
                break
            try:
                texts.append(rest[:end].decode("utf-16-le"))
            except UnicodeDecodeError:
                break
            rest = rest[end + 2:]
        if len(texts) < 2 or len(rest) < size:
            continue
        out.append(_picture(ptype, texts[0], texts[1], rest[:size]))
    return out

# The APEv2 keys of the common fields (compared ignoring ASCII case), in the order tried.
APE_SOURCES = {
    "title": ["Title"], "artist": ["Artist"], "album": ["Album"],
    "albumartist": ["Album Artist", "ALBUMARTIST"], "date": ["Year"], "genre": ["Genre"],
    "composer": ["Composer"], "comment": ["Comment"],
}  # fmt: skip
APE_COVERS = ["other", "icon", "other icon", "front", "back", "leaflet", "media", "lead artist",
              "artist", "conductor", "band", "composer", "lyricist", "recording location",
              "during recording", "during performance", "video capture", "fish", "illustration",
              "band logotype", "publisher logotype"]  # fmt: skip


def _ape_key(field):
    """APEv2 keys of a common field: the table above, else the field's name in upper case."""
    return APE_SOURCES.get(field, [field.upper()])


def _ape_text(tags, key):
    """The first string of the text value of an APEv2 key, or None."""
    from mutagen_rs.apev2 import APETextValue

    v = tags.get(key)
    return list(v)[0] if isinstance(v, APETextValue) else None


def _mime_of(data):
    for magic, mime in ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG", "image/png"), (b"GIF8", "image/gif"),
                        (b"BM", "image/bmp")):
        if data.startswith(magic):
            return mime
    return "image/webp" if data[:4] == b"RIFF" and data[8:12] == b"WEBP" else ""


def _ape_pictures(tags):
    from mutagen_rs.apev2 import APEBinaryValue

    out = []
    for k in tags.keys():
        v = tags[k]
        low = k.lower()
        if not (isinstance(v, APEBinaryValue) and low.startswith("cover art (") and low.endswith(")")
                and len(low) > len("cover art (")):
            continue
        name = low[len("cover art ("):-1]
        ptype = APE_COVERS.index(name) if name in APE_COVERS else None
        value = bytes(v)
        desc, sep, data = value.partition(b"\x00")
        if not sep:
            desc, data = b"", value
        try:
            desc = desc.decode("utf-8")
        except UnicodeDecodeError:
            desc = ""
        out.append(_picture(ptype, _mime_of(data), desc, data))
    return out

_FLOAT = re.compile(r"^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf|infinity|nan)$", re.I)


def _gain(text):
    if text is None:
        return None
    t = text.strip()
    if len(t) >= 2 and t[-2:].lower() == "db":
        t = t[:-2].rstrip()
    return float(t) if _FLOAT.match(t) else None


def _num(s):
    s = s.strip()
    if s and all("0" <= c <= "9" for c in s) and int(s) < 2**32:
        return int(s)
    return None


def _pair(text):
    if text is None:
        return (None, None)
    if "/" in text:
        n, t = text.split("/", 1)
        return (_num(n), _num(t))
    return (_num(text), None)


def _image_size(data):
    if len(data) >= 24 and data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if len(data) >= 10 and data[:6] in (b"GIF87a", b"GIF89a"):
        return int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    if data[:2] == b"\xff\xd8":
        at = 2
        while at + 4 <= len(data):
            if data[at] != 0xFF:
                return None
            marker = data[at + 1]
            if marker == 0xFF:
                at += 1
                continue
            if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
                at += 2
                continue
            length = int.from_bytes(data[at + 2 : at + 4], "big")
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                b = data[at + 5 : at + 9]
                if len(b) < 4:
                    return None
                return int.from_bytes(b[2:4], "big"), int.from_bytes(b[0:2], "big")
            if length < 2:
                return None
            at += 2 + length
    return None


def _picture(ptype, mime, desc, data, w=0, h=0):
    if not w or not h:
        size = _image_size(bytes(data))
        w, h = size if size else (None, None)
    return {"type": ptype, "mime": mime, "desc": desc, "size": len(data), "width": w, "height": h, "data": None}


SOURCES = {
    # field: (ID3 key, Vorbis keys, MP4 key)
    "title": ("TIT2", ["title"], "\xa9nam"),
    "artist": ("TPE1", ["artist"], "\xa9ART"),
    "album": ("TALB", ["album"], "\xa9alb"),
    "albumartist": ("TPE2", ["albumartist"], "aART"),
    "date": ("TDRC", ["date"], "\xa9day"),
    "genre": ("TCON", ["genre"], "\xa9gen"),
    "composer": ("TCOM", ["composer"], "\xa9wrt"),
    "comment": ("COMM", ["comment", "description"], "\xa9cmt"),
    "musicbrainz_trackid": ("UFID:http://musicbrainz.org", ["musicbrainz_trackid"], "----:com.apple.iTunes:MusicBrainz Track Id"),
    "musicbrainz_albumid": ("TXXX:MusicBrainz Album Id", ["musicbrainz_albumid"], "----:com.apple.iTunes:MusicBrainz Album Id"),
    "musicbrainz_artistid": ("TXXX:MusicBrainz Artist Id", ["musicbrainz_artistid"], "----:com.apple.iTunes:MusicBrainz Artist Id"),
    "musicbrainz_albumartistid": ("TXXX:MusicBrainz Album Artist Id", ["musicbrainz_albumartistid"], "----:com.apple.iTunes:MusicBrainz Album Artist Id"),
    "musicbrainz_releasegroupid": ("TXXX:MusicBrainz Release Group Id", ["musicbrainz_releasegroupid"], "----:com.apple.iTunes:MusicBrainz Release Group Id"),
    "replaygain_track_gain": ("TXXX:REPLAYGAIN_TRACK_GAIN", ["replaygain_track_gain"], "----:com.apple.iTunes:replaygain_track_gain"),
    "replaygain_track_peak": ("TXXX:REPLAYGAIN_TRACK_PEAK", ["replaygain_track_peak"], "----:com.apple.iTunes:replaygain_track_peak"),
    "replaygain_album_gain": ("TXXX:REPLAYGAIN_ALBUM_GAIN", ["replaygain_album_gain"], "----:com.apple.iTunes:replaygain_album_gain"),
    "replaygain_album_peak": ("TXXX:REPLAYGAIN_ALBUM_PEAK", ["replaygain_album_peak"], "----:com.apple.iTunes:replaygain_album_peak"),
}  # fmt: skip


def _id3_text(tags, key):
    keys = list(tags.keys())
    if key == "COMM":
        first = None
        for k in keys:
            f = tags[k]
            if f.FrameID == "COMM":
                if k.startswith("COMM::") and f.text:
                    return str(f.text[0])
                if first is None and f.text:
                    first = str(f.text[0])
        return first
    if key.startswith("UFID:"):
        owner = key[5:].lower()
        k = key if key in keys else next((k for k in keys if k.startswith("UFID:") and k[5:].lower() == owner), None)
        return None if k is None else bytes(tags[k].data).decode("utf-8", "replace")
    if key not in keys:
        if not key.startswith("TXXX:"):
            return None
        key = next((k for k in keys if k.lower() == key.lower()), None)
        if key is None:
            return None
    f = tags[key]
    if f.FrameID == "TCON":
        g = f.genres
        return g[0] if g else None
    return str(f.text[0]) if f.text else None


def _vorbis_first(tags, key):
    return tags[key][0] if key in tags else None


def _mp4_value(tags, key):
    if key.startswith("----:"):
        return next((v for k, v in tags.items() if k.lower() == key.lower()), None)
    return tags.get(key)


def _mp4_text(value):
    if not isinstance(value, list):
        return None
    for v in value:
        if isinstance(v, str):
            return v
    for v in value:
        if isinstance(v, MP4FreeForm):
            return bytes(v).decode("utf-8", "replace")
    return None


def _family(f):
    name = type(f).__name__
    if name in ("MP3", "ID3FileType", "EasyMP3", "AIFF", "WAVE", "DSF", "DSDIFF", "TrueAudio"):
        return "id3"
    if name in ("APEv2File", "WavPack", "MonkeysAudio", "Musepack", "TAK", "OptimFROG"):
        return "ape"
    if name == "ASF":
        return "asf"
    if name == "MP4":
        return "mp4"
    return "vorbis"


def expected(path):
    row = {c: None for c in mutagen_rs.SCAN_COLUMNS}
    row["path"] = path
    try:
        f = mutagen_rs.File(path)
    except Exception as e:  # noqa: BLE001
        row["error"] = type(e).__name__
        row["error_message"] = str(e)
        return row
    if f is None:
        return row
    kind = type(f).__name__
    row["kind"] = kind
    info = f.info
    row["length"] = float(info.length)
    for name in ("bitrate", "sample_rate", "channels", "bits_per_sample"):
        v = getattr(info, name, None)
        row[name] = v if v is not None and -I64 <= v < I64 else None
    if kind in ("MP4", "AC3"):
        row["codec"] = info.codec
    elif kind == "MP3":
        row["codec"] = f"mp{info.layer}"
    else:
        row["codec"] = CODECS.get(kind)
    tags = f.tags
    family = _family(f)
    pictures = []
    if family == "id3" and tags is not None:
        for k in tags.keys():
            fr = tags[k]
            if isinstance(fr, APIC):
                pictures.append(_picture(int(fr.type), fr.mime, fr.desc, fr.data))
    elif kind == "FLAC":
        for p in f.pictures:
            pictures.append(_picture(int(p.type), p.mime, p.desc, p.data, p.width, p.height))
    elif family == "ape" and tags is not None:
        pictures = _ape_pictures(tags)
    elif family == "asf" and tags is not None:
        pictures = _asf_pictures(tags)
    elif family == "mp4" and tags is not None:
        for c in tags.get("covr", []):
            if isinstance(c, MP4Cover):
                mime = "image/png" if c.imageformat == MP4Cover.FORMAT_PNG else "image/jpeg"
                pictures.append(_picture(None, mime, "", c))
    row["pictures"] = pictures
    if tags is None:
        return row
    raw = []
    for k in tags.keys():
        v = tags[k]
        if family == "id3":
            vals = [str(t) for t in v.text] if isinstance(v, TextFrame) else []
        elif family == "mp4":
            vals = [x for x in v if isinstance(x, str)] if isinstance(v, list) else []
        elif family == "ape":
            vals = list(v) if v.kind == 0 else []
        elif family == "asf":
            vals = [a.value for a in v if isinstance(a.value, str)]
        else:
            vals = list(v)
        raw.append((k, vals))
    row["tags"] = raw
    for field, (id3_key, vorbis_keys, mp4_key) in SOURCES.items():
        if family == "id3":
            value = _id3_text(tags, id3_key)
        elif family == "mp4":
            value = _mp4_text(_mp4_value(tags, mp4_key))
        elif family == "ape":
            value = next((v for v in (_ape_text(tags, k) for k in _ape_key(field)) if v is not None), None)
        elif family == "asf":
            value = _asf_text(tags, ASF_SOURCES.get(field, field.upper()))
        else:
            value = next((v for v in (_vorbis_first(tags, k) for k in vorbis_keys) if v is not None), None)
        row[field] = _gain(value) if field.startswith("replaygain_") else value
    if family == "id3":
        (row["tracknumber"], row["tracktotal"]) = _pair(_id3_text(tags, "TRCK"))
        (row["discnumber"], row["disctotal"]) = _pair(_id3_text(tags, "TPOS"))
    elif family == "asf":
        for key, total, n, t in (("WM/TrackNumber", "TotalTracks", "tracknumber", "tracktotal"),
                                 ("WM/PartOfSet", "TotalDiscs", "discnumber", "disctotal")):
            row[n], row[t] = _asf_pair(tags, key)
            if row[t] is None:
                row[t] = _asf_pair(tags, total)[0]
    elif family == "ape":
        (row["tracknumber"], row["tracktotal"]) = _pair(_ape_text(tags, "Track"))
        (row["discnumber"], row["disctotal"]) = _pair(_ape_text(tags, "Disc"))
    elif family == "mp4":
        for key, n, t in (("trkn", "tracknumber", "tracktotal"), ("disk", "discnumber", "disctotal")):
            pair = next((x for x in tags.get(key, []) if isinstance(x, tuple)), None)
            if pair is not None:
                row[n] = pair[0]
                row[t] = pair[1] or None
    else:
        for key, totals, n, t in (
            ("tracknumber", ("tracktotal", "totaltracks"), "tracknumber", "tracktotal"),
            ("discnumber", ("disctotal", "totaldiscs"), "discnumber", "disctotal"),
        ):
            num, tot = _pair(_vorbis_first(tags, key))
            if tot is None:
                text = next((x for x in (_vorbis_first(tags, k) for k in totals) if x is not None), None)
                tot = _pair(text)[0]
            row[n], row[t] = num, tot
    return row


def _same(a, b):
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return a == b


def _check(table, paths):
    assert table.schema.metadata[b"mutagen_rs.schema_version"] == str(mutagen_rs.Scan.schema_version).encode()
    rows = table.to_pylist()
    assert sorted(r["path"] for r in rows) == sorted(paths)
    by_path = {r["path"]: r for r in rows}
    checked = 0
    for path in paths:
        got, want = by_path[path], expected(path)
        if got["tags"] is not None and want["tags"] is not None and want["kind"] not in ("MP3", "ID3FileType", "MP4"):
            # Vorbis keys: mutagen's own order is a set's; compare as mappings.
            assert len({k for k, _ in got["tags"]}) == len(got["tags"]), path
            got = dict(got, tags=dict(got["tags"]))
            want = dict(want, tags=dict(want["tags"]))
        for col in mutagen_rs.SCAN_COLUMNS:
            assert _same(got[col], want[col]), (path, col, got[col], want[col])
            checked += 1
    return checked


def test_every_scan_value_matches_file():
    table = mutagen_rs.scan(PATHS, batch_size=64).to_arrow()
    assert table.column_names == list(mutagen_rs.SCAN_COLUMNS)
    assert table.num_rows == len(PATHS)
    assert _check(table, PATHS) == len(PATHS) * len(mutagen_rs.SCAN_COLUMNS)
    # Something of every kind of column is exercised.
    for col in ("title", "tracknumber", "date", "genre", "musicbrainz_trackid", "replaygain_track_gain", "tags"):
        assert table.column(col).null_count < table.num_rows, col
    assert any(table.column("pictures").to_pylist()), "no picture in the test files"
    assert "MutagenError" in table.column("error").to_pylist()


def test_one_thread_and_columns_subset():
    got = mutagen_rs.scan(PATHS[:200], threads=1, columns=["title", "path", "length"]).to_arrow()
    assert got.column_names == ["title", "path", "length"]
    full = {r["path"]: r for r in mutagen_rs.scan(PATHS[:200]).to_arrow().to_pylist()}
    for r in got.to_pylist():
        assert r["title"] == full[r["path"]]["title"]
        assert _same(r["length"], full[r["path"]]["length"])
    with pytest.raises(ValueError, match="unknown column"):
        mutagen_rs.scan(PATHS[:1], columns=["nope"])


def test_picture_data_on_request():
    table = mutagen_rs.scan(PATHS, columns=["path", "pictures"], picture_data=True).to_arrow()
    seen = 0
    for r in table.to_pylist():
        for p in r["pictures"] or []:
            assert p["data"] is not None and len(p["data"]) == p["size"]
            seen += 1
    assert seen > 0


def test_directories_are_walked_and_streams_are_one_shot(tmp_path):
    real = ROOT / "corpus" / "real"
    s = mutagen_rs.scan(real)
    reader = pa.RecordBatchReader.from_stream(s)
    n = sum(b.num_rows for b in reader)
    assert n == len(mutagen_rs._batch.expand(real)) > 0
    with pytest.raises(RuntimeError, match="already taken"):
        s.__arrow_c_stream__()
    t = mutagen_rs.scan(real)
    assert t.to_arrow().num_rows == n
    assert pa.table(t).num_rows == n  # served from the kept table
    assert len(mutagen_rs.scan([]).to_arrow()) == 0
    df = mutagen_rs.scan(real, columns=["path", "tracknumber"]).to_pandas()
    assert len(df) == n


def test_memory_stays_bounded_while_streaming(tmp_path):
    """Stream 20,000 rows in small batches without keeping them: the peak RSS must stay far
    below what holding every batch would take."""
    files = [str(p) for p in FILES if p.suffix in (".mp3", ".flac", ".ogg", ".m4a")][:200]
    script = textwrap.dedent(
        f"""
        import resource, mutagen_rs, pyarrow as pa
        files = {files!r} * 100
        def peak():
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        warm = pa.RecordBatchReader.from_stream(mutagen_rs.scan(files[:2000], batch_size=256)).read_all()
        del warm
        base = peak()
        rows = 0
        for batch in pa.RecordBatchReader.from_stream(mutagen_rs.scan(files, batch_size=256)):
            rows += batch.num_rows
        print(rows, base, peak())
        """
    )
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True).stdout
    rows, base, peak = map(int, out.split())
    assert rows == len(files) * 100
    # Holding 20,000 rows with their tags would add tens of MB; streaming adds little.
    assert peak - base < 40_000, (base, peak)


STRACE = shutil.which("strace")


def _uring_available() -> bool:
    try:
        mutagen_rs.scan([], io="uring")
    except ValueError:
        return False
    return True


@pytest.mark.skipif(STRACE is None, reason="strace is not installed (scripts/test.sh installs it as root)")
@pytest.mark.parametrize("ext", [".mp3", ".flac", ".ogg", ".m4a"])
def test_syscalls_per_file(tmp_path, ext):
    """Read with ``io="pread"``, a typical file costs one open, one question of its size (an
    lseek to its end), as few preads as the format allows and one close: nothing else touches
    it (no mmap, no second open)."""
    # The typical files: the batch workloads' and the small and typical singles (the large and
    # hard cases read more, by design: a 1 MB cover, long multi-page comments).
    typical = [p for p in _generated() if "/batch/" in p or "single-small" in p or "single-typical" in p]
    files = [p for p in typical if p.endswith(ext)][:20]
    if not files:
        pytest.skip(f"no generated {ext} files")
    log = tmp_path / "strace.log"
    script = "import sys, mutagen_rs; mutagen_rs.scan(sys.argv[1:], threads=1, io='pread').to_arrow()"
    subprocess.run(
        [STRACE, "-f", "-qq", "-y", "-s", "0", "-o", str(log),
         "-e", "trace=openat,open,pread64,read,readv,preadv,close,fstat,newfstatat,statx,lseek,mmap",
         sys.executable, "-c", script, *files],
        check=True,
    )  # fmt: skip
    wanted = set(files)
    per_file: dict = {}
    # With -y every file descriptor is printed with its path: `pread64(3</abs/path>, ...`.
    for line in log.read_text().splitlines():
        # A call interrupted by another thread's is split: `openat(... <unfinished ...>` then
        # `<... openat resumed>) = 3</path>`; the resumed half carries the descriptor.
        m = re.search(r"<\.\.\. (\w+) resumed>|(\w+)\(", line)
        call = m and (m.group(1) or m.group(2))
        if call not in ("openat", "open", "pread64", "read", "readv", "preadv",
                                       "close", "fstat", "newfstatat", "statx", "lseek", "mmap"):
            continue
        paths = [p for p in re.findall(r"\d+<([^>]*)>", line) if p in wanted]
        if not paths:
            continue
        calls = per_file.setdefault(paths[0], {})
        if "<unfinished" in line and "resumed>" not in line and call in ("openat", "open"):
            continue
        name = "open" if call == "openat" else call
        calls[name] = calls.get(name, 0) + 1
    assert set(per_file) == set(files)
    counts: dict = {}
    for path, calls in per_file.items():
        counts = calls
        assert calls.get("open") == 1 and calls.get("close") == 1, (path, calls)
        if "mmap" in calls:
            # The `mmap` core variant maps the file once instead of reading it (its size taken
            # once by the reader and once by the mapping).
            assert calls["mmap"] == 1 and "pread64" not in calls and "read" not in calls, (path, calls)
            assert calls.get("statx", 0) + calls.get("fstat", 0) + calls.get("newfstatat", 0) <= 2, (path, calls)
            continue
        reads = calls.get("pread64", 0) + calls.get("read", 0)
        # A file of up to 32 KiB (every batch file) is read whole in one pread.
        limit = 1 if os.path.getsize(path) <= 32 * 1024 else MAX_READS[ext]
        assert 1 <= reads <= limit, (path, calls)
        assert set(calls) <= {"open", "lseek", "statx", "fstat", "newfstatat", "pread64", "close"}, (path, calls)
        sized = sum(calls.get(c, 0) for c in ("lseek", "statx", "fstat", "newfstatat"))
        assert sized <= 1, (path, calls)
    print(ext, sorted({tuple(sorted(c.items())) for c in per_file.values()}))


@pytest.mark.skipif(STRACE is None, reason="strace is not installed (scripts/test.sh installs it as root)")
@pytest.mark.skipif(not _uring_available(), reason="io_uring is not available in this build or system")
def test_uring_reads_many_files_with_a_few_system_calls(tmp_path):
    """Read with ``io="uring"``, files of up to 32 KiB take no system call of their own: each
    round of 64 files is opened, read and closed through the ring, one ``io_uring_enter`` per
    step. The rows are those of ``io="pread"``."""
    small = [p for p in _generated() if os.path.getsize(p) <= 32 * 1024]
    files = (small * (150 // len(small) + 1))[:150]
    log = tmp_path / "strace.log"
    script = "import sys, mutagen_rs; mutagen_rs.scan(sys.argv[1:], threads=1, io='uring').to_arrow()"
    subprocess.run(
        [STRACE, "-f", "-qq", "-y", "-s", "0", "-o", str(log),
         "-e", "trace=openat,open,pread64,read,close,fstat,newfstatat,statx,io_uring_setup,io_uring_enter",
         sys.executable, "-c", script, *files],
        check=True,
    )  # fmt: skip
    text = log.read_text()
    wanted = set(files)
    # No system call of this process names a file: nothing stats, opens, reads or closes it.
    touched = {}
    for line in text.splitlines():
        names = [p for p in re.findall(r"\d+<([^>]*)>|\"([^\"]*)\"", line) for p in p if p in wanted]
        if names:
            touched[names[0]] = line
    assert not touched, list(touched.values())[:3]
    enters = len(re.findall(r"io_uring_enter\(", text))
    rounds = -(-len(files) // 64)
    assert 1 <= enters <= 3 * rounds + 3, (enters, rounds)
    a = mutagen_rs.scan(files, io="uring").to_arrow().sort_by("path")
    b = mutagen_rs.scan(files, io="pread").to_arrow().sort_by("path")
    assert a.equals(b)


@pytest.mark.skipif(not _uring_available(), reason="io_uring is not available in this build or system")
def test_uring_and_pread_give_the_same_rows():
    """Every file of the test data (whole, longer than one read, unreadable, missing) gives the
    same row through io_uring as through positioned reads, in rounds of 64 and across them."""
    for threads in (1, 2):
        a = mutagen_rs.scan(PATHS, io="uring", threads=threads).to_arrow().sort_by("path")
        b = mutagen_rs.scan(PATHS, io="pread", threads=threads).to_arrow().sort_by("path")
        assert a.num_rows == len(PATHS)
        assert a.to_pylist() == b.to_pylist()


@pytest.mark.skipif(not _uring_available(), reason="io_uring is not available in this build or system")
def test_uring_under_a_low_descriptor_limit_reads_every_file():
    """With few file descriptors left, a round of 64 files cannot all be open at once: the
    files the ring could not open are read alone, and none gets an error it would not get
    alone."""
    files = [str(p) for p in FILES if os.path.getsize(p) > 32 * 1024][:64] * 3
    script = textwrap.dedent(
        f"""
        import json, resource, mutagen_rs
        files = {files!r}
        want = mutagen_rs.scan(files, io="pread", threads=1).to_arrow().to_pylist()
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (40, hard))
        got = mutagen_rs.scan(files, io="uring", threads=1).to_arrow().to_pylist()
        print(json.dumps([got == want, sum(1 for r in got if r["error"])]))
        """
    )
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True).stdout
    same, errors = json.loads(out)
    assert same, errors


def test_unknown_io_is_refused():
    with pytest.raises(ValueError, match="unknown io"):
        mutagen_rs.scan([], io="mmap")


@pytest.mark.skipif(STRACE is None, reason="strace is not installed (scripts/test.sh installs it as root)")
def test_a_comment_over_many_pages_is_read_once(tmp_path):
    """An Ogg comment packet spread over many pages (a large cover in the comments) is read
    from the file once: each page's header on its own, its data straight into the packet, and
    the last page from the tail read at opening. The bytes read stay within a few KiB of the
    file's size, where a read-ahead window over the pages walked would read the data twice."""
    files = [p for p in _generated() if "single-large" in p or "multipage" in p]
    files = [p for p in files if p.endswith((".ogg", ".opus", ".oga", ".spx"))]
    if not files:
        pytest.skip("no generated multi-page Ogg files")
    log = tmp_path / "strace.log"
    script = "import sys, mutagen_rs; [mutagen_rs.File(p) for p in sys.argv[1:]]"
    subprocess.run(
        [STRACE, "-qq", "-y", "-s", "0", "-o", str(log), "-e", "trace=pread64,read,mmap",
         sys.executable, "-c", script, *files],
        check=True,
    )  # fmt: skip
    read: dict = {}
    mapped = set()
    for line in log.read_text().splitlines():
        m = re.match(r"(?:pread64|read)\(\d+<([^>]*)>.*= (\d+)$", line)
        if m and m.group(1) in files:
            read[m.group(1)] = read.get(m.group(1), 0) + int(m.group(2))
        # The `mmap` core variant maps the file instead of reading it.
        mapped.update(p for p in re.findall(r"mmap\(.*?\d+<([^>]*)>", line) if p in files)
    assert set(read) | mapped == set(files)
    for path, n in read.items():
        if path in mapped:
            continue
        size = os.path.getsize(path)
        assert size // 2 < n <= size + 24 * 1024, (path, n, size)


# The preads a larger typical file takes (the head and tail read when the file is opened, then
# the format's own: a 100 KB cover, the pages of an Ogg stream).
MAX_READS = {".mp3": 4, ".flac": 4, ".ogg": 7, ".m4a": 4}


def test_native_walk_matches_expand(tmp_path):
    """Directories in a list are walked in Rust exactly as ``expand`` walks them."""
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / "a").mkdir()
    for name in ["b/x.MP3", "b/c/y.flac", "b/c/z.txt", "a/1.ogg", "top.m4a", "b/0.opus"]:
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "link").symlink_to(tmp_path / "b")
    real = ROOT / "corpus" / "real"
    paths = [str(tmp_path), str(tmp_path / "top.m4a"), str(real)]
    want = mutagen_rs._batch.expand(paths)
    got = mutagen_rs._native.expand_paths(paths, sorted(mutagen_rs.AUDIO_EXTENSIONS))
    assert [str(p) for p in got] == want
    assert mutagen_rs._native.expand_paths([str(tmp_path / "top.m4a")], [".m4a"]) is None
    table = mutagen_rs.scan(paths, columns=["path"]).to_arrow()
    assert sorted(table.column("path").to_pylist()) == sorted(want)
    # Read, the directories are met by the workers (a read of a directory fails) and walked
    # after the other paths: no row for a directory, one for each file found in it.
    for io in ("pread", "uring") if _uring_available() else ("pread",):
        table = mutagen_rs.scan(paths, columns=["path", "kind", "error"], io=io, batch_size=7).to_arrow()
        rows = table.to_pylist()
        assert sorted(r["path"] for r in rows) == sorted(want)
        assert not [r for r in rows if r["error"] and "Errno 21" in (r["error"] or "")]
        one = mutagen_rs.scan(str(tmp_path), columns=["path"]).to_arrow().column("path").to_pylist()
        assert sorted(one) == sorted(mutagen_rs._batch.expand(str(tmp_path)))


@pytest.mark.parametrize("name", ["flac_distinct_keys", "asf_distinct_attributes"])
def test_scan_of_many_distinct_keys_is_bounded(name, tmp_path):
    """The raw tags of a file with tens of thousands of distinct keys are grouped in time
    linear in their number: the resource tests' budgets hold for ``scan`` too."""
    import test_resources as tr

    build = {case[0]: case[1] for case in tr.CASES}[name]
    r = tr.measure(name, build, "scan", tmp_path)
    assert r["outcome"] == "ok", r
    assert r["seconds"] <= r["budget_s"], r
    # Memory: the resource tests' budget, plus up to 512 bytes a key for each file in flight
    # (one a thread: its parsed keys and values, and their grouping). pyarrow's import (tens
    # of MiB) is in the footprint taken before the scan starts.
    per_key = tr.THREADS * tr.DISTINCT_KEYS * 512
    assert r["hwm"] - r["base"] <= r["budget_mem"] + per_key, r
