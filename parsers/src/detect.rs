//! Format detection, scored as `mutagen.File` scores it.
//!
//! mutagen asks every file type it knows for a score computed from the path, the first 128
//! bytes and (for APEv2) the last 160 bytes, sorts by `(score, class name)` and opens the last
//! one if its score is positive. We score all 24 kinds mutagen 1.48.1 knows, so that a file is
//! given the same class even where the winner is a format this crate does not read yet.

use std::borrow::Cow;

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
        let mut buf = [0u8; LOWER_TAIL];
        let lower = lowered_tail(name, &mut buf)
            .map_or_else(|| Cow::Owned(name.to_lowercase()), Cow::Borrowed);
        #[cfg(feature = "branchless")]
        {
            table::score(self, table::features(name, &lower, header, tail))
        }
        #[cfg(not(feature = "branchless"))]
        {
            fast::scores(name, &lower, header, tail)[self as usize]
        }
    }

    /// [`Kind::score`] with the lower-cased name already made (once for all kinds): the
    /// reference scorer, one branch per kind, written as mutagen's `score` methods read, and
    /// the oracle the tests hold the other scorers to. `lower` may be only the end of the
    /// lower-cased name (see [`lowered_tail`]): the scores look at no more of it than its
    /// last [`LOWER_TAIL`] bytes.
    #[cfg(test)]
    fn score_lowered(self, name: &str, lower: &str, header: &[u8], tail: Option<&[u8]>) -> i32 {
        let ends = |s: &str| i32::from(lower.ends_with(s));
        let ends_exact = |s: &str| i32::from(name.ends_with(s));
        let starts = |s: &[u8]| i32::from(header.starts_with(s));
        let has = |s: &[u8]| i32::from(crate::util::scan::contains_short(header, s));
        let ogg = starts(b"OggS");
        match self {
            Kind::Aac => i32::from(ends(".aac") + ends(".adts") + ends(".adif") > 0) + has(b"ADIF"),
            Kind::Ac3 => {
                starts(b"\x0b\x77") * 2 + i32::from(ends_exact(".ac3") + ends_exact(".eac3") > 0)
            }
            Kind::Aiff => starts(b"FORM") * 2 + ends(".aif") + ends(".aiff") + ends(".aifc"),
            Kind::ApeV2File => match tail {
                Some(t) => {
                    i32::from(crate::util::scan::contains_short(t, b"APETAGEX")) - starts(b"ID3")
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
            // The Ogg scores are zero without the page magic: the header is not searched then.
            Kind::OggFlac | Kind::OggOpus | Kind::OggSpeex | Kind::OggTheora | Kind::OggVorbis
                if ogg == 0 =>
            {
                0
            }
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
    let mut buf = [0u8; LOWER_TAIL];
    let lower =
        lowered_tail(name, &mut buf).map_or_else(|| Cow::Owned(name.to_lowercase()), Cow::Borrowed);
    #[cfg(feature = "branchless")]
    let features = table::features(name, &lower, header, tail);
    #[cfg(feature = "branchless")]
    let score = |k: Kind| table::score(k, features);
    #[cfg(not(feature = "branchless"))]
    let scores = fast::scores(name, &lower, header, tail);
    #[cfg(not(feature = "branchless"))]
    let score = |k: Kind| scores[k as usize];
    // The best of the positive scores is the best score when that one is positive: kinds
    // scoring zero or less are left out before the (score, class name) comparison.
    kinds
        .iter()
        .map(|&k| (score(k), k))
        .filter(|&(score, _)| score > 0)
        .max_by(|a, b| (a.0, a.1.class_name()).cmp(&(b.0, b.1.class_name())))
        .map(|(_, k)| k)
}

/// The default scorer: every kind's score at once, each test made once. The lower-cased
/// extension is matched once against every extension a score tests (a name ends with
/// `.mp3` exactly when the part after its last dot is `mp3`, since no tested extension
/// holds a dot), and the header's magic strings are each tested once.
#[cfg_attr(all(feature = "branchless", not(test)), allow(dead_code))]
mod fast {
    use super::{Kind, ASF_HEADER_GUID};
    use crate::util::scan::contains_short;

    /// The extensions the scores test, case-folded, grouped by the kind whose score they
    /// raise (a name has one extension, so each group counts 0 or 1).
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Ext {
        Other,
        Aac,
        Aiff,
        Dsf,
        Flac,
        Ape,
        Mp3,
        Mpc,
        Ofr,
        Mid,
        Tak,
        Tta,
        Wav,
    }

    /// What follows the last dot of `name`, if it has one.
    fn extension(name: &str) -> Option<&str> {
        name.rfind('.').map(|i| &name[i + 1..])
    }

    fn ext_group(lower: &str) -> Ext {
        match extension(lower) {
            Some("aac" | "adts" | "adif") => Ext::Aac,
            Some("aif" | "aiff" | "aifc") => Ext::Aiff,
            Some("dsf") => Ext::Dsf,
            Some("flac") => Ext::Flac,
            Some("ape") => Ext::Ape,
            Some("mp3" | "mp2" | "mpg" | "mpeg") => Ext::Mp3,
            Some("mpc") => Ext::Mpc,
            Some("ofr" | "ofs") => Ext::Ofr,
            Some("mid" | "midi") => Ext::Mid,
            Some("tak") => Ext::Tak,
            Some("tta") => Ext::Tta,
            Some("wav" | "wave") => Ext::Wav,
            _ => Ext::Other,
        }
    }

    /// Every kind's score, indexed by `Kind as usize`; the arguments are those of
    /// [`Kind::score_lowered`](super::Kind).
    pub(super) fn scores(name: &str, lower: &str, header: &[u8], tail: Option<&[u8]>) -> [i32; 24] {
        let ext = ext_group(lower);
        let is = |e: Ext| i32::from(ext == e);
        // Two extensions are tested on the name as given, not case-folded.
        let exact = extension(name);
        let starts = |m: &[u8]| i32::from(header.starts_with(m));
        let has = |m: &[u8]| i32::from(contains_short(header, m));
        let id3 = starts(b"ID3");
        let mut s = [0i32; 24];
        s[Kind::Aac as usize] = is(Ext::Aac) + has(b"ADIF");
        s[Kind::Ac3 as usize] =
            starts(b"\x0b\x77") * 2 + i32::from(matches!(exact, Some("ac3" | "eac3")));
        s[Kind::Aiff as usize] = starts(b"FORM") * 2 + is(Ext::Aiff);
        s[Kind::ApeV2File as usize] =
            tail.map_or(-1, |t| i32::from(contains_short(t, b"APETAGEX")) - id3);
        s[Kind::Asf as usize] = starts(&ASF_HEADER_GUID) * 2;
        s[Kind::Dsdiff as usize] = starts(b"FRM8") * 2 + i32::from(exact == Some("dff"));
        s[Kind::Dsf as usize] = starts(b"DSD ") * 2 + is(Ext::Dsf);
        s[Kind::Flac as usize] = starts(b"fLaC") + is(Ext::Flac) * 3;
        s[Kind::Id3FileType as usize] = id3;
        s[Kind::MonkeysAudio as usize] = starts(b"MAC ") + is(Ext::Ape);
        let sync = matches!(header, [0xFF, 0xF2 | 0xF3 | 0xFA | 0xFB, ..]);
        s[Kind::Mp3 as usize] = (id3 | i32::from(sync)) * 2 + is(Ext::Mp3);
        s[Kind::Mp4 as usize] = has(b"ftyp") + has(b"mp4");
        s[Kind::Musepack as usize] = starts(b"MP+") + starts(b"MPCK") + is(Ext::Mpc);
        if header.starts_with(b"OggS") {
            s[Kind::OggFlac as usize] = has(b"FLAC") + has(b"fLaC");
            s[Kind::OggOpus as usize] = has(b"OpusHead");
            s[Kind::OggSpeex as usize] = has(b"Speex   ");
            s[Kind::OggTheora as usize] = (has(b"\x80theora") + has(b"\x81theora")) * 2;
            s[Kind::OggVorbis as usize] = has(b"\x01vorbis");
        }
        s[Kind::OptimFrog as usize] = starts(b"OFR") + is(Ext::Ofr);
        s[Kind::Smf as usize] = starts(b"MThd") * is(Ext::Mid);
        s[Kind::Tak as usize] = starts(b"tBaK") + is(Ext::Tak);
        s[Kind::TrueAudio as usize] = id3 + starts(b"TTA") + is(Ext::Tta) * 2;
        s[Kind::Wave as usize] =
            starts(b"RIFF") + i32::from(header.get(8..12) == Some(b"WAVE")) + is(Ext::Wav);
        s[Kind::WavPack as usize] = starts(b"wvpk") * 2;
        s
    }
}

/// How many bytes of the end of the lower-cased name the scores may look at: more than the
/// longest extension any of them tests.
const LOWER_TAIL: usize = 16;

/// The last [`LOWER_TAIL`] bytes of `name` lower-cased (all of it when shorter), made in
/// `buf`, when those bytes are ASCII; `None` otherwise. ASCII characters lower-case to
/// themselves or their ASCII lower case whatever surrounds them, so this is the end of
/// `name.to_lowercase()` without building the whole of it.
fn lowered_tail<'b>(name: &str, buf: &'b mut [u8; LOWER_TAIL]) -> Option<&'b str> {
    let bytes = name.as_bytes();
    let tail = &bytes[bytes.len().saturating_sub(LOWER_TAIL)..];
    if !tail.is_ascii() {
        return None;
    }
    let out = &mut buf[..tail.len()];
    out.copy_from_slice(tail);
    out.make_ascii_lowercase();
    std::str::from_utf8(out).ok()
}

/// The scores as a table: every test any kind makes of the name, header or tail is made once
/// (one bit of a feature mask each), and each kind's score is a fixed sum of weighted terms
/// over that mask, computed without branches.
#[cfg_attr(all(not(feature = "branchless"), not(test)), allow(dead_code))]
mod table {
    use super::{Kind, ASF_HEADER_GUID};

    /// One feature: which test it is.
    #[derive(Clone, Copy)]
    enum Test {
        /// The lower-cased name ends with this.
        Ends(&'static str),
        /// The name as given ends with this.
        EndsExact(&'static str),
        /// The header starts with this.
        Starts(&'static [u8]),
        /// The header contains this.
        Has(&'static [u8]),
        /// The header's bytes 8..12 are `WAVE`.
        Wave,
        /// The tail was read and contains `APETAGEX`.
        ApeTag,
        /// The tail was read and the header starts with `ID3`.
        ApeId3,
        /// The tail could not be read.
        NoTail,
    }

    /// Every feature, bit `i` of the mask being `TESTS[i]`.
    const TESTS: [Test; 60] = [
        Test::Ends(".aac"),             // 0
        Test::Ends(".adts"),            // 1
        Test::Ends(".adif"),            // 2
        Test::Has(b"ADIF"),             // 3
        Test::Starts(b"\x0b\x77"),      // 4
        Test::EndsExact(".ac3"),        // 5
        Test::EndsExact(".eac3"),       // 6
        Test::Starts(b"FORM"),          // 7
        Test::Ends(".aif"),             // 8
        Test::Ends(".aiff"),            // 9
        Test::Ends(".aifc"),            // 10
        Test::ApeTag,                   // 11
        Test::ApeId3,                   // 12
        Test::NoTail,                   // 13
        Test::Starts(&ASF_HEADER_GUID), // 14
        Test::Starts(b"FRM8"),          // 15
        Test::EndsExact(".dff"),        // 16
        Test::Starts(b"DSD "),          // 17
        Test::Ends(".dsf"),             // 18
        Test::Starts(b"fLaC"),          // 19
        Test::Ends(".flac"),            // 20
        Test::Starts(b"ID3"),           // 21
        Test::Starts(b"MAC "),          // 22
        Test::Ends(".ape"),             // 23
        Test::Starts(b"\xFF\xF2"),      // 24
        Test::Starts(b"\xFF\xF3"),      // 25
        Test::Starts(b"\xFF\xFA"),      // 26
        Test::Starts(b"\xFF\xFB"),      // 27
        Test::Ends(".mp3"),             // 28
        Test::Ends(".mp2"),             // 29
        Test::Ends(".mpg"),             // 30
        Test::Ends(".mpeg"),            // 31
        Test::Has(b"ftyp"),             // 32
        Test::Has(b"mp4"),              // 33
        Test::Starts(b"MP+"),           // 34
        Test::Starts(b"MPCK"),          // 35
        Test::Ends(".mpc"),             // 36
        Test::Starts(b"OggS"),          // 37
        Test::Has(b"FLAC"),             // 38
        Test::Has(b"fLaC"),             // 39
        Test::Has(b"OpusHead"),         // 40
        Test::Has(b"Speex   "),         // 41
        Test::Has(b"\x80theora"),       // 42
        Test::Has(b"\x81theora"),       // 43
        Test::Has(b"\x01vorbis"),       // 44
        Test::Starts(b"OFR"),           // 45
        Test::Ends(".ofr"),             // 46
        Test::Ends(".ofs"),             // 47
        Test::Starts(b"MThd"),          // 48
        Test::Ends(".mid"),             // 49
        Test::Ends(".midi"),            // 50
        Test::Starts(b"tBaK"),          // 51
        Test::Ends(".tak"),             // 52
        Test::Starts(b"TTA"),           // 53
        Test::Ends(".tta"),             // 54
        Test::Starts(b"RIFF"),          // 55
        Test::Wave,                     // 56
        Test::Ends(".wav"),             // 57
        Test::Ends(".wave"),            // 58
        Test::Starts(b"wvpk"),          // 59
    ];

    /// The mask of the features at these bit positions.
    const fn bits(positions: &[u32]) -> u64 {
        let mut m = 0u64;
        let mut i = 0;
        while i < positions.len() {
            m |= 1 << positions[i];
            i += 1;
        }
        m
    }

    /// One term of a score: `weight * min(popcount(features & mask), cap)`; a cap of 1 makes
    /// the term "any of these", a cap of 64 "how many of these".
    #[derive(Clone, Copy)]
    struct Term {
        mask: u64,
        weight: i32,
        cap: u32,
    }

    const NONE: Term = Term {
        mask: 0,
        weight: 0,
        cap: 0,
    };

    const fn count(positions: &[u32], weight: i32) -> Term {
        Term {
            mask: bits(positions),
            weight,
            cap: 64,
        }
    }

    const fn any(positions: &[u32], weight: i32) -> Term {
        Term {
            mask: bits(positions),
            weight,
            cap: 1,
        }
    }

    /// A kind's score: the sum of its terms, times 1 when every feature of `gate` is present
    /// (0 otherwise).
    #[derive(Clone, Copy)]
    struct Rule {
        gate: u64,
        terms: [Term; 3],
    }

    const fn rule(terms: [Term; 3]) -> Rule {
        Rule { gate: 0, terms }
    }

    const fn gated(gate: &[u32], terms: [Term; 3]) -> Rule {
        Rule {
            gate: bits(gate),
            terms,
        }
    }

    /// The rules in the order of [`Kind`]'s variants.
    const RULES: [Rule; 24] = [
        // AAC
        rule([any(&[0, 1, 2], 1), count(&[3], 1), NONE]),
        // AC3
        rule([count(&[4], 2), any(&[5, 6], 1), NONE]),
        // AIFF
        rule([count(&[7], 2), count(&[8, 9, 10], 1), NONE]),
        // APEv2File
        rule([count(&[11], 1), count(&[12], -1), count(&[13], -1)]),
        // ASF
        rule([count(&[14], 2), NONE, NONE]),
        // DSDIFF
        rule([count(&[15], 2), count(&[16], 1), NONE]),
        // DSF
        rule([count(&[17], 2), count(&[18], 1), NONE]),
        // FLAC
        rule([count(&[19], 1), count(&[20], 3), NONE]),
        // ID3FileType
        rule([count(&[21], 1), NONE, NONE]),
        // MonkeysAudio
        rule([count(&[22, 23], 1), NONE, NONE]),
        // MP3
        rule([
            any(&[21, 24, 25, 26, 27], 2),
            count(&[28, 29, 30, 31], 1),
            NONE,
        ]),
        // MP4
        rule([count(&[32, 33], 1), NONE, NONE]),
        // Musepack
        rule([count(&[34, 35, 36], 1), NONE, NONE]),
        // OggFLAC
        gated(&[37], [count(&[38, 39], 1), NONE, NONE]),
        // OggOpus
        gated(&[37], [count(&[40], 1), NONE, NONE]),
        // OggSpeex
        gated(&[37], [count(&[41], 1), NONE, NONE]),
        // OggTheora
        gated(&[37], [count(&[42, 43], 2), NONE, NONE]),
        // OggVorbis
        gated(&[37], [count(&[44], 1), NONE, NONE]),
        // OptimFROG
        rule([count(&[45, 46, 47], 1), NONE, NONE]),
        // SMF
        gated(&[48], [any(&[49, 50], 1), NONE, NONE]),
        // TAK
        rule([count(&[51, 52], 1), NONE, NONE]),
        // TrueAudio
        rule([count(&[21, 53], 1), count(&[54], 2), NONE]),
        // WAVE
        rule([count(&[55, 56, 57, 58], 1), NONE, NONE]),
        // WavPack
        rule([count(&[59], 2), NONE, NONE]),
    ];

    /// The feature mask of a file: bit `i` set when `TESTS[i]` holds.
    pub(super) fn features(name: &str, lower: &str, header: &[u8], tail: Option<&[u8]>) -> u64 {
        let mut mask = 0u64;
        for (i, test) in TESTS.iter().enumerate() {
            let hit = match *test {
                Test::Ends(s) => lower.ends_with(s),
                Test::EndsExact(s) => name.ends_with(s),
                Test::Starts(s) => header.starts_with(s),
                Test::Has(s) => crate::util::scan::contains_short(header, s),
                Test::Wave => header.get(8..12) == Some(b"WAVE"),
                Test::ApeTag => {
                    tail.is_some_and(|t| crate::util::scan::contains_short(t, b"APETAGEX"))
                }
                Test::ApeId3 => tail.is_some() && header.starts_with(b"ID3"),
                Test::NoTail => tail.is_none(),
            };
            mask |= u64::from(hit) << i;
        }
        mask
    }

    /// A kind's score from a feature mask.
    pub(super) fn score(kind: Kind, features: u64) -> i32 {
        let rule = &RULES[kind as usize];
        let sum: i32 = rule
            .terms
            .iter()
            .map(|t| t.weight * (features & t.mask).count_ones().min(t.cap) as i32)
            .sum();
        sum * i32::from(features & rule.gate == rule.gate)
    }
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

    /// The lower-cased end of a name scores as the whole lower-cased name does, for ASCII
    /// ends after non-ASCII starts (final sigma, characters whose lower case is longer).
    #[test]
    fn lowered_tail_scores_as_the_whole_name() {
        let mut names = Vec::new();
        for start in [
            "",
            "x",
            "ΣΑΣ",
            "dir/İstanbul ",
            "KELVIN\u{212A}",
            "a".repeat(40).as_str(),
        ] {
            for ext in [
                ".MP3",
                ".flac",
                ".Ogg",
                ".mpeg",
                ".AIFF",
                ".m4a",
                "Σ.mp3",
                ".mp\u{212A}",
            ] {
                names.push(format!("{start}{ext}"));
            }
        }
        for name in &names {
            let mut buf = [0u8; LOWER_TAIL];
            let full = name.to_lowercase();
            if let Some(tail) = lowered_tail(name, &mut buf) {
                assert!(full.ends_with(tail), "{name:?}");
            }
            for header in [&b"ID3"[..], b"fLaC", b"OggS\x01vorbis", b"\0\0\0 ftypM4A "] {
                for kind in ALL_KINDS {
                    assert_eq!(
                        kind.score(name, header, None),
                        kind.score_lowered(name, &full, header, None),
                        "{kind:?} {name:?}"
                    );
                }
                let want = ALL_KINDS
                    .iter()
                    .map(|&k| {
                        (
                            k.score_lowered(name, &full, header, None),
                            k.class_name(),
                            k,
                        )
                    })
                    .max_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)))
                    .filter(|(score, _, _)| *score > 0)
                    .map(|(_, _, k)| k);
                assert_eq!(guess(name, header, None), want, "{name:?}");
            }
        }
    }

    /// Both scorers on one input, for every kind and for names with and without each
    /// extension any score looks at.
    fn compare(header: &[u8], tail: Option<&[u8]>, file_name: &str) {
        let header = &header[..header.len().min(HEADER_LEN)];
        let mut names = vec![file_name.to_owned(), String::new(), "x".to_owned()];
        for ext in [
            ".aac", ".ADTS", ".adif", ".ac3", ".AC3", ".eac3", ".aif", ".aiff", ".AIFC", ".dff",
            ".DFF", ".dsf", ".flac", ".ape", ".mp3", ".MP2", ".mpg", ".mpeg", ".mpc", ".ofr",
            ".ofs", ".mid", ".MIDI", ".tak", ".tta", ".wav", ".Wave", ".ogg", ".m4a",
        ] {
            names.push(format!("dir/file{ext}"));
        }
        // Extensions among other dots, alone, or in a directory's name.
        for name in [
            ".mp3",
            "a.mp3.flac",
            "a.flac.mp3",
            "dir.flac/x",
            "x.",
            ".",
            "a..tta",
            "x.EAC3",
        ] {
            names.push(name.to_owned());
        }
        for name in &names {
            let lower = name.to_lowercase();
            let features = table::features(name, &lower, header, tail);
            let scores = fast::scores(name, &lower, header, tail);
            for kind in ALL_KINDS {
                let want = kind.score_lowered(name, &lower, header, tail);
                let table = table::score(kind, features);
                assert_eq!(
                    want, table,
                    "table: {kind:?} {name:?} {header:02x?} {tail:?}"
                );
                let fast = scores[kind as usize];
                assert_eq!(want, fast, "fast: {kind:?} {name:?} {header:02x?} {tail:?}");
            }
            let best = ALL_KINDS
                .iter()
                .map(|&k| {
                    (
                        k.score_lowered(name, &lower, header, tail),
                        k.class_name(),
                        k,
                    )
                })
                .filter(|(score, _, _)| *score > 0)
                .max_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)))
                .map(|(_, _, k)| k);
            assert_eq!(
                guess(name, header, tail),
                best,
                "{name:?} {header:02x?} {tail:?}"
            );
        }
    }

    /// The header and tail `mutagen.File` would score for the bytes of a file.
    fn compare_file(data: &[u8], name: &str) {
        let tail = &data[data.len().saturating_sub(TAIL_LEN)..];
        compare(data, Some(tail), name);
        compare(data, None, name);
    }

    /// The table scorer and the default one give every kind the score of the reference scorer,
    /// and `guess` its pick, on the real files and mutagen's test data (where present), and on
    /// random and prefix-built headers.
    #[test]
    fn table_scores_match_reference_scores() {
        let files = crate::testfiles::sample_files();
        for path in &files {
            let Ok(data) = std::fs::read(path) else {
                continue;
            };
            let name = path.to_string_lossy();
            compare_file(&data, &name);
        }
        // Headers made of the magic strings the scores look for, in every pair, and random
        // bytes around them.
        let magics: [&[u8]; 22] = [
            b"ID3",
            b"\xFF\xFB",
            b"\xFF\xF2",
            b"\xFF\xF3",
            b"\xFF\xFA",
            b"OggS",
            b"fLaC",
            b"FLAC",
            b"OpusHead",
            b"Speex   ",
            b"\x80theora",
            b"\x81theora",
            b"\x01vorbis",
            b"ftyp",
            b"mp4",
            b"RIFF\0\0\0\0WAVE",
            b"MThd",
            b"FORM",
            b"ADIF",
            b"APETAGEX",
            b"\x0b\x77",
            b"wvpk",
        ];
        for a in magics {
            for b in magics {
                let header = [a, b].concat();
                compare(&header, Some(b), "");
                compare(&header, Some(a), "x.mid");
                compare(&header, None, "x.tta");
            }
            compare(&ASF_HEADER_GUID, Some(a), "y.wma");
        }
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        };
        let rounds = if cfg!(miri) { 5 } else { 2000 };
        for _ in 0..rounds {
            let len = (next() % 140) as usize;
            let mut header: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            let magic = magics[(next() % magics.len() as u64) as usize];
            let at = (next() % 12) as usize;
            if at + magic.len() <= header.len() {
                header[at..at + magic.len()].copy_from_slice(magic);
            } else if next() % 2 == 0 {
                header.splice(0..0, magic.iter().copied());
            }
            compare_file(&header, "r.bin");
        }
    }
}
