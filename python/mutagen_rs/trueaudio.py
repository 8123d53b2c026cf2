"""True Audio (TTA) files, under the names of ``mutagen.trueaudio``.

This package does not read True Audio files yet: opening one raises :class:`error`.
"""

from __future__ import annotations

from typing import Any

from ._file import StreamInfo
from ._unread import unread
from ._util import MutagenError, read_only
from .id3 import ID3FileType

__all__ = ["TrueAudio", "Open", "delete", "EasyTrueAudio"]

_WHAT = "True Audio files"


class error(MutagenError):
    """A True Audio file could not be read."""


class TrueAudioHeaderError(error):
    """The True Audio header is missing or broken."""


@unread(error, _WHAT)
class TrueAudioInfo(StreamInfo):
    """True Audio stream information: ``length`` and ``sample_rate`` (not read yet)."""

    length = 0
    sample_rate = 0


@unread(error, _WHAT, empty=True)
class TrueAudio(ID3FileType):
    """A True Audio file with its ID3 tag (not read yet: opening one raises :class:`error`)."""

    _mimes = ["audio/x-tta"]

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """0: this package does not read True Audio files yet."""
        return 0


Open = TrueAudio

delete = read_only


def _easy_class() -> type:
    """``EasyTrueAudio``, made on first use: the easy ID3 module may import this package's
    format modules, so it is not imported with this one."""
    from .easyid3 import EasyID3

    @unread(error, _WHAT, empty=True)
    class EasyTrueAudio(TrueAudio):
        """A True Audio file whose ``tags`` would be an ``EasyID3`` (not read yet)."""

        ID3 = EasyID3

    EasyTrueAudio.__module__ = __name__
    return EasyTrueAudio


def __getattr__(name: str) -> Any:
    if name == "EasyTrueAudio":
        cls = globals()["EasyTrueAudio"] = _easy_class()
        return cls
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
