//! Ogg Vorbis, as `mutagen.oggvorbis` reads it.

use super::{last_position, parse_comment, tail, Fail, Info, OggFile, Pages, Step};
use crate::source::Source;
use crate::util::bytes::u32_le;

/// `OggVorbisInfo`: what the identification header and the last page give.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct VorbisInfo {
    /// Length in seconds: the last granule position over the sample rate.
    pub length: f64,
    /// Number of channels.
    pub channels: u8,
    /// The bitrate mutagen reports, derived from the three header bitrates.
    pub bitrate: i64,
    /// Sample rate in Hz (never zero).
    pub sample_rate: u32,
    /// The stream's serial number.
    pub serial: u32,
    /// The Vorbis version field.
    pub version: u32,
    /// The maximum bitrate field (as stored, may be negative).
    pub max_bitrate: i32,
    /// The nominal bitrate field (as stored, may be negative).
    pub nominal_bitrate: i32,
    /// The minimum bitrate field (as stored, may be negative).
    pub min_bitrate: i32,
}

/// The bitrate mutagen reports from the three header fields, negative values taken as zero:
/// the nominal one, unless it is zero (then the mean of maximum and minimum), above a
/// non-zero maximum (then the maximum) or below the minimum (then the minimum).
#[must_use]
pub fn bitrate(max: i32, nominal: i32, min: i32) -> i64 {
    let (max, nominal, min) = (
        i64::from(max.max(0)),
        i64::from(nominal.max(0)),
        i64::from(min.max(0)),
    );
    if nominal == 0 {
        i64::midpoint(max, min)
    } else if max != 0 && max < nominal {
        max
    } else if min > nominal {
        min
    } else {
        nominal
    }
}

/// Parse the identification packet (it starts with `"\x01vorbis"`). `first` is whether its
/// page starts a stream. The length is left at zero.
pub(crate) fn parse_id(packet: &[u8], first: bool, serial: u32) -> Step<VorbisInfo> {
    if !first {
        return Err(Fail::Header(
            "page has ID header, but doesn't start a stream",
        ));
    }
    if packet.len() < 28 {
        return Err(Fail::Header("page contains a packet too short to be valid"));
    }
    let field = |at: usize| u32_le(packet, at).unwrap_or(0);
    let sample_rate = field(12);
    if sample_rate == 0 {
        return Err(Fail::Header("sample rate can't be zero"));
    }
    let (max, nominal, min) = (field(16) as i32, field(20) as i32, field(24) as i32);
    Ok(VorbisInfo {
        length: 0.0,
        channels: packet.get(11).copied().unwrap_or(0),
        bitrate: bitrate(max, nominal, min),
        sample_rate,
        serial,
        version: field(7),
        max_bitrate: max,
        nominal_bitrate: nominal,
        min_bitrate: min,
    })
}

/// Read the stream info (length zero) from the identification header, the first page of
/// `pages` whose first packet is one; the walk stops after that page.
pub(crate) fn read_info(pages: &mut Pages<'_>) -> Step<VorbisInfo> {
    if pages.peek_header()?.packet_lens.is_empty() {
        return Err(Fail::Header("page has not packets"));
    }
    let header = pages.find_packet(b"\x01vorbis", None, false)?;
    let packet = pages.first_packet(&header)?;
    parse_id(&packet, header.first(), header.serial)
}

/// Read an Ogg Vorbis file from the start of `pages`.
pub(crate) fn read(src: &dyn Source, pages: &mut Pages<'_>) -> Step<OggFile> {
    let mut info = read_info(pages)?;

    // The comment packet is the first packet of the stream's next page(s); mutagen does not
    // check its "\x03vorbis" marker, only strips seven bytes.
    let Some(packet) = pages.collect_first_packet(None, info.serial)? else {
        return Err(Fail::Builtin(
            super::Builtin::IndexError,
            "no comment packet",
        ));
    };
    let data = tail(&packet, 7);
    let tags = parse_comment(data, true)?;
    let padding = data.len().saturating_sub(tags.size);

    let position = last_position(src, info.serial)?;
    info.length = position as f64 / f64::from(info.sample_rate);
    Ok(OggFile {
        info: Info::Vorbis(info),
        tags,
        padding,
        preserved: Vec::new(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::super::tests::vorbis_id;
    use super::*;

    #[test]
    fn bitrate_rules() {
        assert_eq!(bitrate(0, 128_000, 0), 128_000);
        assert_eq!(bitrate(200_000, 0, 100_001), 150_000);
        assert_eq!(bitrate(100_000, 128_000, 0), 100_000);
        assert_eq!(bitrate(0, 128_000, 160_000), 160_000);
        assert_eq!(bitrate(-1, -1, -1), 0);
        assert_eq!(bitrate(i32::MAX, 0, i32::MAX), i64::from(i32::MAX));
    }

    #[test]
    fn id_header() {
        let p = vorbis_id(2, 44100, -1, 112_000, -1);
        let info = parse_id(&p, true, 3).unwrap();
        assert_eq!(
            (info.channels, info.sample_rate, info.bitrate, info.serial),
            (2, 44100, 112_000, 3)
        );
        assert!(matches!(parse_id(&p, false, 3), Err(Fail::Header(_))));
        assert!(matches!(parse_id(&p[..27], true, 3), Err(Fail::Header(_))));
        let p = vorbis_id(2, 0, 0, 0, 0);
        assert!(matches!(parse_id(&p, true, 3), Err(Fail::Header(_))));
    }
}
