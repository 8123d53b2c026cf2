"""Constants shared by the formats, under the names of mutagen's ``_constants`` module."""

from __future__ import annotations

from typing import List

from . import _native

GENRES: List[str] = list(_native.id3_genres())
"""The ID3v1 genre names, by genre number (with the Winamp extensions), as ID3 ``TCON`` and MP4
``gnre`` refer to them."""

__all__ = ["GENRES"]
