//! The 4-byte MPEG audio frame header, decoded and validated as strictly as mutagen does.

use super::constants::{
    BITRATES_V1_L1, BITRATES_V1_L2, BITRATES_V1_L3, BITRATES_V2_L1, BITRATES_V2_L23, MONO,
    SAMPLE_RATES_V1, SAMPLE_RATES_V2, SAMPLE_RATES_V25,
};

/// The MPEG audio version of a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum MpegVersion {
    /// MPEG-1.
    #[default]
    V1,
    /// MPEG-2 (low sampling frequencies).
    V2,
    /// MPEG-2.5 (unofficial extension to even lower sampling frequencies).
    V25,
}

impl MpegVersion {
    /// The version as mutagen reports it: `1`, `2` or `2.5`.
    #[must_use]
    pub fn as_f64(self) -> f64 {
        match self {
            MpegVersion::V1 => 1.0,
            MpegVersion::V2 => 2.0,
            MpegVersion::V25 => 2.5,
        }
    }
}

/// A decoded MPEG audio frame header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct FrameHeader {
    /// The MPEG version.
    pub version: MpegVersion,
    /// The layer, 1 to 3.
    pub layer: u8,
    /// Whether a CRC follows the header (the protection bit is clear).
    pub protected: bool,
    /// Bitrate in bit/s.
    pub bitrate: u32,
    /// Sample rate in Hz.
    pub sample_rate: u32,
    /// Whether the frame carries a padding slot.
    pub padding: bool,
    /// Channel mode: STEREO, JOINTSTEREO, DUALCHANNEL or MONO (0 to 3).
    pub mode: u8,
}

impl FrameHeader {
    /// Decode the four header bytes. `None` where mutagen refuses the header: no sync, a
    /// reserved version or layer, a reserved sample rate, and free-format or invalid bitrates.
    #[inline]
    #[must_use]
    pub fn parse(b: [u8; 4]) -> Option<Self> {
        #[cfg(feature = "branchless")]
        {
            Self::parse_tables(b)
        }
        #[cfg(not(feature = "branchless"))]
        {
            Self::parse_branchy(b)
        }
    }

    /// [`FrameHeader::parse`] decoding field by field with branches (the reference).
    #[cfg_attr(all(feature = "branchless", not(test)), allow(dead_code))]
    fn parse_branchy(b: [u8; 4]) -> Option<Self> {
        if b[0] != 0xFF || b[1] & 0xE0 != 0xE0 {
            return None;
        }
        let version_bits = (b[1] >> 3) & 0x3;
        let layer_bits = (b[1] >> 1) & 0x3;
        let protection = b[1] & 0x1;
        let bitrate_index = usize::from(b[2] >> 4);
        let rate_index = usize::from((b[2] >> 2) & 0x3);
        let padding = (b[2] >> 1) & 0x1;
        let mode = b[3] >> 6;

        if version_bits == 1
            || layer_bits == 0
            || rate_index == 3
            || bitrate_index == 0xF
            || bitrate_index == 0
        {
            return None;
        }
        let version = match version_bits {
            0 => MpegVersion::V25,
            2 => MpegVersion::V2,
            _ => MpegVersion::V1,
        };
        let layer = 4 - layer_bits;
        let bitrates: &[u32; 15] = match (version, layer) {
            (MpegVersion::V1, 1) => &BITRATES_V1_L1,
            (MpegVersion::V1, 2) => &BITRATES_V1_L2,
            (MpegVersion::V1, _) => &BITRATES_V1_L3,
            (_, 1) => &BITRATES_V2_L1,
            _ => &BITRATES_V2_L23,
        };
        let rates: &[u32; 3] = match version {
            MpegVersion::V1 => &SAMPLE_RATES_V1,
            MpegVersion::V2 => &SAMPLE_RATES_V2,
            MpegVersion::V25 => &SAMPLE_RATES_V25,
        };
        Some(FrameHeader {
            version,
            layer,
            protected: protection == 0,
            bitrate: bitrates.get(bitrate_index).copied()? * 1000,
            sample_rate: rates.get(rate_index).copied()?,
            padding: padding == 1,
            mode,
        })
    }

    /// [`FrameHeader::parse`] with table lookups: one table gives the bitrate (zero for every
    /// refused version, layer or bitrate index), one the sample rate (zero for a refused version
    /// or rate index), and one test of the three at the end decides.
    #[cfg_attr(all(not(feature = "branchless"), not(test)), allow(dead_code))]
    // `&` between the conditions on purpose: all are computed, then one branch.
    #[allow(clippy::needless_bitwise_bool)]
    fn parse_tables(b: [u8; 4]) -> Option<Self> {
        let [b0, b1, b2, b3] = b;
        // Version and layer bits (4), then the bitrate index (4).
        let bitrate = u32::from(BITRATE_TABLE[usize::from((b1 & 0x1E) << 3 | b2 >> 4)]) * 1000;
        // Version bits (2), then the sample rate index (2).
        let sample_rate = RATE_TABLE[usize::from((b1 >> 1) & 0x0C | (b2 >> 2) & 0x03)];
        let sync = (b0 == 0xFF) & (b1 & 0xE0 == 0xE0);
        if !(sync & (bitrate != 0) & (sample_rate != 0)) {
            return None;
        }
        Some(FrameHeader {
            version: VERSION_TABLE[usize::from((b1 >> 3) & 0x3)],
            layer: 4 - ((b1 >> 1) & 0x3),
            protected: b1 & 0x1 == 0,
            bitrate,
            sample_rate,
            padding: b2 & 0x2 != 0,
            mode: b3 >> 6,
        })
    }

    /// The number of channels: 1 for MONO, 2 otherwise.
    #[must_use]
    pub fn channels(&self) -> u8 {
        #[cfg(feature = "branchless")]
        {
            2 - u8::from(self.mode == MONO)
        }
        #[cfg(not(feature = "branchless"))]
        {
            if self.mode == MONO {
                1
            } else {
                2
            }
        }
    }

    /// Samples per frame: 384 for Layer I, 576 for Layer III of MPEG-2/2.5, 1152 otherwise.
    #[must_use]
    pub fn samples_per_frame(&self) -> u32 {
        #[cfg(feature = "branchless")]
        {
            // Indexed by "not MPEG-1" and the layer (0 never occurs).
            const SAMPLES: [[u32; 4]; 2] = [[1152, 384, 1152, 1152], [1152, 384, 1152, 576]];
            SAMPLES[usize::from(self.version != MpegVersion::V1)][usize::from(self.layer & 3)]
        }
        #[cfg(not(feature = "branchless"))]
        if self.layer == 1 {
            384
        } else if self.version != MpegVersion::V1 && self.layer == 3 {
            576
        } else {
            1152
        }
    }

    /// The frame length in bytes, padding included (never zero for a valid header).
    #[must_use]
    pub fn frame_length(&self) -> u32 {
        #[cfg(feature = "branchless")]
        let slot = 1 + 3 * u32::from(self.layer == 1);
        #[cfg(not(feature = "branchless"))]
        let slot = if self.layer == 1 { 4 } else { 1 };
        // The sample rate comes from a table of non-zero values; guard anyway.
        let base = (self.samples_per_frame() / 8 * self.bitrate)
            .checked_div(self.sample_rate)
            .unwrap_or(0);
        (base + u32::from(self.padding)) * slot
    }

    /// Offset of a Xing/Info header from the start of a Layer III frame: after the side
    /// information, which depends on the version and on mono or not.
    #[must_use]
    pub fn xing_offset(&self) -> u64 {
        #[cfg(feature = "branchless")]
        {
            // Indexed by MPEG-1 or not, then mono or not.
            const OFFSETS: [[u64; 2]; 2] = [[21, 13], [36, 21]];
            OFFSETS[usize::from(self.version == MpegVersion::V1)][usize::from(self.mode == MONO)]
        }
        #[cfg(not(feature = "branchless"))]
        match (self.version == MpegVersion::V1, self.mode == MONO) {
            (true, false) => 36,
            (true, true) | (false, false) => 21,
            (false, true) => 13,
        }
    }
}

/// The version of each value of the two version bits (1, reserved, is refused elsewhere).
#[cfg_attr(all(not(feature = "branchless"), not(test)), allow(dead_code))]
const VERSION_TABLE: [MpegVersion; 4] = [
    MpegVersion::V25,
    MpegVersion::V1,
    MpegVersion::V2,
    MpegVersion::V1,
];

/// Bitrates in kbit/s indexed by version bits, layer bits and bitrate index (2 + 2 + 4 bits),
/// zero where mutagen refuses the header: reserved version or layer, free format, index 15.
#[cfg_attr(all(not(feature = "branchless"), not(test)), allow(dead_code))]
const BITRATE_TABLE: [u16; 256] = {
    let mut t = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let version_bits = i >> 6;
        let layer = 4 - ((i >> 4) & 3);
        let index = i & 15;
        if version_bits != 1 && layer != 4 && index != 0 && index != 15 {
            let table = if version_bits == 3 {
                match layer {
                    1 => &BITRATES_V1_L1,
                    2 => &BITRATES_V1_L2,
                    _ => &BITRATES_V1_L3,
                }
            } else if layer == 1 {
                &BITRATES_V2_L1
            } else {
                &BITRATES_V2_L23
            };
            t[i] = table[index] as u16;
        }
        i += 1;
    }
    t
};

/// Sample rates indexed by version bits and rate index (2 + 2 bits), zero where refused.
#[cfg_attr(all(not(feature = "branchless"), not(test)), allow(dead_code))]
const RATE_TABLE: [u32; 16] = {
    let mut t = [0u32; 16];
    let mut i = 0;
    while i < 16 {
        let rates = match i >> 2 {
            0 => &SAMPLE_RATES_V25,
            2 => &SAMPLE_RATES_V2,
            _ => &SAMPLE_RATES_V1,
        };
        if i >> 2 != 1 && i & 3 != 3 {
            t[i] = rates[i & 3];
        }
        i += 1;
    }
    t
};

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn hdr(
        version_bits: u8,
        layer_bits: u8,
        prot: u8,
        br: u8,
        sr: u8,
        pad: u8,
        mode: u8,
    ) -> [u8; 4] {
        [
            0xFF,
            0xE0 | (version_bits << 3) | (layer_bits << 1) | prot,
            (br << 4) | (sr << 2) | (pad << 1),
            mode << 6,
        ]
    }

    #[test]
    fn mpeg1_layer3() {
        let h = FrameHeader::parse([0xFF, 0xFB, 0x90, 0x64]).unwrap();
        assert_eq!(h.version, MpegVersion::V1);
        assert_eq!(h.layer, 3);
        assert!(!h.protected);
        assert_eq!(h.bitrate, 128_000);
        assert_eq!(h.sample_rate, 44100);
        assert!(!h.padding);
        assert_eq!(h.mode, 1);
        assert_eq!(h.channels(), 2);
        assert_eq!(h.samples_per_frame(), 1152);
        assert_eq!(h.frame_length(), 417);
        assert_eq!(h.xing_offset(), 36);
        let p = FrameHeader::parse([0xFF, 0xFB, 0x92, 0xC4]).unwrap();
        assert!(p.padding);
        assert_eq!(p.mode, MONO);
        assert_eq!(p.channels(), 1);
        assert_eq!(p.frame_length(), 418);
        assert_eq!(p.xing_offset(), 21);
    }

    #[test]
    fn every_version_and_layer() {
        // (version bits, layer bits, bitrate index, rate index) -> (version, layer, bitrate, rate, length)
        let cases = [
            (
                3,
                3,
                1,
                0,
                MpegVersion::V1,
                1,
                32_000,
                44100,
                (48 * 32_000 / 44100) * 4,
            ),
            (
                3,
                2,
                14,
                1,
                MpegVersion::V1,
                2,
                384_000,
                48000,
                144 * 384_000 / 48000,
            ),
            (
                3,
                1,
                9,
                2,
                MpegVersion::V1,
                3,
                128_000,
                32000,
                144 * 128_000 / 32000,
            ),
            (
                2,
                3,
                14,
                0,
                MpegVersion::V2,
                1,
                256_000,
                22050,
                (48 * 256_000 / 22050) * 4,
            ),
            (
                2,
                2,
                1,
                1,
                MpegVersion::V2,
                2,
                8_000,
                24000,
                144 * 8_000 / 24000,
            ),
            (
                2,
                1,
                14,
                2,
                MpegVersion::V2,
                3,
                160_000,
                16000,
                72 * 160_000 / 16000,
            ),
            (
                0,
                3,
                2,
                0,
                MpegVersion::V25,
                1,
                48_000,
                11025,
                (48 * 48_000 / 11025) * 4,
            ),
            (
                0,
                2,
                5,
                1,
                MpegVersion::V25,
                2,
                40_000,
                12000,
                144 * 40_000 / 12000,
            ),
            (
                0,
                1,
                8,
                2,
                MpegVersion::V25,
                3,
                64_000,
                8000,
                72 * 64_000 / 8000,
            ),
        ];
        for (vb, lb, br, sr, version, layer, bitrate, rate, len) in cases {
            let h = FrameHeader::parse(hdr(vb, lb, 1, br, sr, 0, 0)).unwrap();
            assert_eq!(
                (h.version, h.layer, h.bitrate, h.sample_rate),
                (version, layer, bitrate, rate)
            );
            assert_eq!(h.frame_length(), len);
            assert!(!h.protected);
        }
        assert!(
            FrameHeader::parse(hdr(3, 1, 0, 9, 0, 0, 0))
                .unwrap()
                .protected
        );
        assert_eq!(MpegVersion::V25.as_f64(), 2.5);
        let v2 = FrameHeader::parse(hdr(2, 1, 1, 8, 0, 0, 3)).unwrap();
        assert_eq!(v2.xing_offset(), 13);
        assert_eq!(
            FrameHeader::parse(hdr(2, 1, 1, 8, 0, 0, 0))
                .unwrap()
                .xing_offset(),
            21
        );
    }

    /// Both decoders agree on every header: all second and third bytes, and every mode.
    #[test]
    fn table_decoder_matches_branchy_decoder() {
        let step = if cfg!(miri) { 37 } else { 1 };
        for b0 in [0xFFu8, 0xFE, 0x00] {
            for b1 in (0..=255u8).step_by(step) {
                for b2 in 0..=255u8 {
                    for b3 in [0x00u8, 0x40, 0x80, 0xC0, 0xFF] {
                        let b = [b0, b1, b2, b3];
                        let (x, y) = (FrameHeader::parse_branchy(b), FrameHeader::parse_tables(b));
                        assert_eq!(x, y, "{b:02x?}");
                        if let Some(h) = x {
                            // The derived values, on whichever side this build uses.
                            let samples = if h.layer == 1 {
                                384
                            } else if h.version != MpegVersion::V1 && h.layer == 3 {
                                576
                            } else {
                                1152
                            };
                            assert_eq!(h.samples_per_frame(), samples);
                            assert_eq!(h.channels(), if h.mode == MONO { 1 } else { 2 });
                            let xing = match (h.version == MpegVersion::V1, h.mode == MONO) {
                                (true, false) => 36,
                                (true, true) | (false, false) => 21,
                                (false, true) => 13,
                            };
                            assert_eq!(h.xing_offset(), xing);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn refuses_reserved_values() {
        assert!(
            FrameHeader::parse(hdr(1, 1, 1, 9, 0, 0, 0)).is_none(),
            "reserved version"
        );
        assert!(
            FrameHeader::parse(hdr(3, 0, 1, 9, 0, 0, 0)).is_none(),
            "reserved layer"
        );
        assert!(
            FrameHeader::parse(hdr(3, 1, 1, 9, 3, 0, 0)).is_none(),
            "reserved rate"
        );
        assert!(
            FrameHeader::parse(hdr(3, 1, 1, 0, 0, 0, 0)).is_none(),
            "free format"
        );
        assert!(
            FrameHeader::parse(hdr(3, 1, 1, 15, 0, 0, 0)).is_none(),
            "bad bitrate"
        );
        assert!(
            FrameHeader::parse([0xFF, 0xDB, 0x90, 0x00]).is_none(),
            "no sync"
        );
        assert!(
            FrameHeader::parse([0xFE, 0xFB, 0x90, 0x00]).is_none(),
            "no sync"
        );
    }
}
