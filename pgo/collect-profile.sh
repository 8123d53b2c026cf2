#!/usr/bin/env bash
# Build the harness with LLVM instrumentation, run a representative read workload through the
# parser core, and merge the raw profiles into target/pgo/merged.profdata.
#
# Needs: a Rust toolchain with the `llvm-tools` component (`rustup component add llvm-tools`)
# for llvm-profdata, or an llvm-profdata on PATH whose LLVM version matches rustc's
# (`rustc -vV | grep LLVM`). Takes one release build of the harness (several minutes on two
# cores) plus the workload (well under a minute).
#
# Usage: pgo/collect-profile.sh [EXTRA_DIR...]   (extra folders of audio files to read too)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

pgo="$root/target/pgo"
raw="$pgo/raw"
target="$pgo/instrumented"
rm -rf "$raw"
mkdir -p "$raw"

# llvm-profdata: from the llvm-tools component of the active toolchain, else from PATH.
sysroot="$(rustc --print sysroot)"
host="$(rustc -vV | sed -n 's/^host: //p')"
profdata="$sysroot/lib/rustlib/$host/bin/llvm-profdata"
if [ ! -x "$profdata" ] && command -v rustup >/dev/null 2>&1; then
    echo "collect-profile: adding the llvm-tools component (llvm-profdata)" >&2
    rustup component add llvm-tools >&2 || true
fi
if [ ! -x "$profdata" ]; then
    profdata="$(command -v llvm-profdata || true)"
    # Another LLVM's llvm-profdata cannot read rustc's raw profiles: say so up front.
    want="$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')"
    have="$("${profdata:-false}" --version 2>/dev/null | sed -n 's/.*LLVM version \([0-9]*\).*/\1/p' | head -n 1 || true)"
    if [ -n "$profdata" ] && [ "$want" != "$have" ]; then
        echo "collect-profile: $profdata is LLVM ${have:-?}, rustc is LLVM $want; run 'rustup component add llvm-tools'" >&2
        exit 1
    fi
fi
if [ -z "$profdata" ]; then
    echo "collect-profile: llvm-profdata not found; run 'rustup component add llvm-tools'" >&2
    exit 1
fi

echo "collect-profile: building the instrumented harness in $target" >&2
RUSTFLAGS="${RUSTFLAGS:-} -Cprofile-generate=$raw" \
    CARGO_TARGET_DIR="$target" cargo build --release -p harness --bins --quiet
harness="$target/release/harness"

# The workload: the generated benchmark corpus (every format, small to large and the hard
# cases, a pool of batch files), the checked-in real files, mutagen's test data if present,
# and any folders given. Each is read through the core (`harness inspect`) three times.
corpus="$pgo/corpus"
if [ ! -f "$corpus/manifest.json" ]; then
    # The generator itself is instrumented too; its profile is dropped below.
    "$harness" corpus --out "$corpus" --max-batch 300 >/dev/null
    rm -f "$raw"/*.profraw
fi
inputs=("$corpus" "$root/corpus/real")
testdata="${MUTAGEN_TESTDATA:-/tmp/mutsrc/mutagen-1.48.1/tests/data}"
[ -d "$testdata" ] && inputs+=("$testdata")
inputs+=("$@")
for _ in 1 2 3; do
    "$harness" inspect "${inputs[@]}" >/dev/null
done

"$profdata" merge -o "$pgo/merged.profdata" "$raw"
echo "collect-profile: wrote $pgo/merged.profdata ($(ls "$raw" | wc -l) raw profiles)" >&2
