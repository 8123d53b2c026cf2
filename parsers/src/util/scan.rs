//! Byte scanning: the seam where the SIMD sync finder plugs in as a variant.

use super::unchecked::{read_u8_unchecked, slice_unchecked, unchecked};

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

/// Whether `needle` occurs in a short `haystack` (a file's first bytes, its last 128): each
/// place of the needle's first byte (`memchr`) is compared in turn. Unlike [`find`], it builds
/// no searcher, which costs more than the whole search on a haystack this short.
#[inline]
#[must_use]
pub fn contains_short(haystack: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    memchr::memchr_iter(first, haystack).any(|i| haystack[i + 1..].starts_with(rest))
}

/// The position of the last occurrence of `needle` in `haystack`: each place of the needle's
/// first byte, from the end (`memrchr`), is compared in turn. For the short needles the
/// readers look for (`OggS`), this vector scan beats building a reverse searcher.
#[inline]
#[must_use]
pub fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let Some((&first, rest)) = needle.split_first() else {
        return Some(haystack.len());
    };
    memchr::memrchr_iter(first, haystack).find(|&i| haystack[i + 1..].starts_with(rest))
}

/// The position of the first MPEG frame sync candidate (`0xFF` followed by a byte whose top
/// three bits are set) at or after `from`: the `memchr` variant (default) or, with the `simd`
/// feature, the custom vector finder of `util::sync`.
#[inline]
#[must_use]
pub fn find_mpeg_sync(data: &[u8], from: usize) -> Option<usize> {
    #[cfg(feature = "simd")]
    {
        super::sync::find(data, from)
    }
    #[cfg(not(feature = "simd"))]
    {
        find_mpeg_sync_memchr(data, from)
    }
}

/// The `memchr` sync finder: jump to each `0xFF` with memchr, then test the byte after it.
#[must_use]
pub fn find_mpeg_sync_memchr(data: &[u8], from: usize) -> Option<usize> {
    let len = data.len();
    if from >= len {
        return None;
    }
    // `pos < len` holds on entry and after every step below.
    let mut pos = from;
    loop {
        // SAFETY: `pos < len == data.len()`.
        let rest = unchecked!(slice_unchecked(data, pos, len));
        let at = pos + memchr::memchr(0xFF, rest)?;
        if at + 1 >= len {
            return None;
        }
        // SAFETY: `at + 1 < len` was checked just above.
        if unchecked!(read_u8_unchecked(data, at + 1)) & 0xE0 == 0xE0 {
            return Some(at);
        }
        pos = at + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contains_short_agrees_with_find() {
        let hay = b"xxOggS\x01vorbis\x00FLACfLaC ftypmp4 APETAGEX";
        for needle in [
            &b""[..],
            b"x",
            b"OggS",
            b"\x01vorbis",
            b"fLaC",
            b"APETAGEX",
            b"mp42",
            b"zz",
            b"X",
        ] {
            assert_eq!(
                contains_short(hay, needle),
                find(hay, needle).is_some(),
                "{needle:?}"
            );
        }
        assert!(!contains_short(b"FLA", b"FLAC"));
        assert!(contains_short(b"FLFLAC", b"FLAC"));
    }

    #[test]
    fn rfind_agrees_with_memmem() {
        let hay = b"OggSxxOggOggS\x01OggSOgg";
        for needle in [
            &b""[..],
            b"O",
            b"OggS",
            b"gS",
            b"Ogg",
            b"OggSOgg",
            b"zz",
            b"g",
        ] {
            for end in 0..=hay.len() {
                assert_eq!(
                    rfind(&hay[..end], needle),
                    memchr::memmem::rfind(&hay[..end], needle),
                    "{needle:?} in {end}"
                );
            }
        }
    }

    #[test]
    fn sync_finder_matches_naive() {
        let data = [0u8, 0xFF, 0x00, 0xFF, 0xFF, 0xFB, 0xFF];
        assert_eq!(find_mpeg_sync(&data, 0), Some(3));
        assert_eq!(find_mpeg_sync(&data, 4), Some(4));
        assert_eq!(find_mpeg_sync(&data, 5), None);
        assert_eq!(find_mpeg_sync(&data, 100), None);
    }

    /// The reference: one position at a time.
    fn naive(data: &[u8], from: usize) -> Option<usize> {
        let start = from.min(data.len());
        data.get(start..)?
            .windows(2)
            .position(|w| w[0] == 0xFF && w[1] & 0xE0 == 0xE0)
            .map(|p| start + p)
    }

    #[test]
    fn scan_sync_finders_match_naive_on_random_inputs() {
        // xorshift64*, biased towards 0xFF and bytes with the sync bits set.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x2545_F491_4F6C_DD1D)
        };
        let rounds = if cfg!(miri) { 30 } else { 3000 };
        for _ in 0..rounds {
            let len = (next() % 160) as usize;
            let data: Vec<u8> = (0..len)
                .map(|_| match next() % 4 {
                    0 | 1 => 0xFF,
                    2 => 0xE0 | (next() as u8),
                    _ => next() as u8,
                })
                .collect();
            let from = (next() % (len as u64 + 3)) as usize;
            let want = naive(&data, from);
            assert_eq!(find_mpeg_sync(&data, from), want, "{data:02x?} from {from}");
            assert_eq!(
                find_mpeg_sync_memchr(&data, from),
                want,
                "{data:02x?} from {from}"
            );
        }
    }

    /// Syncs at the last valid offset, a `0xFF` as the very last byte, and every length from
    /// zero up (the unchecked reads of the finder sit exactly at these edges).
    #[test]
    fn sync_finder_at_the_edges() {
        for len in 0..8usize {
            let mut data = vec![0u8; len];
            assert_eq!(find_mpeg_sync_memchr(&data, 0), None);
            if len >= 1 {
                data[len - 1] = 0xFF;
                assert_eq!(
                    find_mpeg_sync_memchr(&data, 0),
                    None,
                    "0xFF last, len {len}"
                );
            }
            if len >= 2 {
                data[len - 2] = 0xFF;
                data[len - 1] = 0xE0;
                assert_eq!(find_mpeg_sync_memchr(&data, 0), Some(len - 2));
                assert_eq!(find_mpeg_sync_memchr(&data, len - 2), Some(len - 2));
                assert_eq!(find_mpeg_sync_memchr(&data, len - 1), None);
            }
            for from in len..len + 3 {
                assert_eq!(find_mpeg_sync_memchr(&data, from), None);
            }
        }
    }
}
