"""``python -m mutagen_rs``: the ``mutagen-rs`` command."""

from ._cli import entry_point

entry_point()
