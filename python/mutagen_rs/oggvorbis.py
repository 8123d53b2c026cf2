"""Ogg Vorbis files, read as ``mutagen.oggvorbis`` reads them (the first Vorbis stream)."""

from __future__ import annotations

from typing import Any, List, Tuple

from ._file import StreamInfo
from ._util import convert_error, loadfile
from ._vorbis import VCommentDict
from .ogg import OggFileType, _read_info, error as OggError

__all__ = ["OggVorbis", "Open", "delete"]


class error(OggError):
    """An Ogg Vorbis file could not be read."""


class OggVorbisHeaderError(error):
    """The Vorbis stream or its headers are missing or broken."""


class OggVorbisInfo(StreamInfo):
    """Ogg Vorbis stream information: ``length`` (seconds), ``channels``, ``bitrate``
    (nominal, in bits per second), ``sample_rate`` (Hz) and the stream's ``serial``."""

    length = 0.0
    channels = 0
    bitrate = 0
    sample_rate = 0

    def __init__(self, fileobj: Any) -> None:
        """Read the stream's identification header from the pages at the file object's
        position (the length needs the whole file: ``OggVorbis(filething).info`` has it)."""
        _read_info(self, fileobj, "OggVorbis")

    def pprint(self) -> str:
        """A one-line summary: length and bitrate."""
        return "Ogg Vorbis, %.2f seconds, %d bps" % (self.length, self.bitrate)


class OggVCommentDict(VCommentDict):
    """The Vorbis comments of an Ogg Vorbis stream."""


class OggVorbis(OggFileType):
    """An Ogg Vorbis file: ``info`` is an ``OggVorbisInfo``, ``tags`` an ``OggVCommentDict``."""

    _Info = OggVorbisInfo
    _Tags = OggVCommentDict
    _Error = OggVorbisHeaderError
    _kind = "OggVorbis"
    _mimes = ["audio/vorbis", "audio/x-vorbis"]

    info = None
    tags = None

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """How likely the file is Ogg Vorbis, from its first bytes."""
        return header.startswith(b"OggS") * (b"\x01vorbis" in header)

    def _comment_packet(
        self, head: bytes, old_len: int, size: int, padding: Any
    ) -> Tuple[List[bytes], int]:
        """``"\\x03vorbis"``, the comments with their framing bit, and padding."""
        tags: Any = self.tags
        return self._padded([b"\x03vorbis", tags.write()], old_len, size, padding)


Open = OggVorbis


@convert_error(IOError, error)
@loadfile(method=False, writable=True)
def delete(filething: Any) -> None:
    """delete(filething)

    Remove the comments from an Ogg Vorbis file (a path, ``filename=`` or ``fileobj=``; a file
    object must be open for reading and writing), as :meth:`OggVorbis.delete` does.

    Raises:
        MutagenError: the file could not be read or written, or is not of this kind.
    """
    f = OggVorbis(filething)
    filething.fileobj.seek(0)
    f.delete(filething)
