#!/usr/bin/env bash
# Regenerates the real-encoder test files in corpus/real/{mp3,flac,ogg,mp4,asf}/
# with the stock Debian command-line tools, the way a user would make them.
#
# Every input (audio, images, texts) is synthesised here: ffmpeg lavfi sources
# for sound and pictures, awk for texts. Each output file's commands are
# recorded and written to PROVENANCE.md together with the tool versions and a
# check listing of what mutagen reads from the file.
#
# Usage: corpus/real/make.sh            (needs the tools listed in need_tools)
#        MUTAGEN_PY=/path/to/python corpus/real/make.sh
#        MUTAGEN_PY must have mutagen 1.48.1; default: target/venv/bin/python
#        of the repository if present, else python3.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
cd "$HERE"

export LC_ALL=C.UTF-8 LANG=C.UTF-8 TZ=UTC

need_tools="lame ffmpeg eyeD3 id3v2 kid3-cli flac metaflac oggenc vorbiscomment opusenc speexenc AtomicParsley mp3gain loudgain"
for t in $need_tools; do
    command -v "$t" >/dev/null || { echo "missing tool: $t (apt-get install it)" >&2; exit 1; }
done

if [ -z "${MUTAGEN_PY:-}" ]; then
    if [ -x "$REPO/target/venv/bin/python" ]; then MUTAGEN_PY=$REPO/target/venv/bin/python; else MUTAGEN_PY=python3; fi
fi
"$MUTAGEN_PY" -c 'import mutagen, sys; sys.exit(mutagen.version != (1, 48, 1))' || {
    echo "$MUTAGEN_PY does not have mutagen 1.48.1" >&2; exit 1; }

# W: scratch directory holding the synthetic inputs ($W/src, $W/img, $W/txt).
W=$(mktemp -d "${TMPDIR:-/tmp}/mutagen-real.XXXXXX")
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/src" "$W/img" "$W/txt" "$W/prov" "$W/home"
LOG=$W/log
# kid3-cli keeps its settings under $HOME: give it a private one.
export HOME=$W/home XDG_CONFIG_HOME=$W/home/.config

rm -rf mp3 flac ogg mp4 asf
mkdir -p mp3 flac ogg mp4 asf

# input NAME 'command'      make a scratch input, record the command
INPUTS=()
input() {
    INPUTS+=("$1|$2")
    eval "$2" >>"$LOG" 2>&1 || { echo "failed: $2" >&2; tail -20 "$LOG" >&2; exit 1; }
}
# run OUT 'command'         one step in making OUT, recorded for PROVENANCE.md
run() {
    local out=$1 cmd=$2
    printf '%s\n' "$cmd" >>"$W/prov/${out//\//__}"
    eval "$cmd" >>"$LOG" 2>&1 || { echo "failed: $cmd" >&2; tail -20 "$LOG" >&2; exit 1; }
}

# ---------------------------------------------------------------- inputs ---
# wav NAME RATE CHANNELS SECONDS SAMPLEFMT [LAYOUT]: one sine per channel
# (440 Hz, 550 Hz, ...), with a quiet noise burst in every other second so
# that VBR encoders have something to vary on.
wav() {
    local name=$1 rate=$2 ch=$3 dur=$4 fmt=$5 layout=${6:-} exprs="" i
    for ((i = 0; i < ch; i++)); do
        exprs+="${exprs:+|}0.35*sin(2*PI*$((440 + 110 * i))*t)+0.08*gt(mod(t\\,2)\\,1)*(random($i)-0.5)"
    done
    input "$name" "ffmpeg -nostdin -v error -y -f lavfi -i \"aevalsrc=exprs='$exprs':s=$rate:d=$dur${layout:+:c=$layout}\" -c:a $fmt -fflags +bitexact -flags +bitexact \"\$W/src/$name\""
}
# pure tones (no noise) for the lossless files, so that they stay small
tone() {
    local name=$1 rate=$2 ch=$3 dur=$4 fmt=$5 layout=${6:-} exprs="" i
    for ((i = 0; i < ch; i++)); do
        exprs+="${exprs:+|}0.4*sin(2*PI*$((440 + 110 * i))*t)"
    done
    input "$name" "ffmpeg -nostdin -v error -y -f lavfi -i \"aevalsrc=exprs='$exprs':s=$rate:d=$dur${layout:+:c=$layout}\" -c:a $fmt -fflags +bitexact -flags +bitexact \"\$W/src/$name\""
}

wav st44-3s.wav 44100 2 3 pcm_s16le
wav st44-10s.wav 44100 2 10 pcm_s16le
wav mono44-3s.wav 44100 1 3 pcm_s16le
wav st48-3s.wav 48000 2 3 pcm_s16le
wav st48-10s.wav 48000 2 10 pcm_s16le
wav st32-3s.wav 32000 2 3 pcm_s16le
wav mono22-10s.wav 22050 1 10 pcm_s16le
wav st24k-3s.wav 24000 2 3 pcm_s16le
wav mono16k-3s.wav 16000 1 3 pcm_s16le
wav mono11k-3s.wav 11025 1 3 pcm_s16le
wav mono8k-3s.wav 8000 1 3 pcm_s16le
wav mono22-3s.wav 22050 1 3 pcm_s16le
wav mono32k-3s.wav 32000 1 3 pcm_s16le
tone t-st44-3s.wav 44100 2 3 pcm_s16le
tone t-st44-2s.wav 44100 2 2 pcm_s16le
tone t-mono8k-2s.wav 8000 1 2 pcm_s16le
tone t-mono11k-u8-2s.wav 11025 1 2 pcm_u8
tone t-st96k-s24-1s.wav 96000 2 1 pcm_s24le
tone t-st48k-s24-2s.wav 48000 2 2 pcm_s24le
tone t-3ch22k-2s.wav 22050 3 2 pcm_s16le 3.0
tone t-4ch32k-2s.wav 32000 4 2 pcm_s16le quad
tone t-6ch48k-s24-1s.wav 48000 6 1 pcm_s24le 5.1
tone t-mono16k-s24-2s.wav 16000 1 2 pcm_s24le

input cover-small.jpg "ffmpeg -nostdin -v error -y -f lavfi -i testsrc=s=200x200:d=1 -frames:v 1 \"\$W/img/cover-small.jpg\""
input cover-small.png "ffmpeg -nostdin -v error -y -f lavfi -i testsrc=s=120x120:d=1 -frames:v 1 \"\$W/img/cover-small.png\""
input icon-32.png "ffmpeg -nostdin -v error -y -f lavfi -i testsrc=s=32x32:d=1 -frames:v 1 \"\$W/img/icon-32.png\""
input cover-100k.jpg "ffmpeg -nostdin -v error -y -f lavfi -i mandelbrot=s=600x600 -frames:v 1 -q:v 2 \"\$W/img/cover-100k.jpg\""
input cover-300k.png "ffmpeg -nostdin -v error -y -f lavfi -i \"nullsrc=s=450x450,geq=r='random(1)*255':g='random(2)*255':b='random(3)*255'\" -frames:v 1 \"\$W/img/cover-300k.png\""
input back-small.jpg "ffmpeg -nostdin -v error -y -f lavfi -i smptebars=s=240x160:d=1 -frames:v 1 \"\$W/img/back-small.jpg\""

# Texts. No colons in the comment texts: eyeD3 splits its arguments on ':'.
input comment-6k.txt "awk 'BEGIN { for (i = 1; i <= 80; i++) printf \"Paragraph %d of the liner notes, the quick brown fox jumps over the lazy dog again.\\n\", i }' >\"\$W/txt/comment-6k.txt\""
input comment-100k.txt "awk 'BEGIN { for (i = 1; i <= 1300; i++) printf \"Line %05d of a very long comment, written to test large Vorbis comment blocks.\\n\", i }' >\"\$W/txt/comment-100k.txt\""
input vorbis-long.txt "awk 'BEGIN { printf \"COMMENT=\"; for (i = 1; i <= 2000; i++) printf \"Sentence %05d of one long comment value that spans several Ogg pages. \", i; printf \"\\n\" }' >\"\$W/txt/vorbis-long.txt\""
input lyrics.txt "printf '%s\\n' 'First line of the lyrics' 'Второй куплет — пример' '第三行の歌詞' 'Last line 🎤' >\"\$W/txt/lyrics.txt\""
input chapters.txt "printf '%s\\n' ';FFMETADATA1' 'title=Chaptered Audiobook' 'artist=Narrator Name' 'album=Test Book' 'genre=Audiobook' '[CHAPTER]' 'TIMEBASE=1/1000' 'START=0' 'END=3000' 'title=Chapter 1 — Opening' '[CHAPTER]' 'TIMEBASE=1/1000' 'START=3000' 'END=7000' 'title=Chapter 2' '[CHAPTER]' 'TIMEBASE=1/1000' 'START=7000' 'END=10000' 'title=Chapter 3 — Ending' >\"\$W/txt/chapters.txt\""
input disc.cue "printf '%s\\n' 'REM GENRE Test' 'PERFORMER \"Cue Performer\"' 'TITLE \"Cue Album\"' 'FILE \"audio.wav\" WAVE' '  TRACK 01 AUDIO' '    TITLE \"Part One\"' '    INDEX 01 00:00:00' '  TRACK 02 AUDIO' '    TITLE \"Part Two\"' '    INDEX 00 00:01:00' '    INDEX 01 00:01:30' >\"\$W/txt/disc.cue\""

# Unicode strings used throughout
U_TITLE='Ünïcödé — 日本語のタイトル 🎵'
U_ARTIST='Пётр Ильич Чайковский'
U_ALBUM='Ελληνικά · العربية · עברית · हिन्दी · 한국어 🎶'

# ------------------------------------------------------------------ MP3 ---
f=mp3/cbr-128-js-notag.mp3
run $f 'lame --quiet -b 128 "$W/src/st44-3s.wav" '$f

f=mp3/cbr-128-js-noxing-notag.mp3
run $f 'lame --quiet -b 128 -t "$W/src/st44-3s.wav" '$f

f=mp3/cbr-320-stereo-lame-id3v23-id3v1.mp3
run $f 'lame --quiet -b 320 -m s --tt "LAME Title" --ta "LAME Artist" --tl "LAME Album" --ty 2019 --tc "lame comment" --tn 3/12 --tg Rock --add-id3v2 "$W/src/st44-3s.wav" '$f

f=mp3/cbr-64-mono-lame-id3v1only-genre-number.mp3
run $f 'lame --quiet -b 64 -m m --tt "Only ID3v1" --ta "Old Artist" --tl "Old Album" --ty 1999 --tc "v1.1 comment" --tn 5 --tg 17 --id3v1-only "$W/src/mono44-3s.wav" '$f

f=mp3/cbr-128-lame-id3v23-apic-txxx-padded.mp3
run $f 'lame --quiet -b 128 --tt "Picture by LAME" --ta "LAME Artist" --ti "$W/img/cover-small.jpg" --tv "TXXX=CATALOGNUMBER=CAT-0042" --tv "TXXX=MOOD=calm" --id3v2-only --pad-id3v2-size 1024 "$W/src/st44-3s.wav" '$f

f=mp3/cbr-128-lame-id3v23-utf16.mp3
run $f 'lame --quiet -b 128 --id3v2-utf16 --tt "$U_TITLE" --ta "$U_ARTIST" --tl "$U_ALBUM" --id3v2-only "$W/src/st44-3s.wav" '$f

f=mp3/vbr-v2-js-id3v24-apic.mp3
run $f 'lame --quiet -V 2 "$W/src/st44-10s.wav" '$f
run $f 'eyeD3 -Q --to-v2.4 -t "VBR V2 with cover" -a "eyeD3 Artist" -A "eyeD3 Album" -n 1 -N 9 --add-image "$W/img/cover-small.jpg:FRONT_COVER:Front cover, small JPEG" '$f

f=mp3/vbr-v0-js-id3v23-eyed3-longcomm-uslt-txxx.mp3
run $f 'lame --quiet -V 0 "$W/src/st44-10s.wav" '$f
run $f 'eyeD3 -Q --to-v2.3 -t "$U_TITLE" -a "$U_ARTIST" -A "$U_ALBUM" -b "Album Artist" -n 3 -N 12 -d 1 -D 2 -G "Synthpop" --recording-date 2021-06-15 --add-comment "$(cat "$W/txt/comment-6k.txt")" --add-comment "short one:short:eng" --add-lyrics "$W/txt/lyrics.txt:Lyrics description:eng" --user-text-frame "MusicBrainz Album Id:4e5f6a7b-0000-4000-8000-000000000001" --user-text-frame "CATALOGNUMBER:ABC 123" --bpm 128 --publisher "Test Label" '$f

f=mp3/vbr-v0-js-id3v24-eyed3-longcomm-uslt-txxx.mp3
run $f 'lame --quiet -V 0 "$W/src/st44-10s.wav" '$f
run $f 'eyeD3 -Q --to-v2.4 -t "$U_TITLE" -a "$U_ARTIST" -A "$U_ALBUM" -b "Album Artist" -n 3 -N 12 -d 1 -D 2 -G "Chillwave" --recording-date 2021-06-15 --release-date 2021-07-01 --add-comment "$(cat "$W/txt/comment-6k.txt")" --add-lyrics "$W/txt/lyrics.txt:Lyrics description:eng" --user-text-frame "REPLAYGAIN_TRACK_GAIN:-6.50 dB" --user-text-frame "CATALOGNUMBER:ABC 123" --add-popularity "rater@example.org:196:12" --url-frame "WOAR:https://example.org/artist" '$f

f=mp3/vbr-v4-js-id3v24-apic-100k-front-back.mp3
run $f 'lame --quiet -V 4 "$W/src/st44-10s.wav" '$f
run $f 'eyeD3 -Q --to-v2.4 -t "Two pictures" -a "eyeD3 Artist" --add-image "$W/img/cover-100k.jpg:FRONT_COVER:Front cover 100 KB" --add-image "$W/img/back-small.jpg:BACK_COVER:Back cover" '$f

f=mp3/cbr-128-js-eyed3-id3v24-id3v1.mp3
run $f 'lame --quiet -b 128 "$W/src/st44-3s.wav" '$f
run $f 'eyeD3 -Q --to-v2.4 -t "Title in ID3v2.4" -a "Artist in ID3v2.4" -A "Album in ID3v2.4" -G "Trip-Hop" '$f
run $f 'eyeD3 -Q -1 -t "Title in ID3v1" -a "Artist in ID3v1" -A "Album in ID3v1" -n 8 -G 13 '$f

f=mp3/vbr-v6-mono-22050-mpeg2.mp3
run $f 'lame --quiet -V 6 -m m "$W/src/mono22-10s.wav" '$f

f=mp3/abr-160-js-id3v23-id3v1-id3v2tool-genre-number.mp3
run $f 'lame --quiet --abr 160 "$W/src/st44-10s.wav" '$f
run $f 'id3v2 -a "id3v2 Artist" -t "id3v2 Title" -A "id3v2 Album" -y 2005 -T 3/12 -g 17 -c "Desc":"A comment from id3v2":"eng" --TPOS 1/2 --TCOM "Some Composer" '$f

f=mp3/abr-96-js-24000-mpeg2.mp3
run $f 'lame --quiet --abr 96 "$W/src/st24k-3s.wav" '$f

f=mp3/cbr-32-mono-16000-mpeg2-kid3-id3v24-unicode-multi.mp3
run $f 'lame --quiet -b 32 -m m "$W/src/mono16k-3s.wav" '$f
run $f 'kid3-cli -c "config Tag.id3v2Version ID3v2_4_0" -c "select $f" -c "tag 2" -c "set title \"$U_TITLE\"" -c "set artist \"$U_ARTIST|Second Artist|Третий\"" -c "set album \"$U_ALBUM\"" -c "set genre \"Rock|Electronic\"" -c "set track 7/10" -c "set \"disc number\" 2/3" -c "set date 2020" -c save'

f=mp3/cbr-16-mono-11025-mpeg25-kid3-id3v23.mp3
run $f 'lame --quiet -b 16 -m m "$W/src/mono11k-3s.wav" '$f
run $f 'kid3-cli -c "config Tag.id3v2Version ID3v2_3_0" -c "select $f" -c "tag 2" -c "set title \"$U_TITLE\"" -c "set artist \"$U_ARTIST\"" -c "set genre Jazz" -c "set comment \"kid3 comment ✓\"" -c "set track 1/4" -c save'

f=mp3/cbr-8-mono-8000-mpeg25-notag.mp3
run $f 'lame --quiet -b 8 -m m "$W/src/mono8k-3s.wav" '$f

f=mp3/cbr-48-mono-22050-mpeg2-id3v1-only-id3v2tool.mp3
run $f 'lame --quiet -b 48 -m m "$W/src/mono22-3s.wav" '$f
run $f 'id3v2 -1 -a "v1 Artist" -t "v1 Title" -A "v1 Album" -y 2001 -T 9 -g 80 '$f

f=mp3/ffmpeg-cbr-128-id3v24-tags.mp3
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/st44-3s.wav" -c:a libmp3lame -b:a 128k -metadata title="$U_TITLE" -metadata artist="ffmpeg Artist" -metadata album="ffmpeg Album" -metadata album_artist="Various" -metadata track=4/11 -metadata disc=1/1 -metadata genre=Ambient -metadata date=2022 -metadata comment="ffmpeg comment" -metadata composer="C. Omposer" -metadata CUSTOM_KEY="custom value" '$f

f=mp3/ffmpeg-vbr-id3v23-id3v1-apic.mp3
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/st44-3s.wav" -i "$W/img/cover-small.jpg" -map 0:a -map 1:v -c:a libmp3lame -q:a 4 -c:v copy -id3v2_version 3 -write_id3v1 1 -metadata title="ffmpeg v2.3 title" -metadata artist="ffmpeg Artist" -metadata track=2 -metadata:s:v title="Album cover" -metadata:s:v comment="Cover (front)" '$f

f=mp3/cbr-128-js-mp3gain-apev2.mp3
run $f 'lame --quiet -b 128 --tt "mp3gain analysed" --add-id3v2 "$W/src/st44-3s.wav" '$f
run $f 'mp3gain -q '$f

f=mp3/cbr-128-js-loudgain-id3v24-replaygain.mp3
run $f 'lame --quiet -b 128 --tt "loudgain analysed" --id3v2-only "$W/src/st44-3s.wav" '$f
run $f 'loudgain -q -s e -I 4 '$f

f=mp3/cbr-128-js-loudgain-id3v23-replaygain.mp3
run $f 'lame --quiet -b 128 "$W/src/st44-3s.wav" '$f
run $f 'loudgain -q -s i -I 3 '$f

f=mp3/cbr-96-js-48000.mp3
run $f 'lame --quiet -b 96 --resample 48 "$W/src/st48-3s.wav" '$f

f=mp3/cbr-64-stereo-32000-dualmono-notag.mp3
run $f 'lame --quiet -b 64 -m d --resample 32 "$W/src/st32-3s.wav" '$f

# ----------------------------------------------------------------- FLAC ---
f=flac/s16-44100-stereo-tags.flac
run $f 'flac --silent -o '$f' -T "TITLE=Plain FLAC" -T "ARTIST=flac Artist" -T "ALBUM=flac Album" -T TRACKNUMBER=1 -T DATE=2023 "$W/src/t-st44-3s.wav"'

f=flac/s16-44100-stereo-notags-noseektable-nopadding.flac
run $f 'flac --silent --no-seektable --no-padding -o '$f' "$W/src/t-st44-2s.wav"'

f=flac/s16-44100-stereo-seektable-padding-64k.flac
run $f 'flac --silent -S 0.5s --padding=65536 -o '$f' "$W/src/t-st44-3s.wav"'

f=flac/s24-96000-stereo.flac
run $f 'flac --silent -8 -o '$f' -T "TITLE=24-bit 96 kHz" "$W/src/t-st96k-s24-1s.wav"'

f=flac/s24-48000-stereo.flac
run $f 'flac --silent -o '$f' "$W/src/t-st48k-s24-2s.wav"'

f=flac/s16-8000-mono.flac
run $f 'flac --silent -o '$f' -T "TITLE=8 kHz mono" "$W/src/t-mono8k-2s.wav"'

f=flac/s8-11025-mono.flac
run $f 'flac --silent -o '$f' "$W/src/t-mono11k-u8-2s.wav"'

f=flac/s24-16000-mono.flac
run $f 'flac --silent -o '$f' "$W/src/t-mono16k-s24-2s.wav"'

f=flac/s16-22050-3ch.flac
run $f 'flac --silent -o '$f' "$W/src/t-3ch22k-2s.wav"'

f=flac/s16-32000-4ch.flac
run $f 'flac --silent -o '$f' "$W/src/t-4ch32k-2s.wav"'

f=flac/s24-48000-6ch.flac
run $f 'flac --silent -o '$f' -T "TITLE=5.1 channels" "$W/src/t-6ch48k-s24-1s.wav"'

f=flac/s16-44100-cover-300k-png.flac
run $f 'flac --silent -o '$f' "$W/src/t-st44-2s.wav"'
run $f 'metaflac --set-tag="TITLE=Large cover" --import-picture-from="3|image/png|Front cover, 300 KB noise PNG||$W/img/cover-300k.png" '$f

f=flac/s16-44100-pictures-icon-front-back.flac
run $f 'flac --silent -o '$f' --picture="1||32x32 icon||$W/img/icon-32.png" --picture="$W/img/cover-small.jpg" "$W/src/t-st44-2s.wav"'
run $f 'metaflac --import-picture-from="4|image/jpeg|Back cover ✓||$W/img/back-small.jpg" '$f

f=flac/s16-44100-comment-100k.flac
run $f 'flac --silent -o '$f' "$W/src/t-st44-2s.wav"'
run $f 'metaflac --set-tag="TITLE=Long comment" --set-tag-from-file="COMMENT=$W/txt/comment-100k.txt" '$f

f=flac/s16-44100-unicode-multivalue.flac
run $f 'flac --silent -o '$f' "$W/src/t-st44-2s.wav"'
run $f 'metaflac --set-tag="TITLE=$U_TITLE" --set-tag="ARTIST=$U_ARTIST" --set-tag="ARTIST=Second Artist" --set-tag="ARTIST=Третий 🎻" --set-tag="ALBUM=$U_ALBUM" --set-tag="GENRE=Classical" --set-tag="GENRE=Romantic" --set-tag="performer=lower-case key" --set-tag="Mixed_Case=Mixed case key" --set-tag="EMPTY=" '$f

f=flac/s16-44100-id3v2-prepended.flac
run $f 'flac --silent -o '$f' -T "TITLE=FLAC with ID3" "$W/src/t-st44-2s.wav"'
run $f 'id3v2 -2 -t "ID3 title on a FLAC" -a "ID3 Artist" '$f

f=flac/s16-44100-cuesheet.flac
run $f 'flac --silent -o '$f' -T "TITLE=With cuesheet" "$W/src/t-st44-3s.wav"'
run $f 'metaflac --import-cuesheet-from="$W/txt/disc.cue" '$f

f=flac/s16-44100-replaygain.flac
run $f 'flac --silent --replay-gain -o '$f' -T "TITLE=ReplayGain by flac" "$W/src/t-st44-2s.wav"'

f=flac/s16-44100-kid3-picture.flac
run $f 'flac --silent -o '$f' "$W/src/t-st44-2s.wav"'
run $f 'kid3-cli -c "select $f" -c "tag 2" -c "set title \"$U_TITLE\"" -c "set artist \"$U_ARTIST\"" -c "set track 4/9" -c "set picture:\"$W/img/cover-small.jpg\" \"Front cover via kid3\"" -c save'

f=flac/s16-48000-stereo-ffmpeg-tags-cover.flac
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/st48-3s.wav" -i "$W/img/cover-small.png" -map 0:a -map 1:v -c:a flac -c:v copy -disposition:v attached_pic -metadata title="$U_TITLE" -metadata artist="ffmpeg Artist" -metadata album="ffmpeg Album" -metadata track=6 -metadata:s:v comment="Cover (front)" '$f

# ------------------------------------------------------------------ Ogg ---
f=ogg/vorbis-q3-stereo-44100-tags.ogg
run $f 'oggenc --quiet -s 1001 -q 3 -t "Vorbis Title" -a "Vorbis Artist" -l "Vorbis Album" -N 2 -G Rock -d 2024-01-02 -c "COMMENT=oggenc comment" -o '$f' "$W/src/st44-3s.wav"'

f=ogg/vorbis-q-1-mono-22050-10s.ogg
run $f 'oggenc --quiet -s 1002 -q -1 -o '$f' "$W/src/mono22-10s.wav"'

f=ogg/vorbis-q6-stereo-48000-10s.ogg
run $f 'oggenc --quiet -s 1003 -q 6 -t "Ten seconds" -o '$f' "$W/src/st48-10s.wav"'

f=ogg/vorbis-managed-128k-unicode-multivalue.ogg
run $f 'oggenc --quiet -s 1004 --managed -b 128 -o '$f' "$W/src/st44-3s.wav"'
run $f 'vorbiscomment -w -t "TITLE=$U_TITLE" -t "ARTIST=$U_ARTIST" -t "ARTIST=Second Artist" -t "ALBUM=$U_ALBUM" -t "GENRE=Classical" -t "GENRE=Romantic" -t "DATE=1893" -t "tracknumber=6" '$f

f=ogg/vorbis-long-comment-multipage.ogg
run $f 'oggenc --quiet -s 1005 -q 2 -o '$f' "$W/src/st44-3s.wav"'
run $f 'vorbiscomment -a -c "$W/txt/vorbis-long.txt" '$f
run $f 'vorbiscomment -a -t "TITLE=Long comment across pages" '$f

f=ogg/vorbis-chained-two-streams.ogg
run $f 'oggenc --quiet -s 2001 -q 2 -t "First stream" -o "$W/chain1.ogg" "$W/src/st44-3s.wav"'
run $f 'oggenc --quiet -s 2002 -q 2 -t "Second stream" -o "$W/chain2.ogg" "$W/src/st48-3s.wav"'
run $f 'cat "$W/chain1.ogg" "$W/chain2.ogg" >'$f

f=ogg/vorbis-kid3-picture.ogg
run $f 'oggenc --quiet -s 1007 -q 2 -o '$f' "$W/src/st44-3s.wav"'
run $f 'kid3-cli -c "select $f" -c "tag 2" -c "set title \"$U_TITLE\"" -c "set artist \"$U_ARTIST\"" -c "set picture:\"$W/img/cover-small.jpg\" \"Front cover via kid3\"" -c save'

f=ogg/vorbis-ffmpeg-tags.ogg
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/st44-3s.wav" -c:a libvorbis -q:a 4 -metadata title="ffmpeg Vorbis" -metadata artist="$U_ARTIST" -metadata album="ffmpeg Album" -metadata track=3 -metadata date=2020 '$f

f=ogg/vorbis-loudgain-replaygain.ogg
run $f 'oggenc --quiet -s 1006 -q 3 -t "loudgain analysed" -o '$f' "$W/src/st44-3s.wav"'
run $f 'loudgain -q -s e '$f

f=ogg/opus-stereo-96k-comment-picture.opus
run $f 'opusenc --quiet --serial 3001 --bitrate 96 --title "$U_TITLE" --artist "$U_ARTIST" --artist "Second Artist" --album "Opus Album" --genre Ambient --date 2024 --tracknumber 5 --comment "COMMENT=opusenc comment" --comment "CUSTOM=value" --picture "3|image/jpeg|Front cover||$W/img/cover-small.jpg" "$W/src/st48-10s.wav" '$f

f=ogg/opus-mono-16000-source.opus
run $f 'opusenc --quiet --serial 3002 --bitrate 24 --title "16 kHz input" "$W/src/mono16k-3s.wav" '$f

f=ogg/opus-stereo-44100-source-picture-100k.opus
run $f 'opusenc --quiet --serial 3003 --title "100 KB cover" --picture "$W/img/cover-100k.jpg" "$W/src/st44-3s.wav" '$f

f=ogg/opus-ffmpeg-libopus.opus
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/st48-3s.wav" -c:a libopus -b:a 64k -metadata title="ffmpeg Opus" -metadata artist="ffmpeg Artist" '$f

f=ogg/opus-loudgain-replaygain.opus
run $f 'opusenc --quiet --serial 3004 --title "loudgain analysed" "$W/src/st48-3s.wav" '$f
run $f 'loudgain -q -s e '$f

f=ogg/speex-nb-8000.spx
run $f 'speexenc --title "Speex narrowband" --author "Speex Author" --comment "COMMENT=speexenc comment" "$W/src/mono8k-3s.wav" '$f

f=ogg/speex-wb-16000-vbr.spx
run $f 'speexenc -w --vbr --title "Speex wideband" --author "$U_ARTIST" "$W/src/mono16k-3s.wav" '$f

f=ogg/speex-uwb-32000-stereo.spx
run $f 'speexenc -u --stereo "$W/src/st32-3s.wav" '$f

f=ogg/speex-ffmpeg-libspeex.spx
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/mono16k-3s.wav" -c:a libspeex -metadata title="ffmpeg Speex" '$f

f=ogg/oggflac-ffmpeg.oga
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/t-st44-2s.wav" -c:a flac -metadata title="ffmpeg Ogg FLAC" -metadata artist="$U_ARTIST" '$f

f=ogg/oggflac-flac-tool.oga
run $f 'flac --silent --ogg --serial-number=4001 -T "TITLE=flac --ogg" -T "ARTIST=flac Artist" -o '$f' "$W/src/t-st44-2s.wav"'

# ------------------------------------------------------------------ MP4 ---
f=mp4/aac-128k-stereo-faststart.m4a
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/st44-3s.wav" -c:a aac -b:a 128k -movflags +faststart -metadata title="Fast start" '$f

f=mp4/aac-128k-stereo-nofaststart.m4a
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/st44-3s.wav" -c:a aac -b:a 128k -metadata title="moov at end" '$f

f=mp4/aac-64k-mono-22050.m4a
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/mono22-3s.wav" -c:a aac -b:a 64k '$f

f=mp4/aac-vbr-q1-stereo-48000-10s.m4a
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/st48-10s.wav" -c:a aac -q:a 1 '$f

f=mp4/aac-isom-audio-only.mp4
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/st44-3s.wav" -c:a aac -b:a 96k -metadata title="Plain .mp4" '$f

f=mp4/alac-s16-44100-stereo.m4a
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/t-st44-2s.wav" -c:a alac -metadata title="ALAC 16-bit" '$f

f=mp4/alac-s24-48000-stereo-ap-cover-png.m4a
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/t-st48k-s24-2s.wav" -c:a alac -sample_fmt s32p '$f
run $f 'AtomicParsley '$f' --overWrite --title "ALAC 24-bit" --artist "AP Artist" --artwork "$W/img/cover-small.png"'

f=mp4/aac-chapters.m4b
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/st44-10s.wav" -i "$W/txt/chapters.txt" -map 0:a -map_metadata 1 -map_chapters 1 -c:a aac -b:a 64k '$f

f=mp4/aac-ffmpeg-tags-cover.m4a
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/st44-3s.wav" -i "$W/img/cover-small.jpg" -map 0:a -map 1:v -c:a aac -b:a 128k -c:v copy -disposition:v attached_pic -metadata title="$U_TITLE" -metadata artist="$U_ARTIST" -metadata album="$U_ALBUM" -metadata album_artist="Various" -metadata track=4/11 -metadata disc=1/2 -metadata genre=Ambient -metadata date=2022 -metadata comment="ffmpeg comment" -metadata composer="C. Omposer" -metadata lyrics="Some lyrics" '$f

f=mp4/aac-atomicparsley-full.m4a
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/st44-3s.wav" -c:a aac -b:a 128k '$f
run $f 'AtomicParsley '$f' --overWrite --title "$U_TITLE" --artist "$U_ARTIST" --album "$U_ALBUM" --albumArtist "Various Artists" --composer "AP Composer" --comment "AtomicParsley comment" --year 2024 --lyrics "$(printf "Line one\nLine two")" --tracknum 3/12 --disk 1/2 --compilation true --bpm 120 --genre "Rock" --artwork "$W/img/cover-small.jpg" --artwork "$W/img/cover-100k.jpg" --rDNSatom "happy" name=MOOD domain=com.apple.iTunes --rDNSatom "ABC 123" name=CATALOGNUMBER domain=com.apple.iTunes --gapless true --stik Normal --advisory explicit --sortOrder artist "Tchaikovsky, Pyotr Ilyich" --sortOrder album "Album sort" --sortOrder name "Title sort" --sortOrder albumartist "Various sort" --sortOrder composer "Composer sort" --encodingTool "AtomicParsley" --copyright "℗ 2024 Test" --grouping "Group A"'

f=mp4/aac-atomicparsley-custom-genre-clean.m4a
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/mono44-3s.wav" -c:a aac -b:a 64k '$f
run $f 'AtomicParsley '$f' --overWrite --title "Custom genre" --genre "Chillwave" --tracknum 7 --disk 2 --compilation false --advisory clean --stik value=2 --gapless false --podcastFlag true --category "Tests" --keyword "mutagen" --podcastURL "https://example.org/feed" --description "A description" --purchaseDate "2024-03-04T05:06:07Z"'

f=mp4/aac-loudgain-replaygain.m4a
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/st44-3s.wav" -c:a aac -b:a 128k -metadata title="loudgain analysed" '$f
run $f 'loudgain -q -s e '$f

f=mp4/aac-kid3-unicode-multi.m4a
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/st44-3s.wav" -c:a aac -b:a 96k '$f
run $f 'kid3-cli -c "select $f" -c "tag 2" -c "set title \"$U_TITLE\"" -c "set artist \"$U_ARTIST\"" -c "set album \"$U_ALBUM\"" -c "set genre Jazz" -c "set track 2/5" -c "set \"disc number\" 1/1" -c "set comment \"kid3 comment ✓\"" -c save'

# ------------------------------------------------------------------ ASF ---
f=asf/wmav2-64k-stereo-tags.wma
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/st44-3s.wav" -c:a wmav2 -b:a 64k -fflags +bitexact -metadata title="$U_TITLE" -metadata artist="$U_ARTIST" -metadata album="$U_ALBUM" -metadata album_artist="Various" -metadata track=4 -metadata genre=Ambient -metadata date=2022 -metadata comment="ffmpeg comment" -metadata copyright="(c) 2024 Test" -metadata composer="C. Omposer" '$f

f=asf/wmav1-32k-mono-22050.wma
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/mono22-3s.wav" -c:a wmav1 -b:a 32k -fflags +bitexact -metadata title="WMA v1" '$f

f=asf/wmav2-kid3-unicode-cover.wma
run $f 'ffmpeg -nostdin -v error -y -i "$W/src/mono22-3s.wav" -c:a wmav2 -b:a 32k -fflags +bitexact '$f
run $f 'kid3-cli -c "select $f" -c "tag 2" -c "set title \"$U_TITLE\"" -c "set artist \"$U_ARTIST\"" -c "set album \"$U_ALBUM\"" -c "set genre Jazz" -c "set track 2/5" -c "set \"disc number\" 1/1" -c "set comment \"kid3 comment ✓\"" -c "set picture:\"$W/img/cover-small.jpg\" \"Front cover\"" -c save'

# ------------------------------------------------------- PROVENANCE.md ---
versions() {
    echo "- $(lame --version | head -1)"
    echo "- $(ffmpeg -version | head -1)"
    echo "- eyeD3 $(eyeD3 --version 2>&1 | head -1)"
    echo "- $(id3v2 --version | head -1)"
    echo "- $(kid3-cli --help 2>&1 | head -1)"
    echo "- $(flac --version), $(metaflac --version)"
    echo "- $(oggenc --version), $(vorbiscomment -V 2>&1 | head -1)"
    echo "- $(opusenc --version | head -1)"
    echo "- $(speexenc --version 2>&1 | head -1)"
    echo "- AtomicParsley $(dpkg-query -W -f '${Version}' atomicparsley 2>/dev/null || echo '?') (Debian package version; the binary prints none)"
    echo "- mp3gain $(mp3gain -v 2>&1 | sed -n 's/.*version //p' | head -1)"
    echo "- $(loudgain --version 2>&1 | head -1 | sed "s/ - using://")"
    echo "- mutagen $("$MUTAGEN_PY" -c 'import mutagen; print(mutagen.version_string)') (check listing)"
}

{
    echo "# corpus/real provenance"
    echo
    echo "Made by \`corpus/real/make.sh\` (which writes this file). All audio, pictures and"
    echo "texts are synthesised by the script; \`\$W\` is its scratch directory, \`\$f\` the"
    echo "output file, and \`\$U_TITLE\`, \`\$U_ARTIST\`, \`\$U_ALBUM\` are these Unicode strings:"
    echo
    echo "- \`U_TITLE\` = \`$U_TITLE\`"
    echo "- \`U_ARTIST\` = \`$U_ARTIST\`"
    echo "- \`U_ALBUM\` = \`$U_ALBUM\`"
    echo
    echo "Regenerating changes the bytes of a few files even with the same tools:"
    echo "speexenc and ffmpeg's Ogg muxer pick random stream serial numbers and"
    echo "AtomicParsley stamps the modification time; everything else is reproducible."
    echo
    echo "## Tool versions"
    echo
    versions
    echo
    echo "## Inputs (in \`\$W\`)"
    echo
    for e in "${INPUTS[@]}"; do
        printf -- '- `%s`: `%s`\n' "${e%%|*}" "${e#*|}"
    done
    echo
    echo "## Files (size in bytes; the commands that made each, in order)"
    echo
    for p in $(find mp3 flac ogg mp4 asf -type f | LC_ALL=C sort); do
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
    find mp3 flac ogg mp4 asf -type f | LC_ALL=C sort | "$MUTAGEN_PY" "$HERE/check.py"
    echo '```'
    echo
    echo "Total: $(find mp3 flac ogg mp4 asf -type f | wc -l) files, $(du -cb mp3 flac ogg mp4 asf | tail -1 | cut -f1) bytes."
} >PROVENANCE.md.new
mv PROVENANCE.md.new PROVENANCE.md
echo "done: $(find mp3 flac ogg mp4 asf -type f | wc -l) files, $(du -csh mp3 flac ogg mp4 asf | tail -1 | cut -f1)"
