"""Musepack files (stream versions 4 to 8), under the names of ``mutagen.musepack``: the stream
info and an APEv2 tag."""

from __future__ import annotations

from typing import Any

from ._util import endswith
from .apev2 import APEv2File, _PayloadInfo, delete, error

__all__ = ["Musepack", "Open", "delete"]


class MusepackHeaderError(error):
    """The Musepack header is missing or broken."""


RATES = [44100, 48000, 37800, 32000]
"""The sample rates of SV7 and SV8 headers, by index."""


class MusepackInfo(_PayloadInfo):
    """MusepackInfo(fileobj)

    Musepack stream information: ``channels``, ``length`` (float seconds), ``sample_rate``,
    ``bitrate`` and ``version``; ``title_gain``, ``title_peak``, ``album_gain`` and
    ``album_peak`` where the stream has them (SV7 always, SV8 when not 0); ``samples`` for SV8.
    """

    _KIND = "Musepack"

    version: int
    length: float
    sample_rate: int
    bitrate: int

    def pprint(self) -> str:
        """``Musepack SV<version>, <length> seconds, <rate> Hz, <bitrate> bps`` and the gains."""
        rg_data = []
        if hasattr(self, "title_gain"):
            rg_data.append("%+0.2f (title)" % self.title_gain)
        if hasattr(self, "album_gain"):
            rg_data.append("%+0.2f (album)" % self.album_gain)
        gains = (rg_data and ", Gain: " + ", ".join(rg_data)) or ""
        return "Musepack SV%d, %.2f seconds, %d Hz, %d bps%s" % (
            self.version, self.length, self.sample_rate, self.bitrate, gains)


class Musepack(APEv2File):
    """Musepack(filething)

    A Musepack file: ``info`` (:class:`MusepackInfo`) and ``tags`` (``APEv2`` or ``None``).
    """

    _Info = MusepackInfo
    _KIND = "Musepack"
    _mimes = ["audio/x-musepack", "audio/x-mpc"]

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """1 each for ``MP+``, ``MPCK`` and the ``.mpc`` extension."""
        filename = filename.lower()
        return (header.startswith(b"MP+") + header.startswith(b"MPCK")
                + endswith(filename, b".mpc"))


Open = Musepack
