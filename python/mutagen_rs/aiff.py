"""AIFF files, under the names of ``mutagen.aiff``.

This package does not read AIFF files yet: opening one raises :class:`error`. Only
:func:`read_float`, which needs no file, works.
"""

from __future__ import annotations

import math
from typing import Any

from ._file import FileType, StreamInfo
from ._iff import IffChunk, IffContainerChunkMixin, IffFile, IffID3
from ._iff import InvalidChunk  # noqa: F401 - mutagen.aiff has it too
from ._iff import error as IffError
from ._unread import unread
from ._util import read_only

__all__ = ["AIFF", "Open", "delete"]

_WHAT = "AIFF files"


class error(IffError):
    """An AIFF file could not be read."""


def read_float(data: bytes) -> float:
    """The value of the 80-bit IEEE 754 extended-precision float ``data`` (10 bytes, big-endian;
    AIFF stores its sample rate so).

    Raises:
        OverflowError: an infinity, a NaN, or a value too large for a Python float.
    """
    if len(data) != 10:
        raise AssertionError("an 80-bit float is 10 bytes, not %d" % len(data))
    head = int.from_bytes(data[:2], "big")
    mantissa = int.from_bytes(data[2:], "big")
    negative = head >> 15
    exponent = head & 0x7FFF
    if exponent == 0x7FFF:
        raise OverflowError("80-bit infinities and NaNs have no float value")
    if exponent == 0 and mantissa == 0:
        value = 0.0
    else:
        # The mantissa carries its integer bit: value = mantissa / 2**63 * 2**(exponent - bias).
        value = math.ldexp(mantissa, exponent - 16383 - 63)
    return -value if negative else value


@unread(error, _WHAT, methods=("parse",))
class AIFFChunk(IffChunk):
    """One chunk of an AIFF file (not read yet)."""


@unread(error, _WHAT, methods=("parse",))
class AIFFFormChunk(AIFFChunk, IffContainerChunkMixin):
    """The ``FORM`` chunk holding the other chunks of an AIFF file (not read yet)."""


@unread(error, _WHAT)
class AIFFFile(IffFile):
    """The chunks of an AIFF file (not read yet)."""


@unread(error, _WHAT)
class AIFFInfo(StreamInfo):
    """AIFF stream information: ``length``, ``bitrate``, ``channels``, ``sample_rate``,
    ``bits_per_sample`` and ``sample_size`` (not read yet)."""

    length = 0
    bitrate = 0
    channels = 0
    sample_rate = 0
    bits_per_sample = 0
    sample_size = 0


@unread(error, _WHAT, empty=True)
class _IFFID3(IffID3):
    """The ID3 tag in the ``ID3`` chunk of an AIFF file (not read yet)."""


delete = read_only


@unread(error, _WHAT, empty=True)
class AIFF(FileType):
    """An AIFF file (not read yet: opening one raises :class:`error`)."""

    _mimes = ["audio/aiff", "audio/x-aiff"]

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """0: this package does not read AIFF files yet."""
        return 0


Open = AIFF
