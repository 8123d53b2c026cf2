"""Monkey's Audio files, under the names of ``mutagen.monkeysaudio``.

This package does not read Monkey's Audio files yet: opening one raises ``mutagen_rs.apev2.error``
(this module's ``error``).
"""

from __future__ import annotations

from typing import Any

from ._file import StreamInfo
from ._unread import unread
from .apev2 import APEv2File, delete, error

__all__ = ["MonkeysAudio", "Open", "delete"]

_WHAT = "Monkey's Audio files"


class MonkeysAudioHeaderError(error):
    """The Monkey's Audio header is missing or broken."""


@unread(error, _WHAT)
class MonkeysAudioInfo(StreamInfo):
    """Monkey's Audio stream information: ``length``, ``bitrate``, ``channels``,
    ``sample_rate``, ``bits_per_sample`` and ``version`` (not read yet)."""

    length = 0
    bitrate = 0
    channels = 0
    sample_rate = 0
    bits_per_sample = 0
    version = 0


@unread(error, _WHAT, empty=True)
class MonkeysAudio(APEv2File):
    """A Monkey's Audio file with its APEv2 tag (not read yet: opening one raises ``error``)."""

    _mimes = ["audio/ape", "audio/x-ape"]

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """0: this package does not read Monkey's Audio files yet."""
        return 0


Open = MonkeysAudio
