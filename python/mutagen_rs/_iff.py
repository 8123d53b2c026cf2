"""IFF chunks (the container of AIFF, DSDIFF and, little-endian, RIFF/WAVE), under the names of
``mutagen._iff``.

The formats built on IFF are read and their ID3 chunks written by the native core
(``parsers/src/iff/``); the chunk and file classes of this module, which walk a file object
chunk by chunk, are not provided and raise :class:`error`. Checking chunk IDs needs no file and
works, and :class:`IffID3` is the base of the ID3 tags kept in a chunk.
"""

from __future__ import annotations

from typing import Any, Callable, List

from . import _native
from ._unread import refuser, unread
from ._util import MutagenError, convert_error, loadfile
from .id3 import ID3
from .id3._util import ID3NoHeaderError
from .id3._util import error as ID3Error

_WHAT = "IFF chunks"


class error(MutagenError):
    """An IFF file could not be read."""


class InvalidChunk(error):
    """A chunk that is broken or not where it was looked for."""


class EmptyChunk(InvalidChunk):
    """A chunk header cut short by the end of the file."""


def is_valid_chunk_id(id: str) -> bool:
    """Whether ``id`` (a ``str``) is a chunk ID: one to four printable ASCII characters."""
    if not isinstance(id, str):
        raise AssertionError("a chunk ID must be str, not %r" % (id,))
    return 0 < len(id) <= 4 and all(" " <= c <= "~" for c in id)


def assert_valid_chunk_id(id: str) -> None:
    """Raise ``ValueError`` unless :func:`is_valid_chunk_id` accepts ``id``."""
    if not is_valid_chunk_id(id):
        raise ValueError("an IFF chunk ID is one to four printable ASCII characters")


@unread(error, _WHAT, methods=("parse",))
class IffChunk(object):
    """One chunk of an IFF file: an ID, a size and data (not read yet)."""

    HEADER_SIZE = 8
    """The size of a chunk header: ID and size."""


class IffContainerChunkMixin(object):
    """A chunk holding other chunks (not read yet)."""

    parse_next_subchunk = refuser(error, _WHAT)
    init_container = refuser(error, _WHAT)
    subchunks = refuser(error, _WHAT)


@unread(error, "IFF files")
class IffFile(object):
    """The chunks of an IFF file (not read yet)."""


def chunk_tag_reader(kind: str) -> Callable:
    """The ``_read_payload`` method of the ID3 class of the format ``kind`` (``"AIFF"``,
    ``"WAVE"``, ``"DSF"``, ``"DSDIFF"``): the tag where the format keeps it, or
    ``ID3NoHeaderError`` where there is none."""

    def _read_payload(self: Any, native_input: Any, **options: Any) -> tuple:
        payload = _native.read_iff_id3(kind, native_input, **options)
        if payload is None:
            raise ID3NoHeaderError("No ID3 chunk")
        return payload

    return _read_payload


def save_chunk_tag(tag: ID3, fileobj: Any, kind: str, err: type, v2_version: int, v23_sep: Any,
                   padding: Any) -> None:
    """Save ``tag`` to the ID3 chunk of the ``kind`` file (``"AIFF"``, ``"WAVE"``,
    ``"DSDIFF"``) open as ``fileobj``, a new chunk at the end of the root chunk where there is
    none. An ID3 error of the rendering (a negative padding) is raised as ``err``."""

    def render(available: int, trailing: int) -> List[bytes]:
        try:
            return tag._render_parts(available, trailing, v2_version, v23_sep, padding)
        except ID3Error as e:
            raise err(e) from e

    _native.iff_id3_save(fileobj, kind, render)


class IffID3(ID3):
    """An ID3 tag kept in a chunk of an IFF file. Each format has its subclass, which knows
    where its tag is; ``IffID3`` itself cannot read or write one (:class:`error`), and
    ``IffID3()`` is an empty tag."""

    # The native kind name of the format, set by each subclass.
    _KIND: Any = None

    def _read_payload(self, native_input: Any, **options: Any) -> tuple:
        raise error("Not implemented")

    @convert_error(IOError, error)
    @loadfile(writable=True)
    def save(self, filething: Any = None, v2_version: int = 4, v23_sep: Any = "/",
             padding: Any = None) -> None:
        """save(filething=None, v2_version=4, v23_sep='/', padding=None)

        Save the tag to the file's ``ID3`` chunk (the file it was read from by default),
        resizing the chunk in place and moving the chunks after it; a file without one gets a
        new chunk at the end. The arguments are those of :meth:`ID3.save`.

        Raises:
            error: the file could not be read or written, its chunks cannot be walked, or
                ``padding`` gave a negative size.
        """
        if self._KIND is None:
            raise error("Not implemented")
        save_chunk_tag(self, filething.fileobj, self._KIND, error, v2_version, v23_sep, padding)

    @convert_error(IOError, error)
    @loadfile(writable=True)
    def delete(self, filething: Any = None) -> None:
        """delete(filething=None)

        Remove the file's ``ID3`` chunk (the file it was read from by default), if it has one,
        and empty this tag."""
        if self._KIND is None:
            raise error("Not implemented")
        _native.iff_id3_delete(filething.fileobj, self._KIND)
        self.clear()
