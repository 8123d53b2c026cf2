//! Ogg Vorbis and Ogg Opus files: pages with their CRC, the header packets, comments that may
//! span many pages, and audio packets of noise with increasing granule positions.

use crate::rng::{self, Rng};
use crate::tags::TagSet;

/// Which codec's headers to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    /// Vorbis: identification, comment and setup packets.
    Vorbis,
    /// Opus: OpusHead and OpusTags.
    Opus,
}

/// How an Ogg file is laid out.
#[derive(Debug, Clone)]
pub struct OggOptions {
    /// The codec.
    pub codec: Codec,
    /// Channels.
    pub channels: u8,
    /// Sample rate of the stream (Vorbis) or of the input (Opus).
    pub sample_rate: u32,
    /// Audio packets after the headers.
    pub packets: usize,
    /// Put the cover into the comments as `METADATA_BLOCK_PICTURE` (base64 FLAC picture).
    pub picture_in_comments: bool,
    /// Size of the Vorbis setup packet.
    pub setup_len: usize,
    /// Serial number of the logical stream.
    pub serial: u32,
}

impl Default for OggOptions {
    fn default() -> Self {
        OggOptions {
            codec: Codec::Vorbis,
            channels: 2,
            sample_rate: 44100,
            packets: 60,
            picture_in_comments: true,
            setup_len: 3000,
            serial: 0x1234_5678,
        }
    }
}

/// The Ogg CRC-32 (polynomial 0x04C11DB7, MSB first, no reflection, initial 0).
#[must_use]
pub fn crc32(data: &[u8]) -> u32 {
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t = [0u32; 256];
        for (i, e) in t.iter_mut().enumerate() {
            let mut r = (i as u32) << 24;
            for _ in 0..8 {
                r = if r & 0x8000_0000 != 0 {
                    (r << 1) ^ 0x04C1_1DB7
                } else {
                    r << 1
                };
            }
            *e = r;
        }
        t
    });
    let mut crc = 0u32;
    for &b in data {
        crc = (crc << 8) ^ table[((crc >> 24) as u8 ^ b) as usize];
    }
    crc
}

/// Writes the pages of one logical stream.
struct Stream {
    serial: u32,
    seq: u32,
    out: Vec<u8>,
}

impl Stream {
    fn page(&mut self, flags: u8, granule: u64, lacing: &[u8], data: &[u8]) {
        let start = self.out.len();
        self.out.extend_from_slice(b"OggS");
        self.out.push(0);
        self.out.push(flags);
        self.out.extend_from_slice(&granule.to_le_bytes());
        self.out.extend_from_slice(&self.serial.to_le_bytes());
        self.out.extend_from_slice(&self.seq.to_le_bytes());
        self.out.extend_from_slice(&[0, 0, 0, 0]);
        self.out.push(lacing.len() as u8);
        self.out.extend_from_slice(lacing);
        self.out.extend_from_slice(data);
        let crc = crc32(&self.out[start..]);
        self.out[start + 22..start + 26].copy_from_slice(&crc.to_le_bytes());
        self.seq += 1;
    }

    /// Write `packets` starting on a fresh page. Each packet is (bytes, granule after it).
    /// Pages are cut at 255 lacing values or once they hold `page_target` bytes; a page on
    /// which no packet ends gets granule -1. `bos` marks the first page, `eos` the last.
    fn packets(&mut self, packets: &[(Vec<u8>, u64)], page_target: usize, bos: bool, eos: bool) {
        let mut lacing: Vec<u8> = Vec::new();
        let mut data: Vec<u8> = Vec::new();
        let mut continued = false;
        let mut granule: Option<u64> = None;
        let mut first = bos;
        let n = packets.len();
        for (pi, (p, g)) in packets.iter().enumerate() {
            let mut off = 0usize;
            loop {
                let left = p.len() - off;
                let seg = left.min(255);
                lacing.push(seg as u8);
                data.extend_from_slice(&p[off..off + seg]);
                off += seg;
                let packet_done = seg < 255;
                if packet_done {
                    granule = Some(*g);
                }
                let last_of_all = packet_done && pi + 1 == n;
                if lacing.len() == 255 || (packet_done && data.len() >= page_target) || last_of_all
                {
                    let mut flags = 0u8;
                    if continued {
                        flags |= 0x01;
                    }
                    if first {
                        flags |= 0x02;
                    }
                    if last_of_all && eos {
                        flags |= 0x04;
                    }
                    self.page(flags, granule.unwrap_or(u64::MAX), &lacing, &data);
                    first = false;
                    continued = !packet_done;
                    lacing.clear();
                    data.clear();
                    granule = None;
                }
                if packet_done {
                    break;
                }
            }
        }
    }
}

fn vorbis_id(o: &OggOptions) -> Vec<u8> {
    let mut p = b"\x01vorbis".to_vec();
    p.extend_from_slice(&0u32.to_le_bytes());
    p.push(o.channels);
    p.extend_from_slice(&o.sample_rate.to_le_bytes());
    p.extend_from_slice(&0i32.to_le_bytes()); // maximum
    p.extend_from_slice(&160_000i32.to_le_bytes()); // nominal
    p.extend_from_slice(&0i32.to_le_bytes()); // minimum
    p.push(0xB8); // block sizes 256 / 2048
    p.push(1); // framing
    p
}

fn opus_head(o: &OggOptions) -> Vec<u8> {
    let mut p = b"OpusHead".to_vec();
    p.push(1);
    p.push(o.channels);
    p.extend_from_slice(&312u16.to_le_bytes());
    p.extend_from_slice(&o.sample_rate.to_le_bytes());
    p.extend_from_slice(&0i16.to_le_bytes());
    p.push(0);
    p
}

/// A whole Ogg file.
pub fn file(rng: &mut Rng, tags: &TagSet, o: &OggOptions) -> Vec<u8> {
    let mut s = Stream {
        serial: o.serial,
        seq: 0,
        out: Vec::new(),
    };
    let mut comments = crate::flac::comments(tags);
    if o.picture_in_comments {
        for p in &tags.pictures {
            comments.push(format!(
                "METADATA_BLOCK_PICTURE={}",
                rng::base64(&crate::flac::picture_block(p))
            ));
        }
    }
    let head = match o.codec {
        Codec::Vorbis => vorbis_id(o),
        Codec::Opus => opus_head(o),
    };
    s.packets(&[(head, 0)], 4096, true, false);
    match o.codec {
        Codec::Vorbis => {
            let mut c = b"\x03vorbis".to_vec();
            c.extend(crate::flac::vorbis_comment(
                "Xiph.Org libVorbis I 20200704 (Reducing Environment)",
                &comments,
            ));
            c.push(1); // framing bit
            let mut setup = b"\x05vorbis".to_vec();
            setup.extend(rng.bytes(o.setup_len));
            s.packets(&[(c, 0), (setup, 0)], 1 << 20, false, false);
        }
        Codec::Opus => {
            let mut c = b"OpusTags".to_vec();
            c.extend(crate::flac::vorbis_comment("libopus 1.4", &comments));
            s.packets(&[(c, 0)], 1 << 20, false, false);
        }
    }
    let per_packet = match o.codec {
        Codec::Vorbis => 1024u64,
        Codec::Opus => 960,
    };
    let preskip = if o.codec == Codec::Opus { 312 } else { 0 };
    let mut audio = Vec::with_capacity(o.packets);
    for i in 0..o.packets {
        let len = rng.range(100, 400) as usize;
        audio.push((rng.bytes(len), preskip + (i as u64 + 1) * per_packet));
    }
    s.packets(&audio, 4096, false, true);
    s.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_of_known_page() {
        // CRC of "OggS" under this polynomial, computed bit by bit.
        let mut r = 0u32;
        for &b in b"OggS" {
            r ^= u32::from(b) << 24;
            for _ in 0..8 {
                r = if r & 0x8000_0000 != 0 {
                    (r << 1) ^ 0x04C1_1DB7
                } else {
                    r << 1
                };
            }
        }
        assert_eq!(crc32(b"OggS"), r);
    }

    #[test]
    fn long_packet_spans_pages_with_continued_flag() {
        let mut s = Stream {
            serial: 1,
            seq: 0,
            out: Vec::new(),
        };
        s.packets(&[(vec![7u8; 70_000], 0)], 4096, true, true);
        // 70,000 bytes need 275 lacing values: two pages.
        assert_eq!(s.seq, 2);
        let second = memfind(&s.out[4..], b"OggS").expect("a second page") + 4;
        assert_eq!(s.out[second + 5], 0x05); // continued + EOS
    }

    fn memfind(h: &[u8], n: &[u8]) -> Option<usize> {
        h.windows(n.len()).position(|w| w == n)
    }
}
