//! MPEG audio stream info: frame headers, Xing/Info, LAME and VBRI (`mutagen.mp3.MPEGInfo`).
