"""A child process that answers JSON commands, one per line: the harness's per-subject workers.

``driver.py`` (read timing) and ``writes.py`` (save timing) each run every subject in a process
of its own, so that one library's heap and caches never change another's figures.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
from typing import Dict, Iterator, List


class Worker:
    """A child process started with ``argv`` that reads one JSON command per line on its stdin
    and answers each with one JSON line on its stdout."""

    def __init__(self, argv: list, label: str) -> None:
        self.label = label
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, **cmd) -> dict:
        """Send ``cmd`` and wait for the answer."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            self.proc.stdin.write(json.dumps(cmd) + "\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            line = ""
        else:
            line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the worker of {self.label} stopped (exit {self.proc.wait()})")
        return json.loads(line)

    def close(self) -> None:
        """End the worker (its stdin closes) and wait for it."""
        if self.proc.stdin is not None:
            try:
                self.proc.stdin.close()
            except BrokenPipeError:  # the worker has already stopped
                pass
        self.proc.wait()


@contextlib.contextmanager
def started(argvs: Dict[str, List[str]]) -> Iterator[Dict[str, Worker]]:
    """One worker per ``{label: argv}`` entry, every one closed on leaving the block."""
    workers: Dict[str, Worker] = {}
    try:
        for label, argv in argvs.items():
            workers[label] = Worker(argv, label)
        yield workers
    finally:
        for worker in workers.values():
            worker.close()
