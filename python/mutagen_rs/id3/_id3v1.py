"""ID3v1 tags: read into ID3v2.4 (or 2.3) frames by the native reader, and rendered from them."""

from __future__ import annotations

import os
from typing import Any, Dict, Optional, Tuple

from .. import _native
from ._frames import TCON


def _known(known_frames: Any) -> Optional[dict]:
    return None if known_frames is None else dict(known_frames)


def ParseID3v1(data: bytes, v2_version: int = 4, known_frames: Any = None) -> Optional[Dict[str, Any]]:
    """Frames from an ID3v1/1.1 tag starting at the first "TAG" of ``data``: a
    ``{frame_id: frame}`` dict, or ``None`` if there is no tag. The year becomes TYER when
    ``v2_version`` is 3, TDRC when it is 4. ``known_frames`` (frame ID to class) limits the
    frames to its IDs and gives their classes."""
    if v2_version not in (3, 4):
        raise ValueError("Only 3 and 4 possible for v2_version")
    parsed = _native.parse_id3v1(bytes(data), v2_version, _known(known_frames))
    if parsed is None:
        return None
    return _by_frame_id(parsed[0])


def _by_frame_id(pairs: list) -> Dict[str, Any]:
    # The native reader keys frames by hash key ("COMM:ID3v1 Comment:eng"): these dicts are
    # keyed by frame ID.
    return {key.split(":", 1)[0]: frame for key, frame in pairs}


def find_id3v1(fileobj: Any, v2_version: int = 4, known_frames: Any = None) -> Tuple[Optional[dict], int]:
    """The ID3v1 tag at the end of ``fileobj``: ``(frames, offset)`` with ``frames`` as
    :func:`ParseID3v1` gives them and ``offset`` where the tag starts, counted back from the
    end of the file; ``(None, 0)`` without a tag (or where "TAG" ends an APEv2 footer). The
    file position is kept."""
    if v2_version not in (3, 4):
        raise ValueError("Only 3 and 4 possible for v2_version")
    old_pos = fileobj.tell()
    try:
        fileobj.seek(-131, os.SEEK_END)
    except (IOError, OSError, ValueError):
        # A file shorter than that: look at all of it.
        fileobj.seek(0, os.SEEK_SET)
    data = fileobj.read(131)
    fileobj.seek(old_pos, os.SEEK_SET)
    frames, offset = _native.find_id3v1_in(bytes(data), v2_version, _known(known_frames))
    if frames is None:
        return None, 0
    return _by_frame_id(frames[0]), offset


def _latin1_field(text: str, width: int) -> bytes:
    return text.encode("latin1", "replace")[:width].ljust(width, b"\x00")


def MakeID3v1(id3: Any) -> bytes:
    """The 128-byte ID3v1.1 tag for a dict of ID3v2.4 frames (title, artist, album, year,
    comment, track number and genre; what does not fit is cut)."""
    fields = []
    for frame_id in ("TIT2", "TPE1", "TALB"):
        text = id3[frame_id].text[0] if frame_id in id3 else ""
        fields.append(_latin1_field(text, 30))

    if "TDRC" in id3:
        year = str(id3["TDRC"]).encode("ascii")
    elif "TYER" in id3:
        year = str(id3["TYER"]).encode("ascii")
    else:
        year = b""
    fields.append((year + b"\x00" * 4)[:4])

    comment = _latin1_field(id3["COMM"].text[0] if "COMM" in id3 else "", 30)
    if "TRCK" in id3:
        try:
            track = bytes([+id3["TRCK"]])
        except ValueError:
            # Not a number from 0 to 255: the tag stays ID3v1.0.
            pass
        else:
            comment = comment[:28] + b"\x00" + track
    fields.append(comment)

    genre = b"\xff"
    if "TCON" in id3:
        genres = id3["TCON"].genres
        if genres and genres[0] in TCON.GENRES:
            genre = bytes([TCON.GENRES.index(genres[0])])
    fields.append(genre)

    return b"TAG" + b"".join(fields)
