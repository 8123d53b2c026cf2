"""The base classes shared by every format: ``FileType``, ``StreamInfo``, ``Tags``, and ``File()``."""

from __future__ import annotations

from typing import Any, List, Optional

from . import _native
from ._util import DictMixin, MutagenError, as_input, read_only


class StreamInfo:
    """Abstract stream information (length, bitrate, ...) of an audio file."""

    __module__ = "mutagen_rs"

    def pprint(self) -> str:  # pragma: no cover - overridden
        """A one-line summary of the stream."""
        raise NotImplementedError


class Tags:
    """Abstract tag container."""

    __module__ = "mutagen_rs"

    def pprint(self) -> str:  # pragma: no cover - overridden
        """Every tag, one per line."""
        raise NotImplementedError


class Metadata(Tags):
    """Tags that live in a file of their own format (read-only here)."""

    __module__ = "mutagen_rs"

    save = read_only
    delete = read_only


class FileType(DictMixin):
    """An audio file: its stream ``info``, its ``tags`` (or ``None``) and its ``filename``.

    The dict interface reads the tags; a file without tags has no keys.
    """

    __module__ = "mutagen_rs"

    info: Any = None
    tags: Any = None
    filename: Optional[str] = None
    _mimes = ["application/octet-stream"]

    def __init__(self, filething: Any = None, **kwargs: Any) -> None:
        if filething is None:
            return
        name, native_input = as_input(filething)
        self.filename = name
        self._load(name, native_input, **kwargs)

    def _load(self, name: str, native_input: Any, **kwargs: Any) -> None:  # pragma: no cover
        raise NotImplementedError

    @classmethod
    def _from_payload(cls, name: str, payload: Any) -> "FileType":
        """Build an instance from a native payload already parsed by ``open_file``."""
        self = cls.__new__(cls)
        self.filename = name
        self._apply(payload)
        return self

    def _apply(self, payload: Any) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def load(self, filething: Any, **kwargs: Any) -> None:
        """Read ``filething`` again into this object."""
        self.__init__(filething, **kwargs)

    def __getitem__(self, key: Any) -> Any:
        if self.tags is None:
            raise KeyError(key)
        return self.tags[key]

    def keys(self) -> list:
        """The tag keys, or ``[]`` for a file without tags."""
        if self.tags is None:
            return []
        return self.tags.keys()

    def pprint(self) -> str:
        """Stream information, the MIME type, and every tag."""
        stream = "%s (%s)" % (self.info.pprint(), self.mime[0])
        try:
            tags = self.tags.pprint()
        except AttributeError:
            return stream
        return stream + ((tags and "\n" + tags) or "")

    @property
    def mime(self) -> List[str]:
        """The MIME types of this kind of file, most specific first."""
        mimes: List[str] = []
        for kind in type(self).__mro__:
            for mime in getattr(kind, "_mimes", []):
                if mime not in mimes:
                    mimes.append(mime)
        return mimes

    def _first_text(self, keys: tuple) -> Optional[str]:
        tags = self.tags
        if tags is None:
            return None
        for key in keys:
            try:
                value = tags[key]
            except (KeyError, ValueError, TypeError):
                continue
            text = getattr(value, "text", value)
            if isinstance(text, (list, tuple)):
                if text:
                    return str(text[0])
            elif text is not None:
                return str(text)
        return None

    def get_title(self) -> Optional[str]:
        """The first title of the tags (ID3 ``TIT2``, Vorbis ``title``, MP4 ``\xa9nam``), or ``None``.

        A shortcut of this package (mutagen has no such method): one lookup, no loop over the
        tags in Python.
        """
        return self._first_text(("TIT2", "title", "\xa9nam"))

    def get_artist(self) -> Optional[str]:
        """The first artist (``TPE1``, ``artist``, ``\xa9ART``), or ``None``; see :meth:`get_title`."""
        return self._first_text(("TPE1", "artist", "\xa9ART"))

    def get_album(self) -> Optional[str]:
        """The first album (``TALB``, ``album``, ``\xa9alb``), or ``None``; see :meth:`get_title`."""
        return self._first_text(("TALB", "album", "\xa9alb"))

    save = read_only
    delete = read_only
    add_tags = read_only
    __setitem__ = read_only
    __delitem__ = read_only


# Where each kind name of the native detector lives: (module, class name).
_KIND_CLASSES = {
    "MP3": (".mp3", "MP3"),
    "ID3FileType": (".id3", "ID3FileType"),
    "FLAC": (".flac", "FLAC"),
    "OggVorbis": (".oggvorbis", "OggVorbis"),
    "OggOpus": (".oggopus", "OggOpus"),
    "OggFLAC": (".oggflac", "OggFLAC"),
    "OggSpeex": (".oggspeex", "OggSpeex"),
    "OggTheora": (".oggtheora", "OggTheora"),
    "MP4": (".mp4", "MP4"),
}

# Classes already imported, by kind name (filled on first use, so that importing the package
# does not import every format module).
_CLASSES: dict = {}


def _class_for(name: str) -> Optional[type]:
    """The Python class for a kind name from the native detector, if this package reads it."""
    cls = _CLASSES.get(name)
    if cls is not None:
        return cls
    where = _KIND_CLASSES.get(name)
    if where is None:
        return None
    import importlib

    cls = getattr(importlib.import_module(where[0], __package__), where[1])
    _CLASSES[name] = cls
    return cls


def File(filething: Any, options: Any = None, easy: bool = False) -> Optional[FileType]:
    """Guess the type of a file and open it, as ``mutagen.File`` does.

    The type is chosen exactly as mutagen 1.48.1 chooses it. Returns ``None`` when no type
    scores, and also when the winning type is one this package does not read yet (AIFF, ASF,
    WavPack, ...). Raises a ``MutagenError`` subclass when the chosen type fails to load.
    """
    if easy:
        raise MutagenError("mutagen_rs has no easy wrappers")
    if type(filething) is str:
        # The common case: a str path is its own name and native input.
        name = native_input = filething
    else:
        name, native_input = as_input(filething)
    if options is None:
        found = _open_file(name, native_input)
    else:
        names = [getattr(o, "__name__", str(o)) for o in options]
        if not names:
            return None
        found = _open_file(name, native_input, names)
    if found is None:
        return None
    kind, payload = found
    cls = _CLASSES.get(kind) or _class_for(kind)
    if cls is None or payload is None:
        return None
    return cls._from_payload(name, payload)


_open_file = _native.open_file
