//! MP3 files: an ID3 tag plus MPEG stream info (`mutagen.mp3.MP3`).
