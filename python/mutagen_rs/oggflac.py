"""Ogg FLAC files, read as ``mutagen.oggflac`` reads them (the first FLAC stream).

Native FLAC files are read by ``mutagen_rs.flac``.
"""

from __future__ import annotations

import struct
from typing import Any, List, Tuple

from ._file import StreamInfo
from ._util import convert_error, loadfile
from ._vorbis import VCommentDict
from .ogg import OggFileType, _read_info, error as OggError

__all__ = ["OggFLAC", "Open", "delete"]


class error(OggError):
    """An Ogg FLAC file could not be read."""


class OggFLACHeaderError(error):
    """The FLAC stream or its headers are missing or broken."""


class OggFLACStreamInfo(StreamInfo):
    """Ogg FLAC stream information: the STREAMINFO fields (``length``, ``channels``,
    ``sample_rate``, ``bits_per_sample``, ``total_samples``, ``min_blocksize``,
    ``max_blocksize``), the number of header ``packets`` and the stream's ``serial``."""

    length = 0
    channels = 0
    sample_rate = 0

    def __init__(self, fileobj: Any) -> None:
        """Read the stream's identification header from the pages at the file object's
        position (the length needs the whole file: ``OggFLAC(filething).info`` has it)."""
        _read_info(self, fileobj, "OggFLAC")

    def pprint(self) -> str:
        """A one-line summary: length and sample rate."""
        return "Ogg FLAC, %.2f seconds, %d Hz" % (self.length, self.sample_rate)


class OggFLACVComment(VCommentDict):
    """The Vorbis comments of an Ogg FLAC stream."""


class OggFLAC(OggFileType):
    """An Ogg FLAC file: ``info`` is an ``OggFLACStreamInfo``, ``tags`` an ``OggFLACVComment``."""

    _Info = OggFLACStreamInfo
    _Tags = OggFLACVComment
    _Error = OggFLACHeaderError
    _kind = "OggFLAC"
    _mimes = ["audio/x-oggflac"]
    _tags_padding = False

    info = None
    tags = None

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """How likely the file is Ogg FLAC, from its first bytes."""
        return header.startswith(b"OggS") * ((b"FLAC" in header) + (b"fLaC" in header))

    def _comment_packet(
        self, head: bytes, old_len: int, size: int, padding: Any
    ) -> Tuple[List[bytes], int]:
        """The FLAC block header (the old packet's first byte and the 24-bit length), then the
        comments; no padding."""
        tags: Any = self.tags
        data = tags.write(framing=False)
        return [head[:1] + struct.pack(">I", len(data))[-3:], data], 0


Open = OggFLAC


@convert_error(IOError, error)
@loadfile(method=False, writable=True)
def delete(filething: Any) -> None:
    """delete(filething)

    Remove the comments from an Ogg FLAC file (a path, ``filename=`` or ``fileobj=``; a file
    object must be open for reading and writing), as :meth:`OggFLAC.delete` does.

    Raises:
        MutagenError: the file could not be read or written, or is not of this kind.
    """
    f = OggFLAC(filething)
    filething.fileobj.seek(0)
    f.delete(filething)
