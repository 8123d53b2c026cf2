//! Ogg Opus, as `mutagen.oggopus` reads it.

use super::{last_position, parse_comment, tail, Builtin, Fail, Info, OggFile, Pages, Step};
use crate::source::Source;

/// `OggOpusInfo`: what the `OpusHead` packet and the last page give.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct OpusInfo {
    /// Length in seconds: (last granule position - pre-skip) / 48000.
    pub length: f64,
    /// Number of channels.
    pub channels: u8,
    /// Bits per second over the bytes after the comment pages (0 for a zero length).
    pub bitrate: i128,
    /// The stream's serial number.
    pub serial: u32,
    /// The version byte (only major version 0 is read).
    pub version: u8,
    /// Samples (at 48 kHz) to drop from the start of the decoded stream.
    pub pre_skip: u16,
    /// The input sample rate the encoder recorded (informational).
    pub input_sample_rate: u32,
    /// The output gain in Q7.8 dB.
    pub output_gain: i16,
    /// The channel mapping family.
    pub channel_mapping: u8,
}

/// Parse an `OpusHead` packet. `first` is whether its page starts a stream.
pub(crate) fn parse_head(packet: &[u8], first: bool, serial: u32) -> Step<OpusInfo> {
    if !first {
        return Err(Fail::Header(
            "page has ID header, but doesn't start a stream",
        ));
    }
    let Some(h) = packet.get(8..19) else {
        return Err(Fail::Builtin(
            Builtin::StructError,
            "unpack requires a buffer of 11 bytes",
        ));
    };
    let version = h[0];
    if version >> 4 != 0 {
        return Err(Fail::HeaderText(
            format!("version {} unsupported", version >> 4).into(),
        ));
    }
    Ok(OpusInfo {
        length: 0.0,
        channels: h[1],
        bitrate: 0,
        serial,
        version,
        pre_skip: u16::from_le_bytes([h[2], h[3]]),
        input_sample_rate: u32::from_le_bytes([h[4], h[5], h[6], h[7]]),
        output_gain: i16::from_le_bytes([h[8], h[9]]),
        channel_mapping: h[10],
    })
}

/// The length and bitrate from the last granule position and the bytes of audio (the file
/// after the comment pages), computed in mutagen's order.
#[must_use]
pub fn length_and_bitrate(position: i64, pre_skip: u16, audio_size: u64) -> (f64, i128) {
    let length = (i128::from(position) - i128::from(pre_skip)) as f64 / 48000.0;
    let bitrate = if length == 0.0 {
        0
    } else {
        let bits = (i128::from(audio_size) * 8) as f64;
        (bits / length).round_ties_even() as i128
    };
    (length, bitrate)
}

/// Read the stream info (length and bitrate zero) from the `OpusHead` packet, the first
/// page of `pages` whose first packet is one; the walk stops after that page.
pub(crate) fn read_info(pages: &mut Pages<'_>) -> Step<OpusInfo> {
    let header = pages.find_packet(b"OpusHead", None, false)?;
    let packet = pages.first_packet(&header)?;
    parse_head(&packet, header.first(), header.serial)
}

/// Read an Ogg Opus file from the start of `pages`.
pub(crate) fn read(src: &dyn Source, pages: &mut Pages<'_>) -> Step<OggFile> {
    let mut info = read_info(pages)?;

    let start = pages.find_packet(b"OpusTags", Some(info.serial), false)?;
    let start = pages.page(start)?;
    let Some(packet) = pages.collect_first_packet(Some(&start), info.serial)? else {
        return Err(Fail::Builtin(Builtin::IndexError, "no comment packet"));
    };
    let data = tail(&packet, 8);
    let tags = parse_comment(data, false)?;
    // Data after the comments whose first byte has its low bit set is kept, not padding.
    let (padding, preserved) = match data.get(tags.size) {
        Some(flag) if flag & 1 == 1 => (0, tail(data, tags.size).to_vec()),
        _ => (data.len().saturating_sub(tags.size), Vec::new()),
    };

    let audio_size = src.len().saturating_sub(pages.pos);
    let position = last_position(src, info.serial)?;
    (info.length, info.bitrate) = length_and_bitrate(position, info.pre_skip, audio_size);
    Ok(OggFile {
        info: Info::Opus(info),
        tags,
        padding,
        preserved,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    fn head(version: u8) -> Vec<u8> {
        let mut p = b"OpusHead".to_vec();
        p.push(version);
        p.push(2);
        p.extend_from_slice(&312u16.to_le_bytes());
        p.extend_from_slice(&44100u32.to_le_bytes());
        p.extend_from_slice(&(-256i16).to_le_bytes());
        p.push(0);
        p
    }

    #[test]
    fn head_fields() {
        let info = parse_head(&head(1), true, 4).unwrap();
        assert_eq!(
            (info.channels, info.pre_skip, info.output_gain),
            (2, 312, -256)
        );
        assert_eq!(info.input_sample_rate, 44100);
        assert!(matches!(
            parse_head(&head(0x10), true, 4),
            Err(Fail::HeaderText(m)) if &*m == "version 1 unsupported"
        ));
        assert!(matches!(
            parse_head(&head(1), false, 4),
            Err(Fail::Header(_))
        ));
        assert!(matches!(
            parse_head(&head(1)[..18], true, 4),
            Err(Fail::Builtin(Builtin::StructError, _))
        ));
    }

    #[test]
    fn granule_minus_pre_skip() {
        let (length, bitrate) = length_and_bitrate(48000 + 312, 312, 16000);
        assert_eq!(length, 1.0);
        assert_eq!(bitrate, 128_000);
        assert_eq!(length_and_bitrate(312, 312, 1000), (0.0, 0));
        // A granule position below the pre-skip gives a negative length, as in mutagen.
        let (length, bitrate) = length_and_bitrate(0, 480, 10);
        assert_eq!(length, -0.01);
        assert_eq!(bitrate, -8000);
        // Python's round() rounds halves to even.
        assert_eq!(length_and_bitrate(48000 * 2, 0, 5).1, 20);
        assert_eq!(length_and_bitrate(48000 * 16, 0, 5).1, 2);
        assert_eq!(length_and_bitrate(48000 * 16, 0, 3).1, 2);
    }
}
