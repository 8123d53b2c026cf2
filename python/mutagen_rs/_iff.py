"""IFF chunks (the container of AIFF, DSDIFF and, little-endian, RIFF/WAVE), under the names of
``mutagen._iff``.

This package does not read IFF files yet: the chunk and file classes raise :class:`error`.
Checking chunk IDs needs no file and works.
"""

from __future__ import annotations

from ._unread import refuser, unread
from ._util import MutagenError
from .id3 import ID3

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


@unread(error, "ID3 tags in IFF chunks", empty=True)
class IffID3(ID3):
    """An ID3 tag kept in a chunk of an IFF file (not read yet; ``IffID3()`` is an empty
    tag)."""
