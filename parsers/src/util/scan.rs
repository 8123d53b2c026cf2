//! Byte scanning: the seam where the SIMD sync finder plugs in as a variant.

/// The position of the first `needle` byte in `haystack`.
#[inline]
#[must_use]
pub fn find_byte(needle: u8, haystack: &[u8]) -> Option<usize> {
    memchr::memchr(needle, haystack)
}

/// The position of the first occurrence of `needle` in `haystack`.
#[inline]
#[must_use]
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// The position of the last occurrence of `needle` in `haystack`.
#[inline]
#[must_use]
pub fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::rfind(haystack, needle)
}

/// The position of the first MPEG frame sync candidate (`0xFF` followed by a byte whose top
/// three bits are set) at or after `from`.
#[must_use]
pub fn find_mpeg_sync(data: &[u8], from: usize) -> Option<usize> {
    let mut pos = from;
    while let Some(rel) = data.get(pos..).and_then(|d| memchr::memchr(0xFF, d)) {
        let at = pos + rel;
        match data.get(at + 1) {
            Some(b) if b & 0xE0 == 0xE0 => return Some(at),
            Some(_) => pos = at + 1,
            None => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_finder_matches_naive() {
        let data = [0u8, 0xFF, 0x00, 0xFF, 0xFF, 0xFB, 0xFF];
        assert_eq!(find_mpeg_sync(&data, 0), Some(3));
        assert_eq!(find_mpeg_sync(&data, 4), Some(4));
        assert_eq!(find_mpeg_sync(&data, 5), None);
        assert_eq!(find_mpeg_sync(&data, 100), None);
    }
}
