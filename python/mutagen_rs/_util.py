"""Shared helpers: the root exception and the read-only dict mixin."""

from __future__ import annotations

from typing import Any, Iterator


class MutagenError(Exception):
    """Base class of every exception this package raises, as in mutagen."""

    __module__ = "mutagen_rs"


class DictMixin:
    """Dict-like behaviour from ``keys()`` and ``__getitem__``, as mutagen's ``DictMixin``."""

    def keys(self) -> list:  # pragma: no cover - overridden
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

    def __bool__(self) -> bool:
        return True

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

    def __getitem__(self, key: Any) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError


class DictProxy(DictMixin):
    """A ``DictMixin`` over a plain dict, as mutagen's ``DictProxy``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.__dict = {}
        super().__init__()

    def __getitem__(self, key: Any) -> Any:
        return self.__dict[key]

    def __setitem__(self, key: Any, value: Any) -> None:
        self.__dict[key] = value

    def __delitem__(self, key: Any) -> None:
        del self.__dict[key]

    def keys(self) -> list:
        return list(self.__dict.keys())


def read_only(*_args: Any, **_kwargs: Any) -> None:
    """Raise: this package reads tags and never writes them."""
    raise MutagenError("mutagen_rs is read-only; use mutagen to write tags")


def as_input(filething: Any) -> tuple:
    """Split what a caller passed into ``(name, native input)``.

    A path (``str``, ``bytes`` or ``os.PathLike``) is passed through for the native side to open;
    a file object is read whole, as its bytes.
    """
    import os

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


def _mutagen_error_like(builtin: type) -> type:
    """A class named like ``builtin`` that is both ``builtin`` and a ``MutagenError``.

    For some malformed files mutagen lets a Python built-in exception escape (``IndexError``,
    ``ValueError``, ``struct.error``, ``ZeroDivisionError``, ``RecursionError``). We raise an exception of the same
    name that ``except IndexError`` still catches, and that ``except MutagenError`` catches too,
    so one broken file never escapes a caller's mutagen error handling.
    """
    return type(builtin.__name__, (MutagenError, builtin), {"__module__": "mutagen_rs"})


import struct as _struct  # noqa: E402

BuiltinIndexError = _mutagen_error_like(IndexError)
BuiltinValueError = _mutagen_error_like(ValueError)
BuiltinZeroDivisionError = _mutagen_error_like(ZeroDivisionError)
BuiltinStructError = _mutagen_error_like(_struct.error)
BuiltinRecursionError = _mutagen_error_like(RecursionError)
