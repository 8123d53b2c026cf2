//! Ogg pages and the Ogg codecs: Vorbis, Opus, FLAC, Speex, Theora (`mutagen.ogg*`).
