"""IFF chunks (the container of AIFF, DSDIFF and, little-endian, RIFF/WAVE), under the names of
``mutagen._iff``.

The formats built on IFF are read by the native core (``parsers/src/iff/``); the chunk and
file classes of this module, which walk a file object chunk by chunk, are not provided and
raise :class:`error`. Checking chunk IDs needs no file and works, and :class:`IffID3` is the
base of the ID3 tags kept in a chunk.
"""

from __future__ import annotations

from typing import Any, Callable

from . import _native
from ._unread import refuser, unread
from ._util import MutagenError, read_only
from .id3 import ID3
from .id3._util import ID3NoHeaderError

_WHAT = "IFF chunks"


class error(MutagenError):
    """An IFF file could not be read."""


class InvalidChunk(error):
    """A chunk that is broken or not where it was looked for."""


class EmptyChunk(InvalidChunk):
    """A chunk header cut short by the end of the file."""


def is_valid_chunk_id(id: str) -> bool:
    """Whether ``id`` (a ``str``) is a chunk ID: one to four printable ASCII characters."""
    if not isinstance(id, str):
        raise AssertionError("a chunk ID must be str, not %r" % (id,))
    return 0 < len(id) <= 4 and all(" " <= c <= "~" for c in id)


def assert_valid_chunk_id(id: str) -> None:
    """Raise ``ValueError`` unless :func:`is_valid_chunk_id` accepts ``id``."""
    if not is_valid_chunk_id(id):
        raise ValueError("an IFF chunk ID is one to four printable ASCII characters")


@unread(error, _WHAT, methods=("parse",))
class IffChunk(object):
    """One chunk of an IFF file: an ID, a size and data (not read yet)."""

    HEADER_SIZE = 8
    """The size of a chunk header: ID and size."""


class IffContainerChunkMixin(object):
    """A chunk holding other chunks (not read yet)."""

    parse_next_subchunk = refuser(error, _WHAT)
    init_container = refuser(error, _WHAT)
    subchunks = refuser(error, _WHAT)


@unread(error, "IFF files")
class IffFile(object):
    """The chunks of an IFF file (not read yet)."""


def chunk_tag_reader(kind: str) -> Callable:
    """The ``_read_payload`` method of the ID3 class of the format ``kind`` (``"AIFF"``,
    ``"WAVE"``, ``"DSF"``, ``"DSDIFF"``): the tag where the format keeps it, or
    ``ID3NoHeaderError`` where there is none."""

    def _read_payload(self: Any, native_input: Any, **options: Any) -> tuple:
        payload = _native.read_iff_id3(kind, native_input, **options)
        if payload is None:
            raise ID3NoHeaderError("No ID3 chunk")
        return payload

    return _read_payload


class IffID3(ID3):
    """An ID3 tag kept in a chunk of an IFF file. Each format has its subclass, which knows
    where its tag is; ``IffID3`` itself cannot read one (:class:`error`), and ``IffID3()`` is
    an empty tag."""

    def _read_payload(self, native_input: Any, **options: Any) -> tuple:
        raise error("Not implemented")

    # Saving or removing the tag means writing its chunk, which this package does not do yet
    # (``ID3.save`` would put an ID3v2 tag at the start of the file).
    save = read_only
    delete = read_only
