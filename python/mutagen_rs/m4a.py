"""The old name of the MP4 module, kept as ``mutagen.m4a`` keeps it: importing it warns, and
everything that would read or write a file raises ``error``. Use ``mutagen_rs.mp4``.
"""

from __future__ import annotations

import warnings
from typing import Any

from ._file import FileType, StreamInfo, Tags
from ._util import DictProxy, MutagenError

warnings.warn("mutagen.m4a is deprecated; use mutagen.mp4 instead.", DeprecationWarning)

__all__ = ["M4A", "Open", "delete", "M4ACover"]


class error(MutagenError):
    """Every operation of this module fails with this."""


class M4AMetadataError(error):
    """Kept for compatibility; never raised."""


class M4AStreamInfoError(error):
    """Kept for compatibility; never raised."""


class M4AMetadataValueError(error):
    """Kept for compatibility; never raised."""


class M4ACover(bytes):
    """Cover art bytes with an ``imageformat`` (``FORMAT_JPEG`` or ``FORMAT_PNG``)."""

    FORMAT_JPEG = 0x0D
    FORMAT_PNG = 0x0E

    def __new__(cls, data: bytes, imageformat: Any = None) -> "M4ACover":
        self = bytes.__new__(cls, data)
        self.imageformat = M4ACover.FORMAT_JPEG if imageformat is None else imageformat
        return self


class M4ATags(DictProxy, Tags):
    """An empty tag dict whose loading and saving fail."""

    def load(self, atoms: Any, fileobj: Any) -> None:
        """Fails: this module is deprecated."""
        raise error("deprecated")

    def save(self, filename: Any) -> None:
        """Fails: this module is deprecated."""
        raise error("deprecated")

    def delete(self, filename: Any) -> None:
        """Fails: this module is deprecated."""
        raise error("deprecated")

    def pprint(self) -> str:
        """Nothing: these tags are always empty."""
        return ""


class M4AInfo(StreamInfo):
    """Stream information that cannot be read."""

    bitrate = 0

    def __init__(self, atoms: Any, fileobj: Any) -> None:
        raise error("deprecated")

    def pprint(self) -> str:
        """Nothing."""
        return ""


class M4A(FileType):
    """A file of this deprecated type: loading fails, and so do saving and deleting tags;
    ``add_tags`` gives an empty ``M4ATags``."""

    _mimes = ["audio/mp4", "audio/x-m4a", "audio/mpeg4", "audio/aac"]

    def __init__(self, filething: Any = None, **kwargs: Any) -> None:
        if filething is not None:
            self.load(filething, **kwargs)

    def load(self, filething: Any, **kwargs: Any) -> None:
        """Fails: this module is deprecated."""
        raise error("deprecated")

    def save(self, filething: Any = None, **kwargs: Any) -> None:
        """Fails when the file has tags (their ``save`` fails); does nothing otherwise."""
        if self.tags is not None:
            self.tags.save(filething)

    def delete(self, filething: Any = None) -> None:
        """Fails when the file has tags (their ``delete`` fails); does nothing otherwise."""
        if self.tags is not None:
            self.tags.delete(filething)

    def add_tags(self) -> None:
        """Give the file new, empty ``M4ATags``."""
        self.tags = M4ATags()

    @staticmethod
    def score(filename: str, fileobj: Any, header_data: bytes) -> int:
        """Never chosen: 0."""
        return 0


Open = M4A


def delete(filething: Any) -> None:
    """Fails: this module is deprecated."""
    raise error("deprecated")
