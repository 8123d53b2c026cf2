//! The frame table: every frame class mutagen knows, with the fields it reads in order.
//!
//! Each class has a [`Family`] (which of mutagen's base classes it behaves like: how it merges,
//! what its hash key is) and a list of [`Spec`]s, the field readers applied in order to the
//! frame body. The Python layer mirrors the same table of field names.

/// One field reader, as one of mutagen's `Spec` classes reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Spec {
    /// The text encoding byte (0..=3, anything else makes the frame junk).
    Encoding,
    /// One text string in the frame's encoding, NUL-terminated or running to the end.
    EncText,
    /// Text strings in the frame's encoding until the data ends.
    MultiText,
    /// Like `MultiText`, each value normalised as an ID3 time stamp.
    MultiTimeStamp,
    /// Pairs of text strings (involvement, person) until the data ends.
    MultiPeople,
    /// A Latin-1 string up to a NUL or the end.
    Latin1,
    /// A fixed-length ASCII string (shorter at the end of the data).
    FixedAscii(usize),
    /// A fixed-length ASCII frame ID (same reading as `FixedAscii`).
    FrameId(usize),
    /// One byte.
    Byte,
    /// One byte: an APIC picture type.
    PictureType,
    /// One byte: CTOC flags.
    CtocFlags,
    /// A big-endian unsigned integer of the given size (shorter at the end of the data).
    SizedInt(usize),
    /// The rest of the data as one big-endian unsigned integer.
    Int,
    /// The rest of the data as bytes (may be empty).
    Binary,
    /// SYLT: (text, time) pairs until the data ends.
    SyncText,
    /// ETCO: (type, time) events.
    KeyEvents,
    /// RVA2 gain: a signed 16-bit value / 512.
    VolAdjust,
    /// RVA2 peak.
    VolPeak,
    /// EQU2: (frequency, adjustment) pairs.
    VolAdjustments,
    /// ASPI index list (uses the frame's `N` and `b`).
    AspiIndex,
    /// RVAD/RVA adjustments; `true` for the two-channel v2.2 form.
    Rva(bool),
    /// Embedded frames (CHAP, CTOC).
    Frames,
    /// CTOC child element IDs: a count byte, then Latin-1 strings.
    Latin1List,
}

/// Which of mutagen's frame base classes a frame class derives from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Family {
    /// `TextFrame` and its plain subclasses.
    Text,
    /// `NumericTextFrame`.
    NumericText,
    /// `NumericPartTextFrame`.
    NumericPartText,
    /// `TimeStampTextFrame`.
    TimeStamp,
    /// `TCON`.
    Genre,
    /// `TXXX`.
    Txxx,
    /// `COMM`.
    Comm,
    /// `UrlFrame`.
    Url,
    /// `UrlFrameU` (hash key includes the URL).
    UrlU,
    /// `WXXX`.
    Wxxx,
    /// `PairedTextFrame` (TIPL, TMCL, IPLS).
    Paired,
    /// Any other frame: hash key and merging are per class.
    Other,
}

impl Family {
    /// Whether mutagen's class derives from `TextFrame` (merges values on duplicates).
    #[must_use]
    pub fn is_text(self) -> bool {
        matches!(
            self,
            Family::Text
                | Family::NumericText
                | Family::NumericPartText
                | Family::TimeStamp
                | Family::Genre
                | Family::Txxx
                | Family::Comm
        )
    }
}

/// One frame class.
#[derive(Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct FrameClass {
    /// The class name (the frame ID).
    pub id: &'static str,
    /// Its base behaviour.
    pub family: Family,
    /// Required fields.
    pub spec: &'static [Spec],
    /// Optional trailing fields.
    pub optional: &'static [Spec],
    /// For a v2.2 class: the ID3v2.3/2.4 class it upgrades to (`None` when it has none).
    pub upgrade: Option<&'static str>,
}

use Spec as S;

const TEXT: &[Spec] = &[S::Encoding, S::MultiText];
const TIMESTAMP: &[Spec] = &[S::Encoding, S::MultiTimeStamp];
const URL: &[Spec] = &[S::Latin1];
const TXXX: &[Spec] = &[S::Encoding, S::EncText, S::MultiText];
const WXXX: &[Spec] = &[S::Encoding, S::EncText, S::Latin1];
const PAIRED: &[Spec] = &[S::Encoding, S::MultiPeople];
const BINARY: &[Spec] = &[S::Binary];
const COMM: &[Spec] = &[S::Encoding, S::FixedAscii(3), S::EncText, S::MultiText];
const USLT: &[Spec] = &[S::Encoding, S::FixedAscii(3), S::EncText, S::EncText];
const SYLT: &[Spec] = &[
    S::Encoding,
    S::FixedAscii(3),
    S::Byte,
    S::Byte,
    S::EncText,
    S::SyncText,
];
const ETCO: &[Spec] = &[S::Byte, S::KeyEvents];
const MLLT: &[Spec] = &[
    S::SizedInt(2),
    S::SizedInt(3),
    S::SizedInt(3),
    S::Byte,
    S::Byte,
    S::Binary,
];
const SYTC: &[Spec] = &[S::Byte, S::Binary];
const RVA2: &[Spec] = &[S::Latin1, S::Byte, S::VolAdjust, S::VolPeak];
const EQU2: &[Spec] = &[S::Byte, S::Latin1, S::VolAdjustments];
const RVAD: &[Spec] = &[S::Rva(false)];
const RVA: &[Spec] = &[S::Rva(true)];
const RVRB: &[Spec] = &[
    S::SizedInt(2),
    S::SizedInt(2),
    S::Byte,
    S::Byte,
    S::Byte,
    S::Byte,
    S::Byte,
    S::Byte,
    S::Byte,
    S::Byte,
];
const APIC: &[Spec] = &[
    S::Encoding,
    S::Latin1,
    S::PictureType,
    S::EncText,
    S::Binary,
];
const PIC: &[Spec] = &[
    S::Encoding,
    S::FixedAscii(3),
    S::PictureType,
    S::EncText,
    S::Binary,
];
const INT: &[Spec] = &[S::Int];
const POPM: &[Spec] = &[S::Latin1, S::Byte];
const GEOB: &[Spec] = &[S::Encoding, S::Latin1, S::EncText, S::EncText, S::Binary];
const RBUF: &[Spec] = &[S::SizedInt(3)];
const RBUF_OPT: &[Spec] = &[S::Byte, S::SizedInt(4)];
const AENC: &[Spec] = &[S::Latin1, S::SizedInt(2), S::SizedInt(2), S::Binary];
const LINK: &[Spec] = &[S::FrameId(4), S::Latin1, S::Binary];
const LNK: &[Spec] = &[S::FrameId(3), S::Latin1, S::Binary];
const POSS: &[Spec] = &[S::Byte, S::Int];
const OWNER_DATA: &[Spec] = &[S::Latin1, S::Binary];
const USER: &[Spec] = &[S::Encoding, S::FixedAscii(3), S::EncText];
const OWNE: &[Spec] = &[S::Encoding, S::Latin1, S::FixedAscii(8), S::EncText];
const COMR: &[Spec] = &[
    S::Encoding,
    S::Latin1,
    S::FixedAscii(8),
    S::Latin1,
    S::Byte,
    S::EncText,
    S::EncText,
];
const COMR_OPT: &[Spec] = &[S::Latin1, S::Binary];
const OWNER_BYTE_DATA: &[Spec] = &[S::Latin1, S::Byte, S::Binary];
const SIGN: &[Spec] = &[S::Byte, S::Binary];
const ASPI: &[Spec] = &[
    S::SizedInt(4),
    S::SizedInt(4),
    S::SizedInt(2),
    S::Byte,
    S::AspiIndex,
];
const CHAP: &[Spec] = &[
    S::Latin1,
    S::SizedInt(4),
    S::SizedInt(4),
    S::SizedInt(4),
    S::SizedInt(4),
    S::Frames,
];
const CTOC: &[Spec] = &[S::Latin1, S::CtocFlags, S::Latin1List, S::Frames];
const CRM: &[Spec] = &[S::Latin1, S::Latin1, S::Binary];
const NONE: &[Spec] = &[];

const fn c(id: &'static str, family: Family, spec: &'static [Spec]) -> FrameClass {
    FrameClass {
        id,
        family,
        spec,
        optional: NONE,
        upgrade: None,
    }
}

const fn o(id: &'static str, spec: &'static [Spec], optional: &'static [Spec]) -> FrameClass {
    FrameClass {
        id,
        family: Family::Other,
        spec,
        optional,
        upgrade: None,
    }
}

const fn v22(
    id: &'static str,
    family: Family,
    spec: &'static [Spec],
    to: &'static str,
) -> FrameClass {
    FrameClass {
        id,
        family,
        spec,
        optional: NONE,
        upgrade: Some(to),
    }
}

use Family as F;

/// The ID3v2.3/2.4 frame classes (mutagen's `Frames`), sorted by ID.
pub static FRAMES: &[FrameClass] = FRAMES_TABLE;

/// [`FRAMES`]'s classes, as a constant the hash index is built from at compile time.
const FRAMES_TABLE: &[FrameClass] = &[
    c("AENC", F::Other, AENC),
    c("APIC", F::Other, APIC),
    c("ASPI", F::Other, ASPI),
    c("CHAP", F::Other, CHAP),
    c("COMM", F::Comm, COMM),
    o("COMR", COMR, COMR_OPT),
    c("CTOC", F::Other, CTOC),
    c("ENCR", F::Other, OWNER_BYTE_DATA),
    c("EQU2", F::Other, EQU2),
    c("ETCO", F::Other, ETCO),
    c("GEOB", F::Other, GEOB),
    c("GRID", F::Other, OWNER_BYTE_DATA),
    c("GRP1", F::Text, TEXT),
    c("IPLS", F::Paired, PAIRED),
    c("LINK", F::Other, LINK),
    c("MCDI", F::Other, BINARY),
    c("MLLT", F::Other, MLLT),
    c("MVIN", F::NumericPartText, TEXT),
    c("MVNM", F::Text, TEXT),
    c("OWNE", F::Other, OWNE),
    c("PCNT", F::Other, INT),
    c("PCST", F::Other, INT),
    o("POPM", POPM, INT),
    c("POSS", F::Other, POSS),
    c("PRIV", F::Other, OWNER_DATA),
    o("RBUF", RBUF, RBUF_OPT),
    c("RVA2", F::Other, RVA2),
    c("RVAD", F::Other, RVAD),
    c("RVRB", F::Other, RVRB),
    c("SEEK", F::Other, INT),
    c("SIGN", F::Other, SIGN),
    c("SYLT", F::Other, SYLT),
    c("SYTC", F::Other, SYTC),
    c("TALB", F::Text, TEXT),
    c("TBPM", F::NumericText, TEXT),
    c("TCAT", F::Text, TEXT),
    c("TCMP", F::NumericText, TEXT),
    c("TCOM", F::Text, TEXT),
    c("TCON", F::Genre, TEXT),
    c("TCOP", F::Text, TEXT),
    c("TDAT", F::Text, TEXT),
    c("TDEN", F::TimeStamp, TIMESTAMP),
    c("TDES", F::Text, TEXT),
    c("TDLY", F::NumericText, TEXT),
    c("TDOR", F::TimeStamp, TIMESTAMP),
    c("TDRC", F::TimeStamp, TIMESTAMP),
    c("TDRL", F::TimeStamp, TIMESTAMP),
    c("TDTG", F::TimeStamp, TIMESTAMP),
    c("TENC", F::Text, TEXT),
    c("TEXT", F::Text, TEXT),
    c("TFLT", F::Text, TEXT),
    c("TGID", F::Text, TEXT),
    c("TIME", F::Text, TEXT),
    c("TIPL", F::Paired, PAIRED),
    c("TIT1", F::Text, TEXT),
    c("TIT2", F::Text, TEXT),
    c("TIT3", F::Text, TEXT),
    c("TKEY", F::Text, TEXT),
    c("TKWD", F::Text, TEXT),
    c("TLAN", F::Text, TEXT),
    c("TLEN", F::NumericText, TEXT),
    c("TMCL", F::Paired, PAIRED),
    c("TMED", F::Text, TEXT),
    c("TMOO", F::Text, TEXT),
    c("TOAL", F::Text, TEXT),
    c("TOFN", F::Text, TEXT),
    c("TOLY", F::Text, TEXT),
    c("TOPE", F::Text, TEXT),
    c("TORY", F::NumericText, TEXT),
    c("TOWN", F::Text, TEXT),
    c("TPE1", F::Text, TEXT),
    c("TPE2", F::Text, TEXT),
    c("TPE3", F::Text, TEXT),
    c("TPE4", F::Text, TEXT),
    c("TPOS", F::NumericPartText, TEXT),
    c("TPRO", F::Text, TEXT),
    c("TPUB", F::Text, TEXT),
    c("TRCK", F::NumericPartText, TEXT),
    c("TRDA", F::Text, TEXT),
    c("TRSN", F::Text, TEXT),
    c("TRSO", F::Text, TEXT),
    c("TSIZ", F::NumericText, TEXT),
    c("TSO2", F::Text, TEXT),
    c("TSOA", F::Text, TEXT),
    c("TSOC", F::Text, TEXT),
    c("TSOP", F::Text, TEXT),
    c("TSOT", F::Text, TEXT),
    c("TSRC", F::Text, TEXT),
    c("TSSE", F::Text, TEXT),
    c("TSST", F::Text, TEXT),
    c("TXXX", F::Txxx, TXXX),
    c("TYER", F::NumericText, TEXT),
    c("UFID", F::Other, OWNER_DATA),
    c("USER", F::Other, USER),
    c("USLT", F::Other, USLT),
    c("WCOM", F::UrlU, URL),
    c("WCOP", F::Url, URL),
    c("WFED", F::Url, URL),
    c("WOAF", F::Url, URL),
    c("WOAR", F::UrlU, URL),
    c("WOAS", F::Url, URL),
    c("WORS", F::Url, URL),
    c("WPAY", F::Url, URL),
    c("WPUB", F::Url, URL),
    c("WXXX", F::Wxxx, WXXX),
];

/// The ID3v2.2 frame classes (mutagen's `Frames_2_2`), sorted by ID.
pub static FRAMES_2_2: &[FrameClass] = &[
    FrameClass {
        id: "BUF",
        family: F::Other,
        spec: RBUF,
        optional: RBUF_OPT,
        upgrade: Some("RBUF"),
    },
    v22("CNT", F::Other, INT, "PCNT"),
    v22("COM", F::Comm, COMM, "COMM"),
    v22("CRA", F::Other, AENC, "AENC"),
    FrameClass {
        id: "CRM",
        family: F::Other,
        spec: CRM,
        optional: NONE,
        upgrade: None,
    },
    v22("ETC", F::Other, ETCO, "ETCO"),
    v22("GEO", F::Other, GEOB, "GEOB"),
    v22("GP1", F::Text, TEXT, "GRP1"),
    v22("IPL", F::Paired, PAIRED, "IPLS"),
    v22("LNK", F::Other, LNK, "LINK"),
    v22("MCI", F::Other, BINARY, "MCDI"),
    v22("MLL", F::Other, MLLT, "MLLT"),
    v22("MVI", F::NumericPartText, TEXT, "MVIN"),
    v22("MVN", F::Text, TEXT, "MVNM"),
    v22("PIC", F::Other, PIC, "APIC"),
    FrameClass {
        id: "POP",
        family: F::Other,
        spec: POPM,
        optional: INT,
        upgrade: Some("POPM"),
    },
    v22("REV", F::Other, RVRB, "RVRB"),
    v22("RVA", F::Other, RVA, "RVAD"),
    v22("SLT", F::Other, SYLT, "SYLT"),
    v22("STC", F::Other, SYTC, "SYTC"),
    v22("TAL", F::Text, TEXT, "TALB"),
    v22("TBP", F::NumericText, TEXT, "TBPM"),
    v22("TCM", F::Text, TEXT, "TCOM"),
    v22("TCO", F::Genre, TEXT, "TCON"),
    v22("TCP", F::NumericText, TEXT, "TCMP"),
    v22("TCR", F::Text, TEXT, "TCOP"),
    v22("TDA", F::Text, TEXT, "TDAT"),
    v22("TDY", F::NumericText, TEXT, "TDLY"),
    v22("TEN", F::Text, TEXT, "TENC"),
    v22("TFT", F::Text, TEXT, "TFLT"),
    v22("TIM", F::Text, TEXT, "TIME"),
    v22("TKE", F::Text, TEXT, "TKEY"),
    v22("TLA", F::Text, TEXT, "TLAN"),
    v22("TLE", F::NumericText, TEXT, "TLEN"),
    v22("TMT", F::Text, TEXT, "TMED"),
    v22("TOA", F::Text, TEXT, "TOPE"),
    v22("TOF", F::Text, TEXT, "TOFN"),
    v22("TOL", F::Text, TEXT, "TOLY"),
    v22("TOR", F::NumericText, TEXT, "TORY"),
    v22("TOT", F::Text, TEXT, "TOAL"),
    v22("TP1", F::Text, TEXT, "TPE1"),
    v22("TP2", F::Text, TEXT, "TPE2"),
    v22("TP3", F::Text, TEXT, "TPE3"),
    v22("TP4", F::Text, TEXT, "TPE4"),
    v22("TPA", F::NumericPartText, TEXT, "TPOS"),
    v22("TPB", F::Text, TEXT, "TPUB"),
    v22("TRC", F::Text, TEXT, "TSRC"),
    v22("TRD", F::Text, TEXT, "TRDA"),
    v22("TRK", F::NumericPartText, TEXT, "TRCK"),
    v22("TS2", F::Text, TEXT, "TSO2"),
    v22("TSA", F::Text, TEXT, "TSOA"),
    v22("TSC", F::Text, TEXT, "TSOC"),
    v22("TSI", F::NumericText, TEXT, "TSIZ"),
    v22("TSP", F::Text, TEXT, "TSOP"),
    v22("TSS", F::Text, TEXT, "TSSE"),
    v22("TST", F::Text, TEXT, "TSOT"),
    v22("TT1", F::Text, TEXT, "TIT1"),
    v22("TT2", F::Text, TEXT, "TIT2"),
    v22("TT3", F::Text, TEXT, "TIT3"),
    v22("TXT", F::Text, TEXT, "TEXT"),
    v22("TXX", F::Txxx, TXXX, "TXXX"),
    v22("TYE", F::NumericText, TEXT, "TYER"),
    v22("UFI", F::Other, OWNER_DATA, "UFID"),
    v22("ULT", F::Other, USLT, "USLT"),
];

/// The remaining v2.2 classes (URL frames and WXX), kept apart to keep the table above sorted.
pub static FRAMES_2_2_URL: &[FrameClass] = &[
    v22("WAF", F::Url, URL, "WOAF"),
    v22("WAR", F::UrlU, URL, "WOAR"),
    v22("WAS", F::Url, URL, "WOAS"),
    v22("WCM", F::UrlU, URL, "WCOM"),
    v22("WCP", F::Url, URL, "WCOP"),
    v22("WPB", F::Url, URL, "WPUB"),
    v22("WXX", F::Wxxx, WXXX, "WXXX"),
];

/// The ID3v2.3/2.4 class named `id`.
#[must_use]
pub fn lookup(id: &[u8]) -> Option<&'static FrameClass> {
    let want = id_key(id)?;
    let mut slot = index_slot(want);
    // The index has more slots than the table has classes, so an empty slot ends every
    // probe sequence; the bound makes the loop's end plain regardless.
    for _ in 0..INDEX_SLOTS {
        let at = FRAMES_INDEX[slot];
        let class = FRAMES.get(usize::from(at))?;
        if class.id.as_bytes() == id {
            return Some(class);
        }
        slot = (slot + 1) & (INDEX_SLOTS - 1);
    }
    None
}

/// Slots of [`FRAMES_INDEX`]: a power of two, more than twice the classes of [`FRAMES`].
const INDEX_SLOTS: usize = 256;

/// The mark of an empty slot of [`FRAMES_INDEX`] (no class has this position).
const INDEX_EMPTY: u8 = u8::MAX;

/// An open-addressing hash index over [`FRAMES`], built at compile time: the slot of an ID
/// holds its class's position in the table, or the next slots do (linear probing). A frame
/// lookup costs one or two probes instead of a binary search's seven mispredictable steps.
static FRAMES_INDEX: [u8; INDEX_SLOTS] = build_index(FRAMES_TABLE);

/// An ID of 3 or 4 bytes as a big-endian integer (a 3-byte ID with a zero last byte).
const fn id_key(id: &[u8]) -> Option<u32> {
    match *id {
        [a, b, c] => Some(u32::from_be_bytes([a, b, c, 0])),
        [a, b, c, d] => Some(u32::from_be_bytes([a, b, c, d])),
        _ => None,
    }
}

/// The home slot of an ID key: the top bits of the key times an odd constant (a 32-bit prime
/// of xxHash; over this table's IDs its longest run of occupied slots is 5, against 9 for
/// the golden ratio's).
const fn index_slot(key: u32) -> usize {
    (key.wrapping_mul(0x27D4_EB2F) >> (32 - INDEX_SLOTS.trailing_zeros())) as usize
}

/// [`FRAMES_INDEX`] for `table`.
const fn build_index(table: &[FrameClass]) -> [u8; INDEX_SLOTS] {
    assert!(table.len() * 2 <= INDEX_SLOTS && table.len() < INDEX_EMPTY as usize);
    let mut index = [INDEX_EMPTY; INDEX_SLOTS];
    let mut i = 0;
    while i < table.len() {
        // Every ID is 3 or 4 bytes (a test finds every class through the index).
        let key = match id_key(table[i].id.as_bytes()) {
            Some(key) => key,
            None => 0,
        };
        let mut slot = index_slot(key);
        while index[slot] != INDEX_EMPTY {
            slot = (slot + 1) & (INDEX_SLOTS - 1);
        }
        index[slot] = i as u8;
        i += 1;
    }
    index
}

/// The class named `id` in a table sorted by ID (each table is; a test checks it).
fn find_sorted(table: &'static [FrameClass], id: &[u8]) -> Option<&'static FrameClass> {
    // IDs compared as big-endian integers keep the bytes' order, and no call to `memcmp` is
    // made per step.
    let want = id_key(id)?;
    table
        .binary_search_by_key(&want, |c| id_key(c.id.as_bytes()).unwrap_or(0))
        .ok()
        .and_then(|at| table.get(at))
        .filter(|c| c.id.as_bytes() == id)
}

/// The ID3v2.2 class named `id`.
#[must_use]
pub fn lookup_2_2(id: &[u8]) -> Option<&'static FrameClass> {
    find_sorted(FRAMES_2_2, id).or_else(|| find_sorted(FRAMES_2_2_URL, id))
}

/// The ID3v2.3/2.4 class with the given static name.
#[must_use]
pub fn by_name(id: &str) -> Option<&'static FrameClass> {
    lookup(id.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_v22_class_upgrades_to_a_known_class() {
        for c in FRAMES_2_2.iter().chain(FRAMES_2_2_URL.iter()) {
            if let Some(to) = c.upgrade {
                let target = by_name(to).expect("upgrade target exists");
                assert_eq!(c.family, target.family, "{}", c.id);
                assert_eq!(c.spec.len(), target.spec.len(), "{}", c.id);
                assert_eq!(c.optional, target.optional, "{}", c.id);
            }
        }
        assert!(lookup(b"TIT2").is_some());
        for table in [FRAMES, FRAMES_2_2, FRAMES_2_2_URL] {
            assert!(
                table.windows(2).all(|w| w[0].id < w[1].id),
                "frame tables must be sorted by ID for the binary search"
            );
            for class in table {
                assert!(std::ptr::eq(
                    find_sorted(table, class.id.as_bytes()).unwrap(),
                    class
                ));
            }
        }
        assert!(lookup_2_2(b"WAF").is_some());
        assert!(lookup_2_2(b"TT2").is_some());
        assert!(lookup_2_2(b"TT2\0").is_none());
        assert!(lookup(b"TIT").is_none());
        assert!(lookup(b"").is_none());
        assert!(lookup(b"XXXX").is_none());
    }

    #[test]
    fn the_hash_index_finds_every_class_in_a_few_probes() {
        for class in FRAMES {
            assert!(std::ptr::eq(lookup(class.id.as_bytes()).unwrap(), class));
            assert!(lookup(&class.id.as_bytes()[..3]).is_none_or(|c| c.id.len() == 3));
        }
        // The longest probe sequence: a run of occupied slots, wrapping around.
        let occupied: Vec<bool> = FRAMES_INDEX.iter().map(|&at| at != INDEX_EMPTY).collect();
        assert_eq!(occupied.iter().filter(|&&o| o).count(), FRAMES.len());
        let mut longest = 0;
        let mut run = 0;
        for &o in occupied.iter().chain(occupied.iter()) {
            run = if o { run + 1 } else { 0 };
            longest = longest.max(run);
        }
        assert!(longest <= 8, "a probe run of {longest} slots");
        // Every 4-byte ID of upper-case letters and digits that is not a class is not found.
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        for &a in b"ACEGIMOPRSTUW" {
            for &b in alphabet {
                for &c in alphabet {
                    for &d in b"0AEKMNOSTX" {
                        let id = [a, b, c, d];
                        let known = FRAMES.iter().any(|k| k.id.as_bytes() == id);
                        assert_eq!(
                            lookup(&id).is_some(),
                            known,
                            "{}",
                            String::from_utf8_lossy(&id)
                        );
                    }
                }
            }
        }
    }
}
