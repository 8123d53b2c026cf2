"""ID3v1 and ID3v2 tags, read as ``mutagen.id3`` reads them.

``ID3(path)`` gives the tag's frames keyed by hash key (``"TIT2"``, ``"COMM:desc:eng"``, ...),
every ID3v2.2/2.3 frame upgraded to its ID3v2.4 form and an ID3v1 tag merged in. The frame
classes (``TIT2``, ``APIC``, ...) carry mutagen's attribute names.
"""

from ._file import ID3, ID3FileType, delete
from ._id3v1 import MakeID3v1, ParseID3v1
from ._frames import *  # noqa: F401,F403 - every frame class, as mutagen.id3 exports them
from ._frames import (BinaryFrame, Frame, Frames, Frames_2_2, NumericPartTextFrame, NumericTextFrame,
                      PairedTextFrame, TextFrame, TimeStampTextFrame, UrlFrame, UrlFrameU)
from ._specs import CTOCFlags, Encoding, ID3TimeStamp, ID3v1SaveOptions, PictureType
from ._tags import ID3Tags
from ._util import (BitPaddedInt, ID3BadCompressedData, ID3BadUnsynchData, ID3EncryptionUnsupportedError,
                    ID3JunkFrameError, ID3NoHeaderError, ID3TagError, ID3UnsupportedVersionError, ID3Warning,
                    error)

Open = ID3
"""An alias of :class:`ID3`."""


class _SpecPlaceholder(object):
    """Stand-in for mutagen's spec classes, kept only so that old imports keep working."""

    write = None


EncodedTextSpec = MultiSpec = _SpecPlaceholder




__all__ = ["ID3", "ID3FileType", "Frames", "Open", "delete"]
