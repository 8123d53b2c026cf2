"""The generated benchmark corpus: mutagen reads every file as intended, and mutagen_rs reads each
file exactly as mutagen does.

A small generation (every single-file and hard-case workload of every format, the further formats
WAVE, AIFF, WavPack, Monkey's Audio, Musepack, ASF, DSF, True Audio, TAK, OptimFROG, AC-3, AAC,
MIDI and DSDIFF among them, and a few batch files) is written with ``harness corpus`` into
``target/test-corpus``. For every file, mutagen 1.48.1 must open it with the class the manifest
names, without error, and find the title the generator wrote (AC-3, AAC and MIDI files carry no
tag, and mutagen must find none); and ``mutagen_rs.File`` must give the same description
(``differential.py``) as ``mutagen.File``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import mutagen
import pytest

import mutagen_rs
from conftest import ROOT
from differential import first_difference, outcome

SEED = 7
MAX_BATCH = 6
OUT = ROOT / "target" / "test-corpus"


def _generate() -> dict:
    """Write the small corpus (the generator is deterministic, so this is cheap to repeat)."""
    subprocess.run(
        ["cargo", "run", "--quiet", "-p", "harness", "--", "corpus",
         "--out", str(OUT), "--seed", str(SEED), "--max-batch", str(MAX_BATCH)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    with open(OUT / "manifest.json", encoding="utf-8") as fh:
        return json.load(fh)


MANIFEST = _generate()
FILES = MANIFEST["files"]
IDS = [f["path"] for f in FILES]


def _texts(v):
    if isinstance(v, (list, tuple)):
        for x in v:
            yield from _texts(x)
    elif hasattr(v, "text") and not isinstance(v, (str, bytes)):
        yield from _texts(v.text)
    else:
        yield str(v)


MAIN_FORMATS = ("mp3", "flac", "ogg", "mp4")
MORE_FORMATS = (
    "wav", "aiff", "wv", "ape", "mpc", "wma", "dsf", "tta", "tak", "ofr", "ac3", "aac", "mid", "dff",
)
UNTAGGED_FORMATS = ("ac3", "aac", "mid")
MORE_CLASSES = {
    "wav": "WAVE",
    "aiff": "AIFF",
    "wv": "WavPack",
    "ape": "MonkeysAudio",
    "mpc": "Musepack",
    "wma": "ASF",
    "dsf": "DSF",
    "tta": "TrueAudio",
    "tak": "TAK",
    "ofr": "OptimFROG",
    "ac3": "AC3",
    "aac": "AAC",
    "mid": "SMF",
    "dff": "DSDIFF",
}


def test_manifest_covers_every_format_and_workload_kind():
    formats = {w["format"] for w in MANIFEST["workloads"]}
    assert formats == {*MAIN_FORMATS, *MORE_FORMATS, "mixed"}
    names = {(w["format"], w["workload"]) for w in MANIFEST["workloads"]}
    for fmt in MAIN_FORMATS + MORE_FORMATS:
        for w in ("single-small", "single-typical", "single-large", f"batch-{MAX_BATCH}"):
            assert (fmt, w) in names
    assert ("mixed", f"batch-{MAX_BATCH}") in names
    hashes = [f["hash"] for f in FILES]
    assert len(hashes) == len(set(hashes)), "two generated files have the same bytes"
    titles = [f["title"] for f in FILES if f["format"] not in UNTAGGED_FORMATS]
    assert len(titles) == len(set(titles)), "two generated files have the same title"
    assert all(titles), "a tagged file has no title"
    assert all(f["title"] == "" for f in FILES if f["format"] in UNTAGGED_FORMATS)


def test_further_formats_have_their_classes_and_stay_out_of_mixed():
    for f in FILES:
        if f["format"] in MORE_CLASSES:
            assert f["class"] == MORE_CLASSES[f["format"]], f["path"]
    for w in MANIFEST["workloads"]:
        if w["format"] == "mixed":
            assert {FILES[i]["format"] for i in w["files"]} <= set(MAIN_FORMATS)


def test_generation_is_deterministic(tmp_path: Path):
    again = tmp_path / "again"
    subprocess.run(
        ["cargo", "run", "--quiet", "-p", "harness", "--", "corpus",
         "--out", str(again), "--seed", str(SEED), "--max-batch", "2"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    with open(again / "manifest.json", encoding="utf-8") as fh:
        other = json.load(fh)
    first = {f["path"]: f["hash"] for f in FILES}
    for f in other["files"]:
        assert first[f["path"]] == f["hash"], f["path"]
        assert (again / f["path"]).read_bytes() == (OUT / f["path"]).read_bytes()


@pytest.mark.parametrize("entry", FILES, ids=IDS)
def test_mutagen_reads_generated_file(entry):
    path = OUT / entry["path"]
    f = mutagen.File(str(path))
    assert f is not None, "mutagen found no format"
    assert type(f).__name__ == entry["class"]
    assert f.info.length > 0
    if entry["format"] in UNTAGGED_FORMATS:
        assert f.tags is None
        return
    assert f.tags is not None
    found = [t for k in f.tags.keys() for t in _texts(f.tags[k])]
    assert entry["title"] in found


@pytest.mark.parametrize("entry", FILES, ids=IDS)
def test_mutagen_rs_reads_generated_file_identically(entry):
    path = str(OUT / entry["path"])
    expected = outcome(mutagen.File, path)
    got = outcome(mutagen_rs.File, path)
    assert got == expected, first_difference(expected, got)
