//! The one error type of the parser core.
//!
//! Messages are `&'static str`, so error paths never allocate. Every error carries an
//! [`ErrorKind`] naming the exception class Python mutagen raises for the same input; the
//! Python binding maps kinds to classes one to one.

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
}

impl Error {
    /// The mutagen exception class this error corresponds to. I/O errors report
    /// [`ErrorKind::Generic`]; bindings should treat them as OS errors.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Io(_) => ErrorKind::Generic,
            Error::Malformed(kind, _) | Error::Limit(kind, _) => *kind,
        }
    }

    /// The same error with another kind; I/O errors are left alone.
    #[must_use]
    pub fn with_kind(self, kind: ErrorKind) -> Self {
        match self {
            Error::Malformed(_, msg) => Error::Malformed(kind, msg),
            Error::Limit(_, msg) => Error::Limit(kind, msg),
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
    /// items of an MP4 tag. (Largest real figures: 28 ID3 values, 30 Vorbis comments, 28 seek
    /// points, 29 MP4 values.)
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
}

/// The result type of the parser core.
pub type Result<T> = std::result::Result<T, Error>;

/// Shorthand for `Err(Error::Malformed(kind, msg))`.
pub(crate) fn malformed<T>(kind: ErrorKind, msg: &'static str) -> Result<T> {
    Err(Error::Malformed(kind, msg))
}
