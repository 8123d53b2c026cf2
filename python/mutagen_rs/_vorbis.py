"""Vorbis comments, shared by FLAC and the Ogg codecs, read as ``mutagen._vorbis`` reads them."""

from __future__ import annotations

from typing import Any

from ._util import MutagenError


class error(MutagenError):
    """A broken Vorbis comment block."""


class VCommentDict(list):
    """Vorbis comments with dict-like, case-insensitive access."""

    @classmethod
    def _from_payload(cls, payload: Any) -> "VCommentDict":
        """Build from the native payload (see ``python/src/vorbis.rs``)."""
        return cls()
