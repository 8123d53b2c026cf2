"""Engine overhead: the same generated files through a single-process ``mutagen_rs.scan``,
through ``mutagen_rs.dask`` on a ``LocalCluster`` and through ``mutagen_rs.ray`` on a local Ray
instance; files per second of each and the overhead per file of each engine over the scan.

    python harness/py/engines.py                       # 100,000 files, target/engines-corpus
    python harness/py/engines.py --files 20000 --rounds 2 --out /tmp/engines.json

Needs the package built into the running Python with pyarrow, pandas, dask[dataframe,distributed]
and ray[data] (``scripts/test.sh`` installs them into target/venv). The corpus is the harness's
generated corpus with pools of ``--files / 4`` distinct files per format (MP3, FLAC, Ogg, MP4),
made with ``cargo run --release -p harness -- corpus`` when missing; the files are taken from the
four pools in turn.

Method: each engine gets the same list of paths and the same cores (``--cpus``, 2 by default):
the scan runs ``--cpus`` reading threads in this process; Dask a ``LocalCluster`` of ``--cpus``
worker processes of one thread, each partition a one-thread scan; Ray ``ray.init(num_cpus=
--cpus)``, each read task a one-thread scan. Every run reads every file and brings the whole
result back to this process (a ``pyarrow.Table``; a pandas DataFrame for Dask), as a user's
``compute()`` does. The cluster is started once and timed apart (``startup_s``); one warm-up run on
the whole list warms the page cache and the workers, then ``--rounds`` timed runs; the median is
reported. ``overhead_ns_per_file`` is an engine's time per file minus the scan's. With two cores
this measures the engines' cost per file, not a speed-up: each engine uses the same two cores.

Rows (``--out``, JSON) have the fields of ``matrix.json``'s rows: subject, variant, format,
workload, metric, value.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def corpus_files(corpus: Path, n: int, seed: int) -> list:
    per_format = -(-n // 4)
    manifest = corpus / "manifest.json"
    if manifest.exists():
        m = json.loads(manifest.read_text())
        if m.get("max_batch", 0) < per_format or m.get("seed") != seed:
            m = None
    else:
        m = None
    if m is None:
        subprocess.run(
            ["cargo", "run", "--release", "--quiet", "-p", "harness", "--", "corpus",
             "--out", str(corpus), "--seed", str(seed), "--max-batch", str(per_format)],
            cwd=ROOT, check=True,
        )  # fmt: skip
        m = json.loads(manifest.read_text())
    pools = {}
    for f in m["files"]:
        # The four formats of the mixed batches; the further formats have batches of their own.
        if "/batch/" in f["path"] and f["format"] in ("mp3", "flac", "ogg", "mp4"):
            pools.setdefault(f["format"], []).append(str(corpus / f["path"]))
    files = []
    for i in range(per_format):
        for fmt in sorted(pools):
            if i < len(pools[fmt]):
                files.append(pools[fmt][i])
    return files[:n]


def _commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("pyarrow", "dask", "distributed", "ray"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            pass
    return out


def timed(fn, rounds: int):
    fn()  # warm-up: page cache, workers, imports
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        rows = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), rows


def bench_scan(files, cpus, rounds):
    import mutagen_rs

    def run():
        return mutagen_rs.scan(files, threads=cpus).to_arrow().num_rows

    return 0.0, *timed(run, rounds)


def bench_dask(files, cpus, rounds, per_partition):
    from dask.distributed import Client, LocalCluster

    import mutagen_rs.dask

    t = time.perf_counter()
    cluster = LocalCluster(n_workers=cpus, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=logging.ERROR)  # fmt: skip
    client = Client(cluster)
    client.run(lambda: __import__("mutagen_rs.dask"))
    startup = time.perf_counter() - t
    try:

        def run():
            return len(mutagen_rs.dask.read_metadata(files, files_per_partition=per_partition).compute())

        return startup, *timed(run, rounds)
    finally:
        client.close()
        cluster.close()


def bench_ray(files, cpus, rounds, per_partition):
    import pyarrow as pa
    import ray

    import mutagen_rs.ray

    t = time.perf_counter()
    ray.init(num_cpus=cpus, include_dashboard=False, configure_logging=False, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    startup = time.perf_counter() - t
    try:

        def run():
            ds = mutagen_rs.ray.read_metadata(files, files_per_partition=per_partition)
            return pa.concat_tables(ray.get(ds.to_arrow_refs())).num_rows

        return startup, *timed(run, rounds)
    finally:
        ray.shutdown()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=100_000)
    ap.add_argument("--corpus", type=Path, default=ROOT / "target" / "engines-corpus")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--cpus", type=int, default=2)
    ap.add_argument("--files-per-partition", type=int, default=2048)
    ap.add_argument("--engines", default="scan,dask,ray")
    ap.add_argument("--out", type=Path, default=ROOT / "target" / "engines.json")
    args = ap.parse_args()

    files = corpus_files(args.corpus, args.files, args.seed)
    load = round(os.getloadavg()[0], 2)
    n = len(files)
    workload = f"batch-{n}"
    results = {}
    for engine in args.engines.split(","):
        if engine == "scan":
            startup, t, rows = bench_scan(files, args.cpus, args.rounds)
        elif engine == "dask":
            startup, t, rows = bench_dask(files, args.cpus, args.rounds, args.files_per_partition)
        elif engine == "ray":
            startup, t, rows = bench_ray(files, args.cpus, args.rounds, args.files_per_partition)
        else:
            raise SystemExit(f"unknown engine {engine}")
        assert rows == n, (engine, rows, n)
        results[engine] = (startup, t)
        print(f"{engine}: {n / t:,.0f} files/s ({t:.2f} s for {n} files; start-up {startup:.2f} s)", flush=True)

    rows = []
    base = results.get("scan", (0.0, None))[1]
    for engine, (startup, t) in results.items():
        subject = {"scan": "scan", "dask": "dask-read_metadata", "ray": "ray-read_metadata"}[engine]
        metrics = {"files_per_s": n / t, "ns_per_file": t / n * 1e9, "startup_s": startup}
        if base is not None and engine != "scan":
            metrics["overhead_ns_per_file"] = (t - base) / n * 1e9
        for metric, value in metrics.items():
            rows.append({"subject": subject, "variant": "baseline", "format": "mixed", "workload": workload,
                         "metric": metric, "value": value})  # fmt: skip
    meta = {"files": n, "cpus": args.cpus, "rounds": args.rounds, "files_per_partition": args.files_per_partition,
            "python": sys.version.split()[0], "cores": os.cpu_count(),
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "commit": _commit(),
            "versions": _versions(), "load_at_start": load}  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"meta": meta, "rows": rows}, indent=1) + "\n")

    print()
    print(f"| engine | files/s | µs per file | overhead per file over scan | start-up |  ({n} files, {args.cpus} CPUs)")
    print("|---|---:|---:|---:|---:|")
    for engine, (startup, t) in results.items():
        over = "" if base is None or engine == "scan" else f"{(t - base) / n * 1e6:+.1f} µs"
        print(f"| {engine} | {n / t:,.0f} | {t / n * 1e6:.1f} | {over} | {startup:.1f} s |")
    print(f"\nrows written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
