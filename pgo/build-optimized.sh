#!/usr/bin/env bash
# Build with the profile that pgo/collect-profile.sh merged (target/pgo/merged.profdata).
#
# Usage:
#   pgo/build-optimized.sh            the harness, in target/pgo/optimized/release/harness
#   pgo/build-optimized.sh python     also the Python package, into the active virtualenv
#                                     (maturin develop --release)
# Set PGO_PROFILE=release-native to build on the release-native profile (LTO, one codegen
# unit; add `-Ctarget-cpu=native` to RUSTFLAGS yourself for the full `native` variant).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

profile="$root/target/pgo/merged.profdata"
if [ ! -f "$profile" ]; then
    echo "build-optimized: $profile missing; run pgo/collect-profile.sh first" >&2
    exit 1
fi
cargo_profile="${PGO_PROFILE:-release}"
# A function the workload never ran has no counts; rustc warns about it, which is expected.
flags="${RUSTFLAGS:-} -Cprofile-use=$profile -Cllvm-args=-pgo-warn-missing-function=false"

RUSTFLAGS="$flags" CARGO_TARGET_DIR="$root/target/pgo/optimized" \
    cargo build --profile "$cargo_profile" -p harness --bins --quiet
echo "build-optimized: target/pgo/optimized/$cargo_profile/harness" >&2

if [ "${1:-}" = "python" ]; then
    RUSTFLAGS="$flags" CARGO_TARGET_DIR="$root/target/pgo/optimized" \
        maturin develop --release
fi
