"""Ogg Speex files, read as ``mutagen.oggspeex`` reads them (the first Speex stream)."""

from __future__ import annotations

from typing import Any, List, Tuple

from ._file import StreamInfo
from ._util import convert_error, loadfile
from ._vorbis import VCommentDict
from .ogg import OggFileType, _read_info, error as OggError

__all__ = ["OggSpeex", "Open", "delete"]


class error(OggError):
    """An Ogg Speex file could not be read."""


class OggSpeexHeaderError(error):
    """The Speex stream or its headers are missing or broken."""


class OggSpeexInfo(StreamInfo):
    """Ogg Speex stream information: ``length`` (seconds), ``channels``, ``bitrate`` (the
    nominal bitrate, 0 when the encoder left it unset), ``sample_rate`` and ``serial``."""

    length = 0
    channels = 0
    bitrate = 0

    def __init__(self, fileobj: Any) -> None:
        """Read the stream's identification header from the pages at the file object's
        position (the length needs the whole file: ``OggSpeex(filething).info`` has it)."""
        _read_info(self, fileobj, "OggSpeex")

    def pprint(self) -> str:
        """A one-line summary: the length."""
        return "Ogg Speex, %.2f seconds" % self.length


class OggSpeexVComment(VCommentDict):
    """The Vorbis comments of an Ogg Speex stream."""


class OggSpeex(OggFileType):
    """An Ogg Speex file: ``info`` is an ``OggSpeexInfo``, ``tags`` an ``OggSpeexVComment``."""

    _Info = OggSpeexInfo
    _Tags = OggSpeexVComment
    _Error = OggSpeexHeaderError
    _kind = "OggSpeex"
    _mimes = ["audio/x-speex"]

    info = None
    tags = None

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """How likely the file is Ogg Speex, from its first bytes."""
        return header.startswith(b"OggS") * (b"Speex   " in header)

    def _comment_packet(
        self, head: bytes, old_len: int, size: int, padding: Any
    ) -> Tuple[List[bytes], int]:
        """The comments without a framing bit, and padding."""
        tags: Any = self.tags
        return self._padded([tags.write(framing=False)], old_len, size, padding)


Open = OggSpeex


@convert_error(IOError, error)
@loadfile(method=False, writable=True)
def delete(filething: Any) -> None:
    """delete(filething)

    Remove the comments from an Ogg Speex file (a path, ``filename=`` or ``fileobj=``; a file
    object must be open for reading and writing), as :meth:`OggSpeex.delete` does.

    Raises:
        MutagenError: the file could not be read or written, or is not of this kind.
    """
    f = OggSpeex(filething)
    filething.fileobj.seek(0)
    f.delete(filething)
