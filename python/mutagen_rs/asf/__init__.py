"""ASF (Windows Media: WMA, WMV) files, under the names of ``mutagen.asf``.

:class:`ASF` reads a file's header in the native core: its stream information
(:class:`ASFInfo`) and its attributes (:class:`ASFTags`: those of the content description,
extended content description, metadata and metadata library objects, in that order). The
attribute classes, :func:`ASFValue` and the type codes (``UNICODE``, ``DWORD``, ...) need no
file. :meth:`ASF.save` splits the attributes among those objects as mutagen does, and the core
renders the header again and puts it in place (``parsers/src/asf/write.rs``).
"""

from __future__ import annotations

from typing import Any, Dict, List

from .. import _native
from .._file import FileType, StreamInfo, Tags
from .._tags import PaddingInfo
from .._util import DictMixin, convert_error, loadfile
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
    BaseObject,
    ContentDescriptionObject,
    ExtendedContentDescriptionObject,
    HeaderExtensionObject,
    HeaderObject,
    MetadataLibraryObject,
    MetadataObject,
)
from ._util import ASFError, ASFHeaderError, error  # noqa: F401

__all__ = ["ASF", "Open"]

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

    def __init__(self) -> None:
        self.length = 0.0
        self.sample_rate = 0
        self.bitrate = 0
        self.channels = 0
        self.codec_type = ""
        self.codec_name = ""
        self.codec_description = ""

    def _set(self, info: tuple) -> None:
        """Take the native ``(length, sample_rate, bitrate, channels, codec_type, codec_name,
        codec_description)``."""
        (self.length, self.sample_rate, self.bitrate, self.channels, self.codec_type,
         self.codec_name, self.codec_description) = info

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


def _attribute_from_payload(item: tuple) -> Any:
    """A ``(name, attribute)`` pair from its native ``(name, type_code, value, language,
    stream)``, built without re-checking the value (the core parsed it as mutagen does)."""
    name, code, value, language, stream = item
    attr = ASFBaseAttribute._get_type(code).__new__(ASFBaseAttribute._get_type(code))
    attr.value = value
    attr.language = language
    attr.stream = stream
    return (name, attr)


class ASF(FileType):
    """ASF(filething)

    An ASF file, most likely WMA or WMV: ``info`` (:class:`ASFInfo`) and ``tags``
    (:class:`ASFTags`, empty when the file has no attributes, never ``None`` once loaded).
    """

    _mimes = ["audio/x-ms-wma", "audio/x-ms-wmv", "video/x-ms-asf", "audio/x-wma",
              "video/x-wmv"]

    info = None
    tags = None

    def _load(self, name: str, native_input: Any, **kwargs: Any) -> None:
        if kwargs:
            raise TypeError("load() got an unexpected keyword argument %r" % next(iter(kwargs)))
        self._apply(_native.read_asf(native_input))

    def _apply(self, payload: Any) -> None:
        info, attributes, objects = payload
        self.info = ASFInfo()
        self.info._set(info)
        self.tags = ASFTags()
        list.extend(self.tags, map(_attribute_from_payload, attributes))
        self._tags: Dict[bytes, Any] = {}
        self._header = HeaderObject._from_payload(objects)

    def add_tags(self) -> None:
        """Raise :class:`ASFError`: an ASF file always has its (possibly empty) tags."""
        raise ASFError

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """2 when the file starts with the ASF header object's GUID, else 0 (as mutagen)."""
        return header.startswith(HeaderObject.GUID) * 2

    @convert_error(IOError, error)
    @loadfile(writable=True)
    def save(self, filething: Any = None, padding: Any = None) -> None:
        """save(filething=None, padding=None)

        Save the attributes to ``filething`` (the file this was read from by default). As in
        mutagen, each goes to the object that can hold it: the metadata library for values
        over 64 KiB, GUIDs and values with a language; the metadata object for the first of a
        name with a stream; the content description for the first text of its five names;
        the extended content description for the first of any other name; the metadata
        library for the rest. The header is rendered again with the padding ``padding`` (a
        function of a :class:`PaddingInfo`) picks, and replaces the old one in place.

        Raises:
            error: the file could not be read or written, or is no ASF file.
        """
        content: Dict[str, Any] = {}
        extended: Dict[str, Any] = {}
        metadata: Dict[str, Any] = {}
        library: List[tuple] = []
        # The bytes of each value whose size is the length of its rendering (text), rendered
        # once for both; other values are rendered after the missing objects are added, as in
        # mutagen.
        rendered: Dict[int, bytes] = {}
        for name, value in self.tags:
            if type(value).data_size is ASFBaseAttribute.data_size:
                data = rendered[id(value)] = value._render()
                size = len(data)
            else:
                size = value.data_size()
            library_only = size > 0xFFFF or value.TYPE == GUID
            if library_only or value.language is not None:
                library.append((name, value))
            elif value.stream is not None:
                if name not in metadata:
                    metadata[name] = value
                else:
                    library.append((name, value))
            elif name in ContentDescriptionObject.NAMES:
                if name not in content and value.TYPE == UNICODE:
                    content[name] = value
                else:
                    library.append((name, value))
            elif name not in extended:
                extended[name] = value
            else:
                library.append((name, value))
        self.to_content_description = content
        self.to_extended_content_description = extended
        self.to_metadata = metadata
        self.to_metadata_library = library
        self._add_missing_objects()
        # As mutagen, the header must start where the file object stands.
        HeaderObject.parse_size(filething.fileobj)

        def full(value: Any) -> bytes:
            data = rendered.get(id(value))
            return value._render() if data is None else data

        def short(value: Any) -> bytes:
            if type(value)._render_short is ASFBaseAttribute._render_short:
                return full(value)
            return value._render_short()

        def text(value: Any) -> bytes:
            # A content description text is ``str(value)`` in UTF-16-LE and a NUL, as mutagen
            # stores it: for a plain text attribute holding a plain ``str``, its rendering.
            if type(value) is ASFUnicodeAttribute and type(value.value) is str:
                return full(value)
            return str(value).encode("utf-16-le") + b"\x00\x00"

        texts = [b"" if content.get(n) is None else text(content[n])
                 for n in ContentDescriptionObject.NAMES]

        def pad(available: int, content_size: int) -> int:
            return PaddingInfo(available, content_size)._get_padding(padding)

        _native.asf_save(
            filething.fileobj,
            texts,
            [(name, value.TYPE, full(value), 0, 0) for name, value in extended.items()],
            [(name, value.TYPE, short(value), 0, value.stream or 0)
             for name, value in metadata.items()],
            [(name, value.TYPE, short(value), value.language or 0, value.stream or 0)
             for name, value in library],
            pad,
        )

    def _add_missing_objects(self) -> None:
        """Add to ``_header`` the objects a save adds to the file, as mutagen does."""
        header = self._header
        for cls in (ContentDescriptionObject, ExtendedContentDescriptionObject):
            if header.get_child(cls.GUID) is None:
                header.objects.append(cls())
        extension = header.get_child(HeaderExtensionObject.GUID)
        if extension is None:
            extension = HeaderExtensionObject()
            header.objects.append(extension)
        for cls in (MetadataObject, MetadataLibraryObject):
            if extension.get_child(cls.GUID) is None:
                extension.objects.append(cls())

    @loadfile(writable=True)
    def delete(self, filething: Any = None) -> None:
        """delete(filething=None)

        Remove every attribute and save the file with no padding."""
        self.tags.clear()
        self.save(filething, padding=lambda info: 0)


Open = ASF
