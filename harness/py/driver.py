"""The Python side of the benchmark matrix: times, peak memory and honesty checks of Python subjects.

Run by the harness inside a virtualenv as ``python driver.py JOB.json OUT.json``. The job says
the mode and the subjects:

- ``time``: for each workload, read every file with every subject, interleaved (the subject
  order rotates from file to file), after one warm-up pass; record each read's wall time in ns.
- ``rss``: read every file once with one subject, and report the process's peak RSS (and the
  RSS before the first read, after the imports).
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

One read is what ``shared/BENCHMARKING.md`` defines: ``File(path)``, the stream info a caller
reads (length, bitrate, sample_rate, channels), then every tag key and value.

Batch subjects (each reads the whole batch of a workload through one API call, then reads every
value back on the Python side; a "read" is the whole batch and its samples are nanoseconds per
file, one per round):

- ``mutagen-rs-py[json]``: ``mutagen_rs.batch_open_json`` then ``json.loads`` and a walk of every
  value; ``mutagen-rs-py[json-orjson]``: the same with ``orjson.loads`` (needs orjson).
- ``mutagen-rs-py[msgpack]``: ``mutagen_rs.batch_open_msgpack`` then ``msgpack.unpackb`` and a walk
  (needs msgpack).
- ``mutagen-rs-py[columnar]``: ``mutagen_rs.batch_open_columnar`` then every value of every column.
- ``mutagen-rs-py[streaming]``: ``mutagen_rs.BatchIterator`` over the batch, each result read as a
  ``File()`` result is read; also records the time to the first result (``first_result_ns``).

They run in the ``time``, ``rss`` and ``check`` modes next to the per-file subjects (see
``run_batch_time``, ``run_batch_rss`` and ``run_batch_check``).
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
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _read_with(file_fn):
    """A read function over a ``File``-like callable, doing one full read as a caller would."""

    def read(path: str):
        f = file_fn(path)
        if f is None:
            return NONE, None
        info = f.info
        info.length
        getattr(info, "bitrate", None)
        getattr(info, "sample_rate", None)
        getattr(info, "channels", None)
        tags = f.tags
        if tags is not None:
            for k in tags.keys():
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
    """(read function, hook to call before each read outside the timing, version string)."""
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


def run_time(job: dict) -> dict:
    ranges = {k: v for k, v in job.get("ranges", {}).items()}
    subjects = job["subjects"]
    titles = job.get("titles", {})
    made = {s: make_subject(s, ranges) for s in subjects}
    out = {"workloads": {}, "versions": {s: made[s][2] for s in subjects}}
    total = sum(len(w["files"]) * (w["rounds"] + 1) for w in job["workloads"])
    done = 0
    clock = time.perf_counter_ns
    for w in job["workloads"]:
        files = w["files"]
        res = {s: {"samples": [], OK: 0, NONE: 0, ERROR: 0, "wrong": 0, "errors": {}} for s in subjects}
        # Warm-up pass: page cache, imports, first-call costs. Outcomes are counted here.
        warm_start = clock()
        for path in files:
            for s in subjects:
                status, err, f = _outcome(made[s][0], made[s][1], path)
                res[s][status] += 1
                # Unlike work: read without error, but the file's own title is not there.
                title = titles.get(path)
                if status == OK and f is not None and title is not None and not _has_title(f, title):
                    res[s]["wrong"] += 1
                del f
                if err:
                    res[s]["errors"][err] = res[s]["errors"].get(err, 0) + 1
            done += 1
        progress(done, total)
        rounds = w["rounds"]
        if w.get("target_ns"):
            warm = max(clock() - warm_start, 1)
            rounds = max(w["min_rounds"], min(w["max_rounds"], w["target_ns"] // warm))
            total += len(files) * rounds
        n = len(subjects)
        for _ in range(rounds):
            for i, path in enumerate(files):
                for j in range(n):
                    s = subjects[(i + j) % n]
                    read, hook, _v = made[s]
                    if hook is not None:
                        hook()
                    t0 = clock()
                    try:
                        read(path)
                    except Exception:  # noqa: BLE001
                        pass
                    t1 = clock()
                    res[s]["samples"].append(t1 - t0)
                done += 1
                if done % 200 == 0:
                    progress(done, total)
        progress(done, total)
        out["workloads"][w["key"]] = res
    return out


def run_rss(job: dict) -> dict:
    s = job["subjects"][0]
    read, hook, version = make_subject(s, job.get("ranges", {}))
    base = _rss_bytes()
    counts = {OK: 0, NONE: 0, ERROR: 0}
    samples = []
    clock = time.perf_counter_ns
    for path in job["workloads"][0]["files"]:
        if hook is not None:
            hook()
        t0 = clock()
        try:
            status, _f = read(path)
        except Exception:  # noqa: BLE001
            status = ERROR
        samples.append(clock() - t0)
        counts[status] += 1
        _f = None
    return {"subject": s, "version": version, "baseline_rss_bytes": base, "peak_rss_bytes": _rss_bytes(),
            "samples": samples, **counts}


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
        return t1 - t0, None, counts

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


BATCH_SUBJECTS = {
    "mutagen-rs-py[json]": batch_subject_json,
    "mutagen-rs-py[json-orjson]": batch_subject_json_orjson,
    "mutagen-rs-py[msgpack]": batch_subject_msgpack,
    "mutagen-rs-py[columnar]": batch_subject_columnar,
    "mutagen-rs-py[streaming]": batch_subject_streaming,
}


def _package_version() -> str:
    import importlib.metadata

    return importlib.metadata.version("mutagen-rs")


def run_batch_time(job: dict) -> dict:
    """``time`` for batch subjects: per workload, one warm-up batch then ``rounds`` timed batches
    per subject (subjects alternate); samples are the batch time divided by the number of files.
    A subject whose decoder is not installed is listed under ``unavailable`` instead."""
    titles = job.get("titles", {})
    made = {}
    unavailable = {}
    for s in [s for s in job["subjects"] if s in BATCH_SUBJECTS]:
        try:
            made[s] = BATCH_SUBJECTS[s]()
        except SystemExit as e:  # a missing optional decoder: that subject is skipped
            unavailable[s] = str(e)
    subjects = list(made)
    out = {"workloads": {}, "versions": {s: _package_version() for s in subjects}, "unavailable": unavailable}
    total = sum(w.get("rounds") or w.get("min_rounds", 1) for w in job["workloads"]) + len(job["workloads"])
    done = 0
    for w in job["workloads"]:
        files = w["files"]
        n = max(len(files), 1)
        res = {}
        for s in subjects:
            _ns, _first, counts = made[s](files, titles)
            res[s] = {"samples": [], "batch_ns": [], **counts}
            if s == "mutagen-rs-py[streaming]":
                res[s]["first_result_ns"] = []
        done += 1
        progress(done, total)
        rounds = w.get("rounds") or max(1, w.get("min_rounds", 1))
        for r in range(rounds):
            for j in range(len(subjects)):
                s = subjects[(r + j) % len(subjects)]
                ns, first, _counts = made[s](files, titles)
                res[s]["samples"].append(ns // n)
                res[s]["batch_ns"].append(ns)
                if first is not None:
                    res[s]["first_result_ns"].append(first)
            done += 1
            progress(done, total)
        out["workloads"][w["key"]] = res
    return out


def run_batch_rss(job: dict) -> dict:
    """``rss`` for a batch subject: the whole batch once, then the process's peak RSS."""
    s = job["subjects"][0]
    run = BATCH_SUBJECTS[s]()
    base = _rss_bytes()
    files = job["workloads"][0]["files"]
    ns, first, counts = run(files, job.get("titles", {}))
    out = {"subject": s, "version": _package_version(), "baseline_rss_bytes": base,
           "peak_rss_bytes": _rss_bytes(), "samples": [ns // max(len(files), 1)], "batch_ns": ns,
           OK: counts[OK], NONE: counts[NONE], ERROR: counts[ERROR]}
    if first is not None:
        out["first_result_ns"] = first
    return out


def run_batch_check(job: dict) -> dict:
    """``check`` for batch subjects: titles over the workload, and the rewrite test (a subject
    whose decoder is not installed gets ``{"unavailable": reason}``)."""
    titles = job["titles"]
    out = {}
    for s in [s for s in job["subjects"] if s in BATCH_SUBJECTS]:
        try:
            run = BATCH_SUBJECTS[s]()
        except SystemExit as e:  # a missing optional decoder: that subject is skipped
            out[s] = {"unavailable": str(e)}
            continue
        files = job["workloads"][0]["files"]
        _ns, _first, counts = run(files, titles)
        a, b = job["rewrite"]
        stale = None
        with tempfile.TemporaryDirectory() as d:
            target = os.path.join(d, "rewrite" + os.path.splitext(a)[1])
            shutil.copyfile(a, target)
            _n1, _f1, c1 = run([target], {target: titles[a]})
            if c1[OK] == 1 and c1["wrong"] == 0:
                shutil.copyfile(b, target)
                _n2, _f2, c2 = run([target], {target: titles[b]})
                if c2[OK] == 1:
                    stale = c2["wrong"] == 1
        out[s] = {"checked": counts[OK], "wrong_title": counts["wrong"], "failed": counts[NONE] + counts[ERROR],
                  "stale_after_rewrite": stale}
    return out


def _run_with_batch_subjects(job: dict):
    """The result of a job that names batch subjects: the per-file subjects run as before, the
    batch subjects by the batch runners, merged into one result. ``None`` when there are none."""
    batch = [s for s in job["subjects"] if s in BATCH_SUBJECTS]
    if not batch:
        return None
    mode = job["mode"]
    if mode == "rss":
        return run_batch_rss(job)
    rest = [s for s in job["subjects"] if s not in BATCH_SUBJECTS]
    if mode == "time":
        result = run_time({**job, "subjects": rest}) if rest else {"workloads": {}, "versions": {}}
        extra = run_batch_time(job)
        result["versions"].update(extra["versions"])
        result["unavailable"] = extra["unavailable"]
        for key, res in extra["workloads"].items():
            result["workloads"].setdefault(key, {}).update(res)
        return result
    if mode == "check":
        result = run_check({**job, "subjects": rest}) if rest else {}
        result.update(run_batch_check(job))
        return result
    return None


def main() -> None:
    job_path, out_path = sys.argv[1], sys.argv[2]
    with open(job_path) as fh:
        job = json.load(fh)
    mode = job["mode"]
    batch_result = _run_with_batch_subjects(job)
    if batch_result is not None:
        result = batch_result
    elif mode == "time":
        result = run_time(job)
    elif mode == "rss":
        result = run_rss(job)
    elif mode == "check":
        result = run_check(job)
    else:
        raise SystemExit(f"unknown mode {mode}")
    result["python"] = sys.version.split()[0]
    with open(out_path, "w") as fh:
        json.dump(result, fh)


if __name__ == "__main__":
    main()
