"""The frame dictionary shared by ID3 tags and chapter frames, and the ID3v2 header."""

from __future__ import annotations

import re
import struct
from itertools import zip_longest
from typing import Any, List, Optional, Tuple

from .. import _native
from .._file import Tags
from .._util import DictProxy
from ._frames import (APIC, IPLS, TDOR, TDRC, TIME, TIPL, TORY, TYER, TDAT, Frame, Frames, Frames_2_2,
                      TextFrame)
from ._util import BitPaddedInt, ID3SaveConfig, error


class ID3Header(object):
    """ID3Header(fileobj=None)

    The header of an ID3v2 tag, read from the current position of ``fileobj`` (which is left
    after the header and any extended header). Without ``fileobj`` the header is empty, for
    building one by hand.

    Attributes:
        version (tuple): ``(2, major, revision)``
        size (int): the whole tag's size, the 10 header bytes included
    """

    _V24 = (2, 4, 0)
    _V23 = (2, 3, 0)
    _V22 = (2, 2, 0)
    _V11 = (1, 1)

    f_unsynch = property(lambda s: bool(s._flags & 0x80), doc="The unsynchronisation flag.")
    f_extended = property(lambda s: bool(s._flags & 0x40), doc="Whether an extended header follows.")
    f_experimental = property(lambda s: bool(s._flags & 0x20), doc="The experimental flag.")
    f_footer = property(lambda s: bool(s._flags & 0x10), doc="Whether a footer follows (ID3v2.4).")

    _known_frames: Optional[dict] = None
    _extdata = b""

    def __init__(self, fileobj: Any = None) -> None:
        if fileobj is None:
            self._flags = 0
            return
        try:
            start = fileobj.tell()
            data = fileobj.read(14)
            self.version, self._flags, self.size, ext_size = _native.parse_id3_header(data)
            fileobj.seek(start + 10)
            if ext_size is not None:
                fileobj.seek(4, 1)
                self._extdata = fileobj.read(ext_size)
                if len(self._extdata) != ext_size:
                    raise error("extended header cut short")
        except (IOError, OSError) as e:
            raise error(e) from e

    @property
    def known_frames(self) -> Optional[dict]:
        """The frame classes to read frames with: the ``known_frames`` given, or every class
        of the header's version."""
        if self._known_frames is not None:
            return self._known_frames
        if self.version >= ID3Header._V23:
            return Frames
        if self.version >= ID3Header._V22:
            return Frames_2_2
        return None


def determine_bpi(data: bytes, frames: Any, EMPTY: bytes = b"\x00" * 10) -> type:
    """Whether the frame sizes of an ID3v2.4 tag body are syncsafe (``BitPaddedInt``) or plain
    integers (``int``, as old iTunes wrote them), judged by how many frames named in
    ``frames`` each reading finds."""
    if isinstance(data, str):
        data = data.encode("latin1")
    return BitPaddedInt if _native.id3_sizes_are_syncsafe(bytes(data), frames) else int


def read_frames(id3: ID3Header, data: bytes, frames: Any) -> Tuple[list, list, bytes]:
    """Read the frames of a tag body given its header: ``(frames, unknown_frames, rest)``.

    ``frames`` limits the frame IDs read (others are kept raw in ``unknown_frames``); ``rest``
    is what is left of the body after the last frame (the padding). Frames come upgraded to
    their ID3v2.3/2.4 classes and merged as a tag holds them.
    """
    known = None if frames is Frames or frames is Frames_2_2 else dict(frames)
    (pairs, unknown, _version), padding = _native.decode_id3_frames(
        id3.version[1], id3._flags, bytes(data), known)
    return [f for _k, f in pairs], unknown, (bytes(data[len(data) - padding:]) if padding else b"")


def save_frame(frame: Frame, name: Optional[bytes] = None, config: Optional[ID3SaveConfig] = None) -> bytes:
    """A frame rendered with its frame header, as ID3v2.3 or 2.4 (``config.v2_version``); an
    empty text frame renders as nothing. ``name`` replaces the frame ID in the header."""
    return b"".join(_frame_parts(frame, name, config))


def _frame_parts(frame: Frame, name: Optional[bytes] = None, config: Optional[ID3SaveConfig] = None) -> Tuple[bytes, bytes]:
    """``save_frame``'s result as its header and its body, so that a large body is not copied
    to be joined to its header."""
    if config is None:
        config = ID3SaveConfig()
    if isinstance(frame, TextFrame) and len(str(frame)) == 0:
        return b"", b""
    body = frame._writeData(config)
    if config.v2_version == 4:
        bits = 7
    elif config.v2_version == 3:
        bits = 8
    else:
        raise ValueError("v2_version must be 3 or 4")
    size = BitPaddedInt.to_str(len(body), width=4, bits=bits)
    if name is None:
        name = type(frame).__name__.encode("ascii")
    return struct.pack(">4s4sH", name, size, 0), body


class ID3Tags(DictProxy, Tags):
    """Frames keyed by their ``HashKey``, in the order mutagen keeps them.

    Frames can be added (``add``), replaced (``setall``, ``tags[key] = frame``) and removed
    (``delall``, ``pop``, ``del tags[key]``) in memory, and converted between ID3v2.3 and 2.4
    (``update_to_v23``, ``update_to_v24``).
    """

    __module__ = "mutagen_rs.id3"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.unknown_frames: List[bytes] = []
        self._unknown_v2_version = 4
        super().__init__()

    def _fill(self, frames: Any, unknown: list, unknown_version: int) -> None:
        """Add the frames of a native payload: ``(key, frame)`` pairs, frames already built, or
        (the ``lazy-objects`` build) a ``_native.LazyFrames`` that builds each frame when it is
        first looked up and then holds it in place of the dict."""
        if isinstance(frames, list):
            self._DictProxy__dict.update(frames)
        else:
            self._DictProxy__dict = frames
        self.unknown_frames = unknown
        self._unknown_v2_version = unknown_version

    @classmethod
    def _from_payload(cls, payload: tuple) -> "ID3Tags":
        """Build embedded frames from ``(frames, unknown_frames, unknown_version)``."""
        self = cls()
        self._fill(*payload)
        return self

    def _dict(self) -> dict:
        """The frame dict, ready to change (frames still to be built are built first)."""
        d = self._DictProxy__dict
        if type(d) is not dict:
            d = self._DictProxy__dict = d.to_dict()
        return d

    def _read(self, header: ID3Header, data: bytes) -> bytes:
        """Add the frames of a tag body read with ``header``; give back what is left after
        them (the padding)."""
        frames, unknown, rest = read_frames(header, data, header.known_frames)
        for frame in frames:
            self._add(frame, False)
        self.unknown_frames = unknown
        self._unknown_v2_version = header.version[1]
        return rest

    def keys(self) -> Any:
        """The frame keys, in order (a live view, as mutagen gives)."""
        return self._DictProxy__dict.keys()

    def __contains__(self, key: Any) -> bool:
        return key in self._DictProxy__dict

    def __len__(self) -> int:
        return len(self._DictProxy__dict)

    def __setitem__(self, key: str, frame: Frame) -> None:
        if not isinstance(frame, Frame):
            raise TypeError("%r not a Frame instance" % frame)
        self._dict()[key] = frame

    def __delitem__(self, key: str) -> None:
        del self._dict()[key]

    def to_dict(self) -> dict:
        """Every frame in a plain ``dict`` by key, built at once (an addition of this package)."""
        d = self._DictProxy__dict
        return d.to_dict() if hasattr(d, "to_dict") else dict(d)

    def __bool__(self) -> bool:
        return bool(self._DictProxy__dict)

    _MISSING = object()

    def pop(self, key: str, default: Any = _MISSING) -> Any:
        """Remove the frame at ``key`` and return it (``default`` when there is none)."""
        try:
            value = self[key]
        except KeyError:
            if default is ID3Tags._MISSING:
                raise
            return default
        del self[key]
        return value

    def popitem(self) -> tuple:
        """Remove one ``(key, frame)`` pair and return it."""
        for key in list(self.keys())[:1]:
            return key, self.pop(key)
        raise KeyError("dictionary is empty")

    def clear(self) -> None:
        """Remove every frame."""
        self._DictProxy__dict = {}

    def update(self, other: Any = (), **kwargs: Any) -> None:
        """Set the frames of a mapping or of ``(key, frame)`` pairs."""
        items = other.items() if hasattr(other, "items") else other
        for key, value in items:
            self[key] = value
        for key, value in kwargs.items():
            self[key] = value

    def setdefault(self, key: str, default: Any = None) -> Any:
        """The frame at ``key``, set to ``default`` first when there is none."""
        if key not in self:
            self[key] = default
        return self[key]

    def getall(self, key: str) -> list:
        """Every frame whose key is ``key`` or starts with ``key + ':'``."""
        if key in self:
            return [self[key]]
        prefix = key + ":"
        return [v for k, v in self.items() if k.startswith(prefix)]

    def setall(self, key: str, values: list) -> None:
        """Remove the frames ``getall(key)`` gives, then set each frame of ``values`` at its
        ``HashKey``."""
        self.delall(key)
        for frame in values:
            self[frame.HashKey] = frame

    def delall(self, key: str) -> None:
        """Remove the frames ``getall(key)`` gives."""
        if key in self:
            del self[key]
            return
        prefix = key + ":"
        for k in [k for k in self.keys() if k.startswith(prefix)]:
            del self[k]

    def pprint(self) -> str:
        """Every frame as ``ID=value``, one per line, sorted."""
        return "\n".join(sorted(Frame.pprint(f) for f in self.values()))

    def _add(self, frame: Frame, strict: bool) -> None:
        """Add ``frame`` (an ID3v2.2 frame upgraded first). ``strict`` replaces a frame at the
        same key and fails on frames with no ID3v2.3/2.4 form; otherwise a frame whose key is
        taken is merged into the one there (text values appended) or keyed anew (pictures)."""
        if not isinstance(frame, Frame):
            raise TypeError("%r not a Frame instance" % frame)
        upgraded = frame._upgrade_frame()
        if upgraded is None:
            if strict:
                raise TypeError("Can't upgrade %r frame" % type(frame).__name__)
            return
        key = upgraded.HashKey
        if strict or key not in self:
            self[key] = upgraded
            return
        # Merging may give the new frame a new key, which may be taken in turn.
        while True:
            merged = self[key]._merge_frame(upgraded)
            new_key = merged.HashKey
            if new_key == key:
                self[key] = merged
                return
            if new_key not in self:
                self[new_key] = merged
                return
            key = new_key

    def loaded_frame(self, tag: Frame) -> None:
        """Add a frame, replacing any at its key (kept for old callers; ``add`` calls it)."""
        self._add(tag, True)

    def add(self, frame: Frame) -> None:
        """Add a frame, replacing any frame at its key."""
        self.loaded_frame(frame)

    def _update_common(self) -> None:
        # TCON values as genre names; v2.2 picture types as MIME types.
        if "TCON" in self:
            self["TCON"].genres = self["TCON"].genres
        mimes = {"PNG": "image/png", "JPG": "image/jpeg"}
        for pic in self.getall("APIC"):
            if pic.mime in mimes:
                self.add(APIC(encoding=pic.encoding, mime=mimes[pic.mime], type=pic.type,
                              desc=pic.desc, data=pic.data))

    def update_to_v24(self) -> None:
        """Convert the frames to their ID3v2.4 forms: TYER, TDAT and TIME into TDRC, TORY into
        TDOR, IPLS into TIPL; frames ID3v2.4 has no place for are removed. Also into chapters."""
        self._update_common()

        old = [self.pop(name, []) for name in ("TYER", "TDAT", "TIME")]
        stamps = []
        for year, date, time in zip_longest(*old, fillvalue=""):
            stamp = _v23_date_to_stamp(year, date, time)
            if stamp:
                stamps.append(stamp)
        if stamps and "TDRC" not in self:
            self.add(TDRC(encoding=0, text=stamps))

        if "TORY" in self:
            tory = self.pop("TORY")
            if "TDOR" not in self:
                self.add(TDOR(encoding=0, text=str(tory)))

        if "IPLS" in self:
            ipls = self.pop("IPLS")
            if "TIPL" not in self:
                self.add(TIPL(encoding=ipls.encoding, people=ipls.people))

        for name in ("RVAD", "EQUA", "TRDA", "TSIZ", "TDAT", "TIME"):
            if name in self:
                del self[name]

        for frame in self.getall("CHAP") + self.getall("CTOC"):
            frame.sub_frames.update_to_v24()

    def update_to_v23(self) -> None:
        """Convert the frames to their ID3v2.3 forms: TIPL and TMCL into IPLS, TDOR into TORY,
        TDRC into TYER, TDAT and TIME; frames ID3v2.3 does not define are removed. Also into
        chapters."""
        self._update_common()

        if "TIPL" in self or "TMCL" in self:
            people: list = []
            last = None
            for name in ("TIPL", "TMCL"):
                if name in self:
                    last = self.pop(name)
                    people.extend(last.people)
            if "IPLS" not in self:
                self.add(IPLS(encoding=last.encoding, people=people))

        if "TDOR" in self:
            tdor = self.pop("TDOR")
            if tdor.text:
                stamp = tdor.text[0]
                if stamp.year and "TORY" not in self:
                    self.add(TORY(encoding=tdor.encoding, text="%04d" % stamp.year))

        if "TDRC" in self:
            tdrc = self.pop("TDRC")
            if tdrc.text:
                s = tdrc.text[0]
                if s.year and "TYER" not in self:
                    self.add(TYER(encoding=tdrc.encoding, text="%04d" % s.year))
                if s.month and s.day and "TDAT" not in self:
                    self.add(TDAT(encoding=tdrc.encoding, text="%02d%02d" % (s.day, s.month)))
                if s.hour and s.minute and "TIME" not in self:
                    self.add(TIME(encoding=tdrc.encoding, text="%02d%02d" % (s.hour, s.minute)))

        for name in _V24_ONLY:
            if name in self:
                del self[name]

        for frame in self.getall("CHAP") + self.getall("CTOC"):
            frame.sub_frames.update_to_v23()

    def _copy(self) -> tuple:
        """A shallow copy of the frames, with those of chapters, for ``_restore``."""
        subs = {f.HashKey: f.sub_frames._copy() for f in self.getall("CHAP") + self.getall("CTOC")}
        return list(self.items()), subs

    def _restore(self, value: tuple) -> None:
        """Put back the frames a ``_copy`` took."""
        items, subs = value
        self.clear()
        for key, frame in items:
            self[key] = frame
            if key in subs:
                frame.sub_frames._restore(subs[key])

    def _write(self, config: Any) -> bytes:
        """The frames rendered one after the other (each with its frame header) for a tag of
        version ``config.v2_version``: the main text frames first (title, artist, track, album,
        disc, date, genre), pictures last in their order, the others by size; then the unknown
        frames, if they were read from a tag of that version."""
        return b"".join(self._write_parts(config))

    def _write_parts(self, config: Any) -> List[bytes]:
        """``_write``'s bytes as the pieces that make them up, in order (joined once, by the
        caller, with whatever goes around them)."""
        out: List[bytes] = _native.id3_render_frames(list(self.values()), config.v2_version == 4,
                                                     lambda frame: _frame_parts(frame, config=config))
        if self._unknown_v2_version == config.v2_version:
            for data in self.unknown_frames:
                if len(data) > 10:
                    out.append(data)
        return out


# The frames ID3v2.4 added, which ID3v2.3 has no place for.
_V24_ONLY = ("ASPI", "EQU2", "RVA2", "SEEK", "SIGN", "TDEN", "TDOR", "TDRC", "TDRL", "TDTG", "TIPL",
             "TMCL", "TMOO", "TPRO", "TSOA", "TSOP", "TSOT", "TSST")

_YEAR = re.compile(r"([0-9]{4})(-[0-9]{2}-[0-9]{2})?\Z")
_TWO_TWO = re.compile(r"([0-9]{2})([0-9]{2})\Z")


def _v23_date_to_stamp(year: str, date: str, time: str) -> str:
    """One ID3v2.4 time stamp from ID3v2.3 TYER, TDAT (DDMM) and TIME (HHMM) values; empty
    when the year is not four digits (optionally with ``-MM-DD``)."""
    y = _YEAR.match(str(year))
    if not y:
        return ""
    stamp, month_day = y.group(1), y.group(2)
    d = _TWO_TWO.match(str(date))
    if d:
        month_day = "-%s-%s" % (d.group(2), d.group(1))
    if month_day:
        stamp += month_day
        t = _TWO_TWO.match(str(time))
        if t:
            stamp += "T%s:%s:00" % t.groups()
    return stamp
