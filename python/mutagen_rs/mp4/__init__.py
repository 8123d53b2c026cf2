"""MPEG-4 audio files (M4A, M4B, M4P, MP4, 3GP) with iTunes metadata, read and saved as
``mutagen.mp4`` reads and saves them.

The native core walks the atom tree and parses the stream information, the ``ilst`` items and
Nero chapters; this module builds mutagen's objects from the result. A save has the core sort
and render the items (``mp4_render_ilst``; values of other types are rendered here) and put
them in the file in place (``parsers/src/mp4/write.rs``). ``MP4Info``, ``MP4Tags``
and ``MP4Chapters`` can also be read from an atom tree (``mp4._atom.Atoms``) and a file
object, as mutagen's can.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from datetime import timedelta
from typing import Any, Callable, Dict, Iterable, List, Tuple

from .. import _native
from .._file import FileType, StreamInfo, Tags
from .._tags import PaddingInfo
from .._util import DictProxy, MutagenError, convert_error, loadfile
from ._as_entry import ASEntryError, AudioSampleEntry  # noqa: F401 - mutagen has them here
from ._atom import Atom, AtomError, Atoms  # noqa: F401 - mutagen has them here
from ._util import parse_full_atom  # noqa: F401 - mutagen has it here

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


# The native reader makes cover and freeform values as these classes.
_native.register_mp4_values(MP4Cover, MP4FreeForm)


# The keys written first when saving, in iTunes' order (by their first four characters).
_SORT_ORDER = {
    key: i
    for i, key in enumerate([
        "\xa9nam", "\xa9ART", "\xa9wrt", "\xa9alb", "\xa9gen", "gnre", "trkn", "disk",
        "\xa9day", "cpil", "pgap", "pcst", "tmpo", "\xa9too", "----", "covr", "\xa9lyr",
    ])
}


def _item_sort_key(key: str, value: Any) -> tuple:
    """The sort key of an item when tags are written: iTunes' order of the well-known keys
    (others after them), then the length of the value's ``repr``, then the ``repr``
    (``_sorted_items`` sorts by it without making a ``repr`` where it is not needed)."""
    text = repr(value)
    return (_SORT_ORDER.get(key[:4], len(_SORT_ORDER)), len(text), text)


def _sorted_items(items: Iterable[Tuple[str, Any]]) -> List[Tuple[str, Any]]:
    """The items in the order they are written: iTunes' order of the well-known keys (by
    their first four characters, others after them), then the length of the value's
    ``repr``, then the ``repr``; items equal in all three keep their order.

    A ``repr`` is only made for items whose rank is shared (freeform and unknown keys): the
    ``repr`` of a cover is as long as its image.
    """
    last = len(_SORT_ORDER)
    ranked = sorted(items, key=lambda kv: _SORT_ORDER.get(kv[0][:4], last))
    out: List[Tuple[str, Any]] = []
    start = 0
    while start < len(ranked):
        rank = _SORT_ORDER.get(ranked[start][0][:4], last)
        end = start + 1
        while end < len(ranked) and _SORT_ORDER.get(ranked[end][0][:4], last) == rank:
            end += 1
        group = ranked[start:end]
        if len(group) > 1:
            group.sort(key=lambda kv: _repr_key(kv[1]))
        out.extend(group)
        start = end
    return out


def _repr_key(value: Any) -> Tuple[int, str]:
    text = repr(value)
    return (len(text), text)


def _atom_head(name: bytes, payload_len: int) -> bytes:
    """The header of an atom named ``name`` around ``payload_len`` bytes, as ``Atom.render``
    writes it: a 32-bit size, or the size 1 followed by a 64-bit size."""
    size = payload_len + 8
    if size <= 0xFFFFFFFF:
        return struct.pack(">I4s", size, name)
    return struct.pack(">I4sQ", 1, name, size + 8)


def _atom_parts(name: bytes, parts: List[bytes]) -> List[bytes]:
    """``Atom.render(name, b"".join(parts))`` as pieces: the header, then ``parts``."""
    return [_atom_head(name, sum(map(len, parts))), *parts]


def _int_data(value: int, min_bytes: int) -> bytes:
    """A signed big-endian integer in the smallest of 1, 2, 4 or 8 bytes that holds it and is
    at least ``min_bytes`` long."""
    for size, fmt in ((1, ">b"), (2, ">h"), (4, ">i"), (8, ">q")):
        bound = 1 << (size * 8 - 1)
        if min_bytes <= size and -bound <= value < bound:
            return struct.pack(fmt, value)
    raise MP4MetadataValueError("value out of range: %r" % (value,))


class MP4Tags(DictProxy, Tags):
    """iTunes metadata: a dict from item keys (``'\\xa9nam'``, ``'trkn'``,
    ``'----:com.apple.iTunes:iTunNORM'``, ...) to values.

    Text items are lists of ``str``; ``trkn``/``disk`` lists of ``(number, total)``; integer
    items lists of ``int``; ``cpil``, ``pgap`` and ``pcst`` a ``bool``; ``covr`` a list of
    ``MP4Cover``; freeform items lists of ``MP4FreeForm``. A ``gnre`` genre number is shown
    under ``'\\xa9gen'``. Items that fail to parse are left out (when read from an atom tree,
    their bytes are kept in ``_failed_atoms``). Setting an item checks that it could be
    written: ``TypeError`` or ``ValueError`` when it could not.
    """

    # mutagen's class body leaves the last name of its text-atom loop behind as a public
    # class attribute; it is kept so the two classes look alike.
    name = b"tvsh"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._failed_atoms: Dict[str, List[bytes]] = {}
        self._padding = 0
        super().__init__()
        if args or kwargs:
            self.load(*args, **kwargs)

    def load(self, atoms: Any, fileobj: Any) -> None:
        """Read the items of ``moov.udta.meta.ilst`` from an atom tree (``Atoms``) and the
        file object it was read from. Items that fail to parse are kept, as bytes, in
        ``_failed_atoms``; ``MP4MetadataError`` when there is no ``ilst`` or an item is
        truncated."""
        try:
            path = atoms.path(b"moov", b"udta", b"meta", b"ilst")
        except KeyError as key:
            raise MP4MetadataError(key) from None
        padding, items, failed = _native.mp4_tags(path[2], fileobj)
        self._set_items(padding, items)
        for key, data in failed:
            self._failed_atoms.setdefault(key, []).append(data)

    def _set_items(self, padding: int, items: Any) -> None:
        """Take the padding and the ``(key, value)`` items of a native payload, whose values
        are as this class holds them (not checked again, as for values read from a file)."""
        self._padding = padding
        self._update_unchecked(items)

    @classmethod
    def _can_load(cls, atoms: Any) -> bool:
        return b"moov.udta.meta.ilst" in atoms

    @classmethod
    def _from_payload(cls, payload: Any) -> "MP4Tags":
        tags = cls()
        tags._set_items(*payload)
        return tags

    def __setitem__(self, key: Any, value: Any) -> None:
        """Set an item, after checking that it can be written (``TypeError`` or
        ``ValueError`` when it cannot)."""
        if not isinstance(key, str):
            raise TypeError("key has to be str")
        self._render_parts(key, value)
        DictProxy.__setitem__(self, key, value)

    def _render(self, key: str, value: Any) -> bytes:
        """The item atom for ``key`` and ``value``, as it would be written in ``ilst``."""
        return b"".join(self._render_parts(key, value))

    def _render_parts(self, key: str, value: Any) -> List[bytes]:
        """``_render``'s bytes as the pieces that join to them: values (a cover's image, say)
        are pieces of their own, so that they are copied once, when the whole ``ilst`` is
        joined."""
        name = key.encode("latin-1")[:4]
        if name == b"gnre":
            raise TypeError("gnre cannot be written; use \xa9gen")
        render = self._RENDERERS.get(name)
        if render is None:
            return self.__parts_text(key, value)
        return render(self, key, value)

    @staticmethod
    def __data_parts(version: int, flags: int, data: bytes) -> List[bytes]:
        head = struct.pack(">2I", version << 24 | flags, 0)
        if isinstance(data, bytes):
            return [_atom_head(b"data", len(data) + 8), head, data]
        # Other bytes-like values are joined here, and anything else raises as it would there.
        body = head + data
        return [_atom_head(b"data", len(body)), body]

    def __parts_data(self, key: str, version: int, flags: int, value: Any) -> List[bytes]:
        """An item atom holding one ``data`` atom (with this version and type) per value."""
        parts = [piece for data in value for piece in MP4Tags.__data_parts(version, flags, data)]
        return _atom_parts(key.encode("latin-1"), parts)

    def __parts_text(self, key: str, value: Any, flags: int = AtomDataType.UTF8) -> List[bytes]:
        if isinstance(value, str):
            value = [value]
        encoded = []
        for text in value:
            if not isinstance(text, str):
                raise TypeError("%r not str" % (text,))
            encoded.append(text.encode("utf-8"))
        return self.__parts_data(key, 0, flags, encoded)

    def __parts_integer(self, key: str, value: Any, min_bytes: int) -> List[bytes]:
        try:
            data = [_int_data(v, min_bytes) for v in value]
        except (TypeError, ValueError, struct.error) as e:
            if isinstance(e, MP4MetadataValueError):
                raise
            raise MP4MetadataValueError(e) from e
        return self.__parts_data(key, 0, AtomDataType.INTEGER, data)

    def __parts_bool(self, key: str, value: Any) -> List[bytes]:
        return self.__parts_data(key, 0, AtomDataType.INTEGER, [bytes([bool(value)])])

    @staticmethod
    def __pair(pair: Any, trailing: bool) -> bytes:
        number, total = pair
        if not (0 <= number < 1 << 16 and 0 <= total < 1 << 16):
            raise MP4MetadataValueError("invalid numeric pair %r" % ((number, total),))
        if trailing:
            return struct.pack(">4H", 0, number, total, 0)
        return struct.pack(">3H", 0, number, total)

    def __parts_pair(self, key: str, value: Any) -> List[bytes]:
        data = []
        for pair in value:
            try:
                number, total = pair
            except TypeError:
                raise ValueError("%r is not a pair" % (pair,)) from None
            data.append(MP4Tags.__pair((number, total), True))
        return self.__parts_data(key, 0, AtomDataType.IMPLICIT, data)

    def __parts_pair_no_trailing(self, key: str, value: Any) -> List[bytes]:
        data = [MP4Tags.__pair(pair, False) for pair in value]
        return self.__parts_data(key, 0, AtomDataType.IMPLICIT, data)

    def __parts_cover(self, key: str, value: Any) -> List[bytes]:
        parts = [
            piece
            for cover in value
            for piece in MP4Tags.__data_parts(0, getattr(cover, "imageformat", MP4Cover.FORMAT_JPEG), cover)
        ]
        return _atom_parts(key.encode("latin-1"), parts)

    def __parts_freeform(self, key: str, value: Any) -> List[bytes]:
        if isinstance(value, bytes):
            value = [value]
        _, mean, name = key.encode("latin-1").split(b":", 2)
        parts = [
            struct.pack(">I4sI", len(mean) + 12, b"mean", 0) + mean,
            struct.pack(">I4sI", len(name) + 12, b"name", 0) + name,
        ]
        for data in value:
            if isinstance(data, MP4FreeForm):
                parts.extend(MP4Tags.__data_parts(data.version, data.dataformat, data))
            else:
                parts.extend(MP4Tags.__data_parts(0, AtomDataType.UTF8, data))
        return _atom_parts(b"----", parts)

    # mutagen's private renderers, each giving its atom as one ``bytes``.
    @staticmethod
    def __data_atom(version: int, flags: int, data: bytes) -> bytes:
        return b"".join(MP4Tags.__data_parts(version, flags, data))

    def __render_data(self, key: str, version: int, flags: int, value: Any) -> bytes:
        return b"".join(self.__parts_data(key, version, flags, value))

    def __render_text(self, key: str, value: Any, flags: int = AtomDataType.UTF8) -> bytes:
        return b"".join(self.__parts_text(key, value, flags))

    def __render_integer(self, key: str, value: Any, min_bytes: int) -> bytes:
        return b"".join(self.__parts_integer(key, value, min_bytes))

    def __render_bool(self, key: str, value: Any) -> bytes:
        return b"".join(self.__parts_bool(key, value))

    def __render_pair(self, key: str, value: Any) -> bytes:
        return b"".join(self.__parts_pair(key, value))

    def __render_pair_no_trailing(self, key: str, value: Any) -> bytes:
        return b"".join(self.__parts_pair_no_trailing(key, value))

    def __render_cover(self, key: str, value: Any) -> bytes:
        return b"".join(self.__parts_cover(key, value))

    def __render_freeform(self, key: str, value: Any) -> bytes:
        return b"".join(self.__parts_freeform(key, value))

    # Used while the class body runs (to fill the table below), then deleted.
    def __integer_renderer(min_bytes: int) -> Callable[["MP4Tags", str, Any], List[bytes]]:  # type: ignore[misc]  # noqa: N805
        def render(self: "MP4Tags", key: str, value: Any) -> List[bytes]:
            return self.__parts_integer(key, value, min_bytes)

        return render

    # How each key is written, by its atom name; the rest are text. The integer items are
    # written at least as wide as iTunes writes them.
    _RENDERERS: Dict[bytes, Callable[["MP4Tags", str, Any], List[bytes]]] = {
        b"----": __parts_freeform,
        b"trkn": __parts_pair,
        b"disk": __parts_pair_no_trailing,
        b"cpil": __parts_bool,
        b"pgap": __parts_bool,
        b"pcst": __parts_bool,
        b"covr": __parts_cover,
        b"plID": __integer_renderer(8),
        b"cnID": __integer_renderer(4),
        b"geID": __integer_renderer(4),
        b"atID": __integer_renderer(4),
        b"sfID": __integer_renderer(4),
        b"cmID": __integer_renderer(4),
        b"akID": __integer_renderer(1),
        b"tvsn": __integer_renderer(4),
        b"tves": __integer_renderer(4),
        b"tmpo": __integer_renderer(2),
        b"\xa9mvi": __integer_renderer(2),
        b"\xa9mvc": __integer_renderer(2),
        b"shwm": __integer_renderer(1),
        b"stik": __integer_renderer(1),
        b"hdvd": __integer_renderer(1),
        b"rtng": __integer_renderer(1),
    }
    del __integer_renderer

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def __eq__(self, other: object) -> bool:
        return dict(self.items()) == other

    __hash__ = object.__hash__

    @convert_error(OSError, error)
    @loadfile(writable=True)
    def save(self, filething: Any = None, padding: Any = None) -> None:
        """save(filething=None, padding=None)

        Write the items to ``filething`` (an MP4 file: a path or a file object open for
        reading and writing) in place of its ``ilst`` atom, sorted as iTunes writes them; items
        that were read but could not be parsed are written back as they were, unless an item
        of the same key was set. The atoms around the tags and the chunk offsets after them
        move with the audio, which is not rewritten.

        Args:
            padding: a function of a :class:`~mutagen_rs.PaddingInfo` giving the size of the
                ``free`` atom after the items (mutagen's default policy without one).

        Raises:
            MP4MetadataValueError: an item cannot be written.
            MP4MetadataError: a chunk offset table does not fit its atom.
            error: the file's atoms do not walk, or the file cannot be read or written.
        """
        ilst = self._render_ilst()

        def pick(room: int, content: int) -> int:
            return PaddingInfo(room, content)._get_padding(padding)

        _native.mp4_save(filething.fileobj, ilst, pick)

    def _render_ilst(self) -> List[bytes]:
        """The ``ilst`` atom ``save`` writes, as parts laid end to end: the items in order,
        then the atoms that failed to parse (unless an item of their key was set since). The core sorts the items and
        renders the values of the types it knows (``mp4_render_ilst``); ``_render_parts``
        renders the others, or raises for them (as ``MP4MetadataValueError``)."""
        # A key set since takes the place of the atoms that failed (freeform keys, which may
        # repeat, never fail).
        extra = [
            Atom.render(key.encode("latin-1"), data)
            for key, failed in self._failed_atoms.items()
            if key not in self
            for data in failed
        ]
        cls = type(self)
        try:
            if cls._render_parts is MP4Tags._render_parts and cls._RENDERERS is MP4Tags._RENDERERS:
                ilst = _native.mp4_render_ilst(
                    list(self.items()), extra, self._render_parts, MP4Cover, MP4FreeForm
                )
                if ilst is not None:
                    return ilst
        except (TypeError, ValueError) as e:
            raise MP4MetadataValueError(e).with_traceback(e.__traceback__) from None
        values: List[bytes] = []
        for key, value in _sorted_items(self.items()):
            try:
                values.extend(self._render_parts(key, value))
            except (TypeError, ValueError) as e:
                raise MP4MetadataValueError(e).with_traceback(e.__traceback__) from None
        return _atom_parts(b"ilst", values + extra)

    def delete(self, filename: Any) -> None:
        """Remove every item, here and in ``filename`` (a path or a file object; saved with
        no items and no padding)."""
        self._failed_atoms.clear()
        self.clear()
        self.save(filename, padding=lambda info: 0)

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
            self.load(*args, **kwargs)

    def load(self, atoms: Any, fileobj: Any) -> None:
        """Read the chapters of ``moov.udta.chpl`` from an atom tree (``Atoms``) and the file
        object it was read from; none when the tree lacks ``moov.mvhd`` or the ``chpl``.
        ``MP4MetadataError`` when ``mvhd`` has no timescale."""
        try:
            moov = atoms[b"moov"]
        except KeyError:
            return
        chapters = _native.mp4_chapters(moov, fileobj)
        self._chapters = [Chapter(start, title) for start, title in chapters]

    @classmethod
    def _can_load(cls, atoms: Any) -> bool:
        return b"moov.udta.chpl" in atoms and b"moov.mvhd" in atoms

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
            self.load(*args, **kwargs)

    def load(self, atoms: Any, fileobj: Any) -> None:
        """Read the stream information from an atom tree (``Atoms``) and the file object it
        was read from. ``MP4NoTrackError`` when there is no audio track and no ``mvhd``,
        ``MP4StreamInfoError`` when there is no ``moov`` or the track cannot be read."""
        try:
            moov = atoms[b"moov"]
        except KeyError:
            raise MP4StreamInfoError("not a MP4 file") from None
        try:
            info = _native.mp4_info(moov, fileobj)
        except OSError as e:
            raise MP4StreamInfoError(e) from e
        if info is None:
            raise MP4NoTrackError("track has no audio data")
        self._set(info)

    def _set(self, info: tuple) -> None:
        (
            self.length,
            self.bitrate,
            self.channels,
            self.sample_rate,
            self.bits_per_sample,
            self.codec,
            self.codec_description,
        ) = info

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
        self.info._set(info)
        self.tags = None if tags is None else self.MP4Tags._from_payload(tags)
        if chapters is None:
            self.chapters = None
        else:
            self.chapters = self.MP4Chapters()
            self.chapters._chapters = [Chapter(start, title) for start, title in chapters]

    @property
    def _padding(self) -> int:
        return 0 if self.tags is None else self.tags._padding

    @loadfile(writable=True)
    def save(self, filething: Any = None, **kwargs: Any) -> None:
        """save(filething=None, padding=None)

        Save the tags (see :meth:`MP4Tags.save`) to ``filething``, the file this was read
        from by default; a file without tags is left as it is."""
        if self.tags is not None:
            self.tags.save(filething, **kwargs)

    @loadfile(writable=True)
    def delete(self, filething: Any = None) -> None:
        """delete(filething=None)

        Remove the tags (see :meth:`MP4Tags.delete`) from ``filething``, the file this was
        read from by default; a file without tags is left as it is."""
        if self.tags is not None:
            self.tags.delete(filething)

    def add_tags(self) -> None:
        """Give the file new, empty tags (to edit in memory); ``error`` if it has tags."""
        if self.tags is not None:
            raise error("an MP4 tag already exists")
        self.tags = self.MP4Tags()

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


@convert_error(OSError, error)
@loadfile(method=False, writable=True)
def delete(filething: Any) -> None:
    """delete(filething)

    Remove the tags of an MP4 file (a path, ``filename=`` or ``fileobj=``), as
    :meth:`MP4Tags.delete` does."""
    f = MP4(filething)
    filething.fileobj.seek(0)
    f.delete(filething)
