//! The formats that carry an APEv2 tag at their end: WavPack (`wvpk` blocks), Monkey's Audio
//! (a 3.98+ descriptor and header, a seek table, frames), Musepack SV8 (`MPCK` and packets),
//! TAK (`tBaK` and metadata blocks) and OptimFROG (the `OFR ` header and `COMP` chunks).
//! The audio is noise in the right framing; the tag comes from [`crate::apev2::tag`].

use crate::rng::Rng;
use crate::tags::TagSet;

/// How a WavPack, Monkey's Audio or Musepack file is laid out.
#[derive(Debug, Clone)]
pub struct ApeFamilyOptions {
    /// Sample rate in Hz (44100 or 48000).
    pub sample_rate: u32,
    /// Channels (1 or 2).
    pub channels: u16,
    /// Total samples per channel the headers announce.
    pub samples: u64,
    /// Bytes of fake audio after the headers.
    pub audio_bytes: usize,
}

impl Default for ApeFamilyOptions {
    fn default() -> Self {
        ApeFamilyOptions {
            sample_rate: 44100,
            channels: 2,
            samples: 44100 * 180,
            audio_bytes: 64 * 1024,
        }
    }
}

/// WavPack's sample-rate table index for a rate (15: not in the table).
fn wavpack_rate_index(rate: u32) -> u32 {
    const RATES: [u32; 15] = [
        6000, 8000, 9600, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 64000, 88200,
        96000, 192_000,
    ];
    RATES
        .iter()
        .position(|&r| r == rate)
        .map_or(15, |i| i as u32)
}

/// A whole WavPack file: blocks of up to 4 KB (a 32-byte `wvpk` header, one bitstream
/// sub-block of noise), then an APEv2 tag.
pub fn wavpack(rng: &mut Rng, tags: &TagSet, o: &ApeFamilyOptions) -> Vec<u8> {
    let mut out = Vec::with_capacity(o.audio_bytes + 1024);
    let blocks = o.audio_bytes.div_ceil(4096).max(1);
    let per_block = (o.samples / blocks as u64).max(1);
    let mut left = o.audio_bytes.max(64);
    let mut index = 0u64;
    for b in 0..blocks {
        // A payload of whole 16-bit words: the sub-block size is counted in words.
        let payload = left.min(4096).saturating_sub(4).max(2) & !1;
        left = left.saturating_sub(payload + 4);
        let block_samples = if b + 1 == blocks {
            o.samples - index
        } else {
            per_block
        };
        let mut flags: u32 = 1; // 16 bits per sample
        if o.channels == 1 {
            flags |= 4;
        }
        flags |= 0x800 | 0x1000; // initial and final block of its frame
        flags |= wavpack_rate_index(o.sample_rate) << 23;
        let size = 32 + 4 + payload;
        out.extend_from_slice(b"wvpk");
        out.extend_from_slice(&((size - 8) as u32).to_le_bytes());
        out.extend_from_slice(&0x410u16.to_le_bytes());
        out.extend_from_slice(&[0, 0]); // track, index (upper bits of the counts)
        out.extend_from_slice(&(o.samples as u32).to_le_bytes());
        out.extend_from_slice(&(index as u32).to_le_bytes());
        out.extend_from_slice(&(block_samples as u32).to_le_bytes());
        out.extend_from_slice(&flags.to_le_bytes());
        out.extend_from_slice(&(rng.next_u64() as u32).to_le_bytes()); // CRC
                                                                       // ID_WV_BITSTREAM with the large-size flag, its size in words.
        let words = payload / 2;
        out.extend_from_slice(&[0x8A, words as u8, (words >> 8) as u8, (words >> 16) as u8]);
        out.extend(rng.bytes(payload));
        index += block_samples;
    }
    out.extend(crate::apev2::tag(tags));
    out
}

/// A whole Monkey's Audio file, version 3.99: descriptor, header, seek table, frames of noise,
/// then an APEv2 tag.
pub fn monkeys_audio(rng: &mut Rng, tags: &TagSet, o: &ApeFamilyOptions) -> Vec<u8> {
    const BLOCKS_PER_FRAME: u64 = 73_728;
    let total_frames = o.samples.div_ceil(BLOCKS_PER_FRAME).max(1);
    let final_blocks = o.samples - (total_frames - 1) * BLOCKS_PER_FRAME;
    let seek_bytes = (total_frames * 4) as u32;
    let mut out = Vec::with_capacity(o.audio_bytes + 1024);
    // APE_DESCRIPTOR (52 bytes).
    out.extend_from_slice(b"MAC ");
    out.extend_from_slice(&3990u16.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&52u32.to_le_bytes());
    out.extend_from_slice(&24u32.to_le_bytes());
    out.extend_from_slice(&seek_bytes.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes()); // WAV header bytes
    out.extend_from_slice(&(o.audio_bytes as u32).to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes()); // frame data bytes, high
    out.extend_from_slice(&0u32.to_le_bytes()); // terminating bytes
    out.extend(rng.bytes(16)); // MD5
                               // APE_HEADER (24 bytes).
    out.extend_from_slice(&2000u16.to_le_bytes()); // compression level: normal
    out.extend_from_slice(&0x20u16.to_le_bytes()); // flags: create the WAV header on decoding
    out.extend_from_slice(&(BLOCKS_PER_FRAME as u32).to_le_bytes());
    out.extend_from_slice(&(final_blocks as u32).to_le_bytes());
    out.extend_from_slice(&(total_frames as u32).to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(&o.channels.to_le_bytes());
    out.extend_from_slice(&o.sample_rate.to_le_bytes());
    // The seek table: where each frame starts.
    let first = 52 + 24 + u64::from(seek_bytes);
    let step = o.audio_bytes as u64 / total_frames;
    for i in 0..total_frames {
        out.extend_from_slice(&((first + i * step) as u32).to_le_bytes());
    }
    out.extend(rng.bytes(o.audio_bytes));
    out.extend(crate::apev2::tag(tags));
    out
}

/// Musepack SV8's variable-length integer: 7 bits a byte, most significant first, the high bit
/// set on every byte but the last.
fn sv8_int(mut n: u64) -> Vec<u8> {
    let mut v = vec![(n & 0x7F) as u8];
    n >>= 7;
    while n > 0 {
        v.push((n & 0x7F) as u8 | 0x80);
        n >>= 7;
    }
    v.reverse();
    v
}

/// One SV8 packet: the two-letter key, the size (which counts the key and itself), the payload.
fn sv8_packet(out: &mut Vec<u8>, key: [u8; 2], payload: &[u8]) {
    let mut s = 1;
    while sv8_int((2 + s + payload.len()) as u64).len() != s {
        s += 1;
    }
    out.extend_from_slice(&key);
    out.extend(sv8_int((2 + s + payload.len()) as u64));
    out.extend_from_slice(payload);
}

/// CRC-32 (IEEE, reflected), as the SV8 stream header and the True Audio header store it.
#[must_use]
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A whole Musepack SV8 file: `MPCK`, the stream header (SH), replay gain (RG) and encoder
/// information (EI) packets, audio packets (AP) of noise, the stream end (SE), then an APEv2
/// tag.
pub fn musepack(rng: &mut Rng, tags: &TagSet, o: &ApeFamilyOptions) -> Vec<u8> {
    let mut out = b"MPCK".to_vec();
    let mut sh = vec![8u8]; // stream version
    sh.extend(sv8_int(o.samples));
    sh.extend(sv8_int(0)); // beginning silence
    let rate_index: u8 = match o.sample_rate {
        48000 => 1,
        37800 => 2,
        32000 => 3,
        _ => 0,
    };
    sh.push((rate_index << 5) | 0x1F); // rate, maximum band used
    sh.push((((o.channels - 1) as u8) << 4) | 0x08 | 0x04); // channels, mid-side, 4^4 frames
    let mut sh_payload = crc32(&sh).to_be_bytes().to_vec();
    sh_payload.extend(sh);
    sv8_packet(&mut out, *b"SH", &sh_payload);
    let mut rg = vec![1u8];
    for _ in 0..4 {
        rg.extend_from_slice(&(rng.range(0, 0x7FFF) as u16).to_be_bytes());
    }
    sv8_packet(&mut out, *b"RG", &rg);
    sv8_packet(&mut out, *b"EI", &[0xB0, 1, 1, 13]);
    let mut left = o.audio_bytes;
    while left > 0 {
        let n = left.min(rng.range(200, 900) as usize);
        sv8_packet(&mut out, *b"AP", &rng.bytes(n));
        left -= n;
    }
    sv8_packet(&mut out, *b"SE", &[]);
    out.extend(crate::apev2::tag(tags));
    out
}

/// Writes bits least significant first, as TAK's metadata stores them.
struct LsbBits {
    out: Vec<u8>,
    used: u32,
}

impl LsbBits {
    /// Append the low `count` bits of `value`, least significant first.
    fn put(&mut self, count: u32, value: u64) {
        for i in 0..count {
            if self.used.is_multiple_of(8) {
                self.out.push(0);
            }
            let last = self.out.len() - 1;
            self.out[last] |= (((value >> i) & 1) as u8) << (self.used % 8);
            self.used += 1;
        }
    }
}

/// CRC-24 (the OpenPGP polynomial), as TAK's metadata blocks end with it.
#[must_use]
pub fn crc24(data: &[u8]) -> u32 {
    let mut crc = 0x00B7_04CEu32;
    for &b in data {
        crc ^= u32::from(b) << 16;
        for _ in 0..8 {
            crc <<= 1;
            if crc & 0x0100_0000 != 0 {
                crc ^= 0x0186_4CFB;
            }
        }
    }
    crc & 0x00FF_FFFF
}

/// One TAK metadata block: the type byte, the 24-bit size (which counts the CRC), the body
/// and its CRC-24.
fn tak_block(out: &mut Vec<u8>, kind: u8, body: &[u8]) {
    out.push(kind);
    out.extend_from_slice(&((body.len() + 3) as u32).to_le_bytes()[..3]);
    out.extend_from_slice(body);
    out.extend_from_slice(&crc24(body).to_le_bytes()[..3]);
}

/// A whole TAK file: `tBaK`, the stream information block (codec, frame size, sample count,
/// rate, bits, channels), the encoder information and MD5 blocks, the end block, frames of
/// noise, then an APEv2 tag.
pub fn tak(rng: &mut Rng, tags: &TagSet, o: &ApeFamilyOptions) -> Vec<u8> {
    let mut out = b"tBaK".to_vec();
    let mut info = LsbBits {
        out: Vec::with_capacity(10),
        used: 0,
    };
    info.put(6, 2); // codec: 24-bit integer
    info.put(4, rng.range(0, 4)); // profile
    info.put(4, 2); // frame duration
    info.put(35, o.samples);
    info.put(3, 0); // PCM
    info.put(18, u64::from(o.sample_rate.saturating_sub(6000)));
    info.put(5, 16 - 8);
    info.put(4, u64::from(o.channels.max(1) - 1));
    info.put(1, 0); // no format extension
    tak_block(&mut out, 1, &info.out);
    tak_block(&mut out, 4, &[0, *rng.pick(&[2u8, 3, 3]), 2]);
    tak_block(&mut out, 6, &rng.bytes(16));
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend(rng.bytes(o.audio_bytes));
    out.extend(crate::apev2::tag(tags));
    out
}

/// A whole OptimFROG file: the `OFR ` header (15 bytes of data: sample count, sample type,
/// channels, rate, encoder version, compression), `COMP` chunks of noise, then an APEv2 tag.
pub fn optimfrog(rng: &mut Rng, tags: &TagSet, o: &ApeFamilyOptions) -> Vec<u8> {
    let total = o.samples * u64::from(o.channels);
    let mut out = b"OFR ".to_vec();
    out.extend_from_slice(&15u32.to_le_bytes());
    out.extend_from_slice(&(total as u32).to_le_bytes());
    out.extend_from_slice(&((total >> 32) as u16).to_le_bytes());
    out.push(3); // signed 16-bit
    out.push((o.channels.max(1) - 1) as u8);
    out.extend_from_slice(&o.sample_rate.to_le_bytes());
    let version = *rng.pick(&[600u16, 600, 503, 100]);
    out.extend_from_slice(&((version << 4) | 1).to_le_bytes());
    out.push(rng.range(0, 10) as u8 * 8 + 1); // compression mode
    let mut left = o.audio_bytes.max(64);
    while left > 0 {
        let n = left.min(rng.range(2048, 8192) as usize);
        out.extend_from_slice(b"COMP");
        out.extend_from_slice(&(n as u32).to_le_bytes());
        out.extend(rng.bytes(n));
        left -= n;
    }
    out.extend(crate::apev2::tag(tags));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sv8_sizes_count_their_own_bytes() {
        assert_eq!(sv8_int(0x7F), vec![0x7F]);
        assert_eq!(sv8_int(0x80), vec![0x81, 0x00]);
        let mut p = Vec::new();
        sv8_packet(&mut p, *b"AP", &[0u8; 125]);
        assert_eq!(p.len(), 2 + 2 + 125);
        assert_eq!(&p[2..4], &[0x81, 0x01]);
    }

    #[test]
    fn crc32_of_check_string() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn crc24_of_check_string() {
        assert_eq!(crc24(b"123456789"), 0x21_CF02);
    }

    #[test]
    fn tak_stream_info_bits() {
        let mut b = LsbBits {
            out: Vec::new(),
            used: 0,
        };
        b.put(6, 2);
        b.put(4, 0);
        b.put(4, 2);
        b.put(35, 44100 * 60);
        b.put(3, 0);
        b.put(18, 44100 - 6000);
        b.put(5, 8);
        b.put(4, 1);
        b.put(1, 0);
        assert_eq!(b.out.len(), 10);
        let data = &b.out;
        let bit = |at: usize| u64::from((data[at / 8] >> (at % 8)) & 1);
        let take = |from: usize, n: usize| (0..n).fold(0, |v, i| v | (bit(from + i) << i));
        assert_eq!(take(14, 35), 44100 * 60);
        assert_eq!(take(52, 18) + 6000, 44100);
        assert_eq!(take(75, 4) + 1, 2);
    }
}
