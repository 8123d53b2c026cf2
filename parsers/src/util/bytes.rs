//! Bounds-checked access to byte slices: the only way readers index file bytes.
//!
//! Every accessor returns `None` (or an error) instead of panicking when the data is short,
//! so no panic is reachable from file bytes through this module.

use crate::error::{Error, ErrorKind, Result};

/// A forward-only cursor over a byte slice.
#[derive(Debug, Clone)]
pub struct Cursor<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `data`.
    #[must_use]
    pub fn new(data: &'a [u8]) -> Self {
        Cursor { data, pos: 0 }
    }

    /// The current offset from the start.
    #[must_use]
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The bytes not yet consumed.
    #[must_use]
    pub fn rest(&self) -> &'a [u8] {
        self.data.get(self.pos..).unwrap_or(&[])
    }

    /// How many bytes remain.
    #[must_use]
    pub fn remaining(&self) -> usize {
        self.data.len().saturating_sub(self.pos)
    }

    /// Take the next `n` bytes, or `None` if fewer remain (the cursor does not move then).
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let out = self.data.get(self.pos..end)?;
        self.pos = end;
        Some(out)
    }

    /// Take the next `N` bytes as an array.
    pub fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N).and_then(|s| s.try_into().ok())
    }

    /// Take everything that remains.
    pub fn take_rest(&mut self) -> &'a [u8] {
        let out = self.rest();
        self.pos = self.data.len();
        out
    }

    /// Skip `n` bytes; `None` if fewer remain.
    pub fn skip(&mut self, n: usize) -> Option<()> {
        self.take(n).map(|_| ())
    }

    /// Read one byte.
    pub fn u8(&mut self) -> Option<u8> {
        self.array::<1>().map(|[b]| b)
    }

    /// Read a big-endian `u16`.
    pub fn u16_be(&mut self) -> Option<u16> {
        self.array().map(u16::from_be_bytes)
    }

    /// Read a big-endian 24-bit integer.
    pub fn u24_be(&mut self) -> Option<u32> {
        self.array::<3>()
            .map(|b| u32::from_be_bytes([0, b[0], b[1], b[2]]))
    }

    /// Read a big-endian `u32`.
    pub fn u32_be(&mut self) -> Option<u32> {
        self.array().map(u32::from_be_bytes)
    }

    /// Read a big-endian `u64`.
    pub fn u64_be(&mut self) -> Option<u64> {
        self.array().map(u64::from_be_bytes)
    }

    /// Read a little-endian `u16`.
    pub fn u16_le(&mut self) -> Option<u16> {
        self.array().map(u16::from_le_bytes)
    }

    /// Read a little-endian `u32`.
    pub fn u32_le(&mut self) -> Option<u32> {
        self.array().map(u32::from_le_bytes)
    }

    /// Read a little-endian `u64`.
    pub fn u64_le(&mut self) -> Option<u64> {
        self.array().map(u64::from_le_bytes)
    }
}

/// Read a big-endian `u16` at `off`.
#[inline]
#[must_use]
pub fn u16_be(data: &[u8], off: usize) -> Option<u16> {
    Some(u16::from_be_bytes(
        data.get(off..off.checked_add(2)?)?.try_into().ok()?,
    ))
}

/// Read a big-endian `u32` at `off`.
#[inline]
#[must_use]
pub fn u32_be(data: &[u8], off: usize) -> Option<u32> {
    Some(u32::from_be_bytes(
        data.get(off..off.checked_add(4)?)?.try_into().ok()?,
    ))
}

/// Read a big-endian `u64` at `off`.
#[inline]
#[must_use]
pub fn u64_be(data: &[u8], off: usize) -> Option<u64> {
    Some(u64::from_be_bytes(
        data.get(off..off.checked_add(8)?)?.try_into().ok()?,
    ))
}

/// Read a little-endian `u16` at `off`.
#[inline]
#[must_use]
pub fn u16_le(data: &[u8], off: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        data.get(off..off.checked_add(2)?)?.try_into().ok()?,
    ))
}

/// Read a little-endian `u32` at `off`.
#[inline]
#[must_use]
pub fn u32_le(data: &[u8], off: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        data.get(off..off.checked_add(4)?)?.try_into().ok()?,
    ))
}

/// Read a little-endian `u64` at `off`.
#[inline]
#[must_use]
pub fn u64_le(data: &[u8], off: usize) -> Option<u64> {
    Some(u64::from_le_bytes(
        data.get(off..off.checked_add(8)?)?.try_into().ok()?,
    ))
}

/// Turn a missing value into a malformed-data error of the given kind.
pub trait OrMalformed<T> {
    /// `Some(v)` becomes `Ok(v)`; `None` becomes `Error::Malformed(kind, msg)`.
    fn or_malformed(self, kind: ErrorKind, msg: &'static str) -> Result<T>;
}

impl<T> OrMalformed<T> for Option<T> {
    #[inline]
    fn or_malformed(self, kind: ErrorKind, msg: &'static str) -> Result<T> {
        self.ok_or(Error::Malformed(kind, msg))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_never_reads_past_end() {
        let mut c = Cursor::new(&[0, 1, 2]);
        assert_eq!(c.u16_be(), Some(1));
        assert_eq!(c.u16_be(), None);
        assert_eq!(c.position(), 2);
        assert_eq!(c.u8(), Some(2));
        assert_eq!(c.u8(), None);
        assert_eq!(c.take(usize::MAX), None);
    }

    #[test]
    fn free_functions_check_bounds() {
        let d = [0u8, 0, 0, 5];
        assert_eq!(u32_be(&d, 0), Some(5));
        assert_eq!(u32_be(&d, 1), None);
        assert_eq!(u32_le(&d, usize::MAX), None);
    }
}
