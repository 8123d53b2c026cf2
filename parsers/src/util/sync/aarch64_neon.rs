//! The NEON MPEG sync finder: compares 16 positions per step. NEON is part of the aarch64
//! baseline, so no runtime detection is needed.

use core::arch::aarch64::{
    vandq_u8, vceqq_u8, vdupq_n_u8, vget_lane_u64, vld1q_u8, vreinterpret_u64_u8,
    vreinterpretq_u16_u8, vshrn_n_u16,
};

/// The first position `at >= from` with `data[at] == 0xFF` and `data[at + 1] & 0xE0 == 0xE0`.
#[must_use]
pub fn find(data: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    // Each step reads the 16 bytes at `i` and the 16 at `i + 1`: 17 bytes from `i`.
    while i.checked_add(17).is_some_and(|end| end <= data.len()) {
        // SAFETY: `i + 17 <= data.len()`, so both 16-byte loads (at `i` and at `i + 1`) stay
        // inside `data`; NEON is a baseline feature of every aarch64 target.
        #[allow(unsafe_code)]
        let bits = unsafe {
            let p = data.as_ptr().add(i);
            let a = vld1q_u8(p);
            let b = vld1q_u8(p.add(1));
            let top = vdupq_n_u8(0xE0);
            let hits = vandq_u8(
                vceqq_u8(a, vdupq_n_u8(0xFF)),
                vceqq_u8(vandq_u8(b, top), top),
            );
            // Narrow each 0x00/0xFF byte to a nibble: bit 4k of the result is position k.
            let nibbles = vshrn_n_u16::<4>(vreinterpretq_u16_u8(hits));
            vget_lane_u64::<0>(vreinterpret_u64_u8(nibbles))
        };
        if bits != 0 {
            return Some(i + (bits.trailing_zeros() / 4) as usize);
        }
        i += 16;
    }
    super::generic::find(data, i)
}
