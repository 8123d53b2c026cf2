"""The fast paths give what the plain code gives, also after the objects are changed."""

from __future__ import annotations

import mutagen._vorbis as m_vorbis

from mutagen_rs import _vorbis as r_vorbis


def _pairs() -> list:
    return [("TITLE", "a"), ("title", "b"), ("Artist", "c"), ("\u00c4rtist", "d"), ("x", "e"), ("TITLE", "f")]


def _both() -> tuple:
    ours = r_vorbis.VCommentDict()
    theirs = m_vorbis.VCommentDict()
    ours.extend(_pairs())
    theirs.extend(_pairs())
    return ours, theirs


def _outcome(fn) -> tuple:
    try:
        return ("ok", fn())
    except Exception as e:  # noqa: BLE001 - the exception class is part of the behaviour
        return ("raises", type(e).__name__)


def _same(ours, theirs) -> None:
    assert ours.keys() == theirs.keys()
    for key in theirs.keys() + ["TITLE", "artist", "\u00e4rtist", "missing", "X"]:
        assert _outcome(lambda: ours[key]) == _outcome(lambda: theirs[key])
        assert _outcome(lambda: key in ours) == _outcome(lambda: key in theirs)
        assert _outcome(lambda: ours.get(key)) == _outcome(lambda: theirs.get(key))


def test_vcomment_lookups_match_mutagen() -> None:
    ours, theirs = _both()
    _same(ours, theirs)


def test_vcomment_lookups_follow_every_change() -> None:
    ours, theirs = _both()
    _same(ours, theirs)
    for obj in (ours, theirs):
        list.append(obj, ("NEW", "g"))
    _same(ours, theirs)
    for obj in (ours, theirs):
        obj[0:1] = [("other", "h")]
    _same(ours, theirs)
    for obj in (ours, theirs):
        list.__setitem__(obj, 1, ("Title", "i"))
    _same(ours, theirs)
    for obj in (ours, theirs):
        obj["title"] = ["j", "k"]
    _same(ours, theirs)
    for obj in (ours, theirs):
        del obj["artist"]
    _same(ours, theirs)
    for obj in (ours, theirs):
        obj.reverse()
    _same(ours, theirs)
    for obj in (ours, theirs):
        obj.clear()
    _same(ours, theirs)
    assert ours.keys() == []


def test_vcomment_values_are_fresh_lists() -> None:
    ours, _ = _both()
    first = ours["title"]
    first.append("changed")
    assert ours["title"] == ["a", "b", "f"]


def test_vcomment_odd_items_use_the_plain_scan() -> None:
    ours, theirs = _both()
    for obj in (ours, theirs):
        list.append(obj, ["List", "value"])
    _same(ours, theirs)
    for obj in (ours, theirs):
        list.append(obj, (b"BYTES", "value"))
    for obj in (ours, theirs):
        try:
            obj.keys()
        except Exception as e:  # noqa: BLE001
            err = type(e)
        else:
            err = None
        if obj is ours:
            ours_err = err
        else:
            assert err == ours_err


def test_is_valid_key_matches_mutagen() -> None:
    for i in list(range(0x3000)) + [0xD800, 0xDFFF, 0xFFFF, 0x10FFFF]:
        for key in (chr(i), "a" + chr(i), chr(i) + "b", "ab" * 3 + chr(i)):
            assert r_vorbis.is_valid_key(key) == m_vorbis.is_valid_key(key), (i, key)
    assert r_vorbis.is_valid_key("") == m_vorbis.is_valid_key("")


def test_batch_rounds_keep_results_aligned_and_gc_state() -> None:
    import gc

    import mutagen_rs
    from conftest import real_files

    files = [str(p) for p in real_files()]
    paths = (files * (2100 // len(files) + 1))[:2100] + ["/nonexistent/file.mp3"]
    assert gc.isenabled()
    results = mutagen_rs.batch_open(paths, threads=2)
    assert gc.isenabled()
    assert len(results) == len(paths)
    by_path = {}
    for path, got in zip(paths, results):
        if path in by_path:
            continue
        by_path[path] = got
        expected = mutagen_rs.File(path) if path != paths[-1] else None
        if expected is None:
            assert isinstance(got, mutagen_rs.MutagenError)
        else:
            assert type(got) is type(expected)
            assert got.info.pprint() == expected.info.pprint()
            assert (got.tags is None) == (expected.tags is None)
            if got.tags is not None:
                assert sorted(got.tags.keys()) == sorted(expected.tags.keys())
    for path, got in zip(paths, results):
        assert type(got) is type(by_path[path])
    gc.disable()
    try:
        mutagen_rs.batch_open(paths[:10])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_vcomment_tuple_and_none_values() -> None:
    ours, theirs = _both()
    for obj in (ours, theirs):
        list.append(obj, ("tup", ("a", "b")))
        list.append(obj, ("none", None))
        list.append(obj, ("two", ("x",)))
        list.append(obj, ("TWO", ("y",)))
    _same(ours, theirs)
    assert ours["tup"] == [("a", "b")]
    assert ours["none"] == [None]
    assert ours["two"] == [("x",), ("y",)]


def test_vcomment_getitem_errors_match_mutagen() -> None:
    ours, theirs = _both()
    for key in ("MISSING", "missing", "", "a=b", "tilde~", "\u00e4", "\ud800", "TiTlE", "x"):
        results = []
        for obj in (ours, theirs):
            try:
                results.append(("ok", obj[key]))
            except Exception as e:  # noqa: BLE001 - class and args are the behaviour
                results.append(("raises", type(e).__name__, e.args))
        assert results[0] == results[1], key


def test_bytes_and_pathlike_paths_open_the_file(tmp_path) -> None:
    import os
    import pathlib
    import shutil

    import mutagen

    import mutagen_rs
    from conftest import ROOT

    src = ROOT / "corpus/real/mp3/cbr-128-js-notag.mp3"
    odd = tmp_path / os.fsdecode(b"odd-\xff-name.mp3")
    shutil.copy(src, odd)
    for path in (os.fsencode(str(src)), pathlib.Path(src), os.fsencode(str(odd)), odd):
        ours = mutagen_rs.File(path)
        theirs = mutagen.File(path)
        assert type(ours).__name__ == type(theirs).__name__
        assert ours.info.pprint() == theirs.info.pprint()
        assert os.fsdecode(ours.filename) == os.fsdecode(theirs.filename)


def test_title_artist_album_shortcuts_agree_with_the_tags() -> None:
    """get_title/get_artist/get_album give the first text of each format's usual key."""
    import mutagen

    import mutagen_rs
    from conftest import FILES

    def first(f, keys):
        tags = f.tags
        if tags is None:
            return None
        for k in keys:
            try:
                v = tags[k]
            except (KeyError, ValueError, TypeError):
                continue
            text = getattr(v, "text", v)
            if isinstance(text, list):
                if text:
                    return str(text[0])
                continue
            return str(text)
        return None

    checked = 0
    for path in FILES:
        try:
            theirs = mutagen.File(path)
        except Exception:  # noqa: BLE001 - files mutagen rejects are not part of this check
            continue
        if theirs is None:
            continue
        ours = mutagen_rs.File(path)
        if ours is None:
            # A kind this package does not read yet (File() gives None for it).
            continue
        assert ours.get_title() == first(theirs, ("TIT2", "title", "\xa9nam"))
        assert ours.get_artist() == first(theirs, ("TPE1", "artist", "\xa9ART"))
        assert ours.get_album() == first(theirs, ("TALB", "album", "\xa9alb"))
        checked += 1
    assert checked > 50


def test_time_stamp_parts_match_mutagen() -> None:
    """ID3TimeStamp's parsing shortcuts (bare numbers, the usual date shape) agree with mutagen."""
    from mutagen.id3 import ID3TimeStamp as Theirs

    from mutagen_rs.id3 import ID3TimeStamp as Ours

    cases = ["2024", "2024-05", "2024-05-06T10:11:12", "0012", "", "abc", "2024 x", "\u0662\u0660\u0662\u0664",
             "+2024", "20_24", " 2024", "2024-", "2024--", "2024-05-06T", "2024-05-06T10:11:12:13",
             "2024-05-06T10:11:12-13", "1-2-3T4:5:6", "00-00", "2024/05/06", "2024.05", "2024T05",
             "99999999999999999999-1", "2024-05-06 10:11", "-5", "2024-00-00T00:00:00"]
    for text in cases:
        a, b = Ours(text), Theirs(text)
        parts = ("year", "month", "day", "hour", "minute", "second", "text")
        assert [getattr(a, p) for p in parts] == [getattr(b, p) for p in parts], text


class _Str(str):
    pass


def test_vcomment_write_validates_as_mutagen() -> None:
    """``write`` renders plain comments with the core's check and leaves the others to
    ``validate``: the bytes, or the exception and its message, are mutagen's."""
    cases = [
        [("TITLE", "a"), ("x", "\u00e9")],
        [("", "a")],
        [("A=B", "a")],
        [("A~B", "a")],
        [("A}B", "a")],
        [("\u00c4", "a")],
        [("TAB\t", "a")],
        [(b"BYTES", "a")],
        [("TITLE", b"bytes")],
        [("TITLE", 1)],
        [(_Str("SUB"), _Str("class"))],
        [("TITLE", "a", "extra")],
        [["LIST", "pair"]],
        [("TITLE", "\udc80")],
    ]
    for pairs in cases:
        for vendor in ("vendor", b"bytes vendor", _Str("sub")):
            for framing in (True, False):
                got = []
                for lib in (r_vorbis, m_vorbis):
                    vc = lib.VComment()
                    vc.vendor = vendor
                    list.extend(vc, pairs)

                    def write(vc=vc):
                        return vc.write(framing=framing)

                    try:
                        got.append(("ok", write()))
                    except Exception as e:  # noqa: BLE001 - compared with mutagen's
                        got.append(("raises", type(e).__name__, str(e)))
                assert got[0] == got[1], (pairs, vendor, framing)
