"""Ogg Theora files, read as ``mutagen.oggtheora`` reads them (the first Theora stream)."""

from __future__ import annotations

from typing import Any, List, Tuple

from ._file import StreamInfo
from ._util import convert_error, loadfile
from ._vorbis import VCommentDict
from .ogg import OggFileType, _read_info, error as OggError

__all__ = ["OggTheora", "Open", "delete"]


class error(OggError):
    """An Ogg Theora file could not be read."""


class OggTheoraHeaderError(error):
    """The Theora stream or its headers are missing or broken."""


class OggTheoraInfo(StreamInfo):
    """Ogg Theora stream information: ``length`` (seconds), ``fps`` (frames per second),
    ``bitrate`` (nominal, bits per second), ``granule_shift`` and the stream's ``serial``."""

    length = 0
    fps = 0
    bitrate = 0

    def __init__(self, fileobj: Any) -> None:
        """Read the stream's identification header from the pages at the file object's
        position (the length needs the whole file: ``OggTheora(filething).info`` has it)."""
        _read_info(self, fileobj, "OggTheora")

    def pprint(self) -> str:
        """A one-line summary: length and bitrate."""
        return "Ogg Theora, %.2f seconds, %d bps" % (self.length, self.bitrate)


class OggTheoraCommentDict(VCommentDict):
    """The Vorbis comments of an Ogg Theora stream."""


class OggTheora(OggFileType):
    """An Ogg Theora file: ``info`` is an ``OggTheoraInfo``, ``tags`` an
    ``OggTheoraCommentDict``."""

    _Info = OggTheoraInfo
    _Tags = OggTheoraCommentDict
    _Error = OggTheoraHeaderError
    _kind = "OggTheora"
    _mimes = ["video/x-theora"]

    info = None
    tags = None

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """How likely the file is Ogg Theora, from its first bytes."""
        return header.startswith(b"OggS") * ((b"\x80theora" in header) + (b"\x81theora" in header)) * 2

    def _comment_packet(
        self, head: bytes, old_len: int, size: int, padding: Any
    ) -> Tuple[List[bytes], int]:
        """``"\\x81theora"``, the comments without a framing bit, and padding."""
        tags: Any = self.tags
        return self._padded([b"\x81theora", tags.write(framing=False)], old_len, size, padding)


Open = OggTheora


@convert_error(IOError, error)
@loadfile(method=False, writable=True)
def delete(filething: Any) -> None:
    """delete(filething)

    Remove the comments from an Ogg Theora file (a path, ``filename=`` or ``fileobj=``; a file
    object must be open for reading and writing), as :meth:`OggTheora.delete` does.

    Raises:
        MutagenError: the file could not be read or written, or is not of this kind.
    """
    f = OggTheora(filething)
    filething.fileobj.seek(0)
    f.delete(filething)
