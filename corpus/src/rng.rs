//! A small deterministic random generator and the text and picture material built from it.
//!
//! Everything the generator writes comes from [`Rng`], so one seed gives the same bytes on
//! every machine and every run (no hash maps, no clocks, no platform randomness).

/// SplitMix64: tiny, fast and fully specified, which is all a corpus generator needs.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator for `seed`, mixed with a `stream` number so that independent parts of the
    /// corpus (each file) get independent sequences.
    #[must_use]
    pub fn new(seed: u64, stream: u64) -> Self {
        let mut r = Rng {
            state: seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F),
        };
        r.next_u64();
        r
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..hi` (`hi` exclusive; `lo` when the range is empty).
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        lo + self.next_u64() % (hi - lo)
    }

    /// An index below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.range(0, n as u64) as usize
    }

    /// True with probability `num / den`.
    pub fn chance(&mut self, num: u64, den: u64) -> bool {
        self.range(0, den) < num
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `n` random bytes.
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(n + 8);
        while out.len() < n {
            out.extend_from_slice(&self.next_u64().to_le_bytes());
        }
        out.truncate(n);
        out
    }
}

const WORDS: &[&str] = &[
    "amber", "harbor", "velvet", "signal", "winter", "lantern", "copper", "meadow", "echo",
    "orbit", "silver", "thunder", "paper", "river", "glass", "morning", "static", "ember",
    "canyon", "violet", "cobalt", "hollow", "tide", "marble", "falcon", "neon", "quiet", "summit",
    "drift", "pulse", "cinder", "north", "salt", "garden", "radio", "circuit",
];

const ACCENTED: &[&str] = &[
    "café",
    "Überfahrt",
    "naïve",
    "señor",
    "Ærø",
    "Łódź",
    "smörgås",
    "crème",
    "déjà",
    "東京",
    "夜明け",
    "Москва",
    "Ελλάδα",
    "🎵",
    "façade",
    "Kraków",
];

/// Words of generated tag text: mostly ASCII, some accented and non-Latin, so that every
/// text encoding of every format is exercised.
pub fn words(rng: &mut Rng, n: usize, unicode: bool) -> String {
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        if unicode && rng.chance(1, 4) {
            let a: &&str = rng.pick(ACCENTED);
            s.push_str(a);
        } else {
            let w: &&str = rng.pick(WORDS);
            if i == 0 {
                let mut c = w.chars();
                if let Some(f) = c.next() {
                    s.extend(f.to_uppercase());
                    s.push_str(c.as_str());
                }
            } else {
                s.push_str(w);
            }
        }
    }
    s
}

/// A long text of about `len` bytes (lyrics, long comments), in lines.
pub fn long_text(rng: &mut Rng, len: usize) -> String {
    let mut s = String::with_capacity(len + 64);
    while s.len() < len {
        let n = rng.range(3, 9) as usize;
        s.push_str(&words(rng, n, true));
        s.push('\n');
    }
    s
}

/// Bytes that look like a JPEG picture of about `len` bytes (SOI, a JFIF APP0 segment, noise,
/// EOI). Nobody decodes it; readers only carry it.
pub fn fake_jpeg(rng: &mut Rng, len: usize) -> Vec<u8> {
    let mut out = vec![
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00,
        0x48, 0x00, 0x48, 0x00, 0x00,
    ];
    let body = len.saturating_sub(out.len() + 2);
    out.extend(rng.bytes(body));
    out.extend_from_slice(&[0xFF, 0xD9]);
    out
}

/// Bytes that look like a PNG picture of about `len` bytes.
pub fn fake_png(rng: &mut Rng, len: usize) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    let body = len.saturating_sub(out.len());
    out.extend(rng.bytes(body));
    out
}

/// Standard base64 with padding (for `METADATA_BLOCK_PICTURE` in Ogg comments).
#[must_use]
pub fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(T[(n >> 18) as usize & 63] as char);
        out.push(T[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            T[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            T[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence_and_streams_differ() {
        let a: Vec<u64> = (0..4).map(|_| Rng::new(7, 1).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        assert_ne!(Rng::new(7, 1).next_u64(), Rng::new(7, 2).next_u64());
        assert_ne!(Rng::new(7, 1).next_u64(), Rng::new(8, 1).next_u64());
    }

    #[test]
    fn base64_known_values() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
