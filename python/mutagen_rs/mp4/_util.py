"""Helpers shared by the MP4 modules, as ``mutagen.mp4._util`` has them."""

from __future__ import annotations

from typing import Tuple

from .. import _native

__all__ = ["parse_full_atom"]


def parse_full_atom(data: bytes) -> Tuple[int, int, bytes]:
    """Split the payload of a versioned atom into ``(version, flags, rest)``: one version
    byte, 24 bits of flags, then the rest. ``ValueError`` when there are fewer than four
    bytes."""
    parsed = _native.mp4_parse_full_atom(data)
    if parsed is None:
        raise ValueError("not enough data")
    return parsed
