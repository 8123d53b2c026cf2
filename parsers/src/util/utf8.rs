//! UTF-8 validation: the seam of the `std-utf8` | `simd-utf8` axis.
//!
//! Every reader that checks tag text as UTF-8 (ID3 UTF-8 frames, Vorbis comments, MP4 text
//! items, FLAC picture descriptions) calls [`validate`]. By default it is the `simdutf8`
//! crate's validator, which checks 32 or 64 bytes per step with the CPU's vector instructions
//! (chosen at run time, with a scalar fallback): much faster than the standard library's on
//! text that is not ASCII, and measured faster on every format (variants/README.md). With
//! the `std-utf8` feature (the plain value, kept as the reference) it is the standard
//! library's, which runs through ASCII a word at a time and through other text a character
//! at a time. Both accept exactly the same inputs; where the position of the first bad byte
//! matters, the callers' error paths go through the standard library.

/// Text shorter than this is checked by the standard library's validator in every build.
#[cfg(not(feature = "std-utf8"))]
const SIMD_MIN: usize = 64;

/// `bytes` as a `&str` if they are valid UTF-8.
#[inline]
#[must_use]
pub fn validate(bytes: &[u8]) -> Option<&str> {
    #[cfg(not(feature = "std-utf8"))]
    {
        // Short text (most tag values) is checked faster by the standard library, which
        // has no dispatch to make; the vector loop pays from a few blocks on.
        if bytes.len() < SIMD_MIN {
            std::str::from_utf8(bytes).ok()
        } else {
            simdutf8::basic::from_utf8(bytes).ok()
        }
    }
    #[cfg(feature = "std-utf8")]
    {
        std::str::from_utf8(bytes).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::validate;

    #[test]
    fn agrees_with_the_standard_library() {
        let cases: &[&[u8]] = &[
            b"",
            b"plain ascii text",
            "caf\u{e9} \u{6771}\u{4eac} \u{1f3b5}".as_bytes(),
            b"\xff",
            b"ok then \xc3",
            b"\xed\xa0\x80",     // a surrogate
            b"\xf4\x90\x80\x80", // past U+10FFFF
            b"\xc0\xaf",         // overlong
        ];
        for case in cases {
            assert_eq!(validate(case), std::str::from_utf8(case).ok(), "{case:?}");
        }
        // Long inputs cross the vector loop's block boundaries, with a bad byte at each offset.
        let long = "\u{41f}\u{440}\u{438}\u{432}\u{435}\u{442} abc \u{1f3b5} ".repeat(40);
        for at in [0, 1, 31, 32, 63, 64, 200, long.len() - 1] {
            let mut bytes = long.clone().into_bytes();
            bytes[at] = 0xff;
            assert_eq!(validate(&bytes), None);
        }
        assert_eq!(validate(long.as_bytes()), Some(long.as_str()));
    }
}
