"""``EasyMP3``: an MP3 file whose tags are seen through ``EasyID3``.

It lives apart from the package's ``__init__`` because ``mutagen_rs.easyid3`` imports
``mutagen_rs.id3``, which the MP3 module imports too; ``mutagen_rs.mp3`` loads it on first use.
"""

from __future__ import annotations

from ..easyid3 import EasyID3
from . import MP3


class EasyMP3(MP3):
    """EasyMP3(filething)

    An MP3 file (see :class:`MP3`) whose ``tags`` are an :class:`~mutagen_rs.easyid3.EasyID3`.
    """

    __module__ = "mutagen_rs.mp3"

    ID3 = EasyID3
