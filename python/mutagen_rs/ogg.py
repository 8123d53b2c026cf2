"""Ogg bitstreams, read as ``mutagen.ogg`` reads them.

``OggFileType`` is the base of the Ogg codec file types (``oggvorbis.OggVorbis``,
``oggopus.OggOpus``, ``oggflac.OggFLAC``, ``oggspeex.OggSpeex``, ``oggtheora.OggTheora``); the
pages are parsed by the native core. ``OggPage`` is one page, read from a file object or built
in memory, for code that handles pages itself; its headers are parsed, and its bytes
rendered, by the native core too.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any, List, Optional, Tuple

from . import _native
from ._file import FileType
from ._tags import PaddingInfo
from ._util import MutagenError, loadfile

__all__ = ["OggPage", "OggFileType", "error"]


class error(MutagenError):
    """A broken or missing Ogg page."""


class OggPage(object):
    """One Ogg page: a header and the packets (or pieces of packets) laced into it.

    ``OggPage(fileobj)`` reads the page at the file object's position and leaves the file
    object at the start of the next page; ``OggPage()`` is an empty page to fill in. Reading
    raises ``EOFError`` when only zero bytes (or nothing) remain, and ``error`` for anything
    that is not a whole page. The checksum is not verified.

    Attributes: ``version`` (stream structure version, 0), ``position`` (granule position),
    ``serial``, ``sequence``, ``offset`` (where the page was read from, or ``None``),
    ``complete`` (whether the last packet ends on this page), ``packets`` (a list of bytes)
    and the flags ``continued``, ``first`` and ``last``.
    """

    version = 0
    _flags = 0
    position = 0
    serial = 0
    sequence = 0
    offset: Optional[int] = None
    complete = True

    def __init__(self, fileobj: Any = None) -> None:
        self.packets: List[bytes] = []
        if fileobj is None:
            return
        self.offset = fileobj.tell()
        (self.version, self._flags, self.position, self.serial, self.sequence,
         segments) = _native.parse_ogg_page_header(fileobj.read(27))
        lacing = fileobj.read(segments)
        if len(lacing) != segments:
            raise error("unable to read %r lacing bytes" % segments)
        lengths, self.complete = _native.ogg_lacing_lengths(lacing)
        for length in lengths:
            self.packets.append(fileobj.read(length))
        if [len(p) for p in self.packets] != lengths:
            raise error("unable to read full data")

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

    def write(self) -> bytes:
        """The page as stored bytes, checksum included.

        Raises ``ValueError`` when the packets do not fit in one page.
        """
        return _native.render_ogg_page(self.version, self._flags, self.position, self.serial,
                                       self.sequence, list(self.packets), self.complete)

    @property
    def size(self) -> int:
        """The stored size of the page in bytes."""
        size = 27
        rem = None
        for packet in self.packets:
            quot, rem = divmod(len(packet), 255)
            size += quot + 1 + len(packet)
        if not self.complete and rem == 0:
            # An open packet of a multiple of 255 bytes has no closing lacing value.
            size -= 1
        return size

    def __eq__(self, other: Any) -> bool:
        try:
            return self.write() == other.write()
        except AttributeError:
            return False

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        fields = " ".join("%s=%r" % (name, getattr(self, name)) for name in (
            "version", "position", "serial", "sequence", "offset", "complete", "continued",
            "first", "last"))
        return "<%s %s, %d bytes in %d packets>" % (
            type(self).__name__, fields, sum(len(p) for p in self.packets), len(self.packets))

    @staticmethod
    def renumber(fileobj: Any, serial: int, start: int) -> None:
        """Give the pages of stream ``serial`` from the file object's position on the
        sequence numbers ``start``, ``start + 1``, ... in place (a file open for reading and
        writing); pages of other streams are left alone.

        Only the numbers (and so the checksums) change, never a page's size. A broken page
        stops the renumbering with ``error``, the file object left at it.
        """
        number = start
        while True:
            try:
                page = OggPage(fileobj)
            except EOFError:
                break
            if page.serial != serial:
                continue
            page.sequence = number
            fileobj.seek(page.offset, 0)
            fileobj.write(page.write())
            fileobj.seek(page.offset + page.size, 0)
            number += 1

    @classmethod
    def replace(cls, fileobj: Any, old_pages: List["OggPage"], new_pages: List["OggPage"]) -> None:
        """Put ``new_pages`` in the place of ``old_pages`` (read from ``fileobj``, which must
        be open for reading and writing), resizing the file as needed.

        The new pages take the stream serial and the sequence numbers from the first old page,
        the ``first``/``last``/``continued`` flags of the first old page and the
        ``first``/``last``/``complete`` state of the last one. When the number of pages
        changes, the pages of the stream after them are renumbered. Raises ``ValueError`` for
        an empty list.
        """
        from . import _util

        if not old_pages or not new_pages:
            raise ValueError("empty pages list not allowed")
        head, tail = old_pages[0], old_pages[-1]
        for number, page in enumerate(new_pages):
            page.sequence = head.sequence + number
            page.serial = head.serial
        new_pages[0].first = head.first
        new_pages[0].last = head.last
        new_pages[0].continued = head.continued
        new_pages[-1].first = tail.first
        new_pages[-1].last = tail.last
        new_pages[-1].complete = tail.complete
        if not new_pages[-1].complete and len(new_pages[-1].packets) == 1:
            new_pages[-1].position = -1

        chunks = [page.write() for page in new_pages]
        # One chunk of new bytes for each old page: empty ones for surplus old pages, the
        # surplus new pages joined into the last chunk.
        if len(chunks) < len(old_pages):
            chunks += [b""] * (len(old_pages) - len(chunks))
        elif len(chunks) > len(old_pages):
            keep = len(old_pages) - 1
            chunks = chunks[:keep] + [b"".join(chunks[keep:])]

        shift = 0
        end = 0
        for old, data in zip(old_pages, chunks):
            offset = old.offset + shift
            _util.resize_bytes(fileobj, old.size, len(data), offset)
            fileobj.seek(offset, 0)
            fileobj.write(data)
            end = offset + len(data)
            shift += len(data) - old.size

        if len(old_pages) != len(new_pages):
            fileobj.seek(end, 0)
            cls.renumber(fileobj, new_pages[-1].serial, new_pages[-1].sequence + 1)

    @staticmethod
    def from_packets(packets: List[bytes], sequence: int = 0, default_size: int = 4096,
                     wiggle_room: int = 2048) -> List["OggPage"]:
        """Lay packets out on new pages numbered from ``sequence``.

        Pages hold about ``default_size`` bytes (filled in chunks of that size rounded down to
        a multiple of 255); a packet whose rest is shorter than ``wiggle_room`` is finished on
        the page it is on. Serial and flags other than ``continued`` are left at their
        defaults.
        """
        layout = _native.paginate_ogg_packets([len(p) for p in packets], default_size,
                                              wiggle_room)
        pages = []
        for number, (continued, complete, position, pieces) in enumerate(layout):
            page = OggPage()
            page.sequence = sequence + number
            page.continued = continued
            page.complete = complete
            page.position = position
            page.packets = [packets[index][begin:end] for index, begin, end in pieces]
            pages.append(page)
        return pages

    @classmethod
    def _from_packets_try_preserve(cls, packets: List[bytes], old_pages: List["OggPage"]) -> List["OggPage"]:
        """New pages for ``packets`` with the layout of ``old_pages`` when the packets have the
        same lengths as theirs, else ``from_packets(packets, old_pages[0].sequence)``."""
        old_packets = cls.to_packets(old_pages)
        if [len(p) for p in packets] != [len(p) for p in old_packets]:
            return cls.from_packets(packets, old_pages[0].sequence)
        data = b"".join(packets)
        at = 0
        pages = []
        for old in old_pages:
            page = OggPage()
            page.sequence = old.sequence
            page.complete = old.complete
            page.continued = old.continued
            page.position = old.position
            for piece in old.packets:
                page.packets.append(data[at:at + len(piece)])
                at += len(piece)
            pages.append(page)
        return pages

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
            page = OggPage(BytesIO(data[index:]))
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


def _read_info(info: Any, fileobj: Any, kind: str) -> None:
    """Fill ``info`` with the stream info of codec ``kind`` (an ``OggFileType`` class name)
    read from the pages at the file object's position, which is left after the header page.

    The length (and the Opus bitrate) stay at their defaults: they need the end of the file.
    """
    start = fileobj.tell()
    # The header is near the start: read a growing prefix until it is found there, or until the
    # prefix is the whole rest of the file (only then is a failure final, since a page cut at
    # the end of a prefix fails too).
    size = 1 << 16
    while True:
        fileobj.seek(start, 0)
        data = bytes(fileobj.read(size))
        try:
            attrs, end = _native.read_ogg_info(data, kind)
        except Exception:
            if len(data) < size:
                raise
            size *= 4
            continue
        break
    fileobj.seek(start + end, 0)
    info.__dict__.update(attrs)


def _info(cls: type, attrs: dict) -> Any:
    """An info object of class ``cls`` with the attributes the native reader found."""
    info = cls.__new__(cls)
    info.__dict__.update(attrs)
    return info


# The most zero bytes of padding the core writes itself (more is made as bytes, here).
_NATIVE_PADDING_MAX = 1 << 30


class OggFileType(FileType):
    """An Ogg file of one codec (see the subclasses).

    Failures while reading become the codec's header error (``_Error``), as in mutagen.
    """

    _Info: Any = None
    _Tags: Any = None
    _Error: Any = error
    _kind = ""
    _mimes = ["application/ogg", "application/x-ogg"]
    _tags_padding = True

    def _load(self, name: str, native_input: Any, **kwargs: Any) -> None:
        self._apply(_native.read_ogg(native_input, self._kind))

    def _apply(self, payload: Any) -> None:
        info, tags, padding, preserved = payload
        self.info = _info(self._Info, info)
        self.tags = self._Tags._from_payload(tags)
        if self._tags_padding:
            self.tags._padding = padding
        if self._kind == "OggOpus":
            # Data after the comments that a save keeps (mutagen's ``_pad_data``).
            self.tags._pad_data = preserved

    def _comment_packet(
        self, head: bytes, old_len: int, size: int, padding: Any
    ) -> Tuple[List[bytes], int]:
        """The new comment packet of the stream, rendered from ``tags``, as its parts (laid end
        to end) and a number of zero bytes after them: ``head`` is the first byte of the old
        packet, ``old_len`` its length and ``size`` the file's size (for the ``padding``
        callback). Each codec defines it."""
        raise NotImplementedError

    @staticmethod
    def _padded(parts: List[bytes], old_len: int, size: int, padding: Any) -> Tuple[List[bytes], int]:
        """``parts`` and the number of zero bytes of padding the ``padding`` callback chooses,
        given the old packet's length and the file's size. The core writes the zero bytes; an
        answer that is not a plain ``int`` of a sane size is made into bytes here, as
        ``b"\\x00" * answer`` (which raises for what cannot be)."""
        info = PaddingInfo(old_len - sum(map(len, parts)), size - old_len)
        n = info._get_padding(padding)
        if type(n) is int and n <= _NATIVE_PADDING_MAX:
            return parts, max(n, 0)
        return parts + [b"\x00" * n], 0

    def _inject(self, fileobj: Any, padding: Any) -> None:
        """Write the comments to the open ``fileobj``: the core finds the comment packet, has it
        rendered here, and puts it in place. Read and write failures (``OSError``)
        and broken pages become the codec's header error, as in mutagen."""
        try:
            try:
                _native.ogg_save(
                    fileobj,
                    self._kind,
                    lambda head, old_len, size: self._comment_packet(head, old_len, size, padding),
                )
            except self._Error:
                raise
            except (OSError, error) as e:
                raise self._Error(e) from e
        except EOFError:
            raise self._Error("no appropriate stream found") from None

    def add_tags(self) -> None:
        """Raise the codec's header error (``_Error``): an Ogg file always has its comment
        packet, so its tags are never missing (as in mutagen)."""
        raise self._Error

    @loadfile(writable=True)
    def save(self, filething: Any = None, padding: Any = None) -> None:
        """save(filething=None, padding=None)

        Write ``tags`` to ``filething`` (a path or a file object open for reading and
        writing; the file this object was read from by default), in place: the pages holding
        the comment packet are replaced and the stream's later pages renumbered when their
        count changes. ``padding`` (a function of a ``PaddingInfo``) picks the zero padding
        after the comments where the codec has some (Vorbis, Opus, Speex, Theora; not Ogg
        FLAC, nor Opus data kept after the comments); mutagen's default policy without one.

        Raises:
            MutagenError: the codec's header error when the stream is missing or broken or the
                file could not be read or written; ``ValueError`` when a comment does not
                validate.
        """
        self._inject(filething.fileobj, padding)

    @loadfile(writable=True)
    def delete(self, filething: Any = None) -> None:
        """delete(filething=None)

        Remove the comments from ``filething`` (the file this object was read from by
        default): ``tags`` is cleared and saved with no padding; the vendor string stays.

        Raises:
            MutagenError: as :meth:`save`.
        """
        self.tags.clear()
        self._inject(filething.fileobj, lambda info: 0)
