"""The loop the Python-layer gate counts: ``python ci/py_worker.py ENTRY REPS FILE...``.

It imports ``mutagen_rs``, reads every file once (so that lazy imports and first-call set-up are
not counted), then reads them ``REPS`` more times through ``ENTRY`` and touches every value the
way a tagger would: the stream info's attributes and every tag key and value. Run with
``REPS=0`` too: the difference between the two runs is the cost of the reads alone.
"""

from __future__ import annotations

import sys

import mutagen_rs


def touch(f) -> None:  # noqa: ANN001
    """Read back what a caller reads: every info attribute and every tag key and value."""
    if f is None or isinstance(f, BaseException):
        return
    info = f.info
    for name in ("length", "bitrate", "sample_rate", "channels"):
        getattr(info, name, None)
    tags = f.tags
    if tags is not None:
        for key in tags.keys():
            tags[key]


def run_file(files: list) -> None:
    for path in files:
        touch(mutagen_rs.File(path))


def run_batch(files: list) -> None:
    for f in mutagen_rs.batch_open(files, threads=1):
        touch(f)


ENTRIES = {"File": run_file, "batch_open": run_batch}


def main() -> None:
    entry, reps, files = ENTRIES[sys.argv[1]], int(sys.argv[2]), sys.argv[3:]
    entry(files)
    for _ in range(reps):
        entry(files)


if __name__ == "__main__":
    main()
