"""Binary values: ``bytes`` in the default build, ``_native.Blob`` in the ``zero-copy`` build,
with the same content either way (the differential tests compare the content on every file)."""

from __future__ import annotations

import copy
import hashlib
import io
import pickle

import mutagen
import pytest

import mutagen_rs
from mutagen_rs import _native
from conftest import mutagen_files, real_files


def _pictures(path) -> list:
    """(ours, theirs) pairs of the picture data of one file: FLAC pictures and ID3 APIC frames."""
    try:
        ours = mutagen_rs.File(path)
        theirs = mutagen.File(path)
    except (mutagen.MutagenError, mutagen_rs.MutagenError):
        return []
    pairs = []
    if hasattr(ours, "pictures"):
        pairs += [(a.data, b.data) for a, b in zip(ours.pictures, theirs.pictures)]
    if ours is not None and ours.tags is not None and hasattr(ours.tags, "getall"):
        pairs += [(a.data, b.data) for a, b in zip(ours.tags.getall("APIC"), theirs.tags.getall("APIC"))]
    return pairs


def _files_with_pictures() -> list:
    files = real_files() + mutagen_files()
    out = [p for p in files if p.suffix in (".mp3", ".flac", ".id3") and _pictures(p)]
    assert out, "the corpus has files with pictures"
    return out


def test_binary_values_have_the_build_type_and_mutagen_content() -> None:
    for path in _files_with_pictures():
        for ours, theirs in _pictures(path):
            if _native.ZERO_COPY:
                assert type(ours) is _native.Blob
                assert not isinstance(ours, bytes)
            else:
                assert type(ours) is bytes
            assert ours == theirs
            assert bytes(ours) == theirs
            assert len(ours) == len(theirs)


@pytest.mark.skipif(not _native.ZERO_COPY, reason="the default build gives bytes")
def test_blob_acts_like_bytes() -> None:
    path = _files_with_pictures()[0]
    blob, data = _pictures(path)[0]
    view = memoryview(blob)
    assert view.readonly
    assert view.nbytes == len(data)
    assert view.tobytes() == data
    with pytest.raises(TypeError):
        view[0] = 0
    assert blob[0] == data[0]
    assert blob[-1] == data[-1]
    assert blob[:8] == data[:8] and type(blob[:8]) is bytes
    assert blob[2:20:3] == data[2:20:3]
    with pytest.raises(IndexError):
        blob[len(data)]
    assert hash(blob) == hash(data)
    assert repr(blob) == repr(data)
    assert blob == data and not blob != data
    assert blob != data[:-1] and blob > data[:-1]
    assert (blob == "text") is False
    assert hashlib.sha1(blob).digest() == hashlib.sha1(data).digest()
    out = io.BytesIO()
    out.write(blob)
    assert out.getvalue() == data
    # Pickles and copies hold the equal bytes.
    for clone in (pickle.loads(pickle.dumps(blob)), copy.copy(blob), copy.deepcopy(blob)):
        assert clone == data and type(clone) in (bytes, _native.Blob)
    assert type(pickle.loads(pickle.dumps(blob))) is bytes
    # The view keeps the blob's memory alive after the blob itself is dropped.
    del blob
    assert view.tobytes() == data
    view.release()
