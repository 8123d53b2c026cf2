"""Audio sample entries (``stsd`` entries such as ``mp4a``, ``alac``, ``ac-3``), as
``mutagen.mp4._as_entry`` reads them.

The native core reads the entry and its codec configuration (``esds``, the ALAC cookie,
``dac3``); ``AudioSampleEntry`` holds the result.
"""

from __future__ import annotations

from typing import Any, Optional

from .. import _native

__all__ = ["AudioSampleEntry", "ASEntryError"]


class ASEntryError(Exception):
    """The sample entry, or the codec configuration inside it, is malformed."""


class AudioSampleEntry(object):
    """An audio sample entry atom, read with its payload from ``fileobj``.

    Attributes: ``channels``, ``sample_size`` (bits), ``sample_rate`` (Hz), ``bitrate``
    (bits per second, 0 when unknown), ``codec`` (the entry name, with the object types for
    ``mp4a``, e.g. ``'mp4a.40.2'``, as in RFC 6381) and ``codec_description`` (a display name
    such as ``'AAC LC+SBR'`` or ``'ALAC'``). Raises ``ASEntryError`` when it cannot be read.
    """

    channels = 0
    sample_size = 0
    sample_rate = 0
    bitrate = 0
    codec: Optional[str] = None
    codec_description: Optional[str] = None

    def __init__(self, atom: Any, fileobj: Any) -> None:
        (
            self.channels,
            self.sample_size,
            self.sample_rate,
            self.bitrate,
            self.codec,
            self.codec_description,
        ) = _native.mp4_sample_entry(atom, fileobj)
