"""Types of the native module ``mutagen_rs._native`` (the PyO3 binding over the Rust core).

Payloads are plain Python data that the pure-Python classes turn into mutagen's objects; their
shapes are documented in ``python/src/<format>.rs`` and spelled out by the aliases below.
``python/tests/test_stubs.py`` checks this file against the built module with mypy's stubtest.
"""

import os
import sys
from types import EllipsisType
from typing import (
    Any,
    Callable,
    Container,
    Dict,
    Iterable,
    Iterator,
    KeysView,
    List,
    Literal,
    Optional,
    Protocol,
    Sequence,
    SupportsIndex,
    Tuple,
    TypedDict,
    TypeVar,
    Union,
    final,
    overload,
)

# The names the default build exports, in registration order. ``Blob`` (``zero-copy``) and
# ``LazyFrames`` (``lazy-objects``) are exported too in the builds that have them, and the batch
# outputs only in the builds with their features.
__all__ = [
    "ZERO_COPY",
    "LAZY_OBJECTS",
    "guess_kind",
    "open_file",
    "open_batch",
    "BatchStream",
    "read_id3",
    "decode_id3_frames",
    "parse_id3_header",
    "id3_sizes_are_syncsafe",
    "parse_id3v1",
    "find_id3v1_in",
    "id3_genres",
    "register_id3_frames",
    "register_id3_specs",
    "register_id3_stamps",
    "register_flac_blocks",
    "register_mp4_values",
    "id3_render_frames",
    "mp4_render_ilst",
    "read_aac",
    "read_ac3",
    "read_iff",
    "read_iff_id3",
    "read_mp3",
    "read_smf",
    "read_mpeg_info",
    "parse_xing",
    "parse_vbri",
    "parse_lame_version",
    "parse_lame_header",
    "lame_guess_settings",
    "mpeg_vbr_offsets",
    "mpeg_syncs",
    "read_flac",
    "parse_flac_block",
    "parse_vorbis_comment",
    "render_flac_stream_info",
    "render_flac_seek_table",
    "render_flac_cue_sheet",
    "render_flac_block",
    "render_flac_blocks",
    "render_flac_picture_head",
    "render_vorbis_comment",
    "read_ogg",
    "parse_ogg_page_header",
    "ogg_lacing_lengths",
    "read_ogg_info",
    "paginate_ogg_packets",
    "render_ogg_page",
    "read_mp4",
    "read_asf",
    "id3_delete",
    "id3_save",
    "mp4_save",
    "flac_layout",
    "flac_apply_blocks",
    "ogg_save",
    "ape_save",
    "ape_delete",
    "iff_id3_save",
    "iff_id3_delete",
    "dsf_id3_save",
    "dsf_id3_delete",
    "asf_save",
    "mp4_atom",
    "mp4_info",
    "mp4_tags",
    "mp4_chapters",
    "mp4_sample_entry",
    "mp4_parse_full_atom",
    "vc_values",
    "vc_getitem",
    "vc_keys",
    "read_apev2",
    "read_ape_family",
    "read_trueaudio_info",
    "read_plain",
    "read_plain_batch",
    "batch_json",
    "batch_msgpack",
    "batch_columns",
    "BatchIterator",
    "SCAN_SCHEMA_VERSION",
    "scan",
    "ScanStream",
    "expand_paths",
]

_T = TypeVar("_T")
# A frame class, as the values of a ``known_frames`` dict (frame ID to class).
_FrameClass = TypeVar("_FrameClass", bound=type)

# -- Arguments ------------------------------------------------------------------------------

# A filesystem path: ``str`` or ``os.PathLike[str]`` (``bytes`` paths are refused).
_Path = Union[str, "os.PathLike[str]"]
# What the ``read_*`` functions take: a path, or the contents of a file as bytes.
_Input = Union[_Path, bytes, bytearray, memoryview]

class _FileObj(Protocol):
    """A binary file object as the MP4 readers use it: ``seek(offset, whence)``, ``tell()``,
    ``read(n)``."""

    def seek(self, offset: int, whence: int, /) -> object: ...
    def tell(self) -> int: ...
    def read(self, size: int, /) -> bytes: ...

class _AtomLike(Protocol):
    """An MP4 atom as ``mutagen_rs.mp4._atom.Atom`` holds it, read back by its attributes."""

    @property
    def name(self) -> bytes: ...
    @property
    def offset(self) -> int: ...
    @property
    def length(self) -> int: ...
    @property
    def _dataoffset(self) -> int: ...
    @property
    def children(self) -> Optional[Iterable["_AtomLike"]]: ...

# -- Payloads -------------------------------------------------------------------------------

# A binary value: ``bytes``, or a :class:`Blob` in the ``zero-copy`` build.
_Binary = Union[bytes, "Blob"]

# Vorbis comments: ``(vendor, [(key, value), ...])`` in file order.
_VorbisPayload = Tuple[str, List[Tuple[str, str]]]

# ID3. A frame is an instance of its ``mutagen_rs.id3`` frame class (or of the class
# ``known_frames`` gives for its ID): its type is not known here.
_ID3Frame = Any
_ID3FrameList = List[Tuple[str, _ID3Frame]]
# ``(frames, unknown_frames, unknown_version)``: ``(hash_key, frame)`` pairs in dictionary order,
# the raw frames kept unparsed, and the ID3v2 version they were read as. (Embedded frames,
# a CHAP's or CTOC's ``sub_frames``, come as such a triple with a dict of frame by key.)
_ID3Frames = Tuple[_ID3FrameList, List[bytes], int]
# ``(version, size, flags, frames, unknown_frames, unknown_version, padding)``: ``version`` is
# ``(2, major, rev)``, or ``(1, 1)`` for a tag read from ID3v1 alone; ``frames`` is a
# a dict of frame by hash key in dictionary order, or a :class:`LazyFrames` in the
# ``lazy-objects`` build.
_ID3Payload = Tuple[
    Union[Tuple[int, int, int], Tuple[int, int]],
    int,
    int,
    Union[Dict[str, _ID3Frame], "LazyFrames"],
    List[bytes],
    int,
    int,
]
# ``(version, flags, size, ext_size_or_None)`` of an ID3v2 header.
_ID3Header = Tuple[Tuple[int, int, int], int, int, Optional[int]]

# MP3.
class _MPEGInfoDict(TypedDict):
    """``MPEGInfo``'s attributes; the Python layer turns ``version`` and ``bitrate_mode`` into
    mutagen's types."""

    length: float
    bitrate: int
    sample_rate: int
    channels: int
    mode: int
    layer: int
    version: float
    bitrate_mode: int
    encoder_info: str
    encoder_settings: str
    track_gain: Optional[float]
    track_peak: Optional[float]
    album_gain: Optional[float]
    sketchy: bool
    protected: bool
    padding: bool
    frame_offset: int

# ``(tags_or_None, info)`` of an MP3 file.
_MP3Payload = Tuple[Optional[_ID3Payload], _MPEGInfoDict]
# ``(tags_or_None, None)`` of an ``ID3FileType`` (an unknown format with an ID3 tag).
_ID3FilePayload = Tuple[Optional[_ID3Payload], None]
# A LAME version: ``(major, minor, desc, has_header)``.
_LAMEVersion = Tuple[int, int, str, bool]

class _LAMEHeaderDict(TypedDict):
    """``LAMEHeader``'s attributes."""

    vbr_method: int
    lowpass_filter: int
    quality: int
    vbr_quality: int
    track_peak: Optional[float]
    track_gain_adjustment: Optional[float]
    album_gain_adjustment: Optional[float]
    encoding_flags: int
    ath_type: int
    bitrate: int
    encoder_delay_start: int
    encoder_padding_end: int
    preset_used: int

class _XingDict(TypedDict):
    """``XingHeader``'s attributes."""

    frames: int
    bytes: int
    toc: List[int]
    vbr_scale: int
    is_info: bool
    lame_version: Optional[_LAMEVersion]
    lame_header: Optional[_LAMEHeaderDict]
    encoder_settings: str

class _VBRIDict(TypedDict):
    """``VBRIHeader``'s attributes, the seek table as ``toc``."""

    version: int
    quality: int
    bytes: int
    frames: int
    toc_scale_factor: int
    toc_frames: int
    toc: List[int]

# FLAC metadata blocks, each a tuple starting with a tag and the block's type code.
# ``("streaminfo", code, min_blocksize, max_blocksize, min_framesize, max_framesize,
# sample_rate, channels, bits_per_sample, total_samples, md5_signature)``
_FLACStreamInfoBlock = Tuple[Literal["streaminfo"], int, int, int, int, int, int, int, int, int, int]
# ``("padding", code, length)``
_FLACPaddingBlock = Tuple[Literal["padding"], int, int]
# ``("seektable", code, [(first_sample, byte_offset, num_samples), ...])``
_FLACSeekTableBlock = Tuple[Literal["seektable"], int, List[Tuple[int, int, int]]]
# ``("vorbis", code, vorbis_payload, overflow_size)`` (overflow_size: the header's size of a
# block whose contents ran past the largest block size, else -1)
_FLACVorbisBlock = Tuple[Literal["vorbis"], int, _VorbisPayload, int]
# A cue sheet track: ``(track_number, start_offset, isrc, type, pre_emphasis,
# [(index_number, index_offset), ...])``.
_FLACCueSheetTrack = Tuple[int, int, bytes, int, bool, List[Tuple[int, int]]]
# ``("cuesheet", code, media_catalog_number, lead_in_samples, compact_disc, tracks)``
_FLACCueSheetBlock = Tuple[Literal["cuesheet"], int, bytes, int, bool, List[_FLACCueSheetTrack]]
# ``("picture", code, type, mime, desc, width, height, depth, colors, data, overflow_size)``
_FLACPictureBlock = Tuple[Literal["picture"], int, int, str, str, int, int, int, int, _Binary, int]
# ``("block", code, data)`` for every other type.
_FLACOtherBlock = Tuple[Literal["block"], int, _Binary]
_FLACBlock = Union[
    _FLACStreamInfoBlock,
    _FLACPaddingBlock,
    _FLACSeekTableBlock,
    _FLACVorbisBlock,
    _FLACCueSheetBlock,
    _FLACPictureBlock,
    _FLACOtherBlock,
]
# ``(blocks, bitrate)`` of a FLAC file, the blocks in file order: STREAMINFO (unless its sample
# rate is 0), PADDING, PICTURE and blocks of types without a class as objects of the classes
# ``register_flac_blocks`` registered, the others as ``_FLACBlock`` tuples.
_FLACPayload = Tuple[List[Union[_FLACBlock, Any]], int]

# Ogg.
class _OggInfoDict(TypedDict, total=False):
    """The info object's attributes by mutagen's names; which are present depends on the codec
    (Vorbis, Opus, FLAC, Speex, Theora)."""

    length: float
    channels: int
    bitrate: int
    sample_rate: int
    serial: int
    _OggOpusInfo__pre_skip: int
    packets: int
    min_blocksize: int
    max_blocksize: int
    bits_per_sample: int
    total_samples: int
    fps: float
    granule_shift: int

# ``(info, tags, padding)`` of an Ogg file: ``padding`` is the comment packet's padding.
_OggPayload = Tuple[_OggInfoDict, _VorbisPayload, int]
# One page as ``paginate_ogg_packets`` lays it out: ``(continued, complete, position,
# [(packet_index, start, end), ...])``.
_OggPageLayout = Tuple[bool, bool, int, List[Tuple[int, int, int]]]

# MP4.
# ``(length, bitrate, channels, sample_rate, bits_per_sample, codec, codec_description)``;
# ``length`` is a float, or the int 0 for a zero timescale.
_MP4Info = Tuple[Union[float, int], int, int, int, int, str, str]
# A cover: an instance of the class registered by ``register_mp4_values`` (``MP4Cover``, a
# ``bytes`` with its ``imageformat``).
_MP4Cover = bytes
# A freeform value: an instance of the registered ``MP4FreeForm`` (a ``bytes`` with its
# ``dataformat`` and ``version``).
_MP4FreeForm = bytes
# One item: text, a number, ``(number, total)``, a cover or a freeform value.
_MP4Item = Union[str, int, Tuple[int, int], _MP4Cover, _MP4FreeForm]
# A tag value: a bool, or a list of items.
_MP4Value = Union[bool, List[_MP4Item]]
# ``(padding, [(key, value), ...])``: the size of the ``free`` atom mutagen would reuse, and the
# items in mutagen's key order.
_MP4Tags = Tuple[int, List[Tuple[str, _MP4Value]]]
# A Nero chapter: ``(start, title)``.
_MP4Chapter = Tuple[float, str]
# ``(info, tags_or_None, chapters_or_None)`` of an MP4 file.
_MP4Payload = Tuple[_MP4Info, Optional[_MP4Tags], Optional[List[_MP4Chapter]]]
# An atom: ``(name, offset, length, data_offset, children)``, ``children`` ``None`` for a leaf.
_MP4Atom = Tuple[bytes, int, int, int, Optional[List["_MP4Atom"]]]
# ASF stream information: ``(length, sample_rate, bitrate, channels, codec_type, codec_name,
# codec_description)``.
_ASFInfo = Tuple[float, int, int, int, str, str, str]
# An ASF attribute: ``(name, type_code, value, language, stream)``, ``value`` a ``str``,
# ``bytes``, ``bool`` or ``int`` by type.
_ASFAttribute = Tuple[str, int, Union[str, bytes, bool, int], Optional[int], Optional[int]]
# An ASF header object: ``(guid, children)``.
_ASFObject = Tuple[bytes, List["_ASFObject"]]
# ``(info, attributes, objects)`` of an ASF file.
_ASFPayload = Tuple[_ASFInfo, List[_ASFAttribute], List[_ASFObject]]

# The payload of a detected file: that of its kind, ``None`` for the kinds this package does
# not read.
_Payload = Union[_MP3Payload, _ID3FilePayload, _FLACPayload, _OggPayload, _MP4Payload, _ASFPayload,
                 None]
# One file's result in a batch: ``(class_name, payload)``, ``None`` when no kind scores, or the
# exception reading it raised.
_BatchResult = Union[Tuple[str, _Payload], None, BaseException]

class _PlainDict(TypedDict):
    """One file as ``read_plain`` gives it; a number is ``None`` where mutagen's info object has
    no such attribute, ``tags`` is ``{key: [text values]}`` or ``None`` without a tag object."""

    kind: str
    length: Optional[float]
    bitrate: Optional[int]
    sample_rate: Optional[int]
    channels: Optional[int]
    tags: Optional[Dict[str, List[str]]]

# -- Detection and whole files (python/src/lib.rs) ------------------------------------------

def guess_kind(name: str, header: bytes, tail: Optional[bytes]) -> Optional[str]:
    """The class name ``mutagen.File`` would pick, from the file name, head and tail."""

def open_file(name: str, input: _Input, options: Optional[Sequence[str]] = None) -> Optional[Tuple[str, _Payload]]:
    """Detect and read one file: ``(class_name, payload)``, or ``None`` when no kind scores;
    with ``options`` (mutagen class names) only those kinds are scored."""

def open_batch(paths: Sequence[_Path], threads: Optional[int] = None) -> List[_BatchResult]:
    """Read many files in parallel (all cores for ``None``), one result per path, never raising
    for one file."""

@final
class BatchStream:
    """Files read in parallel in the background; ``take(n)`` gives the next ``n`` results in
    path order, as ``open_batch`` gives them (fewer at the end)."""

    def __new__(
        cls,
        paths: Sequence[_Path],
        threads: Optional[int] = None,
        ahead: Optional[int] = None,
        directory: Optional[object] = None,
    ) -> "BatchStream":
        """Start reading on ``threads`` threads (all cores for ``None``), up to ``ahead``
        results (128 for ``None``) before the ones taken. With ``directory`` given, a path
        that fails to open and is a directory gives ``directory`` itself as its result."""
    def take(self, n: int) -> List[Union[_BatchResult, object]]:
        """The next ``n`` results, in path order."""
    def __len__(self) -> int: ...

# -- ID3 (python/src/id3.rs) ----------------------------------------------------------------

def read_id3(
    input: _Input,
    translate: bool = True,
    v2_version: int = 4,
    load_v1: bool = True,
    known_frames: Optional[Dict[str, _FrameClass]] = None,
) -> _ID3Payload:
    """The payload of ``mutagen_rs.id3.ID3``, with ``ID3.load``'s options."""

def decode_id3_frames(
    major: int, flags: int, body: bytes, known_frames: Optional[Dict[str, _FrameClass]] = None
) -> Tuple[_ID3Frames, int]:
    """The frames of an ID3v2 tag body, for ``ID3Tags._read``: ``(frames_triple, padding)``."""

def parse_id3_header(data: bytes) -> _ID3Header:
    """An ID3v2 header (``ID3Header``): ``(version, flags, size, ext_size_or_None)``."""

def id3_sizes_are_syncsafe(data: bytes, known: Container[str]) -> bool:
    """mutagen's ``determine_bpi``: whether the frame sizes of an ID3v2.4 body are syncsafe."""

def parse_id3v1(
    data: bytes, v2_version: int = 4, known_frames: Optional[Dict[str, _FrameClass]] = None
) -> Optional[_ID3Frames]:
    """An ID3v1 tag (``ParseID3v1``): ``None``, or its frames as a ``(frames, unknown_frames,
    unknown_version)`` triple."""

def find_id3v1_in(
    data: bytes, v2_version: int = 4, known_frames: Optional[Dict[str, _FrameClass]] = None
) -> Union[Tuple[_ID3Frames, int], Tuple[None, Literal[0]]]:
    """mutagen's ``find_id3v1`` on the last bytes of a file: ``(frames_triple, offset)`` with a
    negative offset from the end, or ``(None, 0)`` without a tag."""

def id3_genres() -> List[str]:
    """The ID3v1 genre names."""

def register_id3_frames(
    frames: Dict[str, _FrameClass],
    frames_2_2: Dict[str, _FrameClass],
    describe: Callable[[_FrameClass], Tuple[Tuple[str, ...], Tuple[Any, ...]]],
) -> None:
    """Register the frame classes ID3 frames are built as (by ``mutagen_rs.id3`` at import):
    the ID3v2.3/2.4 and ID3v2.2 classes by frame ID, and ``describe(cls)``, a class's field
    names in spec order with each field's converter. Only the first registration counts."""

def register_id3_stamps(convert: Callable[[List[str]], List[Any]], cls: type) -> None:
    """Register the converter ID3 frame descriptions give time stamp fields, and
    ``ID3TimeStamp`` (by ``mutagen_rs.id3`` at import): the native reader makes the objects of
    plain time stamps (``YYYY[-MM[-DD[Thh[:mm[:ss]]]]]``) itself, as ``ID3TimeStamp`` would.
    Only the first registration counts."""

def register_flac_blocks(stream_info: type, padding: type, picture: type, other: type) -> None:
    """Register the FLAC block classes the native reader makes objects of (by
    ``mutagen_rs.flac`` at import): ``StreamInfo``, ``Padding``, ``Picture``, and
    ``MetadataBlock`` for types without a class. Only the first registration counts."""

def register_mp4_values(cover: Callable[[bytes, int], bytes],
                        freeform: Callable[[bytes, int, int], bytes]) -> None:
    """Register the classes MP4 cover and freeform values are made as (by ``mutagen_rs.mp4`` at
    import): ``MP4Cover(data, imageformat)`` (whose ``FORMAT_JPEG`` a cover without a format
    gets) and ``MP4FreeForm(data, dataformat, version)``. Only the first registration counts."""

def register_id3_specs(write_data: Callable[..., bytes], text_frame: type, text_str: Callable[[Any], str],
                       kinds: Dict[type, int]) -> None:
    """Register what ID3 frames are rendered from (by ``mutagen_rs.id3`` at import):
    ``Frame._writeData`` and ``TextFrame.__str__`` (a class with other ones renders itself),
    ``TextFrame``, and the field spec classes whose ``write`` the core knows, each with its
    kind (0 byte, 1 fixed-length ASCII, 2 binary, 3 encoded text, 4 list, 5 Latin-1 text).
    Only the first registration counts."""

def id3_render_frames(frames: List[Any], v24: bool, render: Callable[[Any], Tuple[bytes, ...]]) -> List[bytes]:
    """A tag's frames rendered with their headers, in the order ``ID3Tags._write`` writes
    them, as ``bytes`` pieces that join to the frames (large binary values are passed through
    uncopied). With ``v24``, frames whose fields the core knows are rendered by the core; every
    other frame is ``render(frame)``. Order: TIT2, TPE1, TRCK, TALB, TPOS, TDRC, TCON, then
    the others by size, then APIC in their order; ties by ``HashKey``."""

# -- MP3 (python/src/mp3.rs) ----------------------------------------------------------------

def read_iff(
    kind: str,
    input: _Input,
    translate: bool = True,
    v2_version: int = 4,
    load_v1: bool = True,
    known_frames: Optional[Dict[str, _FrameClass]] = None,
) -> Tuple[Optional[_ID3Payload], Dict[str, Any]]:
    """The payload of an AIFF, WAVE, DSF or DSDIFF file (``kind`` is the class name):
    ``(tags_or_None, info)``, ``info`` the fields the file holds, with ``ID3.load``'s options
    for the tag."""

def read_iff_id3(
    kind: str,
    input: _Input,
    translate: bool = True,
    v2_version: int = 4,
    load_v1: bool = True,
    known_frames: Optional[Dict[str, _FrameClass]] = None,
) -> Optional[_ID3Payload]:
    """The ID3 tag alone of an AIFF, WAVE, DSF or DSDIFF file, as the format's ID3 class reads
    it; ``None`` where it raises ``ID3NoHeaderError``."""

def read_ac3(input: _Input) -> Dict[str, Any]:
    """The attributes of ``mutagen_rs.ac3.AC3Info`` for an AC-3 or E-AC-3 stream."""

def read_aac(input: _Input) -> Dict[str, Any]:
    """The attributes of ``mutagen_rs.aac.AACInfo`` for an ADTS or ADIF stream (``length``
    absent where mutagen keeps the class's 0, the framing as ``_type``)."""

def read_smf(input: _Input) -> Dict[str, Any]:
    """The attributes of ``mutagen_rs.smf.SMFInfo`` (``length``) for a Standard MIDI file."""

def read_mp3(input: _Input) -> _MP3Payload:
    """The payload of ``mutagen_rs.mp3.MP3``: ``(tags_or_None, info)``."""

def read_mpeg_info(input: _Input, offset: Optional[int] = None) -> _MPEGInfoDict:
    """The payload of ``mutagen_rs.mp3.MPEGInfo``, searching from ``offset`` (past ID3v2 headers
    from the start for ``None``)."""

def parse_xing(data: bytes) -> Optional[_XingDict]:
    """A Xing/Info header from the bytes at its start (``XingHeader``), or ``None``."""

def parse_vbri(data: bytes) -> Optional[_VBRIDict]:
    """A VBRI header from the bytes at its start (``VBRIHeader``), or ``None`` (also when its
    table is cut off)."""

def parse_lame_version(data: bytes) -> Optional[_LAMEVersion]:
    """The 20-byte LAME version field: ``(major, minor, desc, has_header)``, or ``None``."""

def parse_lame_header(data: bytes, vbr_scale: int) -> Optional[_LAMEHeaderDict]:
    """The 27-byte extended LAME header, given the Xing VBR scale, or ``None``."""

def lame_guess_settings(
    vbr_method: int,
    lowpass_filter: int,
    quality: int,
    vbr_quality: int,
    encoding_flags: int,
    ath_type: int,
    bitrate: int,
    preset_used: int,
    major: int,
    minor: int,
) -> str:
    """The encoder options a LAME header suggests, from its fields and the LAME version."""

def mpeg_vbr_offsets(version: float, mode: int) -> Tuple[int, int]:
    """``(xing_offset, vbri_offset)`` in a Layer III frame of MPEG ``version`` (1, 2 or 2.5) and
    channel ``mode``."""

def mpeg_syncs(data: bytes) -> List[int]:
    """The offsets in ``data`` where an MPEG frame sync starts."""

# -- FLAC and Vorbis comments (python/src/flac.rs) ------------------------------------------

def read_flac(input: _Input) -> _FLACPayload:
    """The payload of ``mutagen_rs.flac.FLAC``: ``(blocks, bitrate)``."""

def parse_flac_block(code: int, data: bytes) -> _FLACBlock:
    """One FLAC metadata block body of type ``code``."""

def parse_vorbis_comment(data: bytes, framing: bool, errors: str = "replace") -> Tuple[str, List[Tuple[str, str]], int]:
    """A Vorbis comment block as ``VComment(data, errors=errors, framing=framing)`` reads it:
    ``(vendor, [(key, value), ...], size)``; ``errors`` is ``"replace"``, ``"ignore"`` or
    ``"strict"``."""

def render_flac_stream_info(
    min_blocksize: int,
    max_blocksize: int,
    min_framesize: int,
    max_framesize: int,
    sample_rate: int,
    channels: int,
    bits_per_sample: int,
    total_samples: int,
    md5_signature: int,
) -> bytes:
    """The body of a STREAMINFO block (``StreamInfo.write()``)."""

def render_flac_seek_table(points: Sequence[Tuple[int, int, int]]) -> bytes:
    """The body of a SEEKTABLE block from ``(first_sample, byte_offset, num_samples)`` points."""

def render_flac_cue_sheet(
    media_catalog_number: bytes,
    lead_in_samples: int,
    compact_disc: bool,
    tracks: Sequence[Tuple[int, int, bytes, int, bool, Sequence[Tuple[int, int]]]],
) -> bytes:
    """The body of a CUESHEET block, ``tracks`` in the shape of the read payload."""

def render_flac_picture_head(
    picture_type: int, mime: str, desc: str, width: int, height: int, depth: int, colors: int, data_len: int
) -> bytes:
    """The body of a PICTURE block up to its data, which is ``data_len`` bytes long."""

def render_flac_block(code: int, body: bytes, last: bool, fallback_size: Optional[int] = None) -> bytes:
    """A whole metadata block, header and body; a body too long for the header raises
    ``mutagen_rs.flac.error`` unless ``fallback_size`` is given."""

def render_flac_blocks(blocks: List[Tuple[int, Sequence[bytes], Optional[int]]], padding: int) -> bytes:
    """Blocks ``(code, body pieces, fallback_size)`` as ``render_flac_block`` renders each (the
    pieces joined), then a padding block of ``padding`` zero bytes marked last, in one
    ``bytes`` object."""

@overload
def render_vorbis_comment(
    vendor: str, comments: Sequence[Tuple[str, str]], framing: bool, checked: Literal[False] = ...
) -> bytes:
    """The bytes of a Vorbis comment block (``VComment.write()``), with a framing byte if
    ``framing``."""

@overload
def render_vorbis_comment(vendor: Any, comments: Any, framing: bool, checked: Literal[True]) -> Optional[bytes]:
    """With ``checked``, the comments are validated as ``VComment.validate`` does, and
    ``None`` is returned unless each is plainly valid (a ``list`` of 2-``tuple``s of a ``str``
    key of the characters from space to ``}`` but ``=``, and a ``str`` value, after a ``str``
    vendor), for the caller to validate (and raise) in Python."""

# -- Ogg (python/src/ogg.rs) ----------------------------------------------------------------

def read_ogg(input: _Input, kind_name: str) -> _OggPayload:
    """The payload of the named Ogg class (``"OggVorbis"``, ``"OggOpus"``, ...): ``(info, tags,
    padding)``."""

def read_ogg_info(input: _Input, kind_name: str) -> Tuple[_OggInfoDict, int]:
    """The stream info of the named codec from the pages at the start of ``input``: ``(info,
    end)``, without the length (but for Ogg FLAC) and the Opus bitrate."""

def parse_ogg_page_header(head: bytes) -> Tuple[int, int, int, int, int, int]:
    """The fixed part of a page header: ``(version, flags, position, serial, sequence,
    segments)``."""

def ogg_lacing_lengths(lacing: bytes) -> Tuple[List[int], bool]:
    """The packet lengths a lacing table describes, and whether its last packet ends on the
    page."""

def render_ogg_page(
    version: int, flags: int, position: int, serial: int, sequence: int, packets: Sequence[bytes], complete: bool
) -> bytes:
    """A page as stored bytes, CRC included."""

def paginate_ogg_packets(lengths: Sequence[int], default_size: int, wiggle_room: int) -> List[_OggPageLayout]:
    """How ``OggPage.from_packets`` lays packets of these lengths out on pages, one tuple a
    page."""

# -- MP4 (python/src/mp4.rs) ----------------------------------------------------------------

def read_mp4(input: _Input) -> _MP4Payload:
    """The payload of ``mutagen_rs.mp4.MP4``: ``(info, tags, chapters)``."""

def mp4_atom(fileobj: _FileObj, offset: int, level: int) -> Tuple[_MP4Atom, int]:
    """The atom at ``offset`` with its subtree, as ``Atom(fileobj, level)`` reads it, and where
    the file object is left after it."""

def mp4_info(moov: _AtomLike, fileobj: _FileObj) -> Optional[_MP4Info]:
    """The stream info of a ``moov`` atom, as ``MP4Info.load`` reads it; ``None`` when there is
    no audio track and no ``mvhd``."""

def mp4_tags(meta: _AtomLike, fileobj: _FileObj) -> Tuple[int, List[Tuple[str, _MP4Value]], List[Tuple[str, bytes]]]:
    """The items of a ``meta`` atom's first ``ilst``: ``(padding, items, failed)``, ``failed``
    being the ``(key, data)`` items mutagen sets aside."""

def mp4_chapters(moov: _AtomLike, fileobj: _FileObj) -> List[_MP4Chapter]:
    """The Nero chapters of a ``moov`` atom: ``(start, title)`` pairs."""

def mp4_sample_entry(atom: _AtomLike, fileobj: _FileObj) -> Tuple[int, int, int, int, str, str]:
    """An audio sample entry: ``(channels, sample_size, sample_rate, bitrate, codec,
    codec_description)``."""

def mp4_parse_full_atom(data: bytes) -> Optional[Tuple[int, int, bytes]]:
    """A versioned atom's payload as ``(version, flags, rest)``, or ``None`` under four bytes."""

# -- APEv2 and the formats it tags, True Audio (python/src/ape.rs) ---------------------------
# A tag is ``[(key, kind, value), ...]``: ``kind`` 0 (text) or 2 (external) with a ``str``
# value, 1 (binary) with ``bytes``, in the order of the tag's dict.

_APEItems = List[Tuple[str, int, Union[str, bytes]]]

def read_apev2(input: _Input) -> _APEItems:
    """The items of ``mutagen_rs.apev2.APEv2``; ``APENoHeaderError`` without a tag."""

def read_ape_family(kind: str, input: _Input) -> Tuple[Any, Any]:
    """The payload of the class ``kind`` (``"APEv2File"``, ``"WavPack"``, ``"MonkeysAudio"``,
    ``"Musepack"``, ``"TAK"``, ``"OptimFROG"``: ``(info_dict_or_None, items_or_None)``;
    ``"TrueAudio"``: ``(id3_tags_or_None, info_dict)``)."""

def read_trueaudio_info(input: _Input, offset: Optional[int] = None) -> Dict[str, Any]:
    """The attributes of ``mutagen_rs.trueaudio.TrueAudioInfo``, from the header at ``offset``."""
# -- ASF (python/src/asf.rs) ----------------------------------------------------------------

def read_asf(input: _Input) -> _ASFPayload:
    """The payload of ``mutagen_rs.asf.ASF``: ``(info, attributes, objects)``."""

# -- Vorbis comment lists (python/src/vorbis.rs) --------------------------------------------
# ``items`` is ``VCommentDict``'s list of ``(key, value)`` tuples, values of any type; each
# function returns ``None`` when an item is not a ``(str, value)`` tuple (the caller then runs
# the plain Python code).

def vc_getitem(items: List[Any], key: str) -> Optional[List[Any]]:
    """``VCommentDict[key]`` over a comment list: ``ValueError`` for an invalid key, ``KeyError``
    when no comment has it."""

def vc_keys(items: List[Any]) -> Optional[List[str]]:
    """The lower-cased key of every comment, in order."""

def vc_values(items: List[Any], wanted: str) -> Optional[List[Any]]:
    """The values of the comments whose lower-cased key is ``wanted``."""

# -- Plain dicts (python/src/plain.rs) ------------------------------------------------------

def read_plain(path: _Path) -> Optional[_PlainDict]:
    """One file as a plain dict (kind, main numbers, text tags); ``None`` when no supported kind
    matches."""

def read_plain_batch(paths: Sequence[_Path], threads: Optional[int] = None) -> List[Union[_PlainDict, None, BaseException]]:
    """``read_plain`` for many files in parallel (all cores for ``None`` or 0): dicts, ``None``s
    and exception instances."""

# -- Batch outputs (python/src/outputs.rs) --------------------------------------------------
# Each exists when the binding is built with its feature (all are in the default build).

def batch_json(paths: Sequence[_Path], threads: Optional[int] = None, walk: bool = False) -> Optional[bytes]:
    """Read many files in parallel: one JSON document, a list aligned with ``paths`` (the
    ``json`` feature).

    With ``walk``, ``None`` when one of the paths is a directory (walk them and ask again)."""

def batch_msgpack(paths: Sequence[_Path], threads: Optional[int] = None, walk: bool = False) -> Optional[bytes]:
    """Read many files in parallel: one MessagePack document, a list aligned with ``paths``
    (the ``msgpack`` feature)."""

def batch_columns(
    paths: Sequence[_Path], threads: Optional[int] = None, fields: Optional[Sequence[str]] = None, walk: bool = False
) -> Optional[Dict[str, Union[List[Optional[str]], Tuple[bytes, bytes]]]]:
    """Read many files in parallel: text columns as lists, numeric columns as ``(values, valid)``
    bytes (the ``columnar`` feature)."""

@final
class BatchIterator:
    """Background reading into a bounded channel; yields ``(index, raw)`` in completion order,
    ``raw`` as ``open_batch`` gives it (the ``streaming`` feature)."""

    def __new__(
        cls, paths: Sequence[_Path], threads: Optional[int] = None, capacity: Optional[int] = None, walk: bool = False
    ) -> "BatchIterator":
        """Start reading on ``threads`` threads (all cores for ``None``) into a channel of
        ``capacity`` results (``4 * threads`` for ``None``). With ``walk``, a directory is
        yielded as ``(index, Ellipsis)`` instead of its error."""
    def __iter__(self) -> "BatchIterator": ...
    def __next__(self) -> Tuple[int, Union[_BatchResult, EllipsisType]]: ...
    def __len__(self) -> int: ...
    @property
    def done(self) -> int:
        """How many results have been yielded."""
    @property
    def started(self) -> int:
        """How many files the workers have taken up."""
    @property
    def total(self) -> int:
        """How many paths there are."""
    def close(self) -> None:
        """Stop the workers; iteration then ends."""
    def next_many(self, n: int) -> List[Tuple[int, Union[_BatchResult, EllipsisType]]]:
        """Up to ``n`` results: waits for one, then takes those already waiting."""

# -- Build variants (python/src/lib.rs, blob.rs, id3.rs) ------------------------------------

ZERO_COPY: bool
"""Whether binary values are :class:`Blob` objects instead of ``bytes`` (the ``zero-copy`` build)."""

@final
class Blob:
    """Read-only bytes owned by the parser, lent to Python through the buffer protocol (only in
    the ``zero-copy`` build; not constructible from Python). Compares equal to ``bytes`` with
    the same content."""

    def __len__(self) -> int: ...
    def __bytes__(self) -> bytes: ...
    @overload
    def __getitem__(self, key: SupportsIndex, /) -> int: ...
    @overload
    def __getitem__(self, key: slice, /) -> bytes: ...
    def __hash__(self) -> int: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __ne__(self, value: object, /) -> bool: ...
    def __lt__(self, value: Union[bytes, "Blob"], /) -> bool: ...
    def __le__(self, value: Union[bytes, "Blob"], /) -> bool: ...
    def __gt__(self, value: Union[bytes, "Blob"], /) -> bool: ...
    def __ge__(self, value: Union[bytes, "Blob"], /) -> bool: ...
    if sys.version_info >= (3, 12):
        def __buffer__(self, flags: int, /) -> memoryview: ...

LAZY_OBJECTS: bool
"""Whether ID3 frame objects are built on first access (the ``lazy-objects`` build)."""

@final
class LazyFrames:
    """The frame dictionary of an ID3 tag in the ``lazy-objects`` build: keys up front, each
    frame object built on its first lookup and kept (only in that build; not constructible from
    Python)."""

    def __getitem__(self, key: str, /) -> _ID3Frame: ...
    def __contains__(self, key: object, /) -> bool: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[str]: ...
    def keys(self) -> KeysView[str]:
        """The keys in order, as a live view."""
    def values(self) -> List[_ID3Frame]:
        """Every frame, in key order (built now where not yet built)."""
    def get(self, key: str, default: Optional[_T] = None) -> Union[_ID3Frame, _T, None]:
        """The frame at ``key``, or ``default``."""
    def to_dict(self) -> Dict[str, _ID3Frame]:
        """Every frame as a plain ``dict``, built at once."""
    def built(self) -> int:
        """How many frame objects have been built so far."""

SCAN_SCHEMA_VERSION: int

def scan(
    paths: Sequence[Union[str, "os.PathLike[str]"]],
    columns: Optional[Sequence[str]] = None,
    threads: Optional[int] = None,
    batch_size: Optional[int] = None,
    picture_data: bool = False,
    io: Optional[str] = None,
    extensions: Optional[Sequence[str]] = None,
) -> "ScanStream":
    """Start reading ``paths`` (files) into Arrow record batches on background threads."""

@final
class ScanStream:
    """A scan in progress; the Arrow PyCapsule interface hands its batches to one consumer."""

    SCHEMA_VERSION: int
    @property
    def columns(self) -> List[str]: ...
    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any: ...
    def __arrow_c_schema__(self) -> Any: ...
    def close(self) -> None: ...

def expand_paths(
    paths: Sequence[Union[str, "os.PathLike[str]"]],
    extensions: Sequence[str],
    threads: Optional[int] = None,
) -> Optional[List["os.PathLike[str]"]]:
    """The files named by ``paths`` (as ``pathlib.Path`` objects) with directories walked as
    ``_batch.expand`` walks them, or ``None`` when no path is a directory."""

# -- writing (python/src/write.rs) ------------------------------------------------------------

def id3_delete(file: Any, v1: bool, v2: bool) -> None:
    """``mutagen.id3.delete`` on an open file object (read, write, seek and truncate): remove
    the ID3v1 tag (``v1``) and the ID3v2 tag (``v2``), in place. An exception the file object
    raises is raised again as it was."""

def id3_save(
    file: Any, old_size: int, tag: Union[bytes, List[bytes]], v1: int, make_v1: Callable[[], bytes]
) -> None:
    """The core of ``ID3.save`` on an open file object: put ``tag`` (a rendered ID3v2 tag, or
    its parts laid end to end, written without being joined) in place of the first
    ``old_size`` bytes, moving the audio after them, then treat the ID3v1
    tag at the end as ``v1`` says: 0 removes it, 1 rewrites one that is there, 2 rewrites or
    adds one. ``make_v1()`` gives the 128 bytes of the new ID3v1 tag and is called only when
    one is written, after the ID3v2 tag is in place. Raises ``ValueError`` when ``old_size``
    reaches past the end of the file; an exception of the file object or of ``make_v1`` is
    raised again as it was."""

def mp4_render_ilst(
    items: List[Tuple[str, Any]],
    extra: List[bytes],
    render: Callable[[str, Any], List[bytes]],
    cover: type,
    freeform: type,
) -> Optional[List[bytes]]:
    """The ``ilst`` atom of ``MP4Tags.save``, as ``bytes`` parts laid end to end (a cover or
    freeform value of 64 KiB or more is a part of its own, the value object itself): the
    ``items`` sorted as iTunes writes them (by
    the rank of their key, then the length and text of their value's ``repr``), then the
    ``extra`` atoms as they are. Values of the types each key's renderer writes (text, pairs,
    integers, flags, covers and freeform values: ``cover`` and ``freeform`` are ``MP4Cover``
    and ``MP4FreeForm``) are rendered natively; any other value is given to
    ``render(key, value)``, which returns the item atom's pieces or raises. ``None`` when a
    key is not a ``str`` or a ``repr`` fails, for the caller to sort the items itself."""

def mp4_save(file: Any, ilst: List[bytes], padding: Callable[[int, int], int]) -> None:
    """The core of ``MP4Tags.save`` on an open file object: put ``ilst`` (a rendered ``ilst``
    atom, as parts laid end to end and written as they are) in place of the old one, or in a new ``meta`` atom, followed by a ``free`` atom of
    the padding ``padding(padding, content_size)`` returns (see ``PaddingInfo``), and move the
    sizes of the atoms around it and the chunk offsets after it (``stco``, ``co64``,
    ``tfhd``). Raises ``mp4.error`` when the atoms do not walk, ``KeyError`` without a
    ``moov`` atom, ``MP4MetadataError`` for a chunk offset table that does not fit its atom;
    an exception of the file object or of ``padding`` is raised again as it was."""

def flac_layout(file: Any, start: int, deleteid3: bool) -> Tuple[int, int, int]:
    """The first step of ``FLAC.save`` on an open file object: ``(header, available,
    content_size)``, where the metadata blocks start, the room they have without moving the
    audio and the size of what follows them, found from ``start`` as mutagen finds them. With
    ``deleteid3`` an ID3v2 tag before ``fLaC`` counts as room. An exception the file object
    raises is raised again as it was."""

def flac_apply_blocks(
    file: Any,
    header: int,
    available: int,
    blocks: List[Tuple[int, Sequence[bytes], Optional[int]]],
    padding: int,
    deleteid3: bool,
) -> None:
    """The second step of ``FLAC.save``: put the metadata blocks, given as
    ``render_flac_blocks`` takes them (with its errors, raised before anything is written),
    in the room ``flac_layout`` found, in place, then, with ``deleteid3``, cut a trailing
    ID3v1 tag. The body pieces are written as they are, never joined into one buffer. An
    exception the file object raises is raised again as it was."""

def ape_save(file: Any, items: List[Tuple[bytes, int, bytes]]) -> None:
    """The core of ``APEv2.save`` on an open file object: render ``items``, each ``(key, kind,
    value)`` in bytes (text values are their strings joined by NUL, in UTF-8), sorted by their
    rendered length and bytes, between a header and a footer, and put the tag at the end of
    the file. An old tag at the start is cut out; an old tag at the end is cut off with
    whatever follows it (an ID3v1 tag). An exception the file object raises is raised again as
    it was."""

def ape_delete(file: Any) -> bool:
    """The core of ``APEv2.delete`` on an open file object: cut the tag out (an ID3v1 tag after
    it stays); whether there was one. An exception the file object raises is raised again as
    it was."""

def iff_id3_save(file: Any, kind: str, render: Callable[[int, int], List[bytes]]) -> None:
    """The ID3 ``save`` of an AIFF, WAVE or DSDIFF file (``kind``: ``"AIFF"``, ``"WAVE"``,
    ``"DSDIFF"``) on an open file object: call ``render(available, trailing)`` for the whole
    tag as parts laid end to end (``available``: the old chunk's data size, 0 for a new one;
    ``trailing``: the bytes from the chunk's data to the end of the file; large parts are
    written as they are, not joined), and put it in the file's ID3 chunk, or in a
    new one at the end of the root chunk, fixing the chunk sizes. An exception the file object
    or ``render`` raises is raised again as it was."""

def iff_id3_delete(file: Any, kind: str) -> bool:
    """Remove the ID3 chunk of an AIFF, WAVE or DSDIFF file (``kind``) on an open file object,
    shrinking the root chunk; whether there was one. An exception the file object raises is
    raised again as it was."""

def dsf_id3_save(file: Any, old_size: int, render: Callable[[int, int], List[bytes]]) -> None:
    """The core of ``_DSFID3.save`` on an open file object: call ``render(available,
    trailing)`` for the whole tag as parts laid end to end (``available`` is ``old_size``;
    ``trailing``: the bytes from
    the tag's place to the end of the file), write it where the ``DSD`` chunk points (at the
    end of the file where it points at 0), cut the file after it, and update the chunk's
    pointer and total size. An exception the file object or ``render`` raises is raised again
    as it was."""

def dsf_id3_delete(file: Any) -> bool:
    """The core of ``mutagen.dsf.delete`` on an open file object: point the ``DSD`` chunk at
    0 and cut the file where the tag was; whether there was one. An exception the file object
    raises is raised again as it was."""

def asf_save(
    file: Any,
    content: Sequence[bytes],
    extended: Sequence[Tuple[str, int, bytes, int, int]],
    metadata: Sequence[Tuple[str, int, bytes, int, int]],
    library: Sequence[Tuple[str, int, bytes, int, int]],
    padding: Callable[[int, int], int],
) -> None:
    """The core of ``ASF.save`` on an open file object: render the header again from the
    file's objects (padding objects dropped; a content description, an extended content
    description, a header extension, a metadata and a metadata library object added where
    missing), with the attributes already split among their objects: ``content``, the content
    description's five texts (UTF-16LE with their NUL, empty where unset), and for the other
    three objects ``(name, type, value, language, stream)``, the value as the attribute class
    renders it (a BOOL in two bytes for the metadata objects); then a padding object of
    ``padding(available, content_size)`` bytes (none where negative). The new header takes the
    old one's place. An exception the file object or ``padding`` raises is raised again as it
    was."""

def ogg_save(
    file: Any, kind: str, render: Callable[[bytes, int, int], Tuple[List[bytes], int]]
) -> None:
    """An Ogg file type's ``save`` on an open file object: find the comment packet of the
    ``kind`` stream (a class name: ``"OggVorbis"``, ``"OggOpus"``, ``"OggFLAC"``,
    ``"OggSpeex"``, ``"OggTheora"``) as mutagen finds it, call ``render(first_byte,
    packet_len, file_size)`` for the new packet, as its parts (laid end to end) and a number
    of zero bytes after them, and put that in place of the old one,
    re-paginating the comment pages and renumbering the stream's later pages as mutagen does.
    The pages are walked once. An exception the file object or ``render`` raises is raised
    again as it was."""
