"""Build the `mutagen_rs_c` extension against the mutagen-capi static library.

The library is taken from $MUTAGEN_CAPI_STATICLIB (default: the workspace's
target/release/libmutagen_capi.a); cext/build.sh builds it first.
"""

import os
from pathlib import Path

from setuptools import Extension, setup

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
STATICLIB = os.environ.get(
    "MUTAGEN_CAPI_STATICLIB", str(ROOT / "target" / "release" / "libmutagen_capi.a")
)

setup(
    name="mutagen-rs-c",
    version="0.1.0",
    description="mutagen-rs through its C ABI: a minimal CPython extension.",
    license="MIT OR Apache-2.0",
    packages=[],
    py_modules=[],
    ext_modules=[
        Extension(
            "mutagen_rs_c",
            sources=[str(HERE / "mutagen_rs_c.c")],
            include_dirs=[str(ROOT / "capi" / "include")],
            extra_objects=[STATICLIB],
            # What a Rust static library needs from the system (rustc --print native-static-libs).
            libraries=["gcc_s", "util", "rt", "pthread", "m", "dl", "c"],
            extra_compile_args=["-O2", "-Wall", "-Wextra", "-std=c11"],
        )
    ],
)
