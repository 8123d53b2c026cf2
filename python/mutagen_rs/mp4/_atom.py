"""The atom (box) tree of an MPEG-4 file, as ``mutagen.mp4._atom`` exposes it.

The native core walks the atoms, reading through the caller's file object; ``Atom`` and
``Atoms`` are views of what it returns. Like mutagen's, these are internal helpers: the tree
they build can be handed to ``MP4Info``, ``MP4Tags`` and ``MP4Chapters``.
"""

from __future__ import annotations

import struct
from typing import Any, Iterator, List, Optional

from .. import _native

__all__ = ["Atom", "Atoms", "AtomError"]


class AtomError(Exception):
    """An atom is malformed or truncated, or the file object failed while it was read."""


class Atom(object):
    """One atom, read from the current position of a file object.

    Attributes: ``name`` (four ``bytes``), ``offset`` (of its size field in the file),
    ``length`` (header included), ``datalength`` (without the header) and ``children``
    (a list of ``Atom`` for the containers mutagen looks into, else ``None``).

    Reading leaves the file object after the atom. ``level`` is the nesting depth: only an
    atom at level 0 may have a size of 0 (extending to the end of the file).
    """

    children: Optional[List["Atom"]] = None

    def __init__(self, fileobj: Any, level: int = 0) -> None:
        try:
            offset = fileobj.tell()
            tree, end = _native.mp4_atom(fileobj, offset, level)
            fileobj.seek(end, 0)
        except OSError as e:
            raise AtomError(e) from e
        self._set(tree)

    def _set(self, tree: tuple) -> None:
        self.name, self.offset, self.length, self._dataoffset, children = tree
        if children is not None:
            self.children = [Atom._from_tree(c) for c in children]

    @classmethod
    def _from_tree(cls, tree: tuple) -> "Atom":
        """An atom from the native ``(name, offset, length, data_offset, children)``."""
        self = cls.__new__(cls)
        self._set(tree)
        return self

    @property
    def datalength(self) -> int:
        """The length of the payload (the atom without its header)."""
        return self.length - (self._dataoffset - self.offset)

    def read(self, fileobj: Any) -> tuple:
        """``(complete, payload)``: the payload read from ``fileobj``, and whether all of it
        was there."""
        fileobj.seek(self._dataoffset, 0)
        data = fileobj.read(self.datalength)
        return len(data) == self.datalength, data

    @staticmethod
    def render(name: bytes, data: bytes) -> bytes:
        """An atom named ``name`` around the payload ``data``: a 32-bit size, or the size 1
        followed by a 64-bit size when the atom does not fit in 32 bits."""
        size = len(data) + 8
        if size <= 0xFFFFFFFF:
            return struct.pack(">I4s", size, name) + data
        return struct.pack(">I4sQ", 1, name, size + 8) + data

    def findall(self, name: bytes, recursive: bool = False) -> Iterator["Atom"]:
        """The children named ``name``, in order; with ``recursive``, their descendants too
        (depth first)."""
        for child in self.children or ():
            if child.name == name:
                yield child
            if recursive:
                yield from child.findall(name, True)

    def __getitem__(self, remaining: Any) -> "Atom":
        """The atom at a path of names below this one (``atom[b"udta", b"meta"]``), the first
        match at each step; the empty path is this atom. ``KeyError`` when there is none."""
        atom = self
        for name in remaining:
            if atom.children is None:
                raise KeyError("%r is not a container" % atom.name)
            for child in atom.children:
                if child.name == name:
                    atom = child
                    break
            else:
                raise KeyError("%r not found" % name)
        return atom

    def __repr__(self) -> str:
        head = "<%s name=%r length=%r offset=%r" % (
            type(self).__name__, self.name, self.length, self.offset)
        if self.children is None:
            return head + ">"
        lines = [" " + line for child in self.children for line in repr(child).splitlines()]
        return "%s\n%s>" % (head, "\n".join(lines))


class Atoms(object):
    """The top-level atoms of a file object, read from its start: ``atoms`` is their list.

    Index by a dotted path (``atoms[b"moov.udta"]``) or a sequence of names; ``in`` tests a
    path the same way.
    """

    def __init__(self, fileobj: Any) -> None:
        self.atoms: List[Atom] = []
        try:
            fileobj.seek(0, 2)
            end = fileobj.tell()
            fileobj.seek(0)
            while fileobj.tell() + 8 <= end:
                self.atoms.append(Atom(fileobj))
        except OSError as e:
            raise AtomError(e) from e

    def path(self, *names: bytes) -> List[Atom]:
        """The atoms along a path of names from the top level, one per name (``KeyError``
        when a step is missing)."""
        found: List[Any] = [self]
        for name in names:
            found.append(found[-1][name,])
        return found[1:]

    def __contains__(self, names: Any) -> bool:
        try:
            self[names]
        except KeyError:
            return False
        return True

    def __getitem__(self, names: Any) -> Atom:
        if isinstance(names, bytes):
            names = names.split(b".")
        for atom in self.atoms:
            if atom.name == names[0]:
                return atom[names[1:]]
        raise KeyError("%r not found" % names[0])

    def __repr__(self) -> str:
        return "\n".join(repr(atom) for atom in self.atoms)
