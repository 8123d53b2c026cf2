//! The portable MPEG sync finder: SWAR over eight bytes at a time, in safe code. It is the
//! fallback where no vector implementation applies, and the tail of the vector ones.

/// The low seven bits of every byte.
const LO7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
/// The high bit of every byte.
const HI: u64 = 0x8080_8080_8080_8080;
/// The top three bits of every byte: the sync bits of the second header byte.
const TOP3: u64 = 0xE0E0_E0E0_E0E0_E0E0;

/// The high bit set in each byte of `y` that is zero, and nowhere else. Exact: adding within
/// the low seven bits never carries into the next byte.
#[inline]
fn zero_bytes(y: u64) -> u64 {
    !(((y & LO7) + LO7) | y) & HI
}

/// The first position `at >= from` with `data[at] == 0xFF` and `data[at + 1] & 0xE0 == 0xE0`.
#[must_use]
pub fn find(data: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    // Each step needs the eight bytes at `i` and the eight at `i + 1`.
    while let Some(win) = i.checked_add(9).and_then(|end| data.get(i..end)) {
        let mut a = [0u8; 8];
        let mut b = [0u8; 8];
        a.copy_from_slice(&win[..8]);
        b.copy_from_slice(&win[1..]);
        let first = zero_bytes(!u64::from_le_bytes(a));
        let second = zero_bytes(!u64::from_le_bytes(b) & TOP3);
        let hits = first & second;
        if hits != 0 {
            return Some(i + (hits.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    super::naive::find(data, i)
}
