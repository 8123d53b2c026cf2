"""True Audio (TTA) files, under the names of ``mutagen.trueaudio``: an ID3 tag, then the
``TTA`` header after it."""

from __future__ import annotations

from typing import Any, Optional

from . import _native
from ._file import StreamInfo
from ._util import MutagenError, endswith
from .id3 import ID3FileType, delete

__all__ = ["TrueAudio", "Open", "delete", "EasyTrueAudio"]


class error(MutagenError):
    """A True Audio file could not be read."""


class TrueAudioHeaderError(error):
    """The True Audio header is missing or broken."""


class TrueAudioInfo(StreamInfo):
    """TrueAudioInfo(fileobj, offset)

    True Audio stream information: ``length`` (float seconds) and ``sample_rate``, from the
    header at ``offset`` (the end of the ID3 tag; the start of the file when ``None``).
    """

    length: float
    sample_rate: int

    def __init__(self, fileobj: Any, offset: Optional[int]) -> None:
        try:
            fileobj.seek(0)
            data = fileobj.read()
        except OSError as e:
            raise TrueAudioHeaderError(e) from e
        self.__dict__.update(_native.read_trueaudio_info(bytes(data), offset))

    @classmethod
    def _from_payload(cls, payload: dict) -> "TrueAudioInfo":
        self = cls.__new__(cls)
        self.__dict__.update(payload)
        return self

    def pprint(self) -> str:
        """``True Audio, <length> seconds, <rate> Hz.``"""
        return "True Audio, %.2f seconds, %d Hz." % (self.length, self.sample_rate)


class TrueAudio(ID3FileType):
    """TrueAudio(filething, ID3=None, **kwargs)

    A True Audio file: ``info`` (:class:`TrueAudioInfo`) and ``tags`` (the ID3 tag, or
    ``None``).
    """

    __module__ = __name__

    _Info = TrueAudioInfo  # type: ignore[assignment]
    _mimes = ["audio/x-tta"]

    def _load_default(self, native_input: Any) -> None:
        self._apply(_native.read_ape_family("TrueAudio", native_input))

    def _info_from_input(self, native_input: Any, offset: Optional[int]) -> TrueAudioInfo:
        return TrueAudioInfo._from_payload(_native.read_trueaudio_info(native_input, offset))

    def _info_from_payload(self, payload: Any) -> TrueAudioInfo:
        return TrueAudioInfo._from_payload(payload)

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """1 for ``ID3``, 1 for ``TTA``, 2 for the ``.tta`` extension."""
        return (header.startswith(b"ID3") + header.startswith(b"TTA")
                + endswith(filename.lower(), b".tta") * 2)


Open = TrueAudio

# ``delete`` is ``mutagen_rs.id3.delete``, re-exported as mutagen re-exports it.


def _easy_class() -> type:
    """``EasyTrueAudio``, made on first use: the easy ID3 module may import this package's
    format modules, so it is not imported with this one."""
    from .easyid3 import EasyID3

    class EasyTrueAudio(TrueAudio):
        """EasyTrueAudio(filething, ID3=None, **kwargs)

        A True Audio file whose ``tags`` are an ``EasyID3``."""

        ID3 = EasyID3

    EasyTrueAudio.__module__ = __name__
    return EasyTrueAudio


def __getattr__(name: str) -> Any:
    if name == "EasyTrueAudio":
        cls = globals()["EasyTrueAudio"] = _easy_class()
        return cls
    raise AttributeError("module %r has no attribute %r" % (__name__, name))
