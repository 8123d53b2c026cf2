//! The formats mutagen reads no tag from, only stream information: AC-3 (sync frames with
//! their bit stream information), AAC in ADTS frames, and Standard MIDI Files (a header chunk
//! and tracks of tempo, program and note events). The audio of AC-3 and AAC is noise in the
//! right framing.

use crate::rng::Rng;

/// Writes bits most significant first.
struct MsbBits {
    out: Vec<u8>,
    used: u32,
}

impl MsbBits {
    fn new() -> Self {
        MsbBits {
            out: Vec::new(),
            used: 0,
        }
    }

    /// Append the low `count` bits of `value`, most significant first.
    fn put(&mut self, count: u32, value: u64) {
        for i in (0..count).rev() {
            if self.used.is_multiple_of(8) {
                self.out.push(0);
            }
            let bit = ((value >> i) & 1) as u8;
            let last = self.out.len() - 1;
            self.out[last] |= bit << (7 - self.used % 8);
            self.used += 1;
        }
    }

    /// The bytes written, the last one padded with zero bits.
    fn finish(self) -> Vec<u8> {
        self.out
    }
}

/// How an AC-3 file is laid out.
#[derive(Debug, Clone)]
pub struct Ac3Options {
    /// Bit rate in kbit/s: one of the AC-3 rates (32 to 640).
    pub bitrate: u32,
    /// 5.1 channels (3/2 and LFE) rather than stereo.
    pub surround: bool,
    /// Bytes of frames to write (whole frames, at least one).
    pub audio_bytes: usize,
}

impl Default for Ac3Options {
    fn default() -> Self {
        Ac3Options {
            bitrate: 192,
            surround: false,
            audio_bytes: 64 * 1024,
        }
    }
}

/// The AC-3 bit rates in kbit/s, indexed by half the frame size code.
const AC3_BITRATES: [u32; 19] = [
    32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 576, 640,
];

/// A whole AC-3 file at 48 kHz: sync frames of 1,536 samples, each with its sync word, a
/// CRC word, the frame size code, the bit stream information (bsid 8, stereo or 3/2 with LFE,
/// no optional fields) and noise for the audio blocks.
#[must_use]
pub fn ac3(rng: &mut Rng, o: &Ac3Options) -> Vec<u8> {
    let index = AC3_BITRATES
        .iter()
        .position(|&r| r == o.bitrate)
        .unwrap_or(10);
    let frame_size_code = (index * 2) as u64;
    // At 48 kHz a frame of 1,536 samples lasts 32 ms: 4 bytes per kbit/s.
    let frame_bytes = AC3_BITRATES[index] as usize * 4;
    let frames = (o.audio_bytes / frame_bytes).max(1);
    let mut out = Vec::with_capacity(frames * frame_bytes);
    for _ in 0..frames {
        let mut b = MsbBits::new();
        b.put(16, 0x0B77);
        b.put(16, rng.next_u64() & 0xFFFF); // CRC word
        b.put(2, 0); // 48 kHz
        b.put(6, frame_size_code);
        b.put(5, 8); // bsid
        b.put(3, 0); // complete main service
        if o.surround {
            b.put(3, 7); // 3/2
            b.put(2, 0); // centre mix level
            b.put(2, 0); // surround mix level
            b.put(1, 1); // LFE
        } else {
            b.put(3, 2); // 2/0
            b.put(2, 0); // Dolby Surround mode not indicated
            b.put(1, 0);
        }
        b.put(5, 27); // dialogue normalisation
        b.put(3, 0); // no compression gain, language code or production information
        b.put(2, 0b11); // copyright, original
        b.put(3, 0); // no time codes, no additional information
        let head = b.finish();
        out.extend_from_slice(&head);
        out.extend(rng.bytes(frame_bytes - head.len()));
    }
    out
}

/// How an AAC (ADTS) file is laid out.
#[derive(Debug, Clone)]
pub struct AdtsOptions {
    /// Sample rate in Hz (one of the ADTS rates).
    pub sample_rate: u32,
    /// Channel configuration (1 or 2).
    pub channels: u8,
    /// Mean bit rate in kbit/s: frame sizes vary around it.
    pub bitrate: u32,
    /// Bytes of frames to write (at least three frames).
    pub audio_bytes: usize,
}

impl Default for AdtsOptions {
    fn default() -> Self {
        AdtsOptions {
            sample_rate: 44100,
            channels: 2,
            bitrate: 128,
            audio_bytes: 64 * 1024,
        }
    }
}

/// The ADTS sampling frequency index of a rate (4, 44.1 kHz, when not in the table).
fn adts_rate_index(rate: u32) -> u64 {
    const RATES: [u32; 12] = [
        96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000,
    ];
    RATES
        .iter()
        .position(|&r| r == rate)
        .map_or(4, |i| i as u64)
}

/// A whole AAC file: ADTS frames of 1,024 samples (MPEG-4 AAC LC, no CRC), each a 7-byte
/// header and a payload of noise whose size varies around the bit rate.
#[must_use]
pub fn adts(rng: &mut Rng, o: &AdtsOptions) -> Vec<u8> {
    let mean = (u64::from(o.bitrate) * 1000 * 1024 / 8 / u64::from(o.sample_rate.max(1))) as usize;
    let mean = mean.clamp(64, 4000);
    let mut out = Vec::with_capacity(o.audio_bytes + 8192);
    let mut frames = 0;
    while out.len() < o.audio_bytes || frames < 3 {
        let frame_len = 7 + rng.range((mean / 2) as u64, (mean * 3 / 2) as u64) as usize;
        let mut b = MsbBits::new();
        b.put(12, 0xFFF);
        b.put(1, 0); // MPEG-4
        b.put(2, 0); // layer
        b.put(1, 1); // no CRC
        b.put(2, 1); // AAC LC
        b.put(4, adts_rate_index(o.sample_rate));
        b.put(1, 0); // private
        b.put(3, u64::from(o.channels));
        b.put(4, 0); // original, home, copyright bits
        b.put(13, frame_len as u64);
        b.put(11, 0x7FF); // variable bit rate
        b.put(2, 0); // one raw data block
        out.extend(b.finish());
        out.extend(rng.bytes(frame_len - 7));
        frames += 1;
    }
    out
}

/// How a Standard MIDI File is laid out.
#[derive(Debug, Clone)]
pub struct MidiOptions {
    /// Note tracks after the tempo track.
    pub tracks: usize,
    /// Ticks per quarter note.
    pub division: u16,
    /// About how many bytes of events the note tracks hold together.
    pub event_bytes: usize,
}

impl Default for MidiOptions {
    fn default() -> Self {
        MidiOptions {
            tracks: 4,
            division: 480,
            event_bytes: 32 * 1024,
        }
    }
}

/// MIDI's variable-length quantity: 7 bits a byte, most significant first, the high bit set on
/// every byte but the last.
fn var_int(out: &mut Vec<u8>, mut n: u32) {
    let mut v = vec![(n & 0x7F) as u8];
    n >>= 7;
    while n > 0 {
        v.push((n & 0x7F) as u8 | 0x80);
        n >>= 7;
    }
    v.reverse();
    out.extend(v);
}

/// A meta event after `delta` ticks.
fn meta(out: &mut Vec<u8>, delta: u32, kind: u8, data: &[u8]) {
    var_int(out, delta);
    out.extend_from_slice(&[0xFF, kind]);
    var_int(out, data.len() as u32);
    out.extend_from_slice(data);
}

fn track_chunk(out: &mut Vec<u8>, events: &[u8]) {
    out.extend_from_slice(b"MTrk");
    out.extend_from_slice(&(events.len() as u32).to_be_bytes());
    out.extend_from_slice(events);
}

/// A whole Standard MIDI File, format 1: the `MThd` chunk, a tempo track (name, time
/// signature, a tempo and a few tempo changes) and note tracks (name, program change, volume,
/// notes as note-on pairs with running status, the odd pitch bend), each ending with an
/// end-of-track event.
#[must_use]
pub fn midi(rng: &mut Rng, o: &MidiOptions) -> Vec<u8> {
    let tracks = o.tracks.max(1);
    let per_track = (o.event_bytes / tracks).max(64);
    let mut note_tracks = Vec::with_capacity(tracks);
    let mut longest = 0u32;
    for t in 0..tracks {
        let channel = (t % 16) as u8;
        let mut ev = Vec::with_capacity(per_track + 64);
        meta(&mut ev, 0, 0x03, format!("Track {}", t + 1).as_bytes());
        var_int(&mut ev, 0);
        ev.extend_from_slice(&[0xC0 | channel, rng.range(0, 127) as u8]);
        var_int(&mut ev, 0);
        ev.extend_from_slice(&[0xB0 | channel, 7, rng.range(60, 127) as u8]);
        let mut ticks = 0u32;
        let mut status = 0u8;
        while ev.len() < per_track {
            let key = rng.range(36, 96) as u8;
            let rest = u32::from(o.division) / 4 * rng.range(0, 2) as u32;
            let len = u32::from(o.division) / 4 * rng.range(1, 8) as u32;
            var_int(&mut ev, rest);
            if status != 0x90 | channel {
                status = 0x90 | channel;
                ev.push(status);
            }
            ev.extend_from_slice(&[key, rng.range(40, 120) as u8]);
            var_int(&mut ev, len);
            ev.extend_from_slice(&[key, 0]);
            ticks += rest + len;
            if rng.chance(1, 40) {
                var_int(&mut ev, 0);
                status = 0xE0 | channel;
                ev.extend_from_slice(&[status, 0, rng.range(0x20, 0x60) as u8]);
            }
        }
        meta(&mut ev, 0, 0x2F, &[]);
        longest = longest.max(ticks);
        note_tracks.push(ev);
    }
    let mut tempo = Vec::new();
    meta(&mut tempo, 0, 0x03, b"Tempo");
    meta(&mut tempo, 0, 0x58, &[4, 2, 24, 8]);
    let changes = rng.range(1, 4) as u32;
    let step = (longest / changes).max(1);
    for c in 0..changes {
        let bpm = rng.range(70, 170) as u32;
        let micros = 60_000_000 / bpm;
        meta(
            &mut tempo,
            if c == 0 { 0 } else { step },
            0x51,
            &micros.to_be_bytes()[1..],
        );
    }
    meta(&mut tempo, 0, 0x2F, &[]);
    let mut out = b"MThd".to_vec();
    out.extend_from_slice(&6u32.to_be_bytes());
    out.extend_from_slice(&1u16.to_be_bytes());
    out.extend_from_slice(&((tracks + 1) as u16).to_be_bytes());
    out.extend_from_slice(&o.division.to_be_bytes());
    track_chunk(&mut out, &tempo);
    for ev in &note_tracks {
        track_chunk(&mut out, ev);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn var_ints_and_bits() {
        let mut v = Vec::new();
        var_int(&mut v, 0x7F);
        var_int(&mut v, 0x80);
        var_int(&mut v, 0x0F_FFFF);
        assert_eq!(v, vec![0x7F, 0x81, 0x00, 0xBF, 0xFF, 0x7F]);
        let mut b = MsbBits::new();
        b.put(12, 0xFFF);
        b.put(4, 0x1);
        b.put(3, 0b101);
        assert_eq!(b.finish(), vec![0xFF, 0xF1, 0xA0]);
    }

    #[test]
    fn ac3_frames_have_the_sync_word_and_size() {
        let mut rng = Rng::new(1, 2);
        let data = ac3(
            &mut rng,
            &Ac3Options {
                audio_bytes: 768 * 3,
                ..Ac3Options::default()
            },
        );
        assert_eq!(data.len(), 768 * 3);
        for f in data.chunks(768) {
            assert_eq!(&f[..2], &[0x0B, 0x77]);
            assert_eq!(f[4], 20);
            assert_eq!(f[5] >> 3, 8);
        }
    }

    #[test]
    fn adts_frames_chain() {
        let mut rng = Rng::new(1, 3);
        let data = adts(&mut rng, &AdtsOptions::default());
        let mut at = 0;
        let mut n = 0;
        while at < data.len() {
            assert_eq!(data[at], 0xFF);
            assert_eq!(data[at + 1] & 0xF0, 0xF0);
            let len = (usize::from(data[at + 3] & 3) << 11)
                | (usize::from(data[at + 4]) << 3)
                | usize::from(data[at + 5] >> 5);
            at += len;
            n += 1;
        }
        assert_eq!(at, data.len());
        assert!(n >= 3);
    }
}
