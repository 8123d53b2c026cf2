"""WAVE files: stream information and the ID3 tag of the ``id3`` chunk, read as
``mutagen.wave`` does."""

from __future__ import annotations

from typing import Any, Dict

from . import _native
from ._file import FileType, StreamInfo
from ._iff import InvalidChunk  # noqa: F401 - mutagen.wave has it too
from ._iff import chunk_tag_reader, save_chunk_tag
from ._iff import error as _IffError
from ._riff import RiffFile
from ._unread import unread
from ._util import as_input, convert_error, loadfile
from .aiff import _id3_options
from .id3 import ID3

__all__ = ["WAVE", "Open", "delete"]


class error(_IffError):
    """A WAVE file could not be read."""


@unread(error, "RIFF chunks one by one")
class _WaveFile(RiffFile):
    """The chunks of a WAVE file (chunk by chunk reading is not provided)."""


class WaveStreamInfo(StreamInfo):
    """WaveStreamInfo(fileobj)

    WAVE stream information, from the ``fmt`` and ``data`` chunks.

    Attributes:
        length (float): length in seconds
        bitrate (int): channels × bits per sample × sample rate
        channels (int): number of channels
        sample_rate (int): sample rate in Hz
        bits_per_sample (int): bits per sample
        audio_format (int): the format tag (1 for PCM)
    """

    length = 0.0
    bitrate = 0
    channels = 0
    sample_rate = 0
    bits_per_sample = 0

    SIZE = 16

    def __init__(self, fileobj: Any) -> None:
        _name, native_input = as_input(fileobj)
        self._set(_native.read_iff("WAVE", native_input)[1])

    @classmethod
    def _from_payload(cls, payload: Dict[str, Any]) -> "WaveStreamInfo":
        self = cls.__new__(cls)
        self._set(payload)
        return self

    def _set(self, payload: Dict[str, Any]) -> None:
        self.audio_format = payload["audio_format"]
        self.channels = payload["channels"]
        self.sample_rate = payload["sample_rate"]
        self.bits_per_sample = payload["bits_per_sample"]
        self.bitrate = self.channels * self.bits_per_sample * self.sample_rate
        self._number_of_samples: Any = 0
        block_align = payload["block_align"]
        data_size = payload["data_size"]
        if block_align > 0 and data_size is not None:
            self._number_of_samples = data_size / block_align
        if self.sample_rate > 0:
            self.length = self._number_of_samples / self.sample_rate

    def pprint(self) -> str:
        """One line: channels, bitrate, sample rate, length."""
        return "%d channel RIFF @ %d bps, %s Hz, %.2f seconds" % (
            self.channels, self.bitrate, self.sample_rate, self.length)


class _WaveID3(ID3):
    """The ID3 tag in the ``id3`` chunk of a WAVE file."""

    _read_payload = chunk_tag_reader("WAVE")

    @convert_error(IOError, error)
    @loadfile(writable=True)
    def save(self, filething: Any, v1: int = 1, v2_version: int = 4, v23_sep: Any = "/",
             padding: Any = None) -> None:
        """save(filething, v1=1, v2_version=4, v23_sep='/', padding=None)

        Save the tag to the file's ``id3`` chunk (an ``ID3`` chunk counts too), resizing it in
        place and moving the chunks after it; a file without one gets a new ``id3`` chunk at
        the end. ``v1`` is taken and has no effect, as in mutagen; the other arguments are
        those of :meth:`ID3.save`.

        Raises:
            error: the file could not be read or written, is no RIFF/WAVE file, or
                ``padding`` gave a negative size.
        """
        save_chunk_tag(self, filething.fileobj, "WAVE", error, v2_version, v23_sep, padding)

    def delete(self, filething: Any) -> None:
        """delete(filething)

        Remove the file's ``id3`` chunk, as the module's :func:`delete` does, and empty this
        tag."""
        delete(filething)
        self.clear()


@convert_error(IOError, error)
@loadfile(method=False, writable=True)
def delete(filething: Any) -> None:
    """delete(filething)

    Remove the ``id3`` chunk of a WAVE file (a path, ``filename=`` or ``fileobj=``), if it has
    one, shrinking the ``RIFF`` chunk.

    Raises:
        MutagenError: the file could not be read or written, or is no RIFF/WAVE file.
    """
    _native.iff_id3_delete(filething.fileobj, "WAVE")


class WAVE(FileType):
    """WAVE(filething, **options)

    A WAVE (RIFF) file. ``options`` are those of ``ID3.load`` for the tag.

    Attributes:
        info (WaveStreamInfo): the stream information
        tags (mutagen_rs.id3.ID3 or None): the ID3 tag of the ``id3`` chunk
    """

    _mimes = ["audio/wav", "audio/wave"]

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """How likely a file is WAVE, from its name and first bytes (as mutagen scores)."""
        filename = filename.lower()
        ext = (lambda e: filename.endswith(e if isinstance(filename, str) else e.encode()))
        return (header.startswith(b"RIFF") + (header[8:12] == b"WAVE")
                + ext(".wav") + ext(".wave"))

    def add_tags(self) -> None:
        """Give the file an empty ID3 tag; ``error`` when it has one."""
        if self.tags is None:
            self.tags = _WaveID3()
        else:
            raise error("an ID3 tag already exists")

    def _load(self, name: str, native_input: Any, **kwargs: Any) -> None:
        self._apply(_native.read_iff("WAVE", native_input, **_id3_options(kwargs)))

    def _apply(self, payload: tuple) -> None:
        tags, info = payload
        self.info = WaveStreamInfo._from_payload(info)
        self.tags = None if tags is None else _WaveID3._from_payload(tags)
        if self.tags is not None:
            self.tags.filename = self.filename


Open = WAVE
