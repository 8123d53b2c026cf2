"""mutagen.mp4's lower-level API against mutagen 1.48.1: ``_atom.Atom``/``Atoms``, ``MP4Info``,
``MP4Tags`` and ``MP4Chapters`` built from an atom tree, ``AudioSampleEntry``,
``parse_full_atom``, the rendering of items set in memory and ``_item_sort_key``.

Every test file is walked with ``Atoms`` by both libraries, and what each builds from the tree
is compared, value by value, or both must raise the same exception class.
"""

from __future__ import annotations

import importlib
import io
import struct

import pytest

from conftest import FILES, IDS

LIBS = ("mutagen", "mutagen_rs")


def _mod(lib: str, name: str):
    return importlib.import_module(f"{lib}.{name}")


def tree(atom) -> tuple:
    """An atom and its subtree as plain data."""
    children = None if atom.children is None else [tree(c) for c in atom.children]
    return (atom.name, atom.offset, atom.length, atom.datalength, children)


def attempt(fn):
    """``("ok", fn())`` or ``("raises", exception class name)``."""
    try:
        return ("ok", fn())
    except Exception as e:  # noqa: BLE001 - the exception class is what is compared
        return ("raises", type(e).__name__)


def info_view(info) -> tuple:
    return tuple(
        (name, type(getattr(info, name)).__name__, getattr(info, name))
        for name in ("length", "bitrate", "channels", "sample_rate", "bits_per_sample", "codec",
                     "codec_description")
    )


def tags_view(tags) -> tuple:
    items = [(k, repr(v)) for k, v in tags.items()]
    return items, tags._failed_atoms, tags._padding, tags.pprint()


def entry_view(entry) -> tuple:
    return tuple(
        getattr(entry, name)
        for name in ("channels", "sample_size", "sample_rate", "bitrate", "codec",
                     "codec_description")
    )


def sample_entries(lib: str, atoms, fileobj) -> list:
    """Each track's first sample entry, read as ``AudioSampleEntry`` (or the exception)."""
    atom_mod = _mod(lib, "mp4._atom")
    entry_mod = _mod(lib, "mp4._as_entry")
    out = []
    moov = atoms[b"moov"]
    for stsd in moov.findall(b"stsd", True):
        ok, data = stsd.read(fileobj)
        if not ok or len(data) < 8:
            continue
        entries = io.BytesIO(data[8:])

        def read(entries=entries):
            atom = atom_mod.Atom(entries)
            return entry_view(entry_mod.AudioSampleEntry(atom, entries))

        out.append(attempt(read))
    return out


def api_view(lib: str, path: str) -> tuple:
    """Everything both libraries build from the atom tree of ``path``."""
    mp4 = _mod(lib, "mp4")
    with open(path, "rb") as fileobj:
        walked = attempt(lambda: mp4.Atoms(fileobj))
        if walked[0] == "raises":
            return walked
        atoms = walked[1]
        view = [
            [tree(a) for a in atoms.atoms],
            repr(atoms),
            b"moov.udta.meta.ilst" in atoms,
            attempt(lambda: info_view(mp4.MP4Info(atoms, fileobj))),
            attempt(lambda: tags_view(mp4.MP4Tags(atoms, fileobj))),
        ]
        if mp4.MP4Chapters._can_load(atoms):
            view.append(attempt(lambda: [(c.start, c.title) for c in
                                         mp4.MP4Chapters(atoms, fileobj)]))
        if b"moov" in atoms:
            view.append(sample_entries(lib, atoms, fileobj))
        return tuple(view)


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_atom_tree_and_readers_match(path):
    assert api_view("mutagen_rs", str(path)) == api_view("mutagen", str(path))


def _render(data: bytes, name: bytes = b"data") -> bytes:
    return struct.pack(">I4s", len(data) + 8, name) + data


ATOM_INPUTS = [
    b"",
    b"\x00",
    b"\x00\x00\x00\x08atom",
    b"\x00\x00\x00\x01atom" + b"\x00" * 7 + b"\x10" + b"\x00" * 16,
    b"\x00\x00\x00\x01atom" + b"\x00" * 7 + b"\x08" + b"\x00" * 8,
    b"\x00\x00\x00\x01atom",
    b"\x00\x00\x00\x02atom",
    b"\x00\x00\x00\x00atom" + b"\x00" * 40,
    b"\x00\x00\x00\x00moov" + _render(b"whee"),
    b"\x00\x00\x00\x10moov" + _render(b"toolong"),
    _render(b"\x00" * 4 + _render(b"", b"ilst") + b"xx", b"meta"),
    b"\xff\xff\xff\xffmdat",
    b"\x00\x00\x00\x01free" + b"\xff" * 8,
]


@pytest.mark.parametrize("level", [0, 1])
@pytest.mark.parametrize("data", ATOM_INPUTS)
def test_atom_from_bytes(data, level):
    def walk(lib):
        fileobj = io.BytesIO(data)
        got = attempt(lambda: tree(_mod(lib, "mp4._atom").Atom(fileobj, level=level)))
        # Where the file object is left is compared after a complete read only.
        return got, fileobj.tell() if got[0] == "ok" else None

    assert walk("mutagen_rs") == walk("mutagen")


@pytest.mark.parametrize("data", ATOM_INPUTS)
def test_atoms_paths(data):
    def walk(lib):
        atoms = attempt(lambda: _mod(lib, "mp4._atom").Atoms(io.BytesIO(data)))
        if atoms[0] == "raises":
            return atoms
        atoms = atoms[1]
        paths = [b"moov", b"atom", b"meta.ilst", (b"moov", b"data"), b"moov.data.x"]
        return (
            repr(atoms),
            [p in atoms for p in paths],
            [attempt(lambda p=p: tree(atoms[p])) for p in paths],
            attempt(lambda: [tree(a) for a in atoms.path(b"moov", b"data")]),
        )

    assert walk("mutagen_rs") == walk("mutagen")


def test_atom_read_and_findall():
    payload = _render(b"\x00" * 4 + _render(_render(b"x", b"\xa9nam"), b"ilst"), b"meta")
    data = _render(_render(payload, b"udta") + _render(b"abc", b"free"), b"moov") + b"\x00" * 3

    def view(lib):
        fileobj = io.BytesIO(data)
        atom = _mod(lib, "mp4._atom").Atom(fileobj)
        found = [tree(a) for a in atom.findall(b"ilst", True)]
        shallow = [tree(a) for a in atom.findall(b"free")]
        leaf = atom[b"udta", b"meta", b"ilst", b"\xa9nam"]
        read = leaf.read(fileobj)
        leaf.length += 4
        return found, shallow, read, leaf.read(fileobj), repr(atom)

    assert view("mutagen_rs") == view("mutagen")


def test_atom_render():
    for lib in LIBS:
        render = _mod(lib, "mp4._atom").Atom.render
        assert render(b"data", b"whee") == b"\x00\x00\x00\x0cdatawhee"


@pytest.mark.parametrize(
    "data", [b"", b"\x00\x00\x00", b"\x01\x02\x03\x04", b"\x01\x02\x03\x04\xff", b"\xff" * 9])
def test_parse_full_atom(data):
    def parse(lib):
        return attempt(lambda: _mod(lib, "mp4._util").parse_full_atom(data))

    assert parse("mutagen_rs") == parse("mutagen")


SAMPLE_ENTRIES = [
    b"\x00" * 20,
    b"\x00\x00\x00\x24mp4a" + b"\x00" * 28,
    # alac with its cookie
    b"\x00\x00\x00Halac\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00"
    b"\x02\x00\x18\x00\x00\x00\x00X\x88\x00\x00\x00\x00\x00$alac\x00\x00\x00\x00\x00\x00\x10"
    b"\x00\x00\x18(\n\x0e\x02\x00\xff\x00\x00F/\x00%2\xd5\x00\x01X\x88",
    # ac-3 with dac3
    b"\x00\x00\x00/ac-3\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00"
    b"\x02\x00\x10\x00\x00\x00\x00V\"\x00\x00\x00\x00\x00\x0bdac3R\t\x00",
    # mp4a whose esds is cut short
    b"\x00\x00\x00\x30mp4a\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00"
    b"\x02\x00\x10\x00\x00\x00\x00\xbb\x80\x00\x00\x00\x00\x00\x0cesds\x00\x00\x00\x00",
    # a sample entry claiming more than there is
    b"\x00\x00\x01\x00mp4a" + b"\x00" * 40,
]


@pytest.mark.parametrize("data", SAMPLE_ENTRIES)
def test_audio_sample_entry(data):
    def read(lib):
        fileobj = io.BytesIO(data)
        atom = _mod(lib, "mp4._atom").Atom(fileobj)
        return attempt(lambda: entry_view(_mod(lib, "mp4._as_entry").AudioSampleEntry(atom,
                                                                                     fileobj)))

    assert read("mutagen_rs") == read("mutagen")


def test_tree_edits_are_used():
    """A tree changed after it was read is what the readers use."""
    path = next(p for p in FILES if p.name == "has-tags.m4a")

    def view(lib):
        mp4 = _mod(lib, "mp4")
        with open(path, "rb") as fileobj:
            atoms = mp4.Atoms(fileobj)
            ilst = atoms[b"moov.udta.meta.ilst"]
            ilst.children[1].length -= 8
            first = attempt(lambda: tags_view(mp4.MP4Tags(atoms, fileobj)))
            ilst.children[0].length += 10000000
            second = attempt(lambda: tags_view(mp4.MP4Tags(atoms, fileobj)))
            del atoms[b"moov"].children[:]
            return first, second, attempt(lambda: info_view(mp4.MP4Info(atoms, fileobj)))

    assert view("mutagen_rs") == view("mutagen")


RENDER_CASES = [
    ("\xa9nam", "title"),
    ("\xa9nam", ["one", "two"]),
    ("\xa9nam", [b"\xff"]),
    ("\xa9nam", 42),
    ("\xa9nam", ["\ud800"]),
    ("purl", ["http://example.com/"]),
    ("foob", ["unknown text"]),
    ("trkn", [(1, 10), (2, 0)]),
    ("trkn", [(-1, 0)]),
    ("trkn", [(2 ** 16, 1)]),
    ("trkn", (1,)),
    ("trkn", [(1,)]),
    ("trkn", [(1, 2, 3)]),
    ("disk", [(18, 0)]),
    ("disk", [(1,)]),
    ("disk", [(1, 2 ** 16)]),
    ("tmpo", [150, -1, 2 ** 15, -(2 ** 31) - 1, 2 ** 63 - 1]),
    ("tmpo", [2 ** 63]),
    ("tmpo", [-(2 ** 63) - 1]),
    ("tmpo", 10),
    ("tmpo", "foo"),
    ("tmpo", [1.5]),
    ("tmpo", [True]),
    ("plID", [0, 1]),
    ("stik", [0, 127, 128]),
    ("akID", [-128]),
    ("cnID", [5]),
    ("\xa9mvi", [24]),
    ("cpil", True),
    ("pgap", False),
    ("pcst", (1, 10)),
    ("pcst", []),
    ("covr", [b"woooo"]),
    ("covr", [b"woooo", b"x"]),
    ("covr", ["text"]),
    ("----:net.sacredchao.Mutagen:test key", [b"whee", b"uhh"]),
    ("----:net.sacredchao.Mutagen:test key", b"whee"),
    ("----:com.apple.iTunes:a:b", [b"x"]),
    ("----:nocolon", [b"x"]),
    ("----:a:b", ["text"]),
    ("gnre", ["Blues"]),
    ("\u0100bcd", ["x"]),
]


@pytest.mark.parametrize("key,value", RENDER_CASES)
def test_render_matches(key, value):
    def render(lib):
        mp4 = _mod(lib, "mp4")
        if key == "covr" and value == [b"woooo", b"x"]:
            values = [mp4.MP4Cover(b"woooo", mp4.MP4Cover.FORMAT_PNG), mp4.MP4Cover(b"x")]
        elif key.startswith("----") and value == [b"x"]:
            values = [mp4.MP4FreeForm(b"x", mp4.AtomDataType.IMPLICIT, 3)]
        else:
            values = value
        tags = mp4.MP4Tags()

        def set_and_render():
            tags[key] = values
            return tags._render(key, values)

        return attempt(set_and_render), sorted(tags.keys())

    assert render("mutagen_rs") == render("mutagen")


def test_private_renderers_match():
    def render(lib):
        tags = _mod(lib, "mp4").MP4Tags()
        return [
            tags._MP4Tags__render_bool("pgap", True),
            tags._MP4Tags__render_integer("stik", [42], 8),
            tags._MP4Tags__render_text("purl", ["http://foo/bar.xml"], 0),
            tags._MP4Tags__render_data("aART", 0, 2, [b"whee", b"wee"]),
            tags._MP4Tags__render_freeform("----:net.sacredchao.Mutagen:test", [b"a", b"bc"]),
        ]

    assert render("mutagen_rs") == render("mutagen")


def test_item_sort_key_matches():
    items = [
        ("\xa9nam", ["foo"]), ("gnre", ["fo"]), ("----:a:b", [b"123"]), ("zzzz", ["1"]),
        ("covr", [b"x"]), ("trkn", [(1, 2)]), ("aART", ["b"]), ("aART", ["a"]),
    ]
    for key, value in items:
        assert _mod("mutagen_rs", "mp4")._item_sort_key(key, value) == \
            _mod("mutagen", "mp4")._item_sort_key(key, value)


def test_add_tags_and_edit_in_memory():
    path = next(p for p in FILES if p.name == "no-tags.m4a")

    def edit(lib):
        mp4 = _mod(lib, "mp4")
        audio = mp4.MP4(str(path))
        audio["\xa9nam"] = "x"
        again = attempt(audio.add_tags)
        del audio["\xa9nam"]
        audio["trkn"] = [(1, 2)]
        return type(audio.tags).__name__, again, audio.tags.pprint(), audio.pprint()

    assert edit("mutagen_rs") == edit("mutagen")


def test_m4a_is_deprecated_and_fails():
    import warnings

    def use(lib):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            m4a = _mod(lib, "m4a")
        path = str(next(p for p in FILES if p.name == "no-tags.m4a"))
        a = m4a.M4A()
        a.add_tags()
        a.add_tags()
        cover = m4a.M4ACover(b"foo")
        return (
            attempt(lambda: m4a.M4A(path)),
            attempt(lambda: m4a.delete(path)),
            attempt(lambda: m4a.M4AInfo(None, None)),
            attempt(lambda: m4a.M4ATags().save(path)),
            attempt(lambda: a.save(path)),
            a.tags.items(),
            a.tags.pprint(),
            cover.imageformat,
            m4a.M4A.score(path, None, b"ftypM4A mp4"),
        )

    assert use("mutagen_rs") == use("mutagen")


def _tree_cases() -> dict:
    render = _render
    mvhd = render(b"\0" * 12 + b"\0\0\0\x02" + b"\0\0\0\x10", b"mvhd")
    chpl = render(b"\0" * 8 + b"\x01" + b"\0" * 7 + b"\x10" + b"\x02ab", b"chpl")
    return {
        "trak without hdlr": render(render(render(b"", b"mdia"), b"trak"), b"moov"),
        "audio trak without mdhd": render(
            render(render(render(b"\0" * 8 + b"soun", b"hdlr"), b"mdia"), b"trak"), b"moov"),
        "mvhd only": render(mvhd, b"moov"),
        "mvhd with zero timescale": render(render(b"\0" * 20, b"mvhd"), b"moov"),
        "short hdlr": render(render(render(b"\0\0\0\x20hdlr", b"mdia"), b"trak"), b"moov"),
        "chpl without mvhd": render(render(chpl, b"udta"), b"moov"),
        "chpl": render(mvhd + render(chpl, b"udta"), b"moov"),
        "no moov": render(b"", b"free"),
    }


TREE_CASES = _tree_cases()


@pytest.mark.parametrize("case", list(TREE_CASES))
def test_readers_on_built_trees(case):
    data = TREE_CASES[case]

    def read(lib):
        mp4 = _mod(lib, "mp4")
        fileobj = io.BytesIO(data)
        atoms = mp4.Atoms(fileobj)
        return (
            attempt(lambda: info_view(mp4.MP4Info(atoms, fileobj))),
            attempt(lambda: tags_view(mp4.MP4Tags(atoms, fileobj))),
            attempt(lambda: [(c.start, c.title) for c in mp4.MP4Chapters(atoms, fileobj)]),
            mp4.MP4Chapters._can_load(atoms),
        )

    assert read("mutagen_rs") == read("mutagen")
