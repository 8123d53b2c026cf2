#!/usr/bin/env bash
# Run the fuzz targets: `fuzz/run.sh [TARGET [RUNS]]`. Seeds each target's corpus with the
# real-encoder files; crashes land in fuzz/artifacts/<target>/ (copy them to regressions/).
# `FEATURES=unchecked,utf8-trusted fuzz/run.sh ...` fuzzes the core built with those variants.
set -euo pipefail
cd "$(dirname "$0")"
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "fuzz/run.sh needs a nightly toolchain and cargo-fuzz:" >&2
    echo "  rustup toolchain install nightly --profile minimal && cargo install cargo-fuzz --locked" >&2
    exit 2
fi
runs="${2:-10000000}"
targets="${1:-detect_and_read mp3 mpeg_info id3 id3_frames flac flac_block vorbis_comment ogg mp4 mp4_atoms aiff wave dsf dsdiff ac3 aac smf apev2 wavpack monkeysaudio musepack tak optimfrog trueaudio asf id3_delete id3_save mp4_save flac_save ogg_save apev2_save iff_save asf_save}"
for t in $targets; do
    mkdir -p "corpus/$t"
    find ../corpus/real -type f \( -name '*.mp3' -o -name '*.flac' -o -name '*.ogg' -o -name '*.oga' \
        -o -name '*.opus' -o -name '*.spx' -o -name '*.m4a' -o -name '*.m4b' -o -name '*.mp4' \
        -o -name '*.wav' -o -name '*.aif' -o -name '*.aiff' -o -name '*.ac3' -o -name '*.eac3' \
        -o -name '*.aac' -o -name '*.wv' -o -name '*.ape' -o -name '*.mpc' -o -name '*.tta' \
        -o -name '*.wma' -o -name '*.dff' -o -name '*.aiff' \) \
        -size -400k -exec cp -n {} "corpus/$t/" \;
    echo "== $t: $runs runs"
    cargo +nightly fuzz run --sanitizer none ${FEATURES:+--features "$FEATURES"} "$t" "corpus/$t" -- -runs="$runs" -max_len=65536 \
        -rss_limit_mb=1024 -timeout=5 -print_final_stats=1 2>&1 | grep -E "^(stat::|#[0-9]+ +DONE|==|SUMMARY|Done)" || true
done
