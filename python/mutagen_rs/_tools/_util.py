"""Helpers of mutagen's command-line tools: escaped splitting."""

from __future__ import annotations

from typing import Any, List, Optional


def split_escape(string: Any, sep: Any, maxsplit: Optional[int] = None,
                 escape_char: Any = "\\") -> List[Any]:
    """Split ``string`` at ``sep`` like ``str.split``, except where ``sep`` is escaped with
    ``escape_char``.

    An escaped ``sep`` or ``escape_char`` stands for itself; before any other character the
    escape character is kept. Works on ``str`` and on ``bytes`` (the parts have the type of
    ``string``). At most ``maxsplit`` splits are made (no limit when ``None``).
    """
    if len(sep) != 1 or len(escape_char) != 1:
        raise ValueError("sep and escape_char must be one character long")
    if isinstance(string, bytes):
        if isinstance(escape_char, str):
            escape_char = escape_char.encode("ascii")
        chars = [string[i:i + 1] for i in range(len(string))]
    else:
        chars = list(string)
    limit = len(string) if maxsplit is None else maxsplit
    empty = string[:0]
    parts: List[Any] = []
    current: List[Any] = []
    pending_escape = False
    for char in chars:
        if pending_escape:
            pending_escape = False
            if char not in (sep, escape_char):
                current.append(escape_char)
            current.append(char)
        elif char == escape_char:
            pending_escape = True
        elif char == sep and len(parts) < limit:
            parts.append(empty.join(current))
            current = []
        else:
            current.append(char)
    parts.append(empty.join(current))
    return parts


__all__ = ["split_escape"]
