#!/usr/bin/env python3
"""The instruction-count gate: run the gungraun benches of the parser core and compare each
bench's instruction count (callgrind's Ir) with the baseline committed in ci/.

    python3 ci/instructions.py            # measure and compare; exit 1 on a regression
    python3 ci/instructions.py --update   # measure and write the new baseline

A bench regresses when its count grows by more than the threshold (2% by default) over the
baseline. Counts are deterministic for one binary, input, toolchain and valgrind, so the
baseline belongs to this project's machine kind (its rustc, valgrind and CPU); after a
deliberate change in cost, or a toolchain change, update the baseline in its own commit and
say why in the message.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "ci" / "instructions-baseline.json"
SUMMARIES = ROOT / "target" / "gungraun" / "mutagen-core" / "instructions"
RUNNER_VERSION = "0.20.0"


def ensure_runner() -> None:
    """Install gungraun-runner of the crate's version when it is missing."""
    found = shutil.which("gungraun-runner")
    if found:
        out = subprocess.run([found, "--version"], capture_output=True, text=True).stdout
        if RUNNER_VERSION in out:
            return
    subprocess.run(
        ["cargo", "install", "--locked", "gungraun-runner", "--version", RUNNER_VERSION],
        check=True,
    )
    if not shutil.which("valgrind"):
        sys.exit("valgrind is needed for the instruction-count gate (apt-get install valgrind)")


def measure() -> dict:
    """Run the benches and return {bench name: instructions}."""
    if SUMMARIES.exists():
        shutil.rmtree(SUMMARIES)
    subprocess.run(
        ["cargo", "bench", "--quiet", "-p", "mutagen-core", "--bench", "instructions", "--",
         "--save-summary=json"],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    counts = {}
    for path in sorted(SUMMARIES.rglob("summary.json")):
        summary = json.loads(path.read_text())
        name = f"{summary['function_name']}.{summary['id']}"
        total = summary["profiles"][0]["data"]["total"]["metrics"]
        counts[name] = int(total["Ir"]["values"]["new"])
    if not counts:
        sys.exit("the instruction benches produced no summaries (is gungraun-runner installed?)")
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--update", action="store_true", help="write the measured counts as the baseline")
    parser.add_argument("--threshold", type=float, default=2.0, help="allowed growth in percent (default 2)")
    args = parser.parse_args()

    ensure_runner()
    counts = measure()
    if args.update:
        BASELINE.write_text(json.dumps(counts, indent=2, sort_keys=True) + "\n")
        print(f"wrote {len(counts)} baselines to {BASELINE.relative_to(ROOT)}")
        return 0

    return compare(json.loads(BASELINE.read_text()), counts, args.threshold, "bench", "instruction-count gate")


def compare(baseline: dict, counts: dict, threshold: float, what: str, gate: str) -> int:
    """Print each count beside its baseline; return 1 when one grew by more than `threshold`
    percent, or when the two disagree on which counts there are."""
    width = max(len(what), *(len(n) for n in set(baseline) | set(counts))) + 2
    failed = []
    print(f"{what:{width}} {'baseline':>12} {'now':>12} {'change':>8}")
    for name in sorted(set(baseline) | set(counts)):
        old, new = baseline.get(name), counts.get(name)
        if old is None or new is None:
            print(f"{name:{width}} {old!s:>12} {new!s:>12}   (added or removed: update the baseline)")
            failed.append(name)
            continue
        change = (new - old) / old * 100 if old else 0.0
        mark = "  REGRESSION" if change > threshold else ""
        print(f"{name:{width}} {old:>12} {new:>12} {change:>+7.2f}%{mark}")
        if change > threshold:
            failed.append(name)
    if failed:
        print(f"{gate}: {len(failed)} count(s) over +{threshold}%: {', '.join(failed)}")
        return 1
    print(f"{gate}: {len(counts)} counts within +{threshold}% of the baseline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
