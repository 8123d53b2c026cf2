"""``ID3`` (a tag read from a file) and ``ID3FileType`` (a file known only by its ID3 tag)."""

from __future__ import annotations

from typing import Any, Optional

from .. import _native
from .._file import FileType, Metadata, StreamInfo
from .._util import MutagenError, as_input
from ._tags import ID3Tags
from ._util import ID3NoHeaderError, error

def _read(native_input: Any) -> tuple:
    """The native ID3 payload."""
    return _native.read_id3(native_input)


class ID3(ID3Tags, Metadata):
    """An ID3 tag: ID3v2 frames (upgraded to v2.4) with any ID3v1 tag merged in.

    ``ID3(path_or_fileobj)`` reads a file; ``ID3()`` is an empty tag. ``version`` is the
    tag's version tuple, ``size`` the ID3v2 tag size with its header (0 without one), and
    ``unknown_frames`` the raw data of frames that could not be read.
    """

    __module__ = "mutagen_rs.id3"

    PEDANTIC = True
    filename = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._version = (2, 4, 0)
        self._size = 0
        self._flags = 0
        self._has_header = False
        super().__init__()
        if args or kwargs:
            self.load(*args, **kwargs)

    @property
    def version(self) -> tuple:
        """The version of the tag read: ``(2, major, revision)``, or ``(1, 1)`` for ID3v1."""
        return self._version

    @property
    def f_unsynch(self) -> bool:
        """Whether the ID3v2 header had the unsynchronisation flag."""
        return bool(self._flags & 0x80)

    @property
    def f_extended(self) -> bool:
        """Whether the ID3v2 header had an extended header."""
        return bool(self._flags & 0x40)

    @property
    def size(self) -> int:
        """The size of the ID3v2 tag including its header, 0 without one."""
        return self._size

    def load(self, filething: Any, known_frames: Any = None, translate: bool = True,
             v2_version: int = 4, load_v1: bool = True) -> None:
        """Read the tag of ``filething`` (a path or a file object) into this object."""
        if v2_version not in (3, 4):
            raise ValueError("Only 3 and 4 possible for v2_version")
        if known_frames is not None or not translate or v2_version != 4 or not load_v1:
            raise NotImplementedError("mutagen_rs reads ID3 tags with the default options only")
        name, native_input = as_input(filething)
        self.filename = name
        self._DictProxy__dict = {}
        self._apply(_read(native_input))

    def _apply(self, payload: tuple) -> None:
        version, size, flags, frames, unknown, unknown_version = payload
        self._version = tuple(version)
        self._size = size
        self._flags = flags
        self._fill(frames, unknown, unknown_version)

    @classmethod
    def _from_payload(cls, payload: tuple) -> "ID3":
        """Build a tag from the native payload (see ``python/src/id3.rs``)."""
        self = cls()
        self._apply(payload)
        return self


class ID3FileType(FileType):
    """A file of unknown format with an ID3 tag.

    ``tags`` is an :class:`ID3` (or ``None`` when the file has no tag) and ``info`` a stub
    stream info of length 0. Subclasses replace ``_info_from_payload``.
    """

    __module__ = "mutagen_rs.id3"

    ID3 = ID3

    class _Info(StreamInfo):
        length = 0

        def __init__(self, fileobj: Any = None, offset: Optional[int] = None) -> None:
            pass

        @staticmethod
        def pprint() -> str:
            return "Unknown format with ID3 tag"

    @staticmethod
    def score(filename: str, fileobj: Any, header_data: bytes) -> int:
        """Whether the data starts with an ID3v2 header."""
        return header_data.startswith(b"ID3")

    def _load(self, name: str, native_input: Any, ID3: Any = None, **kwargs: Any) -> None:
        if ID3 is not None:
            self.ID3 = ID3
        try:
            tags = _read(native_input)
        except ID3NoHeaderError:
            tags = None
        self._apply((tags, None))

    def _apply(self, payload: tuple) -> None:
        """Build ``tags`` and ``info`` from ``(tags_payload_or_None, info_payload_or_None)``."""
        tags_payload, info_payload = payload
        self.tags = None if tags_payload is None else self.ID3._from_payload(tags_payload)
        self.info = self._info_from_payload(info_payload)

    def _info_from_payload(self, info_payload: Any) -> Any:
        """The stream info; here the stub for files of unknown format."""
        offset = self.tags.size if self.tags is not None else None
        return self._Info(None, offset)

    def add_tags(self, ID3: Any = None) -> None:
        """Not supported: this package is read-only."""
        raise MutagenError("mutagen_rs is read-only; use mutagen to write tags")
