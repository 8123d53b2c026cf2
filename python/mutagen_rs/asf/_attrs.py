"""ASF attribute values, under the names of ``mutagen.asf._attrs``.

These need no file: they are built from Python values or from the bytes of an attribute, and
render back to those bytes.
"""

from __future__ import annotations

import struct
from functools import total_ordering
from typing import Any, Dict

from ._util import ASFError


def _name_bytes(name: str) -> bytes:
    """An attribute name as stored: UTF-16-LE with a NUL terminator."""
    return name.encode("utf-16-le") + b"\x00\x00"


@total_ordering
class ASFBaseAttribute(object):
    """An attribute value: ``value`` (its Python value), ``language`` and ``stream`` (the
    indices it is bound to, or ``None``).

    ``Class(value)`` checks and keeps ``value``; ``Class(data=bytes)`` reads the stored form.
    A value compares with (and sorts against) plain Python values like its ``value``.
    """

    TYPE: int
    """The stored type code of the attribute class."""

    _TYPES: Dict[int, type] = {}

    value: Any = None
    language = None
    stream = None

    def __init__(self, value: Any = None, data: Any = None, language: Any = None,
                 stream: Any = None, **kwargs: Any) -> None:
        self.language = language
        self.stream = stream
        if data is not None:
            self.value = self.parse(data, **kwargs)
        elif value is not None:
            self.value = self._validate(value)
        else:
            # An empty attribute whose value the caller sets later.
            self.value = None

    @classmethod
    def _register(cls, other: type) -> type:
        cls._TYPES[other.TYPE] = other
        return other

    @classmethod
    def _get_type(cls, type_: int) -> type:
        """The attribute class of a type code.

        Raises:
            KeyError: an unknown code.
        """
        return cls._TYPES[type_]

    def parse(self, data: bytes) -> Any:  # pragma: no cover - overridden
        """The Python value of the stored bytes ``data``."""
        raise NotImplementedError

    def _validate(self, value: Any) -> Any:
        """``value`` as kept by this class.

        Raises:
            TypeError: a value of the wrong type.
            ValueError: a value out of range.
        """
        return value

    def _render(self) -> bytes:  # pragma: no cover - overridden
        raise NotImplementedError

    def data_size(self) -> int:
        """The size of the stored value in bytes."""
        return len(self._render())

    def __eq__(self, other: Any) -> bool:
        return self.value == other

    def __lt__(self, other: Any) -> bool:
        return self.value < other

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        text = "%s(%r" % (type(self).__name__, self.value)
        if self.language:
            text += ", language=%d" % self.language
        if self.stream:
            text += ", stream=%d" % self.stream
        return text + ")"

    def _render_short(self) -> bytes:
        """The stored value where a BOOL takes two bytes (metadata objects)."""
        return self._render()

    def render(self, name: str) -> bytes:
        """The attribute as stored in an Extended Content Description object."""
        encoded = _name_bytes(name)
        data = self._render()
        return (struct.pack("<H", len(encoded)) + encoded
                + struct.pack("<HH", self.TYPE, len(data)) + data)

    def render_m(self, name: str) -> bytes:
        """The attribute as stored in a Metadata object (no language)."""
        encoded = _name_bytes(name)
        data = self._render_short()
        return (struct.pack("<HHHHI", 0, self.stream or 0, len(encoded), self.TYPE, len(data))
                + encoded + data)

    def render_ml(self, name: str) -> bytes:
        """The attribute as stored in a Metadata Library object."""
        encoded = _name_bytes(name)
        data = self._render_short()
        return (struct.pack("<HHHHI", self.language or 0, self.stream or 0, len(encoded),
                            self.TYPE, len(data))
                + encoded + data)


@ASFBaseAttribute._register
class ASFUnicodeAttribute(ASFBaseAttribute):
    """A text attribute: ``value`` is a ``str`` (stored as NUL-terminated UTF-16-LE)."""

    TYPE = 0x0000

    def parse(self, data: bytes) -> str:
        """The text of the stored bytes, without NUL characters at either end.

        Raises:
            ASFError: the bytes are no UTF-16-LE.
        """
        try:
            return data.decode("utf-16-le").strip("\x00")
        except UnicodeDecodeError as e:
            raise ASFError(e) from e

    def _validate(self, value: Any) -> str:
        if not isinstance(value, str):
            raise TypeError("%r is not a str" % (value,))
        return value

    def _render(self) -> bytes:
        return _name_bytes(self.value)

    def __bytes__(self) -> bytes:
        return self.value.encode("utf-16-le")

    def __str__(self) -> str:
        return self.value


class _ASFBytesAttribute(ASFBaseAttribute):
    """An attribute whose ``value`` is ``bytes``, stored as they are."""

    def parse(self, data: bytes) -> bytes:
        """The stored bytes themselves."""
        if not isinstance(data, bytes):
            raise AssertionError("stored data is bytes")
        return data

    def _validate(self, value: Any) -> bytes:
        if not isinstance(value, bytes):
            raise TypeError("%r is not bytes" % (value,))
        return value

    def _render(self) -> bytes:
        if not isinstance(self.value, bytes):
            raise AssertionError("the value is not bytes")
        return self.value

    def data_size(self) -> int:
        """The number of bytes of the value."""
        return len(self.value)

    def __bytes__(self) -> bytes:
        return self.value


@ASFBaseAttribute._register
class ASFByteArrayAttribute(_ASFBytesAttribute):
    """A binary attribute: ``value`` is ``bytes``."""

    TYPE = 0x0001

    def __str__(self) -> str:
        return "[binary data (%d bytes)]" % len(self.value)


@ASFBaseAttribute._register
class ASFBoolAttribute(ASFBaseAttribute):
    """A boolean attribute: ``value`` is a ``bool`` (stored in four bytes, or two in
    metadata objects)."""

    TYPE = 0x0002

    def parse(self, data: bytes, dword: bool = True) -> bool:
        """Whether the stored number (four bytes with ``dword``, else two) is 1."""
        return struct.unpack("<I" if dword else "<H", data)[0] == 1

    def _validate(self, value: Any) -> bool:
        return bool(value)

    def _render(self, dword: bool = True) -> bytes:
        return struct.pack("<I" if dword else "<H", bool(self.value))

    def _render_short(self) -> bytes:
        return self._render(dword=False)

    def data_size(self) -> int:
        """4: a boolean is stored in four bytes."""
        return 4

    def __bool__(self) -> bool:
        return bool(self.value)

    def __bytes__(self) -> bytes:
        return str(self.value).encode("utf-8")

    def __str__(self) -> str:
        return str(self.value)


class _ASFIntAttribute(ASFBaseAttribute):
    """An unsigned integer attribute of ``_SIZE`` bytes: ``value`` is an ``int``."""

    _FORMAT = ""
    _SIZE = 0

    def parse(self, data: bytes) -> int:
        """The stored little-endian number."""
        return struct.unpack(self._FORMAT, data)[0]

    def _validate(self, value: Any) -> int:
        value = int(value)
        if not 0 <= value < 1 << (8 * self._SIZE):
            raise ValueError("%d does not fit in %d unsigned bytes" % (value, self._SIZE))
        return value

    def _render(self) -> bytes:
        return struct.pack(self._FORMAT, self.value)

    def data_size(self) -> int:
        """The size of the stored number in bytes."""
        return self._SIZE

    def __int__(self) -> int:
        return self.value

    def __bytes__(self) -> bytes:
        return str(self.value).encode("utf-8")

    def __str__(self) -> str:
        return str(self.value)


@ASFBaseAttribute._register
class ASFDWordAttribute(_ASFIntAttribute):
    """A 32-bit unsigned integer attribute."""

    TYPE = 0x0003
    _FORMAT = "<I"
    _SIZE = 4


@ASFBaseAttribute._register
class ASFQWordAttribute(_ASFIntAttribute):
    """A 64-bit unsigned integer attribute."""

    TYPE = 0x0004
    _FORMAT = "<Q"
    _SIZE = 8


@ASFBaseAttribute._register
class ASFWordAttribute(_ASFIntAttribute):
    """A 16-bit unsigned integer attribute."""

    TYPE = 0x0005
    _FORMAT = "<H"
    _SIZE = 2


@ASFBaseAttribute._register
class ASFGUIDAttribute(_ASFBytesAttribute):
    """A GUID attribute: ``value`` is the stored ``bytes`` of the GUID."""

    TYPE = 0x0006

    def __str__(self) -> str:
        return repr(self.value)


def ASFValue(value: Any, kind: int, **kwargs: Any) -> ASFBaseAttribute:
    """An attribute of the type code ``kind`` (``UNICODE``, ``BYTEARRAY``, ``BOOL``, ``DWORD``,
    ``QWORD``, ``WORD`` or ``GUID``) holding ``value``; ``kwargs`` go to the attribute class
    (``language``, ``stream``, ``data``).

    Raises:
        ValueError: an unknown type code, or a value out of range.
        TypeError: a value of the wrong type.
    """
    try:
        cls = ASFBaseAttribute._get_type(kind)
    except (KeyError, TypeError):
        raise ValueError("Unknown value type %r" % (kind,))
    return cls(value=value, **kwargs)
