"""ASF header objects, under the names of ``mutagen.asf._objects``.

This package does not read ASF files yet: parsing an object raises ``mutagen_rs.asf.error``.
The classes carry the GUIDs that identify them in a file.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from .._unread import refuser
from ._util import error, guid2bytes

_WHAT = "ASF files"


class BaseObject(object):
    """An object of an ASF header: ``GUID`` (16 bytes) and the child ``objects`` (not read
    yet)."""

    GUID: Optional[bytes] = None
    """The stored GUID of this kind of object."""

    _TYPES: Dict[bytes, type] = {}

    def __init__(self) -> None:
        self.objects: List[Any] = []
        self.data = b""

    @classmethod
    def _register(cls, other: type) -> type:
        cls._TYPES[other.GUID] = other
        return other

    @classmethod
    def _get_object(cls, guid: bytes) -> "BaseObject":
        """A new object of the class registered for ``guid`` (an :class:`UnknownObject`
        for other GUIDs)."""
        if guid in cls._TYPES:
            return cls._TYPES[guid]()
        return UnknownObject(guid)

    def get_child(self, guid: bytes) -> Optional["BaseObject"]:
        """The first child object with the GUID ``guid``, or ``None``."""
        for obj in self.objects:
            if obj.GUID == guid:
                return obj
        return None

    parse = refuser(error, _WHAT)
    render = refuser(error, _WHAT)


class UnknownObject(BaseObject):
    """An object of a kind without a class here; ``GUID`` is its own."""

    def __init__(self, guid: bytes) -> None:
        super().__init__()
        self.GUID = guid


@BaseObject._register
class HeaderObject(BaseObject):
    """The ASF header object, holding all the others (not read yet)."""

    GUID = guid2bytes("75B22630-668E-11CF-A6D9-00AA0062CE6C")

    parse_full = refuser(error, _WHAT)


@BaseObject._register
class ContentDescriptionObject(BaseObject):
    """Title, author, copyright, description and rating (not read yet)."""

    GUID = guid2bytes("75B22633-668E-11CF-A6D9-00AA0062CE6C")


@BaseObject._register
class ExtendedContentDescriptionObject(BaseObject):
    """Named attributes of the file (not read yet)."""

    GUID = guid2bytes("D2D0A440-E307-11D2-97F0-00A0C95EA850")


@BaseObject._register
class FilePropertiesObject(BaseObject):
    """The file's play duration and preroll (not read yet)."""

    GUID = guid2bytes("8CABDCA1-A947-11CF-8EE4-00C00C205365")


@BaseObject._register
class StreamPropertiesObject(BaseObject):
    """The format of one stream: channels, sample rate, bitrate (not read yet)."""

    GUID = guid2bytes("B7DC0791-A9B7-11CF-8EE6-00C00C205365")


@BaseObject._register
class CodecListObject(BaseObject):
    """The names and descriptions of the codecs used (not read yet)."""

    GUID = guid2bytes("86D15240-311D-11D0-A3A4-00A0C90348F6")


@BaseObject._register
class PaddingObject(BaseObject):
    """Padding."""

    GUID = guid2bytes("1806D474-CADF-4509-A4BA-9AABCB96AAE8")


@BaseObject._register
class StreamBitratePropertiesObject(BaseObject):
    """The average bitrate of each stream (not read yet)."""

    GUID = guid2bytes("7BF875CE-468D-11D1-8D82-006097C9A2B2")


@BaseObject._register
class ContentEncryptionObject(BaseObject):
    """DRM information (not read yet)."""

    GUID = guid2bytes("2211B3FB-BD23-11D2-B4B7-00A0C955FC6E")


@BaseObject._register
class ExtendedContentEncryptionObject(BaseObject):
    """Further DRM information (not read yet)."""

    GUID = guid2bytes("298AE614-2622-4C17-B935-DAE07EE9289C")


@BaseObject._register
class HeaderExtensionObject(BaseObject):
    """The header extension, holding the metadata objects (not read yet)."""

    GUID = guid2bytes("5FBF03B5-A92E-11CF-8EE3-00C00C205365")


@BaseObject._register
class MetadataObject(BaseObject):
    """Attributes bound to streams (not read yet)."""

    GUID = guid2bytes("C5F8CBEA-5BAF-4877-8467-AA8C44FA4CCA")


@BaseObject._register
class MetadataLibraryObject(BaseObject):
    """Attributes bound to streams and languages (not read yet)."""

    GUID = guid2bytes("44231C94-9498-49D1-A141-1D134E457054")
