//! Ogg Speex, as `mutagen.oggspeex` reads it.
//!
//! The comment packet is the stream's second packet, a bare Vorbis comment block without a
//! framing bit.

use super::{last_position, parse_comment, Builtin, Fail, Info, OggFile, Pages, Step};
use crate::source::Source;
use crate::util::bytes::u32_le;

/// `OggSpeexInfo`: what the `Speex   ` header packet and the last page give.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct SpeexInfo {
    /// Length in seconds: the last granule position over the sample rate.
    pub length: f64,
    /// Number of channels (as stored; mutagen does not check it).
    pub channels: u32,
    /// The nominal bitrate, negative values (unset: -1) taken as zero.
    pub bitrate: i32,
    /// Sample rate in Hz (may be zero, which mutagen fails dividing by).
    pub sample_rate: u32,
    /// The stream's serial number.
    pub serial: u32,
}

/// Parse a `Speex   ` header packet. `first` is whether its page starts a stream.
pub(crate) fn parse_header(packet: &[u8], first: bool, serial: u32) -> Step<SpeexInfo> {
    if !first {
        return Err(Fail::Header(
            "page has ID header, but doesn't start a stream",
        ));
    }
    let short = Fail::Builtin(Builtin::StructError, "unpack requires a buffer of 4 bytes");
    let (Some(sample_rate), Some(channels), Some(bitrate)) =
        (u32_le(packet, 36), u32_le(packet, 48), u32_le(packet, 52))
    else {
        return Err(short);
    };
    Ok(SpeexInfo {
        length: 0.0,
        channels,
        bitrate: (bitrate as i32).max(0),
        sample_rate,
        serial,
    })
}

/// Read the stream info (length zero) from the Speex header, the first page of `pages` whose
/// first packet is one; the walk stops after that page.
pub(crate) fn read_info(pages: &mut Pages<'_>) -> Step<SpeexInfo> {
    let header = pages.find_packet(b"Speex   ", None, false)?;
    let packet = pages.first_packet(&header)?;
    parse_header(&packet, header.first(), header.serial)
}

/// Read an Ogg Speex file from the start of `pages`.
pub(crate) fn read(src: &dyn Source, pages: &mut Pages<'_>) -> Step<OggFile> {
    let mut info = read_info(pages)?;

    let Some(packet) = pages.collect_first_packet(None, info.serial)? else {
        return Err(Fail::Builtin(Builtin::IndexError, "no comment packet"));
    };
    let tags = parse_comment(&packet, false)?;
    let padding = packet.len().saturating_sub(tags.size);

    let position = last_position(src, info.serial)?;
    if info.sample_rate == 0 {
        return Err(Fail::Builtin(
            Builtin::ZeroDivisionError,
            "float division by zero",
        ));
    }
    info.length = position as f64 / f64::from(info.sample_rate);
    Ok(OggFile {
        info: Info::Speex(info),
        tags,
        padding,
        preserved: Vec::new(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    fn header(rate: u32, channels: u32, bitrate: i32) -> Vec<u8> {
        let mut p = b"Speex   1.2rc1".to_vec();
        p.resize(36, 0);
        p.extend_from_slice(&rate.to_le_bytes());
        p.extend_from_slice(&[0; 8]);
        p.extend_from_slice(&channels.to_le_bytes());
        p.extend_from_slice(&bitrate.to_le_bytes());
        p.extend_from_slice(&[0; 24]);
        p
    }

    #[test]
    fn header_fields() {
        let info = parse_header(&header(16000, 1, -1), true, 5).unwrap();
        assert_eq!(
            (info.sample_rate, info.channels, info.bitrate, info.serial),
            (16000, 1, 0, 5)
        );
        let info = parse_header(&header(8000, 2, 24000), true, 5).unwrap();
        assert_eq!(info.bitrate, 24000);
        assert!(matches!(
            parse_header(&header(8000, 2, 0), false, 5),
            Err(Fail::Header(_))
        ));
        let short = header(8000, 2, 0);
        assert!(matches!(
            parse_header(&short[..55], true, 5),
            Err(Fail::Builtin(Builtin::StructError, _))
        ));
        assert!(parse_header(&short[..56], true, 5).is_ok());
    }
}
