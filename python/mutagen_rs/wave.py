"""WAVE files, under the names of ``mutagen.wave``.

This package does not read WAVE files yet: opening one raises :class:`error`.
"""

from __future__ import annotations

from typing import Any

from ._file import FileType, StreamInfo
from ._iff import InvalidChunk  # noqa: F401 - mutagen.wave has it too
from ._iff import error as _IffError
from ._riff import RiffFile
from ._unread import unread
from ._util import read_only
from .id3 import ID3

__all__ = ["WAVE", "Open", "delete"]

_WHAT = "WAVE files"


class error(_IffError):
    """A WAVE file could not be read."""


@unread(error, _WHAT)
class _WaveFile(RiffFile):
    """The chunks of a WAVE file (not read yet)."""


@unread(error, _WHAT)
class WaveStreamInfo(StreamInfo):
    """WAVE stream information: ``length``, ``bitrate``, ``channels``, ``sample_rate``,
    ``bits_per_sample`` and ``sample_size`` (not read yet)."""

    length = 0
    bitrate = 0
    channels = 0
    sample_rate = 0
    bits_per_sample = 0
    sample_size = 0


@unread(error, _WHAT, empty=True)
class _WaveID3(ID3):
    """The ID3 tag in the ``id3`` chunk of a WAVE file (not read yet)."""


delete = read_only


@unread(error, _WHAT, empty=True)
class WAVE(FileType):
    """A WAVE file (not read yet: opening one raises :class:`error`)."""

    _mimes = ["audio/wav", "audio/wave"]

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """0: this package does not read WAVE files yet."""
        return 0


Open = WAVE
