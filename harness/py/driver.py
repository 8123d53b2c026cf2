"""The Python side of the benchmark matrix: times, peak memory and honesty checks of Python subjects.

Run by the harness inside a virtualenv as ``python driver.py JOB.json OUT.json``. The job says
the mode and the subjects:

- ``time``: for each workload, read every file with every subject after one warm-up pass, and
  record each read's wall time in ns. Each subject runs in a worker process of its own; the
  subjects take turns, one round over the workload's files each, the order rotating.
- ``rss``: read every file once with one subject, and report the process's peak RSS (and the
  RSS before the first read, after the imports).
- ``batch``: for each batch workload, every batch subject runs the whole batch through its API
  (one warm-up run, then rounds with the order rotating) and reads back every value; a sample
  is the run's time per file. Each subject runs in a worker process of its own. Streaming
  subjects also record the time to the first result.
- ``batch-rss``: one batch run of one batch subject, holding the results; peak RSS.
- ``check``: read every file once per subject and check the result carries the file's own title;
  then the rewrite test: copy a file to a scratch path, read it, overwrite the path with another
  file's bytes, read again, and check the second read saw the new title (no stale result).

Subjects:

- ``mutagen``: Python mutagen as shipped.
- ``mutagen-rs-py``: this repository's package ``mutagen_rs``.
- ``mutagen-rs-pypi``: mutagen-rs 0.2.7 from the package index (also imported as ``mutagen_rs``;
  it runs in its own virtualenv) with ``clear_all_caches()`` before each read, outside the timed
  region.
- ``mutagen-rs-pypi-as-shipped``: the same without clearing its caches (its repeated reads are
  cache hits: labelled as such in the report).
- ``floor-py``: ``os.open`` + ``os.pread`` of the byte ranges the harness planned + ``os.close``.

``python driver.py --copies SUBJECT PATH N`` reads one file N + 1 times with one subject and
exits: the harness runs it under valgrind's DHAT in copy mode to count the bytes copied per read
(``memcpy``, ``memmove`` and their kin).

Batch subjects (modes ``batch`` and ``batch-rss``):

- ``mutagen-loop``: ``mutagen.File`` on each path in turn, as a program without a batch API does.
- ``batch_open``: ``mutagen_rs.batch_open(paths)`` (parallel, GIL released).
- ``iter_open``: ``mutagen_rs.iter_open(paths)``, consumed as results arrive.
- ``pypi-batch_open``: mutagen-rs 0.2.7's ``batch_open`` (plain dicts), ``clear_all_caches()``
  before each run, outside the timing.
- ``c-ext`` and ``pyo3-plain``: ``mutagen_rs_c.read_batch`` (the C extension, cext/) and its
  PyO3 twin ``_native.read_plain_batch``, both plain dicts.

- ``mutagen-rs-py[json]``: ``mutagen_rs.batch_open_json`` then ``json.loads`` and a walk of every
  value; ``mutagen-rs-py[json-orjson]``: the same with ``orjson.loads`` (needs orjson).
- ``mutagen-rs-py[msgpack]``: ``mutagen_rs.batch_open_msgpack`` then ``msgpack.unpackb`` and a walk
  (needs msgpack).
- ``mutagen-rs-py[columnar]``: ``mutagen_rs.batch_open_columnar`` then every value of every column.
- ``mutagen-rs-py[scan]``: ``mutagen_rs.scan`` into a ``pyarrow.Table``, every column in Arrow.
- ``mutagen-rs-py[scan-pread]``: the same with ``io="pread"`` (no io_uring).
- ``mutagen-rs-py[streaming]``: ``mutagen_rs.BatchIterator`` over the batch, each result read as a
  ``File()`` result is read, then dropped; also records the time to the first result.

A batch subject whose decoder is not installed is listed under ``unavailable``.

One read is what ``shared/BENCHMARKING.md`` defines: ``File(path)``, the stream info a caller
reads (length, bitrate, sample_rate, channels), then every tag key and value.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sys
import tempfile
import time

OK, NONE, ERROR = "ok", "none", "error"

# The File() function of each subject, for the fidelity check.
FILE_FN = {}


def _rss_bytes() -> int:
    """Peak RSS of this process: ``VmHWM``, which starts afresh at exec.

    (``ru_maxrss`` does not: a child keeps its parent's peak across fork and exec, so under
    the harness it would report the harness's own peak.)"""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _read_with(file_fn):
    """A read function over a ``File``-like callable, doing one full read as a caller would."""

    def read(path: str):
        f = file_fn(path)
        if f is None:
            return NONE, None
        _read_back(f)
        return OK, f

    return read


# The keys a caller after the title, artist and album looks up, by the kind of tags (a Vorbis
# comment dict refuses non-ASCII keys, so each kind is asked only for its own).
_ID3_KEYS = ("TIT2", "TPE1", "TALB")
_VORBIS_KEYS = ("title", "artist", "album")
_MP4_KEYS = ("\xa9nam", "\xa9ART", "\xa9alb")


def _title_keys(f) -> tuple:
    kind = type(f).__name__
    if kind.startswith("MP4"):
        return _MP4_KEYS
    if kind == "FLAC" or kind.startswith("Ogg"):
        return _VORBIS_KEYS
    return _ID3_KEYS


def _read_title_with(file_fn):
    """A read function that asks only for the stream info and the title, artist and album."""

    def read(path: str):
        f = file_fn(path)
        if f is None:
            return NONE, None
        info = f.info
        info.length
        tags = f.tags
        if tags is not None:
            for k in _title_keys(f):
                if k in tags:
                    tags[k]
        return OK, f

    return read


def _texts(v, depth=0):
    if depth > 4:
        return
    if isinstance(v, (list, tuple)):
        for x in v:
            yield from _texts(x, depth + 1)
    elif hasattr(v, "text") and not isinstance(v, (str, bytes)):
        yield from _texts(v.text, depth + 1)
    else:
        yield str(v)


def _has_title(f, title: str) -> bool:
    tags = getattr(f, "tags", None)
    if tags is None:
        return False
    for k in tags.keys():
        for t in _texts(tags[k]):
            if t == title:
                return True
    return False


def make_subject(name: str, ranges: dict):
    """(read function, hook to call before each read outside the timing, version string).

    ``NAME-title`` is subject NAME asked only for the stream info and the title, artist and
    album (``mutagen-title``, ``mutagen-rs-py-title``)."""
    if name.endswith("-title"):
        _read, hook, version = make_subject(name[: -len("-title")], ranges)
        return _read_title_with(FILE_FN[name[: -len("-title")]]), hook, version
    if name == "mutagen":
        import mutagen

        FILE_FN[name] = mutagen.File
        return _read_with(mutagen.File), None, mutagen.version_string
    if name in ("mutagen-rs-py", "mutagen-rs-pypi", "mutagen-rs-pypi-as-shipped"):
        import importlib.metadata

        import mutagen_rs

        version = importlib.metadata.version("mutagen-rs")
        hook = None
        if name == "mutagen-rs-pypi":
            hook = getattr(mutagen_rs, "clear_all_caches", None)
            if hook is None:
                raise SystemExit("mutagen-rs from the package index has no clear_all_caches()")
        FILE_FN[name] = mutagen_rs.File
        return _read_with(mutagen_rs.File), hook, version
    if name == "floor-py":

        def floor(path: str):
            fd = os.open(path, os.O_RDONLY)
            try:
                for off, n in ranges.get(path, ()):
                    os.pread(fd, n, off)
            finally:
                os.close(fd)
            return OK, None

        return floor, None, sys.version.split()[0]
    raise SystemExit(f"unknown subject {name}")


def _outcome(read, hook, path):
    """Run one read (not timed); returns (status, error class name or None, result)."""
    if hook is not None:
        hook()
    try:
        status, f = read(path)
        return status, None, f
    except Exception as e:  # noqa: BLE001 - a raising read is recorded, not fatal
        return ERROR, type(e).__name__, None


def progress(done: int, total: int) -> None:
    print(f"P {done} {total}", file=sys.stderr, flush=True)


def _time_worker(job_path: str, subject: str) -> None:
    """Serve one subject of a ``time`` job in a process of its own: JSON commands on stdin, one
    JSON answer per line on stdout.

    ``warm`` reads every file of a workload once, untimed, and answers the outcome counts and
    the pass's wall time; ``turn`` reads the files in order, passing over them again until ``ns``
    have gone by (once when ``ns`` is 0), and answers each read's time."""
    with open(job_path) as fh:
        job = json.load(fh)
    ranges = {k: v for k, v in job.get("ranges", {}).items()}
    titles = job.get("titles", {})
    files = {w["key"]: w["files"] for w in job["workloads"]}
    read, hook, version = make_subject(subject, ranges)
    clock = time.perf_counter_ns
    out = sys.stdout
    for line in sys.stdin:
        cmd = json.loads(line)
        if cmd["op"] == "warm":
            res = {OK: 0, NONE: 0, ERROR: 0, "wrong": 0, "errors": {}}
            start = clock()
            for path in files[cmd["key"]]:
                status, err, f = _outcome(read, hook, path)
                res[status] += 1
                # Unlike work: read without error, but the file's own title is not there.
                title = titles.get(path)
                if status == OK and f is not None and title is not None and not _has_title(f, title):
                    res["wrong"] += 1
                del f
                if err:
                    res["errors"][err] = res["errors"].get(err, 0) + 1
            answer = {"res": res, "ns": clock() - start}
        elif cmd["op"] == "turn":
            samples = []
            until = clock() + cmd["ns"]
            while True:
                for path in files[cmd["key"]]:
                    if hook is not None:
                        hook()
                    t0 = clock()
                    try:
                        read(path)
                    except Exception:  # noqa: BLE001
                        pass
                    t1 = clock()
                    samples.append(t1 - t0)
                if t1 >= until:
                    break
            answer = {"samples": samples}
        else:
            answer = {"version": version}
        out.write(json.dumps(answer) + "\n")
        out.flush()


# Turns per subject of a single-file workload in ``time`` mode.
TURNS = 5


def run_time(job: dict, job_path: str) -> dict:
    """Time every workload with every subject, each subject in a process of its own.

    In one shared process, the heap one library leaves behind (what it freed, the thresholds
    it moved) and the caches it fills change the next library's reads: ``mutagen_rs``'s
    typical reads took 15-50% longer interleaved file by file with mutagen's than alone. A
    program reads with one of them, file after file, so each subject runs in a worker process
    that imports only its library and reads in turns: a single-file workload gets
    ``TURNS`` turns per subject of an equal share of its time budget each, a batch workload
    ``rounds`` turns of one pass over its files; the order of the subjects rotates from turn to
    turn."""
    subjects = job["subjects"]
    from workers import started

    me = os.path.abspath(__file__)
    with started({s: [sys.executable, me, "--time-worker", job_path, s] for s in subjects}) as workers:
        out = {"workloads": {}, "versions": {s: workers[s].ask(op="version")["version"] for s in subjects}}
        total = sum(len(w["files"]) * (w["rounds"] + 1) + w.get("target_ns", 0) // 10**6 for w in job["workloads"])
        done = 0
        n = len(subjects)
        for w in job["workloads"]:
            key = w["key"]
            res = {s: {"samples": []} for s in subjects}
            # Warm-up pass: page cache, imports, first-call costs. Outcomes are counted here.
            for s in subjects:
                res[s].update(workers[s].ask(op="warm", key=key)["res"])
            done += len(w["files"])
            progress(done, total)
            target = w.get("target_ns", 0)
            turns, share = (TURNS, target // (TURNS * n)) if target else (w["rounds"], 0)
            for r in range(turns):
                for j in range(n):
                    s = subjects[(r + j) % n]
                    res[s]["samples"].extend(workers[s].ask(op="turn", key=key, ns=share)["samples"])
                done += target // 10**6 // turns if target else len(w["files"])
                progress(done, total)
            out["workloads"][key] = res
        return out


def run_rss(job: dict) -> dict:
    s = job["subjects"][0]
    read, hook, version = make_subject(s, job.get("ranges", {}))
    base = _rss_bytes()
    counts = {OK: 0, NONE: 0, ERROR: 0}
    samples = []
    # Every result is held until the end, as a caller holding a batch's results would.
    kept = []
    blocks = sys.getallocatedblocks()
    clock = time.perf_counter_ns
    for path in job["workloads"][0]["files"]:
        if hook is not None:
            hook()
        _f = None
        t0 = clock()
        try:
            status, _f = read(path)
        except Exception:  # noqa: BLE001
            status = ERROR
        samples.append(clock() - t0)
        counts[status] += 1
        kept.append(_f)
        _f = None
    files = job["workloads"][0]["files"]
    return {"subject": s, "version": version, "baseline_rss_bytes": base, "peak_rss_bytes": _rss_bytes(),
            "samples": samples, "py_blocks_per_file": (sys.getallocatedblocks() - blocks) / max(len(files), 1),
            **counts}


def run_check(job: dict) -> dict:
    subjects = job["subjects"]
    titles = job["titles"]
    made = {s: make_subject(s, {}) for s in subjects}
    # Fidelity: the same description as mutagen's (python/tests/differential.py), file by file.
    sys.path.insert(0, job["differential"])
    import mutagen
    from differential import outcome

    reference = {path: outcome(mutagen.File, path) for path in job["workloads"][0]["files"]}
    out = {}
    for s in subjects:
        read, hook, _v = made[s]
        checked = wrong = failed = 0
        for path in job["workloads"][0]["files"]:
            status, _err, f = _outcome(read, hook, path)
            if status != OK:
                failed += 1
                continue
            checked += 1
            if not _has_title(f, titles[path]):
                wrong += 1
        # Rewrite test: the same path, new bytes; the second read must see the new title.
        a, b = job["rewrite"]
        stale = None
        with tempfile.TemporaryDirectory() as d:
            target = os.path.join(d, "rewrite" + os.path.splitext(a)[1])
            shutil.copyfile(a, target)
            s1, _e1, f1 = _outcome(read, hook, target)
            if s1 == OK and _has_title(f1, titles[a]):
                shutil.copyfile(b, target)
                s2, _e2, f2 = _outcome(read, hook, target)
                if s2 == OK:
                    stale = not _has_title(f2, titles[b])
        same = 0
        for path, ref in reference.items():
            if hook is not None:
                hook()
            if outcome(FILE_FN[s], path) == ref:
                same += 1
        out[s] = {"checked": checked, "wrong_title": wrong, "failed": failed, "stale_after_rewrite": stale,
                  "same_as_mutagen": same, "compared": len(reference)}
    return out


# ---------------------------------------------------------------------------------------------
# Batch mode: a whole batch through one API call, timed as one.

def _read_back(f) -> None:
    """Read back one result as a caller would: the stream info, then every tag key and value."""
    info = f.info
    info.length
    getattr(info, "bitrate", None)
    getattr(info, "sample_rate", None)
    getattr(info, "channels", None)
    tags = f.tags
    if tags is not None:
        for k in tags.keys():
            tags[k]


def make_batch_subject(name: str):
    """(run(paths) -> (results, ns to the first result or None), hook before each run, version).

    Every subject reads back every value of every result inside the timed run; the results are
    returned so that the memory mode can hold them."""
    clock = time.perf_counter_ns
    if name == "mutagen-loop":
        import mutagen

        def run(paths):
            out = []
            for p in paths:
                try:
                    f = mutagen.File(p)
                except Exception as e:  # noqa: BLE001 - a bad file is a result
                    f = e
                if f is not None and not isinstance(f, Exception):
                    _read_back(f)
                out.append(f)
            return out, None

        return run, None, mutagen.version_string
    if name in ("batch_open", "iter_open", "pypi-batch_open"):
        import importlib.metadata

        import mutagen_rs

        version = importlib.metadata.version("mutagen-rs")
        if name == "pypi-batch_open":
            hook = getattr(mutagen_rs, "clear_all_caches", None)
            if hook is None:
                raise SystemExit("mutagen-rs from the package index has no clear_all_caches()")

            def run(paths):
                res = mutagen_rs.batch_open(paths)
                out = []
                for p in paths:
                    r = res.get(p)
                    _walk(r)
                    out.append(r)
                return out, None

            return run, hook, version
        if name == "batch_open":

            def run(paths):
                out = mutagen_rs.batch_open(paths)
                for f in out:
                    if f is not None and not isinstance(f, BaseException):
                        _read_back(f)
                return out, None

            return run, None, version

        def run(paths):
            t0 = clock()
            first = None
            out = []
            for _p, f in mutagen_rs.iter_open(paths):
                if first is None:
                    first = clock() - t0
                if f is not None and not isinstance(f, BaseException):
                    _read_back(f)
                out.append(f)
            return out, first

        return run, None, version
    if name in ("c-ext", "pyo3-plain"):
        # The C-extension comparison: the same plain-dict output from a C extension over the
        # core's C ABI and from its PyO3 twin; every value walked.
        if name == "c-ext":
            import mutagen_rs_c

            batch = mutagen_rs_c.read_batch
        else:
            from mutagen_rs import _native

            batch = _native.read_plain_batch

        def run(paths):
            out = batch(paths)
            for r in out:
                _walk(r)
            return out, None

        import importlib.metadata

        return run, None, importlib.metadata.version("mutagen-rs")
    if name in BATCH_SUBJECTS:
        # The specialised outputs (JSON, MessagePack, columns, BatchIterator): each run gives
        # its outcome counts; stand-ins of the results carry them to the counting below.
        fn = BATCH_SUBJECTS[name]()

        def run(paths):
            _ns, first, counts = fn(paths, {})
            out = [True] * counts[OK] + [None] * counts[NONE]
            out += [RuntimeError(e) for e, k in counts.get("errors", {}).items() for _ in range(k)]
            out += [RuntimeError()] * (counts[ERROR] - sum(counts.get("errors", {}).values()))
            return out, first

        return run, None, _package_version()
    raise SystemExit(f"unknown batch subject {name}")


def _batch_worker(subject: str) -> None:
    """Serve one batch subject in a process of its own (see :func:`run_batch`): ``run`` times
    one run of the subject over a workload's files and answers its wall time, the time to the
    first result and, for the warm-up run, the outcome counts."""
    try:
        run, hook, version = make_batch_subject(subject)
    except SystemExit as e:  # a missing optional decoder (orjson, msgpack): skipped
        run, hook, version = None, None, str(e)
    files = {}
    clock = time.perf_counter_ns
    out = sys.stdout
    for line in sys.stdin:
        cmd = json.loads(line)
        if cmd["op"] == "version":
            answer = {"version": version} if run is not None else {"unavailable": version}
        elif cmd["op"] == "files":
            files[cmd["key"]] = cmd["files"]
            answer = {}
        else:
            if hook is not None:
                hook()
            t0 = clock()
            results, first = run(files[cmd["key"]])
            t1 = clock()
            answer = {"ns": t1 - t0, "first": first}
            if cmd["count"]:
                counts = {OK: 0, NONE: 0, ERROR: 0}
                for f in results:
                    counts[NONE if f is None else ERROR if isinstance(f, BaseException) else OK] += 1
                answer["counts"] = counts
            del results
        out.write(json.dumps(answer) + "\n")
        out.flush()


def run_batch(job: dict) -> dict:
    """Each batch workload: one warm-up run per subject, then `rounds` rounds in which every
    subject runs the whole batch (the order rotating from round to round). A sample is a run's
    time divided by the number of files. Each subject runs in a worker process of its own, as
    in :func:`run_time`."""
    from workers import started

    me = os.path.abspath(__file__)
    with started({s: [sys.executable, me, "--batch-worker", s] for s in job["subjects"]}) as workers:
        unavailable = {}
        versions = {}
        for s, worker in workers.items():
            answer = worker.ask(op="version")
            if "unavailable" in answer:
                unavailable[s] = answer["unavailable"]
            else:
                versions[s] = answer["version"]
        subjects = [s for s in job["subjects"] if s in versions]
        out = {"workloads": {}, "versions": versions, "unavailable": unavailable}
        total = sum(len(subjects) * (w["rounds"] + 1) for w in job["workloads"])
        done = 0
        for w in job["workloads"]:
            key = w["key"]
            n = max(len(w["files"]), 1)
            for s in subjects:
                workers[s].ask(op="files", key=key, files=w["files"])
            res = {s: {"samples": [], "first_ns": [], OK: 0, NONE: 0, ERROR: 0} for s in subjects}
            for r in range(w["rounds"] + 1):
                for j in range(len(subjects)):
                    s = subjects[(r + j) % len(subjects)]
                    answer = workers[s].ask(op="run", key=key, count=r == 0)
                    if r == 0:
                        # Warm-up run: outcomes are counted here.
                        res[s].update(answer["counts"])
                    else:
                        res[s]["samples"].append(answer["ns"] // n)
                        if answer["first"] is not None:
                            res[s]["first_ns"].append(answer["first"])
                    done += 1
                    progress(done, total)
            out["workloads"][key] = res
        return out


# ---------------------------------------------------------------------------------------------
# Batch subjects: one API call per batch (see the module docstring).


def _walk(v) -> int:
    """Touch every value of a decoded document; returns how many leaves it saw."""
    if isinstance(v, dict):
        return sum(_walk(k) + _walk(x) for k, x in v.items())
    if isinstance(v, list):
        return sum(_walk(x) for x in v)
    return 1


def _doc_texts(v):
    """Every string in a decoded value (for the title check)."""
    if isinstance(v, str):
        yield v
    elif isinstance(v, dict):
        for x in v.values():
            yield from _doc_texts(x)
    elif isinstance(v, list):
        for x in v:
            yield from _doc_texts(x)


def _doc_results(files, docs, titles):
    """Counts of a decoded JSON/MessagePack document: ok, none, error, wrong, errors by class."""
    counts = {OK: 0, NONE: 0, ERROR: 0, "wrong": 0, "errors": {}}
    for path, d in zip(files, docs):
        if d is None:
            counts[NONE] += 1
        elif "error" in d:
            counts[ERROR] += 1
            counts["errors"][d["error"]] = counts["errors"].get(d["error"], 0) + 1
        else:
            counts[OK] += 1
            title = titles.get(path)
            if title is not None and title not in set(_doc_texts(d.get("tags"))):
                counts["wrong"] += 1
    return counts


def _batch_document(batch_fn, loads):
    def run(files, titles):
        t0 = time.perf_counter_ns()
        docs = loads(batch_fn(files))
        _walk(docs)
        t1 = time.perf_counter_ns()
        return t1 - t0, None, _doc_results(files, docs, titles)

    return run


def batch_subject_json():
    """``mutagen-rs-py[json]``: ``batch_open_json`` + ``json.loads`` + a walk of every value."""
    import mutagen_rs

    return _batch_document(mutagen_rs.batch_open_json, json.loads)


def batch_subject_json_orjson():
    """``mutagen-rs-py[json-orjson]``: ``batch_open_json`` + ``orjson.loads`` + a walk."""
    try:
        import orjson
    except ImportError:
        raise SystemExit("mutagen-rs-py[json-orjson] needs orjson (pip install orjson)")
    import mutagen_rs

    return _batch_document(mutagen_rs.batch_open_json, orjson.loads)


def batch_subject_msgpack():
    """``mutagen-rs-py[msgpack]``: ``batch_open_msgpack`` + ``msgpack.unpackb`` + a walk."""
    try:
        import msgpack
    except ImportError:
        raise SystemExit("mutagen-rs-py[msgpack] needs msgpack (pip install msgpack)")
    import mutagen_rs

    def loads(raw):
        return msgpack.unpackb(raw, raw=False, strict_map_key=False)

    return _batch_document(mutagen_rs.batch_open_msgpack, loads)


def _column_counts(cols, titles):
    """The outcome counts of a columnar result (``path``, ``kind``, ``error`` and ``title``
    columns): read, no kind, error (by class), and read with another title than the file's."""
    counts = {OK: 0, NONE: 0, ERROR: 0, "wrong": 0, "errors": {}}
    for path, kind, err, title in zip(cols["path"], cols["kind"], cols["error"], cols["title"]):
        if err is not None:
            counts[ERROR] += 1
            counts["errors"][err] = counts["errors"].get(err, 0) + 1
        elif kind is None:
            counts[NONE] += 1
        else:
            counts[OK] += 1
            want = titles.get(path)
            if want is not None and title != want:
                counts["wrong"] += 1
    return counts


def batch_subject_columnar():
    """``mutagen-rs-py[columnar]``: ``batch_open_columnar`` + every value of every column."""
    import mutagen_rs

    def run(files, titles):
        t0 = time.perf_counter_ns()
        cols = mutagen_rs.batch_open_columnar(files)
        for name in cols.keys():
            col = cols[name]
            values = col.tolist() if hasattr(col, "tolist") else col
            for _v in values:
                pass
        t1 = time.perf_counter_ns()
        return t1 - t0, None, _column_counts(cols, titles)

    return run


def batch_subject_streaming():
    """``mutagen-rs-py[streaming]``: ``BatchIterator`` + a full read of each result as it comes."""
    import mutagen_rs

    touch = _read_with(lambda f: f)

    def run(files, titles):
        counts = {OK: 0, NONE: 0, ERROR: 0, "wrong": 0, "errors": {}}
        clock = time.perf_counter_ns
        checking = 0
        t0 = clock()
        first = None
        # Each result is dropped once read (the point of streaming); the title check runs as
        # results come and its time is taken out of the batch time.
        for path, f in mutagen_rs.BatchIterator(files):
            if first is None:
                first = clock() - t0
            if f is None:
                counts[NONE] += 1
            elif isinstance(f, BaseException):
                counts[ERROR] += 1
                name = type(f).__name__
                counts["errors"][name] = counts["errors"].get(name, 0) + 1
            else:
                touch(f)
                counts[OK] += 1
                want = titles.get(path)
                if want is not None:
                    c0 = clock()
                    if not _has_title(f, want):
                        counts["wrong"] += 1
                    checking += clock() - c0
            f = None
        t1 = clock()
        return t1 - t0 - checking, first, counts

    return run


def batch_subject_scan(io="auto"):
    """``mutagen-rs-py[scan]``: ``mutagen_rs.scan`` read whole into a ``pyarrow.Table`` (every
    column of python/SCHEMA.md materialised in Arrow, no Python object per value)."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise SystemExit("mutagen-rs-py[scan] needs pyarrow (pip install pyarrow)")
    import mutagen_rs

    def run(files, titles):
        t0 = time.perf_counter_ns()
        table = mutagen_rs.scan(files, io=io).to_arrow()
        t1 = time.perf_counter_ns()
        cols = table.select(["path", "kind", "error", "title"]).to_pydict()
        return t1 - t0, None, _column_counts(cols, titles)

    return run


def batch_subject_scan_pread():
    """``mutagen-rs-py[scan-pread]``: ``mutagen-rs-py[scan]`` with ``io="pread"`` (an open,
    positioned reads and a close per file instead of io_uring rounds)."""
    return batch_subject_scan(io="pread")


BATCH_SUBJECTS = {
    "mutagen-rs-py[json]": batch_subject_json,
    "mutagen-rs-py[json-orjson]": batch_subject_json_orjson,
    "mutagen-rs-py[msgpack]": batch_subject_msgpack,
    "mutagen-rs-py[columnar]": batch_subject_columnar,
    "mutagen-rs-py[streaming]": batch_subject_streaming,
    "mutagen-rs-py[scan]": batch_subject_scan,
    "mutagen-rs-py[scan-pread]": batch_subject_scan_pread,
}


def _package_version() -> str:
    import importlib.metadata

    return importlib.metadata.version("mutagen-rs")



def run_batch_rss(job: dict) -> dict:
    """Peak RSS of one batch run of one subject, holding every result until the end."""
    s = job["subjects"][0]
    run, hook, version = make_batch_subject(s)
    base = _rss_bytes()
    if hook is not None:
        hook()
    files = job["workloads"][0]["files"]
    # Python memory blocks held after the run, per file: the objects each result keeps alive
    # (pymalloc blocks: every small object, the values of big ones excepted).
    blocks = sys.getallocatedblocks()
    t0 = time.perf_counter_ns()
    results, _first = run(files)
    elapsed = time.perf_counter_ns() - t0
    held_blocks = sys.getallocatedblocks() - blocks
    counts = {OK: 0, NONE: 0, ERROR: 0}
    for f in results:
        counts[NONE if f is None else ERROR if isinstance(f, BaseException) else OK] += 1
    peak = _rss_bytes()
    del results
    return {"subject": s, "version": version, "baseline_rss_bytes": base, "peak_rss_bytes": peak,
            "samples": [elapsed // max(len(files), 1)], "py_blocks_per_file": held_blocks / max(len(files), 1),
            **counts}


def _copies(subject: str, path: str, reads: int) -> None:
    """One read of ``path`` with ``subject`` (first-call costs), then ``reads`` more: the harness
    runs this under DHAT's copy mode twice, with two read counts, and takes the difference in
    bytes copied as the copies of that many reads."""
    read, _hook, _version = make_subject(subject, {})
    for _ in range(reads + 1):
        read(path)


def main() -> None:
    if sys.argv[1] == "--time-worker":
        _time_worker(sys.argv[2], sys.argv[3])
        return
    if sys.argv[1] == "--batch-worker":
        _batch_worker(sys.argv[2])
        return
    if sys.argv[1] == "--copies":
        _copies(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return
    job_path, out_path = sys.argv[1], sys.argv[2]
    with open(job_path) as fh:
        job = json.load(fh)
    mode = job["mode"]
    if mode == "time":
        result = run_time(job, job_path)
    elif mode == "rss":
        result = run_rss(job)
    elif mode == "check":
        result = run_check(job)
    elif mode == "batch":
        result = run_batch(job)
    elif mode == "batch-rss":
        result = run_batch_rss(job)
    else:
        raise SystemExit(f"unknown mode {mode}")
    result["python"] = sys.version.split()[0]
    with open(out_path, "w") as fh:
        json.dump(result, fh)


if __name__ == "__main__":
    main()
