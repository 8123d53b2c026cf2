//! The `simd` variant of the MPEG frame sync finder: one module per implementation of the
//! same function, `find(data, from) -> Option<usize>`, which returns the first position
//! `at >= from` where `data[at] == 0xFF` and `data[at + 1] & 0xE0 == 0xE0`.
//!
//! - [`naive`]: the reference, one position at a time; every other implementation is tested
//!   against it.
//! - [`generic`]: portable SWAR (eight bytes per step in a `u64`), safe code; the fallback.
//! - `x86_64_avx2`: 64 positions per step (32 near the end) with AVX2, chosen at run time
//!   when the CPU has it.
//! - `aarch64_neon`: 16 bytes per step with NEON (a baseline feature of aarch64).
//!
//! Under Miri the runtime detection is skipped and [`generic`] runs, unless AVX2 is enabled at
//! compile time (`RUSTFLAGS="-Ctarget-feature=+avx2" cargo +nightly miri test ...`): then Miri
//! runs the AVX2 finder too and checks its loads.

pub mod generic;
pub mod naive;

#[cfg(target_arch = "aarch64")]
pub mod aarch64_neon;
#[cfg(target_arch = "x86_64")]
pub mod x86_64_avx2;

/// The first MPEG frame sync candidate at or after `from`, with the fastest implementation
/// this CPU supports.
#[inline]
#[must_use]
pub fn find(data: &[u8], from: usize) -> Option<usize> {
    #[cfg(all(target_arch = "x86_64", any(not(miri), target_feature = "avx2")))]
    {
        if let Some(avx2) = x86_64_avx2::Finder::new() {
            return avx2.find(data, from);
        }
    }
    #[cfg(all(target_arch = "aarch64", not(miri)))]
    {
        return aarch64_neon::find(data, from);
    }
    #[allow(unreachable_code)]
    generic::find(data, from)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (xorshift64*), so the property tests need no crate.
    pub(crate) struct Rng(u64);

    impl Rng {
        pub(crate) fn new(seed: u64) -> Self {
            Rng(seed | 1)
        }

        pub(crate) fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        /// Bytes where syncs and near-syncs are common: `0xFF`, bytes with the top three
        /// bits set, bytes with only two of them, and anything.
        pub(crate) fn bytes(&mut self, n: usize) -> Vec<u8> {
            (0..n)
                .map(|_| {
                    let r = self.next();
                    let low = (r >> 8) as u8;
                    match r % 5 {
                        0 | 1 => 0xFF,
                        2 => 0xE0 | low,
                        3 => 0xC0 | (low & 0x1F),
                        _ => low,
                    }
                })
                .collect()
        }
    }

    /// A sync finder under test.
    type FindFn = fn(&[u8], usize) -> Option<usize>;

    /// Every implementation this CPU can run, with its name.
    fn implementations() -> Vec<(&'static str, FindFn)> {
        let mut v: Vec<(&'static str, FindFn)> =
            vec![("generic", generic::find), ("dispatch", find)];
        #[cfg(all(target_arch = "x86_64", any(not(miri), target_feature = "avx2")))]
        if x86_64_avx2::Finder::new().is_some() {
            v.push(("avx2", |d, f| {
                x86_64_avx2::Finder::new().and_then(|a| a.find(d, f))
            }));
        }
        #[cfg(target_arch = "aarch64")]
        v.push(("neon", aarch64_neon::find));
        v
    }

    #[test]
    fn scan_sync_implementations_match_naive_on_random_inputs() {
        let mut rng = Rng::new(0x005E_ED0F_5CA7);
        let rounds = if cfg!(miri) { 40 } else { 4000 };
        for round in 0..rounds {
            let len = (rng.next() % 200) as usize;
            let mut data = rng.bytes(len);
            // Every fourth input is sparse: long runs without any candidate.
            if round % 4 == 0 {
                for b in &mut data {
                    if !rng.next().is_multiple_of(64) {
                        *b = 0;
                    }
                }
            }
            let from = (rng.next() % (len as u64 + 3)) as usize;
            let want = naive::find(&data, from);
            for (name, f) in implementations() {
                assert_eq!(f(&data, from), want, "{name}: {data:02x?} from {from}");
            }
        }
    }

    #[test]
    fn scan_sync_finds_every_position_and_boundary() {
        // Two AVX2 steps of 64 and the tails; fewer under Miri, where each check is slow.
        let max_len: usize = if cfg!(miri) { 40 } else { 150 };
        for len in 0..max_len {
            for at in 0..len.saturating_sub(1) {
                let mut data = vec![0u8; len];
                data[at] = 0xFF;
                data[at + 1] = 0xE0;
                for from in [0, at, at + 1] {
                    let want = naive::find(&data, from);
                    assert_eq!(want, (from <= at).then_some(at));
                    for (name, f) in implementations() {
                        assert_eq!(f(&data, from), want, "{name}: len {len} at {at}");
                    }
                }
            }
            // A lone 0xFF at the very end is not a sync.
            let mut data = vec![0xFFu8; len];
            for b in data.iter_mut().take(len.saturating_sub(1)) {
                *b = 0x1F;
            }
            for (name, f) in implementations() {
                assert_eq!(f(&data, 0), None, "{name}: len {len}");
            }
        }
    }
}
