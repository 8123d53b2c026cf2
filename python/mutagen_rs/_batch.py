"""Reading many files at once: ``batch_open`` and ``iter_open``.

Files are opened, detected and parsed in parallel in Rust, with the GIL released; each result is
what ``File()`` gives for that file: a FileType, ``None``, or the exception it raised. One bad
file never stops a batch.
"""

from __future__ import annotations

import contextlib
import gc
import os
from typing import Any, Callable, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from . import _native
from ._file import FileType, _class_for

PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]
Result = Union[FileType, None, BaseException]

#: File name extensions of the formats mutagen knows; a directory walk keeps these files.
AUDIO_EXTENSIONS = frozenset(
    """
    .3g2 .3gp .aac .ac3 .adif .adts .aif .aifc .aiff .ape .asf .dff .dsf .eac3 .flac .id3
    .m4a .m4b .m4p .m4r .m4v .mid .midi .mp2 .mp3 .mp4 .mpc .mpeg .mpg .oga .ogg .ogv .ofr
    .ofs .opus .spx .tak .tta .wav .wave .wma .wmv .wv
    """.split()
)

# How many files iter_open parses per round: results are yielded after each round.
_CHUNK = 256

# How many files batch_open parses per native call.
_BATCH_ROUND = 128


def expand(paths: Union[PathLike, Iterable[PathLike]]) -> List[str]:
    """The files named by ``paths``: files as given, directories walked (sorted) for audio files."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    out: List[str] = []
    for p in paths:
        p = os.fsdecode(os.fspath(p))
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for f in sorted(files):
                    if os.path.splitext(f)[1].lower() in AUDIO_EXTENSIONS:
                        out.append(os.path.join(root, f))
        else:
            out.append(p)
    return out


_EXTENSIONS = sorted(AUDIO_EXTENSIONS)


def _names(paths: Union[PathLike, Iterable[PathLike]]) -> List[str]:
    """``paths`` (one path or an iterable of them) as a list of ``str`` paths."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    return [os.fsdecode(os.fspath(p)) for p in paths]


# What a directory among the paths of ``batch_open`` gives in place of a result: it is walked.
_DIRECTORY = object()


def _files(paths: Union[PathLike, Iterable[PathLike]], threads: Optional[int]) -> List[str]:
    """:func:`expand`'s files, with the paths checked in Rust on ``threads`` threads."""
    names = _names(paths)
    walked = _native.expand_paths(names, _EXTENSIONS, threads)
    return names if walked is None else [os.fspath(p) for p in walked]


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (if it runs) for the duration of the block."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _build(path: str, raw: Any) -> Result:
    if raw is None or isinstance(raw, BaseException):
        return raw
    kind, payload = raw
    cls = _class_for(kind)
    if cls is None or payload is None:
        return None
    try:
        return cls._from_payload(path, payload)
    except Exception as e:  # noqa: BLE001 - one file's failure is that file's result
        return e


def batch_open(paths: Union[PathLike, Iterable[PathLike]], *, threads: Optional[int] = None) -> List[Result]:
    """Open many files in parallel; the list is aligned with the files of ``paths``.

    ``paths`` is a path or an iterable of paths; a directory is walked for files with the audio
    extensions mutagen knows (``AUDIO_EXTENSIONS``), in sorted order. Each element is what
    ``File(path)`` gives: a FileType, ``None`` (unknown or not-yet-supported format), or the
    exception instance for that file. Never raises for one bad file. ``threads`` sets the number of
    parsing threads (all cores for ``None`` or 0, the default).
    """
    names = _names(paths)
    out: List[Any] = []
    # One stream of background reads for the whole batch: the files after a round are read
    # while that round's objects are made. The paths are not checked beforehand: a directory
    # among them fails to open, and gives `_DIRECTORY` in place of a result.
    stream = _native.BatchStream(names, threads, _BATCH_ROUND, _DIRECTORY)
    # The cyclic garbage collector is paused while the results are made: they are many new
    # containers, none of them garbage, and each collection would walk all those made so far.
    with _gc_paused():
        # Taken in rounds, each round's payloads turned into objects and dropped before the
        # next round: the payloads of the whole batch never sit next to the objects built
        # from them.
        for start in range(0, len(names), _BATCH_ROUND):
            chunk = names[start : start + _BATCH_ROUND]
            raw = stream.take(len(chunk))
            out.extend([r if r is _DIRECTORY else _build(p, r) for p, r in zip(chunk, raw)])
    dirs = [(i, names[i]) for i, r in enumerate(out) if r is _DIRECTORY]
    if not dirs:
        return out
    # Each directory's files, read together, take its place.
    walked = [_native.expand_paths([d], _EXTENSIONS, threads) or [] for _, d in dirs]
    found = iter(batch_open([os.fspath(f) for files in walked for f in files], threads=threads))
    merged: List[Result] = []
    last = 0
    for (i, _), files in zip(dirs, walked):
        merged.extend(out[last:i])
        merged.extend(next(found) for _ in files)
        last = i + 1
    merged.extend(out[last:])
    return merged


def iter_open(
    paths: Union[PathLike, Iterable[PathLike]],
    *,
    threads: Optional[int] = None,
    progress: Optional[Callable[[int, int], Any]] = None,
    chunk_size: int = _CHUNK,
) -> Iterator[Tuple[str, Result]]:
    """Yield ``(path, result)`` for each file as it is read, with results as ``batch_open`` gives.

    Files are parsed in parallel in the background, up to ``chunk_size`` results ahead of those
    yielded; they are yielded in rounds of ``chunk_size``, so work on the first results starts
    before the last files are read, and the next round is read meanwhile. ``progress``, if
    given, is called as ``progress(done, total)`` after each round.
    """
    files = _files(paths, threads)
    total = len(files)
    done = 0
    size = max(1, chunk_size)
    # The files of the next round are read while the caller works on this round's results.
    stream = _native.BatchStream(files, threads, size)
    for start in range(0, total, size):
        chunk: Sequence[str] = files[start : start + size]
        with _gc_paused():
            raw = stream.take(len(chunk))
            results = [(p, _build(p, r)) for p, r in zip(chunk, raw)]
        del raw
        yield from results
        done += len(chunk)
        if progress is not None:
            progress(done, total)
