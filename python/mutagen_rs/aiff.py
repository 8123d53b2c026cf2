"""AIFF and AIFF-C files: stream information and the ID3 tag of the ``ID3`` chunk, read as
``mutagen.aiff`` does."""

from __future__ import annotations

from typing import Any, Dict

from . import _native
from ._file import FileType, StreamInfo
from ._iff import IffChunk, IffContainerChunkMixin, IffFile, IffID3, chunk_tag_reader
from ._iff import InvalidChunk  # noqa: F401 - mutagen.aiff has it too
from ._iff import error as IffError
from ._unread import unread
from ._util import as_input, convert_error, loadfile

__all__ = ["AIFF", "Open", "delete"]

_WHAT = "AIFF chunks one by one"


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
    if exponent == 0 and mantissa == 0:
        value = 0.0
    elif exponent == 0x7FFF:
        raise OverflowError("80-bit infinities and NaNs have no float value")
    else:
        # The mantissa carries its integer bit: value = mantissa * 2**(exponent - bias - 63),
        # the power taken as a float (which overflows past the double range).
        value = mantissa * pow(2.0, exponent - 16383 - 63)
    return -value if negative else value


@unread(error, _WHAT, methods=("parse",))
class AIFFChunk(IffChunk):
    """One chunk of an AIFF file (chunk by chunk reading is not provided)."""


@unread(error, _WHAT, methods=("parse",))
class AIFFFormChunk(AIFFChunk, IffContainerChunkMixin):
    """The ``FORM`` chunk holding the other chunks of an AIFF file (not provided)."""


@unread(error, _WHAT)
class AIFFFile(IffFile):
    """The chunks of an AIFF file (not provided)."""


class AIFFInfo(StreamInfo):
    """AIFFInfo(fileobj)

    AIFF stream information, from the ``COMM`` chunk.

    Attributes:
        length (float): length in seconds (0 without a sample rate)
        bitrate (int): channels × sample size × sample rate
        channels (int): number of channels
        sample_rate (int): sample rate in Hz
        bits_per_sample (int): sample size in bits (also ``sample_size``)
    """

    length = 0
    bitrate = 0
    channels = 0
    sample_rate = 0

    def __init__(self, fileobj: Any) -> None:
        _name, native_input = as_input(fileobj)
        self._set(_native.read_iff("AIFF", native_input)[1])

    @classmethod
    def _from_payload(cls, payload: Dict[str, Any]) -> "AIFFInfo":
        self = cls.__new__(cls)
        self._set(payload)
        return self

    def _set(self, payload: Dict[str, Any]) -> None:
        # The core has checked that the rate is finite and not negative once truncated.
        self.sample_rate = int(payload["sample_rate_value"])
        if self.sample_rate != 0:
            self.length = payload["frame_count"] / float(self.sample_rate)
        sample_size = payload["sample_size"]
        self.bits_per_sample = sample_size
        self.sample_size = sample_size
        self.channels = payload["channels"]
        self.bitrate = self.channels * sample_size * self.sample_rate

    def pprint(self) -> str:
        """One line: channels, bitrate, sample rate, length."""
        return "%d channel AIFF @ %d bps, %s Hz, %.2f seconds" % (
            self.channels, self.bitrate, self.sample_rate, self.length)


class _IFFID3(IffID3):
    """The ID3 tag in the ``ID3`` chunk of an AIFF file."""

    _KIND = "AIFF"
    _read_payload = chunk_tag_reader("AIFF")


@convert_error(IOError, error)
@loadfile(method=False, writable=True)
def delete(filething: Any) -> None:
    """delete(filething)

    Remove the ``ID3`` chunk of an AIFF file (a path, ``filename=`` or ``fileobj=``), if it has
    one, shrinking the ``FORM`` chunk.

    Raises:
        MutagenError: the file could not be read or written, or is no AIFF file.
    """
    _native.iff_id3_delete(filething.fileobj, "AIFF")


def _id3_options(kwargs: Dict[str, Any]) -> Dict[str, Any]:
    """``ID3.load``'s options given to a file class, checked as ``ID3.load`` checks them."""
    if kwargs.get("v2_version", 4) not in (3, 4):
        raise ValueError("Only 3 and 4 possible for v2_version")
    known = kwargs.get("known_frames")
    if known is not None:
        kwargs = dict(kwargs, known_frames=dict(known))
    return kwargs


class AIFF(FileType):
    """AIFF(filething, **options)

    An AIFF or AIFF-C file. ``options`` are those of ``ID3.load`` for the tag.

    Attributes:
        info (AIFFInfo): the stream information
        tags (mutagen_rs.id3.ID3 or None): the ID3 tag of the ``ID3`` chunk
    """

    _mimes = ["audio/aiff", "audio/x-aiff"]

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """How likely a file is AIFF, from its name and first bytes (as mutagen scores)."""
        filename = filename.lower()
        ext = (lambda e: filename.endswith(e if isinstance(filename, str) else e.encode()))
        return header.startswith(b"FORM") * 2 + ext(".aif") + ext(".aiff") + ext(".aifc")

    def add_tags(self) -> None:
        """Give the file an empty ID3 tag; ``error`` when it has one."""
        if self.tags is None:
            self.tags = _IFFID3()
        else:
            raise error("an ID3 tag already exists")

    def _load(self, name: str, native_input: Any, **kwargs: Any) -> None:
        self._apply(_native.read_iff("AIFF", native_input, **_id3_options(kwargs)))

    def _apply(self, payload: tuple) -> None:
        tags, info = payload
        self.tags = None if tags is None else _IFFID3._from_payload(tags)
        if self.tags is not None:
            self.tags.filename = self.filename
        self.info = AIFFInfo._from_payload(info)


Open = AIFF
