"""Ogg Opus files, read as ``mutagen.oggopus`` reads them (the first Opus stream)."""

from __future__ import annotations

from typing import Any, List, Tuple

from ._file import StreamInfo
from ._util import convert_error, loadfile
from ._vorbis import VCommentDict
from .ogg import OggFileType, _read_info, error as OggError

__all__ = ["OggOpus", "Open", "delete"]


class error(OggError):
    """An Ogg Opus file could not be read."""


class OggOpusHeaderError(error):
    """The Opus stream or its headers are missing or broken."""


class OggOpusInfo(StreamInfo):
    """Ogg Opus stream information: ``length`` (seconds, after the pre-skip), ``channels``,
    ``bitrate`` (bits per second over the audio pages) and the stream's ``serial``."""

    length = 0
    channels = 0
    bitrate = 0

    def __init__(self, fileobj: Any) -> None:
        """Read the stream's identification header from the pages at the file object's
        position (the length needs the whole file: ``OggOpus(filething).info`` has it)."""
        _read_info(self, fileobj, "OggOpus")

    def pprint(self) -> str:
        """A one-line summary: length and bitrate."""
        return "Ogg Opus, %.2f seconds, %d bps" % (self.length, self.bitrate)


class OggOpusVComment(VCommentDict):
    """The comments of an Ogg Opus stream (its ``OpusTags`` packet)."""


class OggOpus(OggFileType):
    """An Ogg Opus file: ``info`` is an ``OggOpusInfo``, ``tags`` an ``OggOpusVComment``."""

    _Info = OggOpusInfo
    _Tags = OggOpusVComment
    _Error = OggOpusHeaderError
    _kind = "OggOpus"
    _mimes = ["audio/ogg", "audio/ogg; codecs=opus"]

    info = None
    tags = None

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """How likely the file is Ogg Opus, from its first bytes."""
        return header.startswith(b"OggS") * (b"OpusHead" in header)

    def _comment_packet(
        self, head: bytes, old_len: int, size: int, padding: Any
    ) -> Tuple[List[bytes], int]:
        """``"OpusTags"`` and the comments, then the data kept after them, or else padding."""
        tags: Any = self.tags
        parts = [b"OpusTags", tags.write(framing=False)]
        kept = getattr(tags, "_pad_data", b"")
        if kept:
            return parts + [kept], 0
        return self._padded(parts, old_len, size, padding)


Open = OggOpus


@convert_error(IOError, error)
@loadfile(method=False, writable=True)
def delete(filething: Any) -> None:
    """delete(filething)

    Remove the comments from an Ogg Opus file (a path, ``filename=`` or ``fileobj=``; a file
    object must be open for reading and writing), as :meth:`OggOpus.delete` does.

    Raises:
        MutagenError: the file could not be read or written, or is not of this kind.
    """
    f = OggOpus(filething)
    filething.fileobj.seek(0)
    f.delete(filething)
