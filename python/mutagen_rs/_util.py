"""Shared helpers: the root exception, the dict mixins, file-argument handling and small byte,
bit and text utilities, under the names mutagen's ``_util`` module gives them.

Like mutagen's, these are internal helpers; they are here so that code (and tests) importing
them from ``mutagen._util`` keeps working.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import struct
import sys
from collections import namedtuple
from fnmatch import fnmatchcase
from functools import wraps
from io import BytesIO
from typing import Any, Callable, Iterator, List, Optional, Tuple

# How many bytes the file-editing helpers move per read/write.
_DEFAULT_BUFFER_SIZE = 2 ** 20


class MutagenError(Exception):
    """Base class of every exception this package raises, as in mutagen."""

    __module__ = "mutagen_rs"


# --- small conversions ---------------------------------------------------------------------


def endswith(text: Any, end: Any) -> bool:
    """``text.endswith(end)`` for a path that may be ``str`` or ``bytes``, with ``end`` (ASCII)
    converted to the type of ``text``."""
    if isinstance(text, str):
        if isinstance(end, bytes):
            end = end.decode("ascii")
    elif isinstance(end, str):
        end = end.encode("ascii")
    return text.endswith(end)


def reraise(tp: type, value: Any, tb: Any) -> None:
    """Raise ``tp(value)`` with the traceback ``tb``."""
    raise tp(value).with_traceback(tb)


def bchr(x: int) -> bytes:
    """The one byte of value ``x``."""
    return bytes((x,))


def iterbytes(b: bytes) -> Iterator[bytes]:
    """The bytes of ``b``, each as a ``bytes`` of length one."""
    return (b[i:i + 1] for i in range(len(b)))


def intround(value: float) -> int:
    """``value`` rounded to the nearest ``int``, ties to even."""
    # Imported on first use: only this helper needs it, and importing it with the package
    # raised the per-file instruction counts of the File() gate (ci/py_instructions.py) by 2-3%.
    import decimal

    exact = decimal.Decimal.from_float(value)
    return int(exact.to_integral_value(rounding=decimal.ROUND_HALF_EVEN))


# --- file arguments --------------------------------------------------------------------------


def is_fileobj(fileobj: Any) -> bool:
    """Whether an argument is to be used as a file object (rather than as a path)."""
    if isinstance(fileobj, (str, bytes)):
        return False
    return not hasattr(fileobj, "__fspath__")


def verify_fileobj(fileobj: Any, writable: bool = False) -> None:
    """Check that ``fileobj`` reads bytes (and, with ``writable``, accepts writes).

    Raises:
        ValueError: it is no file object, cannot be read (or written), or is in text mode.
    """
    try:
        probe = fileobj.read(0)
    except Exception:
        if hasattr(fileobj, "read"):
            raise ValueError("Can't read from file object %r" % fileobj)
        raise ValueError("%r not a valid file object" % fileobj)
    if not isinstance(probe, bytes):
        raise ValueError("file object %r not opened in binary mode" % fileobj)
    if not writable:
        return
    try:
        fileobj.write(b"")
    except Exception:
        if hasattr(fileobj, "write"):
            raise ValueError("Can't write to file object %r" % fileobj)
        raise ValueError("%r not a valid file object" % fileobj)


def verify_filename(filename: Any) -> None:
    """Check that ``filename`` is a path (``str``, ``bytes`` or ``os.PathLike``).

    Raises:
        ValueError: it is not.
    """
    if is_fileobj(filename):
        raise ValueError("%r not a filename" % filename)


def fileobj_name(fileobj: Any) -> Any:
    """A name for a file object, for file type detection: its ``name`` as ``str`` or ``bytes``
    (other values converted to ``str``), or ``""``. It need not exist on disk."""
    name = getattr(fileobj, "name", "")
    if isinstance(name, (str, bytes)):
        return name
    return str(name)


FileThing = namedtuple("FileThing", ["fileobj", "filename", "name"])
FileThing.__doc__ = """What a :func:`loadfile` function receives: an open ``fileobj``, the
``filename`` it was opened from (``None`` for a caller's file object) and a ``name`` for type
detection."""


def _open_path(filename: Any, writable: bool, create: bool) -> Tuple[Any, bool]:
    """Open ``filename`` for a :func:`loadfile` function: ``(file object, in_memory)``.

    When read-write opening is not supported by the file system, the file is read into memory
    and ``in_memory`` is true (the caller writes it back). Errors become ``MutagenError``.
    """
    try:
        return open(filename, "rb+" if writable else "rb"), False
    except OSError as e:
        failure = e
    if writable and failure.errno == errno.EOPNOTSUPP:
        try:
            with open(filename, "rb") as h:
                return BytesIO(h.read()), True
        except OSError as e:
            raise MutagenError(e) from e
    if create and failure.errno == errno.ENOENT:
        try:
            return open(filename, "wb+"), False
        except OSError as e:
            raise MutagenError(e) from e
    raise MutagenError(failure) from failure


@contextlib.contextmanager
def _openfile(instance: Any, filething: Any, filename: Any, fileobj: Any, writable: bool,
              create: bool) -> Iterator[FileThing]:
    """The :class:`FileThing` for one call of a :func:`loadfile` function.

    ``filething`` (a path, a path-like, a file object or a ``FileThing``) wins over the
    ``filename`` and ``fileobj`` keywords; a given file object wins over a path. A read (not
    ``writable``) sets ``instance.filename``; a write with no file given uses it.

    Raises:
        MutagenError: the file could not be opened.
        TypeError: there is nothing to open.
        ValueError: a file object or file name of the wrong kind.
    """
    if isinstance(filething, FileThing):
        fileobj, filename, filething = filething.fileobj, filething.filename, None
    if filething is not None:
        if is_fileobj(filething):
            fileobj = filething
        elif hasattr(filething, "__fspath__"):
            filename = filething.__fspath__()
            if not isinstance(filename, (str, bytes)):
                raise TypeError("expected __fspath__() to return a filename")
        else:
            filename = filething

    if instance is not None:
        if not writable:
            instance.filename = filename
        elif filename is None:
            filename = getattr(instance, "filename", None)

    if fileobj is not None:
        verify_fileobj(fileobj, writable=writable)
        yield FileThing(fileobj, filename, filename or fileobj_name(fileobj))
        return
    if filename is None:
        raise TypeError("Missing filename or fileobj argument")

    verify_filename(filename)
    handle, in_memory = _open_path(filename, writable, create)
    with handle:
        yield FileThing(handle, filename, filename)
        if in_memory:
            data = handle.getvalue()
            try:
                with open(filename, "wb") as out:
                    out.write(data)
            except OSError as e:
                raise MutagenError(e) from e


def _file_args(args: tuple, kwargs: dict) -> tuple:
    """Split a :func:`loadfile` call into ``(filething, filename, fileobj, rest_args)``; the
    ``filename`` and ``fileobj`` keywords are removed from ``kwargs``."""
    filename = kwargs.pop("filename", None)
    fileobj = kwargs.pop("fileobj", None)
    if args:
        return args[0], filename, fileobj, args[1:]
    return None, filename, fileobj, args


def loadfile(method: bool = True, writable: bool = False, create: bool = False) -> Callable:
    """Decorate a function whose first argument is a file: it is called with a
    :class:`FileThing` instead, whichever of a path, a path-like, a file object, ``filename=``
    or ``fileobj=`` the caller gave; a path is opened for the call and closed after it.

    Args:
        method (bool): the function is a method (``self`` comes first; a read records the
            file name in ``self.filename``, a write defaults to it)
        writable (bool): open paths read-write; check that file objects are writable
        create (bool): create a missing file (only with ``writable``)
    """
    if create and not writable:
        raise ValueError("create needs writable")

    def decorate(func: Callable) -> Callable:
        if method:
            @wraps(func)
            def bound(self: Any, *args: Any, **kwargs: Any) -> Any:
                filething, filename, fileobj, rest = _file_args(args, kwargs)
                with _openfile(self, filething, filename, fileobj, writable, create) as h:
                    return func(self, h, *rest, **kwargs)

            return bound

        @wraps(func)
        def plain(*args: Any, **kwargs: Any) -> Any:
            filething, filename, fileobj, rest = _file_args(args, kwargs)
            with _openfile(None, filething, filename, fileobj, writable, create) as h:
                return func(h, *rest, **kwargs)

        return plain

    return decorate


def convert_error(exc_src: Any, exc_dest: type) -> Callable:
    """Decorate a function so that ``exc_src`` exceptions it raises are raised again as
    ``exc_dest`` (those that already are ``exc_dest`` pass unchanged)."""

    def decorate(func: Callable) -> Callable:
        @wraps(func)
        def converting(*args: Any, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except exc_dest:
                raise
            except exc_src as err:
                reraise(exc_dest, err, sys.exc_info()[2])

        return converting

    return decorate


def as_input(filething: Any) -> tuple:
    """Split what a caller passed into ``(name, native input)``.

    A path (``str``, ``bytes`` or ``os.PathLike``) is passed through for the native side to open;
    a file object is read whole, as its bytes.
    """
    if hasattr(filething, "read"):
        name = getattr(filething, "name", "")
        if not isinstance(name, (str, bytes)):
            name = ""
        try:
            filething.seek(0)
        except Exception:  # noqa: BLE001 - unseekable objects are read from where they are
            pass
        try:
            data = filething.read()
        except OSError as e:
            raise MutagenError(e) from e
        return os.fsdecode(name), bytes(data)
    # A bytes path goes to the native side as its str form (undecodable bytes as surrogates,
    # which the native side encodes back): bytes given there would be taken as file contents.
    name = os.fsdecode(os.fspath(filething))
    return name, name


# --- class decorators ------------------------------------------------------------------------


def total_ordering(cls: type) -> type:
    """Fill in ``<=``, ``>``, ``>=`` and ``!=`` from the ``__eq__`` and ``__lt__`` that ``cls``
    defines itself."""
    if "__eq__" not in cls.__dict__ or "__lt__" not in cls.__dict__:
        raise TypeError("total_ordering needs __eq__ and __lt__ on the class")

    def le(self: Any, other: Any) -> bool:
        return self == other or self < other

    def gt(self: Any, other: Any) -> bool:
        return not le(self, other)

    def ge(self: Any, other: Any) -> bool:
        return not self < other

    def ne(self: Any, other: Any) -> bool:
        return not self.__eq__(other)

    cls.__le__, cls.__gt__, cls.__ge__, cls.__ne__ = le, gt, ge, ne
    return cls


def hashable(cls: type) -> type:
    """Check that ``cls`` defines ``__eq__`` and a ``__hash__``, and give it the matching
    ``__ne__``."""
    if cls.__dict__.get("__hash__") is None or "__eq__" not in cls.__dict__:
        raise TypeError("hashable needs __eq__ and __hash__ on the class")
    cls.__ne__ = lambda self, other: not self.__eq__(other)
    return cls


def _int_class(cls: type) -> Tuple[type, dict]:
    """An ``int`` subclass with the body of ``cls`` whose upper-case ``int`` attributes are
    instances of it; also the mapping from each such value to its name."""
    if cls.__bases__ != (object,):
        raise TypeError("the class must derive from object only")
    body = dict(cls.__dict__)
    new = type(cls.__name__, (int,), body)
    new.__module__ = cls.__module__
    names = {}
    for attr, value in body.items():
        if isinstance(value, int) and attr == attr.upper():
            setattr(new, attr, new(value))
            names[value] = attr
    return new, names


def enum(cls: type) -> type:
    """Turn a class of upper-case ``int`` constants into an ``int`` subclass whose constants
    print as ``Class.NAME`` (``<Class.NAME: value>`` for ``repr``); other values print as
    plain numbers."""
    new, names = _int_class(cls)

    def text(self: Any) -> str:
        name = names.get(self)
        if name is None:
            return "%d" % int(self)
        return "%s.%s" % (type(self).__name__, name)

    def represent(self: Any) -> str:
        name = names.get(self)
        if name is None:
            return "%d" % int(self)
        return "<%s.%s: %d>" % (type(self).__name__, name, int(self))

    new.__str__ = text
    new.__repr__ = represent
    return new


def flags(cls: type) -> type:
    """Like :func:`enum`, for bit flags: a value prints as its set flags joined by ``" | "``,
    with any bits left over as a number."""
    new, names = _int_class(cls)

    def text(self: Any) -> str:
        rest = int(self)
        parts = []
        for bit, name in names.items():
            if rest & bit:
                parts.append("%s.%s" % (type(self).__name__, name))
                rest &= ~bit
        if rest or not parts:
            parts.append(str(rest))
        return " | ".join(parts)

    def represent(self: Any) -> str:
        return "<%s: %d>" % (text(self), int(self))

    new.__str__ = text
    new.__repr__ = represent
    return new


# --- dicts -----------------------------------------------------------------------------------

_NO_DEFAULT = object()


@total_ordering
class DictMixin:
    """The whole dict API from ``keys()``, ``__getitem__``, ``__setitem__`` and
    ``__delitem__``, as mutagen's ``DictMixin``: a subclass defines those four.

    Objects compare equal to dicts with the same items, and print as such a dict.
    """

    def keys(self) -> Any:  # pragma: no cover - overridden
        """The keys, in order."""
        raise NotImplementedError

    def __getitem__(self, key: Any) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    def __iter__(self) -> Iterator:
        return iter(self.keys())

    def __contains__(self, key: Any) -> bool:
        try:
            self[key]
        except KeyError:
            return False
        return True

    def __len__(self) -> int:
        return len(self.keys())

    def get(self, key: Any, default: Any = None) -> Any:
        """The value for ``key``, or ``default`` when it is missing."""
        try:
            return self[key]
        except KeyError:
            return default

    def values(self) -> list:
        """Every value, in key order."""
        return [self[k] for k in self.keys()]

    def items(self) -> list:
        """Every ``(key, value)`` pair, in key order."""
        return [(k, self[k]) for k in self.keys()]

    def clear(self) -> None:
        """Delete every key."""
        for key in list(self.keys()):
            del self[key]

    def pop(self, key: Any, *default: Any) -> Any:
        """Delete ``key`` and return its value; without one, return ``default`` if given, else
        raise ``KeyError``."""
        if len(default) > 1:
            raise TypeError("pop expected at most 2 arguments, got %d" % (1 + len(default)))
        try:
            value = self[key]
        except KeyError:
            if default:
                return default[0]
            raise
        del self[key]
        return value

    def popitem(self) -> tuple:
        """Delete the first key and return ``(key, value)``; ``KeyError`` when empty."""
        for key in self.keys():
            return key, self.pop(key)
        raise KeyError("dictionary is empty")

    def update(self, other: Any = None, **kwargs: Any) -> None:
        """Set the items of ``other`` (a mapping or ``(key, value)`` pairs), then ``kwargs``."""
        if other is not None:
            pairs = other.items() if hasattr(other, "items") else other
            for key, value in pairs:
                self[key] = value
        for key, value in kwargs.items():
            self[key] = value

    def setdefault(self, key: Any, default: Any = None) -> Any:
        """The value for ``key``; when missing, set it to ``default`` first."""
        try:
            return self[key]
        except KeyError:
            self[key] = default
            return default

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def __eq__(self, other: Any) -> bool:
        return dict(self.items()) == other

    def __lt__(self, other: Any) -> bool:
        return dict(self.items()) < other

    __hash__ = object.__hash__


class DictProxy(DictMixin):
    """A ``DictMixin`` over a plain dict, as mutagen's ``DictProxy``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.__dict = {}
        super().__init__(*args, **kwargs)

    def __getitem__(self, key: Any) -> Any:
        return self.__dict[key]

    def __setitem__(self, key: Any, value: Any) -> None:
        self.__dict[key] = value

    def __delitem__(self, key: Any) -> None:
        del self.__dict[key]

    def _update_unchecked(self, items: Any) -> None:
        """Set each ``(key, value)`` of ``items`` as ``DictProxy.__setitem__`` would, past any
        check a subclass's ``__setitem__`` makes: for values read from a file."""
        self.__dict.update(items)

    def keys(self) -> list:
        """The keys, in insertion order."""
        return list(self.__dict.keys())


def dict_match(d: dict, key: Any, default: Any = None) -> Any:
    """``d[key]`` where the keys of ``d`` are shell-style patterns (``*``, ``?``, ``[...]``):
    an exact key wins, else the first pattern matching ``key``, else ``default``."""
    if "[" not in key:
        try:
            return d[key]
        except KeyError:
            pass
    for pattern, value in d.items():
        if fnmatchcase(key, pattern):
            return value
    return default


# --- packed numbers --------------------------------------------------------------------------

# (struct code, C name, bit count) of the integer sizes ``cdata`` converts.
_CDATA_SIZES = (("b", "char", 8), ("h", "short", 16), ("i", "int", 32), ("q", "longlong", 64))


def _cdata_functions() -> dict:
    """Every converter of ``cdata``, by name."""
    out: dict = {}
    for code, cname, bits in _CDATA_SIZES:
        for signed in (True, False):
            u = "" if signed else "u"
            if signed:
                low, high = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
            else:
                low, high = 0, 2 ** bits - 1
            for base in (u + cname, "%sint%d" % (u, bits)):
                out[base + "_min"] = low
                out[base + "_max"] = high
            orders = (("", "<"),) if bits == 8 else (("_le", "<"), ("_be", ">"))
            for suffix, order in orders:
                packer = struct.Struct(order + (code if signed else code.upper()))
                pack = packer.pack

                def read(data: bytes, _p: struct.Struct = packer) -> int:
                    return _p.unpack(data)[0]

                def read_from(data: bytes, offset: int = 0, _p: struct.Struct = packer) -> tuple:
                    return _p.unpack_from(data, offset)[0], offset + _p.size

                for base in (u + cname, "%sint%d" % (u, bits)):
                    out[base + suffix] = read
                    out[base + suffix + "_from"] = read_from
                    out["to_" + base + suffix] = pack
    return out


class cdata:
    """Conversions between packed C integers and Python ints.

    For each of ``char``/``short``/``int``/``longlong`` (also named ``int8`` ... ``int64``),
    unsigned with a ``u`` prefix, and little or big endian with ``_le``/``_be`` (none for the
    one-byte types): ``uint32_le(data)`` reads, ``uint32_le_from(data, offset=0)`` reads at an
    offset and returns ``(value, next_offset)``, ``to_uint32_le(n)`` packs; ``uint32_min`` and
    ``uint32_max`` are the range. ``error`` is raised for data of the wrong size.
    """

    error = struct.error

    bitswap = bytes(int("{:08b}".format(v)[::-1], 2) for v in range(256))
    """Each byte value with its bit order reversed, as a translation table."""

    @staticmethod
    def test_bit(value: int, n: int) -> bool:
        """Whether bit ``n`` (0 the lowest) of ``value`` is set."""
        return bool(value >> n & 1)


for _name, _value in _cdata_functions().items():
    setattr(cdata, _name, staticmethod(_value) if callable(_value) else _value)
del _name, _value


# --- file objects ----------------------------------------------------------------------------


def get_size(fileobj: Any) -> int:
    """The size of a seekable file object; its position is kept."""
    here = fileobj.tell()
    try:
        fileobj.seek(0, 2)
        return fileobj.tell()
    finally:
        fileobj.seek(here, 0)


def read_full(fileobj: Any, size: int) -> bytes:
    """Exactly ``size`` bytes from ``fileobj``.

    Raises:
        ValueError: ``size`` is negative.
        IOError: fewer bytes were left.
    """
    if size < 0:
        raise ValueError("size must not be negative")
    data = fileobj.read(size)
    if len(data) != size:
        raise IOError
    return data


def seek_end(fileobj: Any, offset: int) -> None:
    """Seek to ``offset`` bytes before the end, or to the start when the file is shorter.

    Raises:
        ValueError: ``offset`` is negative.
    """
    if offset < 0:
        raise ValueError("offset must not be negative")
    if offset > get_size(fileobj):
        fileobj.seek(0, 0)
    else:
        fileobj.seek(-offset, 2)


def resize_file(fobj: Any, diff: int, BUFFER_SIZE: int = _DEFAULT_BUFFER_SIZE) -> None:
    """Grow the file by ``diff`` zero bytes, or shrink it by ``-diff`` bytes at its end.

    When growing fails for lack of space, the file is cut back to its old size before the
    error is raised again.

    Raises:
        ValueError: shrinking by more than the file holds.
        IOError
    """
    fobj.seek(0, 2)
    size = fobj.tell()
    if diff < 0:
        if size + diff < 0:
            raise ValueError("cannot shrink the file below zero bytes")
        fobj.truncate(size + diff)
        return
    if diff == 0:
        return
    try:
        left = diff
        while left > 0:
            step = min(left, BUFFER_SIZE)
            fobj.write(bytes(step))
            left -= step
        fobj.flush()
    except OSError as e:
        if e.errno == errno.ENOSPC:
            fobj.truncate(size)
        raise


def move_bytes(fobj: Any, dest: int, src: int, count: int,
               BUFFER_SIZE: int = _DEFAULT_BUFFER_SIZE) -> None:
    """Copy the ``count`` bytes at ``src`` to ``dest`` in the file (the areas may overlap).

    Raises:
        ValueError: a negative argument, or an area outside the file.
        IOError
    """
    if min(dest, src, count) < 0:
        raise ValueError("offsets and count must not be negative")
    fobj.seek(0, 2)
    size = fobj.tell()
    if max(dest, src) + count > size:
        raise ValueError("area outside of file")
    # Copy in chunks, front to back when moving towards the start, back to front otherwise,
    # so that no chunk overwrites bytes still to be read.
    if dest < src:
        starts = range(0, count, BUFFER_SIZE)
    else:
        starts = range(((count - 1) // BUFFER_SIZE) * BUFFER_SIZE, -1, -BUFFER_SIZE) if count else ()
    for start in starts:
        length = min(BUFFER_SIZE, count - start)
        fobj.seek(src + start)
        chunk = fobj.read(length)
        fobj.seek(dest + start)
        fobj.write(chunk)
    fobj.flush()


def insert_bytes(fobj: Any, size: int, offset: int,
                 BUFFER_SIZE: int = _DEFAULT_BUFFER_SIZE) -> None:
    """Insert ``size`` bytes at ``offset`` of a file open for reading and writing (the new
    bytes hold what was there before; callers overwrite them).

    Raises:
        ValueError: a negative argument, or ``offset`` past the end.
        IOError
    """
    if size < 0 or offset < 0:
        raise ValueError("size and offset must not be negative")
    fobj.seek(0, 2)
    end = fobj.tell()
    if offset > end:
        raise ValueError("offset past the end of the file")
    resize_file(fobj, size, BUFFER_SIZE)
    move_bytes(fobj, offset + size, offset, end - offset, BUFFER_SIZE)


def delete_bytes(fobj: Any, size: int, offset: int,
                 BUFFER_SIZE: int = _DEFAULT_BUFFER_SIZE) -> None:
    """Remove the ``size`` bytes at ``offset`` of a file open for reading and writing.

    Raises:
        ValueError: a negative argument, or an area past the end.
        IOError
    """
    if size < 0 or offset < 0:
        raise ValueError("size and offset must not be negative")
    fobj.seek(0, 2)
    end = fobj.tell()
    after = end - offset - size
    if after < 0:
        raise ValueError("area past the end of the file")
    move_bytes(fobj, offset, offset + size, after, BUFFER_SIZE)
    resize_file(fobj, -size, BUFFER_SIZE)


def resize_bytes(fobj: Any, old_size: int, new_size: int, offset: int) -> None:
    """Make the area of ``old_size`` bytes at ``offset`` ``new_size`` bytes long, adding or
    removing bytes at its end."""
    if new_size > old_size:
        insert_bytes(fobj, new_size - old_size, offset + old_size)
    elif new_size < old_size:
        delete_bytes(fobj, old_size - new_size, offset + new_size)


# --- text ------------------------------------------------------------------------------------


def encode_endian(text: str, encoding: str, errors: str = "strict", le: bool = True) -> bytes:
    """``text.encode(encoding, errors)``, except that UTF-16 and UTF-32 get the byte order
    ``le`` asks for (with its BOM) rather than the machine's.

    Raises:
        UnicodeEncodeError
        LookupError: an unknown encoding.
    """
    name = codecs.lookup(encoding).name
    if name in ("utf-16", "utf-32"):
        if le:
            bom = codecs.BOM_UTF16_LE if name == "utf-16" else codecs.BOM_UTF32_LE
            return bom + text.encode(name + "-le", errors)
        bom = codecs.BOM_UTF16_BE if name == "utf-16" else codecs.BOM_UTF32_BE
        return bom + text.encode(name + "-be", errors)
    return text.encode(name, errors)


def decode_terminated(data: bytes, encoding: str, strict: bool = True) -> Tuple[str, bytes]:
    """Decode ``data`` up to the first NUL character: ``(text, bytes after the NUL)``.

    Raises:
        UnicodeError: the data does not decode.
        LookupError: an unknown encoding.
        ValueError: there is no NUL (with ``strict``; without it, all the data is the text).
    """
    info = codecs.lookup(encoding)
    if info.name in ("utf-8", "iso8859-1"):
        # In these two a NUL character is exactly a zero byte.
        end = data.find(b"\x00")
        if end >= 0:
            return data[:end].decode(info.name), data[end + 1:]
        text = data.decode(info.name)
        if strict:
            raise ValueError("not null terminated")
        return text, b""
    decoder = info.incrementaldecoder()
    parts: List[str] = []
    for i in range(len(data)):
        char = decoder.decode(data[i:i + 1])
        if char == "\x00":
            return "".join(parts), data[i + 1:]
        parts.append(char)
    parts.append(decoder.decode(b"", True))
    if strict:
        raise ValueError("not null terminated")
    return "".join(parts), b""


# --- bits ------------------------------------------------------------------------------------


class BitReaderError(Exception):
    """A :class:`BitReader` ran out of data."""


class BitReader:
    """Read a file object bit by bit, most significant bit first."""

    def __init__(self, fileobj: Any) -> None:
        self._fileobj = fileobj
        self._start = fileobj.tell()
        # Bits read from the file but not consumed yet: their value and their count (< 8
        # between calls).
        self._pending = 0
        self._count = 0

    def bits(self, count: int) -> int:
        """The next ``count`` bits as an unsigned int.

        Raises:
            ValueError: ``count`` is negative.
            BitReaderError: not enough data.
        """
        if count < 0:
            raise ValueError("count must not be negative")
        if count > self._count:
            need = (count - self._count + 7) // 8
            data = self._fileobj.read(need)
            if len(data) != need:
                raise BitReaderError("not enough data")
            self._pending = (self._pending << (8 * need)) | int.from_bytes(data, "big")
            self._count += 8 * need
        self._count -= count
        value = self._pending >> self._count
        self._pending &= (1 << self._count) - 1
        return value

    def bytes(self, count: int) -> bytes:
        """The next ``count`` bytes, aligned or not.

        Raises:
            ValueError: ``count`` is negative.
            BitReaderError: not enough data.
        """
        if count < 0:
            raise ValueError("count must not be negative")
        if self._count == 0:
            data = self._fileobj.read(count)
            if len(data) != count:
                raise BitReaderError("not enough data")
            return data
        return self.bits(8 * count).to_bytes(count, "big")

    def skip(self, count: int) -> None:
        """Skip ``count`` bits. Skipping past the end may only fail at the next read.

        Raises:
            ValueError: ``count`` is negative.
            BitReaderError: not enough data.
        """
        if count < 0:
            raise ValueError("count must not be negative")
        if count <= self._count:
            self.bits(count)
            return
        count -= self.align()
        whole, rest = divmod(count, 8)
        self._fileobj.seek(whole, 1)
        self.bits(rest)

    def get_position(self) -> int:
        """How many bits were read or skipped so far."""
        return (self._fileobj.tell() - self._start) * 8 - self._count

    def align(self) -> int:
        """Drop the bits left of the current byte; returns how many were dropped."""
        dropped = self._count
        self._pending = 0
        self._count = 0
        return dropped

    def is_aligned(self) -> bool:
        """Whether the position is at a byte boundary."""
        return self._count == 0


# --- exceptions that are also built-in exceptions ---------------------------------------------


def _mutagen_error_like(builtin: type) -> type:
    """A class named like ``builtin`` that is both ``builtin`` and a ``MutagenError``.

    For some malformed files mutagen lets a Python built-in exception escape (``IndexError``,
    ``ValueError``, ``struct.error``, ``ZeroDivisionError``, ``RecursionError``,
    ``NotImplementedError``; ``KeyError`` and ``UnicodeDecodeError`` have their own classes
    below). We raise an exception of the same
    name that ``except IndexError`` still catches, and that ``except MutagenError`` catches too,
    so one broken file never escapes a caller's mutagen error handling.
    """
    return type(builtin.__name__, (MutagenError, builtin), {"__module__": "mutagen_rs"})


BuiltinIndexError = _mutagen_error_like(IndexError)
BuiltinValueError = _mutagen_error_like(ValueError)
BuiltinZeroDivisionError = _mutagen_error_like(ZeroDivisionError)
BuiltinStructError = _mutagen_error_like(struct.error)
BuiltinRecursionError = _mutagen_error_like(RecursionError)
BuiltinOverflowError = _mutagen_error_like(OverflowError)


class BuiltinKeyError(MutagenError, KeyError):
    """A ``KeyError`` that is also a ``MutagenError`` (mutagen's ASF reader lets one escape for
    an unknown attribute type). Made from the key's text; a number is kept as an ``int``, as
    the key mutagen's lookup failed on."""

    def __init__(self, key: Any) -> None:
        if isinstance(key, str) and key.isdigit():
            key = int(key)
        KeyError.__init__(self, key)


BuiltinKeyError.__name__ = BuiltinKeyError.__qualname__ = "KeyError"
BuiltinKeyError.__module__ = "mutagen_rs"
BuiltinNotImplementedError = _mutagen_error_like(NotImplementedError)


class BuiltinUnicodeDecodeError(MutagenError, UnicodeDecodeError):
    """A ``UnicodeDecodeError`` that is also a ``MutagenError`` (mutagen's ASF reader lets
    one escape for a name or text that is no UTF-16). Made from the whole message, as
    Python's decoder words it; the bytes are not kept."""

    def __init__(self, message: str) -> None:
        UnicodeDecodeError.__init__(self, "utf-16-le", b"", 0, 0, message)
        self._message = message

    def __str__(self) -> str:
        return self._message


BuiltinUnicodeDecodeError.__name__ = BuiltinUnicodeDecodeError.__qualname__ = "UnicodeDecodeError"
BuiltinUnicodeDecodeError.__module__ = "mutagen_rs"
