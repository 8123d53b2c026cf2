"""OptimFROG files, under the names of ``mutagen.optimfrog``: the ``OFR `` header and an APEv2
tag."""

from __future__ import annotations

from typing import Any

from ._util import endswith
from .apev2 import APEv2File, _PayloadInfo, delete, error

__all__ = ["OptimFROG", "Open", "delete"]

SAMPLE_TYPE_BITS = {0: 8, 1: 8, 2: 16, 3: 16, 4: 24, 5: 24, 6: 32, 7: 32}
"""The sample size in bits of each sample type."""


class OptimFROGHeaderError(error):
    """The OptimFROG header is missing or broken."""


class OptimFROGInfo(_PayloadInfo):
    """OptimFROGInfo(fileobj)

    OptimFROG stream information: ``channels``, ``length`` (float seconds), ``sample_rate``,
    ``bits_per_sample`` (``None`` for an unknown sample type) and ``encoder_info``
    (``"5.100"``, or empty).
    """

    _KIND = "OptimFROG"

    length: float
    sample_rate: int

    def pprint(self) -> str:
        """``OptimFROG, <length> seconds, <rate> Hz``."""
        return "OptimFROG, %.2f seconds, %d Hz" % (self.length, self.sample_rate)


class OptimFROG(APEv2File):
    """OptimFROG(filething)

    An OptimFROG file: ``info`` (:class:`OptimFROGInfo`) and ``tags`` (``APEv2`` or ``None``).
    """

    _Info = OptimFROGInfo
    _KIND = "OptimFROG"

    @staticmethod
    def score(filename: Any, fileobj: Any, header: bytes) -> int:
        """1 for ``OFR``, 1 more for the ``.ofr`` or ``.ofs`` extension."""
        filename = filename.lower()
        return (header.startswith(b"OFR") + endswith(filename, b".ofr")
                + endswith(filename, b".ofs"))


Open = OptimFROG
