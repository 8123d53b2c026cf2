"""The VBR headers of the first MPEG Layer III frame (Xing/Info, VBRI) and the LAME tag, read
from a file object's current position as ``mutagen.mp3._util`` reads them."""

from __future__ import annotations

from typing import Any, Optional, Tuple

from .. import _native

# The most bytes a Xing/Info header spans with its LAME tag: its fixed fields (8 + 4 + 4 + 100
# + 4), the 20-byte LAME version and the 27-byte extended header starting 9 bytes into it.
_XING_MAX_LEN = 120 + 9 + 27
# A VBRI header: its 26 fixed bytes and the largest seek table they can announce.
_VBRI_MAX_LEN = 26 + 0xFFFF * 4


class LAMEError(Exception):
    """The LAME version or extended header could not be read."""

    __module__ = "mutagen_rs.mp3._util"


class XingHeaderError(Exception):
    """There is no valid Xing/Info header."""

    __module__ = "mutagen_rs.mp3._util"


class VBRIHeaderError(Exception):
    """There is no valid VBRI header."""

    __module__ = "mutagen_rs.mp3._util"


def _read(fileobj: Any, size: int) -> bytes:
    return bytes(fileobj.read(size))


class LAMEHeader(object):
    """LAMEHeader(xing, fileobj)

    The extended LAME header (27 bytes at the current position of ``fileobj``), read with the
    VBR scale of its Xing header.

    Attributes:
        vbr_method (int): 0 unknown, 1 CBR, 2 ABR, 3 to 6 VBR, 8 CBR two-pass, 9 ABR two-pass
        lowpass_filter (int): lowpass frequency in Hz, 0 when unknown
        quality (int), vbr_quality (int): from the Xing VBR scale
        track_peak (float or None): peak amplitude, 1.0 being full scale
        track_gain_adjustment (float or None): track ReplayGain in dB
        album_gain_adjustment (float or None): album ReplayGain in dB
        encoding_flags (int), ath_type (int): encoder flags and ATH type
        bitrate (int): kbit/s, the minimum for VBR and the target otherwise (255 for more)
        encoder_delay_start (int), encoder_padding_end (int): in samples
        preset_used (int): the preset number, 0 for none
    """

    __module__ = "mutagen_rs.mp3._util"

    def __init__(self, xing: "XingHeader", fileobj: Any) -> None:
        fields = _native.parse_lame_header(_read(fileobj, 27), xing.vbr_scale)
        if fields is None:
            raise LAMEError("invalid or truncated LAME header")
        self.__dict__.update(fields)

    @classmethod
    def _from_fields(cls, fields: dict) -> "LAMEHeader":
        self = cls.__new__(cls)
        self.__dict__.update(fields)
        return self

    def guess_settings(self, major: int, minor: int) -> str:
        """A guess at the encoder options (``"-V 2"``, ``"--preset standard"``...) from the
        header's fields as they are now and the LAME version; empty when there is no guess."""
        return _native.lame_guess_settings(
            self.vbr_method, self.lowpass_filter, self.quality, self.vbr_quality, self.encoding_flags,
            self.ath_type, self.bitrate, self.preset_used, major, minor)

    @classmethod
    def parse_version(cls, fileobj: Any) -> Tuple[Tuple[int, int], str, bool]:
        """Read the 20-byte LAME version field at the current position of ``fileobj``:
        ``((major, minor), description, has_extended_header)``. Raises ``LAMEError``."""
        data = _read(fileobj, 20)
        parsed = _native.parse_lame_version(data) if len(data) == 20 else None
        if parsed is None:
            raise LAMEError("not a LAME version")
        major, minor, desc, has_header = parsed
        return (major, minor), desc, has_header


class XingHeader(object):
    """XingHeader(fileobj)

    A Xing or Info header, read from the current position of ``fileobj`` (where "Xing" or
    "Info" is), with the LAME version and header that may follow.

    Attributes:
        frames (int): number of frames, -1 when absent
        bytes (int): number of bytes, -1 when absent
        toc (list[int]): the 100-entry seek table, empty when absent
        vbr_scale (int): VBR quality indicator, -1 when absent
        lame_header (LAMEHeader or None): the extended LAME header
        lame_version (tuple): ``(major, minor)``, ``(0, 0)`` without LAME
        lame_version_desc (str): the LAME version as text, empty without LAME
        is_info (bool): whether the header is tagged "Info" (LAME's CBR files)
    """

    __module__ = "mutagen_rs.mp3._util"

    frames = -1
    bytes = -1
    toc: list = []
    vbr_scale = -1
    lame_header: Optional[LAMEHeader] = None
    lame_version = (0, 0)
    lame_version_desc = ""
    is_info = False

    def __init__(self, fileobj: Any) -> None:
        parsed = _native.parse_xing(_read(fileobj, _XING_MAX_LEN))
        if parsed is None:
            raise XingHeaderError("no valid Xing/Info header")
        self.frames = parsed["frames"]
        self.bytes = parsed["bytes"]
        self.toc = parsed["toc"]
        self.vbr_scale = parsed["vbr_scale"]
        self.is_info = parsed["is_info"]
        if parsed["lame_version"] is not None:
            major, minor, self.lame_version_desc, _has_header = parsed["lame_version"]
            self.lame_version = (major, minor)
        if parsed["lame_header"] is not None:
            self.lame_header = LAMEHeader._from_fields(parsed["lame_header"])

    def get_encoder_settings(self) -> str:
        """The guessed encoder options, empty without a LAME header."""
        if self.lame_header is None:
            return ""
        return self.lame_header.guess_settings(*self.lame_version)

    @classmethod
    def get_offset(cls, info: Any) -> int:
        """Where a Xing header starts in the first frame of a Layer III stream with the
        version and channel mode of ``info`` (an ``MPEGInfo``)."""
        assert info.layer == 3
        return _native.mpeg_vbr_offsets(float(info.version), info.mode)[0]


class VBRIHeader(object):
    """VBRIHeader(fileobj)

    A VBRI header (written by the Fraunhofer encoder), read from the current position of
    ``fileobj`` (where "VBRI" is).

    Attributes:
        version (int): the header version (1)
        quality (int): quality indicator
        bytes (int): number of bytes of the stream
        frames (int): number of frames of the stream
        toc_scale_factor (int): scale of the seek table entries
        toc_frames (int): frames per seek table entry
        toc (list[int]): the seek table
    """

    __module__ = "mutagen_rs.mp3._util"

    version = 0
    quality = 0
    bytes = 0
    frames = 0
    toc_scale_factor = 0
    toc_frames = 0
    toc: list = []

    def __init__(self, fileobj: Any) -> None:
        parsed = _native.parse_vbri(_read(fileobj, _VBRI_MAX_LEN))
        if parsed is None:
            raise VBRIHeaderError("no valid VBRI header")
        self.__dict__.update(parsed)

    @classmethod
    def get_offset(cls, info: Any) -> int:
        """Where a VBRI header starts in the first frame of a Layer III stream."""
        assert info.layer == 3
        return _native.mpeg_vbr_offsets(float(info.version), info.mode)[1]
