//! The parser core of mutagen-rs.
//!
//! Reads audio metadata exactly as Python mutagen 1.48.1 does: the same tag keys and values,
//! the same stream info, and a failure wherever mutagen raises. The core knows nothing of
//! Python; the `mutagen_rs` package is a binding over it.
//!
//! Layout: one module per format, reader and writer together ([`id3`], [`mpeg`], [`mp3`],
//! [`flac`], [`vorbis`], [`ogg`], [`mp4`], [`asf`], [`apev2`], [`wavpack`], [`monkeysaudio`],
//! [`musepack`], [`tak`], [`optimfrog`], [`trueaudio`], [`iff`] for AIFF, WAVE, DSF and
//! DSDIFF, [`ac3`], [`aac`], [`smf`]), format detection in [`detect`], the input seam in
//! [`source`], in-place editing in [`edit`], the flat projection every batch output uses in
//! [`project`], and shared helpers in [`util`]. Every reader takes a [`source::Source`] and
//! reads only the byte ranges it needs; every writer edits an [`edit::Target`].
// `unsafe` is forbidden unless a variant that needs it is built: `mmap` (creating the mapping),
// `simd` (the vector intrinsics), `unchecked` (reads without bounds checks at validated offsets),
// `utf8-trusted` (text known to be UTF-8 taken without validation) and `io-uring` (the ring's
// submissions). Then it is denied everywhere except the blocks that
// allow it locally, each with a `// SAFETY:` line.
#![cfg_attr(
    not(any(
        feature = "mmap",
        feature = "simd",
        feature = "unchecked",
        feature = "utf8-trusted",
        feature = "io-uring"
    )),
    forbid(unsafe_code)
)]
#![cfg_attr(
    any(
        feature = "mmap",
        feature = "simd",
        feature = "unchecked",
        feature = "utf8-trusted",
        feature = "io-uring"
    ),
    deny(unsafe_code)
)]

pub mod aac;
pub mod ac3;
pub mod apev2;
pub mod asf;
pub mod batch;
pub mod detect;
pub mod edit;
pub mod entry;
pub mod error;
pub mod file;
pub mod flac;
pub mod id3;
pub mod iff;
pub mod monkeysaudio;
pub mod mp3;
pub mod mp4;
pub mod mpeg;
pub mod musepack;
pub mod ogg;
pub mod optimfrog;
pub mod project;
pub mod smf;
pub mod source;
pub mod summary;
pub mod tak;
#[cfg(test)]
mod testfiles;
pub mod trueaudio;
pub mod util;
pub mod vorbis;
pub mod wavpack;

pub use error::{Error, ErrorKind, Result};
pub use file::{read_path, AudioFile, Detected};
pub use source::{FileSource, SliceSource, Source};
