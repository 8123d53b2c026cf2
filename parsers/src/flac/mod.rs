//! FLAC files (`mutagen.flac`).
