"""AC-3 and E-AC-3 streams: stream information, read as ``mutagen.ac3`` does."""

from __future__ import annotations

from typing import Any, Dict

from . import _native
from ._file import FileType, StreamInfo
from ._util import MutagenError, as_input, enum

__all__ = ["AC3", "Open"]


@enum
class ChannelMode(object):
    """The audio coding mode of an AC-3 frame."""

    DUALMONO = 0
    MONO = 1
    STEREO = 2
    C3F = 3
    C2F1R = 4
    C3F1R = 5
    C2F2R = 6
    C3F2R = 7


AC3_CHANNELS = {
    ChannelMode.DUALMONO: 2,
    ChannelMode.MONO: 1,
    ChannelMode.STEREO: 2,
    ChannelMode.C3F: 3,
    ChannelMode.C2F1R: 3,
    ChannelMode.C3F1R: 4,
    ChannelMode.C2F2R: 4,
    ChannelMode.C3F2R: 5,
}

AC3_HEADER_SIZE = 7

AC3_SAMPLE_RATES = [48000, 44100, 32000]

AC3_BITRATES = [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 576, 640]


@enum
class EAC3FrameType(object):
    """The frame type of an E-AC-3 frame."""

    INDEPENDENT = 0
    DEPENDENT = 1
    AC3_CONVERT = 2
    RESERVED = 3


EAC3_BLOCKS = [1, 2, 3, 6]


class AC3Error(MutagenError):
    """An AC-3 stream could not be read."""


class AC3Info(StreamInfo):
    """AC3Info(fileobj)

    AC-3 and E-AC-3 stream information, from the first frame header. The length is a guess
    from the bitrate and the file size.

    Attributes:
        channels (int): number of channels, the LFE channel included
        length (float): length in seconds
        sample_rate (int): sample rate in Hz
        bitrate (int): bitrate in bits per second
        codec (str): ``"ac-3"`` or ``"ec-3"`` (E-AC-3)
    """

    channels = 0
    length = 0
    sample_rate = 0
    bitrate = 0
    codec = "ac-3"

    def __init__(self, fileobj: Any) -> None:
        _name, native_input = as_input(fileobj)
        self.__dict__.update(_native.read_ac3(native_input))

    @classmethod
    def _from_payload(cls, payload: Dict[str, Any]) -> "AC3Info":
        self = cls.__new__(cls)
        self.__dict__.update(payload)
        return self

    def pprint(self) -> str:
        """One line: codec, sample rate, length, channels, bitrate."""
        return "%s, %d Hz, %.2f seconds, %d channel(s), %d bps" % (
            self.codec, self.sample_rate, self.length, self.channels, self.bitrate)


class AC3(FileType):
    """AC3(filething)

    An AC-3 or E-AC-3 stream. It holds no tags (``tags`` is ``None``).

    Attributes:
        info (AC3Info): the stream information
    """

    _mimes = ["audio/ac3"]

    def _load(self, name: str, native_input: Any) -> None:
        self._apply(_native.read_ac3(native_input))

    def _apply(self, payload: Dict[str, Any]) -> None:
        self.info = AC3Info._from_payload(payload)

    def add_tags(self) -> None:
        """Raise :class:`AC3Error`: AC-3 streams hold no tags."""
        raise AC3Error("doesn't support tags")

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """How likely a file is AC-3, from its name and first bytes (as mutagen scores)."""
        ext = (lambda e: filename.endswith(e if isinstance(filename, str) else e.encode()))
        return header.startswith(b"\x0b\x77") * 2 + (ext(".ac3") or ext(".eac3"))


Open = AC3
error = AC3Error
