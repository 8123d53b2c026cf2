"""Check listing for corpus/real: reads the paths given on stdin with mutagen.

For each file prints one line: path, the class mutagen.File() returns,
info.pprint() (newlines folded) and the number of tags. Exits non-zero if a
file is not read as the class its directory and extension call for, or if
mutagen raises.
"""

import sys

import mutagen

EXPECTED = {
    ".mp3": "MP3",
    ".flac": "FLAC",
    ".ogg": "OggVorbis",
    ".opus": "OggOpus",
    ".spx": "OggSpeex",
    ".oga": "OggFLAC",
    ".m4a": "MP4",
    ".m4b": "MP4",
    ".mp4": "MP4",
    ".wav": "WAVE",
    ".aif": "AIFF",
    ".aifc": "AIFF",
    ".ac3": "AC3",
    ".eac3": "AC3",
    ".aac": "AAC",
    ".wv": "WavPack",
    ".mpc": "Musepack",
    ".tta": "TrueAudio",
    ".wma": "ASF",
}


def main():
    bad = 0
    for line in sys.stdin:
        path = line.strip()
        if not path:
            continue
        ext = path[path.rfind("."):]
        want = EXPECTED.get(ext)
        try:
            f = mutagen.File(path)
        except Exception as e:  # report every failure, then fail at the end
            print(f"{path}: EXCEPTION {type(e).__name__}: {e}")
            bad += 1
            continue
        name = type(f).__name__ if f is not None else "None"
        info = f.info.pprint().replace("\n", " / ") if f is not None else ""
        if f is None or f.tags is None:
            ntags = "no tags"
        else:
            ntags = f"{len(f.tags.keys())} tags"
        extra = ""
        chapters = getattr(f, "chapters", None)
        if chapters:
            extra = f"; {len(chapters)} chapters"
        print(f"{path}: {name}; {info}; {ntags}{extra}")
        if name != want:
            print(f"  ^ expected {want}")
            bad += 1
    if bad:
        print(f"{bad} file(s) failed the check", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
