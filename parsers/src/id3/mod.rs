//! ID3v1 and ID3v2 tags (`mutagen.id3`).
