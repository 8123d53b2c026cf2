"""``batch_open`` and ``iter_open`` give what ``File()`` gives, file by file, and never stop."""

from __future__ import annotations

import shutil

import mutagen
import mutagen.flac
import pytest

import mutagen_rs
from conftest import ROOT, real_files, mutagen_files
from differential import describe, first_difference, outcome

FILES = mutagen_files() + real_files()


def _same(a, b):
    da, db = describe(a), describe(b)
    assert da == db, first_difference(da, db)


@pytest.mark.parametrize("threads", [None, 1, 3])
def test_batch_matches_file_one_by_one(threads):
    paths = [str(p) for p in FILES] + ["/nonexistent/file.mp3"]
    results = mutagen_rs.batch_open(paths, threads=threads)
    assert len(results) == len(paths)
    for path, got in zip(paths, results):
        expected = outcome(mutagen_rs.File, path)
        assert describe(got) == expected, (path, first_difference(expected, describe(got)))
    assert isinstance(results[-1], mutagen_rs.MutagenError)


def test_directory_is_walked_for_audio_files(tmp_path):
    (tmp_path / "sub").mkdir()
    shutil.copy(ROOT / "corpus/real/flac/s8-11025-mono.flac", tmp_path / "sub" / "a.flac")
    shutil.copy(ROOT / "corpus/real/flac/s8-11025-mono.flac", tmp_path / "b.FLAC")
    (tmp_path / "notes.txt").write_text("not audio")
    files = mutagen_rs._batch.expand(tmp_path)
    assert [p.rsplit("/", 1)[1] for p in files] == ["b.FLAC", "a.flac"]
    results = mutagen_rs.batch_open(tmp_path)
    assert [type(r).__name__ for r in results] == ["FLAC", "FLAC"]


def test_iter_open_streams_every_file_with_progress():
    paths = [str(p) for p in FILES]
    seen = []
    calls = []
    for path, result in mutagen_rs.iter_open(paths, chunk_size=17, progress=lambda d, t: calls.append((d, t))):
        seen.append(path)
        assert describe(result) == outcome(mutagen_rs.File, path)
    assert seen == paths
    assert calls[-1] == (len(paths), len(paths))
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_rewritten_file_reads_anew(tmp_path):
    target = tmp_path / "song.flac"
    shutil.copy(ROOT / "corpus/real/flac/s16-44100-stereo-tags.flac", target)
    before = mutagen_rs.File(str(target))
    m = mutagen.flac.FLAC(str(target))
    m["title"] = ["a title written after the first read"]
    m.save()
    after = mutagen_rs.File(str(target))
    assert after["title"] == ["a title written after the first read"]
    assert before["title"] != after["title"]
    batch = mutagen_rs.batch_open([str(target)])[0]
    _same(after, batch)
    _same(mutagen.File(str(target)), after)
