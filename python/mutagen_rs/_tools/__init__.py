"""Helpers of mutagen's command-line tools that code importing ``mutagen._tools`` expects.

The tools themselves (``mid3v2``, ``mutagen-inspect``, ...) are not part of this package.
"""
