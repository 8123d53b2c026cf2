//! The one error type of the parser core.
//!
//! Most messages are `&'static str`. Where mutagen's message holds values from the input (a
//! size, the bytes found, a version) the error carries an owned [`Detail`], built only on the
//! error path; where it names the file, the detail says where the name goes and the caller, who
//! knows the name, adds it. Every error carries an [`ErrorKind`] naming the exception class
//! Python mutagen raises for the same input; the Python binding maps kinds to classes one to
//! one.

use std::fmt;

/// Which of mutagen's exceptions a failure corresponds to.
///
/// The parser core knows nothing of Python; this is only a name for the class of failure,
/// chosen so that the binding can raise exactly what mutagen raises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Generic failure with no more specific mutagen class (`MutagenError`).
    Generic,
    /// `mutagen.mp3.HeaderNotFoundError`: no MPEG frame could be synced to.
    Mp3HeaderNotFound,
    /// `mutagen.mp3.InvalidMPEGHeader` (unused by readers but kept for completeness).
    Mp3InvalidHeader,
    /// `mutagen.id3.ID3NoHeaderError`: the file has no ID3v2 header.
    Id3NoHeader,
    /// `mutagen.id3.ID3UnsupportedVersionError`.
    Id3UnsupportedVersion,
    /// `mutagen.id3.ID3EncryptionUnsupportedError`.
    Id3EncryptionUnsupported,
    /// `mutagen.id3.ID3JunkFrameError`.
    Id3JunkFrame,
    /// `mutagen.id3.ID3BadUnsynchData`.
    Id3BadUnsynchData,
    /// `mutagen.id3.ID3BadCompressedData`.
    Id3BadCompressedData,
    /// `mutagen.id3.ID3TagError`.
    Id3Tag,
    /// `mutagen.id3.error` (the ID3 module's base error).
    Id3,
    /// `mutagen.flac.FLACNoHeaderError`.
    FlacNoHeader,
    /// `mutagen.flac.FLACVorbisError`.
    FlacVorbis,
    /// `mutagen.flac.error` (the FLAC module's base error).
    Flac,
    /// `mutagen.ogg.error`.
    Ogg,
    /// `mutagen.oggvorbis.OggVorbisHeaderError`.
    OggVorbisHeader,
    /// `mutagen.oggopus.OggOpusHeaderError`.
    OggOpusHeader,
    /// `mutagen.oggflac.OggFLACHeaderError`.
    OggFlacHeader,
    /// `mutagen.oggspeex.OggSpeexHeaderError`.
    OggSpeexHeader,
    /// `mutagen.oggtheora.OggTheoraHeaderError`.
    OggTheoraHeader,
    /// `mutagen._vorbis.error`: a broken Vorbis comment block.
    VorbisComment,
    /// `mutagen._vorbis.VorbisUnsetFrameError`: the framing bit after the comments is unset.
    VorbisUnsetFrame,
    /// `mutagen._vorbis.VorbisEncodingError`: under strict text handling, a comment without `=`
    /// or with a non-ASCII key.
    VorbisEncoding,
    /// Python's `UnicodeDecodeError`: under strict text handling, a comment string that is not
    /// UTF-8. The message is the one Python gives; the binding raises the built-in class.
    UnicodeDecode,
    /// Python's `IndexError`, which mutagen lets escape for some malformed files. The binding
    /// raises a class of that name that is also a `MutagenError`.
    BuiltinIndexError,
    /// Python's `ValueError`, as [`ErrorKind::BuiltinIndexError`].
    BuiltinValueError,
    /// Python's `struct.error`, as [`ErrorKind::BuiltinIndexError`].
    BuiltinStructError,
    /// Python's `ZeroDivisionError`, as [`ErrorKind::BuiltinIndexError`].
    BuiltinZeroDivisionError,
    /// Python's `RecursionError` (structures nested too deeply), as
    /// [`ErrorKind::BuiltinIndexError`].
    BuiltinRecursionError,
    /// `mutagen.mp4.MP4MetadataError`.
    Mp4Metadata,
    /// `mutagen.mp4.MP4StreamInfoError`.
    Mp4StreamInfo,
    /// `mutagen.mp4.MP4NoTrackError`.
    Mp4NoTrack,
    /// `mutagen.mp4.error` (the MP4 module's base error).
    Mp4,
    /// Python's `OverflowError` (a read of more than `sys.maxsize` bytes), as
    /// [`ErrorKind::BuiltinIndexError`].
    BuiltinOverflowError,
    /// `mutagen._iff.error`: a container chunk's name is not ASCII.
    Iff,
    /// `mutagen._iff.InvalidChunk`.
    IffInvalidChunk,
    /// `mutagen._iff.EmptyChunk`.
    IffEmptyChunk,
    /// `mutagen.aiff.error`.
    Aiff,
    /// `mutagen.wave.error`.
    Wave,
    /// `mutagen.dsf.error`.
    Dsf,
    /// `mutagen.dsdiff.error`.
    Dsdiff,
    /// `mutagen.ac3.AC3Error`.
    Ac3,
    /// `mutagen.aac.AACError`.
    Aac,
    /// `mutagen.smf.SMFError`.
    Smf,
    /// `mutagen.apev2.error` (the APEv2 module's base error, and that of the formats it tags).
    ApeV2,
    /// `mutagen.apev2.APENoHeaderError`.
    ApeNoHeader,
    /// `mutagen.apev2.APEBadItemError`.
    ApeBadItem,
    /// `mutagen.wavpack.WavPackHeaderError`.
    WavPackHeader,
    /// `mutagen.monkeysaudio.MonkeysAudioHeaderError`.
    MonkeysAudioHeader,
    /// `mutagen.musepack.MusepackHeaderError`.
    MusepackHeader,
    /// `mutagen.tak.TAKHeaderError`.
    TakHeader,
    /// `mutagen.optimfrog.OptimFROGHeaderError`.
    OptimFrogHeader,
    /// `mutagen.trueaudio.TrueAudioHeaderError`.
    TrueAudioHeader,
    /// `mutagen.asf.ASFHeaderError`: the ASF header is missing, truncated or has bad sizes.
    AsfHeader,
    /// `mutagen.asf.ASFError`: an ASF object or attribute is invalid.
    Asf,
    /// Python's `KeyError` (mutagen's ASF reader on an unknown attribute type), as
    /// [`ErrorKind::BuiltinIndexError`].
    BuiltinKeyError,
    /// Python's `UnicodeDecodeError` (mutagen's ASF reader on an attribute name or content
    /// description that is no UTF-16), as [`ErrorKind::BuiltinIndexError`].
    BuiltinUnicodeDecodeError,
    /// Python's `NotImplementedError` (mutagen's ASF reader on a header object inside the
    /// header), as [`ErrorKind::BuiltinIndexError`].
    BuiltinNotImplementedError,
}

/// An error from the parser core.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Reading the file failed.
    Io(std::io::Error),
    /// The bytes are not what the format allows, or not the format at all.
    Malformed(ErrorKind, &'static str),
    /// A size or count read from the file was refused as hostile (larger than what remains of
    /// the file, or than a documented cap) before anything was allocated for it.
    Limit(ErrorKind, &'static str),
    /// As [`Error::Malformed`] or [`Error::Limit`], with a message that depends on the input.
    Detailed(ErrorKind, Box<Detail>),
}

/// Where the file's name goes in a [`Detail`] message, as mutagen formats it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileName {
    /// The message does not name the file.
    None,
    /// The `repr()` of the name, a space, then the text (mutagen's `"%r ..." % name`).
    Repr,
    /// The name as it is, `": "`, then the text (mutagen's `"%s: ..." % name`).
    Str,
}

/// The message of an [`Error::Detailed`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Detail {
    /// The text of the message, without the file's name.
    pub text: Box<str>,
    /// Whether the file's name comes before [`Detail::text`], and how.
    pub file_name: FileName,
    /// Whether the error refused a hostile size (as [`Error::Limit`]).
    pub limit: bool,
}

impl Error {
    /// The mutagen exception class this error corresponds to. I/O errors report
    /// [`ErrorKind::Generic`]; bindings should treat them as OS errors.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Io(_) => ErrorKind::Generic,
            Error::Malformed(kind, _) | Error::Limit(kind, _) | Error::Detailed(kind, _) => *kind,
        }
    }

    /// An error whose message depends on the input (`text`, built on the error path).
    #[cold]
    #[must_use]
    pub fn detailed(kind: ErrorKind, text: impl Into<Box<str>>) -> Self {
        Error::with_detail(kind, text, FileName::None, false)
    }

    /// As [`Error::detailed`], for a size refused as hostile.
    #[cold]
    #[must_use]
    pub fn detailed_limit(kind: ErrorKind, text: impl Into<Box<str>>) -> Self {
        Error::with_detail(kind, text, FileName::None, true)
    }

    /// An error whose message names the file, as `file_name` says, before `text`.
    #[cold]
    #[must_use]
    pub fn naming_file(kind: ErrorKind, file_name: FileName, text: impl Into<Box<str>>) -> Self {
        Error::with_detail(kind, text, file_name, false)
    }

    fn with_detail(
        kind: ErrorKind,
        text: impl Into<Box<str>>,
        file_name: FileName,
        limit: bool,
    ) -> Self {
        Error::Detailed(
            kind,
            Box::new(Detail {
                text: text.into(),
                file_name,
                limit,
            }),
        )
    }

    /// The message without the file's name: the static text, or the detail's text. Empty for
    /// I/O errors.
    #[must_use]
    pub fn message(&self) -> &str {
        match self {
            Error::Io(_) => "",
            Error::Malformed(_, msg) | Error::Limit(_, msg) => msg,
            Error::Detailed(_, detail) => &detail.text,
        }
    }

    /// Where the file's name goes in the message ([`FileName::None`] for most errors).
    #[must_use]
    pub fn file_name(&self) -> FileName {
        match self {
            Error::Detailed(_, detail) => detail.file_name,
            _ => FileName::None,
        }
    }

    /// Whether a size read from the file was refused as hostile.
    #[must_use]
    pub fn is_limit(&self) -> bool {
        match self {
            Error::Limit(..) => true,
            Error::Detailed(_, detail) => detail.limit,
            _ => false,
        }
    }

    /// The same error with another kind; I/O errors are left alone.
    #[must_use]
    pub fn with_kind(self, kind: ErrorKind) -> Self {
        match self {
            Error::Malformed(_, msg) => Error::Malformed(kind, msg),
            Error::Limit(_, msg) => Error::Limit(kind, msg),
            Error::Detailed(_, detail) => Error::Detailed(kind, detail),
            io @ Error::Io(_) => io,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io(e) => write!(f, "I/O error: {e}"),
            Error::Malformed(_, msg) => f.write_str(msg),
            Error::Limit(_, msg) => write!(f, "refused as hostile: {msg}"),
            Error::Detailed(_, detail) => {
                if detail.limit {
                    f.write_str("refused as hostile: ")?;
                }
                match detail.file_name {
                    FileName::None => {}
                    FileName::Repr => f.write_str("the file ")?,
                    FileName::Str => f.write_str("the file: ")?,
                }
                f.write_str(&detail.text)
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}

/// The documented caps on what one read may spend.
///
/// What a read costs is otherwise bounded by the bytes it reads: values are only built from
/// bytes that are there, and loops over file data consume at least one byte (usually a header)
/// per pass. Each cap applies where mutagen's own cost grows without bound on hostile input (minutes of work,
/// or lists of hundreds of millions of entries) and sits far above what real files hold: the
/// largest figure over mutagen's test data, `corpus/real` and the generated corpus is given with
/// each. Past a cap the read fails with [`Error::Limit`], of the kind mutagen raises for the
/// format, and the message names the cap. (With the `lazy` feature, ID3 frames and MP4 items
/// are decoded on first access, where nothing can fail any more: a frame or item past the caps
/// on values, same-key pictures or inflated bytes is dropped there instead.)
pub mod limits {
    /// The most values one tag may hold: ID3 text values, people pairs, synchronised lyrics,
    /// event timings and ASPI indexes of all frames of a tag together; the comments of one
    /// Vorbis comment block; the seek points of a FLAC seek table; the data values of all
    /// items of an MP4 tag; the attributes of an ASF file. (Largest real figures: 28 ID3
    /// values, 30 Vorbis comments, 28 seek points, 29 MP4 values, 45 ASF attributes.)
    pub const MAX_VALUES: usize = 1 << 18;
    /// The message of [`MAX_VALUES`].
    pub const MSG_VALUES: &str = "limit: more than 262144 values in one tag";

    /// The most frames one ID3 tag may hold, embedded frames of CHAP and CTOC included.
    /// (Largest real figure: 28.)
    pub const MAX_FRAMES: usize = 1 << 15;
    /// The message of [`MAX_FRAMES`].
    pub const MSG_FRAMES: &str = "limit: more than 32768 frames in one ID3 tag";

    /// The most ID3 pictures that may share one key: mutagen gives each clash a key one
    /// character longer than the last, so `n` of them cost `n * n / 2` bytes of keys.
    /// (Largest real figure: 1.)
    pub const MAX_SAME_KEY: usize = 1 << 10;
    /// The message of [`MAX_SAME_KEY`].
    pub const MSG_SAME_KEY: &str = "limit: more than 1024 ID3 pictures with one key";

    /// The most bytes the compressed frames of one ID3 tag may inflate to, beyond the size of
    /// the tag itself. (No file of the test data or the corpora has a compressed frame; real
    /// ones hold text or small pictures, which do not inflate to more than their tag.)
    pub const MAX_DECODED_EXTRA: u64 = 8 << 20;
    /// The message of [`MAX_DECODED_EXTRA`].
    pub const MSG_DECODED: &str =
        "limit: compressed ID3 frames inflate to more than the tag's size plus 8 MiB";

    /// The most metadata blocks one FLAC file may have. (Largest real figure: 8.)
    pub const MAX_BLOCKS: usize = 1 << 12;
    /// The message of [`MAX_BLOCKS`].
    pub const MSG_BLOCKS: &str = "limit: more than 4096 FLAC metadata blocks";

    /// The most atoms one walk over an MP4 file may visit, `ilst` items included (the `data`
    /// atoms inside an item count as values). (Largest real figure: 54.)
    pub const MAX_ATOMS: usize = 1 << 18;
    /// The message of [`MAX_ATOMS`].
    pub const MSG_ATOMS: &str = "limit: more than 262144 MP4 atoms";

    /// The most Ogg pages one read may walk to find the header packets (the search for the
    /// last page, which holds one page at a time, is not counted). (Largest real figure: 56
    /// pages in a whole file.)
    pub const MAX_PAGES: u64 = 1 << 18;
    /// The message of [`MAX_PAGES`].
    pub const MSG_PAGES: &str = "limit: more than 262144 Ogg pages before the headers end";

    /// The most chunks one IFF container (AIFF `FORM`, RIFF `RIFF`/`LIST`, DSDIFF `FRM8`,
    /// `PROP`, `DST`) may list. (Largest real figure: 4 in a WAVE or AIFF file, a DST
    /// container aside: its frames are chunks, one per 1/75 s, so this allows some 14
    /// minutes of DST audio.)
    pub const MAX_CHUNKS: usize = 1 << 16;
    /// The most tempo changes one Standard MIDI file may hold, all tracks together. (Largest
    /// real figure: 1.)
    pub const MAX_SMF_TEMPOS: usize = 1 << 18;
    /// The message of [`MAX_SMF_TEMPOS`].
    pub const MSG_SMF_TEMPOS: &str = "limit: more than 262144 tempo changes in one MIDI file";
    /// The message of the one cap on a value rather than a count: a MIDI track's time (its
    /// delta times summed, each a variable-length number) past 2**128 ticks, which no real
    /// file comes near (mutagen's arithmetic has no bound there).
    pub const MSG_SMF_TIME: &str = "limit: a MIDI track time past 2**128 ticks";

    /// The message of [`MAX_CHUNKS`].
    pub const MSG_CHUNKS: &str = "limit: more than 65536 chunks in one IFF container";

    /// The most items one APEv2 tag may hold (counted as read, duplicates included). (Largest
    /// real figure: 9.)
    pub const MAX_APE_ITEMS: usize = 1 << 16;
    /// The message of [`MAX_APE_ITEMS`].
    pub const MSG_APE_ITEMS: &str = "limit: more than 65536 items in one APEv2 tag";

    /// The most bytes the items of one APEv2 tag may take. (Largest real figure: under 1 KiB.)
    pub const MAX_APE_TAG_SIZE: u64 = 256 << 20;
    /// The message of [`MAX_APE_TAG_SIZE`].
    pub const MSG_APE_TAG_SIZE: &str = "limit: an APEv2 tag of more than 256 MiB";

    /// The most WavPack blocks one read may walk to count the samples of a stream whose first
    /// block does not give the total. (Largest real figure: 2.)
    pub const MAX_WAVPACK_BLOCKS: usize = 1 << 20;
    /// The message of [`MAX_WAVPACK_BLOCKS`].
    pub const MSG_WAVPACK_BLOCKS: &str = "limit: more than 1048576 WavPack blocks";

    /// The most packets one read may walk before a Musepack SV8 stream's SH and RG packets are
    /// found (mutagen loops forever on a packet whose size leads back to itself). (Largest
    /// real figure: 3.)
    pub const MAX_MUSEPACK_PACKETS: usize = 1 << 12;
    /// The message of [`MAX_MUSEPACK_PACKETS`].
    pub const MSG_MUSEPACK_PACKETS: &str =
        "limit: more than 4096 Musepack packets before SH and RG";

    /// The most metadata blocks one TAK file may have. (Largest real figure: 5.)
    pub const MAX_TAK_BLOCKS: usize = 1 << 16;
    /// The message of [`MAX_TAK_BLOCKS`].
    pub const MSG_TAK_BLOCKS: &str = "limit: more than 65536 TAK metadata blocks";

    /// The most objects one ASF header may hold, the objects of header extensions included.
    /// (Largest real figure: 14.)
    pub const MAX_ASF_OBJECTS: usize = 1 << 16;
    /// The message of [`MAX_ASF_OBJECTS`].
    pub const MSG_ASF_OBJECTS: &str = "limit: more than 65536 ASF header objects";

    /// How deeply ASF header extensions may nest inside each other before the read fails with
    /// Python's `RecursionError`, as mutagen's does where Python's recursion limit stops it
    /// (it recurses once per level: near 1000 levels from a shallow caller, fewer from a deep
    /// one). Real files nest none (largest real figure: 1, a header extension at the top).
    pub const MAX_ASF_DEPTH: usize = 900;
    /// The message of [`MAX_ASF_DEPTH`].
    pub const MSG_ASF_DEPTH: &str = "limit: ASF header extensions nested more than 900 deep";
}

/// The result type of the parser core.
pub type Result<T> = std::result::Result<T, Error>;

/// Python's `repr()` of a `bytes` object: `b'...'`, in double quotes when the bytes hold a `'`
/// and no `"`, with `\\t`, `\\n`, `\\r`, `\\\\`, the quote escaped and other bytes outside
/// printable ASCII as `\\xNN`. For messages that show bytes read from the file.
#[cold]
#[must_use]
pub fn bytes_repr(data: &[u8]) -> String {
    use std::fmt::Write as _;
    let quote = if data.contains(&b'\'') && !data.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::with_capacity(data.len() + 3);
    out.push('b');
    out.push(char::from(quote));
    for &b in data {
        match b {
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\\' => out.push_str("\\\\"),
            _ if b == quote => {
                out.push('\\');
                out.push(char::from(b));
            }
            0x20..=0x7e => out.push(char::from(b)),
            _ => {
                let _ = write!(out, "\\x{b:02x}");
            }
        }
    }
    out.push(char::from(quote));
    out
}

/// A read that got fewer bytes than it asked for, as mutagen's strict file objects report it:
/// `"file said {said} bytes, read {read} bytes"`.
#[cold]
#[must_use]
pub(crate) fn short_read(kind: ErrorKind, said: u64, read: u64) -> Error {
    Error::detailed(kind, format!("file said {said} bytes, read {read} bytes"))
}

/// [`short_read`] for a size refused before reading, because the source holds only `remaining`
/// bytes (which is what the read would have got).
#[cold]
#[must_use]
pub(crate) fn short_read_refused(kind: ErrorKind, said: u64, remaining: u64) -> Error {
    Error::detailed_limit(
        kind,
        format!("file said {said} bytes, read {} bytes", remaining.min(said)),
    )
}

/// Python's `repr()` of a `str`: in single quotes unless the text holds a `'` and no `"`,
/// with backslashes, the quote, `\\t`, `\\n`, `\\r` and other control characters escaped,
/// and the characters Python does not print (separators, format and private-use characters,
/// non-characters) as `\\xNN`, `\\uNNNN` or `\\UNNNNNNNN`. Code points unassigned in
/// Python's Unicode database are not known here and are kept as they are.
#[cold]
#[must_use]
pub fn str_repr(text: &str) -> String {
    use std::fmt::Write as _;
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for c in text.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\\' => out.push_str("\\\\"),
            _ if c == quote => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            _ if printable(c) => out.push(c),
            _ if u32::from(c) <= 0xFF => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            _ if u32::from(c) <= 0xFFFF => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            _ => {
                let _ = write!(out, "\\U{:08x}", u32::from(c));
            }
        }
    }
    out.push(quote);
    out
}

/// Whether Python's `str.isprintable()` holds for a character outside printable ASCII, as far
/// as it can be told without a Unicode database: not a control, separator, format,
/// private-use or non-character code point.
fn printable(c: char) -> bool {
    let u = u32::from(c);
    !(matches!(
        u,
        0..=0x1F
            | 0x7F..=0xA0
            | 0xAD
            | 0x600..=0x605
            | 0x61C
            | 0x6DD
            | 0x70F
            | 0x890..=0x891
            | 0x8E2
            | 0x1680
            | 0x180E
            | 0x2000..=0x200F
            | 0x2028..=0x202F
            | 0x205F..=0x2064
            | 0x2066..=0x206F
            | 0x3000
            | 0xE000..=0xF8FF
            | 0xFDD0..=0xFDEF
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
            | 0xF0000..
    ) || u & 0xFFFE == 0xFFFE)
}

/// Python's message for decoding `data` as UTF-8 when it fails with `err`, e.g. `"'utf-8'
/// codec can't decode byte 0xff in position 0: invalid start byte"`.
#[cold]
#[must_use]
pub fn utf8_error_message(data: &[u8], err: std::str::Utf8Error) -> String {
    let start = err.valid_up_to();
    let (end, reason) = match err.error_len() {
        None => (data.len(), "unexpected end of data"),
        Some(n) => {
            let lead = data.get(start).copied().unwrap_or(0);
            let invalid_start = matches!(lead, 0x80..=0xC1 | 0xF5..=0xFF);
            let reason = if invalid_start {
                "invalid start byte"
            } else {
                "invalid continuation byte"
            };
            (start + n, reason)
        }
    };
    if end - start <= 1 {
        let byte = data.get(start).copied().unwrap_or(0);
        format!("'utf-8' codec can't decode byte {byte:#04x} in position {start}: {reason}")
    } else {
        format!(
            "'utf-8' codec can't decode bytes in position {start}-{}: {reason}",
            end - 1
        )
    }
}

/// Shorthand for `Err(Error::Malformed(kind, msg))`.
pub(crate) fn malformed<T>(kind: ErrorKind, msg: &'static str) -> Result<T> {
    Err(Error::Malformed(kind, msg))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_stays_small() {
        // The size it had with static messages only: the owned detail sits behind one pointer.
        assert!(std::mem::size_of::<Error>() <= 24);
        assert!(std::mem::size_of::<Result<()>>() <= 24);
    }

    #[test]
    fn detail_message_and_display() {
        let e = Error::detailed(
            ErrorKind::Flac,
            format!("file said {} bytes, read {} bytes", 4, 2),
        );
        assert_eq!(e.message(), "file said 4 bytes, read 2 bytes");
        assert_eq!(e.kind(), ErrorKind::Flac);
        assert!(!e.is_limit());
        let e = Error::naming_file(
            ErrorKind::FlacNoHeader,
            FileName::Repr,
            "is not a valid FLAC file",
        );
        assert_eq!(e.file_name(), FileName::Repr);
        assert_eq!(e.to_string(), "the file is not a valid FLAC file");
        let e = Error::detailed_limit(ErrorKind::Flac, "x").with_kind(ErrorKind::Ogg);
        assert!(e.is_limit());
        assert_eq!(e.kind(), ErrorKind::Ogg);
        assert_eq!(e.to_string(), "refused as hostile: x");
    }

    #[test]
    fn utf8_errors_as_python() {
        let msg = |b: &[u8]| utf8_error_message(b, std::str::from_utf8(b).unwrap_err());
        let head = "'utf-8' codec can't decode";
        assert_eq!(
            msg(b"\xff"),
            format!("{head} byte 0xff in position 0: invalid start byte")
        );
        assert_eq!(
            msg(b"\xe2\x82"),
            format!("{head} bytes in position 0-1: unexpected end of data")
        );
        assert_eq!(
            msg(b"a\xe2\x82b"),
            format!("{head} bytes in position 1-2: invalid continuation byte")
        );
        assert_eq!(
            msg(b"\xed\xa0\x80"),
            format!("{head} byte 0xed in position 0: invalid continuation byte")
        );
        assert_eq!(
            msg(b"\xc3"),
            format!("{head} byte 0xc3 in position 0: unexpected end of data")
        );
    }

    #[test]
    fn str_repr_as_python() {
        assert_eq!(str_repr("abc"), "'abc'");
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(str_repr("\u{e9}t\u{e9}"), "'\u{e9}t\u{e9}'");
        assert_eq!(
            str_repr("a\tb\u{0}\u{a0}\u{200b}\u{1f600}"),
            "'a\\tb\\x00\\xa0\\u200b\u{1f600}'"
        );
        assert_eq!(str_repr("\u{f0000}"), "'\\U000f0000'");
    }

    #[test]
    fn bytes_repr_as_python() {
        assert_eq!(bytes_repr(b""), "b''");
        assert_eq!(bytes_repr(b"OggS"), "b'OggS'");
        assert_eq!(bytes_repr(b"a'b"), "b\"a'b\"");
        assert_eq!(bytes_repr(b"a'b\""), "b'a\\'b\"'");
        assert_eq!(
            bytes_repr(b"\\\t\n\r\x00\x7f\xff "),
            "b'\\\\\\t\\n\\r\\x00\\x7f\\xff '"
        );
    }
}
