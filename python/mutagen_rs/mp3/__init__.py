"""MPEG audio files (MP3, MP2): stream information and ID3 tags, read as ``mutagen.mp3`` does."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from .. import _native
from .._file import StreamInfo
from .._util import MutagenError, as_input
from ..id3 import ID3FileType
from ..id3._util import BitPaddedInt  # noqa: F401 - mutagen.mp3 exports it
from ._util import VBRIHeader, VBRIHeaderError, XingHeader, XingHeaderError  # noqa: F401 - as mutagen.mp3

__all__ = ["MP3", "Open", "delete", "MP3"]


def iter_sync(fileobj: Any, max_read: int) -> Any:
    """Iterate over the MPEG frame syncs (0xFF, then a byte with its top three bits set) in
    the next ``max_read`` bytes of ``fileobj``: at each one the file is positioned at the sync
    before it is yielded. The caller may move the file between steps; the search goes on from
    the byte after the last sync."""
    start = fileobj.tell()
    data = fileobj.read(max_read)
    for at in _native.mpeg_syncs(data):
        fileobj.seek(start + at, 0)
        yield


class error(MutagenError):
    """Base class of the MPEG audio errors."""

    __module__ = "mutagen_rs.mp3"


class HeaderNotFoundError(error):
    """No MPEG frame could be found in the file."""

    __module__ = "mutagen_rs.mp3"


class InvalidMPEGHeader(error):
    """An MPEG frame header is invalid."""

    __module__ = "mutagen_rs.mp3"


_BITRATE_MODE_NAMES: Dict[int, str] = {0: "UNKNOWN", 1: "CBR", 2: "VBR", 3: "ABR"}


class BitrateMode(int):
    """How the bitrate of a stream varies: an ``int`` with named values.

    ``UNKNOWN`` (0, probably constant), ``CBR`` (1, constant), ``VBR`` (2, variable) and
    ``ABR`` (3, average).
    """

    __module__ = "mutagen_rs.mp3"

    UNKNOWN: "BitrateMode"
    CBR: "BitrateMode"
    VBR: "BitrateMode"
    ABR: "BitrateMode"

    def __repr__(self) -> str:
        name = _BITRATE_MODE_NAMES.get(int(self))
        if name is None:
            return "%d" % int(self)
        return "<%s.%s: %d>" % (type(self).__name__, name, int(self))

    def __str__(self) -> str:
        name = _BITRATE_MODE_NAMES.get(int(self))
        if name is None:
            return "%d" % int(self)
        return "%s.%s" % (type(self).__name__, name)


for _value, _name in _BITRATE_MODE_NAMES.items():
    setattr(BitrateMode, _name, BitrateMode(_value))
del _value, _name

# Channel modes of an MPEG frame.
STEREO, JOINTSTEREO, DUALCHANNEL, MONO = range(4)


class MPEGInfo(StreamInfo):
    """MPEGInfo(fileobj, offset=None)

    Stream information of MPEG audio: the first frame found after any ID3v2 tag, with its
    Xing/Info, LAME or VBRI header when it has one.

    Attributes:
        length (float): length in seconds
        channels (int): number of channels
        bitrate (int): bitrate in bit/s (guessed from the first frame when the mode is unknown)
        sample_rate (int): sample rate in Hz
        encoder_info (str): encoder name and version (``"LAME 3.99.1+"``...) or empty
        encoder_settings (str): a guess at the encoder options, or empty
        bitrate_mode (BitrateMode): how the bitrate varies
        track_gain, track_peak, album_gain (float or None): ReplayGain values of a LAME header
        version (int or float): MPEG version, 1, 2 or 2.5
        layer (int): 1, 2 or 3
        mode (int): STEREO, JOINTSTEREO, DUALCHANNEL or MONO
        protected (bool): whether the first frame has a CRC
        padding (bool): whether the first frame is padded
        frame_offset (int): where the first frame starts
        sketchy (bool): whether the stream might not be MPEG audio at all
    """

    __module__ = "mutagen_rs.mp3"

    sketchy = False
    encoder_info = ""
    encoder_settings = ""
    bitrate_mode = BitrateMode.UNKNOWN
    track_gain = track_peak = album_gain = album_peak = None

    def __init__(self, fileobj: Any = None, offset: Optional[int] = None) -> None:
        if fileobj is None:
            return
        _name, native_input = as_input(fileobj)
        self._set(_native.read_mpeg_info(native_input, offset))

    @classmethod
    def _from_payload(cls, payload: Dict[str, Any]) -> "MPEGInfo":
        """Build the stream info from the native payload (see ``python/src/mp3.rs``)."""
        self = cls.__new__(cls)
        self._set(payload)
        return self

    def _set(self, payload: Dict[str, Any]) -> None:
        # The payload's names are plain attributes (no descriptors on this class): set them in
        # the instance dict at once, in payload order, as setattr one by one would.
        self.__dict__.update(payload)
        version = payload["version"]
        self.version = version if version == 2.5 else int(version)
        self.bitrate_mode = BitrateMode(payload["bitrate_mode"])

    def pprint(self) -> str:
        """One line: version, layer, bitrate, mode, encoder, sample rate, channels, length."""
        if self.bitrate_mode == BitrateMode.UNKNOWN:
            info = "CBR?"
        else:
            info = str(self.bitrate_mode).split(".", 1)[-1]
        if self.encoder_info:
            info += ", %s" % self.encoder_info
        if self.encoder_settings:
            info += ", %s" % self.encoder_settings
        text = "MPEG %s layer %d, %d bps (%s), %s Hz, %d chn, %.2f seconds" % (
            self.version,
            self.layer,
            self.bitrate,
            info,
            self.sample_rate,
            self.channels,
            self.length,
        )
        if self.sketchy:
            text += " (sketchy)"
        return text


class MP3(ID3FileType):
    """MP3(filething, ID3=None, **kwargs)

    An MPEG audio file (usually MPEG-1 Layer III). ``ID3`` is the class the tags are read with
    (by default the class's ``ID3`` attribute, :class:`mutagen_rs.id3.ID3`), called as
    ``ID3(file, **kwargs)``; the stream info is searched for after the tags.

    Attributes:
        info (MPEGInfo): the stream information
        tags (mutagen_rs.id3.ID3 or None): the ID3 tag
    """

    __module__ = "mutagen_rs.mp3"

    _Info = MPEGInfo
    _mimes = ["audio/mpeg", "audio/mpg", "audio/x-mpeg"]

    @property
    def mime(self) -> List[str]:
        """The MIME types, the one of the layer first."""
        layer = self.info.layer
        return ["audio/mp%d" % layer, "audio/x-mp%d" % layer] + super().mime

    @staticmethod
    def score(filename: Any, fileobj: Any, header_data: bytes) -> int:
        """How likely a file is MPEG audio, from its name and first bytes (as mutagen scores)."""
        if isinstance(filename, bytes):
            filename = filename.decode("utf-8", "replace")
        filename = filename.lower()
        starts = header_data.startswith((b"ID3", b"\xFF\xF2", b"\xFF\xF3", b"\xFF\xFA", b"\xFF\xFB"))
        ends = sum(filename.endswith(ext) for ext in (".mp3", ".mp2", ".mpg", ".mpeg"))
        return starts * 2 + ends

    def _load_default(self, native_input: Any) -> None:
        self._apply(_native.read_mp3(native_input))

    def _info_from_input(self, native_input: Any, offset: Optional[int]) -> MPEGInfo:
        return self._Info._from_payload(_native.read_mpeg_info(native_input, offset))

    def _info_from_payload(self, payload: Any) -> MPEGInfo:
        return self._Info._from_payload(payload)


Open = MP3

from ..id3 import delete  # noqa: E402  (mutagen.mp3 re-exports mutagen.id3's)
"""``mutagen_rs.id3.delete``: remove a file's ID3v1 and ID3v2 tags in place."""


def __getattr__(name: str) -> Any:
    # `EasyMP3` lives in `_easy` (it needs `mutagen_rs.easyid3`, which imports this package).
    if name == "EasyMP3":
        from ._easy import EasyMP3

        return EasyMP3
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
