"""ID3v1 parsing into ID3v2.4 frames (the same rules the native reader applies)."""

from __future__ import annotations

from typing import Any, Dict, Optional

from ._frames import COMM, TALB, TCON, TDRC, TIT2, TPE1, TRCK, TYER

_V1_CLASSES = {"TIT2": TIT2, "TPE1": TPE1, "TALB": TALB, "TYER": TYER, "TDRC": TDRC,
               "COMM": COMM, "TRCK": TRCK, "TCON": TCON}


def ParseID3v1(data: bytes, v2_version: int = 4, known_frames: Any = None) -> Optional[Dict[str, Any]]:
    """Frames from an ID3v1/1.1 tag: a ``{frame_id: frame}`` dict, or ``None`` if ``data``
    holds no ID3v1 tag. The year becomes TYER when ``v2_version`` is 3, TDRC otherwise."""
    if v2_version not in (3, 4):
        raise ValueError("Only 3 and 4 possible for v2_version")
    start = data.find(b"TAG")
    if start < 0:
        return None
    data = data[start:]
    if not 124 <= len(data) <= 128:
        return None
    ylen = len(data) - 124
    fields = [data[3:33], data[33:63], data[63:93], data[93:93 + ylen]]
    comment = data[93 + ylen:123 + ylen]
    genre = data[123 + ylen]
    track = 0
    if comment[28] == 0:
        track = comment[29]
        comment = comment[:28]
    fields.append(comment)
    title, artist, album, year, comment = (f.split(b"\x00")[0].strip().decode("latin1") for f in fields)

    classes = dict(_V1_CLASSES)
    if known_frames is not None:
        classes = {k: known_frames.get(k) for k in classes}

    frames: Dict[str, Any] = {}
    if title and classes["TIT2"]:
        frames["TIT2"] = classes["TIT2"](encoding=0, text=title)
    if artist and classes["TPE1"]:
        frames["TPE1"] = classes["TPE1"](encoding=0, text=[artist])
    if album and classes["TALB"]:
        frames["TALB"] = classes["TALB"](encoding=0, text=album)
    if year:
        if v2_version == 3 and classes["TYER"]:
            frames["TYER"] = classes["TYER"](encoding=0, text=year)
        elif classes["TDRC"]:
            frames["TDRC"] = classes["TDRC"](encoding=0, text=year)
    if comment and classes["COMM"]:
        frames["COMM"] = classes["COMM"](encoding=0, lang="eng", desc="ID3v1 Comment", text=comment)
    if track and classes["TRCK"]:
        frames["TRCK"] = TRCK(encoding=0, text=str(track))
    if genre != 255 and classes["TCON"]:
        frames["TCON"] = TCON(encoding=0, text=str(genre))
    return frames
