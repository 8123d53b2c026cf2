"""The tag base classes (``Tags``, ``Metadata``) and ``PaddingInfo``, as in mutagen's ``_tags``."""

from __future__ import annotations

from typing import Any, Callable, Optional

from ._util import loadfile, read_only


class PaddingInfo:
    """PaddingInfo(padding, size)

    What a padding callback of ``save`` gets: ``padding`` is the padding left after saving in
    bytes (negative when the new data needs more room than the old padding gives) and ``size``
    the amount of data after the padding. The callback returns the padding to use (>= 0);
    :meth:`get_default_padding` is the default choice.

    The ``save`` methods of ID3, FLAC, Ogg and MP4 files take such callbacks.
    """

    __module__ = "mutagen_rs"

    def __init__(self, padding: int, size: int) -> None:
        self.padding = padding
        self.size = size

    def get_default_padding(self) -> int:
        """The default choice: the padding there is, unless it is negative or larger than
        10 KiB plus 1% of ``size``, in which case 1 KiB plus 0.1% of ``size``."""
        most = 10 * 1024 + self.size // 100
        fresh = 1024 + self.size // 1000
        if 0 <= self.padding <= most:
            return self.padding
        return fresh

    def _get_padding(self, user_func: Optional[Callable[["PaddingInfo"], int]]) -> int:
        """The padding ``user_func`` chooses, or the default without one."""
        if user_func is None:
            return self.get_default_padding()
        return user_func(self)

    def __repr__(self) -> str:
        return "<%s size=%d padding=%d>" % (type(self).__name__, self.size, self.padding)


class Tags:
    """Base class of the tag objects; most have a dict-like interface."""

    __module__ = "mutagen_rs"

    def pprint(self) -> str:  # pragma: no cover - overridden
        """Every tag, one per line."""
        raise NotImplementedError


def _abstract_or_read_only(obj: Any, base: type, method: str) -> None:
    """Raise for a write method: ``NotImplementedError`` on a class that does not implement
    reading (an abstract subclass, as mutagen does), the read-only ``MutagenError`` otherwise."""
    if getattr(type(obj), "load", None) is getattr(base, "load"):
        raise NotImplementedError("%s.%s" % (type(obj).__name__, method))
    read_only()


class Metadata(Tags):
    """Metadata(filething=None, **kwargs)

    Tags stored in a format of their own rather than by a container format (such as ID3).
    With arguments, the constructor reads them with :meth:`load`; without, the tags are empty.
    Formats whose saving this package does not implement raise ``MutagenError`` from ``save``
    and ``delete``; ``ID3`` implements both.
    """

    __module__ = "mutagen_rs"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if args or kwargs:
            self.load(*args, **kwargs)

    @loadfile()
    def load(self, filething: Any, **kwargs: Any) -> None:
        """Read the tags of ``filething`` (implemented by each format)."""
        raise NotImplementedError

    def save(self, filething: Any = None, **kwargs: Any) -> None:
        """Save the tags; here (a format this package does not save) raise ``MutagenError``."""
        _abstract_or_read_only(self, Metadata, "save")

    def delete(self, filething: Any = None) -> None:
        """Remove the tags; here (a format this package does not save) raise ``MutagenError``."""
        _abstract_or_read_only(self, Metadata, "delete")


__all__ = ["Metadata", "PaddingInfo", "Tags"]
