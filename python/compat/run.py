"""Run mutagen 1.48.1's own test suite against ``mutagen_rs`` and write ``reports/compat.md``.

    python python/compat/run.py [--report reports/compat.md] [-- PYTEST ARGS...]

It downloads mutagen's source distribution from the package index once (cached under
``target/test-data``, as the differential tests do), unpacks its ``tests/`` folder under
``target/compat``, and runs it with pytest and the ``alias`` plugin, which makes ``import mutagen``
load ``mutagen_rs``. The reviewed expected failures are in ``expected_failures.txt`` beside this
file, each with one of the allowed reasons. Any other failure, a module that does not collect, an
entry with another reason, or an exact entry whose test now passes makes the exit status 1.

Run it with the interpreter that has ``mutagen_rs`` and pytest installed (``scripts/test.sh``
uses ``target/venv``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SDIST = "mutagen-1.48.1"
CACHE = ROOT / "target" / "test-data"
WORK = ROOT / "target" / "compat"
EXPECTED = HERE / "expected_failures.txt"

# The reasons an expected failure may give, with what each means in the report.
REASONS = {
    "objects": "the test reads or edits a file's raw structures through objects this package does not "
               "provide (AIFF chunks, DSF's DSD chunk, the payloads of ASF header objects)",
    "format": "a format this package does not read yet",
    "tools": "mutagen's command-line tools, out of scope",
}


def sdist_tests() -> Path:
    """The unpacked ``tests/`` folder of mutagen's sdist (tests, their helpers and data)."""
    tarball = CACHE / f"{SDIST}.tar.gz"
    if not tarball.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
             "mutagen==1.48.1", "-d", str(CACHE)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    dest = WORK / SDIST
    if (dest / "tests" / "__init__.py").exists():
        return dest
    # Unpacked beside, then moved in place whole: runs side by side never see half a folder.
    WORK.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=WORK))
    with tarfile.open(tarball) as tar:
        # Only the tests: the sdist's own `mutagen/` package must not shadow the alias.
        members = [m for m in tar.getmembers() if m.name.startswith(f"{SDIST}/tests/")]
        tar.extractall(staging, members=members, filter="data")
    try:
        (staging / SDIST).rename(dest)
    except OSError:
        pass  # another run moved its copy in first
    shutil.rmtree(staging, ignore_errors=True)
    return dest


def check_expected() -> list:
    """Problems with the expected-failure file itself: unknown reasons, repeated entries."""
    problems, seen = [], set()
    for lineno, line in enumerate(EXPECTED.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        reason, _, pattern = line.partition(" ")
        pattern = pattern.strip()
        if reason not in REASONS:
            problems.append(f"{EXPECTED.name}:{lineno}: reason {reason!r} is not one of {sorted(REASONS)}")
        if reason == "tools" and not pattern.startswith("tests/test_tools"):
            problems.append(f"{EXPECTED.name}:{lineno}: 'tools' is only for tests/test_tools*")
        if pattern in seen:
            problems.append(f"{EXPECTED.name}:{lineno}: {pattern} is listed twice")
        seen.add(pattern)
    return problems


def run_suite(tests_root: Path, results: Path, pytest_args: list) -> int:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE), env.get("PYTHONPATH", "")]))
    env["COMPAT_EXPECTED"] = str(EXPECTED)
    env["COMPAT_RESULTS"] = str(results)
    env.setdefault("LANG", "C.UTF-8")
    env["LC_ALL"] = env.get("LC_ALL") or "C.UTF-8"
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "alias", "-p", "no:cacheprovider",
           "-o", "addopts=", "--rootdir", str(tests_root), "--tb=short", "-rN",
           *(pytest_args or ["tests"])]
    # Some of mutagen's test classes copy files to the temporary folder without removing them
    # (test_wave.py and test_dsdiff.py have no tearDown): the suite gets a folder of its own,
    # removed afterwards, so that a run leaves nothing in the system's.
    scratch = Path(tempfile.mkdtemp(prefix="tmp-", dir=WORK))
    env["TMPDIR"] = str(scratch)
    try:
        return subprocess.run(cmd, cwd=tests_root, env=env, check=False).returncode
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def summarize(results: Path) -> tuple:
    """Per-module counts, and the list of problems (unexpected failures, stale entries)."""
    rows = defaultdict(Counter)
    problems = []
    exact = set()
    for line in EXPECTED.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.endswith("*"):
            exact.add(line.partition(" ")[2].strip())
    for line in results.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        module = r["nodeid"].split("::")[0]
        outcome = r["outcome"]
        rows[module][outcome] += 1
        if outcome in ("failed", "collect-error"):
            problems.append(f"{outcome}: {r['nodeid']}\n    {r['detail'].strip()}")
        elif outcome == "xpassed" and r["nodeid"] in exact:
            problems.append(f"passes now, remove it from {EXPECTED.name}: {r['nodeid']}")
    return rows, problems


# Modules of formats this package does not read yet: their tests are expected to fail whole.
UNREAD_MODULES = ["test__riff"]


def propose(results: Path) -> str:
    """An expected-failure file for this run, to review before it replaces the current one:
    module-wide entries for the tools and the formats not read yet. Every other failure is
    left out, so it stays a failure until it is reviewed and listed with its reason."""
    del results  # the module-wide entries do not depend on the run
    out = ["# mutagen 1.48.1's tests expected to fail against mutagen_rs: `REASON PATTERN` a line.",
           "# REASON is one of: " + ", ".join(REASONS) + " (python/compat/run.py says what each means).",
           "# PATTERN is a pytest node id, or a prefix ending in `*`.", "",
           "tools tests/test_tools*"]
    out += [f"format tests/{m}.py*" for m in UNREAD_MODULES]
    return "\n".join(out) + "\n"


def write_totals(rows: dict, problems: list, path: Path) -> None:
    """The totals as JSON, for the benchmark report's verdict on the plan's criteria."""
    total = Counter()
    for c in rows.values():
        total.update(c)
    reasons = Counter()
    for line in EXPECTED.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            reasons[line.partition(" ")[0]] += 1
    doc = {
        "suite": "mutagen 1.48.1 tests/",
        "modules": len(rows),
        "collected": sum(v for k, v in total.items() if k != "collect-error"),
        "passed": total["passed"],
        "failed": total["failed"],
        "expected_failures": total["xfailed"],
        "xpassed": total["xpassed"],
        "skipped": total["skipped"],
        "collection_errors": total["collect-error"],
        "expected_failure_entries": dict(sorted(reasons.items())),
        "problems": len(problems),
    }
    path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")


def write_report(rows: dict, problems: list, path: Path) -> None:
    cols = ["passed", "failed", "xfailed", "xpassed", "skipped", "collect-error"]
    total = Counter()
    lines = [
        "# mutagen 1.48.1's test suite against mutagen_rs",
        "",
        "Written by `python python/compat/run.py` (run by `scripts/test.sh`): mutagen's own `tests/`",
        "from its source distribution, with `import mutagen` loading `mutagen_rs`. Expected failures",
        "are listed with their reason in `python/compat/expected_failures.txt`; the reasons allowed:",
        "",
    ]
    lines += [f"- `{k}`: {v}" for k, v in REASONS.items()]
    lines += [
        "",
        "`collected` counts every test the module ran; `expected` are the listed failures that failed;",
        "`xpassed` are tests under a module-wide entry that pass all the same.",
        "",
        "| module | collected | passed | failed | expected | xpassed | skipped | collection errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for module in sorted(rows):
        c = rows[module]
        collected = sum(c[k] for k in cols if k != "collect-error")
        total.update(c)
        lines.append(f"| `{module}` | {collected} | " + " | ".join(str(c[k]) for k in cols) + " |")
    collected = sum(total[k] for k in cols if k != "collect-error")
    lines.append(f"| **all** | **{collected}** | " + " | ".join(f"**{total[k]}**" for k in cols) + " |")
    lines += ["", f"Problems: {len(problems)}." if problems else "No unexpected failure.", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--report", default=str(ROOT / "reports" / "compat.md"),
                    help="where to write the table (default: reports/compat.md)")
    ap.add_argument("pytest_args", nargs="*",
                    help="pytest arguments after --, in place of the whole suite (no report then)")
    ap.add_argument("--propose", metavar="FILE",
                    help="also write a proposed expected-failure file for this run to FILE")
    args = ap.parse_args()

    problems = check_expected()
    tests_root = sdist_tests()
    fd, name = tempfile.mkstemp(prefix="results-", suffix=".jsonl", dir=WORK)
    os.close(fd)
    results = Path(name)
    run_suite(tests_root, results, args.pytest_args)
    if args.propose:
        Path(args.propose).write_text(propose(results), encoding="utf-8")
        print(f"compat: proposed expected failures in {args.propose}")
    rows, run_problems = summarize(results)
    problems += run_problems
    results.unlink(missing_ok=True)
    if not args.pytest_args:
        write_report(rows, problems, Path(args.report))
        write_totals(rows, problems, Path(args.report).with_suffix(".json"))
        print(f"compat: wrote {args.report} and its totals as JSON")
    total = Counter()
    for c in rows.values():
        total.update(c)
    print("compat: " + ", ".join(f"{v} {k}" for k, v in sorted(total.items())))
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
