//! Chunked files with an ID3v2 tag: RIFF/WAVE (`fmt `, `data`, `id3 `), FORM/AIFF (`COMM`,
//! `SSND`, `ID3 `), DSF (`DSD `, `fmt `, `data`, the tag at the metadata offset) and DSDIFF
//! (`FRM8`/`DSD ` with `FVER`, `PROP`/`SND `, `DSD ` and `ID3 `).

use crate::rng::Rng;
use crate::tags::TagSet;

/// How a WAVE or AIFF file is laid out.
#[derive(Debug, Clone)]
pub struct PcmOptions {
    /// Sample rate in Hz.
    pub sample_rate: u32,
    /// Channels.
    pub channels: u16,
    /// Bits per sample (a multiple of 8).
    pub bits: u16,
    /// Bytes of PCM noise in the audio chunk (rounded down to whole sample frames).
    pub audio_bytes: usize,
    /// ID3v2 minor version of the tag chunk: 3 or 4.
    pub id3_version: u8,
    /// Padding inside the ID3v2 tag.
    pub padding: usize,
}

impl Default for PcmOptions {
    fn default() -> Self {
        PcmOptions {
            sample_rate: 44100,
            channels: 2,
            bits: 16,
            audio_bytes: 64 * 1024,
            id3_version: 4,
            padding: 0,
        }
    }
}

fn id3(tags: &TagSet, o: &PcmOptions) -> Vec<u8> {
    let mp3o = crate::mp3::Mp3Options {
        id3_version: o.id3_version,
        encoding: if o.id3_version == 4 { 3 } else { 1 },
        padding: o.padding,
        ..crate::mp3::Mp3Options::default()
    };
    crate::mp3::id3v2(tags, &mp3o)
}

fn pcm(rng: &mut Rng, o: &PcmOptions) -> Vec<u8> {
    let frame = usize::from(o.channels) * usize::from(o.bits / 8);
    rng.bytes(o.audio_bytes / frame.max(1) * frame)
}

/// Append a chunk: id, size (`le`: little-endian), body, and a pad byte to an even length.
fn chunk(out: &mut Vec<u8>, id: [u8; 4], body: &[u8], le: bool) {
    out.extend_from_slice(&id);
    let n = body.len() as u32;
    out.extend_from_slice(&if le { n.to_le_bytes() } else { n.to_be_bytes() });
    out.extend_from_slice(body);
    if body.len() % 2 == 1 {
        out.push(0);
    }
}

/// A whole RIFF/WAVE file: `fmt ` (PCM), `data`, then an `id3 ` chunk.
pub fn wav(rng: &mut Rng, tags: &TagSet, o: &PcmOptions) -> Vec<u8> {
    let block_align = o.channels * (o.bits / 8);
    let mut fmt = Vec::with_capacity(16);
    fmt.extend_from_slice(&1u16.to_le_bytes()); // PCM
    fmt.extend_from_slice(&o.channels.to_le_bytes());
    fmt.extend_from_slice(&o.sample_rate.to_le_bytes());
    fmt.extend_from_slice(&(o.sample_rate * u32::from(block_align)).to_le_bytes());
    fmt.extend_from_slice(&block_align.to_le_bytes());
    fmt.extend_from_slice(&o.bits.to_le_bytes());
    let mut body = b"WAVE".to_vec();
    chunk(&mut body, *b"fmt ", &fmt, true);
    chunk(&mut body, *b"data", &pcm(rng, o), true);
    chunk(&mut body, *b"id3 ", &id3(tags, o), true);
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend(body);
    out
}

/// An IEEE 754 80-bit extended float of a whole number of Hz, as AIFF's `COMM` stores it.
#[must_use]
pub fn extended(rate: u32) -> [u8; 10] {
    let mut out = [0u8; 10];
    if rate == 0 {
        return out;
    }
    let e = rate.ilog2();
    let exponent = (16383 + e) as u16;
    let mantissa = u64::from(rate) << (63 - e);
    out[..2].copy_from_slice(&exponent.to_be_bytes());
    out[2..].copy_from_slice(&mantissa.to_be_bytes());
    out
}

/// A whole FORM/AIFF file: `COMM`, `SSND`, then an `ID3 ` chunk.
pub fn aiff(rng: &mut Rng, tags: &TagSet, o: &PcmOptions) -> Vec<u8> {
    let audio = pcm(rng, o);
    let frames = audio.len() / usize::from(o.channels * (o.bits / 8)).max(1);
    let mut comm = Vec::with_capacity(18);
    comm.extend_from_slice(&o.channels.to_be_bytes());
    comm.extend_from_slice(&(frames as u32).to_be_bytes());
    comm.extend_from_slice(&o.bits.to_be_bytes());
    comm.extend_from_slice(&extended(o.sample_rate));
    let mut ssnd = Vec::with_capacity(audio.len() + 8);
    ssnd.extend_from_slice(&[0u8; 8]); // offset, block size
    ssnd.extend(audio);
    let mut body = b"AIFF".to_vec();
    chunk(&mut body, *b"COMM", &comm, false);
    chunk(&mut body, *b"SSND", &ssnd, false);
    chunk(&mut body, *b"ID3 ", &id3(tags, o), false);
    let mut out = b"FORM".to_vec();
    out.extend_from_slice(&(body.len() as u32).to_be_bytes());
    out.extend(body);
    out
}

/// How a DSF file is laid out.
#[derive(Debug, Clone)]
pub struct DsfOptions {
    /// Sample rate in Hz (2822400 for DSD64, 5644800 for DSD128).
    pub sample_rate: u32,
    /// Channels.
    pub channels: u32,
    /// Samples per channel the format chunk announces.
    pub samples: u64,
    /// Blocks of 4096 bytes per channel in the data chunk.
    pub blocks: usize,
}

impl Default for DsfOptions {
    fn default() -> Self {
        DsfOptions {
            sample_rate: 2_822_400,
            channels: 2,
            samples: 2_822_400 * 60,
            blocks: 8,
        }
    }
}

/// A whole DSF file: the `DSD ` chunk (file size, metadata offset), the `fmt ` chunk (DSD raw,
/// 1 bit), the `data` chunk of noise, then an ID3v2.4 tag at the metadata offset.
pub fn dsf(rng: &mut Rng, tags: &TagSet, o: &DsfOptions) -> Vec<u8> {
    let data_len = 4096 * o.blocks * o.channels as usize;
    let tag = id3(tags, &PcmOptions::default());
    let meta_offset = (28 + 52 + 12 + data_len) as u64;
    let mut out = Vec::with_capacity(meta_offset as usize + tag.len());
    out.extend_from_slice(b"DSD ");
    out.extend_from_slice(&28u64.to_le_bytes());
    out.extend_from_slice(&(meta_offset + tag.len() as u64).to_le_bytes());
    out.extend_from_slice(&meta_offset.to_le_bytes());
    out.extend_from_slice(b"fmt ");
    out.extend_from_slice(&52u64.to_le_bytes());
    out.extend_from_slice(&1u32.to_le_bytes()); // format version
    out.extend_from_slice(&0u32.to_le_bytes()); // DSD raw
    out.extend_from_slice(&(if o.channels == 1 { 1u32 } else { 2 }).to_le_bytes()); // channel type
    out.extend_from_slice(&o.channels.to_le_bytes());
    out.extend_from_slice(&o.sample_rate.to_le_bytes());
    out.extend_from_slice(&1u32.to_le_bytes()); // bits per sample
    out.extend_from_slice(&o.samples.to_le_bytes());
    out.extend_from_slice(&4096u32.to_le_bytes()); // block size per channel
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&(12 + data_len as u64).to_le_bytes());
    out.extend(rng.bytes(data_len));
    out.extend(tag);
    out
}

/// How a DSDIFF file is laid out.
#[derive(Debug, Clone)]
pub struct DffOptions {
    /// Sample rate in Hz (2822400 for DSD64, 5644800 for DSD128).
    pub sample_rate: u32,
    /// Channels (1, 2 or 6).
    pub channels: u16,
    /// Bytes of DSD data (rounded down to whole channel groups).
    pub audio_bytes: usize,
    /// ID3v2 minor version of the tag chunk: 3 or 4.
    pub id3_version: u8,
}

impl Default for DffOptions {
    fn default() -> Self {
        DffOptions {
            sample_rate: 2_822_400,
            channels: 2,
            audio_bytes: 64 * 1024,
            id3_version: 4,
        }
    }
}

/// Append a DSDIFF chunk: id, 64-bit big-endian size, body, and a pad byte to an even length.
fn chunk64(out: &mut Vec<u8>, id: [u8; 4], body: &[u8]) {
    out.extend_from_slice(&id);
    out.extend_from_slice(&(body.len() as u64).to_be_bytes());
    out.extend_from_slice(body);
    if body.len() % 2 == 1 {
        out.push(0);
    }
}

/// A whole DSDIFF file: `FRM8` of form `DSD ` holding the format version (`FVER`), the sound
/// properties (`PROP` of `SND `: `FS`, `CHNL` with the channel ids, `CMPR` uncompressed DSD,
/// `ABSS`), the `DSD ` sound data of noise, then an `ID3 ` chunk.
pub fn dff(rng: &mut Rng, tags: &TagSet, o: &DffOptions) -> Vec<u8> {
    let channels = o.channels.max(1);
    let mut prop = b"SND ".to_vec();
    chunk64(&mut prop, *b"FS  ", &o.sample_rate.to_be_bytes());
    let ids: &[&[u8; 4]] = match channels {
        1 => &[b"C   "],
        2 => &[b"SLFT", b"SRGT"],
        _ => &[b"MLFT", b"MRGT", b"C   ", b"LFE ", b"LS  ", b"RS  "],
    };
    let mut chnl = channels.to_be_bytes().to_vec();
    for i in 0..usize::from(channels) {
        chnl.extend_from_slice(ids.get(i).copied().unwrap_or(b"C   "));
    }
    chunk64(&mut prop, *b"CHNL", &chnl);
    let mut cmpr = b"DSD ".to_vec();
    let name = b"not compressed";
    cmpr.push(name.len() as u8);
    cmpr.extend_from_slice(name);
    if cmpr.len() % 2 == 1 {
        cmpr.push(0);
    }
    chunk64(&mut prop, *b"CMPR", &cmpr);
    chunk64(&mut prop, *b"ABSS", &[0, 0, 0, 0, 0, 0, 0, 0]);
    let group = usize::from(channels);
    let data = rng.bytes(o.audio_bytes / group * group);
    let pcm = PcmOptions {
        id3_version: o.id3_version,
        ..PcmOptions::default()
    };
    let mut body = b"DSD ".to_vec();
    chunk64(&mut body, *b"FVER", &[1, 5, 0, 0]);
    chunk64(&mut body, *b"PROP", &prop);
    chunk64(&mut body, *b"DSD ", &data);
    chunk64(&mut body, *b"ID3 ", &id3(tags, &pcm));
    let mut out = b"FRM8".to_vec();
    out.extend_from_slice(&(body.len() as u64).to_be_bytes());
    out.extend(body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extended_floats_of_common_rates() {
        assert_eq!(extended(44100), [0x40, 0x0E, 0xAC, 0x44, 0, 0, 0, 0, 0, 0]);
        assert_eq!(extended(48000), [0x40, 0x0E, 0xBB, 0x80, 0, 0, 0, 0, 0, 0]);
    }
}
