"""MPEG-4 audio files (M4A, M4B, M4P, MP4, 3GP) with iTunes metadata, read as ``mutagen.mp4`` reads them.

The native core walks the atom tree and parses the stream information, the ``ilst`` items and
Nero chapters; this module builds mutagen's objects from the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any, Dict, List

from .. import _native
from .._file import FileType, StreamInfo, Tags
from .._util import DictProxy, MutagenError, read_only

__all__ = ["MP4", "Open", "delete", "MP4Cover", "MP4FreeForm", "AtomDataType"]


class error(MutagenError):
    """Base class of the MP4 errors."""


class MP4MetadataError(error):
    """The iTunes metadata could not be read."""


class MP4StreamInfoError(error):
    """The stream information could not be read (or this is not an MP4 file)."""


class MP4NoTrackError(MP4StreamInfoError):
    """The file has no audio track."""


class MP4MetadataValueError(ValueError, MP4MetadataError):
    """A metadata value is out of range or of the wrong type."""


def _int_enum(cls: type) -> type:
    """Turn a class of upper-case int constants into an ``int`` subclass whose members print
    as ``Name.MEMBER`` (``str``) and ``<Name.MEMBER: value>`` (``repr``); other values print as
    plain numbers."""
    namespace = {k: v for k, v in vars(cls).items() if k not in ("__dict__", "__weakref__")}
    new_cls = type(cls.__name__, (int,), namespace)
    new_cls.__module__ = cls.__module__
    names: Dict[int, str] = {}
    for key, val in namespace.items():
        if key.upper() == key and isinstance(val, int):
            setattr(new_cls, key, new_cls(val))
            names[val] = key

    def __str__(self: int) -> str:
        if self in names:
            return "%s.%s" % (type(self).__name__, names[self])
        return "%d" % int(self)

    def __repr__(self: int) -> str:
        if self in names:
            return "<%s.%s: %d>" % (type(self).__name__, names[self], int(self))
        return "%d" % int(self)

    new_cls.__str__ = __str__  # type: ignore[assignment]
    new_cls.__repr__ = __repr__  # type: ignore[assignment]
    return new_cls


@_int_enum
class AtomDataType(object):
    """The type code of an iTunes ``data`` atom (``MP4FreeForm.dataformat``)."""

    IMPLICIT = 0
    UTF8 = 1
    UTF16 = 2
    SJIS = 3
    HTML = 6
    XML = 7
    UUID = 8
    ISRC = 9
    MI3P = 10
    GIF = 12
    JPEG = 13
    PNG = 14
    URL = 15
    DURATION = 16
    DATETIME = 17
    GENRES = 18
    INTEGER = 21
    RIAA_PA = 24
    UPC = 25
    BMP = 27


class MP4Cover(bytes):
    """Cover art: the image bytes, with its format in ``imageformat`` (JPEG or PNG)."""

    FORMAT_JPEG = AtomDataType.JPEG
    FORMAT_PNG = AtomDataType.PNG

    def __new__(cls, data: bytes, *args: Any, **kwargs: Any) -> "MP4Cover":
        return bytes.__new__(cls, data)

    def __init__(self, data: bytes, imageformat: int = FORMAT_JPEG) -> None:
        self.imageformat = imageformat

    __hash__ = bytes.__hash__

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MP4Cover):
            return bytes(self) == other
        return bytes(self) == bytes(other) and self.imageformat == other.imageformat

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __repr__(self) -> str:
        return "%s(%r, %r)" % (type(self).__name__, bytes(self), AtomDataType(self.imageformat))


class MP4FreeForm(bytes):
    """A freeform (``----``) value: bytes, with the data type in ``dataformat``."""

    FORMAT_DATA = AtomDataType.IMPLICIT
    FORMAT_TEXT = AtomDataType.UTF8

    def __new__(cls, data: bytes, *args: Any, **kwargs: Any) -> "MP4FreeForm":
        return bytes.__new__(cls, data)

    def __init__(self, data: bytes, dataformat: int = AtomDataType.UTF8, version: int = 0) -> None:
        self.dataformat = dataformat
        self.version = version

    __hash__ = bytes.__hash__

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MP4FreeForm):
            return bytes(self) == other
        return (
            bytes(self) == bytes(other)
            and self.dataformat == other.dataformat
            and self.version == other.version
        )

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __repr__(self) -> str:
        return "%s(%r, %r)" % (type(self).__name__, bytes(self), AtomDataType(self.dataformat))


def _item(raw: Any) -> Any:
    """One value from the payload: text, int, a number pair, a cover or a freeform value."""
    if isinstance(raw, tuple) and len(raw) == 4:
        kind, data, fmt, extra = raw
        if kind == "covr":
            return MP4Cover(data, MP4Cover.FORMAT_JPEG if extra else fmt)
        return MP4FreeForm(data, dataformat=fmt, version=extra)
    return raw


class MP4Tags(DictProxy, Tags):
    """iTunes metadata: a dict from item keys (``'\\xa9nam'``, ``'trkn'``,
    ``'----:com.apple.iTunes:iTunNORM'``, ...) to values.

    Text items are lists of ``str``; ``trkn``/``disk`` lists of ``(number, total)``; integer
    items lists of ``int``; ``cpil``, ``pgap`` and ``pcst`` a ``bool``; ``covr`` a list of
    ``MP4Cover``; freeform items lists of ``MP4FreeForm``. A ``gnre`` genre number is shown
    under ``'\\xa9gen'``. Items that fail to parse are left out.
    """

    # mutagen's class body leaves the last name of its text-atom loop behind as a public
    # class attribute; it is kept so the two classes look alike.
    name = b"tvsh"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._failed_atoms: Dict[str, List[bytes]] = {}
        self._padding = 0
        super().__init__()
        if args or kwargs:
            raise MutagenError("MP4Tags is built by MP4; it cannot load by itself")

    @classmethod
    def _from_payload(cls, payload: Any) -> "MP4Tags":
        padding, items = payload
        tags = cls()
        tags._padding = padding
        for key, value in items:
            if isinstance(value, list):
                value = [_item(v) for v in value]
            DictProxy.__setitem__(tags, key, value)
        return tags

    def __setitem__(self, key: Any, value: Any) -> None:
        if not isinstance(key, str):
            raise TypeError("key has to be str")
        DictProxy.__setitem__(self, key, value)

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def __eq__(self, other: object) -> bool:
        return dict(self.items()) == other

    __hash__ = object.__hash__

    save = read_only
    delete = read_only

    def pprint(self) -> str:
        """Every item as ``key=value``, one per line, sorted by key; covers as their size."""

        def line(key: str, value: Any) -> str:
            if isinstance(value, str):
                return "%s=%s" % (key, value)
            return "%s=%r" % (key, value)

        lines = []
        for key, value in sorted(self.items()):
            if not isinstance(key, str):
                key = key.decode("latin-1")
            if key == "covr":
                lines.append("%s=%s" % (key, ", ".join("[%d bytes of data]" % len(d) for d in value)))
            elif isinstance(value, list):
                lines.extend(line(key, v) for v in value)
            else:
                lines.append(line(key, value))
        return "\n".join(lines)


class Chapter(object):
    """One chapter: ``start`` in seconds (``float``) and ``title`` (``str``)."""

    def __init__(self, start: float, title: str) -> None:
        self.start = start
        self.title = title


class MP4Chapters(Sequence):
    """Nero chapters (``moov.udta.chpl``): a sequence of ``Chapter``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._timescale = None
        self._duration = None
        self._chapters: List[Chapter] = []
        super().__init__()
        if args or kwargs:
            raise MutagenError("MP4Chapters is built by MP4; it cannot load by itself")

    def __len__(self) -> int:
        return self._chapters.__len__()

    def __getitem__(self, key: Any) -> Any:
        return self._chapters.__getitem__(key)

    def pprint(self) -> str:
        """``chapters=`` and one ``H:MM:SS title`` per chapter."""
        chapters = ["%s %s" % (timedelta(seconds=c.start), c.title) for c in self._chapters]
        return "chapters=%s" % "\n  ".join(chapters)


class MP4Info(StreamInfo):
    """Stream information of the first audio track.

    Attributes: ``length`` (seconds), ``bitrate`` (bits per second), ``channels``,
    ``sample_rate``, ``bits_per_sample``, ``codec`` (e.g. ``'mp4a.40.2'``, ``'alac'``) and
    ``codec_description`` (e.g. ``'AAC LC'``, ``'ALAC'``; for display only).
    """

    bitrate = 0
    length = 0.0
    channels = 0
    sample_rate = 0
    bits_per_sample = 0
    codec = ""
    codec_description = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if args or kwargs:
            raise MutagenError("MP4Info is built by MP4; it cannot load by itself")

    def pprint(self) -> str:
        """A one-line summary: codec, length and bitrate."""
        return "MPEG-4 audio (%s), %.2f seconds, %d bps" % (self.codec_description, self.length, self.bitrate)


class MP4(FileType):
    """An MPEG-4 audio file: ``info`` (``MP4Info``), ``tags`` (``MP4Tags`` or ``None``) and
    ``chapters`` (``MP4Chapters`` or ``None``). Only the first audio track is read."""

    MP4Tags = MP4Tags
    MP4Chapters = MP4Chapters

    _mimes = ["audio/mp4", "audio/x-m4a", "audio/mpeg4", "audio/aac"]

    def _load(self, name: str, native_input: Any, **kwargs: Any) -> None:
        self._apply(_native.read_mp4(native_input))

    def _apply(self, payload: Any) -> None:
        info, tags, chapters = payload
        self.info = MP4Info()
        (
            self.info.length,
            self.info.bitrate,
            self.info.channels,
            self.info.sample_rate,
            self.info.bits_per_sample,
            self.info.codec,
            self.info.codec_description,
        ) = info
        self.tags = None if tags is None else self.MP4Tags._from_payload(tags)
        if chapters is None:
            self.chapters = None
        else:
            self.chapters = self.MP4Chapters()
            self.chapters._chapters = [Chapter(start, title) for start, title in chapters]

    @property
    def _padding(self) -> int:
        return 0 if self.tags is None else self.tags._padding

    def pprint(self) -> str:
        """Stream information, the MIME type, every tag and the chapters."""
        stream = "%s (%s)" % (self.info.pprint(), self.mime[0])
        try:
            tags = self.tags.pprint()
        except AttributeError:
            pass
        else:
            stream += (tags and "\n" + tags) or ""
        try:
            chapters = self.chapters.pprint()
        except AttributeError:
            pass
        else:
            stream += "\n" + chapters
        return stream

    @staticmethod
    def score(filename: str, fileobj: Any, header_data: bytes) -> int:
        """How likely this is an MP4 file, from its first bytes."""
        return (b"ftyp" in header_data) + (b"mp4" in header_data)


Open = MP4


def delete(filething: Any) -> None:
    """Remove tags from a file: not supported, this package is read-only."""
    read_only()
