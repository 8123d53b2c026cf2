"""Value types of ID3 frame fields: encodings, picture types, CTOC flags and time stamps."""

from __future__ import annotations

import re as _re
from functools import total_ordering
from typing import Any, Dict


class _NamedInt(int):
    """An int whose known values print with a class-qualified name, like mutagen's enums."""

    _names: Dict[int, str] = {}

    def __repr__(self) -> str:
        name = self._names.get(int(self))
        if name is None:
            return "%d" % int(self)
        return "<%s.%s: %d>" % (type(self).__name__, name, int(self))

    def __str__(self) -> str:
        name = self._names.get(int(self))
        if name is None:
            return "%d" % int(self)
        return "%s.%s" % (type(self).__name__, name)


def _members(cls: type) -> type:
    """Turn the uppercase int attributes of ``cls`` into instances of it."""
    names = {}
    for key, val in list(vars(cls).items()):
        if key.isupper() and type(val) is int:
            names[val] = key
            setattr(cls, key, cls(val))
    cls._names = names
    return cls


@_members
class Encoding(_NamedInt):
    """The text encoding of an ID3v2 frame."""

    __module__ = "mutagen_rs.id3"

    LATIN1 = 0
    UTF16 = 1
    UTF16BE = 2
    UTF8 = 3


@_members
class ID3v1SaveOptions(_NamedInt):
    """What saving does with an ID3v1 tag (saving is not supported here)."""

    __module__ = "mutagen_rs.id3"

    REMOVE = 0
    UPDATE = 1
    CREATE = 2


@_members
class PictureType(_NamedInt):
    """What an attached picture shows (APIC, and FLAC/Vorbis pictures)."""

    __module__ = "mutagen_rs.id3"

    OTHER = 0
    FILE_ICON = 1
    OTHER_FILE_ICON = 2
    COVER_FRONT = 3
    COVER_BACK = 4
    LEAFLET_PAGE = 5
    MEDIA = 6
    LEAD_ARTIST = 7
    ARTIST = 8
    CONDUCTOR = 9
    BAND = 10
    COMPOSER = 11
    LYRICIST = 12
    RECORDING_LOCATION = 13
    DURING_RECORDING = 14
    DURING_PERFORMANCE = 15
    SCREEN_CAPTURE = 16
    FISH = 17
    ILLUSTRATION = 18
    BAND_LOGOTYPE = 19
    PUBLISHER_LOGOTYPE = 20

    def _pprint(self) -> str:
        return str(self).split(".", 1)[-1].lower().replace("_", " ")


class CTOCFlags(int):
    """The flags of a CTOC (table of contents) frame."""

    __module__ = "mutagen_rs.id3"

    _bits = (("TOP_LEVEL", 0x2), ("ORDERED", 0x1))

    def __str__(self) -> str:
        value = int(self)
        parts = []
        for name, bit in self._bits:
            if value & bit:
                parts.append("CTOCFlags.%s" % name)
                value &= ~bit
        if value or not parts:
            parts.append(str(value))
        return " | ".join(parts)

    def __repr__(self) -> str:
        return "<%s: %d>" % (str(self), int(self))


CTOCFlags.TOP_LEVEL = CTOCFlags(0x2)
CTOCFlags.ORDERED = CTOCFlags(0x1)

_PARTS = ("year", "month", "day", "hour", "minute", "second")
_PLAIN_STAMP = _re.compile(r"(\d+)(?:-(\d+)(?:-(\d+)(?:T(\d+)(?::(\d+)(?::(\d+))?)?)?)?)?\Z", _re.ASCII)
_SPLIT = _re.compile(r"[-T:/.]|\s+")


@total_ordering
class ID3TimeStamp(object):
    """An ID3v2.4 time stamp: ``YYYY-MM-DD HH:MM:SS`` or a leading part of it.

    ``text`` gives the normalised text; ``year`` ... ``second`` the parts (``None`` when
    absent).
    """

    __module__ = "mutagen_rs.id3"

    import re

    def __init__(self, text: Any) -> None:
        if isinstance(text, ID3TimeStamp):
            text = text.text
        elif not isinstance(text, str):
            raise TypeError("not a str")
        self.text = text

    def get_text(self) -> str:
        """The time stamp as text."""
        out = ""
        for i, part in enumerate((self.year, self.month, self.day, self.hour, self.minute, self.second)):
            if part is None:
                break
            out += ("%04d" if i == 0 else "%02d") % part + "-- ::x"[i]
        return out[:-1]

    def set_text(self, text: str) -> None:
        """Parse the parts of a time stamp from text."""
        d = self.__dict__
        m = _PLAIN_STAMP.match(text)
        if m is not None:
            # The usual shape (YYYY[-MM[-DD[Thh[:mm[:ss]]]]] in ASCII digits) splits into exactly
            # these groups; anything else takes the general split below.
            y, mo, da, h, mi, se = m.groups()
            d["year"] = int(y)
            d["month"] = mo and int(mo)
            d["day"] = da and int(da)
            d["hour"] = h and int(h)
            d["minute"] = mi and int(mi)
            d["second"] = se and int(se)
            return
        pieces = _SPLIT.split(text + ":::::")[:6]
        for name, piece in zip(_PARTS, pieces):
            if not piece:
                # int("") raises: the common case of an absent part, without the exception.
                value = None
            else:
                try:
                    value = int(piece)
                except ValueError:
                    value = None
            d[name] = value

    text = property(get_text, set_text, doc="The time stamp as ID3v2.4 text.")

    def __str__(self) -> str:
        return self.text

    def __bytes__(self) -> bytes:
        return self.text.encode("utf-8")

    def __repr__(self) -> str:
        return repr(self.text)

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, ID3TimeStamp) and self.text == other.text

    def __lt__(self, other: Any) -> bool:
        return self.text < other.text

    __hash__ = object.__hash__

    def encode(self, *args: Any) -> bytes:
        """The text encoded with ``str.encode(*args)``."""
        return self.text.encode(*args)
