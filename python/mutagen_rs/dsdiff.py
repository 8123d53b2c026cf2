"""DSDIFF (DSD Interchange File Format) files: stream information and the ID3 tag of the
``ID3`` chunk, read as ``mutagen.dsdiff`` does."""

from __future__ import annotations

from typing import Any, Dict

from . import _native
from ._file import FileType, StreamInfo
from ._iff import IffChunk, IffContainerChunkMixin, IffFile, IffID3, chunk_tag_reader
from ._iff import InvalidChunk  # noqa: F401 - mutagen.dsdiff has it too
from ._iff import error as _IffError
from ._unread import unread
from ._util import as_input, convert_error, loadfile
from .aiff import _id3_options

__all__ = ["DSDIFF", "Open", "delete"]

_WHAT = "DSDIFF chunks one by one"


class error(_IffError):
    """A DSDIFF file could not be read."""


@unread(error, _WHAT, methods=("parse",))
class DSDIFFChunk(IffChunk):
    """One chunk of a DSDIFF file (not read yet)."""


@unread(error, _WHAT, methods=("parse",))
class DSDIFFListChunk(DSDIFFChunk, IffContainerChunkMixin):
    """A DSDIFF chunk holding other chunks (not read yet)."""


@unread(error, _WHAT, methods=("parse",))
class DSTChunk(DSDIFFChunk, IffContainerChunkMixin):
    """The ``DST`` chunk of DST-compressed audio (not read yet)."""


@unread(error, _WHAT)
class DSDIFFFile(IffFile):
    """The chunks of a DSDIFF file (not read yet)."""


class DSDIFFInfo(StreamInfo):
    """DSDIFFInfo(fileobj)

    DSDIFF stream information, from the ``PROP`` chunk and the sound data.

    Attributes:
        channels (int): number of channels
        length (float): length in seconds
        sample_rate (int): sample rate in Hz
        bits_per_sample (int): 1 (DSD)
        bitrate (int or float): bits per second (the average of the frames for DST)
        compression (str): ``"DSD"`` (uncompressed) or ``"DST"``
    """

    channels = 0
    length = 0
    sample_rate = 0
    bits_per_sample = 1
    bitrate = 0
    compression = None

    def __init__(self, fileobj: Any) -> None:
        _name, native_input = as_input(fileobj)
        self._set(_native.read_iff("DSDIFF", native_input)[1])

    @classmethod
    def _from_payload(cls, payload: Dict[str, Any]) -> "DSDIFFInfo":
        self = cls.__new__(cls)
        self._set(payload)
        return self

    def _set(self, p: Dict[str, Any]) -> None:
        self.sample_rate = p["sample_rate"]
        self.channels = p["channels"]
        self.compression = p["compression"]
        if "dsd_data_size" in p:
            # One bit per sample, the channels' bytes interleaved.
            sample_count = p["dsd_data_size"] * 8 / (self.channels or 1)
            if self.sample_rate != 0:
                self.length = sample_count / float(self.sample_rate)
            self.bitrate = self.channels * self.bits_per_sample * self.sample_rate
        elif p.get("dst_frames") is not None:
            frame_count, frame_rate = p["dst_frames"]
            if frame_rate:
                self.length = frame_count / frame_rate
            if frame_count:
                self.bitrate = p["dst_data_size"] / frame_count * 8 * frame_rate

    def pprint(self) -> str:
        """One line: channels, compression, bitrate, sample rate, length."""
        return "%d channel DSDIFF (%s) @ %d bps, %s Hz, %.2f seconds" % (
            self.channels, self.compression, self.bitrate, self.sample_rate, self.length)


class _DSDIFFID3(IffID3):
    """The ID3 tag in the ``ID3`` chunk of a DSDIFF file."""

    _KIND = "DSDIFF"
    _read_payload = chunk_tag_reader("DSDIFF")


@convert_error(IOError, error)
@loadfile(method=False, writable=True)
def delete(filething: Any) -> None:
    """delete(filething)

    Remove the ``ID3`` chunk of a DSDIFF file (a path, ``filename=`` or ``fileobj=``), if it
    has one, shrinking the ``FRM8`` chunk.

    Raises:
        MutagenError: the file could not be read or written, or is no DSDIFF file.
    """
    _native.iff_id3_delete(filething.fileobj, "DSDIFF")


class DSDIFF(FileType):
    """DSDIFF(filething, **options)

    A DSDIFF file. ``options`` are those of ``ID3.load`` for the tag of the ``ID3`` chunk.

    Attributes:
        info (DSDIFFInfo): the stream information
        tags (mutagen_rs.id3.ID3 or None): the ID3 tag
    """

    _mimes = ["audio/x-dff"]

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """How likely a file is DSDIFF, from its name and first bytes (as mutagen scores)."""
        ext = ".dff" if isinstance(filename, str) else b".dff"
        return header.startswith(b"FRM8") * 2 + filename.endswith(ext)

    def add_tags(self) -> None:
        """Give the file an empty ID3 tag; ``error`` when it has one."""
        if self.tags is None:
            self.tags = _DSDIFFID3()
        else:
            raise error("an ID3 tag already exists")

    def _load(self, name: str, native_input: Any, **kwargs: Any) -> None:
        self._apply(_native.read_iff("DSDIFF", native_input, **_id3_options(kwargs)))

    def _apply(self, payload: tuple) -> None:
        tags, info = payload
        self.tags = None if tags is None else _DSDIFFID3._from_payload(tags)
        if self.tags is not None:
            self.tags.filename = self.filename
        self.info = DSDIFFInfo._from_payload(info)


Open = DSDIFF
