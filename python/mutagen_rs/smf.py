"""Standard MIDI files: the length, read as ``mutagen.smf`` does."""

from __future__ import annotations

from typing import Any, Dict

from . import _native
from ._file import FileType, StreamInfo
from ._util import MutagenError, as_input

__all__ = ["SMF"]


class SMFError(MutagenError):
    """A Standard MIDI file could not be read."""


class SMFInfo(StreamInfo):
    """SMFInfo(fileobj)

    Standard MIDI file information.

    Attributes:
        length (float): length in seconds, the longest track's
    """

    def __init__(self, fileobj: Any) -> None:
        _name, native_input = as_input(fileobj)
        self.length = _native.read_smf(native_input)["length"]

    @classmethod
    def _from_payload(cls, payload: Dict[str, Any]) -> "SMFInfo":
        self = cls.__new__(cls)
        self.length = payload["length"]
        return self

    def pprint(self) -> str:
        """One line: the length."""
        return "SMF, %.2f seconds" % self.length


class SMF(FileType):
    """SMF(filething)

    A Standard MIDI file. It holds no tags (``tags`` is ``None``).

    Attributes:
        info (SMFInfo): the length
    """

    _mimes = ["audio/midi", "audio/x-midi"]

    def _load(self, name: str, native_input: Any) -> None:
        self._apply(_native.read_smf(native_input))

    def _apply(self, payload: Dict[str, Any]) -> None:
        self.info = SMFInfo._from_payload(payload)

    def add_tags(self) -> None:
        """Raise :class:`SMFError`: MIDI files hold no tags here."""
        raise SMFError("doesn't support tags")

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> Any:
        """Whether a file is a Standard MIDI file, from its name and first bytes (as mutagen
        scores)."""
        filename = filename.lower()
        ext = (lambda e: filename.endswith(e if isinstance(filename, str) else e.encode()))
        return header.startswith(b"MThd") and (ext(".mid") or ext(".midi"))


Open = SMF
error = SMFError
