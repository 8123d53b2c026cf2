"""Differential tests: mutagen_rs must read every file exactly as mutagen 1.48.1 does.

Every file of mutagen's own test data and of ``corpus/real`` is opened with each format class
and with ``File()``, by both libraries, and the full descriptions (see ``differential.py``) must
be equal, or both must raise the same exception class.
"""

from __future__ import annotations

import importlib

import mutagen
import pytest

import mutagen_rs
from conftest import CLASSES, FILES, IDS
from differential import describe, first_difference, outcome


# mutagen's class names that mutagen_rs reads: every kind mutagen.File() picks from.
SUPPORTED = {"MP3", "ID3FileType", "FLAC", "OggVorbis", "OggOpus", "OggFLAC", "OggSpeex", "OggTheora", "MP4",
             "AIFF", "WAVE", "DSF", "DSDIFF", "AC3", "AAC", "SMF", "APEv2File", "WavPack", "MonkeysAudio",
             "Musepack", "TAK", "OptimFROG", "TrueAudio", "ASF"}



def _classes(module: str, name: str):
    theirs = getattr(importlib.import_module(f"mutagen.{module}"), name)
    ours = getattr(importlib.import_module(f"mutagen_rs.{module}"), name)
    return theirs, ours


@pytest.mark.parametrize("module,name", CLASSES, ids=[c[1] for c in CLASSES])
@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_class_reads_identically(path, module, name):
    theirs, ours = _classes(module, name)
    expected = outcome(theirs, str(path))
    got = outcome(ours, str(path))
    assert got == expected, first_difference(expected, got)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_file_picks_and_reads_identically(path):
    try:
        theirs = mutagen.File(str(path))
    except Exception as e:  # noqa: BLE001
        theirs = e
    got = outcome(mutagen_rs.File, str(path))
    if theirs is not None and not isinstance(theirs, Exception):
        assert type(theirs).__name__ in SUPPORTED
    expected = describe(theirs)
    assert got == expected, first_difference(expected, got)


@pytest.mark.parametrize("path", FILES[:20], ids=IDS[:20])
def test_file_objects_read_like_paths(path):
    with open(path, "rb") as f:
        try:
            read = mutagen_rs.File(f)
        except Exception as e:  # noqa: BLE001
            read = e
    # Described once the file is closed: a DSF file keeps the file object it was read from
    # (``info.fmt_chunk.fileobj``), closed after a read from a path.
    got = describe(read)
    expected = outcome(mutagen_rs.File, str(path))
    assert got == expected, first_difference(expected, got)

