"""WavPack files, under the names of ``mutagen.wavpack``.

This package does not read WavPack files yet: opening one raises ``mutagen_rs.apev2.error``
(this module's ``error``).
"""

from __future__ import annotations

from typing import Any

from ._file import StreamInfo
from ._unread import unread
from .apev2 import APEv2File, delete, error

__all__ = ["WavPack", "Open", "delete"]

_WHAT = "WavPack files"


class WavPackHeaderError(error):
    """The WavPack header is missing or broken."""


RATES = [6000, 8000, 9600, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 64000, 88200,
         96000, 192000]
"""The sample rates a WavPack block header can name, by index."""


@unread(error, _WHAT)
class WavPackInfo(StreamInfo):
    """WavPack stream information: ``length``, ``bitrate``, ``channels``, ``sample_rate``,
    ``bits_per_sample`` and ``version`` (not read yet)."""

    length = 0
    bitrate = 0
    channels = 0
    sample_rate = 0
    bits_per_sample = 0
    version = 0


@unread(error, _WHAT, empty=True)
class WavPack(APEv2File):
    """A WavPack file with its APEv2 tag (not read yet: opening one raises ``error``)."""

    _mimes = ["audio/x-wavpack"]

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """0: this package does not read WavPack files yet."""
        return 0


Open = WavPack
