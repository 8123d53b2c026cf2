"""ID3v1 and ID3v2 tags, read as ``mutagen.id3`` reads them."""

from __future__ import annotations

from typing import Any

from .._file import FileType, StreamInfo
from .._util import DictProxy, MutagenError


class error(MutagenError):
    """Base class of the ID3 errors."""


class ID3NoHeaderError(error, ValueError):
    """The file has no ID3 tag."""


class ID3(DictProxy):
    """An ID3 tag."""

    size = 0

    @classmethod
    def _from_payload(cls, payload: Any) -> "ID3":
        """Build a tag from the native payload (see ``python/src/id3.rs``)."""
        return cls()


class ID3FileType(FileType):
    """An unknown type of file with ID3 tags."""

    class _Info(StreamInfo):
        length = 0

        @staticmethod
        def pprint() -> str:
            return "Unknown format with ID3 tag"
