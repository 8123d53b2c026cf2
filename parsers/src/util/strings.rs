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
    // Valid UTF-8 (nearly all tags) is checked by the fast validator, which runs through ASCII
    // a word at a time; only invalid input takes the byte-by-byte replacing decoder.
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}
