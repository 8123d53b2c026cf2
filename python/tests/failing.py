"""A file object that fails on demand, for the failure-injection tests of the writers."""

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
