#!/usr/bin/env bash
# Regenerates the real-encoder test files in corpus/real/{iff,stream}/ (WAVE, AIFF,
# AIFF-C, AC-3, E-AC-3, ADTS AAC) with the stock Debian tools sox and ffmpeg
# (and kid3-cli for the ID3 chunks of WAVE files, which ffmpeg's muxer does not write),
# the way make.sh makes the others: every input is synthesised, every output's commands
# are recorded and written to PROVENANCE-iff-stream.md with the tool versions and a check
# listing of what mutagen reads from each file. Kept apart from make.sh so that the
# files of the other folders (some of which do not regenerate byte for byte) stay as
# they are.
#
# Usage: corpus/real/make-iff-stream.sh    (needs sox, ffmpeg, kid3-cli)
#        MUTAGEN_PY as for make.sh.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
cd "$HERE"

export LC_ALL=C.UTF-8 LANG=C.UTF-8 TZ=UTC

for t in sox ffmpeg kid3-cli; do
    command -v "$t" >/dev/null || { echo "missing tool: $t (apt-get install it)" >&2; exit 1; }
done
if [ -z "${MUTAGEN_PY:-}" ]; then
    if [ -x "$REPO/target/venv/bin/python" ]; then MUTAGEN_PY=$REPO/target/venv/bin/python; else MUTAGEN_PY=python3; fi
fi
"$MUTAGEN_PY" -c 'import mutagen, sys; sys.exit(mutagen.version != (1, 48, 1))' || {
    echo "$MUTAGEN_PY does not have mutagen 1.48.1" >&2; exit 1; }

W=$(mktemp -d "${TMPDIR:-/tmp}/mutagen-real-iff.XXXXXX")
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/src" "$W/prov" "$W/home"
LOG=$W/log
# kid3-cli keeps its settings under $HOME: give it a private one.
export HOME=$W/home XDG_CONFIG_HOME=$W/home/.config

rm -rf iff stream
mkdir -p iff stream

INPUTS=()
input() {
    INPUTS+=("$1|$2")
    eval "$2" >>"$LOG" 2>&1 || { echo "failed: $2" >&2; tail -20 "$LOG" >&2; exit 1; }
}
run() {
    local out=$1 cmd=$2
    printf '%s\n' "$cmd" >>"$W/prov/${out//\//__}"
    eval "$cmd" >>"$LOG" 2>&1 || { echo "failed: $cmd" >&2; tail -20 "$LOG" >&2; exit 1; }
}

# ---------------------------------------------------------------- inputs ---
# Short tones: these formats are uncompressed or small-framed, and each file stays
# under 50 KB.
input st44-1s.wav "ffmpeg -nostdin -v error -y -f lavfi -i \"aevalsrc=exprs='0.35*sin(2*PI*440*t)|0.35*sin(2*PI*550*t)':s=44100:d=1\" -c:a pcm_s16le -fflags +bitexact -flags +bitexact \"\$W/src/st44-1s.wav\""
input mono8k-1s.wav "ffmpeg -nostdin -v error -y -f lavfi -i \"aevalsrc=exprs='0.35*sin(2*PI*440*t)':s=8000:d=1\" -c:a pcm_s16le -fflags +bitexact -flags +bitexact \"\$W/src/mono8k-1s.wav\""

# ------------------------------------------------------------ WAVE, AIFF ---
f=iff/sox-u8-mono-8000-notag.wav
run $f "sox \"\$W/src/mono8k-1s.wav\" -e unsigned-integer -b 8 \"\$f\""
f=iff/sox-s16-mono-8000-notag.aif
run $f "sox \"\$W/src/mono8k-1s.wav\" \"\$f\""
f=iff/sox-s16-mono-8000-notag.aifc
run $f "sox \"\$W/src/mono8k-1s.wav\" -t aifc \"\$f\""
f=iff/ffmpeg-s16-mono-8000-list-info.wav
run $f "ffmpeg -nostdin -v error -y -i \"\$W/src/mono8k-1s.wav\" -c:a pcm_s16le -fflags +bitexact -flags +bitexact -metadata title='WAVE title' -metadata artist='WAVE artist' \"\$f\""
f=iff/sox-kid3-u8-mono-8000-id3v23.wav
run $f "sox \"\$W/src/mono8k-1s.wav\" -e unsigned-integer -b 8 \"\$f\""
run $f "kid3-cli -c \"select \$f\" -c \"tag 2\" -c \"set title 'Ünïcödé WAVE'\" -c \"set artist 'Пётр|Second'\" -c \"set album Album\" -c \"set track 3/9\" -c \"set date 2024\" -c save"
f=iff/ffmpeg-kid3-s16-mono-8000-id3v24-list-info.wav
run $f "ffmpeg -nostdin -v error -y -i \"\$W/src/mono8k-1s.wav\" -c:a pcm_s16le -fflags +bitexact -flags +bitexact -metadata title='INFO title' \"\$f\""
run $f "kid3-cli -c \"config Tag.id3v2Version ID3v2_4_0\" -c \"select \$f\" -c \"tag 2\" -c \"set title 'ID3 title'\" -c \"set genre 'Rock|Electronic'\" -c save"
f=iff/ffmpeg-s16-stereo-44100-id3v24.aif
run $f "ffmpeg -nostdin -v error -y -i \"\$W/src/st44-1s.wav\" -t 0.25 -c:a pcm_s16be -fflags +bitexact -flags +bitexact -write_id3v2 1 -metadata title='Ünïcödé AIFF' -metadata artist='Пётр' -metadata genre=Classical \"\$f\""
f=iff/ffmpeg-s16-mono-8000-id3v23.aif
run $f "ffmpeg -nostdin -v error -y -i \"\$W/src/mono8k-1s.wav\" -c:a pcm_s16be -fflags +bitexact -flags +bitexact -write_id3v2 1 -id3v2_version 3 -metadata title='AIFF v2.3' -metadata comment='a comment' \"\$f\""

# ------------------------------------------------------ AC-3, E-AC-3, AAC ---
f=stream/ffmpeg-ac3-96k-stereo-44100.ac3
run $f "ffmpeg -nostdin -v error -y -i \"\$W/src/st44-1s.wav\" -c:a ac3 -b:a 96k -fflags +bitexact -flags +bitexact \"\$f\""
f=stream/ffmpeg-ac3-64k-mono-48000.ac3
run $f "ffmpeg -nostdin -v error -y -i \"\$W/src/mono8k-1s.wav\" -ar 48000 -c:a ac3 -b:a 64k -fflags +bitexact -flags +bitexact \"\$f\""
f=stream/ffmpeg-eac3-96k-stereo-44100.eac3
run $f "ffmpeg -nostdin -v error -y -i \"\$W/src/st44-1s.wav\" -c:a eac3 -b:a 96k -fflags +bitexact -flags +bitexact \"\$f\""
f=stream/ffmpeg-adts-lc-64k-stereo-44100.aac
run $f "ffmpeg -nostdin -v error -y -i \"\$W/src/st44-1s.wav\" -c:a aac -b:a 64k -f adts -fflags +bitexact -flags +bitexact \"\$f\""
f=stream/ffmpeg-adts-lc-32k-mono-8000.aac
run $f "ffmpeg -nostdin -v error -y -i \"\$W/src/mono8k-1s.wav\" -c:a aac -b:a 32k -f adts -fflags +bitexact -flags +bitexact \"\$f\""

# ------------------------------------------------ PROVENANCE-iff-stream.md ---
{
    echo "# corpus/real/iff and corpus/real/stream provenance"
    echo
    echo "Made by \`corpus/real/make-iff-stream.sh\` (which writes this file), as \`make.sh\` makes"
    echo "the other folders: all audio is synthesised by the script; \`\$W\` is its scratch"
    echo "directory, \`\$f\` the output file."
    echo
    echo "## Tool versions"
    echo
    echo "- $(sox --version 2>&1 | sed 's/^sox: *//')"
    echo "- $(ffmpeg -version | head -1)"
    echo "- $(kid3-cli --help 2>&1 | head -1)"
    echo "- mutagen 1.48.1 (check listing)"
    echo
    echo "## Inputs (in \`\$W\`)"
    echo
    for i in "${INPUTS[@]}"; do
        echo "- \`${i%%|*}\`: \`${i#*|}\`"
    done
    echo
    echo "## Files"
    for p in $(find iff stream -type f | LC_ALL=C sort); do
        echo
        echo "### \`$p\` ($(stat -c %s "$p") bytes)"
        echo
        echo '```sh'
        cat "$W/prov/${p//\//__}"
        echo '```'
    done
    echo
    echo "## Check listing (mutagen 1.48.1)"
    echo
    echo '```'
    find iff stream -type f | LC_ALL=C sort | "$MUTAGEN_PY" "$HERE/check.py"
    echo '```'
    echo
    echo "Total: $(find iff stream -type f | wc -l) files, $(du -cb iff stream | tail -1 | cut -f1) bytes."
} >PROVENANCE-iff-stream.md.new
mv PROVENANCE-iff-stream.md.new PROVENANCE-iff-stream.md
echo "done: $(find iff stream -type f | wc -l) files, $(du -csh iff stream | tail -1 | cut -f1)"
