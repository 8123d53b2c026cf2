"""AAC streams in ADTS or ADIF framing: stream information, read as ``mutagen.aac`` does."""

from __future__ import annotations

from typing import Any, Dict

from . import _native
from ._file import FileType, StreamInfo
from ._util import MutagenError, as_input

__all__ = ["AAC", "Open"]


class AACError(MutagenError):
    """An AAC stream could not be read."""


class AACInfo(StreamInfo):
    """AACInfo(fileobj)

    AAC stream information, from the ADIF header or the first ADTS frames. The length is a
    guess from them and the file size.

    Attributes:
        channels (int): number of channels (0 where unknown)
        length (float): length in seconds
        sample_rate (int): sample rate in Hz (0 where unknown)
        bitrate (int or float): bitrate in bits per second
    """

    channels = 0
    length = 0
    sample_rate = 0
    bitrate = 0

    def __init__(self, fileobj: Any) -> None:
        _name, native_input = as_input(fileobj)
        self.__dict__.update(_native.read_aac(native_input))

    @classmethod
    def _from_payload(cls, payload: Dict[str, Any]) -> "AACInfo":
        self = cls.__new__(cls)
        self.__dict__.update(payload)
        return self

    def pprint(self) -> str:
        """One line: framing, sample rate, length, channels, bitrate."""
        return "AAC (%s), %d Hz, %.2f seconds, %d channel(s), %d bps" % (
            self._type, self.sample_rate, self.length, self.channels, self.bitrate)


class AAC(FileType):
    """AAC(filething)

    An AAC stream in ADTS or ADIF framing (after an ID3v2 tag, if any, which is not read). It
    holds no tags (``tags`` is ``None``).

    Attributes:
        info (AACInfo): the stream information
    """

    _mimes = ["audio/x-aac"]

    def _load(self, name: str, native_input: Any) -> None:
        self._apply(_native.read_aac(native_input))

    def _apply(self, payload: Dict[str, Any]) -> None:
        self.info = AACInfo._from_payload(payload)

    def add_tags(self) -> None:
        """Raise :class:`AACError`: AAC streams hold no tags here."""
        raise AACError("doesn't support tags")

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """How likely a file is AAC, from its name and first bytes (as mutagen scores)."""
        filename = filename.lower()
        ext = (lambda e: filename.endswith(e if isinstance(filename, str) else e.encode()))
        s = ext(".aac") or ext(".adts") or ext(".adif")
        s += b"ADIF" in header
        return s


Open = AAC
error = AACError
