"""``ID3`` (a tag read from a file) and ``ID3FileType`` (a file known only by its ID3 tag)."""

from __future__ import annotations

import struct
from typing import Any, List, Optional

from .. import _native
from .._file import FileType, Metadata, StreamInfo
from .._tags import PaddingInfo
from .._util import as_input, convert_error, loadfile
from ._id3v1 import MakeID3v1
from ._tags import ID3Header, ID3Tags
from ._util import BitPaddedInt, ID3NoHeaderError, ID3SaveConfig, error


@convert_error(OSError, error)
@loadfile(method=False, writable=True)
def delete(filething: Any, delete_v1: bool = True, delete_v2: bool = True) -> None:
    """delete(filething, delete_v1=True, delete_v2=True)

    Remove the ID3 tags of a file (a path or a file object open for reading and writing): the
    ID3v1 tag at its end (``delete_v1``) and the ID3v2 tag at its start (``delete_v2``). The
    rest of the file is kept as it is.

    Raises:
        ValueError: the ID3v2 header gives a size past the end of the file.
        error: the file could not be read or written (the ``OSError`` as its argument).
        MutagenError: the file could not be opened.
    """
    _native.id3_delete(filething.fileobj, bool(delete_v1), bool(delete_v2))


def _read(native_input: Any, **options: Any) -> tuple:
    """The native ID3 payload (see ``python/src/id3.rs``), read with ``ID3.load``'s options."""
    return _native.read_id3(native_input, **options)


class ID3(ID3Tags, Metadata):
    """An ID3 tag: ID3v2 frames (upgraded to v2.4) with any ID3v1 tag merged in.

    ``ID3(path_or_fileobj, **options)`` reads a file (see :meth:`load` for the options);
    ``ID3()`` is an empty tag. ``version`` is the tag's version tuple, ``size`` the ID3v2 tag
    size with its header (0 without one), and ``unknown_frames`` the raw data of frames that
    could not be read.
    """

    __module__ = "mutagen_rs.id3"

    PEDANTIC = True
    filename = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._version = (2, 4, 0)
        self._size = 0
        self._flags = 0
        self._padding = 0
        super().__init__()
        if args or kwargs:
            self.load(*args, **kwargs)

    @property
    def version(self) -> tuple:
        """The version of the tag read: ``(2, major, revision)``, or ``(1, 1)`` for ID3v1."""
        return self._version

    @version.setter
    def version(self, value: tuple) -> None:
        self._version = value

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

    def load(self, filething: Any = None, known_frames: Any = None, translate: bool = True,
             v2_version: int = 4, load_v1: bool = True, *, filename: Any = None,
             fileobj: Any = None) -> None:
        """Read the tag of ``filething`` (a path or a file object; or give ``filename`` or
        ``fileobj`` by keyword) into this object.

        Args:
            known_frames (dict): frame ID to frame class; frames with other IDs are kept raw in
                ``unknown_frames`` (and ID3v1 fields with other IDs are left out), frames are
                built as the classes given. A class of a frame ID this package does not know
                cannot be read: its frames stay in ``unknown_frames``.
            translate (bool): convert the frames to ``v2_version`` once read (the default);
                otherwise they stay as the file has them (ID3v2.2 frames are still upgraded).
            v2_version (int): 3 or 4, what ``translate`` converts to.
            load_v1 (bool): merge an ID3v1 tag at the end of the file (ID3v2 frames win);
                without it, a file with no ID3v2 header raises ``ID3NoHeaderError``.
        """
        if filething is None:
            filething = filename if filename is not None else fileobj
        if filething is None:
            raise TypeError("load() needs a filename or a file object")
        if v2_version not in (3, 4):
            raise ValueError("Only 3 and 4 possible for v2_version")
        if known_frames is not None:
            known_frames = dict(known_frames)
        name, native_input = as_input(filething)
        self.filename = name
        self._DictProxy__dict = {}
        self.unknown_frames = []
        self._apply(self._read_payload(native_input, translate=translate, v2_version=v2_version,
                                       load_v1=load_v1, known_frames=known_frames))

    def _prepare_data(self, fileobj: Any, start: int, available: int, v2_version: int,
                      v23_sep: Optional[str], pad_func: Any) -> bytes:
        """The whole ID3v2 tag to save, its header and padding included, for a tag that has
        ``available`` bytes of room at ``start`` in ``fileobj``: the frames rendered for
        ``v2_version`` (3 or 4; ``v23_sep`` joins text values in ID3v2.3), and the padding
        ``pad_func`` picks from a :class:`PaddingInfo` (the default policy without one).

        Raises:
            ValueError: ``v2_version`` is not 3 or 4, or the tag is too large for its header.
            error: ``pad_func`` gave a negative padding.
        """
        if v2_version not in (3, 4):
            raise ValueError("Only 3 or 4 allowed for v2_version")
        fileobj.seek(0, 2)
        return self._render_data(available, fileobj.tell() - start, v2_version, v23_sep, pad_func)

    def _render_data(self, available: int, trailing: int, v2_version: int, v23_sep: Optional[str],
                     pad_func: Any) -> bytes:
        """:meth:`_prepare_data` for a tag with ``available`` bytes of room and ``trailing``
        bytes from its start to the end of the file."""
        return b"".join(self._render_parts(available, trailing, v2_version, v23_sep, pad_func))

    def _render_parts(self, available: int, trailing: int, v2_version: int,
                      v23_sep: Optional[str], pad_func: Any) -> List[bytes]:
        """:meth:`_render_data`'s bytes as the pieces that make them up (header, frames,
        padding), for a writer that writes them one after the other without joining them."""
        if v2_version not in (3, 4):
            raise ValueError("Only 3 or 4 allowed for v2_version")
        frames = self._write_parts(ID3SaveConfig(v2_version, v23_sep))
        needed = sum(map(len, frames)) + 10
        info = PaddingInfo(available - needed, trailing)
        padding = info._get_padding(pad_func)
        if padding < 0:
            raise error("invalid padding")
        size = BitPaddedInt.to_str(needed + padding - 10, width=4)
        return [struct.pack(">3sBBB4s", b"ID3", v2_version, 0, 0, size), *frames, bytes(padding)]

    @convert_error(OSError, error)
    @loadfile(writable=True, create=True)
    def save(self, filething: Any = None, v1: int = 1, v2_version: int = 4,
             v23_sep: Optional[str] = "/", padding: Any = None) -> None:
        """save(filething=None, v1=1, v2_version=4, v23_sep='/', padding=None)

        Write this tag to ``filething`` (the file it was read from by default; a path that does
        not exist is created). The old ID3v2 tag is replaced in place and the audio after it
        moved, never rewritten.

        Args:
            v1 (ID3v1SaveOptions): 0 removes an ID3v1 tag, 1 updates one that is there, 2
                updates or adds one.
            v2_version (int): the ID3v2 version written, 3 or 4. The frames are written as they
                are in memory: call :meth:`update_to_v23` first to convert ID3v2.4-only frames.
            v23_sep (str): what joins multiple text values in ID3v2.3 (``None``: the ID3v2.4
                null separator).
            padding: a function of a :class:`PaddingInfo` giving the padding after the frames.

        Raises:
            ValueError: ``v2_version`` is not 3 or 4, or the old tag's size reaches past the
                end of the file.
            error: the file could not be read or written, its ID3v2 header is not valid, or
                ``padding`` gave a negative size.
        """
        f = filething.fileobj
        try:
            old_size = ID3Header(f).size
        except ID3NoHeaderError:
            old_size = 0
        if v2_version not in (3, 4):
            raise ValueError("Only 3 or 4 allowed for v2_version")
        f.seek(0, 2)
        # The parts are written one after the other, not joined.
        parts = self._render_parts(old_size, f.tell(), v2_version, v23_sep, padding)
        mode = 2 if v1 == 2 else 1 if v1 == 1 else 0
        _native.id3_save(f, old_size, parts, mode, lambda: MakeID3v1(self))

    @loadfile(writable=True)
    def delete(self, filething: Any = None, delete_v1: bool = True, delete_v2: bool = True) -> None:
        """delete(filething=None, delete_v1=True, delete_v2=True)

        Remove the ID3 tags of ``filething`` (the file this tag was read from by default), as
        the module's :func:`delete` does, and empty this tag.
        """
        delete(filething, delete_v1, delete_v2)
        self.clear()

    def _read_payload(self, native_input: Any, **options: Any) -> tuple:
        """The native payload of the tag (see ``python/src/id3.rs``); subclasses reading a tag
        elsewhere in a file (the ID3 chunk of an AIFF file, ...) replace it."""
        return _read(native_input, **options)

    def _apply(self, payload: tuple) -> None:
        version, size, flags, frames, unknown, unknown_version, padding = payload
        self._version = tuple(version)
        self._size = size
        self._flags = flags
        self._padding = padding
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

    @loadfile(writable=True)
    def save(self, filething: Any = None, **kwargs: Any) -> None:
        """save(filething=None, v1=1, v2_version=4, v23_sep='/', padding=None)

        Save the file's tags (to ``filething``, the file this was read from by default) with
        :meth:`ID3.save` and its arguments; a file without tags is left as it is.
        """
        if self.tags is not None:
            self.tags.save(filething, **kwargs)

    @loadfile(writable=True)
    def delete(self, filething: Any = None) -> None:
        """delete(filething=None)

        Remove the file's ID3 tags (``filething``, the file this was read from by default), as
        :meth:`ID3.delete` does; a file read without tags is left as it is.
        """
        if self.tags is not None:
            self.tags.delete(filething)

    def _load(self, name: str, native_input: Any, ID3: Any = None, **kwargs: Any) -> None:
        if ID3 is not None:
            # Kept, as mutagen keeps it, for tags made later by ``add_tags``.
            self.ID3 = ID3
        if self._reads_default_tags(kwargs):
            self._load_default(native_input)
            return
        self.tags = self._load_tags(name, native_input, **kwargs)
        offset = getattr(self.tags, "size", None) if self.tags is not None else None
        self.info = self._info_from_input(native_input, offset)

    def _reads_default_tags(self, kwargs: dict) -> bool:
        """Whether one native call can read the tags together with the stream info: no load
        options, and a tag class that defines ``_from_payload`` itself (this package's ``ID3``
        and ``EasyID3``). A subclass that does not is built by calling it, so that what it
        overrides (``__init__``, ``load``) runs as mutagen would run it."""
        return not kwargs and "_from_payload" in vars(self.ID3)

    def _load_default(self, native_input: Any) -> None:
        """Read tags and stream info in one native call."""
        try:
            tags = _read(native_input)
        except ID3NoHeaderError:
            tags = None
        self._apply((tags, None))

    def _load_tags(self, name: str, native_input: Any, **kwargs: Any) -> Any:
        """The tags as ``self.ID3(file, **kwargs)`` reads them, ``None`` without an ID3 header."""
        filething = native_input
        if isinstance(native_input, bytes):
            import io

            filething = io.BytesIO(native_input)
            filething.name = name
        try:
            return self.ID3(filething, **kwargs)
        except ID3NoHeaderError:
            return None

    def _info_from_input(self, native_input: Any, offset: Optional[int]) -> Any:
        """The stream info read on its own, from ``offset`` (the end of the tags) or from the
        start of the file when ``None``."""
        return self._Info(None, offset)

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
        """Give the file an empty tag (of class ``ID3``, by default the file's ``ID3`` class)
        to fill in memory. Raises ``error`` when the file has a tag already."""
        if ID3 is None:
            ID3 = self.ID3
        if self.tags is not None:
            raise error("an ID3 tag already exists")
        self.ID3 = ID3
        self.tags = ID3()
