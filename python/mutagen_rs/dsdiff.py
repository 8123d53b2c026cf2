"""DSDIFF (DSD Interchange File Format) files, under the names of ``mutagen.dsdiff``.

This package does not read DSDIFF files yet: opening one raises :class:`error`.
"""

from __future__ import annotations

from typing import Any

from ._file import FileType, StreamInfo
from ._iff import IffChunk, IffContainerChunkMixin, IffFile, IffID3
from ._iff import InvalidChunk  # noqa: F401 - mutagen.dsdiff has it too
from ._iff import error as _IffError
from ._unread import unread
from ._util import read_only

__all__ = ["DSDIFF", "Open", "delete"]

_WHAT = "DSDIFF files"


class error(_IffError):
    """A DSDIFF file could not be read."""


@unread(error, _WHAT, methods=("parse",))
class DSDIFFChunk(IffChunk):
    """One chunk of a DSDIFF file (not read yet)."""


@unread(error, _WHAT, methods=("parse",))
class DSDIFFListChunk(DSDIFFChunk, IffContainerChunkMixin):
    """A DSDIFF chunk holding other chunks (not read yet)."""


@unread(error, _WHAT, methods=("parse",))
class DSTChunk(DSDIFFChunk, IffContainerChunkMixin):
    """The ``DST`` chunk of DST-compressed audio (not read yet)."""


@unread(error, _WHAT)
class DSDIFFFile(IffFile):
    """The chunks of a DSDIFF file (not read yet)."""


@unread(error, _WHAT)
class DSDIFFInfo(StreamInfo):
    """DSDIFF stream information: ``length``, ``channels``, ``sample_rate``,
    ``bits_per_sample``, ``bitrate`` and ``compression`` (not read yet)."""

    length = 0
    channels = 0
    sample_rate = 0
    bits_per_sample = 0
    bitrate = 0
    compression = None


@unread(error, _WHAT, empty=True)
class _DSDIFFID3(IffID3):
    """The ID3 tag in the ``ID3`` chunk of a DSDIFF file (not read yet)."""


delete = read_only


@unread(error, _WHAT, empty=True)
class DSDIFF(FileType):
    """A DSDIFF file (not read yet: opening one raises :class:`error`)."""

    _mimes = ["audio/x-dff"]

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """0: this package does not read DSDIFF files yet."""
        return 0


Open = DSDIFF
