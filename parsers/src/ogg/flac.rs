//! Ogg FLAC, as `mutagen.oggflac` reads it.
//!
//! The first packet is `"\x7FFLAC"`, the mapping version, the number of header packets,
//! `"fLaC"` and a FLAC STREAMINFO block (with its 4-byte block header). The second packet of
//! the stream is the Vorbis comment block, with its 4-byte FLAC block header and no framing bit.

use super::{last_position, parse_comment, tail, Builtin, Fail, Info, OggFile, Pages, Step};
use crate::error::bytes_repr;
use crate::source::Source;

/// `OggFLACStreamInfo`: the STREAMINFO fields mutagen copies, and the Ogg mapping fields.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct FlacInfo {
    /// Length in seconds: total samples over the sample rate, or, where the total is zero,
    /// the last granule position over the sample rate.
    pub length: f64,
    /// Number of channels.
    pub channels: u8,
    /// Sample rate in Hz (never zero).
    pub sample_rate: u32,
    /// Minimum block size in samples.
    pub min_blocksize: u16,
    /// Maximum block size in samples.
    pub max_blocksize: u16,
    /// Minimum frame size in bytes.
    pub min_framesize: u32,
    /// Maximum frame size in bytes.
    pub max_framesize: u32,
    /// Bits per sample.
    pub bits_per_sample: u8,
    /// Total samples in the stream (0 when unknown).
    pub total_samples: u64,
    /// The MD5 signature of the decoded audio.
    pub md5_signature: [u8; 16],
    /// The number of header packets after the first (mutagen's `packets` attribute).
    pub packets: u16,
    /// The stream's serial number.
    pub serial: u32,
    /// The mapping version (major, minor); always (1, 0) for a file that was read.
    pub mapping_version: (u8, u8),
}

/// Parse the first packet (it starts with `"\x7FFLAC"`).
pub(crate) fn parse_header(packet: &[u8], serial: u32) -> Step<FlacInfo> {
    let Some(h) = packet.get(5..13) else {
        return Err(Fail::Builtin(
            Builtin::StructError,
            "unpack requires a buffer of 8 bytes",
        ));
    };
    if &h[4..8] != b"fLaC" {
        return Err(Fail::HeaderText(
            format!("invalid FLAC marker ({})", bytes_repr(&h[4..8])).into(),
        ));
    }
    if (h[0], h[1]) != (1, 0) {
        return Err(Fail::HeaderText(
            format!("unknown mapping version: {}.{}", h[0], h[1]).into(),
        ));
    }
    let packets = u16::from_be_bytes([h[2], h[3]]);
    // STREAMINFO after its block header; mutagen's FLAC reader insists on all 34 bytes.
    let Some(si) = packet.get(17..17 + 34) else {
        // mutagen's message is the one its FLAC reader gives for the short block.
        return Err(
            match crate::flac::parse_stream_info(packet.get(17..).unwrap_or_default()) {
                Err(e) => Fail::HeaderText(e.message().into()),
                Ok(_) => Fail::Header("STREAMINFO block too short"),
            },
        );
    };
    let be = |range: std::ops::Range<usize>| {
        si[range].iter().fold(0u64, |a, &b| (a << 8) | u64::from(b))
    };
    let sample_rate = (be(10..13) >> 4) as u32;
    if sample_rate == 0 {
        return Err(Fail::Header("A sample rate value of 0 is invalid"));
    }
    let packed = be(12..18);
    let channels = ((packed >> 41) & 7) as u8 + 1;
    let bits_per_sample = ((packed >> 36) & 0x1F) as u8 + 1;
    let total_samples = packed & 0xF_FFFF_FFFF;
    let mut md5_signature = [0u8; 16];
    md5_signature.copy_from_slice(&si[18..34]);
    Ok(FlacInfo {
        length: total_samples as f64 / f64::from(sample_rate),
        channels,
        sample_rate,
        min_blocksize: be(0..2) as u16,
        max_blocksize: be(2..4) as u16,
        min_framesize: be(4..7) as u32,
        max_framesize: be(7..10) as u32,
        bits_per_sample,
        total_samples,
        md5_signature,
        packets,
        serial,
        mapping_version: (h[0], h[1]),
    })
}

/// Read the stream info from the FLAC mapping header, the first page of `pages` whose first
/// packet is one; the walk stops after that page.
pub(crate) fn read_info(pages: &mut Pages<'_>) -> Step<FlacInfo> {
    let header = pages.find_packet(b"\x7FFLAC", None, false)?;
    let packet = pages.first_packet(&header)?;
    parse_header(&packet, header.serial)
}

/// Read an Ogg FLAC file from the start of `pages`.
pub(crate) fn read(src: &dyn Source, pages: &mut Pages<'_>) -> Step<OggFile> {
    let mut info = read_info(pages)?;

    let Some(packet) = pages.collect_first_packet(None, info.serial)? else {
        return Err(Fail::Builtin(Builtin::IndexError, "no comment packet"));
    };
    let tags = parse_comment(tail(&packet, 4), false)?;

    if info.length == 0.0 {
        let position = last_position(src, info.serial)?;
        info.length = position as f64 / f64::from(info.sample_rate);
    }
    Ok(OggFile {
        info: Info::Flac(info),
        tags,
        padding: 0,
        preserved: Vec::new(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    pub(crate) fn first(total: u64, rate: u32) -> Vec<u8> {
        let mut p = b"\x7FFLAC\x01\x00\x00\x01fLaC\x00\x00\x00\x22".to_vec();
        p.extend_from_slice(&4096u16.to_be_bytes());
        p.extend_from_slice(&4096u16.to_be_bytes());
        p.extend_from_slice(&[0, 0, 14, 0, 0x30, 0]);
        // 20 bits rate, 3 bits channels-1 (1), 5 bits bps-1 (15), 36 bits total.
        let packed: u64 = (u64::from(rate) << 44) | (1 << 41) | (15 << 36) | total;
        p.extend_from_slice(&packed.to_be_bytes());
        p.extend_from_slice(&[0xAB; 16]);
        p
    }

    #[test]
    fn streaminfo_fields() {
        let info = parse_header(&first(88200, 44100), 9).unwrap();
        assert_eq!(info.sample_rate, 44100);
        assert_eq!(info.channels, 2);
        assert_eq!(info.bits_per_sample, 16);
        assert_eq!(info.total_samples, 88200);
        assert_eq!(info.length, 2.0);
        assert_eq!(
            (info.min_blocksize, info.max_blocksize, info.min_framesize),
            (4096, 4096, 14)
        );
        assert_eq!(info.max_framesize, 0x3000);
        assert_eq!(info.packets, 1);
        assert_eq!(info.md5_signature, [0xAB; 16]);
    }

    #[test]
    fn header_errors() {
        let good = first(0, 8000);
        assert!(matches!(
            parse_header(&good[..12], 1),
            Err(Fail::Builtin(Builtin::StructError, _))
        ));
        assert!(matches!(
            parse_header(&good[..50], 1),
            Err(Fail::HeaderText(m)) if &*m == "file said 16 bytes, read 15 bytes"
        ));
        assert!(matches!(
            parse_header(&first(1, 0), 1),
            Err(Fail::Header(_))
        ));
        let mut bad = good.clone();
        bad[9] = b'X';
        assert!(matches!(
            parse_header(&bad, 1),
            Err(Fail::HeaderText(m)) if &*m == "invalid FLAC marker (b'XLaC')"
        ));
        let mut bad = good;
        bad[6] = 1;
        assert!(matches!(
            parse_header(&bad, 1),
            Err(Fail::HeaderText(m)) if &*m == "unknown mapping version: 1.1"
        ));
    }
}
