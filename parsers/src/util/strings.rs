//! String storage: the seam where arena-backed strings plug in as a variant.
//!
//! Readers build text through [`TagString`] and [`from_utf8_lossy`] rather than naming
//! `String` directly, so the storage can change in one place.

/// The string type of decoded tag text.
pub type TagString = String;

/// Decode UTF-8 the way Python's `bytes.decode("utf-8", "replace")` does.
#[inline]
#[must_use]
pub fn from_utf8_lossy(bytes: &[u8]) -> TagString {
    String::from_utf8_lossy(bytes).into_owned()
}
