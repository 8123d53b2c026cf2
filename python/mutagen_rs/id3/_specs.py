"""ID3 frame fields: their value types (encodings, picture types, CTOC flags, time stamps) and
the spec classes that validate, read and render each field of a frame.

A frame class lists its fields as spec objects in ``_framespec`` (and ``_optionalspec``). Every
spec has a ``name`` and a ``default`` and three operations: ``validate(frame, value)`` coerces
a value given in Python (``TypeError``/``ValueError`` when it does not fit), ``read(header,
frame, data)`` takes the field off the front of a frame body and returns ``(value, rest)``
(``SpecError`` for bad data), and ``write(config, frame, value)`` renders it. Tags read from
files are decoded by the native core; ``read`` serves the frame-level API (``Frame._fromData``).
"""

from __future__ import annotations

import re as _re
import struct as _struct
from functools import total_ordering
from typing import Any, Dict, List, Optional, Tuple

from .. import _native
from ._util import BitPaddedInt, is_valid_frame_id


class _NamedInt(int):
    """An int whose known values print with a class-qualified name, like mutagen's enums."""

    _names: Dict[int, str] = {}

    def __repr__(self) -> str:
        name = self._names.get(int(self))
        if name is None:
            return "%d" % int(self)
        return "<%s.%s: %d>" % (type(self).__name__, name, int(self))

    def __str__(self) -> str:
        name = self._names.get(int(self))
        if name is None:
            return "%d" % int(self)
        return "%s.%s" % (type(self).__name__, name)


def _members(cls: type) -> type:
    """Turn the uppercase int attributes of ``cls`` into instances of it."""
    names = {}
    for key, val in list(vars(cls).items()):
        if key.isupper() and type(val) is int:
            names[val] = key
            setattr(cls, key, cls(val))
    cls._names = names
    return cls


@_members
class Encoding(_NamedInt):
    """The text encoding of an ID3v2 frame."""

    __module__ = "mutagen_rs.id3"

    LATIN1 = 0
    UTF16 = 1
    UTF16BE = 2
    UTF8 = 3


@_members
class ID3v1SaveOptions(_NamedInt):
    """What saving does with an ID3v1 tag (saving is not supported here)."""

    __module__ = "mutagen_rs.id3"

    REMOVE = 0
    UPDATE = 1
    CREATE = 2


@_members
class PictureType(_NamedInt):
    """What an attached picture shows (APIC, and FLAC/Vorbis pictures)."""

    __module__ = "mutagen_rs.id3"

    OTHER = 0
    FILE_ICON = 1
    OTHER_FILE_ICON = 2
    COVER_FRONT = 3
    COVER_BACK = 4
    LEAFLET_PAGE = 5
    MEDIA = 6
    LEAD_ARTIST = 7
    ARTIST = 8
    CONDUCTOR = 9
    BAND = 10
    COMPOSER = 11
    LYRICIST = 12
    RECORDING_LOCATION = 13
    DURING_RECORDING = 14
    DURING_PERFORMANCE = 15
    SCREEN_CAPTURE = 16
    FISH = 17
    ILLUSTRATION = 18
    BAND_LOGOTYPE = 19
    PUBLISHER_LOGOTYPE = 20

    def _pprint(self) -> str:
        return str(self).split(".", 1)[-1].lower().replace("_", " ")


class CTOCFlags(int):
    """The flags of a CTOC (table of contents) frame."""

    __module__ = "mutagen_rs.id3"

    _bits = (("TOP_LEVEL", 0x2), ("ORDERED", 0x1))

    def __str__(self) -> str:
        value = int(self)
        parts = []
        for name, bit in self._bits:
            if value & bit:
                parts.append("CTOCFlags.%s" % name)
                value &= ~bit
        if value or not parts:
            parts.append(str(value))
        return " | ".join(parts)

    def __repr__(self) -> str:
        return "<%s: %d>" % (str(self), int(self))


CTOCFlags.TOP_LEVEL = CTOCFlags(0x2)
CTOCFlags.ORDERED = CTOCFlags(0x1)

_PARTS = ("year", "month", "day", "hour", "minute", "second")
_PLAIN_STAMP = _re.compile(r"(\d+)(?:-(\d+)(?:-(\d+)(?:T(\d+)(?::(\d+)(?::(\d+))?)?)?)?)?\Z", _re.ASCII)
_SPLIT = _re.compile(r"[-T:/.]|\s+")


@total_ordering
class ID3TimeStamp(object):
    """An ID3v2.4 time stamp: ``YYYY-MM-DD HH:MM:SS`` or a leading part of it.

    ``text`` gives the normalised text; ``year`` ... ``second`` the parts (``None`` when
    absent).
    """

    __module__ = "mutagen_rs.id3"

    import re

    def __init__(self, text: Any) -> None:
        if isinstance(text, ID3TimeStamp):
            text = text.text
        elif not isinstance(text, str):
            raise TypeError("not a str")
        self.text = text

    def get_text(self) -> str:
        """The time stamp as text."""
        out = ""
        for i, part in enumerate((self.year, self.month, self.day, self.hour, self.minute, self.second)):
            if part is None:
                break
            out += ("%04d" if i == 0 else "%02d") % part + "-- ::x"[i]
        return out[:-1]

    def set_text(self, text: str) -> None:
        """Parse the parts of a time stamp from text."""
        d = self.__dict__
        m = _PLAIN_STAMP.match(text)
        if m is not None:
            # The usual shape (YYYY[-MM[-DD[Thh[:mm[:ss]]]]] in ASCII digits) splits into exactly
            # these groups; anything else takes the general split below.
            y, mo, da, h, mi, se = m.groups()
            d["year"] = int(y)
            d["month"] = mo and int(mo)
            d["day"] = da and int(da)
            d["hour"] = h and int(h)
            d["minute"] = mi and int(mi)
            d["second"] = se and int(se)
            return
        pieces = _SPLIT.split(text + ":::::")[:6]
        for name, piece in zip(_PARTS, pieces):
            if not piece:
                # int("") raises: the common case of an absent part, without the exception.
                value = None
            else:
                try:
                    value = int(piece)
                except ValueError:
                    value = None
            d[name] = value

    text = property(get_text, set_text, doc="The time stamp as ID3v2.4 text.")

    def __str__(self) -> str:
        return self.text

    def __bytes__(self) -> bytes:
        return self.text.encode("utf-8")

    def __repr__(self) -> str:
        return repr(self.text)

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, ID3TimeStamp) and self.text == other.text

    def __lt__(self, other: Any) -> bool:
        return self.text < other.text

    __hash__ = object.__hash__

    def encode(self, *args: Any) -> bytes:
        """The text encoded with ``str.encode(*args)``."""
        return self.text.encode(*args)


class SpecError(Exception):
    """A frame field could not be read from, or rendered to, bytes."""

    __module__ = "mutagen_rs.id3._specs"


_V24 = (2, 4, 0)


def _before_v24(header: Any) -> bool:
    """Whether ``header`` is that of an ID3v2.2/2.3 tag (no header counts as ID3v2.4)."""
    return header is not None and tuple(header.version) < _V24


class Spec(object):
    """One field of a frame: its attribute ``name`` and ``default`` value."""

    __module__ = "mutagen_rs.id3._specs"

    handle_nodata = False
    """Whether the field may be read from no data at all (and renders to none when empty)."""

    def __init__(self, name: str, default: Any) -> None:
        self.name = name
        self.default = default

    def __hash__(self) -> int:
        raise TypeError("Spec objects are unhashable")

    def __repr__(self) -> str:
        return "%s(%r)" % (type(self).__name__, self.name)

    def _validate23(self, frame: Any, value: Any, **kwargs: Any) -> Any:
        """The value to render in an ID3v2.3 tag instead of ``value``."""
        return value

    def read(self, header: Any, frame: Any, data: bytes) -> Tuple[Any, bytes]:
        """``(value, rest)``: the field read from the front of ``data``; ``SpecError`` if it cannot be."""
        raise NotImplementedError

    def write(self, config: Any, frame: Any, value: Any) -> bytes:
        """The field's bytes; ``SpecError`` for a value that cannot be rendered."""
        raise NotImplementedError

    def validate(self, frame: Any, value: Any) -> Any:
        """``value`` coerced to the field's type; ``TypeError``/``ValueError`` if it does not fit."""
        raise NotImplementedError


class ByteSpec(Spec):
    """An integer in one byte."""

    __module__ = "mutagen_rs.id3._specs"

    def __init__(self, name: str, default: Any = 0) -> None:
        super().__init__(name, default)

    def read(self, header: Any, frame: Any, data: bytes) -> Tuple[Any, bytes]:
        if not data:
            raise SpecError("no data for %s" % self.name)
        return data[0], data[1:]

    def write(self, config: Any, frame: Any, value: Any) -> bytes:
        return bytes((value,))

    def validate(self, frame: Any, value: Any) -> Any:
        if value is not None:
            bytes((value,))
        return value


class PictureTypeSpec(ByteSpec):
    """A picture type (:class:`PictureType`) in one byte."""

    __module__ = "mutagen_rs.id3._specs"

    def __init__(self, name: str, default: Any = PictureType.COVER_FRONT) -> None:
        super().__init__(name, default)

    def read(self, header: Any, frame: Any, data: bytes) -> Tuple[Any, bytes]:
        value, rest = super().read(header, frame, data)
        return PictureType(value), rest

    def validate(self, frame: Any, value: Any) -> Any:
        value = super().validate(frame, value)
        return None if value is None else PictureType(value)


class CTOCFlagsSpec(ByteSpec):
    """The flags of a CTOC frame (:class:`CTOCFlags`) in one byte."""

    __module__ = "mutagen_rs.id3._specs"

    def read(self, header: Any, frame: Any, data: bytes) -> Tuple[Any, bytes]:
        value, rest = super().read(header, frame, data)
        return CTOCFlags(value), rest

    def validate(self, frame: Any, value: Any) -> Any:
        value = super().validate(frame, value)
        return None if value is None else CTOCFlags(value)


class IntegerSpec(Spec):
    """A big-endian unsigned integer taking the rest of the frame (at least four bytes written)."""

    __module__ = "mutagen_rs.id3._specs"

    def read(self, header: Any, frame: Any, data: bytes) -> Tuple[Any, bytes]:
        return int.from_bytes(data, "big"), b""

    def write(self, config: Any, frame: Any, value: Any) -> bytes:
        return BitPaddedInt.to_str(value, bits=8, width=-1)

    def validate(self, frame: Any, value: Any) -> Any:
        return value


class SizedIntegerSpec(Spec):
    """A big-endian unsigned integer of ``size`` bytes."""

    __module__ = "mutagen_rs.id3._specs"

    def __init__(self, name: str, size: int, default: Any) -> None:
        super().__init__(name, default)
        self.size = size

    def read(self, header: Any, frame: Any, data: bytes) -> Tuple[Any, bytes]:
        return int.from_bytes(data[:self.size], "big"), data[self.size:]

    def write(self, config: Any, frame: Any, value: Any) -> bytes:
        return BitPaddedInt.to_str(value, bits=8, width=self.size)

    def validate(self, frame: Any, value: Any) -> Any:
        return value


_ENCODINGS = (0, 1, 2, 3)


class EncodingSpec(ByteSpec):
    """The text encoding byte of a frame (:class:`Encoding`)."""

    __module__ = "mutagen_rs.id3._specs"

    def __init__(self, name: str, default: Any = Encoding.UTF16) -> None:
        super().__init__(name, default)

    def read(self, header: Any, frame: Any, data: bytes) -> Tuple[Any, bytes]:
        value, rest = super().read(header, frame, data)
        if value not in _ENCODINGS:
            raise SpecError("Invalid Encoding: %r" % value)
        return Encoding(value), rest

    def validate(self, frame: Any, value: Any) -> Any:
        if value is None:
            raise TypeError("an encoding is required")
        if value not in _ENCODINGS:
            raise ValueError("Invalid Encoding: %r" % (value,))
        return Encoding(value)

    def _validate23(self, frame: Any, value: Any, **kwargs: Any) -> Any:
        # ID3v2.3 knows Latin-1 and UTF-16 only.
        return value if value in (Encoding.LATIN1, Encoding.UTF16) else Encoding.UTF16


class StringSpec(Spec):
    """ASCII text of a fixed length ``len`` (a language code, a date)."""

    __module__ = "mutagen_rs.id3._specs"

    def __init__(self, name: str, length: int, default: Optional[str] = None) -> None:
        super().__init__(name, " " * length if default is None else default)
        self.len = length

    def read(self, header: Any, frame: Any, data: bytes) -> Tuple[Any, bytes]:
        try:
            text = data[:self.len].decode("ascii")
        except UnicodeDecodeError:
            raise SpecError("not ascii") from None
        return text, data[self.len:]

    def write(self, config: Any, frame: Any, value: Any) -> bytes:
        return value.encode("ascii").ljust(self.len, b"\x00")[:self.len]

    def validate(self, frame: Any, value: Any) -> Any:
        if not isinstance(value, str):
            raise TypeError("%s has to be str" % self.name)
        value.encode("ascii")
        if len(value) != self.len:
            raise ValueError("%s has to be %d characters: %r" % (self.name, self.len, value))
        return value


class FrameIDSpec(StringSpec):
    """A frame ID of ``length`` characters (a LINK/LNK target)."""

    __module__ = "mutagen_rs.id3._specs"

    def __init__(self, name: str, length: int) -> None:
        super().__init__(name, length, "X" * length)

    def validate(self, frame: Any, value: Any) -> Any:
        value = super().validate(frame, value)
        if not is_valid_frame_id(value):
            raise ValueError("Invalid frame ID: %r" % value)
        return value


# The values of RVAD/RVA whose sign is kept in the flags byte, in the order of its bits.
_RVA_SIGNED = (0, 1, 4, 5, 8, 10)


class RVASpec(Spec):
    """The adjustments of an RVAD (six channels) or RVA (two channels) frame: a flags byte
    with the sign of each change, the bit width of the values, then the values."""

    __module__ = "mutagen_rs.id3._specs"

    def __init__(self, name: str, stereo_only: bool, default: Any = None) -> None:
        super().__init__(name, [0, 0] if default is None else default)
        self._max_values = 4 if stereo_only else 12

    def read(self, header: Any, frame: Any, data: bytes) -> Tuple[Any, bytes]:
        if len(data) < 2:
            raise SpecError("truncated")
        flags, bits, data = data[0], data[1], data[2:]
        if bits == 0:
            raise SpecError("bits used has to be > 0")
        width = (bits + 7) // 8
        values: List[int] = []
        while len(data) >= width and len(values) < self._max_values:
            values.append(int.from_bytes(data[:width], "big"))
            data = data[width:]
        if len(values) < 2:
            raise SpecError("First two values not optional")
        for bit, index in enumerate(_RVA_SIGNED):
            if index >= len(values):
                break
            if not flags & (1 << bit):
                values[index] = -values[index]
        return values, data

    def write(self, config: Any, frame: Any, value: Any) -> bytes:
        if not 2 <= len(value) <= self._max_values:
            raise SpecError("between 2 and %d volume changes required" % self._max_values)
        flags = 0
        magnitudes = [abs(v) for v in value]
        for bit, index in enumerate(_RVA_SIGNED):
            if index >= len(value):
                break
            if value[index] >= 0:
                flags |= 1 << bit
        width = max(2, max((m.bit_length() + 7) // 8 for m in magnitudes))
        out = bytearray((flags, width * 8))
        for m in magnitudes:
            out += m.to_bytes(width, "big")
        return bytes(out)

    def validate(self, frame: Any, value: Any) -> Any:
        if not 2 <= len(value) <= self._max_values:
            raise ValueError("needs a list of 2 to %d values" % self._max_values)
        return list(value) if isinstance(value, list) else value


_Blob = getattr(_native, "Blob", bytes)


class BinaryDataSpec(Spec):
    """Raw bytes taking the rest of the frame."""

    __module__ = "mutagen_rs.id3._specs"

    handle_nodata = True

    def __init__(self, name: str, default: Any = b"") -> None:
        super().__init__(name, default)

    def read(self, header: Any, frame: Any, data: bytes) -> Tuple[Any, bytes]:
        return data, b""

    def write(self, config: Any, frame: Any, value: Any) -> bytes:
        if isinstance(value, (bytes, _Blob)):
            return bytes(value)
        return str(value).encode("ascii")

    def validate(self, frame: Any, value: Any) -> Any:
        if isinstance(value, (bytes, _Blob)):
            return value
        raise TypeError("%s has to be bytes" % self.name)


# Per text encoding: the codec that renders it and its terminator.
_TEXT_CODECS = {0: ("latin1", b"\x00"), 1: ("utf-16", b"\x00\x00"), 2: ("utf-16-be", b"\x00\x00"),
                3: ("utf-8", b"\x00")}


def _find_unit_nul(data: bytes, start: int) -> int:
    """The index of the first two-byte NUL code unit at an even offset from ``start``, or -1."""
    at = data.find(b"\x00\x00", start)
    while at != -1 and (at - start) % 2:
        at = data.find(b"\x00\x00", at + 1)
    return at


def _decode_terminated(data: bytes, encoding: int, strict: bool = True) -> Tuple[str, bytes]:
    """Text in ID3 ``encoding`` up to its NUL terminator, and the bytes after it.

    ``ValueError`` (``UnicodeDecodeError`` included) for undecodable text, and for text without a
    terminator when ``strict``; otherwise unterminated text takes all of ``data``."""
    if encoding in (0, 3):
        codec = "latin1" if encoding == 0 else "utf-8"
        end = data.find(b"\x00")
        if end == -1:
            text = data.decode(codec)
            if strict:
                raise ValueError("not null terminated")
            return text, b""
        return data[:end].decode(codec), data[end + 1:]
    codec = "utf-16-be"
    start = 0
    if encoding == 1:
        codec = "utf-16-le"
        if data[:2] == b"\xfe\xff":
            codec, start = "utf-16-be", 2
        elif data[:2] == b"\xff\xfe":
            start = 2
    end = _find_unit_nul(data, start)
    if end == -1:
        text = data[start:].decode(codec)
        if strict:
            raise ValueError("not null terminated")
        return text, b""
    return data[start:end].decode(codec), data[end + 2:]


def _text_candidates(data: bytes, encoding: int) -> Any:
    """``data`` as written, then repaired forms of it that common mistakes call for: a missing
    final zero byte of a UTF-16 terminator, a missing UTF-16 byte order mark."""
    yield data
    if encoding == 2:
        yield data + b"\x00"
    elif encoding == 1:
        yield data + b"\x00"
        yield b"\xff\xfe" + data
        yield b"\xff\xfe" + data + b"\x00"


def _encode_text(value: str, encoding: int) -> bytes:
    """``value`` in ID3 ``encoding`` with its terminator; UTF-16 with a little-endian BOM."""
    codec, term = _TEXT_CODECS[encoding]
    if encoding == 1:
        return b"\xff\xfe" + value.encode("utf-16-le") + term
    return value.encode(codec) + term


class EncodedTextSpec(Spec):
    """NUL-terminated text in the frame's ``encoding``."""

    __module__ = "mutagen_rs.id3._specs"

    def __init__(self, name: str, default: Any = "") -> None:
        super().__init__(name, default)

    def read(self, header: Any, frame: Any, data: bytes) -> Tuple[Any, bytes]:
        error: Optional[Exception] = None
        for candidate in _text_candidates(data, frame.encoding):
            try:
                value, rest = _decode_terminated(candidate, frame.encoding, strict=False)
            except ValueError as e:
                error = e
                continue
            # Before ID3v2.4 a frame held one value: zero padding after it is not more values.
            if _before_v24(header) and not rest.strip(b"\x00"):
                rest = b""
            return value, rest
        raise SpecError(error)

    def write(self, config: Any, frame: Any, value: Any) -> bytes:
        try:
            return _encode_text(value, frame.encoding)
        except UnicodeEncodeError as e:
            raise SpecError(e) from None

    def validate(self, frame: Any, value: Any) -> Any:
        return str(value)


class EncodedNumericTextSpec(EncodedTextSpec):
    """Encoded text holding a number."""

    __module__ = "mutagen_rs.id3._specs"


class EncodedNumericPartTextSpec(EncodedTextSpec):
    """Encoded text holding ``N`` or ``N/M``."""

    __module__ = "mutagen_rs.id3._specs"


class MultiSpec(Spec):
    """A list of values, each read by ``specs`` in turn until the data ends; with one spec the
    list holds its values, with several it holds one list per record. ``sep`` splits a string
    given for the field into values."""

    __module__ = "mutagen_rs.id3._specs"

    def __init__(self, name: str, *specs: Spec, **kwargs: Any) -> None:
        super().__init__(name, kwargs.get("default"))
        self.specs = specs
        self.sep = kwargs.get("sep")

    def read(self, header: Any, frame: Any, data: bytes) -> Tuple[Any, bytes]:
        values: List[Any] = []
        single = len(self.specs) == 1
        while data:
            record = []
            for spec in self.specs:
                value, data = spec.read(header, frame, data)
                record.append(value)
            values.append(record[0] if single else record)
        return values, data

    def write(self, config: Any, frame: Any, value: Any) -> bytes:
        if len(self.specs) == 1:
            spec = self.specs[0]
            return b"".join(spec.write(config, frame, v) for v in value)
        return b"".join(spec.write(config, frame, v) for record in value for v, spec in zip(record, self.specs))

    def validate(self, frame: Any, value: Any) -> Any:
        if self.sep and isinstance(value, str):
            value = value.split(self.sep)
        if not isinstance(value, list):
            raise ValueError("Invalid MultiSpec data: %r" % (value,))
        if len(self.specs) == 1:
            spec = self.specs[0]
            return [spec.validate(frame, v) for v in value]
        return [[spec.validate(frame, v) for v, spec in zip(record, self.specs)] for record in value]

    def _validate23(self, frame: Any, value: Any, **kwargs: Any) -> Any:
        if len(self.specs) != 1:
            return [[spec._validate23(frame, v, **kwargs) for v, spec in zip(record, self.specs)]
                    for record in value]
        spec = self.specs[0]
        # Only plain text lists are joined for ID3v2.3 (time stamps do not exist there).
        if not isinstance(spec, EncodedTextSpec) or isinstance(spec, TimeStampSpec):
            return value
        value = [spec._validate23(frame, v, **kwargs) for v in value]
        sep = kwargs.get("sep")
        if sep is not None:
            return [spec.validate(frame, sep.join(value))]
        return value


class Latin1TextSpec(Spec):
    """NUL-terminated Latin-1 text (or Latin-1 text up to the end of the frame)."""

    __module__ = "mutagen_rs.id3._specs"

    def __init__(self, name: str, default: Any = "") -> None:
        super().__init__(name, default)

    def read(self, header: Any, frame: Any, data: bytes) -> Tuple[Any, bytes]:
        text, sep, rest = data.partition(b"\x00")
        return text.decode("latin1"), rest

    def write(self, config: Any, frame: Any, value: Any) -> bytes:
        return value.encode("latin1") + b"\x00"

    def validate(self, frame: Any, value: Any) -> Any:
        return str(value)


class Latin1TextListSpec(Spec):
    """A count byte followed by that many NUL-terminated Latin-1 strings."""

    __module__ = "mutagen_rs.id3._specs"

    def __init__(self, name: str, default: Any = None) -> None:
        super().__init__(name, [] if default is None else default)
        self._count = ByteSpec("entry_count", default=0)
        self._entry = Latin1TextSpec("child_element_id")

    def read(self, header: Any, frame: Any, data: bytes) -> Tuple[Any, bytes]:
        count, data = self._count.read(header, frame, data)
        entries = []
        for _ in range(count):
            entry, data = self._entry.read(header, frame, data)
            entries.append(entry)
        return entries, data

    def write(self, config: Any, frame: Any, value: Any) -> bytes:
        out = self._count.write(config, frame, len(value))
        return out + b"".join(self._entry.write(config, frame, v) for v in value)

    def validate(self, frame: Any, value: Any) -> Any:
        return [self._entry.validate(frame, v) for v in value]


class ID3FramesSpec(Spec):
    """Embedded frames (the sub-frames of CHAP and CTOC), held in an ``ID3Tags``."""

    __module__ = "mutagen_rs.id3._specs"

    handle_nodata = True

    def __init__(self, name: str, default: Any = None) -> None:
        super().__init__(name, [] if default is None else default)

    def read(self, header: Any, frame: Any, data: bytes) -> Tuple[Any, bytes]:
        from ._tags import ID3Tags

        tags = ID3Tags()
        return tags, tags._read(header, data)

    def write(self, config: Any, frame: Any, value: Any) -> bytes:
        return bytes(value._write(config))

    def validate(self, frame: Any, value: Any) -> Any:
        from ._tags import ID3Tags

        if isinstance(value, ID3Tags):
            return value
        tags = ID3Tags()
        for sub in value:
            tags.add(sub)
        return tags

    def _validate23(self, frame: Any, value: Any, **kwargs: Any) -> Any:
        from ._tags import ID3Tags

        tags = ID3Tags()
        for sub in value.values():
            tags.add(sub._get_v23_frame(**kwargs))
        return tags


class TimeStampSpec(EncodedTextSpec):
    """Encoded text holding an :class:`ID3TimeStamp`."""

    __module__ = "mutagen_rs.id3._specs"

    def read(self, header: Any, frame: Any, data: bytes) -> Tuple[Any, bytes]:
        value, rest = super().read(header, frame, data)
        return self.validate(frame, value), rest

    def write(self, config: Any, frame: Any, value: Any) -> bytes:
        return super().write(config, frame, value.text.replace(" ", "T"))

    def validate(self, frame: Any, value: Any) -> Any:
        try:
            return ID3TimeStamp(value)
        except TypeError:
            raise ValueError("Invalid ID3TimeStamp: %r" % (value,)) from None


class ChannelSpec(ByteSpec):
    """The channel byte of an RVA2 frame."""

    __module__ = "mutagen_rs.id3._specs"

    (OTHER, MASTER, FRONTRIGHT, FRONTLEFT, BACKRIGHT, BACKLEFT, FRONTCENTRE, BACKCENTRE,
     SUBWOOFER) = range(9)


class VolumeAdjustmentSpec(Spec):
    """A gain in dB: a signed 16-bit count of 1/512 dB."""

    __module__ = "mutagen_rs.id3._specs"

    def read(self, header: Any, frame: Any, data: bytes) -> Tuple[Any, bytes]:
        if len(data) < 2:
            raise SpecError("not enough frame data")
        return int.from_bytes(data[:2], "big", signed=True) / 512.0, data[2:]

    def write(self, config: Any, frame: Any, value: Any) -> bytes:
        number = round(value * 512)
        if not -32768 <= number <= 32767:
            raise SpecError("not in range")
        return number.to_bytes(2, "big", signed=True)

    def validate(self, frame: Any, value: Any) -> Any:
        if value is not None:
            try:
                self.write(None, frame, value)
            except SpecError:
                raise ValueError("out of range") from None
        return value


class VolumePeakSpec(Spec):
    """A peak volume: a bit count, then that many bits of a fraction of full scale (written as
    16 bits)."""

    __module__ = "mutagen_rs.id3._specs"

    def read(self, header: Any, frame: Any, data: bytes) -> Tuple[Any, bytes]:
        if not data:
            raise SpecError("not enough frame data")
        bits = data[0]
        width = min(4, (bits + 7) >> 3)
        if len(data) < width + 1:
            raise SpecError("not enough frame data")
        shift = ((8 - (bits & 7)) & 7) + (4 - width) * 8
        peak = int.from_bytes(data[1:1 + width], "big") << shift
        return peak / (2 ** 31 - 1), data[1 + width:]

    def write(self, config: Any, frame: Any, value: Any) -> bytes:
        number = round(value * 32768)
        if not 0 <= number <= 65535:
            raise SpecError("not in range")
        return b"\x10" + number.to_bytes(2, "big")

    def validate(self, frame: Any, value: Any) -> Any:
        if value is not None:
            try:
                self.write(None, frame, value)
            except SpecError:
                raise ValueError("out of range") from None
        return value


class SynchronizedTextSpec(EncodedTextSpec):
    """SYLT text: ``(text, time)`` pairs, each text terminated and followed by a 32-bit time."""

    __module__ = "mutagen_rs.id3._specs"

    def read(self, header: Any, frame: Any, data: bytes) -> Tuple[Any, bytes]:
        texts = []
        while data:
            try:
                value, data = _decode_terminated(data, frame.encoding)
            except ValueError:
                raise SpecError("decoding error") from None
            if len(data) < 4:
                raise SpecError("not enough data")
            texts.append((value, int.from_bytes(data[:4], "big")))
            data = data[4:]
        return texts, b""

    def write(self, config: Any, frame: Any, value: Any) -> bytes:
        out = []
        for text, time in value:
            try:
                out.append(_encode_text(text, frame.encoding))
            except UnicodeEncodeError as e:
                raise SpecError(e) from None
            out.append(_struct.pack(">I", time))
        return b"".join(out)

    def validate(self, frame: Any, value: Any) -> Any:
        return value


class KeyEventSpec(Spec):
    """ETCO events: ``(type, time)`` pairs of a signed byte and a 32-bit time."""

    __module__ = "mutagen_rs.id3._specs"

    def read(self, header: Any, frame: Any, data: bytes) -> Tuple[Any, bytes]:
        count = len(data) // 5
        events = list(_struct.iter_unpack(">bI", data[:count * 5]))
        return events, data[count * 5:]

    def write(self, config: Any, frame: Any, value: Any) -> bytes:
        return b"".join(_struct.pack(">bI", *event) for event in value)

    def validate(self, frame: Any, value: Any) -> Any:
        return list(value)


class VolumeAdjustmentsSpec(Spec):
    """EQU2 adjustments: ``(frequency in Hz, adjustment in dB)`` pairs, sorted by frequency."""

    __module__ = "mutagen_rs.id3._specs"

    def read(self, header: Any, frame: Any, data: bytes) -> Tuple[Any, bytes]:
        count = len(data) // 4
        found: Dict[float, float] = {}
        for freq, adj in _struct.iter_unpack(">Hh", data[:count * 4]):
            found[freq / 2.0] = adj / 512.0
        return sorted(found.items()), data[count * 4:]

    def write(self, config: Any, frame: Any, value: Any) -> bytes:
        return b"".join(_struct.pack(">Hh", int(freq * 2), int(adj * 512)) for freq, adj in sorted(value))

    def validate(self, frame: Any, value: Any) -> Any:
        return list(value)


class ASPIIndexSpec(Spec):
    """The ASPI index: ``frame.N`` values of ``frame.b`` (8 or 16) bits."""

    __module__ = "mutagen_rs.id3._specs"

    @staticmethod
    def _format(frame: Any) -> str:
        if frame.b == 16:
            return ">%dH" % frame.N
        if frame.b == 8:
            return ">%dB" % frame.N
        raise SpecError("invalid bit count in ASPI (%d)" % frame.b)

    def read(self, header: Any, frame: Any, data: bytes) -> Tuple[Any, bytes]:
        fmt = self._format(frame)
        size = _struct.calcsize(fmt)
        try:
            return list(_struct.unpack(fmt, data[:size])), data[size:]
        except _struct.error as e:
            raise SpecError(e) from None

    def write(self, config: Any, frame: Any, value: Any) -> bytes:
        try:
            return _struct.pack(self._format(frame), *value)
        except _struct.error as e:
            raise SpecError(e) from None

    def validate(self, frame: Any, value: Any) -> Any:
        return list(value)
