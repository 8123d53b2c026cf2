"""APEv2 tags, under the names of ``mutagen.apev2``.

:class:`APEv2` reads the APEv2 (or APEv1) tag of any file, :class:`APEv2File` a file known only
by such a tag; the formats tagged with APEv2 (WavPack, Monkey's Audio, Musepack, TAK,
OptimFROG) subclass :class:`APEv2File`. The tag is read by the native core.
"""

from __future__ import annotations

from collections.abc import MutableSequence
from functools import total_ordering
from typing import Any, Iterator, List

from . import _native
from ._file import FileType, Metadata, StreamInfo, _file_source
from ._util import DictMixin, MutagenError, as_input, convert_error, loadfile, seek_end

__all__ = ["APEv2", "APEv2File", "Open", "delete"]

_WHAT = "APEv2 tags"

TEXT = 0
"""Value kind: UTF-8 text, several strings separated by NUL."""
BINARY = 1
"""Value kind: binary data."""
EXTERNAL = 2
"""Value kind: a UTF-8 reference (a URI) to data outside the tag."""

HAS_HEADER = 1 << 31
"""Tag flag: the tag has a header."""
HAS_NO_FOOTER = 1 << 30
"""Tag flag: the tag has no footer."""
IS_HEADER = 1 << 29
"""Tag flag: this header/footer is the header."""

# Keys that would be taken for the start of other tags or streams.
_RESERVED_KEYS = frozenset(["OggS", "TAG", "ID3", "MP+"])


def is_valid_apev2_key(key: str) -> bool:
    """Whether ``key`` (a ``str``) may name an APEv2 item: 2 to 255 printable ASCII characters,
    and none of ``OggS``, ``TAG``, ``ID3``, ``MP+``.

    Raises:
        TypeError: ``key`` is not a ``str``.
    """
    if not isinstance(key, str):
        raise TypeError("an APEv2 key is a str, not %r" % type(key).__name__)
    return (2 <= len(key) <= 255 and all(" " <= c <= "~" for c in key)
            and key not in _RESERVED_KEYS)


class error(MutagenError):
    """An APEv2 tag could not be read."""


class APENoHeaderError(error):
    """The file has no APEv2 tag."""


class APEUnsupportedVersionError(error):
    """The APEv2 tag has a version this reader does not know."""


class APEBadItemError(error):
    """An item of the tag is broken."""


@total_ordering
class _APEValue(object):
    """What the value classes share: ``value`` and the kind (``TEXT``, ``BINARY`` or
    ``EXTERNAL``) of the class."""

    kind: int
    value: Any = None

    def __init__(self, value: Any, kind: Any = None) -> None:
        if kind is not None and kind != self.kind:
            raise ValueError("%s is of kind %d, not %r" % (type(self).__name__, self.kind, kind))
        self.value = self._validate(value)

    @classmethod
    def _new(cls, data: bytes) -> "_APEValue":
        """A value read from the bytes of a tag item.

        Raises:
            APEBadItemError: the bytes are no value of this kind.
        """
        self = cls.__new__(cls)
        self._parse(data)
        return self

    def _parse(self, data: bytes) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _write(self) -> bytes:  # pragma: no cover - overridden
        raise NotImplementedError

    def _validate(self, value: Any) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    def __bytes__(self) -> bytes:
        return self._write()

    def __eq__(self, other: Any) -> bool:
        return self.value == other

    def __lt__(self, other: Any) -> bool:
        return self.value < other

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        return "%s(%r, %d)" % (type(self).__name__, self.value, self.kind)


class _APEUtf8Value(_APEValue):
    """A value held as text and stored as UTF-8."""

    def _parse(self, data: bytes) -> None:
        try:
            self.value = data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise APEBadItemError(e) from e

    def _validate(self, value: Any) -> str:
        if not isinstance(value, str):
            raise TypeError("the value must be a str, not %r" % type(value).__name__)
        return value

    def _write(self) -> bytes:
        return self.value.encode("utf-8")

    def __len__(self) -> int:
        return len(self.value)

    def __str__(self) -> str:
        return self.value


class APETextValue(_APEUtf8Value, MutableSequence):
    """A text value: ``value`` is a ``str`` holding one or more strings separated by NUL.

    It compares as that ``str``, and is also a mutable sequence of the strings.
    """

    kind = TEXT

    def _strings(self) -> List[str]:
        return self.value.split("\0")

    def _set_strings(self, strings: List[str]) -> None:
        self.value = "\0".join(strings)

    def __iter__(self) -> Iterator[str]:
        """The strings (not the characters)."""
        return iter(self._strings())

    def __len__(self) -> int:
        return len(self._strings())

    def __getitem__(self, index: Any) -> Any:
        return self._strings()[index]

    def __setitem__(self, index: Any, value: str) -> None:
        self._validate(value)
        strings = self._strings()
        strings[index] = value
        self._set_strings(strings)

    def __delitem__(self, index: Any) -> None:
        strings = self._strings()
        del strings[index]
        self._set_strings(strings)

    def insert(self, index: int, value: str) -> None:
        """Insert the string ``value`` before position ``index``."""
        self._validate(value)
        strings = self._strings()
        strings.insert(index, value)
        self._set_strings(strings)

    def pprint(self) -> str:
        """The strings joined by ``" / "``."""
        return " / ".join(self._strings())


class APEBinaryValue(_APEValue):
    """A binary value: ``value`` is ``bytes``."""

    kind = BINARY

    def _parse(self, data: bytes) -> None:
        self.value = bytes(data)

    def _validate(self, value: Any) -> bytes:
        if not isinstance(value, bytes):
            raise TypeError("the value must be bytes, not %r" % type(value).__name__)
        return bytes(value)

    def _write(self) -> bytes:
        return self.value

    def __len__(self) -> int:
        return len(self.value)

    def pprint(self) -> str:
        """The size, as ``[N bytes]``."""
        return "[%d bytes]" % len(self.value)


class APEExtValue(_APEUtf8Value):
    """An external value: ``value`` is a ``str``, usually a URI."""

    kind = EXTERNAL

    def pprint(self) -> str:
        """The reference, as ``[External] URI``."""
        return "[External] %s" % self.value


_KINDS = {TEXT: APETextValue, BINARY: APEBinaryValue, EXTERNAL: APEExtValue}


def APEValue(value: Any, kind: int) -> _APEValue:
    """A value of the given ``kind`` (``TEXT``, ``BINARY`` or ``EXTERNAL``); for forcing a kind
    that assigning to an :class:`APEv2` tag would not guess.

    Raises:
        ValueError: an unknown kind.
        TypeError: ``value`` does not suit the kind (``str`` for text and external values,
            ``bytes`` for binary ones).
    """
    cls = _KINDS.get(kind)
    if cls is None:
        raise ValueError("kind must be TEXT, BINARY, or EXTERNAL")
    return cls(value)


def _tag_from_payload(items: list) -> "APEv2":
    """An :class:`APEv2` from the native payload ``[(key, kind, value), ...]``."""
    tag = APEv2()
    tag._fill(items)
    return tag


class APEv2(DictMixin, Metadata):
    """APEv2(filething=None)

    An APEv2 tag: a dict from keys (compared without case, kept as they were last set) to
    values. ``APEv2(path_or_file)`` reads the tag of a file (an ID3v1 tag after it is skipped);
    ``APEv2()`` is an empty tag. Assigned values are converted: a ``str`` or a list of ``str``
    becomes an :class:`APETextValue`, ``bytes`` an :class:`APEBinaryValue`.

    Raises (reading):
        APENoHeaderError: the file has no tag.
        APEBadItemError: an item is broken.
        error: the tag is broken.
    """

    filename = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._values: dict = {}
        self._names: dict = {}
        if args or kwargs:
            self.load(*args, **kwargs)

    def load(self, filething: Any = None, *, filename: Any = None, fileobj: Any = None) -> None:
        """Read the tag of ``filething`` (a path or a file object; or ``filename=`` or
        ``fileobj=``), replacing this one's items."""
        name, source = _file_source(filething, filename, fileobj)
        _name, native_input = as_input(source)
        self._fill(_native.read_apev2(native_input))
        self.filename = name

    def _fill(self, items: list) -> None:
        values: dict = {}
        names: dict = {}
        for key, kind, value in items:
            obj = _KINDS[kind].__new__(_KINDS[kind])
            obj.value = value
            lower = key.lower()
            names[lower] = key
            values[lower] = obj
        self._values = values
        self._names = names

    def __getitem__(self, key: str) -> Any:
        if not is_valid_apev2_key(key):
            raise KeyError("%r is not a valid APEv2 key" % key)
        return self._values[key.lower()]

    def __setitem__(self, key: str, value: Any) -> None:
        if not is_valid_apev2_key(key):
            raise KeyError("%r is not a valid APEv2 key" % key)
        if not isinstance(value, _APEValue):
            if isinstance(value, str):
                value = APETextValue(value)
            elif isinstance(value, list):
                for item in value:
                    if not isinstance(item, str):
                        raise TypeError("the items of a text value must be str")
                value = APETextValue("\0".join(value))
            else:
                value = APEBinaryValue(value)
        lower = key.lower()
        self._names[lower] = key
        self._values[lower] = value

    def __delitem__(self, key: str) -> None:
        if not is_valid_apev2_key(key):
            raise KeyError("%r is not a valid APEv2 key" % key)
        lower = key.lower()
        del self._values[lower]
        del self._names[lower]

    def keys(self) -> list:
        """The keys, as they were set."""
        return [self._names[k] for k in self._values]

    def pprint(self) -> str:
        """Every item as ``key=value``, one per line, sorted."""
        return "\n".join("%s=%s" % (k, v.pprint()) for k, v in sorted(self.items()))


    @convert_error(IOError, error)
    @loadfile(writable=True, create=True)
    def save(self, filething: Any = None) -> None:
        """save(filething=None)

        Save the tag to ``filething`` (the file it was read from by default; a path that does
        not exist is created): always at the end of the file, with a header and a footer, the
        items sorted by their size. An old tag at the start of the file is cut out; an old
        tag at the end is replaced together with whatever follows it (an ID3v1 tag).

        Raises:
            error: the file could not be read or written, or its old tag is broken.
        """
        items = [(self._names[lower].encode("utf-8"), value.kind, value._write())
                 for lower, value in self._values.items()]
        _native.ape_save(filething.fileobj, items)

    @convert_error(IOError, error)
    @loadfile(writable=True)
    def delete(self, filething: Any = None) -> None:
        """delete(filething=None)

        Remove the tag from ``filething`` (the file it was read from by default), keeping an
        ID3v1 tag after it; then empty this one.

        Raises:
            error: the file could not be read or written, or its tag is broken.
        """
        _native.ape_delete(filething.fileobj)
        self._values = {}
        self._names = {}


Open = APEv2


@convert_error(IOError, error)
@loadfile(method=False, writable=True)
def delete(filething: Any) -> None:
    """delete(filething)

    Remove the APEv2 tag from a file (a path, ``filename=`` or ``fileobj=``; a file object must
    be open for reading and writing). A file without one is left as it is.

    Raises:
        APEBadItemError, error: the tag is broken, or the file could not be read or written.
    """
    try:
        tag = APEv2(filething)
    except APENoHeaderError:
        return
    filething.fileobj.seek(0)
    tag.delete(filething)


class _UnknownInfo(StreamInfo):
    """The stream information of a file known only by its APEv2 tag: length and bitrate 0."""

    length = 0
    bitrate = 0

    def __init__(self, fileobj: Any = None) -> None:
        pass

    @classmethod
    def _from_payload(cls, payload: Any) -> Any:
        """An instance with the attributes of the native payload (a dict, or ``None``)."""
        self = cls.__new__(cls)
        if payload:
            self.__dict__.update(payload)
        return self

    @staticmethod
    def pprint() -> str:
        """A one-line summary."""
        return "Unknown format with APEv2 tag."


class _PayloadInfo(StreamInfo):
    """Stream information built from a native payload (a dict of its attributes)."""

    # The kind name the native reader knows the format by.
    _KIND = "APEv2File"

    def __init__(self, fileobj: Any) -> None:
        try:
            start = fileobj.tell()
            data = fileobj.read()
        except OSError as e:
            raise error(e) from e
        try:
            fileobj.seek(start)
        except OSError:  # pragma: no cover - the position was just read
            pass
        info, _tags = _native.read_ape_family(self._KIND, bytes(data))
        self.__dict__.update(info)

    @classmethod
    def _from_payload(cls, payload: dict) -> Any:
        """An instance with the attributes of the native payload."""
        self = cls.__new__(cls)
        self.__dict__.update(payload)
        return self


class APEv2File(FileType):
    """APEv2File(filething)

    A file of any format with an APEv2 tag: ``tags`` is the :class:`APEv2` tag (``None``
    without one), ``info`` has length and bitrate 0. The formats tagged with APEv2 subclass it
    with their stream info.
    """

    _Info: Any = _UnknownInfo
    tags: Any = None

    def _load(self, name: str, native_input: Any, **kwargs: Any) -> None:
        self._apply(_native.read_ape_family(_kind_of(type(self)), native_input))

    def _apply(self, payload: Any) -> None:
        info, items = payload
        self.info = self._Info._from_payload(info)
        self.tags = None if items is None else _tag_from_payload(items)

    def add_tags(self) -> None:
        """Give the file an empty :class:`APEv2` tag; :class:`error` if it has one."""
        if self.tags is None:
            self.tags = APEv2()
        else:
            raise error("%r already has tags: %r" % (self, self.tags))

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """1 when the last 160 bytes of the file hold ``APETAGEX``, less 1 when it starts with
        an ID3 tag; -1 when the file cannot be read."""
        try:
            seek_end(fileobj, 160)
            footer = fileobj.read()
        except OSError:
            return -1
        return (b"APETAGEX" in footer) - header.startswith(b"ID3")


def _kind_of(cls: type) -> str:
    """The native kind name of an :class:`APEv2File` class: its own, or that of the first
    class of this package it derives from."""
    for klass in cls.__mro__:
        kind = vars(klass).get("_KIND")
        if kind is not None:
            return kind
    return "APEv2File"


APEv2File._KIND = "APEv2File"  # type: ignore[attr-defined]
