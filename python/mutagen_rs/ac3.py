"""AC3 and E-AC3 files, under the names of ``mutagen.ac3``.

This package does not read AC3 and E-AC3 files yet: opening one raises :class:`AC3Error`.
"""

from __future__ import annotations

from typing import Any

from ._file import FileType, StreamInfo
from ._unread import unread
from ._util import MutagenError

__all__ = ["AC3", "Open"]

_WHAT = "AC3 and E-AC3 files"


class AC3Error(MutagenError):
    """A AC3 and E-AC3 file could not be read."""


error = AC3Error


@unread(error, _WHAT)
class AC3Info(StreamInfo):
    """AC3 and E-AC3 stream information: ``length``, ``bitrate``, ``channels``,
    ``sample_rate``, ``codec`` and ``channel_mode`` (not read yet)."""

    length = 0
    bitrate = 0
    channels = 0
    sample_rate = 0
    codec = None
    channel_mode = None


@unread(error, _WHAT, empty=True)
class AC3(FileType):
    """A AC3 and E-AC3 file (not read yet: opening one raises :class:`AC3Error`)."""

    _mimes = ["audio/ac3"]

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """0: this package does not read AC3 and E-AC3 files yet."""
        return 0


Open = AC3
