"""TAK files, under the names of ``mutagen.tak``.

This package does not read TAK files yet: opening one raises ``mutagen_rs.apev2.error``
(this module's ``error``).
"""

from __future__ import annotations

from typing import Any

from ._file import StreamInfo
from ._unread import unread
from .apev2 import APEv2File, delete, error

__all__ = ["TAK", "Open", "delete"]

_WHAT = "TAK files"


class TAKHeaderError(error):
    """The TAK header is missing or broken."""


@unread(error, _WHAT)
class TAKInfo(StreamInfo):
    """TAK stream information: ``length``, ``bitrate``, ``channels``, ``sample_rate``,
    ``bits_per_sample`` and ``encoder_info`` (not read yet)."""

    length = 0
    bitrate = 0
    channels = 0
    sample_rate = 0
    bits_per_sample = 0
    encoder_info = 0


@unread(error, _WHAT, empty=True)
class TAK(APEv2File):
    """A TAK file with its APEv2 tag (not read yet: opening one raises ``error``)."""

    _mimes = ["audio/x-tak"]

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """0: this package does not read TAK files yet."""
        return 0


Open = TAK
