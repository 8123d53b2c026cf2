//! The LAME version string and extended LAME header that follow a Xing/Info header.

use crate::util::bytes::u32_be;

/// The LAME version found after a Xing/Info header.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LameVersion {
    /// Major version number.
    pub major: u32,
    /// Minor version number.
    pub minor: u64,
    /// Human-readable version as mutagen shows it, e.g. `3.99.1+` or `3.88 (beta)`.
    pub desc: String,
    /// Whether an extended LAME header follows (it starts 9 bytes into the version string).
    pub has_header: bool,
}

/// Where the extended header starts, relative to the start of the version string.
pub const LAME_HEADER_SKIP: usize = 9;

/// Length of the version string field.
pub const LAME_VERSION_LEN: usize = 20;

/// Length of the extended header.
pub const LAME_HEADER_LEN: usize = 27;

fn strip_start<'a>(mut s: &'a [u8], set: &[u8]) -> &'a [u8] {
    while let Some((first, rest)) = s.split_first() {
        if !set.contains(first) {
            break;
        }
        s = rest;
    }
    s
}

fn strip_end<'a>(mut s: &'a [u8], set: &[u8]) -> &'a [u8] {
    while let Some((last, rest)) = s.split_last() {
        if !set.contains(last) {
            break;
        }
        s = rest;
    }
    s
}

/// ASCII whitespace as Python's `bytes.rstrip()` removes it.
const PY_WHITESPACE: &[u8] = b" \t\n\r\x0b\x0c";

impl LameVersion {
    /// Parse the 20-byte version field. `None` where mutagen finds no LAME version (fewer
    /// than 20 bytes, another encoder, an unparsable number, a truncated version).
    #[must_use]
    pub fn parse(data: &[u8]) -> Option<Self> {
        if data.len() != LAME_VERSION_LEN
            || !(data.starts_with(b"LAME") || data.starts_with(b"L3.99"))
        {
            return None;
        }
        let data = strip_start(data, b"EMAL");
        let (major, rest) = match data.split_first() {
            Some((m, rest)) => (*m, strip_start(rest, b".")),
            None => return None,
        };
        let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
        let (minor_digits, rest) = rest.split_at(digits);
        if !major.is_ascii_digit() || minor_digits.is_empty() {
            return None;
        }
        let major = u32::from(major - b'0');
        let minor = minor_digits.iter().try_fold(0u64, |acc, d| {
            acc.checked_mul(10)?.checked_add(u64::from(d - b'0'))
        })?;

        let marker = rest.len().checked_sub(11).and_then(|i| rest.get(i));
        if (major, minor) < (3, 90) || ((major, minor) == (3, 90) && marker == Some(&b'(')) {
            let flag = strip_end(
                strip_end(strip_start(rest, b"\x00"), b"\x00"),
                PY_WHITESPACE,
            );
            let flag = if flag.is_ascii() {
                flag.iter().map(|&c| char::from(c)).collect::<String>()
            } else {
                " (?)".to_owned()
            };
            return Some(LameVersion {
                major,
                minor,
                desc: format!("{major}.{minor}{flag}"),
                has_header: false,
            });
        }

        let flag_len = rest.len().checked_sub(11)?;
        let flag = strip_end(rest.get(..flag_len)?, b"\x00");
        let (patch, flag_string) = match flag {
            b"a" => ("", " (alpha)"),
            b"b" => ("", " (beta)"),
            b"r" => (".1+", ""),
            b" " if (major, minor) > (3, 96) => (".0", ""),
            b" " | b"" | b"." => (".0+", ""),
            _ => ("", " (?)"),
        };
        Some(LameVersion {
            major,
            minor,
            desc: format!("{major}.{minor}{patch}{flag_string}"),
            has_header: true,
        })
    }
}

/// A big-endian bit reader over a fixed byte slice (the extended header is always complete).
struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Bits<'_> {
    fn bits(&mut self, count: usize) -> u32 {
        let mut v = 0u32;
        for _ in 0..count {
            let byte = self.data.get(self.pos / 8).copied().unwrap_or(0);
            let bit = (byte >> (7 - (self.pos % 8))) & 1;
            v = (v << 1) | u32::from(bit);
            self.pos += 1;
        }
        v
    }
}

/// The extended LAME header ("LAME tag"), with the fields mutagen uses.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LameHeader {
    /// 0 unknown, 1 CBR, 2 ABR, 3/4/5/6 VBR, 8 CBR two-pass, 9 ABR two-pass.
    pub vbr_method: u32,
    /// Lowpass filter in Hz (0 when unknown).
    pub lowpass_filter: u32,
    /// Encoding quality, from the Xing VBR scale.
    pub quality: i64,
    /// VBR quality, from the Xing VBR scale.
    pub vbr_quality: i64,
    /// Peak amplitude (1.0 is full scale), `None` when the field is zero.
    pub track_peak: Option<f64>,
    /// Track ReplayGain adjustment in dB, when the gain type is "radio".
    pub track_gain_adjustment: Option<f64>,
    /// Album ReplayGain adjustment in dB, when the gain type is "audiophile".
    pub album_gain_adjustment: Option<f64>,
    /// Encoding flags (4 bits).
    pub encoding_flags: u32,
    /// ATH type (4 bits).
    pub ath_type: u32,
    /// Bitrate in kbit/s: the minimum for VBR, the target otherwise.
    pub bitrate: u32,
    /// Encoder delay in samples.
    pub encoder_delay_start: u32,
    /// Padding in samples at the end.
    pub encoder_padding_end: u32,
    /// Preset number (11 bits).
    pub preset_used: u32,
}

impl LameHeader {
    /// Parse the 27-byte extended header. `vbr_scale` is the Xing VBR scale (-1 when absent).
    /// `None` when fewer than 27 bytes are given or the revision is not 0.
    #[must_use]
    pub fn parse(data: &[u8], vbr_scale: i64) -> Option<Self> {
        if data.len() != LAME_HEADER_LEN {
            return None;
        }
        let mut r = Bits { data, pos: 0 };
        if r.bits(4) != 0 {
            return None;
        }
        let vbr_method = r.bits(4);
        let lowpass_filter = r.bits(8) * 100;
        let scale = 100 - vbr_scale;
        let peak = u32_be(data, 2)?;
        r.pos += 32;
        let track_peak = if peak == 0 {
            None
        } else {
            Some(f64::from(peak) / f64::from(1u32 << 23))
        };

        let track_gain_type = r.bits(3);
        r.bits(3);
        let sign = r.bits(1);
        let mut gain = f64::from(r.bits(9)) / 10.0;
        if sign == 1 {
            gain *= -1.0;
        }
        let track_gain_adjustment = (track_gain_type == 1).then_some(gain);

        let album_gain_type = r.bits(3);
        r.bits(3);
        // The album sign bit is read but, as in mutagen, not applied.
        r.bits(1);
        let album_gain = f64::from(r.bits(9)) / 10.0;
        let album_gain_adjustment = (album_gain_type == 2).then_some(album_gain);

        let encoding_flags = r.bits(4);
        let ath_type = r.bits(4);
        let bitrate = r.bits(8);
        let encoder_delay_start = r.bits(12);
        let encoder_padding_end = r.bits(12);
        // Source frequency, unwise settings, stereo mode, noise shaping, MP3 gain, unused bits
        // and surround info.
        r.bits(2 + 1 + 3 + 2 + 8 + 2 + 3);
        let preset_used = r.bits(11);

        Some(LameHeader {
            vbr_method,
            lowpass_filter,
            quality: scale.rem_euclid(10),
            vbr_quality: scale.div_euclid(10),
            track_peak,
            track_gain_adjustment,
            album_gain_adjustment,
            encoding_flags,
            ath_type,
            bitrate,
            encoder_delay_start,
            encoder_padding_end,
            preset_used,
        })
    }

    /// mutagen's guess of the encoder command line options, from the header and the LAME
    /// version; empty when it has no guess.
    #[must_use]
    pub fn guess_settings(&self, major: u32, minor: u64) -> String {
        let version = (major, minor);
        let early = matches!(version, (3, 90..=92));
        if self.vbr_method == 2 {
            if early && self.encoding_flags != 0 {
                return if self.bitrate < 255 {
                    format!("--alt-preset {}", self.bitrate)
                } else {
                    format!("--alt-preset {}+", self.bitrate)
                };
            }
            if self.preset_used != 0 {
                return format!("--preset {}", self.preset_used);
            }
            return if self.bitrate < 255 {
                format!("--abr {}", self.bitrate)
            } else {
                format!("--abr {}+", self.bitrate)
            };
        }
        if self.vbr_method == 1 {
            if self.preset_used == 0 {
                return if self.bitrate < 255 {
                    format!("-b {}", self.bitrate)
                } else {
                    "-b 255+".to_owned()
                };
            }
            if self.preset_used == 1003 {
                return "--preset insane".to_owned();
            }
            return format!("-b {}", self.preset_used);
        }
        let new_vbr = matches!(self.vbr_method, 4 | 5);
        if early {
            let key = (
                self.vbr_quality,
                self.quality,
                self.vbr_method,
                self.lowpass_filter,
                self.ath_type,
            );
            match key {
                (1, 2, 4, 19500, 3) => return "--preset r3mix".to_owned(),
                (2, 2, 3, 19000, 4) => return "--alt-preset standard".to_owned(),
                (2, 2, 3, 19500, 2) => return "--alt-preset extreme".to_owned(),
                _ => {}
            }
            if self.vbr_method == 3 {
                return format!("-V {}", self.vbr_quality);
            }
            if new_vbr {
                return format!("-V {} --vbr-new", self.vbr_quality);
            }
        } else if matches!(version, (3, 93..=97)) {
            let preset = match self.preset_used {
                1001 => Some("--preset standard"),
                1002 => Some("--preset extreme"),
                1004 => Some("--preset fast standard"),
                1005 => Some("--preset fast extreme"),
                1006 => Some("--preset medium"),
                1007 => Some("--preset fast medium"),
                _ => None,
            };
            if let Some(p) = preset {
                return p.to_owned();
            }
            if self.vbr_method == 3 {
                return format!("-V {}", self.vbr_quality);
            }
            if new_vbr {
                return format!("-V {} --vbr-new", self.vbr_quality);
            }
        } else if version == (3, 98) {
            if self.vbr_method == 3 {
                return format!("-V {} --vbr-old", self.vbr_quality);
            }
            if new_vbr {
                return format!("-V {}", self.vbr_quality);
            }
        } else if version >= (3, 99) {
            if self.vbr_method == 3 {
                return format!("-V {} --vbr-old", self.vbr_quality);
            }
            if new_vbr {
                // Work around a LAME bug that stores the wrong quality for some low settings.
                let p = match (self.vbr_quality, self.bitrate, self.lowpass_filter) {
                    (5, 32, 0) => 7,
                    (5, 8, 0) => 8,
                    (6, 8, 0) => 9,
                    _ => self.vbr_quality,
                };
                return format!("-V {p}");
            }
        }
        String::new()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn version(s: &[u8]) -> Option<(String, bool)> {
        let mut d = s.to_vec();
        d.resize(20, 0);
        LameVersion::parse(&d).map(|v| (v.desc, v.has_header))
    }

    #[test]
    fn version_strings() {
        let ok = |s: &[u8], desc: &str, has: bool| {
            assert_eq!(version(s), Some((desc.to_owned(), has)), "{s:?}");
        };
        ok(b"LAME3.80", "3.80", false);
        ok(b"LAME3.80 ", "3.80", false);
        ok(b"LAME3.88 (beta)", "3.88 (beta)", false);
        ok(b"LAME3.90 (alpha)", "3.90 (alpha)", false);
        ok(b"LAME3.80 (no-ascii-\xff)", "3.80 (?)", false);
        ok(b"LAME3.90 ", "3.90.0+", true);
        ok(b"LAME3.96a", "3.96 (alpha)", true);
        ok(b"LAME3.96b", "3.96 (beta)", true);
        ok(b"LAME3.96x", "3.96 (?)", true);
        ok(b"LAME3.98 ", "3.98.0", true);
        ok(b"LAME3.96r", "3.96.1+", true);
        ok(b"L3.99r", "3.99.1+", true);
        ok(b"LAME3100r", "3.100.1+", true);
        ok(b"LAME3.90.\x03\xbe\x00", "3.90.0+", true);
        ok(b"LAME3.100", "3.100.0+", true);
        ok(b"LAME3.007", "3.7", false);
        assert_eq!(version(b""), None);
        assert_eq!(version(b"LAME"), None);
        assert_eq!(version(b"LAME3.9999"), None);
        assert_eq!(version(b"LAMEx.99"), None);
        assert_eq!(version(b"LAME3.x"), None);
        assert_eq!(LameVersion::parse(b"LAME3.99r"), None, "short field");
    }

    fn header(
        vbr_method: u8,
        peak: u32,
        track_gain: u16,
        album_gain: u16,
        delay: u16,
        pad: u16,
    ) -> Vec<u8> {
        let mut d = vec![vbr_method & 0xF, 195];
        d.extend_from_slice(&peak.to_be_bytes());
        d.extend_from_slice(&track_gain.to_be_bytes());
        d.extend_from_slice(&album_gain.to_be_bytes());
        d.push(0x13); // encoding flags 1, ATH type 3
        d.push(128); // bitrate
        let dp = (u32::from(delay) << 12) | u32::from(pad);
        d.extend_from_slice(&dp.to_be_bytes()[1..]);
        d.push(0); // misc
        d.push(0); // mp3 gain
        d.extend_from_slice(&[0x00, 0x00]); // surround, preset
        d.extend_from_slice(&[0; 8]); // music length, music CRC, header CRC
        assert_eq!(d.len(), 27);
        d
    }

    #[test]
    fn extended_header_fields() {
        // track gain: type 1 (radio), origin 0, sign 1, value 68 -> -6.8
        let tg = (1 << 13) | (1 << 9) | 0x44; // 68 tenths
                                              // album gain: type 2, sign set (ignored), value 15 -> 1.5
        let ag = (2 << 13) | (1 << 9) | 0xF; // 15 tenths
        let h = LameHeader::parse(&header(4, 1 << 22, tg, ag, 576, 1000), 78).unwrap();
        assert_eq!(h.vbr_method, 4);
        assert_eq!(h.lowpass_filter, 19500);
        assert_eq!((h.quality, h.vbr_quality), (2, 2));
        assert_eq!(h.track_peak, Some(0.5));
        assert_eq!(h.track_gain_adjustment, Some(-6.8));
        assert_eq!(h.album_gain_adjustment, Some(1.5));
        assert_eq!((h.encoding_flags, h.ath_type, h.bitrate), (1, 3, 128));
        assert_eq!((h.encoder_delay_start, h.encoder_padding_end), (576, 1000));

        // Negative zero gain keeps its sign, as in mutagen; unset scale gives 1 / 10.
        let h = LameHeader::parse(&header(3, 0, (1 << 13) | (1 << 9), 0, 0, 0), -1).unwrap();
        assert_eq!(h.track_peak, None);
        assert!(h.track_gain_adjustment.unwrap().is_sign_negative());
        assert_eq!(h.album_gain_adjustment, None);
        assert_eq!((h.quality, h.vbr_quality), (1, 10));
        // A huge scale gives negative, floor-divided qualities.
        let h = LameHeader::parse(&header(3, 0, 0, 0, 0, 0), 4_294_967_295).unwrap();
        assert_eq!((h.quality, h.vbr_quality), (5, -429_496_720));

        let mut bad = header(3, 0, 0, 0, 0, 0);
        bad[0] = 0x13;
        assert!(LameHeader::parse(&bad, 0).is_none(), "revision 1");
        assert!(LameHeader::parse(&bad[..26], 0).is_none(), "short");
    }

    #[test]
    fn settings_guess() {
        let mut h = LameHeader::parse(&header(4, 0, 0, 0, 0, 0), 78).unwrap();
        assert_eq!(h.guess_settings(3, 99), "-V 2");
        assert_eq!(h.guess_settings(3, 98), "-V 2");
        assert_eq!(h.guess_settings(3, 97), "-V 2 --vbr-new");
        assert_eq!(h.guess_settings(3, 90), "-V 2 --vbr-new");
        assert_eq!(h.guess_settings(3, 80), "");
        h.vbr_method = 3;
        assert_eq!(h.guess_settings(3, 100), "-V 2 --vbr-old");
        h.ath_type = 4;
        h.lowpass_filter = 19000;
        assert_eq!(h.guess_settings(3, 91), "--alt-preset standard");
        h.preset_used = 1006;
        assert_eq!(h.guess_settings(3, 95), "--preset medium");
        h.vbr_method = 1;
        assert_eq!(h.guess_settings(3, 99), "-b 1006");
        h.preset_used = 1003;
        assert_eq!(h.guess_settings(3, 99), "--preset insane");
        h.preset_used = 0;
        h.bitrate = 255;
        assert_eq!(h.guess_settings(3, 99), "-b 255+");
        h.vbr_method = 2;
        assert_eq!(h.guess_settings(3, 92), "--alt-preset 255+");
        assert_eq!(h.guess_settings(3, 99), "--abr 255+");
        h.bitrate = 8;
        h.vbr_method = 5;
        h.vbr_quality = 5;
        h.lowpass_filter = 0;
        assert_eq!(h.guess_settings(4, 0), "-V 8");
    }
}
