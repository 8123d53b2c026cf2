"""The tag base classes (``Tags``, ``Metadata``) and ``PaddingInfo``, as in mutagen's ``_tags``."""

from __future__ import annotations

from typing import Any, Callable, Optional

from ._util import loadfile


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


class Metadata(Tags):
    """Metadata(filething=None, **kwargs)

    Tags stored in a format of their own rather than by a container format (such as ID3).
    With arguments, the constructor reads them with :meth:`load`; without, the tags are empty.
    Each format implements ``load``, ``save`` and ``delete``; here they raise
    ``NotImplementedError``, as in mutagen.
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
        """Save the tags (implemented by each format)."""
        raise NotImplementedError("%s.save" % type(self).__name__)

    def delete(self, filething: Any = None) -> None:
        """Remove the tags (implemented by each format)."""
        raise NotImplementedError("%s.delete" % type(self).__name__)


__all__ = ["Metadata", "PaddingInfo", "Tags"]
