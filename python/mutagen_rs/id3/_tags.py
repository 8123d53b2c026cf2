"""The frame dictionary shared by ID3 tags and chapter frames."""

from __future__ import annotations

from typing import Any, List

from .._file import Tags
from .._util import DictProxy, read_only
from ._frames import Frame


class ID3Tags(DictProxy, Tags):
    """Frames keyed by their ``HashKey``, in the order mutagen keeps them."""

    __module__ = "mutagen_rs.id3"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.unknown_frames: List[bytes] = []
        self._unknown_v2_version = 4
        super().__init__()

    def __put(self, key: str, frame: Frame) -> None:
        self._DictProxy__dict[key] = frame

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

    def keys(self) -> Any:
        """The frame keys, in order (a live view, as mutagen gives)."""
        return self._DictProxy__dict.keys()

    def __contains__(self, key: Any) -> bool:
        return key in self._DictProxy__dict

    def __len__(self) -> int:
        return len(self._DictProxy__dict)

    def to_dict(self) -> dict:
        """Every frame in a plain ``dict`` by key, built at once (an addition of this package)."""
        d = self._DictProxy__dict
        return d.to_dict() if hasattr(d, "to_dict") else dict(d)

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def __eq__(self, other: Any) -> bool:
        return dict(self.items()) == other

    def __lt__(self, other: Any) -> bool:
        return dict(self.items()) < other

    __hash__ = object.__hash__

    def __bool__(self) -> bool:
        return bool(self._DictProxy__dict)

    def getall(self, key: str) -> list:
        """Every frame whose key is ``key`` or starts with ``key + ':'``."""
        if key in self:
            return [self[key]]
        prefix = key + ":"
        return [v for k, v in self.items() if k.startswith(prefix)]

    def pprint(self) -> str:
        """Every frame as ``ID=value``, one per line, sorted."""
        return "\n".join(sorted(Frame.pprint(f) for f in self.values()))

    def update_to_v24(self) -> None:
        """Nothing to do: frames are upgraded to ID3v2.4 when they are read."""

    __setitem__ = read_only
    __delitem__ = read_only
    add = read_only
    setall = read_only
    delall = read_only
    loaded_frame = read_only
    update_to_v23 = read_only
    pop = read_only
    popitem = read_only
    clear = read_only
    update = read_only
    setdefault = read_only
