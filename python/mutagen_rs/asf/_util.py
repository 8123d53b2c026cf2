"""ASF exceptions and GUID conversions, under the names of ``mutagen.asf._util``."""

from __future__ import annotations

import uuid

from .._util import MutagenError


class error(MutagenError):
    """An ASF file could not be read."""


class ASFError(error):
    """An ASF attribute or object is invalid."""


class ASFHeaderError(error):
    """The ASF header is missing or broken."""


def guid2bytes(s: str) -> bytes:
    """The 16 bytes an ASF file stores for the GUID written as ``s``
    (``"XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX"``): the first three groups little-endian, the
    last two as written."""
    if not isinstance(s, str) or len(s) != 36:
        raise AssertionError("a GUID is a str of 36 characters, not %r" % (s,))
    return uuid.UUID(s).bytes_le


def bytes2guid(s: bytes) -> str:
    """The GUID stored as the 16 bytes ``s``, written in upper case (the inverse of
    :func:`guid2bytes`)."""
    if not isinstance(s, bytes):
        raise AssertionError("a stored GUID is bytes, not %r" % type(s).__name__)
    return str(uuid.UUID(bytes_le=s)).upper()
