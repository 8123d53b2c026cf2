"""mutagen_rs: a fast drop-in for mutagen.

``import mutagen_rs as mutagen`` and code written for mutagen 1.48.1 runs unchanged:
``File(path)``, the format classes (``mp3.MP3``, ``flac.FLAC``, ``oggvorbis.OggVorbis``,
``mp4.MP4``, ...), their ``info`` and ``tags``, and the same exceptions. The tags of MP3 (ID3),
FLAC, Ogg and MP4 files are saved and deleted as mutagen saves them; the other formats' ``save()``
and ``delete()`` raise ``MutagenError``. ``batch_open`` and ``iter_open`` read many files in
parallel.
"""

from ._batch import AUDIO_EXTENSIONS, batch_open, iter_open
from ._file import File, FileType, StreamInfo
from ._outputs import BatchIterator, Columnar, batch_open_columnar, batch_open_json, batch_open_msgpack
from ._scan import SCAN_COLUMNS, Scan, scan
from ._tags import Metadata, PaddingInfo, Tags
from ._util import MutagenError

version = (1, 48, 1)
"""The mutagen version whose behaviour this package reproduces."""

version_string = ".".join(map(str, version))

__all__ = [
    "AUDIO_EXTENSIONS",
    "BatchIterator",
    "Columnar",
    "File",
    "FileType",
    "Metadata",
    "MutagenError",
    "PaddingInfo",
    "SCAN_COLUMNS",
    "Scan",
    "StreamInfo",
    "Tags",
    "batch_open",
    "batch_open_columnar",
    "batch_open_json",
    "batch_open_msgpack",
    "iter_open",
    "scan",
    "version",
    "version_string",
]
