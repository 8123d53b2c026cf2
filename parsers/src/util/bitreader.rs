//! mutagen's `BitReader` over a [`Source`]: bits read most significant first from a file
//! position, whole bytes fetched as needed, skips that seek (past the end of the file too,
//! where only the next read fails).

use crate::error::Result;
use crate::source::Source;

/// Reading past the end of the input (mutagen's `BitReaderError("not enough data")`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotEnoughData;

/// The message of [`NotEnoughData`].
pub const NOT_ENOUGH_DATA: &str = "not enough data";

/// A bit reader at a byte position of a source.
pub struct BitReader<'a> {
    src: &'a dyn Source,
    /// The position of the next byte to fetch (the file object's `tell()`), past the end
    /// after a skip.
    pos: u64,
    /// Where the reader started.
    start: u64,
    buffer: u64,
    bits: u32,
}

/// A read's outcome: the I/O error of the source, or bits / [`NotEnoughData`].
pub type BitResult<T> = Result<std::result::Result<T, NotEnoughData>>;

impl<'a> BitReader<'a> {
    /// A reader at byte `pos` of `src`.
    #[must_use]
    pub fn new(src: &'a dyn Source, pos: u64) -> Self {
        BitReader {
            src,
            pos,
            start: pos,
            buffer: 0,
            bits: 0,
        }
    }

    /// The next `count` bits (at most 32) as an integer.
    pub fn bits(&mut self, count: u32) -> BitResult<u64> {
        debug_assert!(count <= 32);
        if count > self.bits {
            let n = (count - self.bits).div_ceil(8);
            let data = self.src.read_at(self.pos, n as usize)?;
            if data.len() != n as usize {
                return Ok(Err(NotEnoughData));
            }
            for &b in data.iter() {
                self.buffer = (self.buffer << 8) | u64::from(b);
            }
            self.pos = self.pos.saturating_add(u64::from(n));
            self.bits += n * 8;
        }
        self.bits -= count;
        let value = self.buffer >> self.bits;
        self.buffer &= (1u64 << self.bits) - 1;
        Ok(Ok(value))
    }

    /// Skip `count` bits: within the buffered bits, or by seeking whole bytes then reading
    /// the rest.
    pub fn skip(&mut self, count: u64) -> BitResult<()> {
        if count <= u64::from(self.bits) {
            return Ok(self.bits(count as u32)?.map(|_| ()));
        }
        let count = count - u64::from(self.align());
        self.pos = self.pos.saturating_add(count / 8);
        Ok(self.bits((count % 8) as u32)?.map(|_| ()))
    }

    /// Drop the buffered bits (to the next byte boundary); how many were dropped.
    pub fn align(&mut self) -> u32 {
        let bits = self.bits;
        self.buffer = 0;
        self.bits = 0;
        bits
    }

    /// Whether no bits are buffered.
    #[must_use]
    pub fn is_aligned(&self) -> bool {
        self.bits == 0
    }

    /// The bits read or skipped since the start (`get_position()`).
    #[must_use]
    pub fn position(&self) -> i128 {
        (i128::from(self.pos) - i128::from(self.start)) * 8 - i128::from(self.bits)
    }

    /// The file position after what was fetched (`fileobj.tell()`).
    #[must_use]
    pub fn tell(&self) -> u64 {
        self.pos
    }

    /// One byte, aligned or not (`bytes(1)`).
    pub fn byte(&mut self) -> BitResult<u8> {
        Ok(self.bits(8)?.map(|b| b as u8))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SliceSource;

    #[test]
    fn bits_and_skips_as_mutagen_reads_them() {
        let data = [0b1010_1100, 0xFF, 0x0F];
        let src = SliceSource::new(&data);
        let mut r = BitReader::new(&src, 0);
        assert_eq!(r.bits(3).unwrap(), Ok(0b101));
        assert_eq!(r.bits(9).unwrap(), Ok(0b0_1100_1111));
        r.skip(4).unwrap().unwrap();
        assert_eq!(r.position(), 16);
        r.skip(96).unwrap().unwrap();
        assert_eq!(r.bits(1).unwrap(), Err(NotEnoughData));
    }
}
