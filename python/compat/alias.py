"""A pytest plugin that makes ``import mutagen`` (and every ``mutagen.x``) load ``mutagen_rs``.

Loaded with ``-p alias`` by ``run.py``, before any test module is collected. It also applies the
reviewed expected failures (``expected_failures.txt``) and records every test's outcome as JSON
lines for the report.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import json
import os
import sys

import pytest

SOURCE = "mutagen"
TARGET = "mutagen_rs"


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target: str) -> None:
        self.target = target

    def create_module(self, spec):  # noqa: ANN001
        return importlib.import_module(self.target)

    def exec_module(self, module) -> None:  # noqa: ANN001
        # The target module is already executed; nothing to do.
        return None


class AliasFinder(importlib.abc.MetaPathFinder):
    """Resolves ``mutagen`` and ``mutagen.*`` to the same modules of ``mutagen_rs``."""

    def find_spec(self, fullname, path=None, target=None):  # noqa: ANN001, ARG002
        if fullname != SOURCE and not fullname.startswith(SOURCE + "."):
            return None
        real = TARGET + fullname[len(SOURCE):]
        if importlib.util.find_spec(real) is None:
            return None
        spec = importlib.util.spec_from_loader(fullname, _AliasLoader(real))
        return spec


def install() -> None:
    """Put the alias finder first, and drop any ``mutagen`` module imported already."""
    for name in list(sys.modules):
        if name == SOURCE or name.startswith(SOURCE + "."):
            del sys.modules[name]
    sys.meta_path.insert(0, AliasFinder())


install()


def _load_expected(path: str) -> list:
    from fnmatch import fnmatchcase  # noqa: F401 - used by the matcher below

    entries = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            reason, _, pattern = line.partition(" ")
            entries.append((reason, pattern.strip(), lineno))
    return entries


_EXPECTED = _load_expected(os.environ["COMPAT_EXPECTED"]) if os.environ.get("COMPAT_EXPECTED") else []
_RESULTS = os.environ.get("COMPAT_RESULTS")


def expected_reason(nodeid: str):
    """The reason a test is expected to fail, or ``None``; patterns end in ``*`` for a prefix."""
    for reason, pattern, _ in _EXPECTED:
        if pattern.endswith("*"):
            if nodeid.startswith(pattern[:-1]):
                return reason
        elif nodeid == pattern:
            return reason
    return None


def pytest_collection_modifyitems(session, config, items):  # noqa: ANN001, ARG001
    for item in items:
        reason = expected_reason(item.nodeid)
        if reason is not None:
            item.add_marker(pytest.mark.xfail(reason=reason, strict=False))


def _record(obj: dict) -> None:
    if _RESULTS:
        with open(_RESULTS, "a", encoding="utf-8") as f:
            f.write(json.dumps(obj) + "\n")


def pytest_runtest_logreport(report):  # noqa: ANN001
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        xfail = hasattr(report, "wasxfail")
        if xfail:
            outcome = "xpassed" if report.outcome == "passed" else "xfailed"
        else:
            outcome = report.outcome
        detail = ""
        if report.outcome == "failed" or (xfail and report.outcome != "passed"):
            text = report.longreprtext or ""
            lines = [ln for ln in text.splitlines() if ln.startswith("E ")]
            detail = "\n".join(lines[-3:])[:500]
        _record({"nodeid": report.nodeid, "outcome": outcome, "detail": detail})


def pytest_collectreport(report):  # noqa: ANN001
    if report.failed:
        _record({"nodeid": report.nodeid, "outcome": "collect-error",
                 "detail": (report.longreprtext or "")[-800:]})
