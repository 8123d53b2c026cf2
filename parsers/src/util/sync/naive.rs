//! The reference MPEG sync finder: one position at a time, obviously right.

/// The first position `at >= from` with `data[at] == 0xFF` and `data[at + 1] & 0xE0 == 0xE0`.
#[must_use]
pub fn find(data: &[u8], from: usize) -> Option<usize> {
    let start = from.min(data.len());
    data.get(start..)?
        .windows(2)
        .position(|w| w[0] == 0xFF && w[1] & 0xE0 == 0xE0)
        .map(|p| start + p)
}
