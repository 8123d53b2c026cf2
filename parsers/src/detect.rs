//! Format detection, scored as `mutagen.File` scores it.
//!
//! mutagen asks every file type it knows for a score computed from the path, the first 128
//! bytes and (for APEv2) the last 160 bytes, sorts by `(score, class name)` and opens the last
//! one if its score is positive. We score all 24 kinds mutagen 1.48.1 knows, so that a file is
//! given the same class even where the winner is a format this crate does not read yet.

/// Every file type `mutagen.File` considers, named as mutagen names its classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum Kind {
    /// `mutagen.aac.AAC`
    Aac,
    /// `mutagen.ac3.AC3`
    Ac3,
    /// `mutagen.aiff.AIFF`
    Aiff,
    /// `mutagen.apev2.APEv2File`
    ApeV2File,
    /// `mutagen.asf.ASF`
    Asf,
    /// `mutagen.dsdiff.DSDIFF`
    Dsdiff,
    /// `mutagen.dsf.DSF`
    Dsf,
    /// `mutagen.flac.FLAC`
    Flac,
    /// `mutagen.id3.ID3FileType`
    Id3FileType,
    /// `mutagen.monkeysaudio.MonkeysAudio`
    MonkeysAudio,
    /// `mutagen.mp3.MP3`
    Mp3,
    /// `mutagen.mp4.MP4`
    Mp4,
    /// `mutagen.musepack.Musepack`
    Musepack,
    /// `mutagen.oggflac.OggFLAC`
    OggFlac,
    /// `mutagen.oggopus.OggOpus`
    OggOpus,
    /// `mutagen.oggspeex.OggSpeex`
    OggSpeex,
    /// `mutagen.oggtheora.OggTheora`
    OggTheora,
    /// `mutagen.oggvorbis.OggVorbis`
    OggVorbis,
    /// `mutagen.optimfrog.OptimFROG`
    OptimFrog,
    /// `mutagen.smf.SMF`
    Smf,
    /// `mutagen.tak.TAK`
    Tak,
    /// `mutagen.trueaudio.TrueAudio`
    TrueAudio,
    /// `mutagen.wave.WAVE`
    Wave,
    /// `mutagen.wavpack.WavPack`
    WavPack,
}

impl Kind {
    /// The kind mutagen names `class_name`, if any.
    #[must_use]
    pub fn from_class_name(class_name: &str) -> Option<Kind> {
        ALL_KINDS
            .iter()
            .copied()
            .find(|k| k.class_name() == class_name)
    }
}

/// All kinds, in no particular order.
pub const ALL_KINDS: [Kind; 24] = [
    Kind::Aac,
    Kind::Ac3,
    Kind::Aiff,
    Kind::ApeV2File,
    Kind::Asf,
    Kind::Dsdiff,
    Kind::Dsf,
    Kind::Flac,
    Kind::Id3FileType,
    Kind::MonkeysAudio,
    Kind::Mp3,
    Kind::Mp4,
    Kind::Musepack,
    Kind::OggFlac,
    Kind::OggOpus,
    Kind::OggSpeex,
    Kind::OggTheora,
    Kind::OggVorbis,
    Kind::OptimFrog,
    Kind::Smf,
    Kind::Tak,
    Kind::TrueAudio,
    Kind::Wave,
    Kind::WavPack,
];

/// How many bytes of the start of a file the scores look at.
pub const HEADER_LEN: usize = 128;
/// How many bytes of the end of a file the APEv2 score looks at.
pub const TAIL_LEN: usize = 160;

const ASF_HEADER_GUID: [u8; 16] = [
    0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11, 0xA6, 0xD9, 0x00, 0xAA, 0x00, 0x62, 0xCE, 0x6C,
];

impl Kind {
    /// The class name mutagen gives this kind (also the tie-breaker between equal scores).
    #[must_use]
    pub fn class_name(self) -> &'static str {
        match self {
            Kind::Aac => "AAC",
            Kind::Ac3 => "AC3",
            Kind::Aiff => "AIFF",
            Kind::ApeV2File => "APEv2File",
            Kind::Asf => "ASF",
            Kind::Dsdiff => "DSDIFF",
            Kind::Dsf => "DSF",
            Kind::Flac => "FLAC",
            Kind::Id3FileType => "ID3FileType",
            Kind::MonkeysAudio => "MonkeysAudio",
            Kind::Mp3 => "MP3",
            Kind::Mp4 => "MP4",
            Kind::Musepack => "Musepack",
            Kind::OggFlac => "OggFLAC",
            Kind::OggOpus => "OggOpus",
            Kind::OggSpeex => "OggSpeex",
            Kind::OggTheora => "OggTheora",
            Kind::OggVorbis => "OggVorbis",
            Kind::OptimFrog => "OptimFROG",
            Kind::Smf => "SMF",
            Kind::Tak => "TAK",
            Kind::TrueAudio => "TrueAudio",
            Kind::Wave => "WAVE",
            Kind::WavPack => "WavPack",
        }
    }

    /// This kind's score for a file. `name` is the path as the caller gave it, `header` up
    /// to the first [`HEADER_LEN`] bytes, and `tail` up to the last [`TAIL_LEN`] bytes (`None`
    /// when they could not be read, which gives APEv2 a score of -1 as in mutagen).
    #[must_use]
    pub fn score(self, name: &str, header: &[u8], tail: Option<&[u8]>) -> i32 {
        self.score_lowered(name, &name.to_lowercase(), header, tail)
    }

    /// [`Kind::score`] with the lower-cased name already made (once for all kinds).
    fn score_lowered(self, name: &str, lower: &str, header: &[u8], tail: Option<&[u8]>) -> i32 {
        let ends = |s: &str| i32::from(lower.ends_with(s));
        let ends_exact = |s: &str| i32::from(name.ends_with(s));
        let starts = |s: &[u8]| i32::from(header.starts_with(s));
        let has = |s: &[u8]| i32::from(memchr::memmem::find(header, s).is_some());
        let ogg = starts(b"OggS");
        match self {
            Kind::Aac => i32::from(ends(".aac") + ends(".adts") + ends(".adif") > 0) + has(b"ADIF"),
            Kind::Ac3 => {
                starts(b"\x0b\x77") * 2 + i32::from(ends_exact(".ac3") + ends_exact(".eac3") > 0)
            }
            Kind::Aiff => starts(b"FORM") * 2 + ends(".aif") + ends(".aiff") + ends(".aifc"),
            Kind::ApeV2File => match tail {
                Some(t) => {
                    i32::from(memchr::memmem::find(t, b"APETAGEX").is_some()) - starts(b"ID3")
                }
                None => -1,
            },
            Kind::Asf => starts(&ASF_HEADER_GUID) * 2,
            Kind::Dsdiff => starts(b"FRM8") * 2 + ends_exact(".dff"),
            Kind::Dsf => starts(b"DSD ") * 2 + ends(".dsf"),
            Kind::Flac => starts(b"fLaC") + ends(".flac") * 3,
            Kind::Id3FileType => starts(b"ID3"),
            Kind::MonkeysAudio => starts(b"MAC ") + ends(".ape"),
            Kind::Mp3 => {
                let sync = [
                    &b"ID3"[..],
                    b"\xFF\xF2",
                    b"\xFF\xF3",
                    b"\xFF\xFA",
                    b"\xFF\xFB",
                ]
                .iter()
                .any(|p| header.starts_with(p));
                i32::from(sync) * 2 + ends(".mp3") + ends(".mp2") + ends(".mpg") + ends(".mpeg")
            }
            Kind::Mp4 => has(b"ftyp") + has(b"mp4"),
            Kind::Musepack => starts(b"MP+") + starts(b"MPCK") + ends(".mpc"),
            Kind::OggFlac => ogg * (has(b"FLAC") + has(b"fLaC")),
            Kind::OggOpus => ogg * has(b"OpusHead"),
            Kind::OggSpeex => ogg * has(b"Speex   "),
            Kind::OggTheora => ogg * (has(b"\x80theora") + has(b"\x81theora")) * 2,
            Kind::OggVorbis => ogg * has(b"\x01vorbis"),
            Kind::OptimFrog => starts(b"OFR") + ends(".ofr") + ends(".ofs"),
            Kind::Smf => i32::from(starts(b"MThd") == 1 && ends(".mid") + ends(".midi") > 0),
            Kind::Tak => starts(b"tBaK") + ends(".tak"),
            Kind::TrueAudio => starts(b"ID3") + starts(b"TTA") + ends(".tta") * 2,
            Kind::Wave => {
                starts(b"RIFF")
                    + i32::from(header.get(8..12) == Some(b"WAVE"))
                    + ends(".wav")
                    + ends(".wave")
            }
            Kind::WavPack => starts(b"wvpk") * 2,
        }
    }
}

/// The kind `mutagen.File` would open, or `None` where every score is zero or less.
#[must_use]
pub fn guess(name: &str, header: &[u8], tail: Option<&[u8]>) -> Option<Kind> {
    guess_among(&ALL_KINDS, name, header, tail)
}

/// [`guess`] restricted to some kinds, as `mutagen.File(path, options=[...])` does.
#[must_use]
pub fn guess_among(kinds: &[Kind], name: &str, header: &[u8], tail: Option<&[u8]>) -> Option<Kind> {
    let header = &header[..header.len().min(HEADER_LEN)];
    let lower = name.to_lowercase();
    kinds
        .iter()
        .map(|&k| {
            (
                k.score_lowered(name, &lower, header, tail),
                k.class_name(),
                k,
            )
        })
        .max_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)))
        .filter(|(score, _, _)| *score > 0)
        .map(|(_, _, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_by_score_then_name() {
        assert_eq!(guess("a.mp3", b"ID3\x04", Some(b"")), Some(Kind::Mp3));
        assert_eq!(guess("a.flac", b"fLaC", Some(b"")), Some(Kind::Flac));
        // ID3 header and no extension: MP3 scores 2, beating ID3FileType and TrueAudio (1).
        assert_eq!(guess("x", b"ID3", Some(b"")), Some(Kind::Mp3));
        assert_eq!(guess("x", b"\0\0\0\0", Some(b"")), None);
        assert_eq!(guess("x.m4a", b"\0\0\0\x20ftypM4A ", None), Some(Kind::Mp4));
        assert_eq!(
            guess("x.ogg", b"OggS\0\x02........\x01vorbis", None),
            Some(Kind::OggVorbis)
        );
        assert_eq!(guess("x.wav", b"RIFF\0\0\0\0WAVE", None), Some(Kind::Wave));
        assert_eq!(guess_among(&[Kind::Flac], "x.mp3", b"ID3", None), None);
        assert_eq!(
            guess_among(&[Kind::Flac, Kind::Mp3], "x.mp3", b"ID3", None),
            Some(Kind::Mp3)
        );
    }
}
