"""FLAC files: stream information, Vorbis comments, pictures, seek tables and cue sheets,
read and saved as ``mutagen.flac`` reads and saves them.

The metadata blocks of the file are parsed by the native core; this module builds mutagen's
objects from them. A save renders the blocks here (so that a ``padding`` callback sees
mutagen's ``PaddingInfo``) and the core puts them in the file in place. Ogg FLAC is in
``mutagen_rs.oggflac`` (read only).
"""

from __future__ import annotations

from typing import Any, List, Optional, Sequence, Tuple

from . import _native
from ._file import FileType
from ._file import StreamInfo as _BaseStreamInfo
from ._util import MutagenError, convert_error, loadfile
from ._vorbis import VCommentDict

__all__ = ["FLAC", "Open", "delete"]


def to_int_be(data: Any) -> int:
    """The unsigned big-endian integer that the bytes ``data`` (of any length) spell."""
    return int.from_bytes(bytes(data), "big")


class error(MutagenError):
    """A FLAC file could not be read."""


class FLACNoHeaderError(error):
    """The file has no ``fLaC`` marker or no stream information block."""


class FLACVorbisError(ValueError, error):
    """A problem with the Vorbis comment block (e.g. adding a second one)."""


def _raw(data: Any) -> bytes:
    """The bytes of what a block constructor was given: bytes or a file-like object."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    if hasattr(data, "read"):
        return bytes(data.read())
    raise TypeError("StreamInfo requires string data or a file-like")


class MetadataBlock(object):
    """A FLAC metadata block; used as is for block types without a class of their own.

    ``data`` holds the raw body of such a block.
    """

    _distrust_size = False
    _invalid_overflow_size = -1
    _MAX_SIZE = 2**24 - 1

    def __init__(self, data: Any) -> None:
        if data is not None:
            self.load(data)

    def load(self, data: Any) -> None:
        """Read the block body from bytes or a file object."""
        self.data = _raw(data)

    def _parse(self, code: int, data: Any) -> tuple:
        """The native payload of a body of type ``code``."""
        return _native.parse_flac_block(code, _raw(data))

    def write(self) -> bytes:
        """The block body as bytes."""
        return self.data

    @classmethod
    def _writeblock(cls, block: Any, is_last: bool = False) -> bytearray:
        """The block with its header (type, last-block flag and size).

        Raises ``error`` when the body is too long for the header, unless the block was read
        with a size it overran (then that size is written again).
        """
        body = bytes(block.write())
        return bytearray(_native.render_flac_block(block.code, body, bool(is_last), cls._fallback(block, body)))

    @classmethod
    def _fallback(cls, block: Any, body: Any) -> Optional[int]:
        """The size to announce for a body (or a body's length) too long for its header: the
        one the block was read with, if it overran it; ``None`` otherwise."""
        size = body if isinstance(body, int) else len(body)
        if size > cls._MAX_SIZE and block._distrust_size and block._invalid_overflow_size != -1:
            return block._invalid_overflow_size
        return None

    @classmethod
    def _writeblocks(cls, blocks: List[Any], available: int, cont_size: int, padding_func: Any) -> bytes:
        """Every block but the padding blocks, then one padding block (last) of the size
        ``padding_func`` picks (see ``PaddingInfo``), capped at the largest block size.

        ``available`` is the room the blocks may take without moving the audio and
        ``cont_size`` the size of what follows them. A body too long for its header raises
        ``error`` before ``padding_func`` is called.
        """
        return _native.render_flac_blocks(*cls._block_parts(blocks, available, cont_size, padding_func))

    @classmethod
    def _block_parts(
        cls, blocks: List[Any], available: int, cont_size: int, padding_func: Any
    ) -> Tuple[List[Tuple[int, Sequence[bytes], Optional[int]]], int]:
        """What :meth:`_writeblocks` renders, unrendered: ``(code, body pieces, fallback size)``
        for every block but the padding blocks, and the padding's length."""
        bodies = []
        used = 4  # the padding block's header
        for block in blocks:
            if isinstance(block, Padding):
                continue
            if isinstance(block, Picture) and type(block).write is Picture.write:
                parts = block._write_parts()
            else:
                parts = (bytes(block.write()),)
            size = sum(map(len, parts))
            fallback = cls._fallback(block, size)
            if fallback is None and size > cls._MAX_SIZE:
                _native.render_flac_block(block.code, b"".join(parts), False, None)  # raises the error
            bodies.append((block.code, parts, fallback))
            used += 4 + size
        from . import PaddingInfo  # mutagen's padding policy, shared by every format

        info = PaddingInfo(available - used, cont_size)
        padding = min(info._get_padding(padding_func), cls._MAX_SIZE)
        if type(padding) is not int or padding < 0:
            # What a padding block of that length writes (nothing when negative), or its error.
            block = Padding()
            block.length = padding
            padding = len(block.write())
        return bodies, padding


class StreamInfo(MetadataBlock, _BaseStreamInfo):
    """The STREAMINFO block: the audio's sample rate, channels, sample size and length.

    Attributes: ``min_blocksize``, ``max_blocksize``, ``min_framesize``, ``max_framesize``,
    ``sample_rate``, ``channels``, ``bits_per_sample``, ``total_samples``, ``length`` (seconds),
    ``bitrate`` (bits per second, from the audio size) and ``md5_signature`` (an int).
    """

    code = 0
    bitrate = 0

    def __eq__(self, other: Any) -> bool:
        try:
            return (
                self.min_blocksize == other.min_blocksize
                and self.max_blocksize == other.max_blocksize
                and self.sample_rate == other.sample_rate
                and self.channels == other.channels
                and self.bits_per_sample == other.bits_per_sample
                and self.total_samples == other.total_samples
            )
        except Exception:  # noqa: BLE001 - anything unlike a stream info is unequal
            return False

    __hash__ = MetadataBlock.__hash__

    def load(self, data: Any) -> None:
        """Parse a STREAMINFO body."""
        self._set(self._parse(0, data))

    def _set(self, p: tuple) -> None:
        # In mutagen's order: the length before the MD5 signature.
        (
            self.min_blocksize,
            self.max_blocksize,
            self.min_framesize,
            self.max_framesize,
            self.sample_rate,
            self.channels,
            self.bits_per_sample,
            self.total_samples,
        ) = p[2:10]
        self.length = self.total_samples / float(self.sample_rate)
        self.md5_signature = p[10]

    def write(self) -> bytes:
        """The block body as bytes."""
        return _native.render_flac_stream_info(
            self.min_blocksize, self.max_blocksize, self.min_framesize, self.max_framesize,
            self.sample_rate, self.channels, self.bits_per_sample, self.total_samples,
            self.md5_signature)

    def pprint(self) -> str:
        """``FLAC, <length> seconds, <rate> Hz``."""
        return "FLAC, %.2f seconds, %d Hz" % (self.length, self.sample_rate)


class SeekPoint(tuple):
    """One seek point: ``(first_sample, byte_offset, num_samples)``.

    A placeholder point has ``first_sample`` 0xFFFFFFFFFFFFFFFF.
    """

    def __new__(cls, first_sample: int, byte_offset: int, num_samples: int) -> "SeekPoint":
        return super(SeekPoint, cls).__new__(cls, (first_sample, byte_offset, num_samples))

    def __getnewargs__(self) -> tuple:
        return self.first_sample, self.byte_offset, self.num_samples

    first_sample = property(lambda self: self[0])
    byte_offset = property(lambda self: self[1])
    num_samples = property(lambda self: self[2])


class SeekTable(MetadataBlock):
    """The SEEKTABLE block: ``seekpoints``, a list of ``SeekPoint``."""

    code = 3

    def __init__(self, data: Any) -> None:
        self.seekpoints: List[SeekPoint] = []
        super(SeekTable, self).__init__(data)

    def __eq__(self, other: Any) -> bool:
        try:
            return self.seekpoints == other.seekpoints
        except (AttributeError, TypeError):
            return False

    __hash__ = MetadataBlock.__hash__

    def load(self, data: Any) -> None:
        """Parse a SEEKTABLE body."""
        self._set(self._parse(3, data))

    def _set(self, p: tuple) -> None:
        self.seekpoints = [SeekPoint(*sp) for sp in p[2]]

    def write(self) -> bytes:
        """The block body as bytes."""
        return _native.render_flac_seek_table([tuple(sp) for sp in self.seekpoints])

    def __repr__(self) -> str:
        return "<%s seekpoints=%r>" % (type(self).__name__, self.seekpoints)


class VCFLACDict(VCommentDict):
    """The Vorbis comment block of a FLAC file (no framing bit)."""

    code = 4
    _distrust_size = True

    def load(self, data: Any, errors: str = "replace", framing: bool = False) -> None:
        """Parse a comment block without framing bit."""
        super(VCFLACDict, self).load(data, errors=errors, framing=framing)

    def write(self, framing: bool = False) -> bytes:
        """The comment block as bytes, without framing bit."""
        return super(VCFLACDict, self).write(framing=framing)


class CueSheetTrackIndex(tuple):
    """An index point of a cue sheet track: ``(index_number, index_offset)``."""

    def __new__(cls, index_number: int, index_offset: int) -> "CueSheetTrackIndex":
        return super(CueSheetTrackIndex, cls).__new__(cls, (index_number, index_offset))

    def __getnewargs__(self) -> Tuple[int, int]:
        # Pickling (mutagen's class is a namedtuple, which pickles): the arguments of __new__.
        return (self[0], self[1])

    index_number = property(lambda self: self[0])
    index_offset = property(lambda self: self[1])


class CueSheetTrack(object):
    """A cue sheet track: ``track_number``, ``start_offset``, ``isrc``, ``type``,
    ``pre_emphasis`` and ``indexes`` (a list of ``CueSheetTrackIndex``)."""

    def __init__(
        self, track_number: int, start_offset: int, isrc: Any = "", type_: int = 0, pre_emphasis: bool = False
    ) -> None:
        self.track_number = track_number
        self.start_offset = start_offset
        self.isrc = isrc
        self.type = type_
        self.pre_emphasis = pre_emphasis
        self.indexes: List[CueSheetTrackIndex] = []

    def __eq__(self, other: Any) -> bool:
        try:
            return (
                self.track_number == other.track_number
                and self.start_offset == other.start_offset
                and self.isrc == other.isrc
                and self.type == other.type
                and self.pre_emphasis == other.pre_emphasis
                and self.indexes == other.indexes
            )
        except (AttributeError, TypeError):
            return False

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        return ("<%s number=%r, offset=%d, isrc=%r, type=%r, pre_emphasis=%r, indexes=%r)>") % (
            type(self).__name__,
            self.track_number,
            self.start_offset,
            self.isrc,
            self.type,
            self.pre_emphasis,
            self.indexes,
        )


class CueSheet(MetadataBlock):
    """The CUESHEET block: ``media_catalog_number`` (bytes), ``lead_in_samples``,
    ``compact_disc`` and ``tracks`` (a list of ``CueSheetTrack``)."""

    code = 5

    media_catalog_number = b""
    lead_in_samples = 88200
    compact_disc = True

    def __init__(self, data: Any) -> None:
        self.tracks: List[CueSheetTrack] = []
        super(CueSheet, self).__init__(data)

    def __eq__(self, other: Any) -> bool:
        try:
            return (
                self.media_catalog_number == other.media_catalog_number
                and self.lead_in_samples == other.lead_in_samples
                and self.compact_disc == other.compact_disc
                and self.tracks == other.tracks
            )
        except (AttributeError, TypeError):
            return False

    __hash__ = MetadataBlock.__hash__

    def load(self, data: Any) -> None:
        """Parse a CUESHEET body."""
        self._set(self._parse(5, data))

    def _set(self, p: tuple) -> None:
        self.media_catalog_number = p[2]
        self.lead_in_samples = p[3]
        self.compact_disc = p[4]
        self.tracks = []
        for number, offset, isrc, type_, pre_emphasis, indexes in p[5]:
            track = CueSheetTrack(number, offset, isrc, type_, pre_emphasis)
            track.indexes = [CueSheetTrackIndex(n, o) for n, o in indexes]
            self.tracks.append(track)

    def write(self) -> bytes:
        """The block body as bytes."""
        tracks = [(track.track_number, track.start_offset, bytes(track.isrc or b""), track.type,
                   bool(track.pre_emphasis), [(i.index_number, i.index_offset) for i in track.indexes])
                  for track in self.tracks]
        return _native.render_flac_cue_sheet(bytes(self.media_catalog_number), self.lead_in_samples,
                                             bool(self.compact_disc), tracks)

    def __repr__(self) -> str:
        return ("<%s media_catalog_number=%r, lead_in=%r, compact_disc=%r, tracks=%r>") % (
            type(self).__name__,
            self.media_catalog_number,
            self.lead_in_samples,
            self.compact_disc,
            self.tracks,
        )


class Picture(MetadataBlock):
    """The PICTURE block: ``type`` (as ID3's picture types), ``mime``, ``desc``, ``width``,
    ``height``, ``depth`` (bits per pixel), ``colors`` (palette size, 0 if none) and ``data``."""

    code = 6
    _distrust_size = True

    def __init__(self, data: Any = None) -> None:
        self.type = 0
        self.mime = ""
        self.desc = ""
        self.width = 0
        self.height = 0
        self.depth = 0
        self.colors = 0
        self.data = b""
        super(Picture, self).__init__(data)

    def __eq__(self, other: Any) -> bool:
        try:
            return (
                self.type == other.type
                and self.mime == other.mime
                and self.desc == other.desc
                and self.width == other.width
                and self.height == other.height
                and self.depth == other.depth
                and self.colors == other.colors
                and self.data == other.data
            )
        except (AttributeError, TypeError):
            return False

    __hash__ = MetadataBlock.__hash__

    def load(self, data: Any) -> None:
        """Parse a PICTURE body."""
        self._set(self._parse(6, data))

    def _set(self, p: tuple) -> None:
        (self.type, self.mime, self.desc, self.width, self.height, self.depth, self.colors, self.data) = p[2:10]

    def write(self) -> bytes:
        """The block body as bytes."""
        return b"".join(self._write_parts())

    def _write_parts(self) -> Tuple[bytes, bytes]:
        """``write()`` as two pieces, the fields and then the image data, which is not copied
        (the save joins every block once)."""
        data = bytes(self.data)
        head = _native.render_flac_picture_head(self.type, self.mime, self.desc, self.width, self.height,
                                                self.depth, self.colors, len(data))
        return head, data

    def __repr__(self) -> str:
        return "<%s '%s' (%d bytes)>" % (type(self).__name__, self.mime, len(self.data))


class Padding(MetadataBlock):
    """The PADDING block: ``length`` zero bytes."""

    code = 1

    def __init__(self, data: Any = b"") -> None:
        super(Padding, self).__init__(data)

    def load(self, data: Any) -> None:
        """Take the length of a PADDING body."""
        self.length = len(_raw(data))

    def write(self) -> bytes:
        """The block body as bytes."""
        try:
            return b"\x00" * self.length
        except (OverflowError, ValueError, MemoryError):
            raise error("cannot write %d bytes" % self.length)

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, Padding) and self.length == other.length

    __hash__ = MetadataBlock.__hash__

    def __repr__(self) -> str:
        return "<%s (%d bytes)>" % (type(self).__name__, self.length)


def _new(cls: type) -> Any:
    """An instance of a block class with its defaults but nothing parsed."""
    return cls(None)


def _block_from_payload(p: tuple) -> Any:
    """Build one block object from its native payload."""
    tag, code = p[0], p[1]
    if tag == "streaminfo":
        block = _new(StreamInfo)
        block._set(p)
    elif tag == "padding":
        block = Padding(None)
        block.length = p[2]
    elif tag == "seektable":
        block = _new(SeekTable)
        block._set(p)
    elif tag == "vorbis":
        block = VCFLACDict._from_payload(p[2])
    elif tag == "cuesheet":
        block = _new(CueSheet)
        block._set(p)
    elif tag == "picture":
        block = Picture()
        block._set(p)
    else:
        block = MetadataBlock(None)
        block.data = p[2]
    if tag in ("vorbis", "picture") and p[-1] != -1:
        # Read past the size its header gave, beyond what a header can say: saved back so.
        block._invalid_overflow_size = p[-1]
    block.code = code
    return block


class FLAC(FileType):
    """A FLAC file: ``info`` (``StreamInfo``), ``tags`` (``VCFLACDict`` or ``None``),
    ``metadata_blocks`` in file order, ``pictures``, ``seektable`` and ``cuesheet``
    (each ``None`` if absent)."""

    _mimes = ["audio/flac", "audio/x-flac", "application/x-flac"]

    tags = None

    METADATA_BLOCKS = [StreamInfo, Padding, None, SeekTable, VCFLACDict, CueSheet, Picture]
    """The block classes, indexed by block type."""

    @staticmethod
    def score(filename: str, fileobj: Any, header_data: bytes) -> int:
        """How strongly the name and first bytes suggest FLAC (as mutagen scores it)."""
        return header_data.startswith(b"fLaC") + filename.lower().endswith(".flac") * 3

    def _load(self, name: str, native_input: Any, **kwargs: Any) -> None:
        self._apply(_native.read_flac(native_input))

    def _apply(self, payload: Any) -> None:
        blocks, bitrate = payload
        self.metadata_blocks: List[Any] = []
        self.tags = None
        self.cuesheet: Optional[CueSheet] = None
        self.seektable: Optional[SeekTable] = None
        for p in blocks:
            block = _block_from_payload(p) if type(p) is tuple else p
            if block.code == VCFLACDict.code:
                if self.tags is None:
                    self.tags = block
            elif block.code == CueSheet.code:
                self.cuesheet = block
            elif block.code == SeekTable.code:
                self.seektable = block
            self.metadata_blocks.append(block)
        self.info.bitrate = bitrate

    def add_tags(self) -> None:
        """Add an empty Vorbis comment block (in memory only)."""
        if self.tags is None:
            self.tags = VCFLACDict()
            self.metadata_blocks.append(self.tags)
        else:
            raise FLACVorbisError("a Vorbis comment already exists")

    add_vorbiscomment = add_tags

    vc = property(lambda s: s.tags, doc="Alias for tags.")

    @property
    def info(self) -> StreamInfo:  # type: ignore[override]
        """The first STREAMINFO block."""
        return [b for b in self.metadata_blocks if b.code == StreamInfo.code][0]

    def add_picture(self, picture: Picture) -> None:
        """Append a picture block (in memory only)."""
        self.metadata_blocks.append(picture)

    def clear_pictures(self) -> None:
        """Remove every picture block (in memory only)."""
        self.metadata_blocks = [b for b in self.metadata_blocks if b.code != Picture.code]

    @property
    def pictures(self) -> List[Picture]:
        """The picture blocks, in file order."""
        return [b for b in self.metadata_blocks if b.code == Picture.code]

    @convert_error(IOError, error)
    @loadfile(writable=True)
    def save(self, filething: Any = None, deleteid3: bool = False, padding: Any = None) -> None:
        """save(filething=None, deleteid3=False, padding=None)

        Write the metadata blocks to ``filething`` (a path or a file object open for reading
        and writing; the file this object was read from by default), in place. A ``cuesheet``
        or ``seektable`` set on this object but missing from ``metadata_blocks`` is appended
        to them first. Padding blocks are merged into one last padding block whose size
        ``padding`` picks (a function of a ``PaddingInfo``; mutagen's default policy without
        one). With ``deleteid3``, an ID3v2 tag before the ``fLaC`` marker and an ID3v1 tag at
        the end are removed as well.

        Raises:
            FLACNoHeaderError: the file has no ``fLaC`` marker where one is looked for.
            ValueError: ``cuesheet`` or ``seektable`` is not of its block class, or a Vorbis
                comment does not validate.
            error: a block runs past the end of the file, a block is too long to write, or
                the file could not be read or written (the ``OSError`` as its argument).
        """
        for attr, cls in (("cuesheet", CueSheet), ("seektable", SeekTable)):
            block = getattr(self, attr, None)
            if block and block not in self.metadata_blocks:
                if not isinstance(block, cls):
                    raise ValueError("Invalid %s object type!" % attr)
                self.metadata_blocks.append(block)
        self._save(filething, self.metadata_blocks, deleteid3, padding)

    def _save(self, filething: Any, blocks: List[Any], deleteid3: bool, padding: Any) -> None:
        """Write ``blocks`` to the open ``filething``: the core finds the room the metadata
        has, the blocks are rendered here (so ``padding`` is called with that room), and the
        core puts them in place."""
        fileobj = filething.fileobj
        try:
            header, available, content_size = _native.flac_layout(fileobj, fileobj.tell(), bool(deleteid3))
        except FLACNoHeaderError:
            raise FLACNoHeaderError("%r is not a valid FLAC file" % (filething.name,)) from None
        bodies, padding_len = MetadataBlock._block_parts(blocks, available, content_size, padding)
        _native.flac_apply_blocks(fileobj, header, available, bodies, padding_len, bool(deleteid3))

    @convert_error(IOError, error)
    @loadfile(writable=True)
    def delete(self, filething: Any = None) -> None:
        """delete(filething=None)

        Remove the Vorbis comments from ``filething`` (the file this object was read from by
        default): the other blocks are saved without any Vorbis comment block and with no
        padding. Afterwards ``tags`` is empty and is the only Vorbis comment block left in
        ``metadata_blocks``. Without tags, nothing is done.

        Raises:
            FLACNoHeaderError, error: as :meth:`save`.
        """
        if self.tags is None:
            return
        kept = [b for b in self.metadata_blocks if b.code != VCFLACDict.code]
        self._save(filething, kept, False, lambda info: 0)
        self.metadata_blocks[:] = [b for b in self.metadata_blocks if b.code != VCFLACDict.code or b is self.tags]
        self.tags.clear()


Open = FLAC

# The native reader makes the objects of these blocks itself, as _block_from_payload would.
_native.register_flac_blocks(StreamInfo, Padding, Picture, MetadataBlock)


@convert_error(IOError, error)
@loadfile(method=False, writable=True)
def delete(filething: Any) -> None:
    """delete(filething)

    Remove the Vorbis comments from a FLAC file (a path, ``filename=`` or ``fileobj=``; a file
    object must be open for reading and writing), as :meth:`FLAC.delete` does.

    Raises:
        MutagenError: the file could not be read or written, or is no FLAC file.
    """
    f = FLAC(filething)
    filething.fileobj.seek(0)
    f.delete(filething)
