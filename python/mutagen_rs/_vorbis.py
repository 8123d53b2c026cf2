"""Vorbis comments, shared by FLAC and the Ogg codecs, read as ``mutagen._vorbis`` reads them.

A Vorbis comment block is a vendor string and an ordered list of ``KEY=value`` comments. Keys
are case-insensitive ASCII, a key may appear several times, and values are text.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any, List

from . import _native
from ._file import Tags
from ._util import DictMixin, MutagenError


def is_valid_key(key: str) -> bool:
    """Whether ``key`` may be a Vorbis comment key: non-empty, every character between space
    and ``}`` inclusive, and no ``=``. ``bytes`` raise ``TypeError``."""
    if type(key) is str:
        # The same test for a plain str: printable ASCII is " " to "~", less "=" and "~".
        return key.isascii() and key.isprintable() and "=" not in key and "~" not in key and key != ""
    if isinstance(key, bytes):
        raise TypeError("needs to be str not bytes")
    for c in key:
        if c < " " or c > "}" or c == "=":
            return False
    return bool(key)


istag = is_valid_key


class error(MutagenError):
    """A broken Vorbis comment block."""


class VorbisUnsetFrameError(error):
    """The framing bit after the comments was not set."""


class VorbisEncodingError(error):
    """A comment could not be decoded."""


class VComment(Tags, list):
    """A Vorbis comment block: a list of ``(key, value)`` pairs in file order, plus ``vendor``.

    Constructed with bytes (or a file object), it parses them; any list method works on it.
    """

    vendor = "Mutagen 1.48.1"

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        list.__init__(self)
        self._size = 0
        if data is not None:
            if isinstance(data, bytes):
                data = BytesIO(data)
            elif not hasattr(data, "read"):
                raise TypeError("VComment requires bytes or a file-like")
            start = data.tell()
            self.load(data, *args, **kwargs)
            self._size = data.tell() - start

    def load(self, fileobj: Any, errors: str = "replace", framing: bool = True) -> None:
        """Parse a comment block from a file object, leaving it after the block.

        ``errors`` says what happens to text that is not UTF-8, a comment without ``=`` and a
        key with non-ASCII characters: ``"replace"`` (replacement characters, the key
        ``unknown<index>``, ``?`` for the characters), ``"ignore"`` (dropped, skipped,
        dropped) or ``"strict"`` (``VorbisEncodingError``; bytes that are not UTF-8 raise it
        too). With ``framing``, a set framing bit must follow the comments.
        """
        start = fileobj.tell()
        data = fileobj.read()
        vendor, pairs, size = _native.parse_vorbis_comment(bytes(data), bool(framing), errors)
        self.vendor = vendor
        self.extend(pairs)
        fileobj.seek(start + size)

    @classmethod
    def _from_payload(cls, payload: Any) -> "VComment":
        """Build from the native payload ``(vendor, [(key, value), ...])``."""
        self = cls.__new__(cls)
        list.__init__(self)
        self._size = 0
        vendor, pairs = payload[0], payload[1]
        self.vendor = vendor
        self.extend(pairs)
        return self

    def validate(self) -> bool:
        """Check that the vendor and every key and value are valid; raise ``ValueError`` if not."""
        if not isinstance(self.vendor, str):
            raise ValueError("vendor needs to be str")
        for key, value in self:
            try:
                valid = is_valid_key(key)
            except TypeError:
                valid = False
            if not valid:
                raise ValueError("%r is not a valid key" % key)
            if not isinstance(value, str):
                raise ValueError("%r needs to be str for key %r" % (value, key))
        return True

    def clear(self) -> None:
        """Remove every comment."""
        for item in list(self):
            self.remove(item)

    def write(self, framing: bool = True) -> bytes:
        """The comment block as bytes (validated first), with a framing byte if ``framing``."""
        # The core validates plain comments as it renders them; anything else is validated
        # here (raising mutagen's error), then rendered.
        out = _native.render_vorbis_comment(self.vendor, list(self), bool(framing), True)
        if out is None:
            self.validate()
            out = _native.render_vorbis_comment(self.vendor, [(k, v) for k, v in self], bool(framing))
        return out

    def pprint(self) -> str:
        """Every comment as ``key=value``, one per line."""

        def dec(v: Any) -> str:
            return v if isinstance(v, str) else v.decode("utf-8", "replace")

        return "\n".join("%s=%s" % (dec(k), dec(v)) for k, v in self)


# Native scans of the comment list for VCommentDict, with the plain scans' results; they
# return None (and the plain scan runs) when a comment is not a (str, value) tuple.
_vc_values = _native.vc_values
_vc_keys = _native.vc_keys
_vc_getitem = _native.vc_getitem


class VCommentDict(VComment, DictMixin):
    """A ``VComment`` with dict-like access by case-insensitive key.

    ``comment[key]`` is the list of values of that key; ``len()`` counts values and iteration
    gives ``(key, value)`` pairs, as for the list. ``keys()`` are lower-case.
    """

    def __bool__(self) -> bool:
        return list.__len__(self) != 0

    def __getitem__(self, key: Any) -> Any:
        if type(key) is str:
            # Key check, lower-casing and scan in one native call (None: odd items, plain code).
            values = _vc_getitem(self, key)
            if values is not None:
                return values
        if isinstance(key, slice):
            return list.__getitem__(self, key)
        if not is_valid_key(key):
            raise ValueError
        key = key.lower()
        if type(key) is str:
            values = _vc_values(self, key)
            if values is not None:
                if not values:
                    raise KeyError(key)
                return values
        values = [v for (k, v) in self if k.lower() == key]
        if not values:
            raise KeyError(key)
        return values

    def __delitem__(self, key: Any) -> None:
        if isinstance(key, slice):
            return list.__delitem__(self, key)
        if not is_valid_key(key):
            raise ValueError
        key = key.lower()
        doomed = [x for x in self if x[0].lower() == key]
        if not doomed:
            raise KeyError(key)
        for item in doomed:
            self.remove(item)

    def __contains__(self, key: Any) -> bool:
        if not is_valid_key(key):
            raise ValueError
        key = key.lower()
        if type(key) is str:
            values = _vc_values(self, key)
            if values is not None:
                return bool(values)
        return any(k.lower() == key for k, _v in self)

    def __setitem__(self, key: Any, values: Any) -> None:
        if isinstance(key, slice):
            return list.__setitem__(self, key, values)
        if not is_valid_key(key):
            raise ValueError
        if not isinstance(values, list):
            values = [values]
        try:
            del self[key]
        except KeyError:
            pass
        for value in values:
            self.append((key, value))

    def keys(self) -> List[str]:
        """Every distinct key, lower-cased (in the order of a ``set``, as mutagen gives them)."""
        keys = _vc_keys(self)
        if keys is None:
            keys = [k.lower() for k, v in self]
        return list(set(keys))

    def as_dict(self) -> dict:
        """A plain ``dict`` of every key and its list of values."""
        return dict([(key, self[key]) for key in self.keys()])

    def popitem(self) -> Any:
        """Remove some key and return ``(key, values)``."""
        for key in self.keys():
            break
        else:
            raise KeyError("dictionary is empty")
        value = self[key]
        del self[key]
        return key, value

