//! Fixed-width reads at offsets the caller has already validated: the seam of the `unchecked`
//! variant.
//!
//! Every reader comes as a pair with the same parameters: `read_*_checked` indexes with bounds
//! checks (and panics on a bad offset, which callers rule out before calling), and
//! `read_*_unchecked` is what the hot loops call through the `unchecked!` macro. Without the
//! `unchecked` feature, `read_*_unchecked` is a safe function that forwards to its checked
//! twin. With it, `read_*_unchecked` is an `unsafe fn` whose contract is
//! `off + N <= data.len()`; its body reads without bounds checks in release builds and under
//! Miri, and stays checked in other debug builds (so ordinary tests still catch a wrong offset
//! with a panic).
//!
//! Callers validate the length of their input once, on entry to the loop, and then call the
//! readers with constant offsets inside that length; each call carries a `// SAFETY:` comment
//! saying which check covers it. File bytes never choose an offset that was not checked.

/// Call a `read_*_unchecked` reader of this module: inside an `unsafe` block with the
/// `unchecked` feature (the caller's `// SAFETY:` comment states why the offset is in bounds),
/// a plain call otherwise.
#[cfg(feature = "unchecked")]
macro_rules! unchecked {
    ($e:expr) => {{
        #[allow(unsafe_code)]
        let value = unsafe { $e };
        value
    }};
}

/// Call a `read_*_unchecked` reader of this module: inside an `unsafe` block with the
/// `unchecked` feature (the caller's `// SAFETY:` comment states why the offset is in bounds),
/// a plain call otherwise.
#[cfg(not(feature = "unchecked"))]
macro_rules! unchecked {
    ($e:expr) => {
        $e
    };
}

pub(crate) use unchecked;

/// The `N` bytes at `off`, with bounds checks.
///
/// # Panics
/// Where `off + N` exceeds `data.len()`.
#[inline]
#[must_use]
pub fn array_checked<const N: usize>(data: &[u8], off: usize) -> [u8; N] {
    let mut out = [0u8; N];
    out.copy_from_slice(&data[off..off + N]);
    out
}

/// The `N` bytes at `off`, without bounds checks in release builds and under Miri.
///
/// # Safety
/// `off + N <= data.len()` (and the sum does not overflow).
#[cfg(feature = "unchecked")]
#[allow(unsafe_code)]
#[inline]
#[must_use]
pub unsafe fn array_unchecked<const N: usize>(data: &[u8], off: usize) -> [u8; N] {
    #[cfg(any(not(debug_assertions), miri))]
    {
        // SAFETY: the caller guarantees `off + N <= data.len()`, so the `N` bytes starting at
        // `off` lie inside `data`; `[u8; N]` has alignment 1, so the unaligned pointer is fine.
        unsafe { data.as_ptr().add(off).cast::<[u8; N]>().read() }
    }
    #[cfg(all(debug_assertions, not(miri)))]
    {
        array_checked(data, off)
    }
}

/// The bytes `start..end` of `data`, with bounds checks.
///
/// # Panics
/// Where `start > end` or `end > data.len()`.
#[inline]
#[must_use]
pub fn slice_checked(data: &[u8], start: usize, end: usize) -> &[u8] {
    &data[start..end]
}

/// The bytes `start..end` of `data`, without bounds checks in release builds and under Miri.
///
/// # Safety
/// `start <= end <= data.len()`.
#[cfg(feature = "unchecked")]
#[allow(unsafe_code)]
#[inline]
#[must_use]
pub unsafe fn slice_unchecked(data: &[u8], start: usize, end: usize) -> &[u8] {
    #[cfg(any(not(debug_assertions), miri))]
    {
        // SAFETY: the caller guarantees `start <= end <= data.len()`.
        unsafe { data.get_unchecked(start..end) }
    }
    #[cfg(all(debug_assertions, not(miri)))]
    {
        slice_checked(data, start, end)
    }
}

/// The bytes `start..end` of `data` (the checked twin without the `unchecked` feature).
///
/// # Panics
/// Where `start > end` or `end > data.len()`.
#[cfg(not(feature = "unchecked"))]
#[inline]
#[must_use]
pub fn slice_unchecked(data: &[u8], start: usize, end: usize) -> &[u8] {
    slice_checked(data, start, end)
}

/// Define a checked reader and its unchecked twin for one fixed-width integer.
macro_rules! readers {
    ($($what:literal, $checked:ident, $unchecked:ident, $t:ty, $n:literal, $conv:ident;)*) => {$(
        #[doc = concat!("The ", $what, " at `off`, with bounds checks.")]
        ///
        /// # Panics
        #[doc = concat!("Where `off + ", $n, "` exceeds `data.len()`.")]
        #[inline]
        #[must_use]
        pub fn $checked(data: &[u8], off: usize) -> $t {
            <$t>::$conv(array_checked::<$n>(data, off))
        }

        #[doc = concat!("The ", $what, " at `off`, without bounds checks in release builds and under Miri.")]
        ///
        /// # Safety
        #[doc = concat!("`off + ", $n, " <= data.len()`.")]
        #[cfg(feature = "unchecked")]
        #[allow(unsafe_code)]
        #[inline]
        #[must_use]
        pub unsafe fn $unchecked(data: &[u8], off: usize) -> $t {
            // SAFETY: this function's contract is `array_unchecked`'s for `N` bytes.
            <$t>::$conv(unsafe { array_unchecked::<$n>(data, off) })
        }

        #[doc = concat!("The ", $what, " at `off` (the checked twin without the `unchecked` feature).")]
        ///
        /// # Panics
        #[doc = concat!("Where `off + ", $n, "` exceeds `data.len()`.")]
        #[cfg(not(feature = "unchecked"))]
        #[inline]
        #[must_use]
        pub fn $unchecked(data: &[u8], off: usize) -> $t {
            $checked(data, off)
        }
    )*};
}

readers! {
    "byte", read_u8_checked, read_u8_unchecked, u8, 1, from_be_bytes;
    "big-endian `u16`", read_u16_be_checked, read_u16_be_unchecked, u16, 2, from_be_bytes;
    "big-endian `u32`", read_u32_be_checked, read_u32_be_unchecked, u32, 4, from_be_bytes;
    "big-endian `u64`", read_u64_be_checked, read_u64_be_unchecked, u64, 8, from_be_bytes;
    "little-endian `u32`", read_u32_le_checked, read_u32_le_unchecked, u32, 4, from_le_bytes;
    "little-endian `u64`", read_u64_le_checked, read_u64_le_unchecked, u64, 8, from_le_bytes;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every reader at every offset that fits, for every length up to `N`, against the
    /// checked twin and against a reference computed from the bytes one by one.
    #[test]
    fn readers_at_every_valid_offset() {
        let bytes: Vec<u8> = (0..24u8).map(|i| i.wrapping_mul(37) ^ 0xA5).collect();
        for len in 0..=bytes.len() {
            let data = &bytes[..len];
            for off in 0..len {
                // SAFETY: `off < len == data.len()`.
                assert_eq!(unchecked!(read_u8_unchecked(data, off)), data[off]);
                assert_eq!(read_u8_checked(data, off), data[off]);
            }
            for off in 0..len {
                if off + 2 > len {
                    break;
                }
                let want = u16::from(data[off]) << 8 | u16::from(data[off + 1]);
                // SAFETY: `off + 2 <= data.len()` by the check above.
                assert_eq!(unchecked!(read_u16_be_unchecked(data, off)), want);
                assert_eq!(read_u16_be_checked(data, off), want);
            }
            for off in 0..len {
                if off + 4 > len {
                    break;
                }
                let want_be = (0..4).fold(0u32, |a, i| a << 8 | u32::from(data[off + i]));
                let want_le = (0..4)
                    .rev()
                    .fold(0u32, |a, i| a << 8 | u32::from(data[off + i]));
                // SAFETY: `off + 4 <= data.len()` by the check above.
                assert_eq!(unchecked!(read_u32_be_unchecked(data, off)), want_be);
                // SAFETY: as above.
                assert_eq!(unchecked!(read_u32_le_unchecked(data, off)), want_le);
                assert_eq!(read_u32_be_checked(data, off), want_be);
                assert_eq!(read_u32_le_checked(data, off), want_le);
            }
            for off in 0..len {
                if off + 8 > len {
                    break;
                }
                let want_be = (0..8).fold(0u64, |a, i| a << 8 | u64::from(data[off + i]));
                let want_le = (0..8)
                    .rev()
                    .fold(0u64, |a, i| a << 8 | u64::from(data[off + i]));
                // SAFETY: `off + 8 <= data.len()` by the check above.
                assert_eq!(unchecked!(read_u64_be_unchecked(data, off)), want_be);
                // SAFETY: as above.
                assert_eq!(unchecked!(read_u64_le_unchecked(data, off)), want_le);
                assert_eq!(read_u64_be_checked(data, off), want_be);
                assert_eq!(read_u64_le_checked(data, off), want_le);
            }
            for start in 0..=len {
                for end in start..=len {
                    // SAFETY: `start <= end <= data.len()` by the loop bounds.
                    assert_eq!(
                        unchecked!(slice_unchecked(data, start, end)),
                        &data[start..end]
                    );
                }
            }
        }
    }

    #[test]
    fn last_valid_offset_reads_the_final_bytes() {
        let data = [1u8, 2, 3, 4, 5, 6, 7, 8, 9];
        // SAFETY: 5 + 4 == data.len().
        assert_eq!(unchecked!(read_u32_be_unchecked(&data, 5)), 0x0607_0809);
        // SAFETY: 1 + 8 == data.len().
        assert_eq!(
            unchecked!(read_u64_le_unchecked(&data, 1)),
            0x0908_0706_0504_0302
        );
        // SAFETY: 8 + 1 == data.len().
        assert_eq!(unchecked!(read_u8_unchecked(&data, 8)), 9);
        // SAFETY: an empty range at the end is in bounds.
        assert!(unchecked!(slice_unchecked(&data, 9, 9)).is_empty());
    }

    #[test]
    #[should_panic(expected = "out of range")]
    fn checked_twin_panics_past_the_end() {
        let _ = read_u32_be_checked(&[0, 1, 2, 3], 1);
    }
}
