#!/usr/bin/env python3
"""The instruction-count gate of the Python layer: ``mutagen_rs.File`` and ``batch_open``.

    python3 ci/py_instructions.py [--python PY]            # measure and compare; exit 1 on a regression
    python3 ci/py_instructions.py [--python PY] --update   # measure and write the new baseline

For each format, a fixed set of real-encoder files from ``corpus/real`` is read through the
package under callgrind (``ci/py_worker.py``): once with ``REPS`` repetitions and once with none,
with the same warm-up. The difference divided by the reads is the count per file: the binding's
conversion, the Python classes and the core together, without interpreter start-up and imports.
A count more than 2% over ``py-instructions-baseline.json`` fails the gate. ``PYTHONHASHSEED``
is fixed and ``batch_open`` runs on one thread, so the counts repeat run to run.

The baseline belongs to this machine kind's toolchain, CPython and valgrind; update it in its
own commit, saying which counts moved and why.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from instructions import compare

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "ci" / "py-instructions-baseline.json"
WORKER = ROOT / "ci" / "py_worker.py"
REAL = ROOT / "corpus" / "real"
REPS = 4

# The files each format's count reads: every real-encoder file of that kind, sorted.
FORMATS = {
    "mp3": ("mp3",),
    "flac": ("flac",),
    "ogg": ("ogg", "oga", "opus", "spx"),
    "mp4": ("m4a", "m4b", "mp4"),
}


def files_of(exts: tuple) -> list:
    return sorted(str(p) for p in REAL.rglob("*") if p.is_file() and p.suffix.lstrip(".").lower() in exts)


def callgrind_total(python: str, entry: str, reps: int, files: list) -> int:
    """Instructions (Ir) of one worker run under callgrind."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        env = dict(os.environ, PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1")
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", "--cache-sim=no",
             "--branch-sim=no", python, str(WORKER), entry, str(reps), *files],
            check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        text = out.read_text(errors="replace")
    m = re.search(r"^summary:\s+(\d+)", text, re.M) or re.search(r"^totals:\s+(\d+)", text, re.M)
    if not m:
        sys.exit(f"no instruction total in callgrind's output for {entry}")
    return int(m.group(1))


def measure(python: str) -> dict:
    """{entry.format: instructions per file read}."""
    counts = {}
    for fmt, exts in FORMATS.items():
        files = files_of(exts)
        if not files:
            sys.exit(f"no {fmt} files under {REAL}")
        for entry in ("File", "batch_open"):
            full = callgrind_total(python, entry, REPS, files)
            base = callgrind_total(python, entry, 0, files)
            counts[f"{entry}.{fmt}"] = round((full - base) / (REPS * len(files)))
            print(f"  {entry}.{fmt}: {counts[f'{entry}.{fmt}']} per file ({len(files)} files)", flush=True)
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--python", default=str(ROOT / "target" / "venv" / "bin" / "python"),
                        help="the interpreter with mutagen_rs installed (default: target/venv)")
    parser.add_argument("--update", action="store_true", help="write the measured counts as the baseline")
    parser.add_argument("--threshold", type=float, default=2.0, help="allowed growth in percent (default 2)")
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        sys.exit("valgrind is needed for the Python-layer gate (apt-get install valgrind)")

    counts = measure(args.python)
    if args.update:
        BASELINE.write_text(json.dumps(counts, indent=2, sort_keys=True) + "\n")
        print(f"wrote {len(counts)} baselines to {BASELINE.relative_to(ROOT)}")
        return 0

    return compare(json.loads(BASELINE.read_text()), counts, args.threshold, "entry point", "Python-layer gate")


if __name__ == "__main__":
    sys.exit(main())
