"""iTunes MP4 metadata seen through Vorbis-like keys (``"title"``, ``"tracknumber"``...), as
``mutagen.easymp4`` shows it.

``EasyMP4Tags`` holds an ordinary :class:`mutagen_rs.mp4.MP4Tags` and translates every key to
its items when it is read, set or deleted; ``EasyMP4`` is an ``MP4`` whose tags are an
``EasyMP4Tags``. The key registries ``Get``, ``Set``, ``Delete`` and ``List`` are extended with
``RegisterKey`` and its shortcuts.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional

from ._file import Tags
from ._util import DictMixin, dict_match
from .mp4 import MP4, MP4Tags, delete, error

__all__ = ["EasyMP4Tags", "EasyMP4", "delete", "error"]

_MODULE = "mutagen_rs.easymp4"


class EasyMP4KeyError(error, KeyError, ValueError):
    """A key that no handler of ``EasyMP4Tags`` knows (a ``KeyError`` and a ``ValueError``)."""

    __module__ = _MODULE


_Getter = Callable[[MP4Tags, str], List[str]]
_Setter = Callable[[MP4Tags, str, List[str]], None]
_Deleter = Callable[[MP4Tags, str], None]
_Lister = Callable[[MP4Tags, str], List[str]]

_UINT16_MAX = 2 ** 16 - 1


class EasyMP4Tags(DictMixin, Tags):
    """EasyMP4Tags()

    iTunes metadata with case-insensitive Vorbis-style keys whose values are lists of
    ``str``. Only registered keys are known; for everything else use :class:`MP4` itself.
    """

    __module__ = _MODULE

    Get: Dict[str, _Getter] = {}
    Set: Dict[str, _Setter] = {}
    Delete: Dict[str, _Deleter] = {}
    List: Dict[str, _Lister] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.__mp4 = MP4Tags(*args, **kwargs)

    @classmethod
    def _from_payload(cls, payload: Any) -> "EasyMP4Tags":
        """Wrap the tags built from a native MP4 payload (used by ``MP4``)."""
        self = cls()
        self.__mp4 = MP4Tags._from_payload(payload)
        return self

    load = property(lambda self: self.__mp4.load, doc="The ``load`` method of the wrapped tags.")
    save = property(lambda self: self.__mp4.save, doc="The ``save`` method of the wrapped tags.")
    delete = property(lambda self: self.__mp4.delete, doc="The ``delete`` method of the wrapped tags.")

    filename = property(lambda self: self.__mp4.filename,
                        lambda self, value: setattr(self.__mp4, "filename", value),
                        doc="The file name of the wrapped tags.")

    @property
    def _padding(self) -> int:
        return self.__mp4._padding

    @classmethod
    def RegisterKey(cls, key: str, getter: Optional[_Getter] = None, setter: Optional[_Setter] = None,
                    deleter: Optional[_Deleter] = None, lister: Optional[_Lister] = None) -> None:
        """Register the handlers of a key (a name or a glob pattern, stored lower case).

        ``getter(tags, key)`` returns the values or raises ``KeyError``; ``setter(tags, key,
        values)`` stores a list of ``str``; ``deleter(tags, key)`` removes the key;
        ``lister(tags, key)`` returns the keys present that the getter answers, for
        ``keys()``. ``tags`` is the wrapped :class:`~mutagen_rs.mp4.MP4Tags` and ``key`` is lower
        case. Handlers left as ``None`` keep any registered before.
        """
        key = key.lower()
        for registry, handler in ((cls.Get, getter), (cls.Set, setter), (cls.Delete, deleter),
                                  (cls.List, lister)):
            if handler is not None:
                registry[key] = handler

    @classmethod
    def RegisterTextKey(cls, key: str, atomid: str) -> None:
        """Register a key that is one text item, e.g. ``RegisterTextKey("artist", "\\xa9ART")``."""

        def get(tags: MP4Tags, key: str) -> List[str]:
            return tags[atomid]

        def set_(tags: MP4Tags, key: str, value: List[str]) -> None:
            tags[atomid] = value

        cls.RegisterKey(key, get, set_, _deleter(atomid))

    @classmethod
    def RegisterIntKey(cls, key: str, atomid: str, min_value: int = 0,
                       max_value: int = _UINT16_MAX) -> None:
        """Register a key that is an integer item (``tmpo``...); values set are clamped to
        ``[min_value, max_value]``."""

        def get(tags: MP4Tags, key: str) -> List[str]:
            return [str(v) for v in tags[atomid]]

        def set_(tags: MP4Tags, key: str, value: List[str]) -> None:
            tags[atomid] = [_clamp(int(v), min_value, max_value) for v in value]

        cls.RegisterKey(key, get, set_, _deleter(atomid))

    @classmethod
    def RegisterIntPairKey(cls, key: str, atomid: str, min_value: int = 0,
                           max_value: int = _UINT16_MAX) -> None:
        """Register a key that is a number-and-total item (``trkn``, ``disk``): values read
        and set as ``"3"`` or ``"3/10"``, clamped to ``[min_value, max_value]``."""

        def get(tags: MP4Tags, key: str) -> List[str]:
            return ["%d/%d" % (n, total) if total else str(n) for n, total in tags[atomid]]

        def set_(tags: MP4Tags, key: str, value: List[str]) -> None:
            pairs = []
            for v in value:
                try:
                    n, total = v.split("/")
                    pair = (_clamp(int(n), min_value, max_value),
                            _clamp(int(total), min_value, max_value))
                except (ValueError, TypeError):
                    # Not "n/total": a number alone (anything else raises ValueError).
                    pair = (_clamp(int(v), min_value, max_value), min_value)
                pairs.append(pair)
            tags[atomid] = pairs

        cls.RegisterKey(key, get, set_, _deleter(atomid))

    @classmethod
    def RegisterFreeformKey(cls, key: str, name: str, mean: str = "com.apple.iTunes") -> None:
        """Register a key that is the freeform item ``----:mean:name``, e.g.
        ``RegisterFreeformKey("musicbrainz_artistid", "MusicBrainz Artist Id")``; values are
        stored as UTF-8."""
        atomid = "----:" + mean + ":" + name

        def get(tags: MP4Tags, key: str) -> List[str]:
            return [v.decode("utf-8", "replace") for v in tags[atomid]]

        def set_(tags: MP4Tags, key: str, value: List[str]) -> None:
            encoded = []
            for v in value:
                if not isinstance(v, str):
                    raise TypeError("%r not str" % v)
                encoded.append(v.encode("utf-8"))
            tags[atomid] = encoded

        cls.RegisterKey(key, get, set_, _deleter(atomid))

    def __getitem__(self, key: str) -> List[str]:
        key = key.lower()
        func = dict_match(self.Get, key)
        if func is None:
            raise EasyMP4KeyError("%r is not a valid key" % key)
        return func(self.__mp4, key)

    def __setitem__(self, key: str, value: Any) -> None:
        key = key.lower()
        if isinstance(value, str):
            value = [value]
        func = dict_match(self.Set, key)
        if func is None:
            raise EasyMP4KeyError("%r is not a valid key" % key)
        func(self.__mp4, key, value)

    def __delitem__(self, key: str) -> None:
        key = key.lower()
        func = dict_match(self.Delete, key)
        if func is None:
            raise EasyMP4KeyError("%r is not a valid key" % key)
        func(self.__mp4, key)

    def keys(self) -> List[str]:
        """The keys present, in registry order."""
        keys: List[str] = []
        for key in self.Get:
            lister = self.List.get(key)
            if lister is not None:
                keys.extend(lister(self.__mp4, key))
            elif key in self:
                keys.append(key)
        return keys

    def pprint(self) -> str:
        """Every value as ``key=value``, one per line, sorted by key."""
        return "\n".join("%s=%s" % (key, value) for key in sorted(self.keys()) for value in self[key])


def _clamp(value: int, low: int, high: int) -> int:
    return int(min(max(low, value), high))


def _deleter(atomid: str) -> _Deleter:
    def delete_(tags: MP4Tags, key: str) -> None:
        del tags[atomid]

    return delete_


# -- The registry (its order is the order of ``keys()``) -------------------------------------------

for _key, _atomid in (
    ("title", "\xa9nam"), ("album", "\xa9alb"), ("artist", "\xa9ART"), ("albumartist", "aART"),
    ("date", "\xa9day"), ("comment", "\xa9cmt"), ("description", "desc"), ("grouping", "\xa9grp"),
    ("genre", "\xa9gen"), ("copyright", "cprt"), ("albumsort", "soal"), ("albumartistsort", "soaa"),
    ("artistsort", "soar"), ("titlesort", "sonm"), ("composersort", "soco"),
):
    EasyMP4Tags.RegisterTextKey(_key, _atomid)

for _key, _name in (
    ("musicbrainz_artistid", "MusicBrainz Artist Id"),
    ("musicbrainz_trackid", "MusicBrainz Track Id"),
    ("musicbrainz_albumid", "MusicBrainz Album Id"),
    ("musicbrainz_albumartistid", "MusicBrainz Album Artist Id"),
    ("musicip_puid", "MusicIP PUID"),
    ("musicbrainz_albumstatus", "MusicBrainz Album Status"),
    ("musicbrainz_albumtype", "MusicBrainz Album Type"),
    ("releasecountry", "MusicBrainz Release Country"),
):
    EasyMP4Tags.RegisterFreeformKey(_key, _name)

EasyMP4Tags.RegisterIntKey("bpm", "tmpo")
EasyMP4Tags.RegisterIntPairKey("tracknumber", "trkn")
EasyMP4Tags.RegisterIntPairKey("discnumber", "disk")

del _key, _atomid, _name


class EasyMP4(MP4):
    """EasyMP4(filething)

    An MP4 file whose ``tags`` are an :class:`EasyMP4Tags` (``info`` is the usual
    ``MP4Info``). The registries and registration methods of ``EasyMP4Tags`` are reachable
    from this class too.
    """

    __module__ = _MODULE

    MP4Tags = EasyMP4Tags

    Get = EasyMP4Tags.Get
    Set = EasyMP4Tags.Set
    Delete = EasyMP4Tags.Delete
    List = EasyMP4Tags.List
    RegisterTextKey = EasyMP4Tags.RegisterTextKey
    RegisterKey = EasyMP4Tags.RegisterKey
