//! Vorbis comments, shared by FLAC and the Ogg codecs (`mutagen._vorbis`).
