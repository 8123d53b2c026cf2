"""ASF (Windows Media: WMA, WMV) files, under the names of ``mutagen.asf``.

This package does not read ASF files yet: opening one raises :class:`error`. What needs no
file works: the attribute classes and :func:`ASFValue`, the type codes (``UNICODE``,
``DWORD``, ...), and an :class:`ASFTags` edited in memory.
"""

from __future__ import annotations

from typing import Any, Dict, List

from .._file import FileType, StreamInfo, Tags
from .._unread import unread
from .._util import DictMixin
# The attribute and object classes and the exceptions are importable from here, as in mutagen.
from ._attrs import (  # noqa: F401
    ASFBaseAttribute,
    ASFBoolAttribute,
    ASFByteArrayAttribute,
    ASFDWordAttribute,
    ASFGUIDAttribute,
    ASFQWordAttribute,
    ASFUnicodeAttribute,
    ASFValue,
    ASFWordAttribute,
)
from ._objects import (  # noqa: F401
    ContentDescriptionObject,
    ExtendedContentDescriptionObject,
    HeaderExtensionObject,
    HeaderObject,
    MetadataLibraryObject,
    MetadataObject,
)
from ._util import ASFError, ASFHeaderError, error  # noqa: F401

__all__ = ["ASF", "Open"]

_WHAT = "ASF files"

UNICODE = ASFUnicodeAttribute.TYPE
"""Type code of text attributes."""
BYTEARRAY = ASFByteArrayAttribute.TYPE
"""Type code of binary attributes."""
BOOL = ASFBoolAttribute.TYPE
"""Type code of boolean attributes."""
DWORD = ASFDWordAttribute.TYPE
"""Type code of 32-bit integer attributes."""
QWORD = ASFQWordAttribute.TYPE
"""Type code of 64-bit integer attributes."""
WORD = ASFWordAttribute.TYPE
"""Type code of 16-bit integer attributes."""
GUID = ASFGUIDAttribute.TYPE
"""Type code of GUID attributes."""


class ASFInfo(StreamInfo):
    """ASF stream information: ``length`` (seconds), ``sample_rate``, ``bitrate``,
    ``channels``, and the ``codec_type``, ``codec_name`` and ``codec_description`` of the first
    audio stream (``""`` when unknown). ``ASFInfo()`` is an empty one."""

    length = 0.0
    sample_rate = 0
    bitrate = 0
    channels = 0
    codec_type = ""
    codec_name = ""
    codec_description = ""

    def pprint(self) -> str:
        """A one-line summary: codec, bitrate, sample rate, channels and length."""
        text = "ASF (%s) %d bps, %s Hz, %d channels, %.2f seconds" % (
            self.codec_type or self.codec_name or "???", self.bitrate, self.sample_rate,
            self.channels, self.length)
        return text


def _attribute(value: Any) -> ASFBaseAttribute:
    """``value`` as an attribute: attributes as they are, ``str`` as text, ``bytes`` as
    binary, ``bool`` as boolean, other ``int`` as a 32-bit integer.

    Raises:
        TypeError: a value of another type.
    """
    if isinstance(value, ASFBaseAttribute):
        return value
    if isinstance(value, str):
        return ASFUnicodeAttribute(value)
    if isinstance(value, bytes):
        return ASFByteArrayAttribute(value)
    if isinstance(value, bool):
        return ASFBoolAttribute(value)
    if isinstance(value, int):
        return ASFDWordAttribute(value)
    raise TypeError("Invalid type %r" % type(value))


class ASFTags(list, DictMixin, Tags):
    """The attributes of an ASF file: a list of ``(name, attribute)`` pairs in file order,
    that also reads as a dict from a name to the list of its attributes.

    Slices act on the list; names on the dict.
    """

    def __getitem__(self, key: Any) -> Any:
        """The attributes named ``key`` (a new list), or the pairs of a slice."""
        if isinstance(key, slice):
            return list.__getitem__(self, key)
        values = [value for name, value in self if name == key]
        if not values:
            raise KeyError(key)
        return values

    def __setitem__(self, key: Any, values: Any) -> None:
        """Replace every attribute named ``key`` by ``values`` (one value or a list), appended
        at the end; plain values become attributes as :func:`_attribute` says."""
        if isinstance(key, slice):
            list.__setitem__(self, key, values)
            return
        if not isinstance(values, list):
            values = [values]
        pairs = [(key, _attribute(value)) for value in values]
        self[:] = [pair for pair in self if pair[0] != key]
        self.extend(pairs)

    def __delitem__(self, key: Any) -> None:
        """Remove every attribute named ``key`` (``KeyError`` when there is none)."""
        if isinstance(key, slice):
            list.__delitem__(self, key)
            return
        kept = [pair for pair in self if pair[0] != key]
        if len(kept) == len(self):
            raise KeyError(key)
        self[:] = kept

    def __contains__(self, key: Any) -> bool:
        return any(name == key for name, _value in self)

    def keys(self) -> Any:
        """The distinct names (a set; the empty tags themselves when empty)."""
        return self and set(name for name, _value in self)

    def as_dict(self) -> Dict[str, List[Any]]:
        """A dict from each name to the list of its attributes."""
        result: Dict[str, List[Any]] = {}
        for name, value in self:
            result.setdefault(name, []).append(value)
        return result

    def pprint(self) -> str:
        """Every attribute as ``name=value``, one per line, in order."""
        return "\n".join("%s=%s" % (name, value) for name, value in self)


@unread(error, _WHAT, empty=True)
class ASF(FileType):
    """An ASF file (not read yet: opening one raises :class:`error`)."""

    _mimes = ["audio/x-ms-wma", "audio/x-ms-wmv", "video/x-ms-asf", "audio/x-wma",
              "video/x-wmv"]

    info = None
    tags = None

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """0: this package does not read ASF files yet."""
        return 0


Open = ASF
