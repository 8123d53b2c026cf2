"""DSF (DSD Stream File) files, under the names of ``mutagen.dsf``.

This package does not read DSF files yet: opening one raises :class:`error`.
"""

from __future__ import annotations

from typing import Any

from ._file import FileType, StreamInfo
from ._unread import unread
from ._util import MutagenError, read_only
from .id3 import ID3

__all__ = ["DSF", "Open", "delete"]

_WHAT = "DSF files"


class error(MutagenError):
    """A DSF file could not be read."""


@unread(error, _WHAT)
class DSFChunk(object):
    """A chunk of a DSF file (not read yet)."""


@unread(error, _WHAT)
class DSDChunk(DSFChunk):
    """The ``DSD`` chunk that starts a DSF file (not read yet)."""


@unread(error, _WHAT)
class FormatChunk(DSFChunk):
    """The ``fmt`` chunk: the stream format (not read yet)."""


@unread(error, _WHAT)
class DataChunk(DSFChunk):
    """The ``data`` chunk: the samples (not read yet)."""


@unread(error, _WHAT, empty=True)
class _DSFID3(ID3):
    """The ID3 tag at the end of a DSF file (not read yet)."""


@unread(error, _WHAT)
class DSFInfo(StreamInfo):
    """DSF stream information: ``length``, ``channels``, ``sample_rate``,
    ``bits_per_sample`` and ``bitrate`` (not read yet)."""

    length = 0
    channels = 0
    sample_rate = 0
    bits_per_sample = 0
    bitrate = 0


@unread(error, _WHAT)
class DSFFile(object):
    """The chunks of a DSF file (not read yet)."""


@unread(error, _WHAT, empty=True)
class DSF(FileType):
    """A DSF file (not read yet: opening one raises :class:`error`)."""

    _mimes = ["audio/dsf"]

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """0: this package does not read DSF files yet."""
        return 0


Open = DSF

delete = read_only
