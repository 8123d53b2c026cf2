"""Write workloads: open a file, set its title, save it, through mutagen 1.48.1 and through
``mutagen_rs``, on the generated single-typical and single-large file of each main format; with
the file-object calls and the bytes read and written by each save.

    python harness/py/writes.py                        # target/corpus, writes.json in target/
    python harness/py/writes.py --out reports/writes.json --budget 2

Needs ``mutagen_rs`` built into the running Python next to ``mutagen==1.48.1`` (the harness's
main virtualenv has both). The corpus is the harness's generated corpus (``cargo run --release
-p harness -- corpus``, made with a batch size of 100 when missing).

Method: each subject saves its own copy of the file, in a temporary folder on the same file
system as the corpus. One save is ``File(path)``, ``tags["title"] = t`` and ``save()`` (the
mutagen API, paths, default padding; WavPack stands for the APEv2 formats, AIFF, WAVE, DSF and
DSDIFF for ID3 in chunks, WMA for ASF); the title alternates between two values of the same
length, so that after the first save every save rewrites the tag in place, as a tagger
editing a library does. The two subjects alternate round by round; each round saves for
``--budget / rounds`` seconds, and the median of the rounds' times per save is reported.

Each subject runs in a process of its own that imports only its library, as a program using
one of them does: in one shared process the memory one library frees and the allocator's
thresholds it moves change what the other's large saves cost (a fresh page costs about 3 µs
here), in either direction.

The floor (subject ``floor-py``) is the least any save of the same bytes can cost from
Python: ``os.open``, one ``os.pread`` of as many bytes as mutagen's save writes, one
``os.pwrite`` of them back in place, ``os.close``, timed the same way on the same copy. It caps
the speed-up of any library over mutagen: ``mutagen ÷ floor``.

The save's I/O is counted in a separate pass through an unbuffered file object (``open(path,
"rb+", buffering=0)``, so each call is one system call) that counts the ``read``, ``write``,
``seek``, ``tell`` and ``truncate`` calls of ``save(fileobj)`` and the bytes read and written.

Rows (``--out``, JSON) have the fields of ``matrix.json``'s rows: subject, variant, format,
workload, metric (``ns_per_save``, ``calls_per_save``, ``bytes_read_per_save``,
``bytes_written_per_save``), value.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from workers import started

ROOT = Path(__file__).resolve().parents[2]
FORMATS = ("mp3", "flac", "ogg", "mp4", "wv", "aiff", "wav", "dsf", "dff", "wma")
WORKLOADS = ("single-typical", "single-large")
TITLES = ("write workload title A", "write workload title B")


class Counting(io.RawIOBase):
    """An unbuffered file that counts its calls and the bytes that go through it."""

    def __init__(self, raw) -> None:
        super().__init__()
        self.raw = raw
        self.calls = 0
        self.read_bytes = 0
        self.written = 0

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def read(self, size=-1):
        self.calls += 1
        data = self.raw.read(size)
        self.read_bytes += len(data)
        return data

    def readinto(self, b):
        self.calls += 1
        n = self.raw.readinto(b)
        self.read_bytes += n or 0
        return n

    def write(self, b):
        self.calls += 1
        n = self.raw.write(b)
        self.written += n or 0
        return n

    def seek(self, offset, whence=0):
        self.calls += 1
        return self.raw.seek(offset, whence)

    def tell(self):
        self.calls += 1
        return self.raw.tell()

    def truncate(self, size=None):
        self.calls += 1
        return self.raw.truncate(size)

    def flush(self):
        return self.raw.flush()


def corpus_singles(corpus: Path, seed: int) -> dict:
    manifest = corpus / "manifest.json"
    if not manifest.exists():
        subprocess.run(
            ["cargo", "run", "--release", "--quiet", "-p", "harness", "--", "corpus",
             "--out", str(corpus), "--seed", str(seed), "--max-batch", "100"],
            cwd=ROOT, check=True,
        )  # fmt: skip
    m = json.loads(manifest.read_text())
    out = {}
    for w in m["workloads"]:
        if w["format"] in FORMATS and w["workload"] in WORKLOADS:
            out[(w["format"], w["workload"])] = corpus / m["files"][w["files"][0]]["path"]
    return out


def set_title(module, f, title: str) -> None:
    """Set the title the way a mutagen user does for the file's kind of tags."""
    if f.tags is None:
        f.add_tags()
    if isinstance(f.tags, module.id3.ID3):
        f.tags.add(module.id3.TIT2(encoding=3, text=[title]))
    elif isinstance(f.tags, module.mp4.MP4Tags):
        f.tags["\xa9nam"] = [title]
    elif isinstance(f.tags, module.asf.ASFTags):
        f.tags["Title"] = [title]
    else:
        f.tags["title"] = [title]


def save_once(module, path: str, i: int) -> None:
    f = module.File(path)
    set_title(module, f, TITLES[i & 1])
    f.save()


def counted(module, path: str) -> dict:
    with open(path, "rb+", buffering=0) as raw:
        f = module.File(raw)
        set_title(module, f, TITLES[1])
        c = Counting(raw)
        raw.seek(0)
        f.save(c)
    return {"calls_per_save": c.calls, "bytes_read_per_save": c.read_bytes, "bytes_written_per_save": c.written}


def floor_once(path: str, size: int) -> None:
    """Open, read ``size`` bytes from the start, write them back in place, close."""
    fd = os.open(path, os.O_RDWR)
    try:
        os.pwrite(fd, os.pread(fd, size, 0), 0)
    finally:
        os.close(fd)


def _commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def import_subject(name: str):
    """The library a subject names, with the submodules ``set_title`` uses."""
    if name == "mutagen":
        import mutagen
        import mutagen.asf
        import mutagen.id3
        import mutagen.mp4

        return mutagen
    import mutagen_rs
    import mutagen_rs.asf
    import mutagen_rs.id3
    import mutagen_rs.mp4

    return mutagen_rs


def worker(name: str) -> int:
    """Serve one subject: JSON commands on stdin, one JSON answer per line on stdout."""
    module = import_subject(name)
    for line in sys.stdin:
        cmd = json.loads(line)
        if cmd["op"] == "first":
            save_once(module, cmd["path"], 0)
            answer = {}
        elif cmd["op"] == "round":
            n = 0
            t0 = time.perf_counter()
            while True:
                save_once(module, cmd["path"], n)
                n += 1
                elapsed = time.perf_counter() - t0
                if elapsed >= cmd["seconds"]:
                    break
            answer = {"ns_per_save": elapsed / n * 1e9}
        elif cmd["op"] == "counted":
            answer = counted(module, cmd["path"])
        else:
            answer = {"version": getattr(module, "version_string", "")}
        print(json.dumps(answer), flush=True)
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "target" / "corpus")
    ap.add_argument("--seed", type=int, default=20261125)
    ap.add_argument("--budget", type=float, default=2.0, help="seconds of saving per subject and file")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--out", type=Path, default=ROOT / "target" / "writes.json")
    ap.add_argument("--worker", choices=("mutagen", "mutagen-rs-py"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        return worker(args.worker)

    argvs = {name: [sys.executable, __file__, "--worker", name] for name in ("mutagen", "mutagen-rs-py")}
    with started(argvs) as subjects:
        return measure(args, subjects)


def measure(args: argparse.Namespace, subjects: dict) -> int:
    """Time every write workload with the subjects' workers and write ``args.out``."""
    singles = corpus_singles(args.corpus, args.seed)
    rows = []
    load = round(os.getloadavg()[0], 2)
    with tempfile.TemporaryDirectory(dir=args.corpus, prefix="writes-") as tmp:
        for (fmt, workload), src in sorted(singles.items()):
            copies = {}
            for name in subjects:
                copies[name] = os.path.join(tmp, f"{name}-{src.name}")
                shutil.copyfile(src, copies[name])
            # The first save of each copy, untimed: every timed save rewrites the tag in place.
            for name, subject in subjects.items():
                subject.ask(op="first", path=copies[name])
            times = {name: [] for name in subjects}
            per_round = args.budget / args.rounds
            for _ in range(args.rounds):
                for name, subject in subjects.items():
                    times[name].append(subject.ask(op="round", path=copies[name], seconds=per_round)["ns_per_save"])
            counts = {}
            for name, subject in subjects.items():
                base = {"subject": name, "variant": "default", "format": fmt, "workload": workload}
                rows.append({**base, "metric": "ns_per_save", "value": statistics.median(times[name])})
                counts[name] = subject.ask(op="counted", path=copies[name])
                for metric, value in counts[name].items():
                    rows.append({**base, "metric": metric, "value": value})
            written = counts["mutagen"]["bytes_written_per_save"]
            floor = []
            for _ in range(args.rounds):
                n = 0
                t0 = time.perf_counter()
                while True:
                    floor_once(copies["mutagen"], written)
                    n += 1
                    elapsed = time.perf_counter() - t0
                    if elapsed >= per_round:
                        break
                floor.append(elapsed / n * 1e9)
            rows.append({"subject": "floor-py", "variant": "default", "format": fmt, "workload": workload,
                         "metric": "ns_per_save", "value": statistics.median(floor)})  # fmt: skip
            ours = statistics.median(times["mutagen-rs-py"])
            theirs = statistics.median(times["mutagen"])
            print(f"writes: {fmt} {workload}: mutagen {theirs / 1e3:.1f} µs, mutagen_rs {ours / 1e3:.1f} µs "
                  f"({theirs / ours:.1f}x), floor {statistics.median(floor) / 1e3:.1f} µs", file=sys.stderr)  # fmt: skip
    meta = {"budget_s": args.budget, "rounds": args.rounds, "titles": list(TITLES),
            "sizes": {f"{f}/{w}": p.stat().st_size for (f, w), p in singles.items()},
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "commit": _commit(),
            "versions": {"mutagen": subjects["mutagen"].ask(op="version")["version"]},
            "processes": "one per subject", "load_at_start": load}  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"meta": meta, "rows": rows}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
