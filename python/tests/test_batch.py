"""``batch_open`` and ``iter_open`` give what ``File()`` gives, file by file, and never stop."""

from __future__ import annotations

import os
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


def test_batch_stream_gives_open_batchs_results_in_rounds():
    """Taken in rounds of any size, with few or many results read ahead, the stream gives
    ``open_batch``'s results in path order; past the end it gives nothing, and a stream
    dropped halfway stops without a word."""
    from mutagen_rs import _native

    paths = [str(p) for p in FILES[:60]] + ["/nonexistent/file.mp3"]
    want = [describe(r) for r in (mutagen_rs._batch._build(p, r) for p, r in zip(paths, _native.open_batch(paths)))]
    for ahead, rounds in [(1, [1, 2, 3, 100]), (4, [7] * 10), (None, [len(paths)]), (500, [0, 30, 40])]:
        stream = _native.BatchStream(paths, 2, ahead)
        assert len(stream) == len(paths)
        got = []
        for n in rounds:
            raw = stream.take(n)
            assert len(raw) == min(n, len(paths) - len(got))
            got.extend(mutagen_rs._batch._build(p, r) for p, r in zip(paths[len(got) :], raw))
        assert stream.take(5) == []
        assert [describe(r) for r in got] == want, ahead
    stream = _native.BatchStream(paths, 2, 2)
    assert len(stream.take(3)) == 3
    del stream


def test_batch_open_takes_paths_of_every_kind(tmp_path):
    """str, bytes and path-like paths, alone or in a list, name the same files."""
    import os
    import pathlib

    src = ROOT / "corpus/real/flac/s8-11025-mono.flac"
    shutil.copy(src, tmp_path / "a.flac")
    for paths in [str(tmp_path / "a.flac"), os.fsencode(tmp_path / "a.flac"), pathlib.Path(tmp_path / "a.flac"),
                  [pathlib.Path(tmp_path)], [os.fsencode(tmp_path)]]:
        results = mutagen_rs.batch_open(paths)
        assert [type(r).__name__ for r in results] == ["FLAC"], paths
        assert results[0].filename == str(tmp_path / "a.flac")


def test_directory_is_walked_for_audio_files(tmp_path):
    (tmp_path / "sub").mkdir()
    shutil.copy(ROOT / "corpus/real/flac/s8-11025-mono.flac", tmp_path / "sub" / "a.flac")
    shutil.copy(ROOT / "corpus/real/flac/s8-11025-mono.flac", tmp_path / "b.FLAC")
    (tmp_path / "notes.txt").write_text("not audio")
    files = mutagen_rs._batch.expand(tmp_path)
    assert [p.rsplit("/", 1)[1] for p in files] == ["b.FLAC", "a.flac"]
    results = mutagen_rs.batch_open(tmp_path)
    assert [type(r).__name__ for r in results] == ["FLAC", "FLAC"]


def test_directories_among_paths_give_their_files_in_place(tmp_path):
    """Each directory among the paths is replaced, where it stands, by the results of its audio
    files (as walked); files, missing paths and directories keep the order they were given in."""
    src = ROOT / "corpus/real/flac/s8-11025-mono.flac"
    mp3 = ROOT / "corpus/real/mp3" / sorted(os.listdir(ROOT / "corpus/real/mp3"))[0]
    for name in ["one/b.flac", "one/a.flac", "one/deeper/c.flac", "two/d.flac", "a.flac", "z.mp3"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(mp3 if name.endswith(".mp3") else src, tmp_path / name)
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty/notes.txt").write_text("not audio")
    paths = [tmp_path / "a.flac", tmp_path / "one", tmp_path / "missing.flac", tmp_path / "empty",
             tmp_path / "z.mp3", tmp_path / "two", tmp_path / "one"]
    want = [tmp_path / n for n in ["a.flac", "one/a.flac", "one/b.flac", "one/deeper/c.flac",
                                  "missing.flac", "z.mp3", "two/d.flac", "one/a.flac",
                                  "one/b.flac", "one/deeper/c.flac"]]
    results = mutagen_rs.batch_open(paths)
    assert len(results) == len(want)
    for path, result in zip(want, results):
        assert describe(result) == outcome(mutagen_rs.File, str(path)), path
        if not isinstance(result, BaseException):
            assert result.filename == str(path)
    assert isinstance(results[4], mutagen_rs.MutagenError)
    assert mutagen_rs.batch_open([tmp_path / "empty"]) == []


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
