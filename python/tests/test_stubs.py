"""The type stub ``mutagen_rs/_native.pyi`` describes the built native module exactly: mypy's
``stubtest`` checks every function, class, signature and default of the module against it, and
any error fails the test.

The stub covers every build of the binding; ``stubtest-allowlist.txt`` names what only some
feature builds have, and only the entries for what the build under test lacks are passed on.
Skipped when mypy is not installed (``scripts/test.sh`` installs it).
"""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mutagen_rs import _native

MODULE = "mutagen_rs._native"
ALLOWLIST = Path(__file__).with_name("stubtest-allowlist.txt")
STUB = Path(_native.__file__).with_name("_native.pyi")


def _allowlist() -> list[str]:
    """The entries of the allowlist file (one name a line, comments dropped)."""
    entries = []
    for line in ALLOWLIST.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return entries


def _stub_all() -> list[str]:
    """The ``__all__`` list of the stub."""
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets):
            return list(ast.literal_eval(node.value))
    raise AssertionError(f"{STUB} has no __all__")


def _needed_entries() -> list[str]:
    """The allowlist entries the build under test needs: those naming an item it lacks, and
    ``__all__`` when its exported names differ from the stub's by feature items only."""
    entries = _allowlist()
    feature_items = {e.rsplit(".", 1)[1] for e in entries} - {"__all__"}
    needed = []
    for entry in entries:
        assert entry.startswith(MODULE + "."), f"allowlist entry outside {MODULE}: {entry}"
        name = entry[len(MODULE) + 1 :]
        if name == "__all__":
            difference = set(_stub_all()) ^ set(_native.__all__)
            assert difference <= feature_items, (
                f"the stub's __all__ and the module's differ by more than feature items: "
                f"{sorted(difference - feature_items)}"
            )
            if difference:
                needed.append(entry)
        elif not hasattr(_native, name):
            needed.append(entry)
    return needed


def test_stub_matches_the_native_module(tmp_path: Path) -> None:
    if importlib.util.find_spec("mypy") is None:
        pytest.skip("mypy is not installed (scripts/test.sh installs it): the stub is not checked")
    assert STUB.is_file(), f"no stub next to the native module: {STUB}"
    allowlist = tmp_path / "allowlist.txt"
    allowlist.write_text("".join(e + "\n" for e in _needed_entries()), encoding="utf-8")
    # The package directory the module was imported from, for both the import and the stub, so
    # that stubtest checks this very module; mypy's cache goes to the temporary directory.
    root = str(Path(_native.__file__).parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    env["MYPYPATH"] = root
    env["MYPY_CACHE_DIR"] = str(tmp_path / "mypy-cache")
    result = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", MODULE, "--allowlist", str(allowlist)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"stubtest found errors:\n{result.stdout}\n{result.stderr}"
