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
from differential import first_difference, public_attrs, value
from mutagen_rs import _native

FILES = conftest.mutagen_files() + conftest.real_files()
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
        # mutagen's MP3 raises from its ID3 reader here; the info reader alone starts at 0.
        offset = None

    def theirs():
        with open(path, "rb") as f:
            return mutagen.mp3.MPEGInfo(f, offset)

    def ours():
        return mutagen_rs.mp3.MPEGInfo._from_payload(_native.read_mpeg_info(str(path), offset))

    expected = _info(theirs)
    got = _info(ours)
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


_FRAME = b"\xff\xfb\x90\x44" + bytes(413)  # MPEG-1 Layer III, 128 kbit/s, 44100 Hz


@pytest.mark.parametrize("junk", [65534, 65535, 65536, 65537, 131072, 1048574, 1048575, 1048576])
@pytest.mark.parametrize("fill", [b"", b"\xff\x00\x00\x00", b"\xff\xe0" * 800])
def test_sync_search_bounds(junk, fill):
    """Frames right at the scan limits, after runs of false syncs."""
    data = bytes(junk) + fill + _FRAME * 4
    assert _mpeginfo_outcome(mutagen_rs.mp3, data, None) == _mpeginfo_outcome(mutagen.mp3, data, None)


@pytest.mark.parametrize("count", [1496, 1497, 1498, 1499, 1600])
def test_sync_candidate_limit(count):
    data = _FRAME * 2 + (b"\xff\xe0" + bytes(100)) * count + _FRAME * 4
    assert _mpeginfo_outcome(mutagen_rs.mp3, data, None) == _mpeginfo_outcome(mutagen.mp3, data, None)
    data = (b"\xff\xe0" + bytes(100)) * count + _FRAME * 4
    assert _mpeginfo_outcome(mutagen_rs.mp3, data, None) == _mpeginfo_outcome(mutagen.mp3, data, None)


_LAME_VERSIONS = [b"LAME3.99r", b"LAME3.90 ", b"LAME3.90 (alpha)", b"LAME3.88 (beta)", b"L3.99r",
                  b"LAME3.100", b"LAME3.96a", b"LAME3.98 ", b"LAME3.97 ", b"LAME3.93 ", b"LAME3.91 ",
                  b"LAME4.0 ", b"LAMELAME", b"LAME3.x", b"LAME3.9999", b"LAME3.90.\x03\xbe"]


def _frame_length(h):
    """Frame length of a 4-byte header, or None if mutagen would refuse it."""
    ver, layer = (h[1] >> 3) & 3, 4 - ((h[1] >> 1) & 3)
    br, sr, pad = h[2] >> 4, (h[2] >> 2) & 3, (h[2] >> 1) & 1
    if ver == 1 or layer == 4 or sr == 3 or br in (0, 15):
        return None
    v1 = ver == 3
    table = {
        (True, 1): [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
        (True, 2): [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
        (True, 3): [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
        (False, 1): [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
    }.get((v1, layer), [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160])
    rate = {3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000]}[ver][sr]
    samples = 384 if layer == 1 else (576 if layer == 3 and not v1 else 1152)
    return ((samples // 8 * table[br] * 1000) // rate + pad) * (4 if layer == 1 else 1)


def _xing(r):
    flags = r.randrange(16) if r.random() < 0.9 else r.randrange(1 << 32)
    d = r.choice([b"Xing", b"Info"]) + flags.to_bytes(4, "big")
    if flags & 1:
        d += r.choice([0, 1, 2, 10, 1000, r.randrange(1 << 32)]).to_bytes(4, "big")
    if flags & 2:
        d += r.choice([0, 10, 5000, r.randrange(1 << 32)]).to_bytes(4, "big")
    if flags & 4:
        d += bytes(r.randrange(256) for _ in range(100))
    if flags & 8:
        d += r.choice([0, 57, 100, 101, r.randrange(1 << 32)]).to_bytes(4, "big")
    if r.random() < 0.8:
        ext = bytearray(r.randrange(256) for _ in range(27))
        if r.random() < 0.8:
            ext[0] = r.choice([1, 2, 3, 4, 5, 6, 8, 9, r.randrange(16)])
        if r.random() < 0.5:
            ext[17], ext[18] = 0, r.choice([0, 0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEE, 0xEF])
        d += r.choice(_LAME_VERSIONS) + bytes(ext)
    return d


def _vbri(r):
    entries, size = r.choice([0, 1, 10, 100]), r.choice([2, 4, 3, 0])
    d = b"VBRI" + r.choice([1, 1, 2]).to_bytes(2, "big") + b"\x00\x00"
    d += r.randrange(1 << 16).to_bytes(2, "big") + r.randrange(1 << 32).to_bytes(4, "big")
    d += r.choice([0, 1, 100, r.randrange(1 << 32)]).to_bytes(4, "big")
    d += entries.to_bytes(2, "big") + b"\x00\x01" + size.to_bytes(2, "big") + b"\x00\x08"
    return d + bytes(max(0, entries * size - r.choice([0, 0, 1])))


def _stream(r):
    parts = []
    if r.random() < 0.3:
        n = r.randrange(300)
        parts.append(b"ID3\x04\x00\x00" + bytes([n >> 21 & 127, n >> 14 & 127, n >> 7 & 127, n & 127]) + bytes(n))
    if r.random() < 0.5:
        parts.append(bytes(r.randrange(256) for _ in range(r.randrange(50))))
    first = bytes([0xFF, 0xE0 | r.randrange(32), r.randrange(256), r.randrange(256)])
    for i in range(r.randrange(7)):
        h = first if r.random() < 0.85 else bytes([0xFF, 0xE0 | r.randrange(32), r.randrange(256), r.randrange(256)])
        length = _frame_length(h) or r.randrange(4, 500)
        body = bytearray(length - 4)
        if i == 0 and r.random() < 0.6:
            blob = _xing(r) if r.random() < 0.7 else _vbri(r)
            at = r.choice([36, 21, 13, 36]) - 4
            body.extend(bytes(max(0, at + len(blob) - len(body))))
            body[at:at + len(blob)] = blob
        if r.random() < 0.1:
            body = body[:r.randrange(len(body) + 1)]
        parts.append(h + bytes(body))
    data = b"".join(parts)
    if r.random() < 0.1:
        data = data[:r.randrange(len(data) + 1)]
    return data


@pytest.mark.parametrize("seed", range(8))
def test_random_streams(seed):
    """Random frame runs with Xing/LAME/VBRI headers, junk and truncation, against mutagen."""
    import random

    r = random.Random(seed)
    for _ in range(150):
        data = _stream(r)
        offset = None if r.random() < 0.8 else r.randrange(64)
        expected = _mpeginfo_outcome(mutagen.mp3, data, offset)
        assert _mpeginfo_outcome(mutagen_rs.mp3, data, offset) == expected, data
