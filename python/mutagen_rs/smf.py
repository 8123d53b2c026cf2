"""Standard MIDI files, under the names of ``mutagen.smf``.

This package does not read Standard MIDI files yet: opening one raises :class:`SMFError`.
"""

from __future__ import annotations

from typing import Any

from ._file import FileType, StreamInfo
from ._unread import unread
from ._util import MutagenError

__all__ = ["SMF"]

_WHAT = "Standard MIDI files"


class SMFError(MutagenError):
    """A Standard MIDI file could not be read."""


error = SMFError


@unread(error, _WHAT)
class SMFInfo(StreamInfo):
    """Standard MIDI stream information: ``length`` (not read yet)."""

    length = 0


@unread(error, _WHAT, empty=True)
class SMF(FileType):
    """A Standard MIDI file (not read yet: opening one raises :class:`SMFError`)."""

    _mimes = ["audio/midi", "audio/x-midi"]

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """0: this package does not read Standard MIDI files yet."""
        return 0


Open = SMF
