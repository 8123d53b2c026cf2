"""Describe what a mutagen-like library read from a file, so two libraries can be compared.

``describe(obj)`` turns a FileType (or tags object, or exception) into plain data: class names,
every public attribute of ``info`` and ``tags``, every tag key with the ``repr`` and ``str`` of its
value, ``pprint()`` and extra public attributes such as ``pictures``. Running it over
``mutagen.X(path)`` and ``mutagen_rs.X(path)`` and comparing the results is the differential test.
"""

from __future__ import annotations

import enum
import re
from typing import Any

_ADDR = re.compile(r" at 0x[0-9a-fA-F]+")
_SKIP_ATTRS = {"filename"}


def _norm(text: str) -> str:
    """Remove what legitimately differs between the two libraries: module names, addresses."""
    return _ADDR.sub(" at 0x?", text.replace("mutagen_rs", "mutagen"))


def _is_plain(value: Any) -> bool:
    return isinstance(value, (str, bytes, int, float, bool, type(None), enum.Enum))


def public_attrs(obj: Any) -> list:
    """The public, non-callable attribute names of ``obj`` (including properties)."""
    names = []
    for name in dir(obj):
        if name.startswith("_") or name in _SKIP_ATTRS:
            continue
        try:
            value = getattr(obj, name)
        except Exception as e:  # noqa: BLE001 - a raising property is part of the behaviour
            names.append((name, ("raises", type(e).__name__)))
            continue
        if callable(value) and not _is_plain(value):
            continue
        names.append((name, value))
    return names


def value(v: Any, depth: int = 0) -> Any:
    """Plain data for one value: exact for plain types, recursive for containers and objects."""
    if type(v).__name__ == "Blob" and type(v).__module__ == "mutagen_rs._native":
        # The zero-copy build's binary values: compared as the bytes they hold (their type is
        # checked in test_zero_copy.py).
        return bytes(v)
    if isinstance(v, enum.Enum):
        return ("enum", type(v).__name__, _norm(repr(v)), int(v) if isinstance(v, int) else None)
    if isinstance(v, float):
        return ("float", repr(v))
    if isinstance(v, (bool, int)):
        return (type(v).__name__, repr(v), _norm(str(v)))
    if isinstance(v, (str, bytes, type(None))):
        return v
    if isinstance(v, (list, tuple)) and type(v) in (list, tuple):
        return [type(v).__name__] + [value(x, depth + 1) for x in v]
    if isinstance(v, dict) and type(v) is dict:
        return sorted((repr(k), value(x, depth + 1)) for k, x in v.items())
    out: dict = {"class": type(v).__name__, "repr": _norm(repr(v))}
    try:
        out["str"] = _norm(str(v))
    except Exception as e:  # noqa: BLE001
        out["str"] = ("raises", type(e).__name__)
    if isinstance(v, (str, bytes, int, float)):
        # Subclasses of plain types (ID3TimeStamp-like, MP4FreeForm, ...): their plain value.
        out["plain"] = value(type(v).__mro__[-2](v), depth + 1) if not isinstance(v, bool) else v
    if isinstance(v, (list, tuple)):
        out["items"] = [value(x, depth + 1) for x in v]
    if depth < 4:
        out["attrs"] = [(n, value(a, depth + 1)) for n, a in public_attrs(v)]
    return out


def describe_tags(tags: Any) -> Any:
    """Every key (in order) and value of a tags object, and its public attributes."""
    if tags is None:
        return None
    keys = list(tags.keys())
    out: dict = {
        "class": type(tags).__name__,
        "keys": [value(k) for k in keys],
        "values": [(value(k), value(tags[k])) for k in keys],
        "pprint": _norm(tags.pprint()),
    }
    attrs = []
    for name, a in public_attrs(tags):
        if name in ("keys",):
            continue
        attrs.append((name, value(a, 1)))
    out["attrs"] = attrs
    if isinstance(tags, list):
        out["items"] = [value(x) for x in tags]
    return out


def describe(obj: Any) -> Any:
    """Plain data for what a library gave for one file: an exception, ``None`` or a FileType."""
    if isinstance(obj, BaseException):
        return {"raises": type(obj).__name__}
    if obj is None:
        return None
    out: dict = {"class": type(obj).__name__}
    if hasattr(obj, "info") and hasattr(obj, "keys"):
        out["info"] = [(n, value(a, 1)) for n, a in public_attrs(obj.info)]
        out["info_class"] = type(obj.info).__name__
        out["info_pprint"] = _norm(obj.info.pprint())
        out["tags"] = describe_tags(obj.tags)
        out["keys"] = [value(k) for k in obj.keys()]
        out["pprint"] = _norm(obj.pprint())
        out["mime"] = obj.mime
        extra = []
        for name, a in public_attrs(obj):
            if name in ("info", "tags", "mime"):
                continue
            extra.append((name, value(a, 1)))
        out["extra"] = extra
    else:
        out["tags"] = describe_tags(obj)
    return out


def outcome(fn: Any, *args: Any) -> Any:
    """``describe(fn(*args))``, or the description of the exception it raised."""
    try:
        return describe(fn(*args))
    except Exception as e:  # noqa: BLE001 - the exception class is the outcome
        return describe(e)


def first_difference(a: Any, b: Any, path: str = "") -> str | None:
    """A short path to where two descriptions first differ, for readable test failures."""
    if type(a) is not type(b):
        return f"{path}: {a!r:.300} != {b!r:.300}"
    if isinstance(a, dict):
        for k in list(a) + [k for k in b if k not in a]:
            if k not in a or k not in b:
                return f"{path}.{k}: missing on one side"
            d = first_difference(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, (list, tuple)):
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        if len(a) != len(b):
            return f"{path}: length {len(a)} != {len(b)}: {a[len(b):]!r:.300} / {b[len(a):]!r:.300}"
        return None
    if a != b:
        return f"{path}: {a!r:.300} != {b!r:.300}"
    return None
