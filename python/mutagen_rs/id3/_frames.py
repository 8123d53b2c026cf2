"""ID3v2 frame classes, with mutagen's names, fields, hash keys, reprs and comparisons.

Every class lists its fields in ``_framespec`` (and optional trailing ones in ``_optionalspec``)
as ``(name, kind, default)`` triples, in the order the frame stores them; the native reader
sends field values in the same order.
"""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

from .. import _native
from ._specs import CTOCFlags, Encoding, ID3TimeStamp, PictureType

_MODULE = "mutagen_rs.id3"

Spec = Tuple[str, str, Any]


def _latin1_key(b: bytes) -> str:
    # str() of a buffer (the zero-copy build's binary values) takes no encoding: decode it.
    return str(b, "latin1")


def _to_list(value: Any, sep: str) -> list:
    if isinstance(value, str):
        return value.split(sep)
    return list(value)


def _validate(kind: str, value: Any, sep: str = "\u0000") -> Any:
    """Coerce a value given to a frame constructor to the type its field holds."""
    if kind == "enc":
        return Encoding(value)
    if kind == "ptype":
        return PictureType(value)
    if kind == "ctoc":
        return CTOCFlags(value)
    if kind == "mtext":
        return [str(v) for v in _to_list(value, sep)]
    if kind == "stamps":
        return [ID3TimeStamp(v) for v in _to_list(value, ",")]
    if kind in ("text", "latin1", "ascii"):
        return str(value)
    if kind == "frames":
        from ._tags import ID3Tags

        if isinstance(value, ID3Tags):
            return value
        tags = ID3Tags()
        for frame in value:
            tags._ID3Tags__put(frame.HashKey, frame)
        return tags
    if kind in ("people", "sync", "events", "adjs", "ints", "list"):
        return list(value)
    return value


def _from_native_frames(value: Any) -> Any:
    from ._tags import ID3Tags

    return ID3Tags._from_payload(value)


class _Members(dict):
    """The instances of a named-int class by value, made once; the native reader looks a
    field's value up here instead of calling the class for every frame."""

    def __init__(self, cls: type) -> None:
        super().__init__()
        self._cls = cls

    def __missing__(self, value: Any) -> Any:
        member = self._cls(value)
        if type(value) is int and -1 <= value < 256:
            self[value] = member
        return member


_FROM_NATIVE = {
    "enc": _Members(Encoding),
    "ptype": _Members(PictureType),
    "ctoc": CTOCFlags,
    "stamps": lambda v: [ID3TimeStamp(t) for t in v],
    "frames": _from_native_frames,
}


# Per frame class, what the native reader needs to build its frames: the field names in spec
# order and, aligned with them, the converter of each field's native value (None: as is).
_NATIVE_BUILDERS: Dict[type, Tuple[Tuple[str, ...], Tuple[Any, ...]]] = {}


def _native_builder(cls: type) -> tuple:
    """``(names, converters)`` of a frame class, for the native reader (see ``_from_fields``)."""
    built = _NATIVE_BUILDERS.get(cls)
    if built is None:
        spec = cls._framespec + cls._optionalspec
        built = (tuple(name for name, _kind, _default in spec), tuple(_FROM_NATIVE.get(kind) for _name, kind, _default in spec))
        _NATIVE_BUILDERS[cls] = built
    return built


class Frame(object):
    """One ID3v2 frame: the base class of every frame type."""

    __module__ = _MODULE

    FLAG23_ALTERTAG = 0x8000
    FLAG23_ALTERFILE = 0x4000
    FLAG23_READONLY = 0x2000
    FLAG23_COMPRESS = 0x0080
    FLAG23_ENCRYPT = 0x0040
    FLAG23_GROUP = 0x0020

    FLAG24_ALTERTAG = 0x4000
    FLAG24_ALTERFILE = 0x2000
    FLAG24_READONLY = 0x1000
    FLAG24_GROUPID = 0x0040
    FLAG24_COMPRESS = 0x0008
    FLAG24_ENCRYPT = 0x0004
    FLAG24_UNSYNCH = 0x0002
    FLAG24_DATALEN = 0x0001

    _framespec: Tuple[Spec, ...] = ()
    _optionalspec: Tuple[Spec, ...] = ()
    _sep = "\u0000"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if len(args) == 1 and not kwargs and isinstance(args[0], type(self)):
            other = args[0]
            for name, _kind, _default in self._framespec + self._optionalspec:
                if name in other.__dict__:
                    self.__dict__[name] = other.__dict__[name]
            return
        for (name, kind, _default), value in zip(self._framespec, args):
            self.__dict__[name] = _validate(kind, value, self._sep)
        for name, kind, default in self._framespec[len(args):]:
            value = kwargs.get(name, default)
            if isinstance(value, list):
                value = list(value)
            self.__dict__[name] = _validate(kind, value, self._sep)
        for name, kind, _default in self._optionalspec:
            if name not in kwargs:
                break
            self.__dict__[name] = _validate(kind, kwargs[name], self._sep)

    @classmethod
    def _from_fields(cls, fields: tuple) -> "Frame":
        """Build a frame from field values in spec order, as the native reader sends them."""
        frame = object.__new__(cls)
        d = frame.__dict__
        for (name, kind, _default), value in zip(cls._framespec + cls._optionalspec, fields):
            conv = _FROM_NATIVE.get(kind)
            d[name] = conv(value) if conv is not None else value
        return frame

    @property
    def HashKey(self) -> str:
        """The key of this frame in its tag (frames with equal keys cannot coexist)."""
        return self.FrameID

    @property
    def FrameID(self) -> str:
        """The three or four character frame ID."""
        return type(self).__name__

    def __repr__(self) -> str:
        parts = []
        for name, _kind, _default in self._framespec + self._optionalspec:
            if name in self.__dict__:
                parts.append("%s=%r" % (name, self.__dict__[name]))
        return "%s(%s)" % (type(self).__name__, ", ".join(parts))

    def pprint(self) -> str:
        """``ID=value``: a human-readable line for this frame."""
        return "%s=%s" % (type(self).__name__, self._pprint())

    def _pprint(self) -> str:
        return "[unrepresentable data]"

    def __hash__(self) -> int:
        raise TypeError("Frame objects are unhashable")


_ENC = ("encoding", "enc", Encoding.UTF16)
_TEXT = ("text", "mtext", [])


class TextFrame(Frame):
    """Text values: ``text`` is a list of strings, ``encoding`` their encoding.

    The frame acts as its list of strings for indexing and iteration; ``str()`` joins the
    values with NUL characters.
    """

    __module__ = _MODULE
    _framespec = (_ENC, _TEXT)

    def __bytes__(self) -> bytes:
        return str(self).encode("utf-8")

    def __str__(self) -> str:
        return "\u0000".join(self.text)

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, bytes):
            return bytes(self) == other
        if isinstance(other, str):
            return str(self) == other
        return self.text == other

    __hash__ = Frame.__hash__

    def __getitem__(self, item: Any) -> Any:
        return self.text[item]

    def __iter__(self) -> Any:
        return iter(self.text)

    def append(self, value: str) -> None:
        """Add a value."""
        self.text.append(value)

    def extend(self, value: List[str]) -> None:
        """Add several values."""
        self.text.extend(value)

    def _pprint(self) -> str:
        return " / ".join(self.text)


class NumericTextFrame(TextFrame):
    """Text holding a number; ``+frame`` gives it as an int."""

    __module__ = _MODULE

    def __pos__(self) -> int:
        return int(self.text[0])


class NumericPartTextFrame(TextFrame):
    """Text holding ``N`` or ``N/M``; ``+frame`` gives N."""

    __module__ = _MODULE

    def __pos__(self) -> int:
        return int(self.text[0].split("/")[0])


class TimeStampTextFrame(TextFrame):
    """Time stamps: ``text`` is a list of :class:`ID3TimeStamp`."""

    __module__ = _MODULE
    _framespec = (_ENC, ("text", "stamps", []))
    _sep = ","

    def __bytes__(self) -> bytes:
        return str(self).encode("utf-8")

    def __str__(self) -> str:
        return ",".join(stamp.text for stamp in self.text)

    def _pprint(self) -> str:
        return " / ".join(stamp.text for stamp in self.text)


class UrlFrame(Frame):
    """A URL (``url``), read as Latin-1."""

    __module__ = _MODULE
    _framespec: Tuple[Spec, ...] = (("url", "latin1", ""),)

    def __bytes__(self) -> bytes:
        return self.url.encode("utf-8")

    def __str__(self) -> str:
        return self.url

    def __eq__(self, other: Any) -> bool:
        return self.url == other

    __hash__ = Frame.__hash__

    def _pprint(self) -> str:
        return self.url


class UrlFrameU(UrlFrame):
    """A URL frame that may occur once per distinct URL."""

    __module__ = _MODULE

    @property
    def HashKey(self) -> str:
        return "%s:%s" % (self.FrameID, self.url)


class TCON(TextFrame):
    """Genres. ``genres`` resolves ID3v1 genre numbers and ``(n)`` references in ``text``."""

    __module__ = _MODULE

    GENRES = list(_native.id3_genres())

    def __get_genres(self) -> List[str]:
        out: List[str] = []
        for value in self.text:
            if value.isdecimal() and int(value) < 256:
                index = int(value)
                out.append(self.GENRES[index] if index < len(self.GENRES) else "Unknown")
            elif value == "CR":
                out.append("Cover")
            elif value == "RX":
                out.append("Remix")
            elif value:
                out.extend(self.__parse_refs(value))
        return out

    def __parse_refs(self, value: str) -> List[str]:
        found: List[str] = []
        pos = 0
        while value.startswith("(", pos):
            close = value.find(")", pos + 1)
            ref = value[pos + 1:close] if close != -1 else ""
            if not ref or not (ref in ("RX", "CR") or all("0" <= c <= "9" for c in ref)):
                break
            if ref == "CR":
                found.append("Cover")
            elif ref == "RX":
                found.append("Remix")
            elif int(ref) < len(self.GENRES):
                found.append(str(self.GENRES[int(ref)]))
            else:
                found.append("Unknown")
            pos = close + 1
        name = value[pos:].split("\n", 1)[0]
        if name:
            if name.startswith("(("):
                name = name[1:]
            if name not in found:
                found.append(name)
        return found

    def __set_genres(self, genres: Any) -> None:
        if isinstance(genres, str):
            genres = [genres]
        self.text = [g.decode(("latin1", "utf16", "utf_16_be", "utf8")[self.encoding])
                     if isinstance(g, bytes) else g for g in genres]

    genres = property(__get_genres, __set_genres, None, "The genres, with references resolved.")

    def _pprint(self) -> str:
        return " / ".join(self.genres)


class TXXX(TextFrame):
    """User-defined text: values under a free-form ``desc``."""

    __module__ = _MODULE
    _framespec = (("encoding", "enc", Encoding.UTF16), ("desc", "text", ""), _TEXT)

    @property
    def HashKey(self) -> str:
        return "%s:%s" % (self.FrameID, self.desc)

    def _pprint(self) -> str:
        return "%s=%s" % (self.desc, " / ".join(self.text))


class WXXX(UrlFrame):
    """User-defined URL under a free-form ``desc``."""

    __module__ = _MODULE
    _framespec = (_ENC, ("desc", "text", ""), ("url", "latin1", ""))

    @property
    def HashKey(self) -> str:
        return "%s:%s" % (self.FrameID, self.desc)


class PairedTextFrame(Frame):
    """Pairs of strings: ``people`` is a list of ``[involvement, person]``."""

    __module__ = _MODULE
    _framespec = (_ENC, ("people", "people", []))

    def __eq__(self, other: Any) -> bool:
        return self.people == other

    __hash__ = Frame.__hash__


class TIPL(PairedTextFrame):
    """Involved people."""

    __module__ = _MODULE


class TMCL(PairedTextFrame):
    """Musician credits."""

    __module__ = _MODULE


class IPLS(TIPL):
    """Involved people (ID3v2.3)."""

    __module__ = _MODULE


class BinaryFrame(Frame):
    """Raw bytes in ``data``."""

    __module__ = _MODULE
    _framespec = (("data", "bin", b""),)

    def __eq__(self, other: Any) -> bool:
        return self.data == other

    __hash__ = Frame.__hash__


class MCDI(BinaryFrame):
    """The CD's table of contents."""

    __module__ = _MODULE


class ETCO(Frame):
    """Event timing codes: ``events`` is a list of ``(type, time)``."""

    __module__ = _MODULE
    _framespec = (("format", "byte", 1), ("events", "events", []))

    def __eq__(self, other: Any) -> bool:
        return self.events == other

    __hash__ = Frame.__hash__


class MLLT(Frame):
    """MPEG location lookup table."""

    __module__ = _MODULE
    _framespec = (
        ("frames", "int", 0),
        ("bytes", "int", 0),
        ("milliseconds", "int", 0),
        ("bits_for_bytes", "byte", 0),
        ("bits_for_milliseconds", "byte", 0),
        ("data", "bin", b""),
    )

    def __eq__(self, other: Any) -> bool:
        return self.data == other

    __hash__ = Frame.__hash__


class SYTC(Frame):
    """Synchronised tempo codes."""

    __module__ = _MODULE
    _framespec = (("format", "byte", 1), ("data", "bin", b""))

    def __eq__(self, other: Any) -> bool:
        return self.data == other

    __hash__ = Frame.__hash__


class USLT(Frame):
    """Unsynchronised lyrics: ``text`` with a ``desc`` and a language ``lang``."""

    __module__ = _MODULE
    _framespec = (_ENC, ("lang", "ascii", "XXX"), ("desc", "text", ""), ("text", "text", ""))

    @property
    def HashKey(self) -> str:
        return "%s:%s:%s" % (self.FrameID, self.desc, self.lang)

    def __bytes__(self) -> bytes:
        return self.text.encode("utf-8")

    def __str__(self) -> str:
        return self.text

    def __eq__(self, other: Any) -> bool:
        return self.text == other

    __hash__ = Frame.__hash__

    def _pprint(self) -> str:
        return "%s=%s=%s" % (self.desc, self.lang, self.text)


class SYLT(Frame):
    """Synchronised lyrics: ``text`` is a list of ``(text, time)``."""

    __module__ = _MODULE
    _framespec = (
        ("encoding", "enc", Encoding.UTF16),
        ("lang", "ascii", "XXX"),
        ("format", "byte", 1),
        ("type", "byte", 0),
        ("desc", "text", ""),
        ("text", "sync", []),
    )

    @property
    def HashKey(self) -> str:
        return "%s:%s:%s" % (self.FrameID, self.desc, self.lang)

    def _pprint(self) -> str:
        return str(self)

    def __eq__(self, other: Any) -> bool:
        return str(self) == other

    __hash__ = Frame.__hash__

    def __str__(self) -> str:
        unit = "fr" if self.format == 1 else "ms"
        return "\n".join("[%s%s]: %s" % (time, unit, text) for (text, time) in self.text)

    def __bytes__(self) -> bytes:
        return str(self).encode("utf-8")


class COMM(TextFrame):
    """Comment: text values with a ``desc`` and a language ``lang``."""

    __module__ = _MODULE
    _framespec = (("encoding", "enc", Encoding.UTF16), ("lang", "ascii", "XXX"), ("desc", "text", ""), _TEXT)

    @property
    def HashKey(self) -> str:
        return "%s:%s:%s" % (self.FrameID, self.desc, self.lang)

    def _pprint(self) -> str:
        return "%s=%s=%s" % (self.desc, self.lang, " / ".join(self.text))


class RVA2(Frame):
    """Relative volume adjustment (ReplayGain): ``gain`` in dB and ``peak`` for a ``channel``."""

    __module__ = _MODULE
    _framespec = (("desc", "latin1", ""), ("channel", "byte", 1), ("gain", "float", 1), ("peak", "float", 1))

    _channels = ["Other", "Master volume", "Front right", "Front left", "Back right", "Back left",
                 "Front centre", "Back centre", "Subwoofer"]

    @property
    def HashKey(self) -> str:
        return "%s:%s" % (self.FrameID, self.desc)

    def __eq__(self, other: Any) -> bool:
        try:
            return (str(self) == other) or (
                self.desc == other.desc and self.channel == other.channel
                and self.gain == other.gain and self.peak == other.peak)
        except AttributeError:
            return False

    __hash__ = Frame.__hash__

    def __str__(self) -> str:
        return "%s: %+0.4f dB/%0.4f" % (self._channels[self.channel], self.gain, self.peak)


class EQU2(Frame):
    """Equalisation: ``adjustments`` is a list of ``(frequency, adjustment)``."""

    __module__ = _MODULE
    _framespec = (("method", "byte", 0), ("desc", "latin1", ""), ("adjustments", "adjs", []))

    def __eq__(self, other: Any) -> bool:
        return self.adjustments == other

    __hash__ = Frame.__hash__

    @property
    def HashKey(self) -> str:
        return "%s:%s" % (self.FrameID, self.desc)


class RVAD(Frame):
    """Relative volume adjustment (ID3v2.3)."""

    __module__ = _MODULE
    _framespec: Tuple[Spec, ...] = (("adjustments", "ints", [0, 0]),)

    __hash__ = Frame.__hash__

    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, RVAD):
            return False
        return self.adjustments == other.adjustments


class RVRB(Frame):
    """Reverb settings."""

    __module__ = _MODULE
    _framespec = (
        ("left", "int", 0),
        ("right", "int", 0),
        ("bounce_left", "byte", 0),
        ("bounce_right", "byte", 0),
        ("feedback_ltl", "byte", 0),
        ("feedback_ltr", "byte", 0),
        ("feedback_rtr", "byte", 0),
        ("feedback_rtl", "byte", 0),
        ("premix_ltr", "byte", 0),
        ("premix_rtl", "byte", 0),
    )

    def __eq__(self, other: Any) -> bool:
        return (self.left, self.right) == other

    __hash__ = Frame.__hash__


class APIC(Frame):
    """Attached picture: ``data`` of MIME type ``mime``, with a ``type`` and ``desc``."""

    __module__ = _MODULE
    _framespec: Tuple[Spec, ...] = (
        ("encoding", "enc", Encoding.UTF16),
        ("mime", "latin1", ""),
        ("type", "ptype", PictureType.COVER_FRONT),
        ("desc", "text", ""),
        ("data", "bin", b""),
    )

    salt = ""

    def __eq__(self, other: Any) -> bool:
        return self.data == other

    __hash__ = Frame.__hash__

    @property
    def HashKey(self) -> str:
        return "%s:%s%s" % (self.FrameID, self.desc, self.salt)

    def _pprint(self) -> str:
        type_desc = str(self.type)
        if hasattr(self.type, "_pprint"):
            type_desc = self.type._pprint()
        return "%s, %s (%s, %d bytes)" % (type_desc, self.desc, self.mime, len(self.data))


class PCNT(Frame):
    """Play counter: ``count``."""

    __module__ = _MODULE
    _framespec = (("count", "int", 0),)

    def __eq__(self, other: Any) -> bool:
        return self.count == other

    __hash__ = Frame.__hash__

    def __pos__(self) -> int:
        return self.count

    def _pprint(self) -> str:
        return str(self.count)


class PCST(Frame):
    """iTunes podcast flag: ``value``."""

    __module__ = _MODULE
    _framespec = (("value", "int", 0),)

    def __eq__(self, other: Any) -> bool:
        return self.value == other

    __hash__ = Frame.__hash__

    def __pos__(self) -> int:
        return self.value

    def _pprint(self) -> str:
        return str(self.value)


class POPM(Frame):
    """Popularimeter: a ``rating`` (0-255) and optional play ``count`` for an ``email``."""

    __module__ = _MODULE
    _framespec = (("email", "latin1", ""), ("rating", "byte", 0))
    _optionalspec = (("count", "int", 0),)

    @property
    def HashKey(self) -> str:
        return "%s:%s" % (self.FrameID, self.email)

    def __eq__(self, other: Any) -> bool:
        return self.rating == other

    __hash__ = Frame.__hash__

    def __pos__(self) -> int:
        return self.rating

    def _pprint(self) -> str:
        return "%s=%r %r/255" % (self.email, getattr(self, "count", None), self.rating)


class GEOB(Frame):
    """General encapsulated object: ``data`` with ``mime``, ``filename`` and ``desc``."""

    __module__ = _MODULE
    _framespec = (
        ("encoding", "enc", Encoding.UTF16),
        ("mime", "latin1", ""),
        ("filename", "text", ""),
        ("desc", "text", ""),
        ("data", "bin", b""),
    )

    @property
    def HashKey(self) -> str:
        return "%s:%s" % (self.FrameID, self.desc)

    def __eq__(self, other: Any) -> bool:
        return self.data == other

    __hash__ = Frame.__hash__


class RBUF(Frame):
    """Recommended buffer ``size``, with optional ``info`` and ``offset``."""

    __module__ = _MODULE
    _framespec = (("size", "int", 0),)
    _optionalspec = (("info", "byte", 0), ("offset", "int", 0))

    def __eq__(self, other: Any) -> bool:
        return self.size == other

    __hash__ = Frame.__hash__

    def __pos__(self) -> int:
        return self.size


class AENC(Frame):
    """Audio encryption registration for an ``owner``."""

    __module__ = _MODULE
    _framespec = (("owner", "latin1", ""), ("preview_start", "int", 0), ("preview_length", "int", 0),
                  ("data", "bin", b""))

    @property
    def HashKey(self) -> str:
        return "%s:%s" % (self.FrameID, self.owner)

    def __bytes__(self) -> bytes:
        return self.owner.encode("utf-8")

    def __str__(self) -> str:
        return self.owner

    def __eq__(self, other: Any) -> bool:
        return self.owner == other

    __hash__ = Frame.__hash__


class LINK(Frame):
    """Linked information: the frame ``frameid`` found at ``url``."""

    __module__ = _MODULE
    _framespec: Tuple[Spec, ...] = (("frameid", "ascii", "XXXX"), ("url", "latin1", ""), ("data", "bin", b""))

    @property
    def HashKey(self) -> str:
        return "%s:%s:%s:%s" % (self.FrameID, self.frameid, self.url, _latin1_key(self.data))

    def __eq__(self, other: Any) -> bool:
        return (self.frameid, self.url, self.data) == other

    __hash__ = Frame.__hash__


class POSS(Frame):
    """Position synchronisation: ``position`` in the given ``format``."""

    __module__ = _MODULE
    _framespec = (("format", "byte", 1), ("position", "int", 0))

    def __pos__(self) -> int:
        return self.position

    def __eq__(self, other: Any) -> bool:
        return self.position == other

    __hash__ = Frame.__hash__


class UFID(Frame):
    """Unique file identifier ``data`` from an ``owner``."""

    __module__ = _MODULE
    _framespec = (("owner", "latin1", ""), ("data", "bin", b""))

    @property
    def HashKey(self) -> str:
        return "%s:%s" % (self.FrameID, self.owner)

    def __eq__(self, other: Any) -> bool:
        if isinstance(other, UFI):
            return self.owner == other.owner and self.data == other.data
        return self.data == other

    __hash__ = Frame.__hash__

    def _pprint(self) -> str:
        return "%s=%r" % (self.owner, self.data)


class USER(Frame):
    """Terms of use ``text`` in a language ``lang``."""

    __module__ = _MODULE
    _framespec = (("encoding", "enc", Encoding.UTF16), ("lang", "ascii", "XXX"), ("text", "text", ""))

    @property
    def HashKey(self) -> str:
        return "%s:%s" % (self.FrameID, self.lang)

    def __bytes__(self) -> bytes:
        return self.text.encode("utf-8")

    def __str__(self) -> str:
        return self.text

    def __eq__(self, other: Any) -> bool:
        return self.text == other

    __hash__ = Frame.__hash__

    def _pprint(self) -> str:
        return "%r=%s" % (self.lang, self.text)


class OWNE(Frame):
    """Ownership: ``price``, purchase ``date`` and ``seller``."""

    __module__ = _MODULE
    _framespec = (("encoding", "enc", Encoding.UTF16), ("price", "latin1", ""), ("date", "ascii", "19700101"),
                  ("seller", "text", ""))

    def __bytes__(self) -> bytes:
        return self.seller.encode("utf-8")

    def __str__(self) -> str:
        return self.seller

    def __eq__(self, other: Any) -> bool:
        return self.seller == other

    __hash__ = Frame.__hash__


def _encode_text(value: str, encoding: int) -> bytes:
    if encoding == 1:
        return b"\xff\xfe" + value.encode("utf-16-le") + b"\x00\x00"
    if encoding == 2:
        return value.encode("utf-16-be") + b"\x00\x00"
    if encoding == 3:
        return value.encode("utf-8") + b"\x00"
    return value.encode("latin1") + b"\x00"


class COMR(Frame):
    """Commercial information."""

    __module__ = _MODULE
    _framespec = (
        ("encoding", "enc", Encoding.UTF16),
        ("price", "latin1", ""),
        ("valid_until", "ascii", "19700101"),
        ("contact", "latin1", ""),
        ("format", "byte", 0),
        ("seller", "text", ""),
        ("desc", "text", ""),
    )
    _optionalspec = (("mime", "latin1", ""), ("logo", "bin", b""))

    def _writeData(self) -> bytes:
        out = bytes([self.encoding]) + self.price.encode("latin1") + b"\x00"
        out += (self.valid_until.encode("ascii") + b"\x00" * 8)[:8]
        out += self.contact.encode("latin1") + b"\x00" + bytes([self.format])
        out += _encode_text(self.seller, self.encoding) + _encode_text(self.desc, self.encoding)
        if "mime" in self.__dict__:
            out += self.mime.encode("latin1") + b"\x00"
            if "logo" in self.__dict__:
                out += self.logo
        return out

    @property
    def HashKey(self) -> str:
        return "%s:%s" % (self.FrameID, _latin1_key(self._writeData()))

    def __eq__(self, other: Any) -> bool:
        return self._writeData() == other._writeData()

    __hash__ = Frame.__hash__


class ENCR(Frame):
    """Encryption method registration."""

    __module__ = _MODULE
    _framespec = (("owner", "latin1", ""), ("method", "byte", 0x80), ("data", "bin", b""))

    @property
    def HashKey(self) -> str:
        return "%s:%s" % (self.FrameID, self.owner)

    def __bytes__(self) -> bytes:
        return bytes(self.data)

    def __eq__(self, other: Any) -> bool:
        return self.data == other

    __hash__ = Frame.__hash__


class GRID(Frame):
    """Group identification registration."""

    __module__ = _MODULE
    _framespec = (("owner", "latin1", ""), ("group", "byte", 0x80), ("data", "bin", b""))

    @property
    def HashKey(self) -> str:
        return "%s:%s" % (self.FrameID, self.group)

    def __pos__(self) -> int:
        return self.group

    def __bytes__(self) -> bytes:
        return self.owner.encode("utf-8")

    def __str__(self) -> str:
        return self.owner

    def __eq__(self, other: Any) -> bool:
        return self.owner == other or self.group == other

    __hash__ = Frame.__hash__


class PRIV(Frame):
    """Private ``data`` from an ``owner``."""

    __module__ = _MODULE
    _framespec = (("owner", "latin1", ""), ("data", "bin", b""))

    @property
    def HashKey(self) -> str:
        return "%s:%s:%s" % (self.FrameID, self.owner, _latin1_key(self.data))

    def __bytes__(self) -> bytes:
        return bytes(self.data)

    def __eq__(self, other: Any) -> bool:
        return self.data == other

    def _pprint(self) -> str:
        return "%s=%r" % (self.owner, self.data)

    __hash__ = Frame.__hash__


class SIGN(Frame):
    """A signature ``sig`` for a ``group``."""

    __module__ = _MODULE
    _framespec = (("group", "byte", 0x80), ("sig", "bin", b""))

    @property
    def HashKey(self) -> str:
        return "%s:%s:%s" % (self.FrameID, self.group, _latin1_key(self.sig))

    def __bytes__(self) -> bytes:
        return self.sig

    def __eq__(self, other: Any) -> bool:
        return self.sig == other

    __hash__ = Frame.__hash__


class SEEK(Frame):
    """Seek ``offset`` to the next tag."""

    __module__ = _MODULE
    _framespec = (("offset", "int", 0),)

    def __pos__(self) -> int:
        return self.offset

    def __eq__(self, other: Any) -> bool:
        return self.offset == other

    __hash__ = Frame.__hash__


class ASPI(Frame):
    """Audio seek point index (fields ``S``, ``L``, ``N``, ``b`` and the list ``Fi``)."""

    __module__ = _MODULE
    _framespec = (("S", "int", 0), ("L", "int", 0), ("N", "int", 0), ("b", "byte", 0), ("Fi", "ints", []))

    def __eq__(self, other: Any) -> bool:
        return self.Fi == other

    __hash__ = Frame.__hash__


def _sorted_frames(tags: Any) -> list:
    return sorted((tags or {}).values()) if tags else []


class CHAP(Frame):
    """A chapter: ``element_id``, times, offsets and its own ``sub_frames``."""

    __module__ = _MODULE
    _framespec = (
        ("element_id", "latin1", ""),
        ("start_time", "int", 0),
        ("end_time", "int", 0),
        ("start_offset", "int", 0xFFFFFFFF),
        ("end_offset", "int", 0xFFFFFFFF),
        ("sub_frames", "frames", []),
    )

    @property
    def HashKey(self) -> str:
        return "%s:%s" % (self.FrameID, self.element_id)

    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, CHAP):
            return False
        if sorted(self.sub_frames.values()) != sorted(other.sub_frames.values()):
            return False
        return (self.element_id, self.start_time, self.end_time, self.start_offset, self.end_offset) == (
            other.element_id, other.start_time, other.end_time, other.start_offset, other.end_offset)

    __hash__ = Frame.__hash__

    def _pprint(self) -> str:
        sub = ""
        for frame in self.sub_frames.values():
            for line in frame.pprint().splitlines():
                sub += "\n" + " " * 4 + line
        return "%s time=%d..%d offset=%d..%d%s" % (
            self.element_id, self.start_time, self.end_time, self.start_offset, self.end_offset, sub)


class CTOC(Frame):
    """A table of contents: ``element_id``, ``flags``, ``child_element_ids``, ``sub_frames``."""

    __module__ = _MODULE
    _framespec = (
        ("element_id", "latin1", ""),
        ("flags", "ctoc", 0),
        ("child_element_ids", "list", []),
        ("sub_frames", "frames", []),
    )

    @property
    def HashKey(self) -> str:
        return "%s:%s" % (self.FrameID, self.element_id)

    __hash__ = Frame.__hash__

    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, CTOC):
            return False
        if sorted(self.sub_frames.values()) != sorted(other.sub_frames.values()):
            return False
        return (self.element_id, self.flags, self.child_element_ids) == (
            other.element_id, other.flags, other.child_element_ids)

    def _pprint(self) -> str:
        sub = ""
        if getattr(self, "sub_frames", None):
            sub += "\n" + "\n".join(" " * 4 + f.pprint() for f in self.sub_frames.values())
        return "%s flags=%d child_element_ids=%s%s" % (
            self.element_id, int(self.flags), ",".join(self.child_element_ids), sub)


def _define(name: str, base: type, doc: str, **attrs: Any) -> type:
    """Create a frame class ``name`` deriving from ``base``, in this module."""
    ns: Dict[str, Any] = {"__doc__": doc, "__module__": _MODULE}
    ns.update(attrs)
    cls = type(name, (base,), ns)
    globals()[name] = cls
    return cls


# Plain text frames and their descriptions.
for _name, _base, _doc in [
    ("TALB", TextFrame, "Album title."),
    ("TBPM", NumericTextFrame, "Tempo in beats per minute."),
    ("TCOM", TextFrame, "Composer."),
    ("TCOP", TextFrame, "Copyright notice."),
    ("TCMP", NumericTextFrame, "iTunes compilation flag."),
    ("TDAT", TextFrame, "Recording date as DDMM (ID3v2.3)."),
    ("TDEN", TimeStampTextFrame, "Encoding time."),
    ("TDES", TextFrame, "iTunes podcast description."),
    ("TKWD", TextFrame, "iTunes podcast keywords."),
    ("TCAT", TextFrame, "iTunes podcast category."),
    ("MVNM", TextFrame, "iTunes movement name."),
    ("MVIN", NumericPartTextFrame, "iTunes movement number and count."),
    ("GRP1", TextFrame, "iTunes grouping."),
    ("TDOR", TimeStampTextFrame, "Original release time."),
    ("TDLY", NumericTextFrame, "Playlist delay in milliseconds."),
    ("TDRC", TimeStampTextFrame, "Recording time."),
    ("TDRL", TimeStampTextFrame, "Release time."),
    ("TDTG", TimeStampTextFrame, "Tagging time."),
    ("TENC", TextFrame, "Encoded by."),
    ("TEXT", TextFrame, "Lyricist."),
    ("TFLT", TextFrame, "File type."),
    ("TGID", TextFrame, "iTunes podcast identifier."),
    ("TIME", TextFrame, "Recording time as HHMM (ID3v2.3)."),
    ("TIT1", TextFrame, "Content group."),
    ("TIT2", TextFrame, "Title."),
    ("TIT3", TextFrame, "Subtitle."),
    ("TKEY", TextFrame, "Initial key."),
    ("TLAN", TextFrame, "Languages."),
    ("TLEN", NumericTextFrame, "Length in milliseconds."),
    ("TMED", TextFrame, "Source media type."),
    ("TMOO", TextFrame, "Mood."),
    ("TOAL", TextFrame, "Original album."),
    ("TOFN", TextFrame, "Original file name."),
    ("TOLY", TextFrame, "Original lyricist."),
    ("TOPE", TextFrame, "Original artist."),
    ("TORY", NumericTextFrame, "Original release year (ID3v2.3)."),
    ("TOWN", TextFrame, "File owner."),
    ("TPE1", TextFrame, "Lead artist."),
    ("TPE2", TextFrame, "Band or accompaniment."),
    ("TPE3", TextFrame, "Conductor."),
    ("TPE4", TextFrame, "Remixer or modifier."),
    ("TPOS", NumericPartTextFrame, "Disc number within a set."),
    ("TPRO", TextFrame, "Production notice."),
    ("TPUB", TextFrame, "Publisher."),
    ("TRCK", NumericPartTextFrame, "Track number."),
    ("TRDA", TextFrame, "Recording dates (ID3v2.3)."),
    ("TRSN", TextFrame, "Internet radio station name."),
    ("TRSO", TextFrame, "Internet radio station owner."),
    ("TSIZ", NumericTextFrame, "Audio size in bytes (ID3v2.3)."),
    ("TSO2", TextFrame, "iTunes album artist sort order."),
    ("TSOA", TextFrame, "Album sort order."),
    ("TSOC", TextFrame, "iTunes composer sort order."),
    ("TSOP", TextFrame, "Artist sort order."),
    ("TSOT", TextFrame, "Title sort order."),
    ("TSRC", TextFrame, "ISRC code."),
    ("TSSE", TextFrame, "Encoder settings."),
    ("TSST", TextFrame, "Set subtitle."),
    ("TYER", NumericTextFrame, "Recording year (ID3v2.3)."),
    ("WCOM", UrlFrameU, "Commercial information URL."),
    ("WCOP", UrlFrame, "Copyright information URL."),
    ("WFED", UrlFrame, "iTunes podcast feed URL."),
    ("WOAF", UrlFrame, "Official audio file URL."),
    ("WOAR", UrlFrameU, "Official artist URL."),
    ("WOAS", UrlFrame, "Official audio source URL."),
    ("WORS", UrlFrame, "Official internet radio station URL."),
    ("WPAY", UrlFrame, "Payment URL."),
    ("WPUB", UrlFrame, "Official publisher URL."),
]:
    _define(_name, _base, _doc)

# ID3v2.2 frames: each derives from the ID3v2.3/2.4 frame it becomes.
for _name, _base in [
    ("UFI", "UFID"), ("TT1", "TIT1"), ("TT2", "TIT2"), ("TT3", "TIT3"), ("TP1", "TPE1"),
    ("TP2", "TPE2"), ("TP3", "TPE3"), ("TP4", "TPE4"), ("TCM", "TCOM"), ("TXT", "TEXT"),
    ("TLA", "TLAN"), ("TCO", "TCON"), ("TAL", "TALB"), ("TPA", "TPOS"), ("TRK", "TRCK"),
    ("TRC", "TSRC"), ("TYE", "TYER"), ("TDA", "TDAT"), ("TIM", "TIME"), ("TRD", "TRDA"),
    ("TMT", "TMED"), ("TFT", "TFLT"), ("TBP", "TBPM"), ("TCP", "TCMP"), ("TCR", "TCOP"),
    ("TPB", "TPUB"), ("TEN", "TENC"), ("TST", "TSOT"), ("TSA", "TSOA"), ("TS2", "TSO2"),
    ("TSP", "TSOP"), ("TSC", "TSOC"), ("TSS", "TSSE"), ("TOF", "TOFN"), ("TLE", "TLEN"),
    ("TSI", "TSIZ"), ("TDY", "TDLY"), ("TKE", "TKEY"), ("TOT", "TOAL"), ("TOA", "TOPE"),
    ("TOL", "TOLY"), ("TOR", "TORY"), ("TXX", "TXXX"), ("WAF", "WOAF"), ("WAR", "WOAR"),
    ("WAS", "WOAS"), ("WCM", "WCOM"), ("WCP", "WCOP"), ("WPB", "WPUB"), ("WXX", "WXXX"),
    ("IPL", "IPLS"), ("MCI", "MCDI"), ("ETC", "ETCO"), ("MLL", "MLLT"), ("STC", "SYTC"),
    ("ULT", "USLT"), ("SLT", "SYLT"), ("COM", "COMM"), ("REV", "RVRB"), ("GEO", "GEOB"),
    ("CNT", "PCNT"), ("POP", "POPM"), ("BUF", "RBUF"), ("CRA", "AENC"), ("MVN", "MVNM"),
    ("MVI", "MVIN"), ("GP1", "GRP1"),
]:
    _define(_name, globals()[_base], "The ID3v2.2 form of %s." % _base)


class RVA(RVAD):
    """The ID3v2.2 form of RVAD (two channels)."""

    __module__ = _MODULE
    _framespec = (("adjustments", "ints", [0, 0]),)


class PIC(APIC):
    """The ID3v2.2 form of APIC; ``mime`` is a three-letter image format such as 'JPG'."""

    __module__ = _MODULE
    _framespec = (
        ("encoding", "enc", Encoding.UTF16),
        ("mime", "ascii", "JPG"),
        ("type", "ptype", PictureType.COVER_FRONT),
        ("desc", "text", ""),
        ("data", "bin", b""),
    )


class CRM(Frame):
    """Encrypted meta frame (ID3v2.2 only)."""

    __module__ = _MODULE
    _framespec = (("owner", "latin1", ""), ("desc", "latin1", ""), ("data", "bin", b""))

    def __eq__(self, other: Any) -> bool:
        return self.data == other

    __hash__ = Frame.__hash__


class LNK(LINK):
    """The ID3v2.2 form of LINK."""

    __module__ = _MODULE
    _framespec = (("frameid", "ascii", "XXX"), ("url", "latin1", ""), ("data", "bin", b""))


UFI = globals()["UFI"]

Frames: Dict[str, type] = {}
"""Every ID3v2.3/2.4 frame class, by frame ID."""

Frames_2_2: Dict[str, type] = {}
"""Every ID3v2.2 frame class, by frame ID."""

for _key, _value in list(globals().items()):
    if isinstance(_value, type) and issubclass(_value, Frame):
        if len(_key) == 3:
            Frames_2_2[_key] = _value
        elif len(_key) == 4:
            Frames[_key] = _value

del _key, _value, _name, _base

__all__ = sorted(Frames) + sorted(Frames_2_2)
