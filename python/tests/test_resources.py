"""Bounded resources on hostile input.

Each case builds a small or sparse file whose sizes and counts claim far more than a sane
reader should spend, and reads it in a child process. The read must finish within 1 s per
100 MB of the file's apparent size (at least ``MIN_SECONDS``, for the fixed costs of a tiny
file), its peak memory (``VmHWM``, the whole interpreter included) must stay below twice the
file's size plus 64 MiB, and it may only succeed or raise ``MutagenError``.

The child runs under an address-space cap, so a regression fails the test instead of taking
the machine's memory. ``python python/tests/test_resources.py [NAME...]`` prints the figures of
every case (or the named ones) without asserting.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Callable, Dict, List, Tuple

import pytest

MiB = 1 << 20
MB = 1000 * 1000
# The floor of the time budget: starting the read has fixed costs a 1 MB file cannot amortise.
MIN_SECONDS = 0.5
# Whatever a case does, its child may not map more than this beyond the file's size.
AS_CAP = 3 << 30
# The batch cases read one file this many times over, on this many threads: at most one raw
# file per thread may be in memory at once, so the budgets are those of one file per thread.
BATCH = 6
THREADS = 2
BATCH_OPENERS = ("batch_open", "iter_open", "batch_open_json", "BatchIterator", "batch_open_columnar", "scan")

CHILD = r"""
import json, resource, sys, time
path, opener, cap = sys.argv[1], sys.argv[2], int(sys.argv[3])
BATCH, THREADS = int(sys.argv[4]), int(sys.argv[5])
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
import mutagen_rs
from mutagen_rs import id3, mp3, flac, oggvorbis, oggopus, mp4, smf
if opener == "scan":
    import pyarrow  # imported before the clock starts and the base footprint is taken
    # pyarrow.table's first call imports pandas when it is installed (half a second here):
    # made once now, so that the clock measures the scan.
    pyarrow.table({"x": [0]})
from mutagen_rs import apev2, wavpack, musepack, tak, asf

def hwm():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0

openers = {
    "File": mutagen_rs.File,
    "ID3": id3.ID3,
    "MP3": mp3.MP3,
    "FLAC": flac.FLAC,
    "OggVorbis": oggvorbis.OggVorbis,
    "OggOpus": oggopus.OggOpus,
    "MP4": mp4.MP4,
    "SMF": smf.SMF,
    "APEv2": apev2.APEv2,
    "WavPack": wavpack.WavPack,
    "Musepack": musepack.Musepack,
    "TAK": tak.TAK,
    "ASF": asf.ASF,
    # A batch of the same file six times over, on two threads.
    "batch_open": lambda p: mutagen_rs.batch_open([p] * BATCH, threads=THREADS),
    "iter_open": lambda p: list(mutagen_rs.iter_open([p] * BATCH, threads=THREADS)),
    "batch_open_json": lambda p: mutagen_rs.batch_open_json([p] * BATCH, threads=THREADS),
    "BatchIterator": lambda p: list(mutagen_rs.BatchIterator([p] * BATCH, threads=THREADS)),
    "batch_open_columnar": lambda p: mutagen_rs.batch_open_columnar([p] * BATCH, threads=THREADS),
    # Every column, the raw tags included, into a pyarrow table (needs pyarrow).
    "scan": lambda p: pyarrow.table(mutagen_rs.scan([p] * BATCH, threads=THREADS)),
}
base = hwm()
t = time.perf_counter()
try:
    obj = openers[opener](path)
    outcome, cls, msg = "ok", type(obj).__name__, ""
    del obj
except mutagen_rs.MutagenError as e:
    outcome, cls, msg = "MutagenError", type(e).__name__, str(e)[:200]
except MemoryError as e:
    outcome, cls, msg = "MemoryError", "MemoryError", "address-space cap reached"
except BaseException as e:
    outcome, cls, msg = "other", type(e).__name__, str(e)[:200]
dt = time.perf_counter() - t
print(json.dumps({"outcome": outcome, "class": cls, "msg": msg, "seconds": dt,
                  "hwm": hwm(), "base": base}))
"""


# -- builders ------------------------------------------------------------------------------


def syncsafe(n: int) -> bytes:
    return bytes([(n >> 21) & 0x7F, (n >> 14) & 0x7F, (n >> 7) & 0x7F, n & 0x7F])


def id3_header(major: int, flags: int, size: int) -> bytes:
    return b"ID3" + bytes([major, 0, flags]) + syncsafe(size)


def frame24(fid: bytes, size: int, flags: int = 0) -> bytes:
    return fid + syncsafe(size) + struct.pack(">H", flags)


def frame23(fid: bytes, size: int, flags: int = 0) -> bytes:
    return fid + struct.pack(">IH", size, flags)


MAX_TAG = 0x0FFFFFFF  # the largest synchsafe size


def sparse(path: Path, head: bytes, size: int, tail: bytes = b"") -> None:
    """``head`` at 0, ``tail`` at the end, holes between: ``size`` bytes in all."""
    with open(path, "wb") as f:
        f.write(head)
        if tail:
            f.seek(size - len(tail))
            f.write(tail)
        f.truncate(size)


def id3_text_nul(fid: bytes, prefix: bytes) -> Callable[[Path], None]:
    """A 256 MiB ID3v2.4 tag of one frame whose payload is NUL bytes, in a 300 MiB file."""

    def build(path: Path) -> None:
        head = id3_header(4, 0, MAX_TAG) + frame24(fid, MAX_TAG - 10) + prefix
        sparse(path, head, 300 * MiB)

    return build


def id3_unsynch(path: Path) -> None:
    """A v2.3 tag with the unsynchronisation flag: one text frame of 64 MiB of FF 00 pairs."""
    payload = b"\x00" + b"\xff\x00" * (32 * MiB)
    body = frame23(b"TIT2", len(payload)) + payload
    with open(path, "wb") as f:
        f.write(id3_header(3, 0x80, len(body)))
        f.write(body)


def id3_many_frames(path: Path) -> None:
    """1 M small TXXX frames with distinct descriptions (16 MiB)."""
    parts = [id3_header(4, 0, 0)]
    n = 1 << 20
    for i in range(n):
        parts.append(frame24(b"TXXX", 6) + b"\x00" + b"%05x" % i)
    body = b"".join(parts[1:])
    with open(path, "wb") as f:
        f.write(id3_header(4, 0, len(body)))
        f.write(body)


def id3_apic_clash(path: Path) -> None:
    """64 Ki pictures with one description: each clash makes mutagen salt the key longer."""
    frame = frame24(b"APIC", 5) + b"\x00\x00\x03\x00x"
    body = frame * (1 << 16)
    with open(path, "wb") as f:
        f.write(id3_header(4, 0, len(body)))
        f.write(body)


def id3_equ2(path: Path) -> None:
    """One EQU2 frame of 4 M adjustment records cycling through all 65536 frequencies."""
    recs = b"".join(struct.pack(">HH", i, 1) for i in range(1 << 16))
    payload = b"\x00x\x00" + recs * 64
    body = frame24(b"EQU2", len(payload)) + payload
    with open(path, "wb") as f:
        f.write(id3_header(4, 0, len(body)))
        f.write(body)


def id3_zlib_bomb(path: Path) -> None:
    """A compressed TXXX frame inflating to 256 MiB of NULs (from ~256 KiB)."""
    z = zlib.compressobj(9)
    chunk = bytes(MiB)
    packed = [z.compress(b"\x00")]
    for _ in range(256):
        packed.append(z.compress(chunk))
    packed.append(z.flush())
    data = b"".join(packed)
    payload = struct.pack(">I", 256 * MiB + 1) + data
    body = frame24(b"TXXX", len(payload), 0x0008 | 0x0001) + payload
    with open(path, "wb") as f:
        f.write(id3_header(4, 0, len(body)))
        f.write(body)


def flac_file(blocks: bytes) -> bytes:
    info = bytes.fromhex("1000 1000 000000 000000") + bytes([0x0A, 0xC4, 0x42, 0xF0]) + bytes(4) + bytes(16)
    return b"fLaC" + b"\x00" + struct.pack(">I", len(info))[1:] + info + blocks


def flac_empty_blocks(path: Path) -> None:
    """4 Mi empty APPLICATION blocks (16 MiB)."""
    blocks = b"\x02\x00\x00\x00" * ((4 << 20) - 1) + b"\x82\x00\x00\x00"
    path.write_bytes(flac_file(blocks))


def flac_comment_count(path: Path) -> None:
    """A Vorbis comment block claiming 2**32-1 comments, followed by 300 MiB of zeros (each
    four zero bytes an empty comment)."""
    head = flac_file(b"\x04\xff\xff\xff" + struct.pack("<I", 0) + struct.pack("<I", 0xFFFFFFFF))
    sparse(path, head, 300 * MiB)


# The keys of the distinct-key cases below (real files hold a few dozen).
DISTINCT_KEYS = 0x7FFF


def flac_distinct_keys(path: Path) -> None:
    """A Vorbis comment block of 32,767 comments, each key its own (0.4 MiB): grouped by
    folded key as they are read, which must not compare each with every key met before (that
    took seconds a file)."""
    n = DISTINCT_KEYS
    comments = b"".join(struct.pack("<I", len(c)) + c for c in (b"k%d=v" % i for i in range(n)))
    block = struct.pack("<I", 0) + struct.pack("<I", n) + comments
    path.write_bytes(flac_file(b"\x84" + struct.pack(">I", len(block))[1:] + block))


def flac_seektable(path: Path) -> None:
    """A 16 MiB SEEKTABLE block of zeros: 932 Ki seek points."""
    head = flac_file(b"\x83\xff\xff\xfc")
    sparse(path, head, len(head) + 0xFFFFFC + 1024)


def flac_picture_claims(path: Path) -> None:
    """A picture block whose data length claims 4 GiB in a 1 KiB file."""
    pic = struct.pack(">II", 3, 0) + struct.pack(">I", 0) + bytes(16) + struct.pack(">I", 0xFFFFFFFF)
    path.write_bytes(flac_file(b"\x86\x00\x01\x00" + pic) + bytes(1024))


def ogg_page(serial: int, seq: int, data: bytes, flags: int = 0, granule: int = 0) -> bytes:
    segs = []
    n = len(data)
    while n >= 255:
        segs.append(255)
        n -= 255
    if flags & 0x100:  # no terminating segment: the packet continues
        flags &= 0xFF
    else:
        segs.append(n)
    assert len(segs) <= 255
    hdr = b"OggS\x00" + bytes([flags]) + struct.pack("<qIII", granule, serial, seq, 0)
    hdr += bytes([len(segs)]) + bytes(segs)
    page = bytearray(hdr + data)
    return bytes(page)


VORBIS_ID = b"\x01vorbis" + struct.pack("<IIiiiBB", 0, 2, 44100, 0, 128000, 0, 0xB8) + b"\x01"


def empty_pages(serial: int, n: int, first_seq: int = 1) -> bytes:
    return b"".join(
        b"OggS\x00\x00" + struct.pack("<qIII", 0, serial, first_seq + i, 0) + b"\x00" for i in range(n)
    )


VORBIS_COMMENT = b"\x03vorbis" + struct.pack("<I", 0) + struct.pack("<I", 0) + b"\x01"


def ogg_foreign_pages(path: Path) -> None:
    """A Vorbis identification page, then 600 Ki empty pages of another stream (16 MiB): the
    comment packet never comes."""
    path.write_bytes(ogg_page(1, 0, VORBIS_ID, flags=0x02) + empty_pages(2, 600 << 10))


def ogg_foreign_tail(path: Path) -> None:
    """A whole Vorbis header, then 600 Ki empty pages of another stream (16 MiB): the last
    page of the stream is found by walking every page."""
    head = ogg_page(1, 0, VORBIS_ID, flags=0x02) + ogg_page(1, 1, VORBIS_COMMENT)
    head += ogg_page(1, 2, b"\x05vorbis", granule=44100)
    path.write_bytes(head + empty_pages(2, 600 << 10))


def ogg_comment_count(path: Path) -> None:
    """A Vorbis comment packet of 16 MiB of zeros after a count of 2**32-1: 4 Mi empty
    comments, carried on pages of 255 full segments."""
    packet = b"\x03vorbis" + struct.pack("<I", 0) + struct.pack("<I", 0xFFFFFFFF) + bytes(16 * MiB)
    pages = [ogg_page(1, 0, VORBIS_ID, flags=0x02)]
    step = 255 * 255
    seq = 1
    for off in range(0, len(packet), step):
        chunk = packet[off:off + step]
        last = off + step >= len(packet)
        flags = (0x01 if off else 0) | (0 if last else 0x100)
        if not last and len(chunk) == step:
            # exactly 255 segments of 255: the packet continues on the next page
            hdr = b"OggS\x00" + bytes([0x01 if off else 0]) + struct.pack("<qIII", 0, 1, seq, 0)
            pages.append(hdr + bytes([255]) + bytes([255] * 255) + chunk)
        else:
            pages.append(ogg_page(1, seq, chunk, flags=flags))
        seq += 1
    pages.append(ogg_page(1, seq, b"\x05vorbis", granule=44100 * 60))
    path.write_bytes(b"".join(pages))


def atom(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", 8 + len(body)) + kind + body


FTYP = atom(b"ftyp", b"M4A \x00\x00\x00\x00M4A mp42isom")


def mp4_many_atoms(path: Path) -> None:
    """A moov of 2 Mi empty free atoms (16 MiB)."""
    path.write_bytes(FTYP + atom(b"moov", atom(b"free", b"") * (2 << 20)))


def mp4_huge_leaf(path: Path) -> None:
    """A moov whose one leaf claims 2**62 bytes, in a 1 KiB file."""
    leaf = struct.pack(">I", 1) + b"free" + struct.pack(">Q", 1 << 62)
    path.write_bytes(FTYP + atom(b"moov", leaf) + bytes(1024))


def ilst(items: bytes) -> bytes:
    meta = atom(b"meta", b"\x00\x00\x00\x00" + atom(b"hdlr", bytes(8) + b"mdirappl" + bytes(9)) + atom(b"ilst", items))
    return atom(b"moov", atom(b"udta", meta))


def mp4_many_values(path: Path) -> None:
    """One ilst item with 1 Mi empty text data atoms (16 MiB)."""
    data = atom(b"data", b"\x00\x00\x00\x01\x00\x00\x00\x00")
    path.write_bytes(FTYP + ilst(atom(b"\xa9nam", data * (1 << 20))))


def mp4_huge_item(path: Path) -> None:
    """One text item of 300 MiB of zeros (a sparse file): its data atom claims all of it."""
    n = 300 * MiB - 200
    data_head = struct.pack(">I", n - 8) + b"data" + b"\x00\x00\x00\x01\x00\x00\x00\x00"
    item_head = struct.pack(">I", n) + b"\xa9nam" + data_head
    ilst_head = struct.pack(">I", n + 8) + b"ilst"
    hdlr = atom(b"hdlr", bytes(8) + b"mdirappl" + bytes(9))
    meta_head = struct.pack(">I", 8 + 4 + len(hdlr) + n + 8) + b"meta" + bytes(4) + hdlr
    meta_len = 8 + 4 + len(hdlr) + n + 8
    udta_head = struct.pack(">I", meta_len + 8) + b"udta"
    moov_head = struct.pack(">I", meta_len + 16) + b"moov"
    head = FTYP + moov_head + udta_head + meta_head + ilst_head + item_head
    sparse(path, head, len(FTYP) + meta_len + 16)


def mp4_many_items(path: Path) -> None:
    """700 Ki freeform items with distinct names (about 40 MiB)."""
    items = []
    for i in range(700 << 10):
        name = b"%06x" % i
        items.append(atom(b"----", atom(b"mean", b"\x00\x00\x00\x00com.x") + atom(b"name", b"\x00\x00\x00\x00" + name)))
    path.write_bytes(FTYP + ilst(b"".join(items)))


def wave_many_chunks(path: Path) -> None:
    """A RIFF/WAVE file of 1 Mi empty chunks (8 MiB) before its fmt chunk."""
    body = b"WAVE" + b"junk\x00\x00\x00\x00" * (1 << 20) + b"fmt \x10\x00\x00\x00" + bytes(16)
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)


def aiff_many_chunks(path: Path) -> None:
    """An AIFF file of 1 Mi empty chunks (8 MiB) before its COMM chunk."""
    body = b"AIFF" + b"junk\x00\x00\x00\x00" * (1 << 20) + b"COMM\x00\x00\x00\x12" + bytes(18)
    path.write_bytes(b"FORM" + struct.pack(">I", len(body)) + body)


def smf_many_tempos(path: Path) -> None:
    """A MIDI file whose one track is 2 Mi tempo changes (14 MiB)."""
    track = b"\x00\xff\x51\x03\x07\xa1\x20" * (2 << 20)
    head = b"MThd" + struct.pack(">IHHH", 6, 0, 1, 96)
    path.write_bytes(head + b"MTrk" + struct.pack(">I", len(track)) + track)


def smf_many_events(path: Path) -> None:
    """A MIDI file whose one track is 8 Mi note events (about 32 MiB)."""
    track = b"\x00\x90\x3c\x40" * (8 << 20)
    head = b"MThd" + struct.pack(">IHHH", 6, 0, 1, 96)
    path.write_bytes(head + b"MTrk" + struct.pack(">I", len(track)) + track)


def ape_footer(size: int, items: int, flags: int = 0) -> bytes:
    return b"APETAGEX" + struct.pack("<IIII", 2000, size, items, flags) + bytes(8)


def ape_many_items(path: Path) -> None:
    """An APEv2 tag of 1 Mi empty items (11 MiB) whose footer counts 2**32 - 1."""
    body = (struct.pack("<II", 0, 0) + b"ab\x00") * (1 << 20)
    path.write_bytes(body + ape_footer(len(body) + 32, 0xFFFFFFFF))


def ape_huge_tag(path: Path) -> None:
    """An APEv2 footer claiming a 300 MiB tag, over 300 MiB of zeros (a sparse file)."""
    n = 300 * MiB
    sparse(path, b"", n + 32, ape_footer(n + 32, 1))


def wavpack_many_blocks(path: Path) -> None:
    """2 Mi WavPack block headers 8 bytes apart (16 MiB; the first gives no total)."""
    path.write_bytes(b"wvpk\x00\x00\x00\x00" * (2 << 20) + bytes(32))


def musepack_packet_loop(path: Path) -> None:
    """An SV8 packet of size 0, which leads back to itself (mutagen loops forever)."""
    path.write_bytes(b"MPCKXX\x00" + bytes(64))


def tak_many_blocks(path: Path) -> None:
    """1 Mi empty TAK metadata blocks (4 MiB)."""
    path.write_bytes(b"tBaK" + b"\x02\x00\x00\x00" * (1 << 20))


ASF_HEADER = bytes.fromhex("3026b2758e66cf11a6d900aa0062ce6c")
ASF_EXTENDED = bytes.fromhex("40a4d0d207e3d21197f000a0c95ea850")
ASF_EXTENSION = bytes.fromhex("b503bf5f2ea9cf118ee300c00c205365")


def asf_object(guid: bytes, body: bytes) -> bytes:
    return guid + struct.pack("<Q", 24 + len(body)) + body


def asf_file(objects: List[bytes], count: int = -1) -> bytes:
    body = b"".join(objects)
    n = len(objects) if count < 0 else count
    return ASF_HEADER + struct.pack("<QI", 30 + len(body), n) + b"\x01\x02" + body


def asf_many_objects(path: Path) -> None:
    """1 Mi empty objects in the header (24 MiB)."""
    path.write_bytes(asf_file([asf_object(b"\x11" * 16, b"")] * (1 << 20)))


def asf_many_attributes(path: Path) -> None:
    """Eight extended content descriptions of 65535 empty attributes each (3 MiB)."""
    ext = asf_object(ASF_EXTENDED, struct.pack("<H", 0xFFFF) + b"\x00\x00\x01\x00\x00\x00" * 0xFFFF)
    path.write_bytes(asf_file([ext] * 8))


def asf_distinct_attributes(path: Path) -> None:
    """An extended content description of 32,767 text attributes, every name its own
    (0.7 MiB): grouped by name for the raw tags, as the Vorbis keys above."""
    objects = []
    for o in range(1):
        attrs = []
        for i in range(DISTINCT_KEYS):
            name = f"n{o}.{i}\0".encode("utf-16-le")
            value = "v\0".encode("utf-16-le")
            attrs.append(struct.pack("<H", len(name)) + name + struct.pack("<HH", 0, len(value)) + value)
        objects.append(asf_object(ASF_EXTENDED, struct.pack("<H", len(attrs)) + b"".join(attrs)))
    path.write_bytes(asf_file(objects))


def asf_extension_steps(path: Path) -> None:
    """A header extension of 4 MiB of empty objects (174 Ki of them)."""
    n = 4 * MiB
    inner = (b"\x22" * 16 + struct.pack("<Q", 24)) * (n // 24)
    ext = asf_object(ASF_EXTENSION, bytes(18) + struct.pack("<I", len(inner)) + inner)
    path.write_bytes(asf_file([ext]))


def asf_huge_object(path: Path) -> None:
    """A header and an object that claim 2**62 bytes, in a 1 KiB file."""
    obj = b"\x11" * 16 + struct.pack("<Q", 1 << 62)
    path.write_bytes(ASF_HEADER + struct.pack("<QI", 1 << 63, 1) + b"\x01\x02" + obj + bytes(1024))


# (name, builder, opener)
CASES: List[Tuple[str, Callable[[Path], None], str]] = [
    ("id3_text_nul_latin1", id3_text_nul(b"TIT2", b"\x00"), "ID3"),
    ("id3_text_nul_utf8", id3_text_nul(b"TIT2", b"\x03"), "ID3"),
    ("id3_text_nul_utf16", id3_text_nul(b"TIT2", b"\x01"), "ID3"),
    ("id3_txxx_nul", id3_text_nul(b"TXXX", b"\x00"), "ID3"),
    ("id3_sylt_nul", id3_text_nul(b"SYLT", b"\x00eng\x02\x01"), "ID3"),
    ("id3_etco_nul", id3_text_nul(b"ETCO", b"\x02"), "ID3"),
    ("id3_tipl_nul", id3_text_nul(b"TIPL", b"\x00"), "ID3"),
    ("mp3_no_frames_nul_tag", id3_text_nul(b"TIT2", b"\x00"), "File"),
    ("id3_unsynch", id3_unsynch, "ID3"),
    ("id3_many_frames", id3_many_frames, "ID3"),
    ("id3_apic_clash", id3_apic_clash, "ID3"),
    ("id3_equ2", id3_equ2, "ID3"),
    ("id3_zlib_bomb", id3_zlib_bomb, "ID3"),
    ("flac_empty_blocks", flac_empty_blocks, "FLAC"),
    ("flac_comment_count", flac_comment_count, "FLAC"),
    ("flac_distinct_keys", flac_distinct_keys, "FLAC"),
    ("flac_distinct_keys_columnar", flac_distinct_keys, "batch_open_columnar"),
    ("flac_seektable", flac_seektable, "FLAC"),
    ("flac_picture_claims", flac_picture_claims, "FLAC"),
    ("ogg_foreign_pages", ogg_foreign_pages, "OggVorbis"),
    ("ogg_foreign_tail", ogg_foreign_tail, "OggVorbis"),
    ("ogg_comment_count", ogg_comment_count, "OggVorbis"),
    ("mp4_many_atoms", mp4_many_atoms, "MP4"),
    ("mp4_huge_leaf", mp4_huge_leaf, "MP4"),
    ("mp4_huge_item", mp4_huge_item, "MP4"),
    ("mp4_many_values", mp4_many_values, "MP4"),
    ("mp4_many_items", mp4_many_items, "MP4"),
    ("wave_many_chunks", wave_many_chunks, "File"),
    ("aiff_many_chunks", aiff_many_chunks, "File"),
    ("smf_many_tempos", smf_many_tempos, "SMF"),
    ("smf_many_events", smf_many_events, "SMF"),
    ("ape_many_items", ape_many_items, "APEv2"),
    ("ape_huge_tag", ape_huge_tag, "APEv2"),
    ("wavpack_many_blocks", wavpack_many_blocks, "WavPack"),
    ("musepack_packet_loop", musepack_packet_loop, "Musepack"),
    ("tak_many_blocks", tak_many_blocks, "TAK"),
    ("asf_many_objects", asf_many_objects, "ASF"),
    ("asf_many_attributes", asf_many_attributes, "ASF"),
    ("asf_distinct_attributes", asf_distinct_attributes, "ASF"),
    ("asf_extension_steps", asf_extension_steps, "File"),
    ("asf_huge_object", asf_huge_object, "ASF"),
    # The batch entry points on files that claim most.
    ("batch_open_id3_nul", id3_text_nul(b"TIT2", b"\x00"), "batch_open"),
    ("iter_open_id3_nul", id3_text_nul(b"TIT2", b"\x00"), "iter_open"),
    ("batch_open_json_id3_nul", id3_text_nul(b"TIT2", b"\x00"), "batch_open_json"),
    ("batch_iterator_id3_nul", id3_text_nul(b"TIT2", b"\x00"), "BatchIterator"),
    ("batch_open_flac_comments", flac_comment_count, "batch_open"),
]


def measure(name: str, build: Callable[[Path], None], opener: str, tmp: Path) -> Dict:
    path = tmp / f"{name}.bin"
    build(path)
    size = path.stat().st_size
    batch = opener in BATCH_OPENERS
    budget_s = max(size * (BATCH if batch else 1) / (100 * MB), MIN_SECONDS)
    budget_mem = (THREADS if batch else 1) * 2 * size + 64 * MiB
    cap = AS_CAP + size
    start = time.perf_counter()
    try:
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(path), opener, str(cap), str(BATCH), str(THREADS)],
            capture_output=True,
            text=True,
            timeout=budget_s * 10 + 20,
        )
        lines = out.stdout.strip().splitlines()
        if out.returncode != 0 or not lines:
            res = {"outcome": "crashed", "class": str(out.returncode), "msg": out.stderr[-300:],
                   "seconds": float("nan"), "hwm": 0}
        else:
            res = json.loads(lines[-1])
    except subprocess.TimeoutExpired:
        res = {"outcome": "timeout", "class": "", "msg": "", "seconds": budget_s * 10 + 20, "hwm": 0}
    path.unlink()
    res["wall"] = time.perf_counter() - start
    res.update(name=name, size=size, budget_s=budget_s, budget_mem=budget_mem)
    return res


@pytest.mark.parametrize("name,build,opener", CASES, ids=[c[0] for c in CASES])
def test_hostile_file_is_bounded(name, build, opener, tmp_path):
    r = measure(name, build, opener, tmp_path)
    assert r["outcome"] in ("ok", "MutagenError"), r
    assert r["seconds"] <= r["budget_s"], r
    assert r["hwm"] <= r["budget_mem"], r


def main(argv: List[str]) -> None:
    wanted = set(argv)
    with tempfile.TemporaryDirectory() as d:
        for name, build, opener in CASES:
            if wanted and name not in wanted:
                continue
            r = measure(name, build, opener, Path(d))
            print(
                f"{name:24} {r['size'] / MiB:8.1f} MiB  {r['seconds']:7.2f} s (<= {r['budget_s']:.2f})"
                f"  peak {r['hwm'] / MiB:8.1f} MiB (<= {r['budget_mem'] / MiB:.0f})"
                f"  wall {r['wall']:6.2f} s  {r['outcome']} {r['class']}: {r['msg'][:90]}",
                flush=True,
            )


if __name__ == "__main__":
    main(sys.argv[1:])


# -- the limits sit far above real files ------------------------------------------------------


def documented_limits() -> Dict[str, int]:
    """The caps of ``parsers/src/error.rs`` (``limits::MAX_*``), by name."""
    import re

    text = (Path(__file__).resolve().parents[2] / "parsers" / "src" / "error.rs").read_text()
    out = {}
    for name, expr in re.findall(r"pub const MAX_(\w+): \w+ = ([0-9 <]+);", text):
        a, _, b = expr.partition("<<")
        out[name] = int(a) << int(b) if b else int(a)
    return out


def _raw_id3_frames(data: bytes) -> int:
    """How many frames the frame walk of an ID3v2 tag at the start of ``data`` meets."""
    if data[:3] != b"ID3" or len(data) < 10:
        return 0
    major = data[3]
    size = 0
    for b in data[6:10]:
        size = (size << 7) | (b & 0x7F)
    body = data[10:10 + size]
    head = 10 if major >= 3 else 6
    o = n = 0
    while o + head <= len(body):
        if not body[o:o + (3 if major < 3 else 4)].strip(b"\0"):
            break
        if major >= 3:
            raw = struct.unpack(">I", body[o + 4:o + 8])[0]
            if major == 4:
                raw = (raw & 0x7F) | ((raw >> 8) & 0x7F) << 7 | ((raw >> 16) & 0x7F) << 14 | ((raw >> 24) & 0x7F) << 21
        else:
            raw = int.from_bytes(body[o + 3:o + 6], "big")
        o += head + raw
        n += 1
    return n


def real_figures(files) -> Dict[str, int]:
    """The largest count of each limited kind over ``files``, as mutagen reads them."""
    from mutagen import flac as mflac, id3 as mid3, mp4 as mmp4, ogg as mogg
    import mutagen

    most: Dict[str, int] = {}

    def up(k: str, v: int) -> None:
        most[k] = max(most.get(k, 0), v)

    def id3_values(tags) -> int:
        n = 0
        for f in tags.values():
            for attr in ("text", "people", "events", "adjustments", "Ni"):
                v = getattr(f, attr, None)
                if isinstance(v, (list, tuple, dict)):
                    n += len(v)
            sub = getattr(f, "sub_frames", None)
            if sub is not None:
                n += id3_values(sub)
        return n

    def atoms(a) -> int:
        return 1 + sum(atoms(c) for c in (a.children or []))

    for p in files:
        data = Path(p).read_bytes()
        up("FRAMES", _raw_id3_frames(data))
        try:
            t = mid3.ID3(p)
            up("VALUES", id3_values(t))
            keys = [k.rstrip(" ") for k in t.keys() if k.startswith("APIC")]
            if keys:
                up("SAME_KEY", max(keys.count(k) for k in keys))
        except Exception:
            pass
        try:
            f = mflac.FLAC(p)
            up("BLOCKS", len(f.metadata_blocks))
            if f.tags is not None:
                up("VALUES", len(f.tags))
            if f.seektable:
                up("VALUES", len(f.seektable.seekpoints))
        except Exception:
            pass
        try:
            with open(p, "rb") as fh:
                up("ATOMS", sum(atoms(a) for a in mmp4.Atoms(fh).atoms))
            m = mmp4.MP4(p)
            if m.tags is not None:
                up("VALUES", sum(len(v) if isinstance(v, list) else 1 for v in m.tags.values()))
        except Exception:
            pass
        if data[:4] in (b"FORM", b"RIFF", b"FRM8"):
            from mutagen import aiff as maiff, _riff as mriff, dsdiff as mdsdiff

            kind = {b"FORM": maiff.AIFFFile, b"RIFF": mriff.RiffFile, b"FRM8": mdsdiff.DSDIFFFile}[data[:4]]
            try:
                with open(p, "rb") as fh:
                    up("CHUNKS", len(kind(fh).root.subchunks()))
            except Exception:
                pass
        if data[:16] == ASF_HEADER:
            try:
                header = mutagen.File(p)._header
            except Exception:
                header = None
            if header is not None:

                def count(objs) -> int:
                    return sum(1 + count(o.objects) for o in objs)

                def nesting(objs) -> int:
                    return max([1 + nesting(o.objects) for o in objs if o.objects], default=0)

                up("ASF_OBJECTS", count(header.objects))
                up("ASF_DEPTH", nesting(header.objects))
                up("VALUES", len(mutagen.File(p).tags))
        if data[:4] == b"OggS":
            n = 0
            with open(p, "rb") as fh:
                while True:
                    try:
                        mogg.OggPage(fh)
                    except Exception:
                        break
                    n += 1
            up("PAGES", n)
            try:
                f = mutagen.File(p)
                if f is not None and f.tags is not None:
                    up("VALUES", len(f.tags))
            except Exception:
                pass
    return most


def test_real_files_stay_far_below_every_limit():
    """Every limit is at least 64 times the largest figure of mutagen's test data, the
    real-encoder files and the generated test corpus (when it has been generated)."""
    from conftest import FILES, ROOT

    files = list(FILES)
    generated = ROOT / "target" / "test-corpus"
    if generated.is_dir():
        files += [p for p in generated.rglob("*") if p.is_file() and p.suffix != ".json"]
    limits = documented_limits()
    assert {"VALUES", "FRAMES", "SAME_KEY", "BLOCKS", "ATOMS", "PAGES", "CHUNKS", "ASF_OBJECTS",
            "ASF_DEPTH"} <= set(limits)
    figures = real_figures(files)
    for name, value in figures.items():
        assert value * 64 <= limits[name], (name, value, limits[name])
    assert figures.get("VALUES", 0) > 0 and figures.get("ATOMS", 0) > 0
