"""RIFF chunks (little-endian IFF, the container of WAVE), under the names of ``mutagen._riff``.

This package does not read RIFF files yet: these classes raise ``mutagen_rs._iff.error``.
"""

from __future__ import annotations

from ._iff import IffChunk, IffContainerChunkMixin, IffFile, error
from ._unread import unread

_WHAT = "RIFF files"


@unread(error, _WHAT, methods=("parse",))
class RiffChunk(IffChunk):
    """One chunk of a RIFF file (not read yet)."""


@unread(error, _WHAT, methods=("parse",))
class RiffListChunk(RiffChunk, IffContainerChunkMixin):
    """A ``LIST`` or ``RIFF`` chunk holding other chunks (not read yet)."""


@unread(error, _WHAT)
class RiffFile(IffFile):
    """The chunks of a RIFF file (not read yet)."""
