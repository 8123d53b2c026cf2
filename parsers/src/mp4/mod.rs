//! MP4/M4A files (`mutagen.mp4`).
