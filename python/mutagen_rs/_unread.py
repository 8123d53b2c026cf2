"""The one way formats this package does not read yet refuse to read.

mutagen has modules for AIFF, WAVE, DSF, DSDIFF, APEv2 (and the formats tagged with it),
AC3, AAC, SMF, ... Their readers will come in the native core, one format at a time. Until then
the modules exist with mutagen's names, so that code importing them keeps working, and every
class that would read a file raises the module's error instead, saying so.
"""

from __future__ import annotations

from functools import wraps
from typing import Any, Callable, NoReturn

_MESSAGE = "mutagen_rs does not read %s yet"


def refuse(error: type, what: str) -> NoReturn:
    """Raise ``error`` saying that this package does not read ``what`` (e.g. ``"AIFF files"``)."""
    raise error(_MESSAGE % what)


def refuser(error: type, what: str) -> Callable:
    """A function taking any arguments that raises ``error`` for ``what``; for module-level
    functions and methods that would read a file."""

    def refused(*_args: Any, **_kwargs: Any) -> NoReturn:
        refuse(error, what)

    refused.__doc__ = "Raise ``%s``: %s." % (error.__name__, _MESSAGE % what)
    return refused


def unread(error: type, what: str, empty: bool = False, methods: tuple = ()) -> Callable:
    """Decorate a class of a format not read yet: making an instance from a file raises
    ``error`` (see :func:`refuse`), and so does ``load``.

    Args:
        error: the module's ``MutagenError`` subclass to raise
        what: what is not read, e.g. ``"AIFF files"``
        empty: an instance made with no file (no arguments, or only ``None``) is allowed (an
            empty file type or tag, as mutagen allows); otherwise every instantiation raises
        methods: names of further methods that raise
    """

    def decorate(cls: type) -> type:
        original = cls.__init__

        @wraps(original)
        def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
            given = [a for a in (*args, *kwargs.values()) if a is not None]
            if given or not empty:
                refuse(error, what)
            original(self)

        cls.__init__ = __init__
        for name in ("load",) + tuple(methods):
            setattr(cls, name, refuser(error, what))
        return cls

    return decorate

