"""Test fixtures: where mutagen's own test data and the real-encoder files are."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "target" / "test-data"
MUTAGEN_SDIST = "mutagen-1.48.1"


def mutagen_testdata() -> Path:
    """mutagen 1.48.1's ``tests/data``, downloaded from the package index once and cached."""
    env = os.environ.get("MUTAGEN_TESTDATA")
    if env:
        return Path(env)
    data = CACHE / MUTAGEN_SDIST / "tests" / "data"
    if data.is_dir():
        return data
    CACHE.mkdir(parents=True, exist_ok=True)
    tarball = CACHE / f"{MUTAGEN_SDIST}.tar.gz"
    if not tarball.exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
             "mutagen==1.48.1", "-d", str(CACHE)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    with tarfile.open(tarball) as tar:
        members = [m for m in tar.getmembers() if "/tests/data/" in m.name and m.isfile()]
        tar.extractall(CACHE, members=members, filter="data")
    return data


def mutagen_files() -> list:
    """Every file in mutagen's test data, sorted."""
    return sorted(p for p in mutagen_testdata().iterdir() if p.is_file())


def real_files() -> list:
    """The real-encoder files under ``corpus/real`` (made by ``corpus/real/make.sh`` and
    ``make-iff-stream.sh``)."""
    base = ROOT / "corpus" / "real"
    exts = {".mp3", ".id3", ".flac", ".ogg", ".oga", ".opus", ".spx", ".m4a", ".m4b", ".mp4", ".wav", ".aif",
            ".aifc", ".ac3", ".eac3", ".aac"}
    exts |= {".wv", ".mpc", ".tta", ".ape", ".tak", ".ofr", ".ofs", ".wma"}
    return sorted(p for p in base.rglob("*") if p.is_file() and p.suffix.lower() in exts)


# (module, class) pairs that both libraries read; tests open every file with each of them.
CLASSES = [
    ("mp3", "MP3"),
    ("id3", "ID3"),
    ("flac", "FLAC"),
    ("oggvorbis", "OggVorbis"),
    ("oggopus", "OggOpus"),
    ("oggflac", "OggFLAC"),
    ("oggspeex", "OggSpeex"),
    ("oggtheora", "OggTheora"),
    ("mp4", "MP4"),
    ("aiff", "AIFF"),
    ("wave", "WAVE"),
    ("dsf", "DSF"),
    ("dsdiff", "DSDIFF"),
    ("ac3", "AC3"),
    ("aac", "AAC"),
    ("smf", "SMF"),
    ("apev2", "APEv2"),
    ("apev2", "APEv2File"),
    ("wavpack", "WavPack"),
    ("monkeysaudio", "MonkeysAudio"),
    ("musepack", "Musepack"),
    ("tak", "TAK"),
    ("optimfrog", "OptimFROG"),
    ("trueaudio", "TrueAudio"),
    ("asf", "ASF"),
]

# Every test file: mutagen's own test data, then the real-encoder files; with readable ids.
FILES = mutagen_files() + real_files()
IDS = [f"{p.parent.name}/{p.name}" for p in FILES]


@pytest.fixture(scope="session")
def testdata() -> Path:
    return mutagen_testdata()
