"""The ID3 exception classes and the bit-padded integer, with mutagen's names and bases."""

from __future__ import annotations

from typing import Any

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
