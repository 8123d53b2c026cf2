"""The documented limits (``parsers/src/error.rs``, ``limits``) sit far above anything a real file
holds: every file of mutagen's test data, of ``corpus/real`` and of the small generated corpus is
measured with mutagen 1.48.1. The counts of real files (mutagen's data and ``corpus/real``; at
most 81 values, 15 frames, 8 FLAC blocks, 54 atoms and 56 Ogg pages) must stay below 1/64th of each
limit; those of the generated corpus, whose ``single-large`` workloads are stress files (one
MP3 holds 59,636 text values), below a quarter.

The counts are upper bounds of what the core counts against each limit: all ID3 frames and all
their values, all Vorbis comments, FLAC metadata blocks and seek points, all MP4 atoms and data
values, and all Ogg pages of the file (the limit counts only those before the headers end).
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import mutagen
import mutagen.flac
import mutagen.id3
import mutagen.mp4
import mutagen.ogg
import pytest

from conftest import FILES, ROOT

REAL_HEADROOM = 64
GENERATED_HEADROOM = 4


def _limits() -> dict:
    """The limits' values, read from the core's source (`pub const NAME: type = value;`)."""
    text = (ROOT / "parsers" / "src" / "error.rs").read_text(encoding="utf-8")
    out = {}
    for name, value in re.findall(r"pub const (MAX_\w+): \w+ = ([^;]+);", text):
        value = value.replace("_", "")
        shift = re.fullmatch(r"(\d+) << (\d+)", value.strip())
        out[name] = int(shift[1]) << int(shift[2]) if shift else int(value)
    return out


def _mp4_atoms(path: Path) -> int:
    with open(path, "rb") as fh:
        atoms = mutagen.mp4.Atoms(fh)

    def walk(atom) -> int:
        return 1 + sum(walk(child) for child in (atom.children or []))

    return sum(walk(a) for a in atoms.atoms)


def _ogg_pages(path: Path) -> int:
    pages = 0
    with open(path, "rb") as fh:
        while True:
            try:
                mutagen.ogg.OggPage(fh)
            except (EOFError, mutagen.ogg.error):
                return pages
            pages += 1


def _counts(path: Path) -> dict:
    """The counts of one file, by the limit they are measured against."""
    try:
        f = mutagen.File(path)
    except Exception:  # noqa: BLE001 - a file mutagen refuses counts nothing
        f = None
    counts: dict = defaultdict(int)
    tags = getattr(f, "tags", None)
    if isinstance(tags, mutagen.id3.ID3):
        counts["MAX_FRAMES"] = len(tags) + len(tags.unknown_frames)
        counts["MAX_VALUES"] += sum(len(getattr(fr, "text", ()) or ()) for fr in tags.values())
        pictures = defaultdict(int)
        for fr in tags.getall("APIC"):
            pictures[fr.HashKey] += 1
        counts["MAX_SAME_KEY"] = max(pictures.values(), default=0)
    if isinstance(f, mutagen.flac.FLAC):
        counts["MAX_BLOCKS"] = len(f.metadata_blocks)
        if f.seektable is not None:
            counts["MAX_VALUES"] += len(f.seektable.seekpoints)
        if f.tags is not None:
            counts["MAX_VALUES"] += len(f.tags)
    if isinstance(f, mutagen.ogg.OggFileType):
        counts["MAX_PAGES"] = _ogg_pages(path)
        if f.tags is not None:
            counts["MAX_VALUES"] += len(f.tags)
    if isinstance(f, mutagen.mp4.MP4):
        counts["MAX_ATOMS"] = _mp4_atoms(path)
        if f.tags is not None:
            counts["MAX_VALUES"] += sum(len(v) if isinstance(v, list) else 1 for v in f.tags.values())
    return counts


def _corpus_files() -> list:
    try:
        from test_corpus import OUT, _generate

        _generate()
    except Exception:  # noqa: BLE001 - without cargo, the test data and corpus/real remain
        return []
    return sorted(p for p in OUT.rglob("*") if p.is_file() and p.name != "manifest.json")


def _worst(files: list) -> dict:
    worst: dict = {}
    for path in files:
        for name, n in _counts(path).items():
            if n > worst.get(name, (0, None))[0]:
                worst[name] = (n, path)
    return worst


@pytest.mark.parametrize("kind", ["real", "generated"])
def test_no_file_comes_near_a_limit(kind: str) -> None:
    limits = _limits()
    names = ("MAX_VALUES", "MAX_FRAMES", "MAX_SAME_KEY", "MAX_BLOCKS", "MAX_ATOMS", "MAX_PAGES")
    assert set(names) <= set(limits)
    files, headroom = (FILES, REAL_HEADROOM) if kind == "real" else (_corpus_files(), GENERATED_HEADROOM)
    if not files:
        pytest.skip("the generated corpus needs cargo")
    worst = _worst(files)
    # Every limit is counted on some file, and none comes near its limit.
    for name in names:
        n, path = worst.get(name, (0, None))
        assert n > 0, f"no file counts anything against {name}"
        assert n * headroom <= limits[name], f"{path}: {n} against {name} = {limits[name]}"


@pytest.mark.parametrize("name", ["MAX_VALUES", "MAX_FRAMES", "MAX_BLOCKS", "MAX_ATOMS", "MAX_PAGES"])
def test_the_limit_is_documented(name: str) -> None:
    value = _limits()[name]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"{value:,}" in readme, f"README names {name} = {value:,}"
