"""DSF (DSD Stream File) files: stream information and the ID3 tag the ``DSD`` chunk points
to, read as ``mutagen.dsf`` does."""

from __future__ import annotations

from typing import Any, Dict, List

from . import _native
from ._file import FileType, StreamInfo, _file_source
from ._iff import chunk_tag_reader
from ._unread import unread
from ._util import BuiltinZeroDivisionError, MutagenError, as_input, convert_error, is_fileobj, loadfile
from .aiff import _id3_options
from .id3 import ID3
from .id3._util import error as ID3Error

__all__ = ["DSF", "Open", "delete"]

_WHAT = "DSF chunks one by one"


class error(MutagenError):
    """A DSF file could not be read."""


@unread(error, _WHAT)
class DSFChunk(object):
    """A chunk of a DSF file (reading one from a file object is not provided)."""

    chunk_offset = 0
    chunk_header = "    "
    chunk_size = -1


@unread(error, _WHAT)
class DSDChunk(DSFChunk):
    """The ``DSD`` chunk that starts a DSF file (not provided)."""

    CHUNK_SIZE = 28
    total_size = 0
    offset_metdata_chunk = 0


@unread(error, _WHAT)
class FormatChunk(DSFChunk):
    """The ``fmt`` chunk: the stream format. ``DSFInfo.fmt_chunk`` is one; reading one from a
    file object is not provided."""

    CHUNK_SIZE = 52
    VERSION = 1
    FORMAT_DSD_RAW = 0
    """Format ID: DSD Raw"""
    format_version = VERSION
    format_id = FORMAT_DSD_RAW
    channel_type = 1
    channel_num = 1
    sampling_frequency = 2822400
    bits_per_sample = 1
    sample_count = 0
    block_size_per_channel = 4096

    @classmethod
    def _from_payload(cls, payload: Dict[str, Any], fileobj: Any) -> "FormatChunk":
        self = cls.__new__(cls)
        self.fileobj = fileobj
        self.chunk_offset = 28
        self.chunk_header = b"fmt "
        self.chunk_size = cls.CHUNK_SIZE
        self.format_version = cls.VERSION
        self.format_id = cls.FORMAT_DSD_RAW
        for name in ("channel_type", "channel_num", "sampling_frequency", "bits_per_sample",
                     "sample_count"):
            setattr(self, name, payload[name])
        return self


@unread(error, _WHAT)
class DataChunk(DSFChunk):
    """The ``data`` chunk: the samples (not provided)."""

    CHUNK_SIZE = 12
    data = ""


class _DSFID3(ID3):
    """The ID3 tag a DSF file points to from its ``DSD`` chunk."""

    _read_payload = chunk_tag_reader("DSF")

    @convert_error(IOError, error)
    @loadfile(writable=True)
    def save(self, filething: Any = None, v2_version: int = 4, v23_sep: Any = "/",
             padding: Any = None) -> None:
        """save(filething=None, v2_version=4, v23_sep='/', padding=None)

        Save the tag where the file's ``DSD`` chunk points (the end of the file for a file
        without one), cut the file after it, and update the chunk's pointer and total size.
        The room of the old tag is this tag's :attr:`size` as it was loaded. The arguments are
        those of :meth:`ID3.save`.

        Raises:
            error: the file could not be read or written, is no DSF file, or ``padding`` gave
                a negative size.
        """

        def render(available: int, trailing: int) -> List[bytes]:
            try:
                return self._render_parts(available, trailing, v2_version, v23_sep, padding)
            except ID3Error as e:
                raise error(e) from e

        _native.dsf_id3_save(filething.fileobj, self.size, render)


class DSFInfo(StreamInfo):
    """DSFInfo(fmt_chunk)

    DSF stream information, from the ``fmt`` chunk (``fmt_chunk``).

    Attributes:
        length (float): length in seconds (``ZeroDivisionError`` without a sample rate, as
            mutagen; here also a ``MutagenError``)
        channels (int): number of channels
        sample_rate (int): sampling frequency in Hz
        bits_per_sample (int): bits per sample
        bitrate (int): sample rate × bits per sample × channels
    """

    def __init__(self, fmt_chunk: FormatChunk) -> None:
        self.fmt_chunk = fmt_chunk

    @property
    def length(self) -> float:
        if not self.sample_rate:
            raise BuiltinZeroDivisionError("float division by zero")
        return float(self.fmt_chunk.sample_count) / self.sample_rate

    @property
    def channels(self) -> int:
        return self.fmt_chunk.channel_num

    @property
    def sample_rate(self) -> int:
        return self.fmt_chunk.sampling_frequency

    @property
    def bits_per_sample(self) -> int:
        return self.fmt_chunk.bits_per_sample

    @property
    def bitrate(self) -> int:
        return self.sample_rate * self.bits_per_sample * self.channels

    def pprint(self) -> str:
        """One line: channels, bits per sample, sample rate, length."""
        return "%d channel DSF @ %d bits, %s Hz, %.2f seconds" % (
            self.channels, self.bits_per_sample, self.sample_rate, self.length)


@unread(error, _WHAT)
class DSFFile(object):
    """The chunks of a DSF file (not provided)."""

    dsd_chunk = None
    fmt_chunk = None
    data_chunk = None


def _closed_file(path: Any) -> Any:
    """What mutagen's ``fmt_chunk.fileobj`` is after reading a path: the file it opened,
    closed (``None`` where the path cannot be opened again)."""
    try:
        f = open(path, "rb")
    except (OSError, TypeError, ValueError):
        return None
    f.close()
    return f


class DSF(FileType):
    """DSF(filething, **options)

    A DSF file. ``options`` are those of ``ID3.load`` for the tag.

    Attributes:
        info (DSFInfo): the stream information
        tags (mutagen_rs.id3.ID3 or None): the ID3 tag
    """

    _mimes = ["audio/dsf"]

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """How likely a file is DSF, from its name and first bytes (as mutagen scores)."""
        filename = filename.lower()
        ext = ".dsf" if isinstance(filename, str) else b".dsf"
        return header.startswith(b"DSD ") * 2 + filename.endswith(ext)

    def add_tags(self) -> None:
        """Give the file an empty ID3 tag; ``error`` when it has one."""
        if self.tags is None:
            self.tags = _DSFID3()
        else:
            raise error("an ID3 tag already exists")

    def load(self, *args: Any, filename: Any = None, fileobj: Any = None, **kwargs: Any) -> None:
        """load(filething, **options)

        Read ``filething`` (a path or a file object) into this object."""
        super().load(*args, filename=filename, fileobj=fileobj, **kwargs)
        _name, source = _file_source(args[0] if args else None, filename, fileobj)
        self._keep_source(source)

    def _keep_source(self, source: Any) -> None:
        """Set ``info.fmt_chunk.fileobj`` as mutagen has it: the file object read, or, for a
        path, the file mutagen would have opened (closed)."""
        self.info.fmt_chunk.fileobj = source if is_fileobj(source) else _closed_file(source)

    @classmethod
    def _from_payload(cls, name: str, payload: Any) -> "DSF":
        self = super()._from_payload(name, payload)
        self._keep_source(name)
        return self

    def _load(self, name: str, native_input: Any, **kwargs: Any) -> None:
        self._apply(_native.read_iff("DSF", native_input, **_id3_options(kwargs)))

    def _apply(self, payload: tuple) -> None:
        tags, info = payload
        self.tags = None if tags is None else _DSFID3._from_payload(tags)
        if self.tags is not None:
            self.tags.filename = self.filename
        self.info = DSFInfo(FormatChunk._from_payload(info, None))


    @loadfile(writable=True)
    def delete(self, filething: Any = None) -> None:
        """delete(filething=None)

        Remove the ID3 tag with the module's :func:`delete`, and drop ``tags``."""
        self.tags = None
        delete(filething)


Open = DSF


@convert_error(IOError, error)
@loadfile(method=False, writable=True)
def delete(filething: Any) -> None:
    """delete(filething)

    Remove the ID3 tag of a DSF file (a path, ``filename=`` or ``fileobj=``): its ``DSD``
    chunk points at 0 and the file is cut where the tag was. The chunk's total size is left as
    it was, as mutagen leaves it.

    Raises:
        MutagenError: the file could not be read or written, or is no DSF file.
    """
    _native.dsf_id3_delete(filething.fileobj)
