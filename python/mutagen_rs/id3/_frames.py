"""ID3v2 frame classes, with mutagen's names, fields, hash keys, reprs and comparisons.

Every class lists its fields as spec objects (``mutagen_rs.id3._specs``) in ``_framespec`` (and
optional trailing ones in ``_optionalspec``), in the order the frame stores them; the native
reader sends field values in the same order. Setting a field validates the value through its
spec; ``_fromData``/``_readData`` read a frame body and ``_writeData`` renders one.
"""

from __future__ import annotations

import zlib
from typing import Any, Dict, List, Sequence, Tuple

from .. import _native
from ._specs import (ASPIIndexSpec, BinaryDataSpec, ByteSpec, ChannelSpec, CTOCFlags, CTOCFlagsSpec,
                     EncodedNumericPartTextSpec, EncodedNumericTextSpec, EncodedTextSpec, Encoding,
                     EncodingSpec, FrameIDSpec, ID3FramesSpec, ID3TimeStamp, IntegerSpec, KeyEventSpec,
                     Latin1TextListSpec, Latin1TextSpec, MultiSpec, PictureType, PictureTypeSpec, RVASpec,
                     SizedIntegerSpec, Spec, SpecError, StringSpec, SynchronizedTextSpec, TimeStampSpec,
                     VolumeAdjustmentSpec, VolumeAdjustmentsSpec, VolumePeakSpec)
from ._util import ID3EncryptionUnsupportedError, ID3JunkFrameError, ID3SaveConfig, error, unsynch

_MODULE = "mutagen_rs.id3"


def _latin1_key(b: bytes) -> str:
    # str() of a buffer (the zero-copy build's binary values) takes no encoding: decode it.
    return str(b, "latin1")


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


_ENCODING_MEMBERS = _Members(Encoding)
_PICTURE_TYPE_MEMBERS = _Members(PictureType)


def _stamps(values: Any) -> list:
    return [ID3TimeStamp(t) for t in values]


def _native_converter(spec: Spec) -> Any:
    """What a field's native value goes through to become its Python value (None: nothing)."""
    if isinstance(spec, EncodingSpec):
        return _ENCODING_MEMBERS
    if isinstance(spec, PictureTypeSpec):
        return _PICTURE_TYPE_MEMBERS
    if isinstance(spec, CTOCFlagsSpec):
        return CTOCFlags
    if isinstance(spec, ID3FramesSpec):
        return _from_native_frames
    if isinstance(spec, MultiSpec) and len(spec.specs) == 1 and isinstance(spec.specs[0], TimeStampSpec):
        return _stamps
    return None


# Per frame class, what the native reader needs to build its frames: the field names in spec
# order and, aligned with them, the converter of each field's native value (None: as is).
_NATIVE_BUILDERS: Dict[type, Tuple[Tuple[str, ...], Tuple[Any, ...]]] = {}


def _native_builder(cls: type) -> tuple:
    """``(names, converters)`` of a frame class, for the native reader (see ``_from_fields``)."""
    built = _NATIVE_BUILDERS.get(cls)
    if built is None:
        specs = list(cls._framespec) + list(cls._optionalspec)
        built = (tuple(spec.name for spec in specs), tuple(_native_converter(spec) for spec in specs))
        _NATIVE_BUILDERS[cls] = built
    return built


class Frame(object):
    """One ID3v2 frame: the base class of every frame type.

    Frames are built from their fields by keyword (or positionally, in spec order); fields not
    given take their spec's default, optional fields are left out. ``Frame(other)`` with a frame
    of a subclass (an ID3v2.2 frame, say) copies its fields over.
    """

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

    _framespec: Sequence[Spec] = []
    _optionalspec: Sequence[Spec] = []

    @classmethod
    def _specs_by_name(cls) -> Dict[str, Spec]:
        """Every field's spec by attribute name, made once per class (and again if the class's
        spec lists are replaced)."""
        table = cls.__dict__.get("_spec_table")
        if table is None or table[0] is not cls._framespec or table[1] is not cls._optionalspec:
            by_name = {spec.name: spec for spec in list(cls._framespec) + list(cls._optionalspec)}
            table = (cls._framespec, cls._optionalspec, by_name)
            type.__setattr__(cls, "_spec_table", table)
        return table[2]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if len(args) == 1 and not kwargs and isinstance(args[0], type(self)):
            args[0]._to_other(self)
            return
        d = self.__dict__
        framespec = self._framespec
        for spec, value in zip(framespec, args):
            d[spec.name] = spec.validate(self, value)
        for spec in framespec[len(args):]:
            d[spec.name] = spec.validate(self, kwargs.get(spec.name, spec.default))
        for spec in self._optionalspec:
            if spec.name not in kwargs:
                break
            d[spec.name] = spec.validate(self, kwargs[spec.name])

    def __setattr__(self, name: str, value: Any) -> None:
        spec = self._specs_by_name().get(name)
        if spec is not None:
            self.__dict__[name] = spec.validate(self, value)
        else:
            object.__setattr__(self, name, value)

    def _setattr(self, name: str, value: Any) -> None:
        """Set a field without validating the value."""
        self.__dict__[name] = value

    def _to_other(self, other: "Frame") -> None:
        """Copy this frame's fields into ``other``, a frame of a class with the same specs."""
        if other._framespec is not self._framespec or other._optionalspec is not self._optionalspec:
            raise ValueError("frames with different fields")
        d = self.__dict__
        for spec in other._framespec:
            other._setattr(spec.name, d[spec.name])
        for spec in other._optionalspec:
            if spec.name in d:
                other._setattr(spec.name, d[spec.name])

    def _merge_frame(self, other: "Frame") -> "Frame":
        """The frame to keep when ``other`` is added with this frame's key: by default ``other``."""
        return other

    def _upgrade_frame(self) -> Any:
        """This frame as an ID3v2.3/2.4 frame: itself, a converted copy of an ID3v2.2 frame, or
        None for an ID3v2.2 frame that has no later form."""
        if len(type(self).__name__) != 3:
            return self
        base = type(self).__base__
        if base is Frame:
            return None
        return base(self)

    def _get_v23_frame(self, **kwargs: Any) -> "Frame":
        """A copy of this frame fit to be written to an ID3v2.3 tag (``kwargs`` go to the specs:
        ``sep`` joins multiple text values)."""
        values = {}
        d = self.__dict__
        for spec in self._framespec:
            values[spec.name] = spec._validate23(self, d[spec.name], **kwargs)
        for spec in self._optionalspec:
            if spec.name in d:
                values[spec.name] = spec._validate23(self, d[spec.name], **kwargs)
        return type(self)(**values)

    @classmethod
    def _from_fields(cls, fields: tuple) -> "Frame":
        """Build a frame from field values in spec order, as the native reader sends them."""
        frame = object.__new__(cls)
        d = frame.__dict__
        names, convs = _native_builder(cls)
        for name, conv, value in zip(names, convs, fields):
            if conv is None:
                d[name] = value
            elif isinstance(conv, dict):
                d[name] = conv[value]
            else:
                d[name] = conv(value)
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
        d = self.__dict__
        for spec in list(self._framespec) + list(self._optionalspec):
            if spec.name in d:
                parts.append("%s=%r" % (spec.name, d[spec.name]))
        return "%s(%s)" % (type(self).__name__, ", ".join(parts))

    def _readData(self, header: Any, data: bytes) -> bytes:
        """Read this frame's fields from a frame body; returns the bytes left over.
        ``ID3JunkFrameError`` when the body does not hold the fields."""
        for spec in self._framespec:
            if not data and not spec.handle_nodata:
                raise ID3JunkFrameError("no data left")
            try:
                value, data = spec.read(header, self, data)
            except SpecError as e:
                raise ID3JunkFrameError(e) from None
            self.__dict__[spec.name] = value
        for spec in self._optionalspec:
            if not data and not spec.handle_nodata:
                break
            try:
                value, data = spec.read(header, self, data)
            except SpecError as e:
                raise ID3JunkFrameError(e) from None
            self.__dict__[spec.name] = value
        return data

    def _writeData(self, config: Any = None) -> bytes:
        """This frame's body as written with ``config`` (an ``ID3SaveConfig``; ID3v2.4 by
        default). ``error`` when a field cannot be rendered."""
        if config is None:
            config = ID3SaveConfig()
        frame = self._get_v23_frame(sep=config.v23_separator) if config.v2_version == 3 else self
        d = frame.__dict__
        out = []
        try:
            for spec in self._framespec:
                out.append(spec.write(config, frame, d[spec.name]))
            for spec in self._optionalspec:
                if spec.name not in d:
                    break
                out.append(spec.write(config, frame, d[spec.name]))
        except SpecError as e:
            raise error(e) from None
        return b"".join(out)

    @classmethod
    def _fromData(cls, header: Any, tflags: int, data: bytes) -> "Frame":
        """A frame of this class read from a frame body with frame flags ``tflags`` in a tag with
        ``header`` (an ``ID3Header``). Undoes unsynchronisation and compression;
        ``ID3EncryptionUnsupportedError`` for an encrypted frame, ``ID3JunkFrameError`` for a
        body that cannot be read."""
        version = tuple(header.version)
        if version >= (2, 4, 0):
            size_prefix = b""
            if tflags & (Frame.FLAG24_COMPRESS | Frame.FLAG24_DATALEN):
                size_prefix, data = data[:4], data[4:]
            if tflags & Frame.FLAG24_UNSYNCH or header.f_unsynch:
                try:
                    data = unsynch.decode(data)
                except ValueError:
                    # Written with the flag but not unsynchronised: taken as it is.
                    pass
            if tflags & Frame.FLAG24_ENCRYPT:
                raise ID3EncryptionUnsupportedError
            if tflags & Frame.FLAG24_COMPRESS:
                try:
                    data = zlib.decompress(data)
                except zlib.error:
                    # Some early writers left out the data length: the prefix is zlib data.
                    try:
                        data = zlib.decompress(size_prefix + data)
                    except zlib.error as e:
                        raise ID3JunkFrameError("zlib: %s" % e) from None
        elif version >= (2, 3, 0):
            if tflags & Frame.FLAG23_COMPRESS:
                if len(data) < 4:
                    raise ID3JunkFrameError("frame too small: %r" % data)
                data = data[4:]
            if tflags & Frame.FLAG23_ENCRYPT:
                raise ID3EncryptionUnsupportedError
            if tflags & Frame.FLAG23_COMPRESS:
                try:
                    data = zlib.decompress(data)
                except zlib.error as e:
                    raise ID3JunkFrameError("zlib: %s" % e) from None
        frame = cls()
        frame._readData(header, data)
        return frame

    def pprint(self) -> str:
        """``ID=value``: a human-readable line for this frame."""
        return "%s=%s" % (type(self).__name__, self._pprint())

    def _pprint(self) -> str:
        return "[unrepresentable data]"

    def __hash__(self) -> int:
        raise TypeError("Frame objects are unhashable")


class TextFrame(Frame):
    """Text values: ``text`` is a list of strings, ``encoding`` their encoding.

    The frame acts as its list of strings for indexing and iteration; ``str()`` joins the
    values with NUL characters.
    """

    __module__ = _MODULE
    _framespec = [
        EncodingSpec("encoding", default=Encoding.UTF16),
        MultiSpec("text", EncodedTextSpec("text"), sep="\u0000", default=[]),
    ]

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

    def _merge_frame(self, other: Frame) -> Frame:
        # A second frame with this key adds its new values to this one.
        for value in other.text:
            if value not in self.text:
                self.text.append(value)
                self.encoding = max(self.encoding, other.encoding)
        return self

    def _pprint(self) -> str:
        return " / ".join(self.text)


class NumericTextFrame(TextFrame):
    """Text holding a number; ``+frame`` gives it as an int."""

    __module__ = _MODULE
    _framespec = [
        EncodingSpec("encoding", default=Encoding.UTF16),
        MultiSpec("text", EncodedNumericTextSpec("text"), sep="\u0000", default=[]),
    ]

    def __pos__(self) -> int:
        return int(self.text[0])


class NumericPartTextFrame(TextFrame):
    """Text holding ``N`` or ``N/M``; ``+frame`` gives N."""

    __module__ = _MODULE
    _framespec = [
        EncodingSpec("encoding", default=Encoding.UTF16),
        MultiSpec("text", EncodedNumericPartTextSpec("text"), sep="\u0000", default=[]),
    ]

    def __pos__(self) -> int:
        return int(self.text[0].split("/")[0])


class TimeStampTextFrame(TextFrame):
    """Time stamps: ``text`` is a list of :class:`ID3TimeStamp`."""

    __module__ = _MODULE
    _framespec = [
        EncodingSpec("encoding", default=Encoding.UTF16),
        MultiSpec("text", TimeStampSpec("stamp"), sep=",", default=[]),
    ]

    def __bytes__(self) -> bytes:
        return str(self).encode("utf-8")

    def __str__(self) -> str:
        return ",".join(stamp.text for stamp in self.text)

    def _pprint(self) -> str:
        return " / ".join(stamp.text for stamp in self.text)


class UrlFrame(Frame):
    """A URL (``url``), read as Latin-1."""

    __module__ = _MODULE
    _framespec: Sequence[Spec] = [Latin1TextSpec("url")]

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
    _framespec = [
        EncodingSpec("encoding"),
        EncodedTextSpec("desc"),
        MultiSpec("text", EncodedTextSpec("text"), sep="\u0000", default=[]),
    ]

    @property
    def HashKey(self) -> str:
        return "%s:%s" % (self.FrameID, self.desc)

    def _pprint(self) -> str:
        return "%s=%s" % (self.desc, " / ".join(self.text))


class WXXX(UrlFrame):
    """User-defined URL under a free-form ``desc``."""

    __module__ = _MODULE
    _framespec = [EncodingSpec("encoding", default=Encoding.UTF16), EncodedTextSpec("desc"), Latin1TextSpec("url")]

    @property
    def HashKey(self) -> str:
        return "%s:%s" % (self.FrameID, self.desc)


class PairedTextFrame(Frame):
    """Pairs of strings: ``people`` is a list of ``[involvement, person]``."""

    __module__ = _MODULE
    _framespec = [
        EncodingSpec("encoding", default=Encoding.UTF16),
        MultiSpec("people", EncodedTextSpec("involvement"), EncodedTextSpec("person"), default=[]),
    ]

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
    _framespec = [BinaryDataSpec("data")]

    def __eq__(self, other: Any) -> bool:
        return self.data == other

    __hash__ = Frame.__hash__


class MCDI(BinaryFrame):
    """The CD's table of contents."""

    __module__ = _MODULE


class ETCO(Frame):
    """Event timing codes: ``events`` is a list of ``(type, time)``."""

    __module__ = _MODULE
    _framespec = [ByteSpec("format", default=1), KeyEventSpec("events", default=[])]

    def __eq__(self, other: Any) -> bool:
        return self.events == other

    __hash__ = Frame.__hash__


class MLLT(Frame):
    """MPEG location lookup table."""

    __module__ = _MODULE
    _framespec = [
        SizedIntegerSpec("frames", size=2, default=0),
        SizedIntegerSpec("bytes", size=3, default=0),
        SizedIntegerSpec("milliseconds", size=3, default=0),
        ByteSpec("bits_for_bytes", default=0),
        ByteSpec("bits_for_milliseconds", default=0),
        BinaryDataSpec("data"),
    ]

    def __eq__(self, other: Any) -> bool:
        return self.data == other

    __hash__ = Frame.__hash__


class SYTC(Frame):
    """Synchronised tempo codes."""

    __module__ = _MODULE
    _framespec = [ByteSpec("format", default=1), BinaryDataSpec("data")]

    def __eq__(self, other: Any) -> bool:
        return self.data == other

    __hash__ = Frame.__hash__


class USLT(Frame):
    """Unsynchronised lyrics: ``text`` with a ``desc`` and a language ``lang``."""

    __module__ = _MODULE
    _framespec = [
        EncodingSpec("encoding", default=Encoding.UTF16),
        StringSpec("lang", length=3, default="XXX"),
        EncodedTextSpec("desc"),
        EncodedTextSpec("text"),
    ]

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
    _framespec = [
        EncodingSpec("encoding"),
        StringSpec("lang", length=3, default="XXX"),
        ByteSpec("format", default=1),
        ByteSpec("type", default=0),
        EncodedTextSpec("desc"),
        SynchronizedTextSpec("text"),
    ]

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
    _framespec = [
        EncodingSpec("encoding"),
        StringSpec("lang", length=3, default="XXX"),
        EncodedTextSpec("desc"),
        MultiSpec("text", EncodedTextSpec("text"), sep="\u0000", default=[]),
    ]

    @property
    def HashKey(self) -> str:
        return "%s:%s:%s" % (self.FrameID, self.desc, self.lang)

    def _pprint(self) -> str:
        return "%s=%s=%s" % (self.desc, self.lang, " / ".join(self.text))


class RVA2(Frame):
    """Relative volume adjustment (ReplayGain): ``gain`` in dB and ``peak`` for a ``channel``."""

    __module__ = _MODULE
    _framespec = [
        Latin1TextSpec("desc"),
        ChannelSpec("channel", default=1),
        VolumeAdjustmentSpec("gain", default=1),
        VolumePeakSpec("peak", default=1),
    ]

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
    _framespec = [ByteSpec("method", default=0), Latin1TextSpec("desc"), VolumeAdjustmentsSpec("adjustments", default=[])]

    def __eq__(self, other: Any) -> bool:
        return self.adjustments == other

    __hash__ = Frame.__hash__

    @property
    def HashKey(self) -> str:
        return "%s:%s" % (self.FrameID, self.desc)


class RVAD(Frame):
    """Relative volume adjustment (ID3v2.3)."""

    __module__ = _MODULE
    _framespec: Sequence[Spec] = [RVASpec("adjustments", stereo_only=False)]

    __hash__ = Frame.__hash__

    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, RVAD):
            return False
        return self.adjustments == other.adjustments


class RVRB(Frame):
    """Reverb settings."""

    __module__ = _MODULE
    _framespec = [
        SizedIntegerSpec("left", size=2, default=0),
        SizedIntegerSpec("right", size=2, default=0),
        ByteSpec("bounce_left", default=0),
        ByteSpec("bounce_right", default=0),
        ByteSpec("feedback_ltl", default=0),
        ByteSpec("feedback_ltr", default=0),
        ByteSpec("feedback_rtr", default=0),
        ByteSpec("feedback_rtl", default=0),
        ByteSpec("premix_ltr", default=0),
        ByteSpec("premix_rtl", default=0),
    ]

    def __eq__(self, other: Any) -> bool:
        return (self.left, self.right) == other

    __hash__ = Frame.__hash__


class APIC(Frame):
    """Attached picture: ``data`` of MIME type ``mime``, with a ``type`` and ``desc``."""

    __module__ = _MODULE
    _framespec: Sequence[Spec] = [
        EncodingSpec("encoding"),
        Latin1TextSpec("mime"),
        PictureTypeSpec("type"),
        EncodedTextSpec("desc"),
        BinaryDataSpec("data"),
    ]

    salt = ""

    def __eq__(self, other: Any) -> bool:
        return self.data == other

    __hash__ = Frame.__hash__

    @property
    def HashKey(self) -> str:
        return "%s:%s%s" % (self.FrameID, self.desc, self.salt)

    def _merge_frame(self, other: Frame) -> Frame:
        # Pictures are never merged: the newcomer's key gets a space appended until it is free.
        other.salt += " "
        return other

    def _pprint(self) -> str:
        type_desc = str(self.type)
        if hasattr(self.type, "_pprint"):
            type_desc = self.type._pprint()
        return "%s, %s (%s, %d bytes)" % (type_desc, self.desc, self.mime, len(self.data))


class PCNT(Frame):
    """Play counter: ``count``."""

    __module__ = _MODULE
    _framespec = [IntegerSpec("count", default=0)]

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
    _framespec = [IntegerSpec("value", default=0)]

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
    _framespec = [Latin1TextSpec("email"), ByteSpec("rating", default=0)]
    _optionalspec = [IntegerSpec("count", default=0)]

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
    _framespec = [
        EncodingSpec("encoding"),
        Latin1TextSpec("mime"),
        EncodedTextSpec("filename"),
        EncodedTextSpec("desc"),
        BinaryDataSpec("data"),
    ]

    @property
    def HashKey(self) -> str:
        return "%s:%s" % (self.FrameID, self.desc)

    def __eq__(self, other: Any) -> bool:
        return self.data == other

    __hash__ = Frame.__hash__


class RBUF(Frame):
    """Recommended buffer ``size``, with optional ``info`` and ``offset``."""

    __module__ = _MODULE
    _framespec = [SizedIntegerSpec("size", size=3, default=0)]
    _optionalspec = [ByteSpec("info", default=0), SizedIntegerSpec("offset", size=4, default=0)]

    def __eq__(self, other: Any) -> bool:
        return self.size == other

    __hash__ = Frame.__hash__

    def __pos__(self) -> int:
        return self.size


class AENC(Frame):
    """Audio encryption registration for an ``owner``."""

    __module__ = _MODULE
    _framespec = [
        Latin1TextSpec("owner"),
        SizedIntegerSpec("preview_start", size=2, default=0),
        SizedIntegerSpec("preview_length", size=2, default=0),
        BinaryDataSpec("data"),
    ]

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
    _framespec: Sequence[Spec] = [FrameIDSpec("frameid", length=4), Latin1TextSpec("url"), BinaryDataSpec("data")]

    @property
    def HashKey(self) -> str:
        return "%s:%s:%s:%s" % (self.FrameID, self.frameid, self.url, _latin1_key(self.data))

    def __eq__(self, other: Any) -> bool:
        return (self.frameid, self.url, self.data) == other

    __hash__ = Frame.__hash__


class POSS(Frame):
    """Position synchronisation: ``position`` in the given ``format``."""

    __module__ = _MODULE
    _framespec = [ByteSpec("format", default=1), IntegerSpec("position", default=0)]

    def __pos__(self) -> int:
        return self.position

    def __eq__(self, other: Any) -> bool:
        return self.position == other

    __hash__ = Frame.__hash__


class UFID(Frame):
    """Unique file identifier ``data`` from an ``owner``."""

    __module__ = _MODULE
    _framespec = [Latin1TextSpec("owner"), BinaryDataSpec("data")]

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
    _framespec = [EncodingSpec("encoding"), StringSpec("lang", length=3, default="XXX"), EncodedTextSpec("text")]

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
    _framespec = [
        EncodingSpec("encoding"),
        Latin1TextSpec("price"),
        StringSpec("date", length=8, default="19700101"),
        EncodedTextSpec("seller"),
    ]

    def __bytes__(self) -> bytes:
        return self.seller.encode("utf-8")

    def __str__(self) -> str:
        return self.seller

    def __eq__(self, other: Any) -> bool:
        return self.seller == other

    __hash__ = Frame.__hash__


class COMR(Frame):
    """Commercial information."""

    __module__ = _MODULE
    _framespec = [
        EncodingSpec("encoding"),
        Latin1TextSpec("price"),
        StringSpec("valid_until", length=8, default="19700101"),
        Latin1TextSpec("contact"),
        ByteSpec("format", default=0),
        EncodedTextSpec("seller"),
        EncodedTextSpec("desc"),
    ]
    _optionalspec = [Latin1TextSpec("mime"), BinaryDataSpec("logo")]

    @property
    def HashKey(self) -> str:
        return "%s:%s" % (self.FrameID, _latin1_key(self._writeData()))

    def __eq__(self, other: Any) -> bool:
        return self._writeData() == other._writeData()

    __hash__ = Frame.__hash__


class ENCR(Frame):
    """Encryption method registration."""

    __module__ = _MODULE
    _framespec = [Latin1TextSpec("owner"), ByteSpec("method", default=0x80), BinaryDataSpec("data")]

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
    _framespec = [Latin1TextSpec("owner"), ByteSpec("group", default=0x80), BinaryDataSpec("data")]

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
    _framespec = [Latin1TextSpec("owner"), BinaryDataSpec("data")]

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
    _framespec = [ByteSpec("group", default=0x80), BinaryDataSpec("sig")]

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
    _framespec = [IntegerSpec("offset", default=0)]

    def __pos__(self) -> int:
        return self.offset

    def __eq__(self, other: Any) -> bool:
        return self.offset == other

    __hash__ = Frame.__hash__


class ASPI(Frame):
    """Audio seek point index (fields ``S``, ``L``, ``N``, ``b`` and the list ``Fi``)."""

    __module__ = _MODULE
    _framespec = [
        SizedIntegerSpec("S", size=4, default=0),
        SizedIntegerSpec("L", size=4, default=0),
        SizedIntegerSpec("N", size=2, default=0),
        ByteSpec("b", default=0),
        ASPIIndexSpec("Fi", default=[]),
    ]

    def __eq__(self, other: Any) -> bool:
        return self.Fi == other

    __hash__ = Frame.__hash__


def _sorted_frames(tags: Any) -> list:
    return sorted((tags or {}).values()) if tags else []


class CHAP(Frame):
    """A chapter: ``element_id``, times, offsets and its own ``sub_frames``."""

    __module__ = _MODULE
    _framespec = [
        Latin1TextSpec("element_id"),
        SizedIntegerSpec("start_time", size=4, default=0),
        SizedIntegerSpec("end_time", size=4, default=0),
        SizedIntegerSpec("start_offset", size=4, default=0xFFFFFFFF),
        SizedIntegerSpec("end_offset", size=4, default=0xFFFFFFFF),
        ID3FramesSpec("sub_frames"),
    ]

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
    _framespec = [
        Latin1TextSpec("element_id"),
        CTOCFlagsSpec("flags", default=0),
        Latin1TextListSpec("child_element_ids"),
        ID3FramesSpec("sub_frames"),
    ]

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
    _framespec = [RVASpec("adjustments", stereo_only=True)]

    def _to_other(self, other: Frame) -> None:
        if not isinstance(other, RVAD):
            raise TypeError("an RVA converts to an RVAD only")
        other.adjustments = list(self.adjustments)


class PIC(APIC):
    """The ID3v2.2 form of APIC; ``mime`` is a three-letter image format such as 'JPG'."""

    __module__ = _MODULE
    _framespec = [
        EncodingSpec("encoding"),
        StringSpec("mime", length=3, default="JPG"),
        PictureTypeSpec("type"),
        EncodedTextSpec("desc"),
        BinaryDataSpec("data"),
    ]

    def _to_other(self, other: Frame) -> None:
        if not isinstance(other, APIC):
            raise TypeError("a PIC converts to an APIC only")
        for name in ("encoding", "mime", "type", "desc", "data"):
            setattr(other, name, self.__dict__[name])


class CRM(Frame):
    """Encrypted meta frame (ID3v2.2 only)."""

    __module__ = _MODULE
    _framespec = [Latin1TextSpec("owner"), Latin1TextSpec("desc"), BinaryDataSpec("data")]

    def __eq__(self, other: Any) -> bool:
        return self.data == other

    __hash__ = Frame.__hash__


class LNK(LINK):
    """The ID3v2.2 form of LINK."""

    __module__ = _MODULE
    _framespec = [FrameIDSpec("frameid", length=3), Latin1TextSpec("url"), BinaryDataSpec("data")]

    def _to_other(self, other: Frame) -> None:
        if not isinstance(other, LINK):
            raise TypeError("an LNK converts to a LINK only")
        frameid = self.frameid
        if not isinstance(other, LNK):
            # The linked frame's ID3v2.3/2.4 ID where there is one, else the ID padded.
            old = Frames_2_2.get(frameid)
            frameid = old.__bases__[0].__name__ if old is not None else frameid.ljust(4)
        # The result may not be a valid frame ID: set it unchecked.
        other._setattr("frameid", frameid)
        other.url = self.url
        other.data = self.data


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

# Time stamp fields (converted by ``_stamps``) are made as ``ID3TimeStamp`` objects natively.
# Registered first: a frame class's native builder is made once, after the frames are
# registered, and takes the time stamp converter it finds then.
_native.register_id3_stamps(_stamps, ID3TimeStamp)
# The native reader builds frames as these classes, described by ``_native_builder``.
_native.register_id3_frames(Frames, Frames_2_2, _native_builder)


def _spec_kinds() -> Dict[type, int]:
    """The field spec classes whose ``write`` the native renderer knows (the spec classes and
    their subclasses that keep that ``write``), each with its kind's code."""
    by_write = {ByteSpec.write: 0, StringSpec.write: 1, BinaryDataSpec.write: 2, EncodedTextSpec.write: 3,
                MultiSpec.write: 4, Latin1TextSpec.write: 5, TimeStampSpec.write: 6}
    kinds = {}
    todo = [Spec]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        kind = by_write.get(cls.write)
        if kind is not None:
            kinds[cls] = kind
    return kinds


# Frames of these specs are rendered natively for ID3v2.4 (``_native.id3_render_frames``).
_native.register_id3_specs(Frame._writeData, TextFrame, TextFrame.__str__, _spec_kinds())
