"""The Ogg page, FLAC block and Vorbis comment objects that mutagen's own tests use, against
mutagen 1.48.1.

``OggPage`` read from every Ogg file of mutagen's test data, built with ``from_packets`` and
rewritten with ``renumber``/``replace``; the codecs' info classes constructed from a file
object; ``tags._padding``; ``VComment(data, errors=...)``; and the bytes of FLAC blocks
(``write()``, ``_writeblock``, ``_writeblocks``) and Vorbis comment blocks.
"""

from __future__ import annotations

import io
import random

import mutagen._vorbis
import mutagen.flac
import mutagen.ogg
import mutagen.oggflac
import mutagen.oggopus
import mutagen.oggspeex
import mutagen.oggtheora
import mutagen.oggvorbis
import pytest

import mutagen_rs._vorbis
import mutagen_rs.flac
import mutagen_rs.ogg
import mutagen_rs.oggflac
import mutagen_rs.oggopus
import mutagen_rs.oggspeex
import mutagen_rs.oggtheora
import mutagen_rs.oggvorbis
from conftest import mutagen_files
from differential import first_difference, value

OGG_FILES = [p for p in mutagen_files() if p.suffix.lower() in (".ogg", ".oga", ".opus", ".spx", ".ogv")]
OGG_IDS = [p.name for p in OGG_FILES]
FLAC_FILES = [p for p in mutagen_files() if p.suffix.lower() == ".flac"]
FLAC_IDS = [p.name for p in FLAC_FILES]

# (module, file class, info class) of each Ogg codec.
CODECS = [
    ("oggvorbis", "OggVorbis", "OggVorbisInfo"),
    ("oggopus", "OggOpus", "OggOpusInfo"),
    ("oggflac", "OggFLAC", "OggFLACStreamInfo"),
    ("oggspeex", "OggSpeex", "OggSpeexInfo"),
    ("oggtheora", "OggTheora", "OggTheoraInfo"),
]

LIBS = {"mutagen": mutagen, "mutagen_rs": mutagen_rs}


def page_fields(page):
    """Everything a page holds, and its bytes."""
    fields = [(name, getattr(page, name)) for name in (
        "version", "position", "serial", "sequence", "offset", "complete", "continued", "first",
        "last", "size")]
    return fields + [("packets", list(page.packets)), ("write", page.write())]


def caught(fn):
    """``fn()``, or the name of the exception it raised."""
    try:
        return fn()
    except Exception as e:  # noqa: BLE001 - the exception class is the outcome
        return ("raises", type(e).__name__)


def read_pages(lib, data):
    """Every page of ``data`` read with ``lib``'s OggPage, then how the reading ended."""
    fileobj = io.BytesIO(data)
    pages = []
    while True:
        try:
            page = lib.ogg.OggPage(fileobj)
        except Exception as e:  # noqa: BLE001
            return pages, type(e).__name__, fileobj.tell()
        pages.append(page_fields(page))


@pytest.mark.parametrize("path", OGG_FILES, ids=OGG_IDS)
def test_pages_read_identically(path):
    data = path.read_bytes()
    assert read_pages(mutagen_rs, data) == read_pages(mutagen, data)


@pytest.mark.parametrize("cut", [0, 1, 26, 27, 28, 40, 57, 58, 59])
def test_cut_and_broken_pages(cut):
    page = mutagen.ogg.OggPage()
    page.packets = [b"x" * 30]
    data = page.write()
    for variant in (data[:cut], data[:cut] + b"\x00" * 3, b"\x00" * cut, data[:4] + b"\x01" + data[5:]):
        assert read_pages(mutagen_rs, variant) == read_pages(mutagen, variant)


def _layouts():
    rng = random.Random(1285)
    cases = [
        ([], 4096, 2048),
        ([b""] * 20, 4096, 2048),
        ([b"1" * 511, b"2" * 511, b"3" * 511], 510, 0),
        ([b"1" * 511, b"2" * 511, b"3" * 511], 510, 100),
        ([b"1" * 511, b"2" * 511, b"3" * 511], 1000, 1000000),
        ([b"1" * 100000, b"2" * 100000], 977, 2048),
        ([b"1"] * 3000, 4096, 2048),
        ([b"x" * 255, b"", b"y" * 510], 255, 0),
    ]
    for _ in range(20):
        packets = [bytes([rng.randrange(256)]) * rng.randrange(0, 9000) for _ in range(rng.randrange(1, 12))]
        cases.append((packets, rng.choice([255, 300, 1000, 4096, 8000]), rng.choice([0, 1, 300, 2048])))
    return cases


@pytest.mark.parametrize("packets,size,wiggle", _layouts())
def test_from_packets_lays_out_identically(packets, size, wiggle):
    def layout(lib):
        pages = lib.ogg.OggPage.from_packets(packets, 7, size, wiggle)
        out = [page_fields(p) for p in pages]
        joined = lib.ogg.OggPage.to_packets(pages) if pages else []
        preserved = [page_fields(p) for p in lib.ogg.OggPage._from_packets_try_preserve(packets, pages)] if pages else []
        return out, joined, preserved

    assert layout(mutagen_rs) == layout(mutagen)


def test_page_too_big_and_zero_lengths():
    for lib in LIBS.values():
        page = lib.ogg.OggPage()
        page.packets = [b"1" * 255 * 255]
        with pytest.raises(ValueError):
            page.write()
        page.complete = False
        assert len(page.write()) == page.size
    for complete in (True, False):
        got, want = mutagen_rs.ogg.OggPage(), mutagen.ogg.OggPage()
        for page in (got, want):
            page.packets = [b"", b"a" * 255, b""]
            page.complete = complete
        assert page_fields(got) == page_fields(want)


def _stream(lib, layout):
    """Bytes of pages ``(serial, sequence, packets, complete, continued)`` made with ``lib``."""
    out = b""
    for serial, sequence, packets, complete, continued in layout:
        page = lib.ogg.OggPage()
        page.serial, page.sequence, page.packets = serial, sequence, packets
        page.complete, page.continued = complete, continued
        out += page.write()
    return out


STREAM = [(42, 0, [b"foo"], True, False), (24, 0, [b"bar"], True, False),
          (42, 1, [b"baz" * 100], False, False), (42, 2, [b"qux"], True, True),
          (42, 3, [b"end"], True, False)]


@pytest.mark.parametrize("new_packets", [[b"1111", b"2222"], [b"x" * 9000, b"y"], [b"foo", b"baz" * 100 + b"qux"]])
def test_replace_and_renumber_identically(new_packets):
    def run(lib):
        fileobj = io.BytesIO(_stream(lib, STREAM))
        pages = [lib.ogg.OggPage(fileobj) for _ in STREAM]
        old = [p for p in pages if p.serial == 42][:3]
        new = lib.ogg.OggPage._from_packets_try_preserve(new_packets, old)
        lib.ogg.OggPage.replace(fileobj, old, new)
        after_replace = fileobj.getvalue()
        fileobj.seek(0)
        lib.ogg.OggPage.renumber(fileobj, 42, 100)
        return after_replace, fileobj.getvalue()

    assert run(mutagen_rs) == run(mutagen)


def test_renumber_stops_at_garbage():
    def run(lib):
        fileobj = io.BytesIO(_stream(lib, STREAM) + b"left over")
        raised = caught(lambda: lib.ogg.OggPage.renumber(fileobj, 42, 10))
        return raised, fileobj.getvalue()

    assert run(mutagen_rs) == run(mutagen)


@pytest.mark.parametrize("path", OGG_FILES, ids=OGG_IDS)
@pytest.mark.parametrize("codec", CODECS, ids=[c[0] for c in CODECS])
def test_info_from_file_object(path, codec):
    module, _cls, info_cls = codec
    data = path.read_bytes()

    def read(lib):
        fileobj = io.BytesIO(data)
        info = caught(lambda: getattr(getattr(lib, module), info_cls)(fileobj))
        if isinstance(info, tuple):
            return info
        attrs = ("length", "channels", "bitrate", "sample_rate", "serial", "fps", "granule_shift",
                 "min_blocksize", "max_blocksize", "bits_per_sample", "total_samples", "packets")
        return [(a, value(getattr(info, a, None))) for a in attrs], fileobj.tell()

    expected, got = read(mutagen), read(mutagen_rs)
    assert got == expected, first_difference(expected, got)


@pytest.mark.parametrize("path", OGG_FILES, ids=OGG_IDS)
@pytest.mark.parametrize("codec", CODECS, ids=[c[0] for c in CODECS])
def test_tags_padding(path, codec):
    module, cls, _info = codec

    def padding(lib):
        audio = caught(lambda: getattr(getattr(lib, module), cls)(str(path)))
        if isinstance(audio, tuple):
            return audio
        return caught(lambda: audio.tags._padding)

    assert padding(mutagen_rs) == padding(mutagen)


COMMENT_BLOCKS = [
    b"\x07\x00\x00\x00Mutagen\x01\x00\x00\x00\x03\x00\x00\x00abc\x01",
    b"\x07\x00\x00\x00Mutagen\x01\x00\x00\x00\x04\x00\x00\x00\xc2\xaa=c\x01",
    b"\x07\x00\x00\x00Mutagen\x01\x00\x00\x00\x05\x00\x00\x00k=a\xffb\x01",
    b"\x03\x00\x00\x00v\xffx\x02\x00\x00\x00\x03\x00\x00\x00a=b\x04\x00\x00\x00\xc3\xa9=x\x01",
    b"\x07\x00\x00\x00Mutagen\x02\x00\x00\x00\x05\x00\x00\x00a\xc3\xa9=b\x03\x00\x00\x00=ab\x01",
    b"\x07\x00\x00\x00Mutagen\x00\x00\x00\x00\x00",
    b"\x07\x00\x00\x00Mut",
]


@pytest.mark.parametrize("errors", ["replace", "ignore", "strict"])
@pytest.mark.parametrize("data", COMMENT_BLOCKS, ids=range(len(COMMENT_BLOCKS)))
def test_vcomment_errors(data, errors):
    def read(lib):
        comment = caught(lambda: lib._vorbis.VComment(data, errors=errors))
        if isinstance(comment, tuple):
            return comment
        return comment.vendor, list(comment), caught(lambda: comment.write())

    assert read(mutagen_rs) == read(mutagen)


@pytest.mark.parametrize("path", FLAC_FILES, ids=FLAC_IDS)
def test_flac_blocks_render_identically(path):
    def render(lib):
        flac = caught(lambda: lib.flac.FLAC(str(path)))
        if isinstance(flac, tuple):
            return flac
        blocks = [(type(b).__name__, caught(lambda b=b: lib.flac.MetadataBlock._writeblock(b)))
                  for b in flac.metadata_blocks]
        every = caught(lambda: lib.flac.MetadataBlock._writeblocks(flac.metadata_blocks, 100, 5000, None))
        return blocks, every

    assert render(mutagen_rs) == render(mutagen)


def test_flac_block_objects_render_identically():
    def build(lib):
        out = []
        pic = lib.flac.Picture()
        pic.type, pic.mime, pic.desc, pic.data = 3, "image/png", "d\u00e9sc", b"\x89PNG"
        pic.width, pic.height, pic.depth, pic.colors = 1, 2, 24, 0
        out.append(pic.write())
        sheet = lib.flac.CueSheet(None)
        sheet.media_catalog_number = b"1234567890123"
        track = lib.flac.CueSheetTrack(1, 0, b"ISRC00000001", 1, True)
        track.indexes = [lib.flac.CueSheetTrackIndex(1, 588)]
        sheet.tracks = [track, lib.flac.CueSheetTrack(170, 44100)]
        out.append(sheet.write())
        table = lib.flac.SeekTable(None)
        table.seekpoints = [lib.flac.SeekPoint(0, 0, 4608), lib.flac.SeekPoint(2 ** 64 - 1, 0, 0)]
        out.append(table.write())
        block = lib.flac.Picture()
        block.data = b"\x00" * (2 ** 24)
        out.append(caught(lambda: lib.flac.MetadataBlock._writeblock(block)))
        pad = lib.flac.Padding()
        out.append(caught(lambda: lib.flac.MetadataBlock._writeblocks([pad], 0, 0, lambda info: 2 ** 24)))
        vc = lib.flac.VCFLACDict()
        vc["title"] = ["a", "b=c"]
        vc.vendor = "v"
        out.append(vc.write())
        out.append(caught(lambda: lib._vorbis.VComment([("k", b"bytes")]).write()))
        return out

    assert build(mutagen_rs) == build(mutagen)


@pytest.mark.parametrize("codec", CODECS, ids=[c[0] for c in CODECS])
def test_info_after_other_streams(codec, testdata):
    """A header page after more than 64 KiB of another stream's pages, and none at all."""
    module, _cls, info_cls = codec
    other = b""
    for number in range(40):
        page = mutagen.ogg.OggPage()
        page.serial, page.sequence, page.packets = 9, number, [b"z" * 3000]
        other += page.write()
    heads = {"oggvorbis": "empty.ogg", "oggopus": "example.opus", "oggflac": "empty.oggflac",
             "oggspeex": "empty.spx", "oggtheora": "sample.oggtheora"}
    for data in (other + (testdata / heads[module]).read_bytes(), other):
        def read(lib):
            fileobj = io.BytesIO(data)
            info = caught(lambda: getattr(getattr(lib, module), info_cls)(fileobj))
            if isinstance(info, tuple):
                return info
            return info.serial, getattr(info, "channels", None), fileobj.tell()

        assert read(mutagen_rs) == read(mutagen)
