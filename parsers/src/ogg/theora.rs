//! Ogg Theora, as `mutagen.oggtheora` reads it.
//!
//! The comment packet follows the identification header in the stream; mutagen strips its
//! seven-byte `"\x81theora"` marker without checking it and reads the rest without a framing
//! bit.

use super::{last_position, parse_comment, tail, Fail, Info, OggFile, Pages, Step};
use crate::source::Source;
use crate::util::bytes::u32_be;

/// `OggTheoraInfo`: what the identification header and the last page give.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub struct TheoraInfo {
    /// Length in seconds: the frames of the last granule position over the frame rate.
    pub length: f64,
    /// Frames per second (numerator over denominator, both non-zero).
    pub fps: f64,
    /// The nominal bitrate (24 bits).
    pub bitrate: u32,
    /// How many low bits of a granule position count frames since the last key frame.
    pub granule_shift: u8,
    /// The stream's serial number.
    pub serial: u32,
    /// Frame rate numerator.
    pub fps_numerator: u32,
    /// Frame rate denominator.
    pub fps_denominator: u32,
}

/// Parse the identification packet (it starts with `"\x80theora"`). `first` is whether its
/// page starts a stream.
pub(crate) fn parse_id(data: &[u8], first: bool, serial: u32) -> Step<TheoraInfo> {
    if !first {
        return Err(Fail::Header(
            "page has ID header, but doesn't start a stream",
        ));
    }
    if data.len() < 42 {
        return Err(Fail::Header("Truncated header"));
    }
    if (data[7], data[8]) != (3, 2) {
        return Err(Fail::HeaderText(
            format!("found Theora version {}.{} != 3.2", data[7], data[8]).into(),
        ));
    }
    let num = u32_be(data, 22).unwrap_or(0);
    let den = u32_be(data, 26).unwrap_or(0);
    if num == 0 || den == 0 {
        return Err(Fail::Header("FRN or FRD is equal to zero"));
    }
    let bitrate = u32::from_be_bytes([0, data[37], data[38], data[39]]);
    let granule_shift = ((u16::from_be_bytes([data[40], data[41]]) >> 5) & 0x1F) as u8;
    Ok(TheoraInfo {
        length: 0.0,
        fps: f64::from(num) / f64::from(den),
        bitrate,
        granule_shift,
        serial,
        fps_numerator: num,
        fps_denominator: den,
    })
}

/// The frame count of a granule position: key frame number plus frames since it, with
/// Python's integer semantics (arithmetic shift, and a non-negative mask result).
#[must_use]
pub fn frames(position: i64, granule_shift: u8) -> i64 {
    let shift = u32::from(granule_shift & 0x1F);
    let mask = (1i64 << shift) - 1;
    (position >> shift) + (position & mask)
}

/// Read the stream info (length zero) from the identification header, the first page of
/// `pages` whose first packet is one; the walk stops after that page.
pub(crate) fn read_info(pages: &mut Pages<'_>) -> Step<TheoraInfo> {
    let header = pages.find_packet(b"\x80theora", None, true)?;
    let packet = pages.first_packet(&header)?;
    parse_id(&packet, header.first(), header.serial)
}

/// Read an Ogg Theora file from the start of `pages`.
pub(crate) fn read(src: &dyn Source, pages: &mut Pages<'_>) -> Step<OggFile> {
    let mut info = read_info(pages)?;

    let Some(packet) = pages.collect_first_packet(None, info.serial)? else {
        return Err(Fail::Header("Missing metadata packet"));
    };
    let data = tail(&packet, 7);
    let tags = parse_comment(data, false)?;
    let padding = data.len().saturating_sub(tags.size);

    let position = last_position(src, info.serial)?;
    info.length = frames(position, info.granule_shift) as f64 / info.fps;
    Ok(OggFile {
        info: Info::Theora(info),
        tags,
        padding,
        preserved: Vec::new(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    fn id(num: u32, den: u32, version: (u8, u8)) -> Vec<u8> {
        let mut p = b"\x80theora".to_vec();
        p.extend_from_slice(&[version.0, version.1, 1]);
        p.resize(22, 0);
        p.extend_from_slice(&num.to_be_bytes());
        p.extend_from_slice(&den.to_be_bytes());
        p.resize(37, 0);
        p.extend_from_slice(&[0x01, 0x02, 0x03]);
        // quality 6 bits, then 5 bits of granule shift (6), 5 bits of pixel format.
        p.extend_from_slice(&(((6u16) << 5) | (1 << 11)).to_be_bytes());
        p
    }

    #[test]
    fn id_header() {
        let info = parse_id(&id(30000, 1001, (3, 2)), true, 1).unwrap();
        assert_eq!(info.fps, 30000.0 / 1001.0);
        assert_eq!(info.bitrate, 0x010203);
        assert_eq!(info.granule_shift, 6);
        assert!(matches!(
            parse_id(&id(30, 0, (3, 2)), true, 1),
            Err(Fail::Header(_))
        ));
        assert!(matches!(
            parse_id(&id(0, 1, (3, 2)), true, 1),
            Err(Fail::Header(_))
        ));
        assert!(matches!(
            parse_id(&id(30, 1, (3, 1)), true, 1),
            Err(Fail::HeaderText(m)) if &*m == "found Theora version 3.1 != 3.2"
        ));
        assert!(matches!(
            parse_id(&id(30, 1, (3, 2))[..41], true, 1),
            Err(Fail::Header(_))
        ));
        assert!(matches!(
            parse_id(&id(30, 1, (3, 2)), false, 1),
            Err(Fail::Header(_))
        ));
    }

    #[test]
    fn granule_frames() {
        // Key frame 10, 3 frames after it, with a shift of 6.
        assert_eq!(frames((10 << 6) | 3, 6), 13);
        assert_eq!(frames(250, 0), 250);
        assert_eq!(frames(-1, 6), -1 + 63);
        assert_eq!(frames(i64::MAX, 31), (i64::MAX >> 31) + 0x7FFF_FFFF);
        assert_eq!(frames(i64::MIN, 31), i64::MIN >> 31);
    }
}
