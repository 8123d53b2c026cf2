"""ASF header objects, under the names of ``mutagen.asf._objects``.

The classes carry the GUIDs that identify them in a file. A loaded ``ASF`` keeps its header as
a :class:`HeaderObject` (``_header``) whose ``objects`` are the header's objects in file
order, with the objects of a header extension as its ``objects``. The header is parsed in the
native core; the objects here keep no payload (``data`` is empty), so they do not render
themselves (``render`` raises ``MutagenError``): :meth:`ASF.save` has the core render the
header from the file's own objects.
"""

from __future__ import annotations

import struct
from typing import Any, Dict, List, Optional

from .. import _native
from .._util import MutagenError
from ._util import ASFHeaderError, bytes2guid, guid2bytes


class BaseObject(object):
    """An object of an ASF header: ``GUID`` (16 bytes) and the child ``objects``."""

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

    def parse(self, asf: Any, data: bytes) -> None:
        """Keep the payload ``data`` (the base class parses nothing more)."""
        self.data = data

    def render(self, asf: Any) -> bytes:
        """Raise ``MutagenError``: the header objects keep no payloads here, and the core renders
        the header from the file's own objects (:meth:`ASF.save`)."""
        raise MutagenError("ASF header objects are rendered by ASF.save")

    def __repr__(self) -> str:
        return "<%s GUID=%s objects=%r>" % (type(self).__name__, bytes2guid(self.GUID),
                                            self.objects)

    def pprint(self) -> str:
        """The object's class and GUID, then its child objects indented by two spaces."""
        lines = ["%s(%s)" % (type(self).__name__, bytes2guid(self.GUID))]
        for obj in self.objects:
            lines.extend("  " + line for line in obj.pprint().splitlines())
        return "\n".join(lines)

    @classmethod
    def _tree(cls, objects: List[tuple]) -> List["BaseObject"]:
        """Objects from their native ``[(guid, children), ...]`` (walked without recursion:
        header extensions may nest hundreds deep)."""
        top: List["BaseObject"] = []
        pending = [(top, objects)]
        while pending:
            into, items = pending.pop()
            for guid, children in items:
                obj = BaseObject._get_object(guid)
                into.append(obj)
                if children:
                    pending.append((obj.objects, children))
        return top


class UnknownObject(BaseObject):
    """An object of a kind without a class here; ``GUID`` is its own."""

    def __init__(self, guid: bytes) -> None:
        super().__init__()
        self.GUID = guid


@BaseObject._register
class HeaderObject(BaseObject):
    """The ASF header object, holding all the others."""

    GUID = guid2bytes("75B22630-668E-11CF-A6D9-00AA0062CE6C")

    @classmethod
    def _from_payload(cls, objects: List[tuple]) -> "HeaderObject":
        header = cls()
        header.objects = BaseObject._tree(objects)
        return header

    @classmethod
    def parse_full(cls, asf: Any, fileobj: Any) -> "HeaderObject":
        """Read the header of the ASF file ``fileobj`` (from its current position) into a new
        header object, setting ``asf.info`` when ``asf`` has one.

        Raises:
            ASFHeaderError: not an ASF header, or a broken one (and the other errors of
                ``ASF``).
        """
        info, _attributes, objects = _native.read_asf(fileobj.read())
        if getattr(asf, "info", None) is not None:
            asf.info._set(info)
        return cls._from_payload(objects)

    @classmethod
    def parse_size(cls, fileobj: Any) -> tuple:
        """``(header size, object count)`` from the first 30 bytes of ``fileobj``.

        Raises:
            ASFHeaderError: the file does not start with an ASF header.
        """
        header = fileobj.read(30)
        if len(header) != 30 or header[:16] != HeaderObject.GUID:
            raise ASFHeaderError("Not an ASF file.")
        return struct.unpack("<QL", header[16:28])

    def parse(self, asf: Any, data: bytes) -> None:
        """Raise ``NotImplementedError``: a header object is read with :meth:`parse_full`."""
        raise NotImplementedError


@BaseObject._register
class ContentDescriptionObject(BaseObject):
    """Title, author, copyright, description and rating."""

    GUID = guid2bytes("75B22633-668E-11CF-A6D9-00AA0062CE6C")

    NAMES = ["Title", "Author", "Copyright", "Description", "Rating"]
    """The attribute names this object holds, in its order."""


@BaseObject._register
class ExtendedContentDescriptionObject(BaseObject):
    """Named attributes of the file."""

    GUID = guid2bytes("D2D0A440-E307-11D2-97F0-00A0C95EA850")


@BaseObject._register
class FilePropertiesObject(BaseObject):
    """The file's play duration and preroll."""

    GUID = guid2bytes("8CABDCA1-A947-11CF-8EE4-00C00C205365")


@BaseObject._register
class StreamPropertiesObject(BaseObject):
    """The format of one stream: channels, sample rate, bitrate."""

    GUID = guid2bytes("B7DC0791-A9B7-11CF-8EE6-00C00C205365")


@BaseObject._register
class CodecListObject(BaseObject):
    """The names and descriptions of the codecs used."""

    GUID = guid2bytes("86D15240-311D-11D0-A3A4-00A0C90348F6")


@BaseObject._register
class PaddingObject(BaseObject):
    """Padding."""

    GUID = guid2bytes("1806D474-CADF-4509-A4BA-9AABCB96AAE8")


@BaseObject._register
class StreamBitratePropertiesObject(BaseObject):
    """The average bitrate of each stream."""

    GUID = guid2bytes("7BF875CE-468D-11D1-8D82-006097C9A2B2")


@BaseObject._register
class ContentEncryptionObject(BaseObject):
    """DRM information."""

    GUID = guid2bytes("2211B3FB-BD23-11D2-B4B7-00A0C955FC6E")


@BaseObject._register
class ExtendedContentEncryptionObject(BaseObject):
    """Further DRM information."""

    GUID = guid2bytes("298AE614-2622-4C17-B935-DAE07EE9289C")


@BaseObject._register
class HeaderExtensionObject(BaseObject):
    """The header extension, holding the metadata objects."""

    GUID = guid2bytes("5FBF03B5-A92E-11CF-8EE3-00C00C205365")


@BaseObject._register
class MetadataObject(BaseObject):
    """Attributes bound to streams."""

    GUID = guid2bytes("C5F8CBEA-5BAF-4877-8467-AA8C44FA4CCA")


@BaseObject._register
class MetadataLibraryObject(BaseObject):
    """Attributes bound to streams and languages."""

    GUID = guid2bytes("44231C94-9498-49D1-A141-1D134E457054")
