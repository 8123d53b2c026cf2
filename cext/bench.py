"""Time the C extension against the PyO3 build, file by file and in batches.

    python cext/bench.py [DIR ...] [--rounds N] [--threads T ...]

Files: every regular file under the DIRs, by default target/corpus if it exists, else
corpus/real. Single-file readers, interleaved file by file after a warm-up pass (the order of
the readers rotates from one file to the next):

- c:      mutagen_rs_c.read(path)                  (C extension over the C ABI)
- pyo3:   mutagen_rs._native.read_plain(path)      (PyO3, the same dict)
- File:   mutagen_rs.File(path) + every tag key read and the four info numbers

For each reader: the median over files of the per-file median ns, and the mean over files of the
per-file medians. Batch readers (c: read_batch, pyo3: read_plain_batch, File: batch_open) are
timed over the whole list, interleaved round by round; reported as median ns per file.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import mutagen_rs
import mutagen_rs_c
from mutagen_rs import _native

ROOT = Path(__file__).resolve().parents[1]
NUMBERS = ("length", "bitrate", "sample_rate", "channels")


def files_under(dirs: list) -> list:
    out = []
    for d in dirs:
        for base, _, names in os.walk(d):
            out.extend(os.path.join(base, n) for n in sorted(names))
    return sorted(p for p in out if os.path.isfile(p) and not p.endswith((".md", ".sh", ".py")))


def read_file_all(path: str):
    """What a mutagen user does to get the same information: open, read info and every key."""
    f = mutagen_rs.File(path)
    if f is None:
        return None
    info = f.info
    for name in NUMBERS:
        getattr(info, name, None)
    tags = f.tags
    if tags is not None:
        for key in tags.keys():
            tags[key]
    return f


def quiet(fn):
    def call(arg):
        try:
            return fn(arg)
        except Exception as e:  # noqa: BLE001 - a failing file is timed like any other
            return e

    return call


SINGLE = {
    "c": quiet(mutagen_rs_c.read),
    "pyo3": quiet(_native.read_plain),
    "File": quiet(read_file_all),
}


def bench_single(paths: list, rounds: int) -> dict:
    names = list(SINGLE)
    for p in paths:  # warm-up: page cache, interned keys, imported classes
        for fn in SINGLE.values():
            fn(p)
    per_file = {n: [] for n in names}
    clock = time.perf_counter_ns
    for i, p in enumerate(paths):
        samples = {n: [] for n in names}
        for r in range(rounds):
            k = (i + r) % len(names)
            for n in names[k:] + names[:k]:
                fn = SINGLE[n]
                t0 = clock()
                fn(p)
                samples[n].append(clock() - t0)
        for n in names:
            per_file[n].append(statistics.median(samples[n]))
    return per_file


def bench_batch(paths: list, rounds: int, threads: int) -> dict:
    batch = {
        "c": lambda: mutagen_rs_c.read_batch(paths, threads=threads),
        "pyo3": lambda: _native.read_plain_batch(paths, threads=threads or None),
        "File": lambda: mutagen_rs.batch_open(paths, threads=threads or None),
    }
    for fn in batch.values():
        fn()
    names = list(batch)
    samples = {n: [] for n in names}
    clock = time.perf_counter_ns
    for r in range(rounds):
        k = r % len(names)
        for n in names[k:] + names[:k]:
            t0 = clock()
            batch[n]()
            samples[n].append((clock() - t0) / len(paths))
    return {n: statistics.median(v) for n, v in samples.items()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="*")
    ap.add_argument("--rounds", type=int, default=21, help="timed calls per file and reader")
    ap.add_argument("--batch-rounds", type=int, default=15)
    ap.add_argument("--threads", type=int, nargs="*", default=[1, 0])
    args = ap.parse_args()
    dirs = args.dirs
    if not dirs:
        corpus = ROOT / "target" / "corpus"
        dirs = [str(corpus if corpus.is_dir() else ROOT / "corpus" / "real")]
    paths = files_under(dirs)
    print(f"{len(paths)} files under {', '.join(dirs)}; python {sys.version.split()[0]}")

    per_file = bench_single(paths, args.rounds)
    print(f"\nsingle file, {args.rounds} interleaved calls per file and reader (ns per file)")
    print(f"{'reader':8} {'median':>10} {'mean':>10} {'vs pyo3':>8}")
    base = statistics.median(per_file["pyo3"])
    for n, v in per_file.items():
        med = statistics.median(v)
        print(f"{n:8} {med:10.0f} {statistics.fmean(v):10.0f} {med / base:8.3f}")
    ratios = [c / p for c, p in zip(per_file["c"], per_file["pyo3"]) if p]
    wins = sum(r < 1 for r in ratios)
    print(
        f"c/pyo3 per file: median {statistics.median(ratios):.3f}, "
        f"min {min(ratios):.3f}, max {max(ratios):.3f}; c faster on {wins}/{len(ratios)} files"
    )

    for threads in args.threads:
        res = bench_batch(paths, args.batch_rounds, threads)
        label = threads or f"0 (all {os.cpu_count()} cores)"
        print(f"\nbatch, threads={label}, median of {args.batch_rounds} rounds (ns per file)")
        for n, v in res.items():
            print(f"{n:8} {v:10.0f} {v / res['pyo3']:8.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
