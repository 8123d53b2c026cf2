#!/usr/bin/env bash
# The whole test suite: formatting and lints, the Rust tests, and the Python tests (the
# differential tests against mutagen 1.48.1 included). Installs what it needs into a
# virtualenv under target/, so it runs on a fresh machine with only Rust and Python.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=target/venv
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
PY="$VENV/bin/python"
"$PY" -m pip install --quiet --disable-pip-version-check "maturin>=1.5,<2" "pytest>=7" "mutagen==1.48.1" \
    "hypothesis>=6" "mypy>=1.8"

# mutagen's own test data, downloaded once into target/test-data (python/tests/conftest.py): the
# Rust tests that read real files read it too.
MUTAGEN_TESTDATA="$("$PY" -c 'import sys; sys.path.insert(0, "python/tests"); import conftest; print(conftest.mutagen_testdata())')"
export MUTAGEN_TESTDATA
echo "== mutagen's test data: $MUTAGEN_TESTDATA"

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings
echo "== cargo test (the fuzz regressions included)"
cargo test --workspace --quiet
echo "== cargo test -p mutagen-core --all-features (every core variant)"
cargo test -p mutagen-core --all-features --quiet
echo "== clippy with every feature, and the binding without its default features"
cargo clippy -p mutagen-core --all-targets --all-features --quiet -- -D warnings
cargo clippy -p mutagen-rs-py --all-targets --all-features --quiet -- -D warnings
cargo clippy -p mutagen-rs-py --all-targets --no-default-features --quiet -- -D warnings
echo "== rustdoc: no broken or private links, with default and with every core feature"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet
RUSTDOCFLAGS="-D warnings" cargo doc -p mutagen-core --all-features --no-deps --quiet
echo "== Miri over the tests of the unsafe code (SIMD sync finders, unchecked reads, trusted UTF-8)"
if cargo +nightly miri --version >/dev/null 2>&1; then
    cargo +nightly miri test -q -p mutagen-core --features simd --lib -- scan sync
    RUSTFLAGS="-Ctarget-feature=+avx2" cargo +nightly miri test -q -p mutagen-core --features simd --lib -- scan sync
    # (The skipped tests hold no unsafe code and take long under Miri: a 20 MiB input, a
    # million detection scores.)
    cargo +nightly miri test -q -p mutagen-core --features unchecked --lib -- \
        util:: id3::frames vorbis ogg::page mp4::atom mp4::ilst mpeg --skip reads_only_the_start_of_a_large_file
    cargo +nightly miri test -q -p mutagen-core --features unchecked,branchless,utf8-trusted --lib -- \
        util:: vorbis::tests id3::frames mpeg::header detect --skip table_scores_match_reference_scores
else
    echo "skipped: this machine has no nightly toolchain with Miri (rustup +nightly component add miri)"
fi
echo "== instruction-count gate"
python3 ci/instructions.py
echo "== build and install mutagen_rs into $VENV"
VIRTUAL_ENV="$PWD/$VENV" PATH="$PWD/$VENV/bin:$PATH" "$VENV/bin/maturin" develop --release --quiet
echo "== build and install the C extension mutagen_rs_c into $VENV"
cext/build.sh "$VENV" --debug
echo "== pytest (without numpy, pandas, pyarrow, msgpack, orjson)"
"$PY" -m pytest -q -p no:cacheprovider python/tests
echo "== instruction-count gate of the Python layer (File, batch_open)"
"$PY" ci/py_instructions.py --python "$PY"
echo "== mutagen 1.48.1's own test suite against mutagen_rs (writes reports/compat.md)"
"$PY" python/compat/run.py
echo "== the batch outputs and scan again, with numpy, pandas, pyarrow, msgpack and orjson installed"
"$PY" -m pip install --quiet --disable-pip-version-check numpy pandas pyarrow msgpack orjson
# scan's syscall-count test needs strace; install it when we may (it skips, saying so, otherwise).
if ! command -v strace >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -qq strace >/dev/null || (apt-get update -qq && apt-get install -y -qq strace >/dev/null) || true
fi
"$PY" -m pytest -q -p no:cacheprovider python/tests/test_outputs.py python/tests/test_scan.py
# The variants: every core feature at once, with the binding's plain conversion (no interned
# keys, no preallocation), zero-copy binary values, lazily built ID3 frame objects and mimalloc, through
# the whole differential suite again; then the default build back.
CORE_VARIANTS="$(sed -n 's/^\([a-z0-9-]*\) = \[.*$/\1/p' parsers/Cargo.toml | grep -vx 'default\|serde' | sed 's/^/mutagen-core\//' | paste -sd, -)"
echo "== pytest with the package built with $CORE_VARIANTS, the binding's plain conversion, zero-copy, lazy-objects and mimalloc"
VIRTUAL_ENV="$PWD/$VENV" PATH="$PWD/$VENV/bin:$PATH" "$VENV/bin/maturin" develop --release --quiet \
    --no-default-features --features "$CORE_VARIANTS,json,msgpack,columnar,streaming,scan,zero-copy,lazy-objects,mimalloc"
"$PY" -m pytest -q -p no:cacheprovider python/tests
VIRTUAL_ENV="$PWD/$VENV" PATH="$PWD/$VENV/bin:$PATH" "$VENV/bin/maturin" develop --release --quiet
# The mutagen-rs command and the distributed readers: pyarrow and DuckDB (the command's outputs
# read back), dask[dataframe,distributed] (a LocalCluster of two worker processes) and ray[data]
# (ray.init(num_cpus=2)). Each install that succeeds is named in MUTAGEN_RS_TEST_REQUIRE, so its
# tests fail rather than skip when it is missing; a package that cannot be installed here (no
# wheel for this Python or platform) leaves its tests skipped, saying why.
echo "== the mutagen-rs command, mutagen_rs.dask and mutagen_rs.ray (pyarrow, duckdb, dask, ray installed)"
REQUIRE=""
dist_install() {  # dist_install MODULE REQUIREMENT...
    local module="$1"
    shift
    if "$PY" -m pip install --quiet --disable-pip-version-check "$@"; then
        REQUIRE="$REQUIRE,$module"
    else
        echo "warning: could not install $*: the tests that need $module are skipped"
    fi
}
dist_install pyarrow pyarrow
dist_install duckdb duckdb
dist_install dask "dask[dataframe,distributed]"
dist_install ray "ray[data]"
MUTAGEN_RS_TEST_REQUIRE="${REQUIRE#,}" "$PY" -m pytest -q -p no:cacheprovider -rs \
    python/tests/test_cli.py python/tests/test_dask.py python/tests/test_ray.py
