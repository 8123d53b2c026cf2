"""Ogg bitstreams, read as ``mutagen.ogg`` reads them.

``OggFileType`` is the base of the Ogg codec file types (``oggvorbis.OggVorbis``,
``oggopus.OggOpus``, ``oggflac.OggFLAC``, ``oggspeex.OggSpeex``, ``oggtheora.OggTheora``); the
pages are parsed by the native core. ``OggPage`` reads single pages from a file object in pure
Python, for code that inspects pages itself.
"""

from __future__ import annotations

import struct
from typing import Any, List, Optional

from . import _native
from ._file import FileType
from ._util import MutagenError

__all__ = ["OggPage", "OggFileType", "error"]


class error(MutagenError):
    """A broken or missing Ogg page."""


def _crc(data: bytes) -> int:
    """The Ogg page checksum (CRC-32, polynomial 0x04C11DB7, MSB first, zero start)."""
    crc = 0
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else (crc << 1)
            crc &= 0xFFFFFFFF
    return crc


class OggPage:
    """One Ogg page: a header and the packets (or pieces of packets) laced into it.

    ``OggPage(fileobj)`` reads the page at the file object's position and leaves the file
    object at the start of the next page. Raises ``EOFError`` when only zero bytes (or
    nothing) remain, and ``error`` for anything that is not a whole page. The checksum is
    not verified.
    """

    version = 0
    position = 0
    serial = 0
    sequence = 0
    offset: Optional[int] = None
    complete = True

    def __init__(self, fileobj: Any = None) -> None:
        self._flags = 0
        self.packets: List[bytes] = []
        if fileobj is None:
            return
        self.offset = fileobj.tell()
        header = fileobj.read(27)
        if not any(header) and len(header) < 27:
            raise EOFError
        if len(header) < 27:
            raise error("page header cut short (%d bytes)" % len(header))
        (magic, self.version, self._flags, self.position, self.serial, self.sequence, _crc_value,
         segment_count) = struct.unpack("<4sBBqIIiB", header)
        if magic != b"OggS":
            raise error("no Ogg capture pattern at 0x%x" % self.offset)
        if self.version != 0:
            raise error("stream structure version %r is not supported" % self.version)
        lacing = fileobj.read(segment_count)
        if len(lacing) != segment_count:
            raise error("lacing table cut short")
        sizes = []
        run = 0
        for value in bytearray(lacing):
            run += value
            if value < 255:
                sizes.append(run)
                run = 0
        if run:
            sizes.append(run)
            self.complete = False
        for size in sizes:
            data = fileobj.read(size)
            if len(data) != size:
                raise error("page data cut short")
            self.packets.append(data)

    def _flag(self, bit: int) -> bool:
        return bool((self._flags >> bit) & 1)

    def _set_flag(self, bit: int, value: bool) -> None:
        if value:
            self._flags |= 1 << bit
        else:
            self._flags &= ~(1 << bit)

    continued = property(lambda self: self._flag(0), lambda self, v: self._set_flag(0, v),
                         doc="Whether the first packet continues one from the previous page.")
    first = property(lambda self: self._flag(1), lambda self, v: self._set_flag(1, v),
                     doc="Whether the page starts a logical stream.")
    last = property(lambda self: self._flag(2), lambda self, v: self._set_flag(2, v),
                    doc="Whether the page ends a logical stream.")

    def _lacing(self) -> bytes:
        out = bytearray()
        for i, packet in enumerate(self.packets):
            full, rest = divmod(len(packet), 255)
            out += b"\xff" * full
            if rest or self.complete or i + 1 < len(self.packets):
                out.append(rest)
        return bytes(out)

    def write(self) -> bytes:
        """The page as stored bytes, checksum included."""
        lacing = self._lacing()
        head = struct.pack("<4sBBqIIiB", b"OggS", self.version, self._flags, self.position,
                           self.serial, self.sequence, 0, len(lacing))
        data = head + lacing + b"".join(self.packets)
        return data[:22] + struct.pack("<I", _crc(data)) + data[26:]

    @property
    def size(self) -> int:
        """The stored size of the page in bytes."""
        return 27 + len(self._lacing()) + sum(len(p) for p in self.packets)

    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, OggPage):
            return False
        return self.write() == other.write()

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        fields = " ".join("%s=%r" % (name, getattr(self, name)) for name in (
            "version", "position", "serial", "sequence", "offset", "complete", "continued",
            "first", "last"))
        return "<%s %s, %d bytes in %d packets>" % (
            type(self).__name__, fields, sum(len(p) for p in self.packets), len(self.packets))

    @staticmethod
    def to_packets(pages: List["OggPage"], strict: bool = False) -> List[bytes]:
        """Join the packets of consecutive pages of one stream.

        With ``strict`` the first page must not continue a packet and the last must end one.
        Raises ``ValueError`` for pages of another stream or out of sequence.
        """
        serial = pages[0].serial
        sequence = pages[0].sequence
        if strict:
            if pages[0].continued:
                raise ValueError("the first page continues a packet")
            if not pages[-1].complete:
                raise ValueError("the last page does not end its packet")
        pieces: List[List[bytes]] = []
        if not strict and pages[0].continued:
            pieces.append([b""])
        for page in pages:
            if page.serial != serial:
                raise ValueError("page of another stream: %r" % page)
            if page.sequence != sequence:
                raise ValueError("page out of sequence: %r" % page)
            sequence += 1
            if not page.packets:
                continue
            if page.continued:
                pieces[-1].append(page.packets[0])
            else:
                pieces.append([page.packets[0]])
            pieces.extend([p] for p in page.packets[1:])
        return [b"".join(p) for p in pieces]

    @staticmethod
    def find_last(fileobj: Any, serial: int, finishing: bool = False) -> Optional["OggPage"]:
        """The last page of stream ``serial``: from the last 64 KiB if the last page there ends
        the stream, else by reading the pages from the start. With ``finishing``, only pages
        with a granule position (not -1) count. ``None`` when the stream has no such page."""
        import io

        fileobj.seek(0, 2)
        size = fileobj.tell()
        fileobj.seek(max(0, size - 65536), 0)
        data = fileobj.read()
        index = data.rfind(b"OggS")
        if index < 0:
            raise error("no Ogg page in the last 64 KiB")

        def fits(page: "OggPage") -> bool:
            return not finishing or page.position != -1

        best = None
        try:
            page = OggPage(io.BytesIO(data[index:]))
        except error:
            pass
        else:
            if page.serial == serial and fits(page):
                if page.last:
                    return page
                best = page
        fileobj.seek(0)
        try:
            while True:
                page = OggPage(fileobj)
                if page.serial != serial:
                    continue
                if fits(page):
                    best = page
                if page.last:
                    break
        except (error, EOFError):
            pass
        return best


def _info(cls: type, attrs: dict) -> Any:
    """An info object of class ``cls`` with the attributes the native reader found."""
    info = cls.__new__(cls)
    info.__dict__.update(attrs)
    return info


class OggFileType(FileType):
    """An Ogg file of one codec (see the subclasses).

    Failures while reading become the codec's header error (``_Error``), as in mutagen.
    """

    _Info: Any = None
    _Tags: Any = None
    _Error: Any = error
    _kind = ""
    _mimes = ["application/ogg", "application/x-ogg"]

    def _load(self, name: str, native_input: Any, **kwargs: Any) -> None:
        self._apply(_native.read_ogg(native_input, self._kind))

    def _apply(self, payload: Any) -> None:
        info, tags = payload
        self.info = _info(self._Info, info)
        self.tags = self._Tags._from_payload(tags)
