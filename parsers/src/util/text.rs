//! Text decoding shared by the tag readers.

use super::strings::TagString;

/// Decode ISO-8859-1: every byte is the code point of the same value.
#[must_use]
pub fn latin1(bytes: &[u8]) -> TagString {
    if bytes.is_ascii() {
        // ASCII is valid UTF-8 byte for byte.
        return String::from_utf8_lossy(bytes).into_owned();
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_maps_high_bytes() {
        assert_eq!(latin1(b"abc"), "abc");
        assert_eq!(latin1(&[0x41, 0xE9, 0xFF]), "A\u{e9}\u{ff}");
    }
}
