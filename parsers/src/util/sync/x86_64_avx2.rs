//! The AVX2 MPEG sync finder: compares 64 positions per step (32 near the end). Only reachable through
//! [`Finder::new`], which checks at run time that the CPU has AVX2.

use core::arch::x86_64::{
    __m256i, _mm256_and_si256, _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_movemask_epi8,
    _mm256_or_si256, _mm256_set1_epi8,
};

/// Proof that the running CPU supports AVX2: the only way to call the AVX2 code safely.
#[derive(Debug, Clone, Copy)]
pub struct Finder(());

impl Finder {
    /// A finder, or `None` when the CPU lacks AVX2. The detection result is cached by the
    /// standard library, so this is a load and a test after the first call.
    #[inline]
    #[must_use]
    pub fn new() -> Option<Self> {
        if std::is_x86_feature_detected!("avx2") {
            Some(Finder(()))
        } else {
            None
        }
    }

    /// The first position `at >= from` with `data[at] == 0xFF` and
    /// `data[at + 1] & 0xE0 == 0xE0`.
    #[inline]
    #[must_use]
    pub fn find(self, data: &[u8], from: usize) -> Option<usize> {
        // SAFETY: a `Finder` exists only when `new` saw that the CPU supports AVX2.
        #[allow(unsafe_code)]
        unsafe {
            find_unchecked(data, from)
        }
    }
}

/// The AVX2 scan itself; the tail shorter than one step goes to the generic finder.
///
/// # Safety
/// - The CPU must support AVX2 (hold a [`Finder`], or check `is_x86_feature_detected!("avx2")`).
#[allow(unsafe_code)]
#[must_use]
#[target_feature(enable = "avx2")]
pub unsafe fn find_unchecked(data: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    // The fast loop: 64 positions per step, and the second byte is only looked at when one
    // of the 64 is 0xFF. Each step reads the 64 bytes at `i` and, on a hit, the 64 at `i + 1`:
    // 65 bytes from `i`.
    while i.checked_add(65).is_some_and(|end| end <= data.len()) {
        // SAFETY: `i + 65 <= data.len()`, so the unaligned 32-byte loads at `i`, `i + 32`,
        // `i + 1` and `i + 33` stay inside `data`; the caller guarantees AVX2.
        #[allow(clippy::cast_ptr_alignment)]
        let bits = unsafe {
            let p = data.as_ptr().add(i);
            let ff = _mm256_set1_epi8(-1);
            let first0 = _mm256_cmpeq_epi8(_mm256_loadu_si256(p.cast::<__m256i>()), ff);
            let first1 = _mm256_cmpeq_epi8(_mm256_loadu_si256(p.add(32).cast::<__m256i>()), ff);
            if _mm256_movemask_epi8(_mm256_or_si256(first0, first1)) == 0 {
                0
            } else {
                let top = _mm256_set1_epi8(0xE0u8 as i8);
                let b0 = _mm256_loadu_si256(p.add(1).cast::<__m256i>());
                let b1 = _mm256_loadu_si256(p.add(33).cast::<__m256i>());
                let second0 = _mm256_cmpeq_epi8(_mm256_and_si256(b0, top), top);
                let second1 = _mm256_cmpeq_epi8(_mm256_and_si256(b1, top), top);
                let lo = _mm256_movemask_epi8(_mm256_and_si256(first0, second0)) as u32;
                let hi = _mm256_movemask_epi8(_mm256_and_si256(first1, second1)) as u32;
                u64::from(lo) | (u64::from(hi) << 32)
            }
        };
        if bits != 0 {
            return Some(i + bits.trailing_zeros() as usize);
        }
        i += 64;
    }
    // Each step reads the 32 bytes at `i` and the 32 at `i + 1`: 33 bytes from `i`.
    while i.checked_add(33).is_some_and(|end| end <= data.len()) {
        // SAFETY: `i + 33 <= data.len()`, so both unaligned 32-byte loads (at `i` and at
        // `i + 1`) stay inside `data`; the caller guarantees AVX2.
        #[allow(clippy::cast_ptr_alignment)]
        let bits = unsafe {
            let p = data.as_ptr().add(i);
            let a = _mm256_loadu_si256(p.cast::<__m256i>());
            let b = _mm256_loadu_si256(p.add(1).cast::<__m256i>());
            let top = _mm256_set1_epi8(0xE0u8 as i8);
            let first = _mm256_cmpeq_epi8(a, _mm256_set1_epi8(-1));
            let second = _mm256_cmpeq_epi8(_mm256_and_si256(b, top), top);
            _mm256_movemask_epi8(_mm256_and_si256(first, second)) as u32
        };
        if bits != 0 {
            return Some(i + bits.trailing_zeros() as usize);
        }
        i += 32;
    }
    super::generic::find(data, i)
}
