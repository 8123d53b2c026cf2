//! True Audio files: an ID3v2 tag, the `TTA1` header, the seek table and frames of noise.

use crate::rng::Rng;
use crate::tags::TagSet;

/// How a True Audio file is laid out.
#[derive(Debug, Clone)]
pub struct TtaOptions {
    /// Sample rate in Hz.
    pub sample_rate: u32,
    /// Channels.
    pub channels: u16,
    /// Samples per channel the header announces.
    pub samples: u32,
    /// Bytes of fake frames after the seek table.
    pub audio_bytes: usize,
}

impl Default for TtaOptions {
    fn default() -> Self {
        TtaOptions {
            sample_rate: 44100,
            channels: 2,
            samples: 44100 * 120,
            audio_bytes: 64 * 1024,
        }
    }
}

/// A whole True Audio file: an ID3v2.4 tag, the 22-byte `TTA1` header (with its CRC), the
/// seek table (one frame size a frame, and its CRC) and the frames.
pub fn file(rng: &mut Rng, tags: &TagSet, o: &TtaOptions) -> Vec<u8> {
    let mp3o = crate::mp3::Mp3Options {
        padding: 512,
        ..crate::mp3::Mp3Options::default()
    };
    let mut out = crate::mp3::id3v2(tags, &mp3o);
    let mut header = b"TTA1".to_vec();
    header.extend_from_slice(&1u16.to_le_bytes()); // PCM
    header.extend_from_slice(&o.channels.to_le_bytes());
    header.extend_from_slice(&16u16.to_le_bytes());
    header.extend_from_slice(&o.sample_rate.to_le_bytes());
    header.extend_from_slice(&o.samples.to_le_bytes());
    let crc = crate::apefamily::crc32(&header);
    header.extend_from_slice(&crc.to_le_bytes());
    out.extend(header);
    // A frame holds 256/245 seconds of samples.
    let frame_samples = (u64::from(o.sample_rate) * 256 / 245).max(1);
    let frames = u64::from(o.samples).div_ceil(frame_samples).max(1) as usize;
    let per = (o.audio_bytes / frames).max(1);
    let mut table = Vec::with_capacity(frames * 4);
    for _ in 0..frames {
        table.extend_from_slice(&(per as u32).to_le_bytes());
    }
    let crc = crate::apefamily::crc32(&table);
    out.extend(table);
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend(rng.bytes(per * frames));
    out
}
