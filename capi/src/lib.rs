//! A C ABI over the mutagen-rs parser core.
//!
//! One call opens and parses a file ([`mrs_open`]) or a batch of files in parallel
//! ([`mrs_open_batch`]); the result is an opaque [`MrsFile`] whose accessors give the
//! mutagen class name of the file, its main stream info numbers, its tag keys with their text
//! values, or the mutagen exception class and message of a failure. Strings handed out are
//! UTF-8 `(pointer, length)` pairs borrowed from the `MrsFile`: they stay valid until
//! [`mrs_free`].
//!
//! No panic crosses the boundary: every entry point runs under `catch_unwind` and reports a
//! caught panic as [`MRS_ERR_PANIC`] (or as the neutral value of an accessor). Null and
//! dangling pointers are the caller's contract, spelled out in `include/mutagen_capi.h`.
//!
//! Tag text follows these rules, one per tag family:
//! - ID3 (MP3): keys are mutagen's hash keys (`TIT2`, `COMM::eng`, `APIC:`, ...); the values are
//!   the `text` list of frames that are mutagen `TextFrame`s (text, numeric, timestamp, genre,
//!   `TXXX`, `COMM`; timestamps as mutagen's `ID3TimeStamp` prints them), and empty for every
//!   other frame.
//! - Vorbis comments (FLAC, Ogg): keys are lowercased and values grouped per key in file order,
//!   as mutagen's `VCommentDict` presents them.
//! - MP4: keys are the atom names; the values are the text items of the key, and empty for
//!   numbers, pairs, covers, freeform data and booleans.
// Exporting unmangled functions and taking raw pointers is the point of this crate; every
// unsafe operation sits in its own block with a `// SAFETY:` line.
#![allow(unsafe_code)]
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(clippy::undocumented_unsafe_blocks)]

use std::ffi::c_int;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use mutagen_core::file::{self, AudioFile, Detected};
use mutagen_core::summary::{summarize, Numbers, Summary};
use mutagen_core::{Error, ErrorKind};

#[cfg(test)]
mod tests;

/// The file was parsed: kind, info and tags are available.
pub const MRS_OK: c_int = 0;
/// No file type matched, or the matching type is not one the core reads: only the kind (empty
/// when nothing matched) is available.
pub const MRS_UNSUPPORTED: c_int = 1;
/// Parsing failed: the error class, module and message are available.
pub const MRS_ERROR: c_int = 2;
/// A panic was caught inside the library; nothing was returned.
pub const MRS_ERR_PANIC: c_int = -1;
/// An argument was refused (a null output pointer, or a thread pool that could not start).
pub const MRS_ERR_ARG: c_int = -2;

/// [`MrsInfo::present`] bit: `length` is set.
pub const MRS_HAS_LENGTH: u32 = 1;
/// [`MrsInfo::present`] bit: `bitrate` is set.
pub const MRS_HAS_BITRATE: u32 = 2;
/// [`MrsInfo::present`] bit: `sample_rate` is set.
pub const MRS_HAS_SAMPLE_RATE: u32 = 4;
/// [`MrsInfo::present`] bit: `channels` is set.
pub const MRS_HAS_CHANNELS: u32 = 8;

/// A borrowed UTF-8 string: `len` bytes at `ptr`, not NUL-terminated. `ptr` is never null
/// (an empty string points at a static empty buffer).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MrsStr {
    /// The first byte.
    pub ptr: *const u8,
    /// The number of bytes.
    pub len: usize,
}

impl MrsStr {
    fn of(s: &str) -> MrsStr {
        MrsStr {
            ptr: s.as_ptr(),
            len: s.len(),
        }
    }

    fn empty() -> MrsStr {
        MrsStr::of("")
    }
}

/// A path given to [`mrs_open_batch`]: `len` bytes at `ptr` (the file system encoding's bytes
/// on Unix, UTF-8 elsewhere), not NUL-terminated.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct MrsPath {
    /// The first byte (may be null when `len` is 0).
    pub ptr: *const u8,
    /// The number of bytes.
    pub len: usize,
}

/// The stream info numbers mutagen's `info` object carries, where it has them.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MrsInfo {
    /// Length in seconds.
    pub length: f64,
    /// Bits per second.
    pub bitrate: i64,
    /// Samples per second.
    pub sample_rate: i64,
    /// Number of channels.
    pub channels: i64,
    /// Which fields mutagen's info object has: a set of `MRS_HAS_*` bits.
    pub present: u32,
}

/// One parsed file (or the failure to parse it). Opaque to C.
#[derive(Debug)]
pub struct MrsFile {
    status: c_int,
    kind: &'static str,
    info: MrsInfo,
    has_tags: bool,
    tags: Vec<(String, Vec<String>)>,
    error_module: &'static str,
    error_class: &'static str,
    error_message: String,
}

impl MrsFile {
    fn new(status: c_int, kind: &'static str) -> MrsFile {
        MrsFile {
            status,
            kind,
            info: MrsInfo::default(),
            has_tags: false,
            tags: Vec::new(),
            error_module: "",
            error_class: "",
            error_message: String::new(),
        }
    }

    fn failed(module: &'static str, class: &'static str, message: String) -> MrsFile {
        MrsFile {
            error_module: module,
            error_class: class,
            error_message: message,
            ..MrsFile::new(MRS_ERROR, "")
        }
    }

    fn from_error(err: &Error) -> MrsFile {
        let (module, class) = class_for(err);
        MrsFile::failed(module, class, err.to_string())
    }

    fn from_detected(detected: Detected) -> MrsFile {
        match detected {
            Detected::Read(kind, audio) => {
                let mut out = MrsFile::new(MRS_OK, kind.class_name());
                out.fill(audio);
                out
            }
            Detected::Unsupported(kind) => MrsFile::new(MRS_UNSUPPORTED, kind.class_name()),
            Detected::Unknown => MrsFile::new(MRS_UNSUPPORTED, ""),
        }
    }

    fn fill(&mut self, audio: AudioFile) {
        let Summary { numbers, tags } = summarize(audio);
        self.info = info_of(&numbers);
        if let Some(tags) = tags {
            self.has_tags = true;
            self.tags = tags;
        }
    }
}

/// The info record of the core's summary numbers, with a presence bit for each number mutagen's
/// info class has. A bitrate beyond `i64` (mutagen's is an unbounded Python int) is left unset.
fn info_of(n: &Numbers) -> MrsInfo {
    let mut info = MrsInfo::default();
    if let Some(length) = n.length {
        info.length = length;
        info.present |= MRS_HAS_LENGTH;
    }
    if let Some(bitrate) = n.bitrate.and_then(|b| i64::try_from(b).ok()) {
        info.bitrate = bitrate;
        info.present |= MRS_HAS_BITRATE;
    }
    if let Some(rate) = n.sample_rate.and_then(|r| i64::try_from(r).ok()) {
        info.sample_rate = rate;
        info.present |= MRS_HAS_SAMPLE_RATE;
    }
    if let Some(channels) = n.channels.and_then(|c| i64::try_from(c).ok()) {
        info.channels = channels;
        info.present |= MRS_HAS_CHANNELS;
    }
    info
}

/// mutagen's module and exception class for a core error. I/O errors are `MutagenError`, as
/// mutagen wraps them.
fn class_for(err: &Error) -> (&'static str, &'static str) {
    if let Error::Io(_) = err {
        return ("mutagen", "MutagenError");
    }
    match err.kind() {
        ErrorKind::Mp3HeaderNotFound => ("mutagen.mp3", "HeaderNotFoundError"),
        ErrorKind::Mp3InvalidHeader => ("mutagen.mp3", "InvalidMPEGHeader"),
        ErrorKind::Id3NoHeader => ("mutagen.id3", "ID3NoHeaderError"),
        ErrorKind::Id3UnsupportedVersion => ("mutagen.id3", "ID3UnsupportedVersionError"),
        ErrorKind::Id3EncryptionUnsupported => ("mutagen.id3", "ID3EncryptionUnsupportedError"),
        ErrorKind::Id3JunkFrame => ("mutagen.id3", "ID3JunkFrameError"),
        ErrorKind::Id3BadUnsynchData => ("mutagen.id3", "ID3BadUnsynchData"),
        ErrorKind::Id3BadCompressedData => ("mutagen.id3", "ID3BadCompressedData"),
        ErrorKind::Id3Tag => ("mutagen.id3", "ID3TagError"),
        ErrorKind::Id3 => ("mutagen.id3", "error"),
        ErrorKind::FlacNoHeader => ("mutagen.flac", "FLACNoHeaderError"),
        ErrorKind::FlacVorbis => ("mutagen.flac", "FLACVorbisError"),
        ErrorKind::Flac => ("mutagen.flac", "error"),
        ErrorKind::Ogg => ("mutagen.ogg", "error"),
        ErrorKind::OggVorbisHeader => ("mutagen.oggvorbis", "OggVorbisHeaderError"),
        ErrorKind::OggOpusHeader => ("mutagen.oggopus", "OggOpusHeaderError"),
        ErrorKind::OggFlacHeader => ("mutagen.oggflac", "OggFLACHeaderError"),
        ErrorKind::OggSpeexHeader => ("mutagen.oggspeex", "OggSpeexHeaderError"),
        ErrorKind::OggTheoraHeader => ("mutagen.oggtheora", "OggTheoraHeaderError"),
        ErrorKind::VorbisComment => ("mutagen._vorbis", "error"),
        ErrorKind::VorbisUnsetFrame => ("mutagen._vorbis", "VorbisUnsetFrameError"),
        ErrorKind::BuiltinIndexError => ("builtins", "IndexError"),
        ErrorKind::BuiltinValueError => ("builtins", "ValueError"),
        ErrorKind::BuiltinStructError => ("struct", "error"),
        ErrorKind::BuiltinZeroDivisionError => ("builtins", "ZeroDivisionError"),
        ErrorKind::BuiltinRecursionError => ("builtins", "RecursionError"),
        ErrorKind::Mp4Metadata => ("mutagen.mp4", "MP4MetadataError"),
        ErrorKind::Mp4StreamInfo => ("mutagen.mp4", "MP4StreamInfoError"),
        ErrorKind::Mp4NoTrack => ("mutagen.mp4", "MP4NoTrackError"),
        ErrorKind::Mp4 => ("mutagen.mp4", "error"),
        ErrorKind::BuiltinOverflowError => ("builtins", "OverflowError"),
        ErrorKind::Iff => ("mutagen._iff", "error"),
        ErrorKind::IffInvalidChunk => ("mutagen._iff", "InvalidChunk"),
        ErrorKind::IffEmptyChunk => ("mutagen._iff", "EmptyChunk"),
        ErrorKind::Aiff => ("mutagen.aiff", "error"),
        ErrorKind::Wave => ("mutagen.wave", "error"),
        ErrorKind::Dsf => ("mutagen.dsf", "error"),
        ErrorKind::Dsdiff => ("mutagen.dsdiff", "error"),
        ErrorKind::Ac3 => ("mutagen.ac3", "AC3Error"),
        ErrorKind::Aac => ("mutagen.aac", "AACError"),
        ErrorKind::Smf => ("mutagen.smf", "SMFError"),
        _ => ("mutagen", "MutagenError"),
    }
}

/// The result for a panic caught while reading one file.
fn panicked() -> MrsFile {
    MrsFile::failed(
        "mutagen",
        "MutagenError",
        "internal error while reading the file".to_owned(),
    )
}

/// Open, detect and parse one file; never panics.
fn read_one(path: &[u8]) -> MrsFile {
    let Some(path) = to_path(path) else {
        return MrsFile::failed(
            "mutagen",
            "MutagenError",
            "path is not valid UTF-8".to_owned(),
        );
    };
    match catch_unwind(|| file::read_path(path)) {
        Ok(Ok(detected)) => MrsFile::from_detected(detected),
        Ok(Err(err)) => MrsFile::from_error(&err),
        Err(_) => panicked(),
    }
}

/// The path for bytes from C (`None` where they cannot name a path).
#[cfg(unix)]
#[allow(clippy::unnecessary_wraps)] // the same signature as the non-Unix version
fn to_path(bytes: &[u8]) -> Option<&Path> {
    use std::os::unix::ffi::OsStrExt;
    Some(Path::new(std::ffi::OsStr::from_bytes(bytes)))
}

/// The path for bytes from C: UTF-8 only.
#[cfg(not(unix))]
fn to_path(bytes: &[u8]) -> Option<&Path> {
    std::str::from_utf8(bytes).ok().map(Path::new)
}

/// The bytes `(ptr, len)` describe; empty for a null `ptr`.
///
/// # Safety
/// A non-null `ptr` must point at `len` readable bytes that outlive `'a` and are not written
/// meanwhile.
unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if ptr.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: non-null, and the caller guarantees `len` readable, unchanging bytes.
        unsafe { std::slice::from_raw_parts(ptr, len) }
    }
}

/// The file behind a handle, or `None` for null.
///
/// # Safety
/// A non-null `file` must come from [`mrs_open`] or [`mrs_open_batch`] and not be freed yet.
unsafe fn file_ref<'a>(file: *const MrsFile) -> Option<&'a MrsFile> {
    // SAFETY: the caller guarantees a live handle when non-null.
    unsafe { file.as_ref() }
}

/// Run an accessor, giving `default` if it panics.
fn guard<T>(default: T, f: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(default)
}

/// Open and parse the file at `path_ptr[..path_len]`, storing a new handle in `*out` and
/// returning its status ([`MRS_OK`], [`MRS_UNSUPPORTED`] or [`MRS_ERROR`]).
///
/// # Safety
/// `path_ptr` points at `path_len` readable bytes (or is null with `path_len` 0); `out` is a
/// valid pointer to writable storage for one pointer.
#[no_mangle]
pub unsafe extern "C" fn mrs_open(
    path_ptr: *const u8,
    path_len: usize,
    out: *mut *mut MrsFile,
) -> c_int {
    if out.is_null() {
        return MRS_ERR_ARG;
    }
    let result = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: the caller guarantees the path bytes.
        let path = unsafe { bytes(path_ptr, path_len) };
        Box::new(read_one(path))
    }));
    match result {
        Ok(file) => {
            let status = file.status;
            // SAFETY: `out` is non-null and writable by the caller's contract.
            unsafe { out.write(Box::into_raw(file)) };
            status
        }
        Err(_) => MRS_ERR_PANIC,
    }
}

/// Open and parse `n` files on `threads` threads (all cores for 0, as `mutagen_core::batch`
/// counts them), storing one new handle
/// per path in `out[0..n]`. Returns [`MRS_OK`] when every handle was stored (each carries its
/// own status, see [`mrs_status`]); [`MRS_ERR_ARG`] or [`MRS_ERR_PANIC`] when none was.
///
/// # Safety
/// `paths` points at `n` readable [`MrsPath`]s, each valid as for [`mrs_open`]; `out` points at
/// storage for `n` pointers. Neither may be written by others during the call. Both may be null
/// when `n` is 0.
#[no_mangle]
pub unsafe extern "C" fn mrs_open_batch(
    paths: *const MrsPath,
    n: usize,
    threads: usize,
    out: *mut *mut MrsFile,
) -> c_int {
    if n == 0 {
        return MRS_OK;
    }
    if paths.is_null() || out.is_null() {
        return MRS_ERR_ARG;
    }
    let result = catch_unwind(AssertUnwindSafe(|| -> Option<Vec<Box<MrsFile>>> {
        // SAFETY: `paths` is non-null and points at `n` readable entries by contract.
        let paths = unsafe { std::slice::from_raw_parts(paths, n) };
        // SAFETY: each entry's bytes are readable for the whole call by contract.
        let slices: Vec<&[u8]> = paths
            .iter()
            .map(|p| unsafe { bytes(p.ptr, p.len) })
            .collect();
        let files = mutagen_core::batch::map(&slices, Some(threads), |p| read_one(p));
        Some(
            files
                .into_iter()
                .map(|f| Box::new(f.unwrap_or_else(|_| panicked())))
                .collect(),
        )
    }));
    match result {
        Ok(Some(files)) => {
            for (i, file) in files.into_iter().enumerate() {
                // SAFETY: `out` points at storage for `n` pointers and `i < n` (one result
                // per path).
                unsafe { out.add(i).write(Box::into_raw(file)) };
            }
            MRS_OK
        }
        Ok(None) => MRS_ERR_ARG,
        Err(_) => MRS_ERR_PANIC,
    }
}

/// Free a handle (null is ignored). Strings borrowed from it become invalid.
///
/// # Safety
/// A non-null `file` comes from [`mrs_open`] or [`mrs_open_batch`] and is freed only once.
#[no_mangle]
pub unsafe extern "C" fn mrs_free(file: *mut MrsFile) {
    if file.is_null() {
        return;
    }
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: the handle was made by `Box::into_raw` and is freed once by contract.
        drop(unsafe { Box::from_raw(file) });
    }));
}

/// The status of a handle: [`MRS_OK`], [`MRS_UNSUPPORTED`] or [`MRS_ERROR`]
/// ([`MRS_ERR_ARG`] for null).
///
/// # Safety
/// `file` is null or a live handle.
#[no_mangle]
pub unsafe extern "C" fn mrs_status(file: *const MrsFile) -> c_int {
    guard(MRS_ERR_PANIC, || {
        // SAFETY: null or live by contract.
        unsafe { file_ref(file) }.map_or(MRS_ERR_ARG, |f| f.status)
    })
}

/// mutagen's class name for the file (`"MP3"`, `"FLAC"`, `"OggVorbis"`, `"MP4"`, ...); empty
/// when no type matched or on error.
///
/// # Safety
/// `file` is null or a live handle.
#[no_mangle]
pub unsafe extern "C" fn mrs_kind(file: *const MrsFile) -> MrsStr {
    guard(MrsStr::empty(), || {
        // SAFETY: null or live by contract.
        unsafe { file_ref(file) }.map_or_else(MrsStr::empty, |f| MrsStr::of(f.kind))
    })
}

/// Copy the stream info numbers into `*out`; the `present` bits say which fields mutagen's info
/// object has. Returns 0, or [`MRS_ERR_ARG`] when either pointer is null.
///
/// # Safety
/// `file` is null or a live handle; `out` is null or writable.
#[no_mangle]
pub unsafe extern "C" fn mrs_info(file: *const MrsFile, out: *mut MrsInfo) -> c_int {
    guard(MRS_ERR_PANIC, || {
        // SAFETY: null or live by contract.
        let Some(f) = (unsafe { file_ref(file) }) else {
            return MRS_ERR_ARG;
        };
        if out.is_null() {
            return MRS_ERR_ARG;
        }
        // SAFETY: `out` is non-null and writable by contract.
        unsafe { out.write(f.info) };
        0
    })
}

/// Whether the file has a tag object (mutagen's `tags` is not `None`): 1 or 0.
///
/// # Safety
/// `file` is null or a live handle.
#[no_mangle]
pub unsafe extern "C" fn mrs_has_tags(file: *const MrsFile) -> c_int {
    guard(0, || {
        // SAFETY: null or live by contract.
        unsafe { file_ref(file) }.map_or(0, |f| c_int::from(f.has_tags))
    })
}

/// The number of tag keys.
///
/// # Safety
/// `file` is null or a live handle.
#[no_mangle]
pub unsafe extern "C" fn mrs_tag_count(file: *const MrsFile) -> usize {
    // SAFETY: null or live by contract.
    guard(0, || unsafe { file_ref(file) }.map_or(0, |f| f.tags.len()))
}

/// Tag key number `i` (empty when out of range).
///
/// # Safety
/// `file` is null or a live handle.
#[no_mangle]
pub unsafe extern "C" fn mrs_tag_key(file: *const MrsFile, i: usize) -> MrsStr {
    guard(MrsStr::empty(), || {
        // SAFETY: null or live by contract.
        unsafe { file_ref(file) }
            .and_then(|f| f.tags.get(i))
            .map_or_else(MrsStr::empty, |(k, _)| MrsStr::of(k))
    })
}

/// The number of text values of tag key number `i` (0 when out of range).
///
/// # Safety
/// `file` is null or a live handle.
#[no_mangle]
pub unsafe extern "C" fn mrs_tag_value_count(file: *const MrsFile, i: usize) -> usize {
    guard(0, || {
        // SAFETY: null or live by contract.
        unsafe { file_ref(file) }
            .and_then(|f| f.tags.get(i))
            .map_or(0, |(_, v)| v.len())
    })
}

/// Text value number `j` of tag key number `i` (empty when out of range).
///
/// # Safety
/// `file` is null or a live handle.
#[no_mangle]
pub unsafe extern "C" fn mrs_tag_value(file: *const MrsFile, i: usize, j: usize) -> MrsStr {
    guard(MrsStr::empty(), || {
        // SAFETY: null or live by contract.
        unsafe { file_ref(file) }
            .and_then(|f| f.tags.get(i))
            .and_then(|(_, v)| v.get(j))
            .map_or_else(MrsStr::empty, |s| MrsStr::of(s))
    })
}

/// The module of mutagen's exception class for a failed file (`"mutagen.mp3"`, `"builtins"`,
/// ...); empty unless the status is [`MRS_ERROR`].
///
/// # Safety
/// `file` is null or a live handle.
#[no_mangle]
pub unsafe extern "C" fn mrs_error_module(file: *const MrsFile) -> MrsStr {
    guard(MrsStr::empty(), || {
        // SAFETY: null or live by contract.
        unsafe { file_ref(file) }.map_or_else(MrsStr::empty, |f| MrsStr::of(f.error_module))
    })
}

/// mutagen's exception class name for a failed file (`"HeaderNotFoundError"`, `"error"`,
/// `"MutagenError"`, ...); empty unless the status is [`MRS_ERROR`].
///
/// # Safety
/// `file` is null or a live handle.
#[no_mangle]
pub unsafe extern "C" fn mrs_error_class(file: *const MrsFile) -> MrsStr {
    guard(MrsStr::empty(), || {
        // SAFETY: null or live by contract.
        unsafe { file_ref(file) }.map_or_else(MrsStr::empty, |f| MrsStr::of(f.error_class))
    })
}

/// The error message of a failed file; empty unless the status is [`MRS_ERROR`].
///
/// # Safety
/// `file` is null or a live handle.
#[no_mangle]
pub unsafe extern "C" fn mrs_error_message(file: *const MrsFile) -> MrsStr {
    guard(MrsStr::empty(), || {
        // SAFETY: null or live by contract.
        unsafe { file_ref(file) }.map_or_else(MrsStr::empty, |f| MrsStr::of(&f.error_message))
    })
}
