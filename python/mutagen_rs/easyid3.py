"""ID3 tags seen through Vorbis-like keys (``"title"``, ``"artist"``, ``"date"``...), as
``mutagen.easyid3`` shows them.

``EasyID3`` holds an ordinary :class:`mutagen_rs.id3.ID3` and translates every key to frames of
it when it is read, set or deleted: nothing is copied, so the two always agree. Which key maps to
which frame is kept in the class registries ``Get``, ``Set``, ``Delete`` and ``List``, extended
with ``RegisterKey`` and its shortcuts.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional

from ._file import Metadata
from ._util import DictMixin, dict_match
from .id3 import (ID3, RVA2, TDOR, TDRC, TMCL, TXXX, UFID, WOAR, Encoding, Frames, ID3FileType, delete,
                  error)

__all__ = ["EasyID3", "Open", "delete"]

_MODULE = "mutagen_rs.easyid3"


class EasyID3KeyError(KeyError, ValueError, error):
    """A key that no handler of ``EasyID3`` knows, or that is missing from the tag.

    It is a ``KeyError`` (the one to catch) and, for older callers, a ``ValueError`` too.
    """

    __module__ = _MODULE


_Getter = Callable[[ID3, str], List[str]]
_Setter = Callable[[ID3, str, List[str]], None]
_Deleter = Callable[[ID3, str], None]
_Lister = Callable[[ID3, str], List[str]]


class EasyID3(DictMixin, Metadata):
    """EasyID3(filename=None)

    An ID3 tag with case-insensitive Vorbis-style keys whose values are lists of ``str``.

    Only the keys of the registry are known (``EasyID3.valid_keys``); ``RegisterKey``,
    ``RegisterTextKey`` and ``RegisterTXXXKey`` add more, for the class and its subclasses. A
    registered key may be a glob pattern (``"performer:*"``). For keys no handler matches,
    the optional ``GetFallback``, ``SetFallback``, ``DeleteFallback`` and ``ListFallback``
    are called, with the same arguments as the handlers; set them on one instance, or on a
    class as static methods.

    The values are built on every access, so changing a returned list changes nothing: set
    the key again with the new list instead.

    ``EasyMP3`` (in :mod:`mutagen_rs.mp3`) is an MP3 whose tags are an ``EasyID3``.
    """

    __module__ = _MODULE

    Get: Dict[str, _Getter] = {}
    Set: Dict[str, _Setter] = {}
    Delete: Dict[str, _Deleter] = {}
    List: Dict[str, _Lister] = {}

    valid_keys = Get
    """The known keys (the getter registry itself, kept under its older name)."""

    GetFallback: Optional[_Getter] = None
    SetFallback: Optional[_Setter] = None
    DeleteFallback: Optional[_Deleter] = None
    ListFallback: Optional[_Lister] = None

    @classmethod
    def RegisterKey(cls, key: str, getter: Optional[_Getter] = None, setter: Optional[_Setter] = None,
                    deleter: Optional[_Deleter] = None, lister: Optional[_Lister] = None) -> None:
        """Register the handlers of a key (a name or a glob pattern, stored lower case).

        ``getter(id3, key)`` returns the values (a list of ``str``) or raises ``KeyError``;
        ``setter(id3, key, values)`` stores a list of ``str``; ``deleter(id3, key)`` removes
        the key or raises ``KeyError``; ``lister(id3, key)`` returns the keys present in the
        tag that the getter answers, for ``keys()`` (for pattern keys). ``id3`` is the wrapped
        :class:`~mutagen_rs.id3.ID3` and ``key`` the key as the caller spelled it. Handlers
        left as ``None`` keep any registered before.
        """
        key = key.lower()
        for registry, handler in ((cls.Get, getter), (cls.Set, setter), (cls.Delete, deleter),
                                  (cls.List, lister)):
            if handler is not None:
                registry[key] = handler

    @classmethod
    def RegisterTextKey(cls, key: str, frameid: str) -> None:
        """Register a key that is one text frame, e.g. ``RegisterTextKey("title", "TIT2")``.

        Its values are the frame's text; setting it changes the frame in place (as UTF-8),
        or adds the frame when the tag has none.
        """

        def get(id3: ID3, key: str) -> List[str]:
            return list(id3[frameid])

        def set_(id3: ID3, key: str, value: List[str]) -> None:
            try:
                frame = id3[frameid]
            except KeyError:
                id3.add(Frames[frameid](encoding=Encoding.UTF8, text=value))
            else:
                frame.encoding = Encoding.UTF8
                frame.text = value

        def delete_(id3: ID3, key: str) -> None:
            del id3[frameid]

        cls.RegisterKey(key, get, set_, delete_)

    @classmethod
    def RegisterTXXXKey(cls, key: str, desc: str) -> None:
        """Register a key that is the user text frame ``TXXX`` with description ``desc``,
        e.g. ``RegisterTXXXKey("barcode", "BARCODE")``.

        Values are stored as Latin-1 when they are all ASCII (as MusicBrainz asks), else as
        UTF-8; setting the key replaces the frame.
        """
        frameid = "TXXX:" + desc

        def get(id3: ID3, key: str) -> List[str]:
            return list(id3[frameid])

        def set_(id3: ID3, key: str, value: List[str]) -> None:
            ascii_only = all(not v or max(v) <= "\x7f" for v in value)
            encoding = Encoding.LATIN1 if ascii_only else Encoding.UTF8
            id3.add(TXXX(encoding=encoding, text=value, desc=desc))

        def delete_(id3: ID3, key: str) -> None:
            del id3[frameid]

        cls.RegisterKey(key, get, set_, delete_)

    def __init__(self, filename: Any = None) -> None:
        self.__id3 = ID3()
        if filename is not None:
            self.load(filename)

    @classmethod
    def _from_payload(cls, payload: tuple) -> "EasyID3":
        """Wrap the tag built from a native ID3 payload (used by ``ID3FileType`` and ``MP3``)."""
        self = cls()
        self.__id3 = ID3._from_payload(payload)
        return self

    load = property(lambda self: self.__id3.load,
                    lambda self, value: setattr(self.__id3, "load", value),
                    doc="The ``load`` method of the wrapped ID3 tag: reads a file into it.")

    delete = property(lambda self: self.__id3.delete,
                      lambda self, value: setattr(self.__id3, "delete", value),
                      doc="The ``delete`` method of the wrapped ID3 tag.")

    filename = property(lambda self: self.__id3.filename,
                        lambda self, value: setattr(self.__id3, "filename", value),
                        doc="The file name of the wrapped ID3 tag.")

    def save(self, filething: Any = None, v1: int = 1, v2_version: int = 4, v23_sep: str = "/",
             padding: Any = None) -> None:
        """Save the wrapped tag, with the arguments of :meth:`mutagen_rs.id3.ID3.save`.

        The in-memory tag keeps its ID3v2.4 frames whatever version is written: for ID3v2.3
        they are converted (:meth:`~mutagen_rs.id3.ID3.update_to_v23`) for the save and put
        back afterwards.
        """
        if v2_version != 3:
            self.__id3.save(filething, v1=v1, v2_version=v2_version, v23_sep=v23_sep,
                            padding=padding)
            return
        backup = self.__id3._copy()
        try:
            self.__id3.update_to_v23()
            self.__id3.save(filething, v1=v1, v2_version=v2_version, v23_sep=v23_sep,
                            padding=padding)
        finally:
            self.__id3._restore(backup)

    @property
    def size(self) -> int:
        """The size of the wrapped ID3v2 tag, with its header (0 without one)."""
        return self.__id3.size

    def __getitem__(self, key: str) -> List[str]:
        func = dict_match(self.Get, key.lower(), self.GetFallback)
        if func is None:
            raise EasyID3KeyError("%r is not a valid key" % key)
        return func(self.__id3, key)

    def __setitem__(self, key: str, value: Any) -> None:
        if isinstance(value, str):
            value = [value]
        func = dict_match(self.Set, key.lower(), self.SetFallback)
        if func is None:
            raise EasyID3KeyError("%r is not a valid key" % key)
        func(self.__id3, key, value)

    def __delitem__(self, key: str) -> None:
        func = dict_match(self.Delete, key.lower(), self.DeleteFallback)
        if func is None:
            raise EasyID3KeyError("%r is not a valid key" % key)
        func(self.__id3, key)

    def keys(self) -> List[str]:
        """The keys present, in registry order, then those of ``ListFallback``."""
        keys: List[str] = []
        for key in self.Get:
            lister = self.List.get(key)
            if lister is not None:
                keys.extend(lister(self.__id3, key))
            elif key in self:
                keys.append(key)
        if self.ListFallback is not None:
            keys.extend(self.ListFallback(self.__id3, ""))
        return keys

    def pprint(self) -> str:
        """Every value as ``key=value``, one per line, sorted by key."""
        return "\n".join("%s=%s" % (key, value) for key in sorted(self.keys()) for value in self[key])


Open = EasyID3
"""An alias of :class:`EasyID3`."""


# -- Handlers of the keys that are not a single text frame -------------------------------------

def _genre_get(id3: ID3, key: str) -> List[str]:
    return id3["TCON"].genres


def _genre_set(id3: ID3, key: str, value: List[str]) -> None:
    try:
        frame = id3["TCON"]
    except KeyError:
        id3.add(Frames["TCON"](encoding=Encoding.UTF8, text=value))
    else:
        frame.encoding = Encoding.UTF8
        frame.genres = value


def _genre_delete(id3: ID3, key: str) -> None:
    del id3["TCON"]


def _stamp_key(frame_class: type) -> tuple:
    """Handlers of a key held by a time-stamp frame (``TDRC``, ``TDOR``)."""
    frameid = frame_class.__name__

    def get(id3: ID3, key: str) -> List[str]:
        return [stamp.text for stamp in id3[frameid].text]

    def set_(id3: ID3, key: str, value: List[str]) -> None:
        id3.add(frame_class(encoding=Encoding.UTF8, text=value))

    def delete_(id3: ID3, key: str) -> None:
        del id3[frameid]

    return get, set_, delete_


def _role(key: str) -> str:
    """The role of a ``performer:ROLE`` key."""
    return key.split(":", 1)[1]


def _performer_get(id3: ID3, key: str) -> List[str]:
    role = _role(key)
    try:
        credits = id3["TMCL"]
    except KeyError:
        raise KeyError(key)
    people = [person for who, person in credits.people if who == role]
    if not people:
        raise KeyError(key)
    return people


def _performer_set(id3: ID3, key: str, value: List[str]) -> None:
    role = _role(key)
    try:
        credits = id3["TMCL"]
    except KeyError:
        credits = TMCL(encoding=Encoding.UTF8, people=[])
        id3.add(credits)
    credits.encoding = Encoding.UTF8
    kept = [pair for pair in credits.people if pair[0] != role]
    credits.people = kept + [[role, person] for person in value]


def _performer_delete(id3: ID3, key: str) -> None:
    role = _role(key)
    try:
        credits = id3["TMCL"]
    except KeyError:
        raise KeyError(key)
    kept = [pair for pair in credits.people if pair[0] != role]
    if len(kept) == len(credits.people):
        raise KeyError(key)
    if kept:
        credits.people = kept
    else:
        del id3["TMCL"]


def _performer_list(id3: ID3, key: str) -> List[str]:
    try:
        credits = id3["TMCL"]
    except KeyError:
        return []
    # One key per role, in the order the roles first appear.
    return list(dict.fromkeys("performer:" + pair[0] for pair in credits.people))


_MUSICBRAINZ_UFID = "UFID:http://musicbrainz.org"


def _trackid_get(id3: ID3, key: str) -> List[str]:
    # bytes(): in the zero-copy build the data read from a file is a ``_native.Blob``.
    return [bytes(id3[_MUSICBRAINZ_UFID].data).decode("ascii")]


def _trackid_set(id3: ID3, key: str, value: List[str]) -> None:
    if len(value) != 1:
        raise ValueError("only one track ID may be set per song")
    data = value[0].encode("ascii")
    try:
        frame = id3[_MUSICBRAINZ_UFID]
    except KeyError:
        id3.add(UFID(owner=_MUSICBRAINZ_UFID[5:], data=data))
    else:
        frame.data = data


def _trackid_delete(id3: ID3, key: str) -> None:
    del id3[_MUSICBRAINZ_UFID]


def _website_get(id3: ID3, key: str) -> List[str]:
    urls = [frame.url for frame in id3.getall("WOAR")]
    if not urls:
        raise EasyID3KeyError(key)
    return urls


def _website_set(id3: ID3, key: str, value: List[str]) -> None:
    id3.delall("WOAR")
    for url in value:
        id3.add(WOAR(url=url))


def _website_delete(id3: ID3, key: str) -> None:
    id3.delall("WOAR")


# ReplayGain keys are ``replaygain_DESC_gain`` and ``replaygain_DESC_peak``: both read and
# write the RVA2 frame with description DESC (kept as the caller spelled it).
_RG_PREFIX = len("replaygain_")
_RG_SUFFIX = len("_gain")


def _rva2_desc(key: str) -> str:
    return key[_RG_PREFIX:-_RG_SUFFIX]


def _rva2_or_new(id3: ID3, key: str) -> Any:
    """The RVA2 frame of a ReplayGain key, added (with gain and peak 0) when missing."""
    desc = _rva2_desc(key)
    try:
        return id3["RVA2:" + desc]
    except KeyError:
        frame = RVA2(desc=desc, gain=0, peak=0, channel=1)
        id3.add(frame)
        return frame


def _rva2_value(id3: ID3, key: str, attr: str, fmt: str) -> List[str]:
    try:
        frame = id3["RVA2:" + _rva2_desc(key)]
    except KeyError:
        raise EasyID3KeyError(key)
    return [fmt % getattr(frame, attr)]


def _rva2_clear(id3: ID3, key: str, attr: str, other: str) -> None:
    """Zero one value of the frame, or drop the frame when the other value is zero too."""
    hashkey = "RVA2:" + _rva2_desc(key)
    try:
        frame = id3[hashkey]
    except KeyError:
        return
    if getattr(frame, other):
        setattr(frame, attr, 0.0)
    else:
        del id3[hashkey]


def _single(value: List[str], what: str) -> str:
    if len(value) != 1:
        raise ValueError("there must be exactly one %s value, not %r." % (what, value))
    return value[0]


def _gain_get(id3: ID3, key: str) -> List[str]:
    return _rva2_value(id3, key, "gain", "%+f dB")


def _gain_set(id3: ID3, key: str, value: List[str]) -> None:
    # "+3.5 dB" or "+3.5": the number is the first word.
    gain = float(_single(value, "gain").split()[0])
    _rva2_or_new(id3, key).gain = gain


def _gain_delete(id3: ID3, key: str) -> None:
    _rva2_clear(id3, key, "gain", "peak")


def _peak_get(id3: ID3, key: str) -> List[str]:
    return _rva2_value(id3, key, "peak", "%f")


def _peak_set(id3: ID3, key: str, value: List[str]) -> None:
    peak = float(_single(value, "peak"))
    if not 0 <= peak < 2:
        raise ValueError("peak must be => 0 and < 2.")
    _rva2_or_new(id3, key).peak = peak


def _peak_delete(id3: ID3, key: str) -> None:
    _rva2_clear(id3, key, "peak", "gain")


def _replaygain_list(id3: ID3, key: str) -> List[str]:
    keys = []
    for frame in id3.getall("RVA2"):
        keys += ["replaygain_%s_gain" % frame.desc, "replaygain_%s_peak" % frame.desc]
    return keys


# -- The registry ---------------------------------------------------------------------------------
# The order of registration is the order of ``keys()``.

_TEXT_KEYS = (
    ("album", "TALB"), ("bpm", "TBPM"), ("compilation", "TCMP"), ("composer", "TCOM"),
    ("copyright", "TCOP"), ("encodedby", "TENC"), ("lyricist", "TEXT"), ("length", "TLEN"),
    ("media", "TMED"), ("mood", "TMOO"), ("grouping", "TIT1"), ("title", "TIT2"),
    ("version", "TIT3"), ("artist", "TPE1"), ("albumartist", "TPE2"), ("conductor", "TPE3"),
    ("arranger", "TPE4"), ("discnumber", "TPOS"), ("organization", "TPUB"),
    ("tracknumber", "TRCK"), ("author", "TOLY"), ("albumartistsort", "TSO2"),
    ("albumsort", "TSOA"), ("composersort", "TSOC"), ("artistsort", "TSOP"),
    ("titlesort", "TSOT"), ("isrc", "TSRC"), ("discsubtitle", "TSST"), ("language", "TLAN"),
)

_TXXX_KEYS = (
    ("musicbrainz_artistid", "MusicBrainz Artist Id"),
    ("musicbrainz_albumid", "MusicBrainz Album Id"),
    ("musicbrainz_albumartistid", "MusicBrainz Album Artist Id"),
    ("musicbrainz_trmid", "MusicBrainz TRM Id"),
    ("musicip_puid", "MusicIP PUID"),
    ("musicip_fingerprint", "MusicMagic Fingerprint"),
    ("musicbrainz_albumstatus", "MusicBrainz Album Status"),
    ("musicbrainz_albumtype", "MusicBrainz Album Type"),
    ("releasecountry", "MusicBrainz Album Release Country"),
    ("musicbrainz_discid", "MusicBrainz Disc Id"),
    ("asin", "ASIN"),
    ("performer", "PERFORMER"),
    ("barcode", "BARCODE"),
    ("catalognumber", "CATALOGNUMBER"),
    ("musicbrainz_releasetrackid", "MusicBrainz Release Track Id"),
    ("musicbrainz_releasegroupid", "MusicBrainz Release Group Id"),
    ("musicbrainz_workid", "MusicBrainz Work Id"),
    ("acoustid_fingerprint", "Acoustid Fingerprint"),
    ("acoustid_id", "Acoustid Id"),
)

for _key, _frameid in _TEXT_KEYS:
    EasyID3.RegisterTextKey(_key, _frameid)

EasyID3.RegisterKey("genre", _genre_get, _genre_set, _genre_delete)
EasyID3.RegisterKey("date", *_stamp_key(TDRC))
EasyID3.RegisterKey("originaldate", *_stamp_key(TDOR))
EasyID3.RegisterKey("performer:*", _performer_get, _performer_set, _performer_delete, _performer_list)
EasyID3.RegisterKey("musicbrainz_trackid", _trackid_get, _trackid_set, _trackid_delete)
EasyID3.RegisterKey("website", _website_get, _website_set, _website_delete)
EasyID3.RegisterKey("replaygain_*_gain", _gain_get, _gain_set, _gain_delete, _replaygain_list)
EasyID3.RegisterKey("replaygain_*_peak", _peak_get, _peak_set, _peak_delete)

for _key, _desc in _TXXX_KEYS:
    EasyID3.RegisterTXXXKey(_key, _desc)

del _key, _frameid, _desc


def _with_txxx_fallback(key: str, desc: str) -> None:
    """Let a registered key also read and delete ``TXXX:desc`` (some taggers write it there).

    Reading tries the key's own frame first; deleting removes both, and raises only when
    neither was there. Setting is unchanged (the key's own frame).
    """
    frameid = "TXXX:" + desc
    own_get, own_delete = EasyID3.Get[key], EasyID3.Delete[key]

    def get(id3: ID3, key: str) -> List[str]:
        try:
            return own_get(id3, key)
        except KeyError as own_missing:
            try:
                return list(id3[frameid])
            except KeyError:
                raise own_missing

    def delete_(id3: ID3, key: str) -> None:
        try:
            own_delete(id3, key)
        except KeyError as e:
            own_missing: Optional[KeyError] = e
        else:
            own_missing = None
        try:
            del id3[frameid]
        except KeyError:
            if own_missing is not None:
                raise own_missing

    EasyID3.Get[key] = get
    EasyID3.Delete[key] = delete_


_with_txxx_fallback("albumartistsort", "ALBUMARTISTSORT")


class EasyID3FileType(ID3FileType):
    """EasyID3FileType(filething=None)

    A file of unknown format with an ID3 tag, whose ``tags`` are an :class:`EasyID3`.
    """

    __module__ = _MODULE

    ID3 = EasyID3
