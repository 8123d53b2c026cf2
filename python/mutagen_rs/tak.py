"""TAK files, under the names of ``mutagen.tak``: the STREAM_INFO and ENCODER_INFO metadata and
an APEv2 tag."""

from __future__ import annotations

from typing import Any

from ._util import endswith
from .apev2 import APEv2File, _PayloadInfo, delete, error

__all__ = ["TAK", "Open", "delete"]


class TAKHeaderError(error):
    """The TAK header is missing or broken."""


class TAKInfo(_PayloadInfo):
    """TAKInfo(fileobj)

    TAK stream information: ``channels``, ``length`` (float seconds), ``sample_rate``,
    ``bits_per_sample``, ``number_of_samples`` and ``encoder_info`` (``"TAK 2.3.0"``, or empty).
    """

    _KIND = "TAK"

    channels = 0
    length = 0
    sample_rate = 0
    bitrate = 0
    encoder_info = ""
    bits_per_sample: int

    def pprint(self) -> str:
        """The encoder, rate, sample size, length and channels on one line."""
        return "%s, %d Hz, %d bits, %.2f seconds, %d channel(s)" % (
            self.encoder_info or "TAK", self.sample_rate, self.bits_per_sample,
            self.length, self.channels)


class TAK(APEv2File):
    """TAK(filething)

    A TAK file: ``info`` (:class:`TAKInfo`) and ``tags`` (``APEv2`` or ``None``).
    """

    _Info = TAKInfo
    _KIND = "TAK"
    _mimes = ["audio/x-tak"]

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """1 for ``tBaK``, 1 more for the ``.tak`` extension."""
        return header.startswith(b"tBaK") + endswith(filename.lower(), ".tak")


Open = TAK
