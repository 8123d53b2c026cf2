"""Monkey's Audio files, under the names of ``mutagen.monkeysaudio``: the ``MAC `` header and
an APEv2 tag."""

from __future__ import annotations

from typing import Any

from ._util import endswith
from .apev2 import APEv2File, _PayloadInfo, delete, error

__all__ = ["MonkeysAudio", "Open", "delete"]


class MonkeysAudioHeaderError(error):
    """The Monkey's Audio header is missing or broken."""


class MonkeysAudioInfo(_PayloadInfo):
    """MonkeysAudioInfo(fileobj)

    Monkey's Audio stream information: ``channels``, ``length`` (float seconds),
    ``sample_rate``, ``bits_per_sample`` and ``version`` (a float, e.g. 3.99).
    """

    _KIND = "MonkeysAudio"

    version: float
    length: float
    sample_rate: int

    def pprint(self) -> str:
        """``Monkey's Audio <version>, <length> seconds, <rate> Hz``."""
        return "Monkey's Audio %.2f, %.2f seconds, %d Hz" % (
            self.version, self.length, self.sample_rate)


class MonkeysAudio(APEv2File):
    """MonkeysAudio(filething)

    A Monkey's Audio file: ``info`` (:class:`MonkeysAudioInfo`) and ``tags`` (``APEv2`` or
    ``None``).
    """

    _Info = MonkeysAudioInfo
    _KIND = "MonkeysAudio"
    _mimes = ["audio/ape", "audio/x-ape"]

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """1 for a file starting with ``MAC ``, 1 more for the ``.ape`` extension."""
        return header.startswith(b"MAC ") + endswith(filename.lower(), ".ape")


Open = MonkeysAudio
