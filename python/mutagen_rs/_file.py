"""The base classes shared by every format: ``FileType``, ``StreamInfo``, ``Tags``, and ``File()``."""

from __future__ import annotations

import os
import warnings
from typing import Any, List, Optional

from . import _native
from ._tags import Metadata, Tags  # noqa: F401 - re-exported: the formats import them from here
from ._util import (DictMixin, FileThing, as_input, is_fileobj, loadfile, verify_fileobj,
                    verify_filename)


class StreamInfo:
    """Abstract stream information (length, bitrate, ...) of an audio file."""

    __module__ = "mutagen_rs"

    def pprint(self) -> str:  # pragma: no cover - overridden
        """A one-line summary of the stream."""
        raise NotImplementedError


def _file_source(filething: Any, filename: Any, fileobj: Any) -> tuple:
    """Resolve the file arguments of a load into ``(filename, source)``.

    ``filething`` (a path, a path-like, a file object or a ``FileThing``) wins over the
    ``filename`` and ``fileobj`` keywords, and a file object wins over a path, as with
    mutagen's ``loadfile``. ``filename`` is the path as given (``None`` for a file object given
    alone), ``source`` what :func:`as_input` takes: the file object, or the path.

    Raises:
        TypeError: there is nothing to read.
        ValueError: a file object or file name of the wrong kind.
    """
    if isinstance(filething, FileThing):
        fileobj, filename, filething = filething.fileobj, filething.filename, None
    if filething is not None:
        if is_fileobj(filething):
            fileobj = filething
        else:
            filename = os.fspath(filething)
    if fileobj is not None:
        verify_fileobj(fileobj)
        return filename, fileobj
    if filename is None:
        raise TypeError("Missing filename or fileobj argument")
    verify_filename(filename)
    return os.fspath(filename), filename


class FileType(DictMixin):
    """FileType(filething, **kwargs)

    An audio file: its stream ``info``, its ``tags`` (or ``None``) and its ``filename``
    (``None`` when read from a file object). ``filething`` is a path or a file object; it can
    also be given as ``filename=`` or ``fileobj=``. Subclasses take further options as keywords.

    The dict interface reads the tags; a file without tags has no keys.
    """

    __module__ = "mutagen_rs"

    info: Any = None
    tags: Any = None
    filename: Any = None
    _mimes = ["application/octet-stream"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if not args and not kwargs:
            warnings.warn("FileType constructor requires a filename", DeprecationWarning)
            return
        self.load(*args, **kwargs)

    def load(self, *args: Any, filename: Any = None, fileobj: Any = None, **kwargs: Any) -> None:
        """load(filething, **kwargs)

        Read ``filething`` (a path or a file object; or ``filename=``/``fileobj=``) into this
        object; the format's options follow, as for the constructor.
        """
        # As with mutagen's ``loadfile``, the file is positional or one of the two keywords
        # (``filething=`` is not one of them).
        filething = args[0] if args else None
        if "filething" in kwargs:
            if filething is None and filename is None and fileobj is None:
                raise TypeError("Missing filename or fileobj argument")
            raise TypeError("load() got multiple values for argument 'filething'")
        filename, source = _file_source(filething, filename, fileobj)
        name, native_input = as_input(source)
        self.filename = filename
        self._load(name, native_input, *args[1:], **kwargs)

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

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """How likely a file is of this type, from its name and first bytes: negative when it
        cannot be, higher when more likely (implemented by each format)."""
        raise NotImplementedError

    def __getitem__(self, key: Any) -> Any:
        if self.tags is None:
            raise KeyError(key)
        return self.tags[key]

    def __setitem__(self, key: Any, value: Any) -> None:
        """Set a tag in memory; a file without tags gets them from :meth:`add_tags` first."""
        if self.tags is None:
            self.add_tags()
        self.tags[key] = value

    def __delitem__(self, key: Any) -> None:
        """Delete a tag in memory; ``KeyError`` when it (or any tag) is missing."""
        if self.tags is None:
            raise KeyError(key)
        del self.tags[key]

    def keys(self) -> list:
        """The tag keys, or ``[]`` for a file without tags."""
        if self.tags is None:
            return []
        return self.tags.keys()

    def add_tags(self) -> None:
        """Give the file empty tags (implemented by each format; here ``NotImplementedError``,
        as in mutagen)."""
        raise NotImplementedError("FileType.add_tags")

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

    @loadfile(writable=True)
    def save(self, filething: Any = None, **kwargs: Any) -> None:
        """save(filething=None, **kwargs)

        Save the tags with their own ``save`` (to ``filething``, the file this was read from
        by default), passing ``kwargs`` on; a file without tags is left as it is.
        """
        if self.tags is not None:
            return self.tags.save(filething, **kwargs)
        return None

    @loadfile(writable=True)
    def delete(self, filething: Any = None) -> None:
        """delete(filething=None)

        Remove the tags with their own ``delete`` (from ``filething``, the file this was read
        from by default); a file without tags is left as it is.
        """
        if self.tags is not None:
            return self.tags.delete(filething)
        return None


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
    "AIFF": (".aiff", "AIFF"),
    "WAVE": (".wave", "WAVE"),
    "DSF": (".dsf", "DSF"),
    "DSDIFF": (".dsdiff", "DSDIFF"),
    "AC3": (".ac3", "AC3"),
    "AAC": (".aac", "AAC"),
    "SMF": (".smf", "SMF"),
    "APEv2File": (".apev2", "APEv2File"),
    "WavPack": (".wavpack", "WavPack"),
    "MonkeysAudio": (".monkeysaudio", "MonkeysAudio"),
    "Musepack": (".musepack", "Musepack"),
    "TAK": (".tak", "TAK"),
    "OptimFROG": (".optimfrog", "OptimFROG"),
    "TrueAudio": (".trueaudio", "TrueAudio"),
    "ASF": (".asf", "ASF"),
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


# The easy classes (``File(..., easy=True)``) of the kinds that have one.
_EASY_KIND_CLASSES = {
    "MP3": (".mp3", "EasyMP3"),
    "ID3FileType": (".easyid3", "EasyID3FileType"),
    "MP4": (".easymp4", "EasyMP4"),
    "TrueAudio": (".trueaudio", "EasyTrueAudio"),
}

_EASY_CLASSES: dict = {}


def _easy_class_for(name: str) -> Optional[type]:
    """The class ``File(..., easy=True)`` gives for a kind name: its easy class, if it has one."""
    cls = _EASY_CLASSES.get(name)
    if cls is not None:
        return cls
    where = _EASY_KIND_CLASSES.get(name)
    if where is None:
        return _class_for(name)
    import importlib

    cls = getattr(importlib.import_module(where[0], __package__), where[1])
    _EASY_CLASSES[name] = cls
    return cls


def File(filething: Any = None, options: Any = None, easy: bool = False, *, filename: Any = None,
         fileobj: Any = None) -> Optional[FileType]:
    """File(filething, options=None, easy=False)

    Guess the type of a file and open it, as ``mutagen.File`` does.

    ``filething`` is a path or a file object (or give ``filename=``/``fileobj=``; with both, the
    file object is read and the name is used for detection and kept as ``filename``).
    ``options`` limits the types to choose among; ``easy`` gives the easy classes (``EasyMP3``,
    ``EasyMP4``, ...) where there are some. The type is chosen exactly as mutagen 1.48.1
    chooses it; every one of mutagen's 24 types is read. Returns ``None`` when no type
    scores. Raises a ``MutagenError``
    subclass when the chosen type fails to load.
    """
    if type(filething) is str and filename is None and fileobj is None:
        # The common case: a str path is its own name and native input.
        path = name = native_input = source = filething
    else:
        path, source = _file_source(filething, filename, fileobj)
        name, native_input = as_input(source)
        if path is not None:
            name = os.fsdecode(path)
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
    if easy:
        cls = _easy_class_for(kind)
    else:
        cls = _CLASSES.get(kind) or _class_for(kind)
    if cls is None or payload is None:
        return None
    result = cls._from_payload(name, payload)
    if path is not name:
        result.filename = path
    if kind == "DSF" and is_fileobj(source):
        # DSF keeps the file object it was read from (``info.fmt_chunk.fileobj``).
        result._keep_source(source)
    return result


_open_file = _native.open_file
