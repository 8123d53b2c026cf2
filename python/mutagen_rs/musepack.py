"""Musepack files, under the names of ``mutagen.musepack``.

This package does not read Musepack files yet: opening one raises ``mutagen_rs.apev2.error``
(this module's ``error``).
"""

from __future__ import annotations

from typing import Any

from ._file import StreamInfo
from ._unread import unread
from .apev2 import APEv2File, delete, error

__all__ = ["Musepack", "Open", "delete"]

_WHAT = "Musepack files"


class MusepackHeaderError(error):
    """The Musepack header is missing or broken."""


RATES = [44100, 48000, 37800, 32000]
"""The sample rates a Musepack header can name, by index."""


@unread(error, _WHAT)
class MusepackInfo(StreamInfo):
    """Musepack stream information: ``length``, ``bitrate``, ``channels``, ``sample_rate``,
    ``version``, ``title_gain``, ``title_peak``, ``album_gain`` and ``album_peak`` (not read
    yet)."""

    length = 0
    bitrate = 0
    channels = 0
    sample_rate = 0
    version = 0
    title_gain = 0
    title_peak = 0
    album_gain = 0
    album_peak = 0


@unread(error, _WHAT, empty=True)
class Musepack(APEv2File):
    """A Musepack file with its APEv2 tag (not read yet: opening one raises ``error``)."""

    _mimes = ["audio/x-musepack", "audio/x-mpc"]

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """0: this package does not read Musepack files yet."""
        return 0


Open = Musepack
