"""OptimFROG files, under the names of ``mutagen.optimfrog``.

This package does not read OptimFROG files yet: opening one raises ``mutagen_rs.apev2.error``
(this module's ``error``).
"""

from __future__ import annotations

from typing import Any

from ._file import StreamInfo
from ._unread import unread
from .apev2 import APEv2File, delete, error

__all__ = ["OptimFROG", "Open", "delete"]

_WHAT = "OptimFROG files"


class OptimFROGHeaderError(error):
    """The OptimFROG header is missing or broken."""


SAMPLE_TYPE_BITS = {0: 8, 1: 8, 2: 16, 3: 16, 4: 24, 5: 24, 6: 32, 7: 32}
"""Bits per sample of each OptimFROG sample type."""


@unread(error, _WHAT)
class OptimFROGInfo(StreamInfo):
    """OptimFROG stream information: ``length``, ``bitrate``, ``channels``, ``sample_rate``,
    ``bits_per_sample``, ``encoder_info`` and ``version`` (not read yet)."""

    length = 0
    bitrate = 0
    channels = 0
    sample_rate = 0
    bits_per_sample = 0
    encoder_info = 0
    version = 0


@unread(error, _WHAT, empty=True)
class OptimFROG(APEv2File):
    """A OptimFROG file with its APEv2 tag (not read yet: opening one raises ``error``)."""

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """0: this package does not read OptimFROG files yet."""
        return 0


Open = OptimFROG
