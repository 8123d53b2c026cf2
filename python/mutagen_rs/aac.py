"""ADTS and ADIF AAC files, under the names of ``mutagen.aac``.

This package does not read ADTS and ADIF AAC files yet: opening one raises :class:`AACError`.
"""

from __future__ import annotations

from typing import Any

from ._file import FileType, StreamInfo
from ._unread import unread
from ._util import MutagenError

__all__ = ["AAC", "Open"]

_WHAT = "ADTS and ADIF AAC files"


class AACError(MutagenError):
    """A ADTS and ADIF AAC file could not be read."""


error = AACError


@unread(error, _WHAT)
class AACInfo(StreamInfo):
    """ADTS and ADIF AAC stream information: ``length``, ``bitrate``, ``channels`` and
    ``sample_rate`` (not read yet)."""

    length = 0
    bitrate = 0
    channels = 0
    sample_rate = 0


@unread(error, _WHAT, empty=True)
class AAC(FileType):
    """A ADTS and ADIF AAC file (not read yet: opening one raises :class:`AACError`)."""

    _mimes = ["audio/x-aac"]

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """0: this package does not read ADTS and ADIF AAC files yet."""
        return 0


Open = AAC
