#!/usr/bin/env bash
# Regenerates the real-encoder test files of the formats tagged with APEv2, and of True
# Audio, in corpus/real/{wavpack,musepack,trueaudio}/ with the stock Debian command-line
# tools (wavpack, mpcenc from musepack-tools, ffmpeg, kid3-cli), as make.sh does for the
# other formats, and writes PROVENANCE-apev2.md (same layout as PROVENANCE.md). No Debian
# package makes Monkey's Audio, TAK or OptimFROG files; mutagen's own test data covers them.
#
# Usage: corpus/real/make-apev2.sh      (MUTAGEN_PY as for make.sh)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
cd "$HERE"

export LC_ALL=C.UTF-8 LANG=C.UTF-8 TZ=UTC

need_tools="ffmpeg wavpack mpcenc kid3-cli"
for t in $need_tools; do
    command -v "$t" >/dev/null || { echo "missing tool: $t (apt-get install it)" >&2; exit 1; }
done

if [ -z "${MUTAGEN_PY:-}" ]; then
    if [ -x "$REPO/target/venv/bin/python" ]; then MUTAGEN_PY=$REPO/target/venv/bin/python; else MUTAGEN_PY=python3; fi
fi
"$MUTAGEN_PY" -c 'import mutagen, sys; sys.exit(mutagen.version != (1, 48, 1))' || {
    echo "$MUTAGEN_PY does not have mutagen 1.48.1" >&2; exit 1; }

W=$(mktemp -d "${TMPDIR:-/tmp}/mutagen-real-apev2.XXXXXX")
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/src" "$W/img" "$W/prov" "$W/home"
LOG=$W/log
export HOME=$W/home XDG_CONFIG_HOME=$W/home/.config

DIRS="wavpack musepack trueaudio"
rm -rf $DIRS
mkdir -p $DIRS

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
# tone NAME RATE CHANNELS SECONDS SAMPLEFMT: one pure sine per channel (440 Hz, 550 Hz, ...)
tone() {
    local name=$1 rate=$2 ch=$3 dur=$4 fmt=$5 exprs="" i
    for ((i = 0; i < ch; i++)); do
        exprs+="${exprs:+|}0.4*sin(2*PI*$((440 + 110 * i))*t)"
    done
    input "$name" "ffmpeg -nostdin -v error -y -f lavfi -i \"aevalsrc=exprs='$exprs':s=$rate:d=$dur\" -c:a $fmt -fflags +bitexact -flags +bitexact \"\$W/src/$name\""
}

tone t-mono8k-2s.wav 8000 1 2 pcm_s16le
tone t-mono8k-f32-1s.wav 8000 1 1 pcm_f32le
tone t-mono16k-s24-1s.wav 16000 1 1 pcm_s24le
tone t-st44-1s.wav 44100 2 1 pcm_s16le
tone t-mono44-1s.wav 44100 1 1 pcm_s16le
tone t-st32-1s.wav 32000 2 1 pcm_s16le
input cover-tiny.jpg "ffmpeg -nostdin -v error -y -f lavfi -i testsrc=s=64x64:d=1 -frames:v 1 \"\$W/img/cover-tiny.jpg\""

U_TITLE='Ünïcödé — 日本語のタイトル 🎵'
U_ARTIST='Пётр Ильич Чайковский'
U_ALBUM='Ελληνικά · العربية · עברית · हिन्दी · 한국어 🎶'

# -------------------------------------------------------------- WavPack ---
f=wavpack/lossless-mono8k-notags.wv
run $f 'wavpack -q -y "$W/src/t-mono8k-2s.wav" -o '$f

f=wavpack/lossless-mono8k-apev2-unicode.wv
run $f 'wavpack -q -y -w "Title=$U_TITLE" -w "Artist=$U_ARTIST" -w "Album=$U_ALBUM" -w "Track=3/12" -w "Year=2024" -w "Genre=Jazz" -w "Comment=wavpack -w" "$W/src/t-mono8k-2s.wav" -o '$f

f=wavpack/hybrid-b24-st44-cover.wv
run $f 'wavpack -q -y -b24 -w "Title=Hybrid lossy" --write-binary-tag "Cover Art (Front)=@$W/img/cover-tiny.jpg" "$W/src/t-st44-1s.wav" -o '$f

f=wavpack/float-mono8k.wv
run $f 'wavpack -q -y "$W/src/t-mono8k-f32-1s.wav" -o '$f

f=wavpack/s24-mono16k-ffmpeg-tags.wv
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/t-mono16k-s24-1s.wav" -c:a wavpack -metadata title="ffmpeg title" -metadata artist="ffmpeg artist" -metadata track=4 '$f

# Written to a pipe, the first block cannot be updated: its total sample count stays
# unknown and readers add up the blocks.
f=wavpack/raw-pipe-unknown-length-4-blocks.wv
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/t-mono8k-2s.wav" -f s16le pipe:1 | wavpack -q -y --raw-pcm=8000,16,1 --blocksize=4000 - -o - >'$f

f=wavpack/kid3-apev2.wv
run $f 'wavpack -q -y "$W/src/t-mono8k-2s.wav" -o '$f
run $f 'kid3-cli -c "select $f" -c "tag 2" -c "set title \"$U_TITLE\"" -c "set artist \"$U_ARTIST\"" -c "set genre Jazz" -c "set track 2/5" -c "set comment \"kid3 comment ✓\"" -c save'

# ------------------------------------------------------------- Musepack ---
f=musepack/sv8-st44-apev2.mpc
run $f 'mpcenc --silent --overwrite --quality 2 --artist "$U_ARTIST" --title "$U_TITLE" --album "Musepack album" --track 7 --year 2024 --genre Rock "$W/src/t-st44-1s.wav" '$f

f=musepack/sv8-mono44-notags.mpc
run $f 'mpcenc --silent --overwrite --quality 3 "$W/src/t-mono44-1s.wav" '$f

f=musepack/sv8-st32.mpc
run $f 'mpcenc --silent --overwrite --quality 2 --title "32 kHz" "$W/src/t-st32-1s.wav" '$f

# ----------------------------------------------------------- True Audio ---
f=trueaudio/ffmpeg-mono8k-notags.tta
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/t-mono8k-2s.wav" -c:a tta '$f

f=trueaudio/ffmpeg-mono8k-apev2-ignored.tta
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/t-mono8k-2s.wav" -c:a tta -metadata title="APEv2, which mutagen does not read here" '$f

f=trueaudio/kid3-id3v2-mono8k.tta
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/t-mono8k-2s.wav" -c:a tta '$f
run $f 'kid3-cli -c "select $f" -c "tag 2" -c "set title \"$U_TITLE\"" -c "set artist \"$U_ARTIST\"" -c "set album \"$U_ALBUM\"" -c "set track 1/2" -c save'

# -------------------------------------------------- PROVENANCE-apev2.md ---
{
    echo "# corpus/real provenance: WavPack, Musepack, True Audio"
    echo
    echo "Made by \`corpus/real/make-apev2.sh\` (which writes this file), as"
    echo "[PROVENANCE.md](PROVENANCE.md) for the other formats: \`\$W\` is its scratch"
    echo "directory, \`\$f\` the output file, \`\$U_TITLE\`, \`\$U_ARTIST\`, \`\$U_ALBUM\` the"
    echo "Unicode strings of PROVENANCE.md. No Debian package makes Monkey's Audio, TAK or"
    echo "OptimFROG files."
    echo
    echo "## Tool versions"
    echo
    echo "- $(ffmpeg -version | head -1)"
    echo "- $(wavpack --version 2>&1 | head -1)"
    echo "- mpcenc $(dpkg-query -W -f '${Version}' musepack-tools 2>/dev/null || echo '?') (musepack-tools, Debian package version)"
    echo "- $(kid3-cli --help 2>&1 | head -1)"
    echo "- mutagen $("$MUTAGEN_PY" -c 'import mutagen; print(mutagen.version_string)') (check listing)"
    echo
    echo "## Inputs (in \`\$W\`)"
    echo
    for e in "${INPUTS[@]}"; do
        printf -- '- `%s`: `%s`\n' "${e%%|*}" "${e#*|}"
    done
    echo
    echo "## Files (size in bytes; the commands that made each, in order)"
    echo
    for p in $(find $DIRS -type f | LC_ALL=C sort); do
        cmds=""
        while IFS= read -r c; do
            cmds+="${cmds:+ ; }\`$c\`"
        done <"$W/prov/${p//\//__}"
        printf -- '- `%s` (%d): %s\n' "$p" "$(stat -c %s "$p")" "$cmds"
    done
    echo
    echo "## Check listing (mutagen.File(p): class; info.pprint(); number of tags)"
    echo
    echo '```'
    find $DIRS -type f | LC_ALL=C sort | "$MUTAGEN_PY" "$HERE/check.py"
    echo '```'
    echo
    echo "Total: $(find $DIRS -type f | wc -l) files, $(du -cb $DIRS | tail -1 | cut -f1) bytes."
} >PROVENANCE-apev2.md.new
mv PROVENANCE-apev2.md.new PROVENANCE-apev2.md
echo "done: $(find $DIRS -type f | wc -l) files, $(du -csh $DIRS | tail -1 | cut -f1)"
