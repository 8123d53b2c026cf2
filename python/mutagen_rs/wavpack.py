"""WavPack files, under the names of ``mutagen.wavpack``: the stream info of the first block
header and an APEv2 tag."""

from __future__ import annotations

from typing import Any

from .apev2 import APEv2File, _PayloadInfo, delete, error

__all__ = ["WavPack", "Open", "delete"]


class WavPackHeaderError(error):
    """The WavPack header is missing or broken."""


RATES = [6000, 8000, 9600, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 64000, 88200,
         96000, 192000]
"""The sample rates a WavPack block header can name, by index."""


class WavPackInfo(_PayloadInfo):
    """WavPackInfo(fileobj)

    WavPack stream information: ``channels`` (``True`` for mono, as mutagen gives it, or 2),
    ``length`` (float seconds), ``sample_rate``, ``bits_per_sample`` and ``version``.
    """

    _KIND = "WavPack"

    length: float
    sample_rate: int

    def pprint(self) -> str:
        """``WavPack, <length> seconds, <rate> Hz``."""
        return "WavPack, %.2f seconds, %d Hz" % (self.length, self.sample_rate)


class WavPack(APEv2File):
    """WavPack(filething)

    A WavPack file: ``info`` (:class:`WavPackInfo`) and ``tags`` (``APEv2`` or ``None``).
    """

    _Info = WavPackInfo
    _KIND = "WavPack"
    _mimes = ["audio/x-wavpack"]

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """2 for a file starting with ``wvpk``."""
        return header.startswith(b"wvpk") * 2


Open = WavPack
