"""Helpers of the writers' tests: a file object that fails on demand (failure injection), and
the outcome of an edit (differential tests)."""

from __future__ import annotations

import io


class Failing(io.BytesIO):
    """A file object whose calls (read, write, seek, truncate) raise ``OSError`` from the
    ``fail_at``-th on; with ``writes_only``, only writes and truncations count (and fail), so
    that two writers that read differently fail at the same step of their edits."""

    def __init__(self, data: bytes, fail_at: int, writes_only: bool = False) -> None:
        super().__init__(data)
        self.calls = 0
        self.fail_at = fail_at
        self.writes_only = writes_only

    def _count(self, writes: bool = True) -> None:
        if self.writes_only and not writes:
            return
        self.calls += 1
        if self.calls >= self.fail_at:
            raise OSError(28, "No space left on device")

    def read(self, *args):
        self._count(writes=False)
        return super().read(*args)

    def write(self, data):
        self._count()
        return super().write(data)

    def seek(self, *args):
        self._count(writes=False)
        return super().seek(*args)

    def truncate(self, *args):
        self._count()
        return super().truncate(*args)


def check_every_failure(failing_save, readable, data: bytes, how: str, limit: int,
                        always_readable: bool = False, **kwargs) -> int:
    """Fail a save at each call (or write) ``n`` from 1 on, with ``failing_save(lib, data,
    how, n, **kwargs)`` giving ``(file object, exception class name or None)`` for mutagen and
    for mutagen_rs: both raise the same class, ours reads (``readable``) whenever mutagen's
    does (always, with ``always_readable``), and once ours finishes before the failure point
    its bytes are mutagen's. Returns how many failure points were tried."""
    import mutagen

    import mutagen_rs

    for n in range(1, limit):
        ours, ours_err = failing_save(mutagen_rs, data, how, n, **kwargs)
        theirs, their_err = failing_save(mutagen, data, how, n, **kwargs)
        if their_err is not None and ours_err is not None:
            assert ours_err == their_err, n
        if always_readable or readable(theirs.getvalue()):
            assert readable(ours.getvalue()), n
        if ours_err is None:  # finished before the failure point: every later N is the same
            assert ours.getvalue() == failing_save(mutagen, data, how, 10**9, **kwargs)[0].getvalue()
            return n
    raise AssertionError("the save never finished")


def outcome(edit, path, *args) -> tuple:
    """Apply ``edit(*args)``, an edit of the file at ``path``: ``("bytes", the file's bytes
    after it)``, or ``("raises", the exception's class name)``."""
    try:
        edit(*args)
    except Exception as e:  # noqa: BLE001 - compared by kind
        return ("raises", type(e).__name__)
    return ("bytes", path.read_bytes())
