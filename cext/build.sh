#!/usr/bin/env bash
# Build the mutagen-capi static library and the mutagen_rs_c extension, and install the
# extension into a virtual environment.
#
#   cext/build.sh VENV [--debug]
#
# VENV defaults to target/venv. --debug builds the Rust library without optimisations (faster
# to build, for tests); the default is a release build (for measurements).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${1:-$ROOT/target/venv}"
PROFILE=release
if [[ "${2:-}" == "--debug" ]]; then
    PROFILE=debug
fi
VENV="$(cd "$VENV" && pwd)"
PY="$VENV/bin/python"

cd "$ROOT"
if [[ "$PROFILE" == release ]]; then
    cargo build --release -p mutagen-capi
else
    cargo build -p mutagen-capi
fi
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps \
    | "$PY" -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
STATICLIB="$TARGET_DIR/$PROFILE/libmutagen_capi.a"

# Build in a scratch directory (offline: setuptools from the venv, no build isolation), then
# copy the module into the venv's site-packages.
BUILD="$TARGET_DIR/cext-build"
rm -rf "$BUILD"
mkdir -p "$BUILD"
cd "$ROOT/cext"
MUTAGEN_CAPI_STATICLIB="$STATICLIB" "$PY" setup.py -q build_ext \
    --build-lib "$BUILD/lib" --build-temp "$BUILD/tmp"
SITE="$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["platlib"])')"
cp "$BUILD"/lib/mutagen_rs_c*.so "$SITE/"
"$PY" -c 'import mutagen_rs_c; print("installed", mutagen_rs_c.__file__)'
