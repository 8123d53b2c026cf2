"""The ID3 exception classes, the bit-padded integer, unsynchronisation and the save options,
with mutagen's names and bases."""

from __future__ import annotations

import re as _re
from typing import Any, Optional

from .._util import MutagenError


class error(MutagenError):
    """Base class of the ID3 errors."""

    __module__ = "mutagen_rs.id3"


class ID3NoHeaderError(error, ValueError):
    """The file has no ID3 tag."""

    __module__ = "mutagen_rs.id3"


class ID3UnsupportedVersionError(error, NotImplementedError):
    """The ID3v2 tag has a major version other than 2, 3 or 4."""

    __module__ = "mutagen_rs.id3"


class ID3EncryptionUnsupportedError(error, NotImplementedError):
    """An encrypted frame (kept raw in ``unknown_frames``)."""

    __module__ = "mutagen_rs.id3"


class ID3JunkFrameError(error):
    """A frame whose data could not be read (it is dropped)."""

    __module__ = "mutagen_rs.id3"


class ID3BadUnsynchData(error, ValueError):
    """Deprecated in mutagen; kept for code that catches it."""

    __module__ = "mutagen_rs.id3"


class ID3BadCompressedData(error, ValueError):
    """Deprecated in mutagen; kept for code that catches it."""

    __module__ = "mutagen_rs.id3"


class ID3TagError(error, ValueError):
    """Deprecated in mutagen; kept for code that catches it."""

    __module__ = "mutagen_rs.id3"


class ID3Warning(error, UserWarning):
    """Deprecated in mutagen; kept for code that catches it."""

    __module__ = "mutagen_rs.id3"


def is_valid_frame_id(frame_id: str) -> bool:
    """Whether a frame ID is made of digits and uppercase letters only."""
    return frame_id.isalnum() and frame_id.isupper()


class ID3SaveConfig(object):
    """How frames are rendered: the ID3v2 version (3 or 4) and, for ID3v2.3, the text that
    joins the values of a multi-value text frame (``None``: keep them NUL-separated)."""

    __module__ = "mutagen_rs.id3._util"

    def __init__(self, v2_version: int = 4, v23_separator: Optional[str] = None) -> None:
        if v2_version not in (3, 4):
            raise AssertionError("v2_version must be 3 or 4")
        self.v2_version = v2_version
        self.v23_separator = v23_separator


# A 0xFF followed by a byte that needs escaping (0x00 or 0xE0 and more), or ending the data.
_UNSYNCH_NEEDS_ESCAPE = _re.compile(rb"\xff(?=[\x00\xe0-\xff]|\Z)")
# What decoding accepts: a 0xFF never ends the data nor precedes a byte of 0xE0 or more.
_UNSYNCH_INVALID = _re.compile(rb"\xff(?:[\xe0-\xff]|\Z)")
_UNSYNCH_ESCAPED = _re.compile(rb"\xff\x00")


class unsynch(object):
    """The ID3v2 unsynchronisation scheme: a zero byte after every 0xFF that would otherwise
    start a false MPEG sync or be followed by a zero."""

    __module__ = "mutagen_rs.id3._util"

    @staticmethod
    def decode(value: bytes) -> bytes:
        """Undo unsynchronisation; ``ValueError`` for data no encoder could have produced."""
        if _UNSYNCH_INVALID.search(value) is not None:
            raise ValueError("invalid unsynchronised data")
        return _UNSYNCH_ESCAPED.sub(b"\xff", value)

    @staticmethod
    def encode(value: bytes) -> bytes:
        """Apply unsynchronisation."""
        return _UNSYNCH_NEEDS_ESCAPE.sub(b"\xff\x00", value)


class BitPaddedInt(int):
    """An integer stored with only the low ``bits`` bits of each byte used (syncsafe)."""

    __module__ = "mutagen_rs.id3"

    def __new__(cls, value: Any, bits: int = 7, bigendian: bool = True) -> "BitPaddedInt":
        mask = (1 << bits) - 1
        total = 0
        if isinstance(value, int):
            if value < 0:
                raise ValueError
            shift = 0
            while value:
                total |= (value & mask) << shift
                value >>= 8
                shift += bits
        elif isinstance(value, bytes):
            data = value if not bigendian else value[::-1]
            for i, byte in enumerate(data):
                total |= (byte & mask) << (i * bits)
        else:
            raise TypeError
        self = int.__new__(BitPaddedInt, total)
        self.bits = bits
        self.bigendian = bigendian
        return self

    def as_str(self, width: int = 4, minwidth: int = 4) -> bytes:
        """This value as bytes, with this value's bit width and byte order (see ``to_str``)."""
        return self.to_str(self, self.bits, self.bigendian, width, minwidth)

    @staticmethod
    def to_str(value: int, bits: int = 7, bigendian: bool = True, width: int = 4, minwidth: int = 4) -> bytes:
        """``value`` as ``width`` bytes of ``bits`` used bits each; ``ValueError`` when it does not
        fit. A ``width`` of -1 takes as many bytes as needed, at least ``minwidth``."""
        if value and value < 0:
            raise ValueError("negative values cannot be stored")
        mask = (1 << bits) - 1
        out = bytearray()
        while value:
            out.append(value & mask)
            value >>= bits
        if width == -1:
            out.extend(bytes(max(0, minwidth - len(out))))
        elif len(out) > width:
            raise ValueError("Value too wide (>%d bytes)" % width)
        else:
            out.extend(bytes(width - len(out)))
        if bigendian:
            out.reverse()
        return bytes(out)

    @staticmethod
    def has_valid_padding(value: Any, bits: int = 7) -> bool:
        """Whether the unused high bits of every byte are zero."""
        mask = ((1 << (8 - bits)) - 1) << bits
        if isinstance(value, int):
            while value:
                if value & mask:
                    return False
                value >>= 8
            return True
        if isinstance(value, bytes):
            return not any(b & mask for b in value)
        raise TypeError
