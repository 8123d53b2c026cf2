"""Types of the native module ``mutagen_rs._native`` (the PyO3 binding over the Rust core).

Payloads are plain Python data that the pure-Python classes turn into mutagen's objects; their
shapes are documented in ``python/src/<format>.rs``.
"""

import os
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

_Input = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]
_Payload = Any

def guess_kind(name: str, header: bytes, tail: Optional[bytes]) -> Optional[str]:
    """The class name ``mutagen.File`` would pick, from the file name, head and tail."""

def id3_genres() -> List[str]:
    """The ID3v1 genre names."""

def open_file(name: Any, input: Any, options: Optional[Sequence[str]] = None) -> Optional[Tuple[str, _Payload]]:
    """Detect and read one file: ``(class_name, payload)``, or ``None`` when no kind scores."""

def open_batch(paths: Sequence[_Input], threads: Optional[int] = None) -> List[Union[Tuple[str, _Payload], None, BaseException]]:
    """Read many files in parallel, one result per path, never raising for one file."""

def parse_flac_block(code: int, data: bytes) -> _Payload:
    """One FLAC metadata block body of type ``code``."""

def parse_vorbis_comment(data: bytes, framing: bool) -> _Payload:
    """A Vorbis comment block, as ``VComment(data, framing=framing)`` reads it."""

def read_flac(input: Any) -> _Payload:
    """The payload of ``mutagen_rs.flac.FLAC``."""

def read_id3(input: Any) -> _Payload:
    """The payload of ``mutagen_rs.id3.ID3``."""

def read_mp3(input: Any) -> _Payload:
    """The payload of ``mutagen_rs.mp3.MP3``: ``(tags_or_None, info)``."""

def read_mp4(input: Any) -> _Payload:
    """The payload of ``mutagen_rs.mp4.MP4``."""

def read_mpeg_info(input: Any, offset: Optional[int] = None) -> _Payload:
    """The payload of ``mutagen_rs.mp3.MPEGInfo``, searching from ``offset``."""

def read_ogg(input: Any, kind_name: str) -> _Payload:
    """The payload of the named Ogg class (``"OggVorbis"``, ``"OggOpus"``, ...)."""

def vc_getitem(items: list, key: str) -> List[str]:
    """``VCommentDict[key]`` over a comment list."""

def vc_keys(items: list) -> List[str]:
    """The lower-cased key of every comment, in order."""

def vc_values(items: list, wanted: str) -> List[str]:
    """The values of the comments whose lower-cased key is ``wanted``."""

def read_plain(path: Union[str, "os.PathLike[str]"]) -> Optional[dict]:
    """One file as a plain dict: ``kind``, ``length``, ``bitrate``, ``sample_rate``, ``channels``
    and ``tags`` (``{key: [text values]}`` or ``None``); ``None`` when no supported kind matches."""

def read_plain_batch(
    paths: Sequence[Union[str, "os.PathLike[str]"]], threads: Optional[int] = None
) -> List[Any]:
    """``read_plain`` for many files in parallel (all cores for ``None`` or 0): dicts, ``None``s and
    exception instances."""
# Batch outputs (python/src/outputs.rs); each exists when the binding is built with its feature
# (all are in the default build).

def batch_json(paths: Sequence[_Input], threads: Optional[int] = None, walk: bool = False) -> Optional[bytes]:
    """Read many files in parallel: one JSON document, a list aligned with ``paths``.

    With ``walk``, ``None`` when one of the paths is a directory (walk them and ask again)."""

def batch_msgpack(paths: Sequence[_Input], threads: Optional[int] = None, walk: bool = False) -> Optional[bytes]:
    """Read many files in parallel: one MessagePack document, a list aligned with ``paths``."""

def batch_columns(
    paths: Sequence[_Input], threads: Optional[int] = None, fields: Optional[Sequence[str]] = None, walk: bool = False
) -> Optional[Dict[str, Union[List[Optional[str]], Tuple[bytes, bytes]]]]:
    """Read many files in parallel: text columns as lists, numeric columns as ``(values, valid)`` bytes."""

class BatchIterator:
    """Background reading into a bounded channel; yields ``(index, raw)`` in completion order."""

    def __init__(
        self, paths: Sequence[_Input], threads: Optional[int] = None, capacity: Optional[int] = None, walk: bool = False
    ) -> None:
        """With ``walk``, a directory is yielded as ``(index, Ellipsis)`` instead of its error."""
    def __iter__(self) -> "BatchIterator": ...
    def __next__(self) -> Tuple[int, Union[Tuple[str, _Payload], None, BaseException]]: ...
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
    def next_many(self, n: int) -> List[Tuple[int, Union[Tuple[str, _Payload], None, BaseException]]]:
        """Up to ``n`` results: waits for one, then takes those already waiting."""

ZERO_COPY: bool
"""Whether binary values are :class:`Blob` objects instead of ``bytes`` (the ``zero-copy`` build)."""

class Blob:
    """Read-only bytes owned by the parser, lent to Python through the buffer protocol (only in
    the ``zero-copy`` build). Compares equal to ``bytes`` with the same content."""

    def __len__(self) -> int: ...
    def __bytes__(self) -> bytes: ...
    def __getitem__(self, key: Union[int, slice]) -> Union[int, bytes]: ...
    def __hash__(self) -> int: ...
    def __buffer__(self, flags: int) -> memoryview: ...

LAZY_OBJECTS: bool
"""Whether ID3 frame objects are built on first access (the ``lazy-objects`` build)."""

class LazyFrames:
    """The frame dictionary of an ID3 tag in the ``lazy-objects`` build: keys up front, each
    frame object built on its first lookup and kept (only in that build)."""

    def __getitem__(self, key: str) -> Any: ...
    def __contains__(self, key: object) -> bool: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Any: ...
    def keys(self) -> Any: ...
    def values(self) -> List[Any]: ...
    def get(self, key: str, default: Any = None) -> Any: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def built(self) -> int:
        """How many frame objects have been built so far."""

SCAN_SCHEMA_VERSION: int

def scan(
    paths: Sequence[Union[str, "os.PathLike[str]"]],
    columns: Optional[Sequence[str]] = None,
    threads: Optional[int] = None,
    batch_size: Optional[int] = None,
    picture_data: bool = False,
) -> "ScanStream":
    """Start reading ``paths`` (files) into Arrow record batches on background threads."""

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
