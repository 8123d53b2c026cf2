//! The Xing/Info VBR header of the first Layer III frame, with the LAME tag that may follow.

use super::lame::{LameHeader, LameVersion, LAME_HEADER_LEN, LAME_HEADER_SKIP, LAME_VERSION_LEN};
use crate::util::bytes::u32_be;

/// Flag: the frame count is present.
const FLAG_FRAMES: u32 = 0x1;
/// Flag: the byte count is present.
const FLAG_BYTES: u32 = 0x2;
/// Flag: the 100-byte seek table is present.
const FLAG_TOC: u32 = 0x4;
/// Flag: the VBR scale is present.
const FLAG_VBR_SCALE: u32 = 0x8;

/// The most bytes a Xing header with its LAME tag can span: 8 + 4 + 4 + 100 + 4, then the
/// version string and the extended header that starts 9 bytes into it.
pub const XING_MAX_LEN: usize = 120 + LAME_HEADER_SKIP + LAME_HEADER_LEN;

/// A Xing or Info header.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct XingHeader {
    /// Number of frames, -1 when absent.
    pub frames: i64,
    /// Number of bytes, -1 when absent.
    pub bytes: i64,
    /// The seek table (100 entries), empty when absent.
    pub toc: Vec<u8>,
    /// VBR quality indicator, -1 when absent.
    pub vbr_scale: i64,
    /// The LAME version, when a LAME version string follows.
    pub lame_version: Option<LameVersion>,
    /// The extended LAME header, when one follows.
    pub lame_header: Option<LameHeader>,
    /// Whether the header is tagged "Info" (written by LAME for CBR) rather than "Xing".
    pub is_info: bool,
}

impl XingHeader {
    /// Parse a Xing/Info header from the bytes at its offset in the frame (up to
    /// [`XING_MAX_LEN`] of them; fewer only where the file ends). `None` where mutagen raises
    /// `XingHeaderError`: no "Xing"/"Info" tag, or a field the flags announce is cut off.
    #[must_use]
    pub fn parse(data: &[u8]) -> Option<Self> {
        let tag = data.get(..4)?;
        if tag != b"Xing" && tag != b"Info" {
            return None;
        }
        let flags = u32_be(data, 4)?;
        let mut pos = 8usize;
        let mut field = |present: bool, len: usize| -> Option<Option<&[u8]>> {
            if !present {
                return Some(None);
            }
            let out = data.get(pos..pos + len)?;
            pos += len;
            Some(Some(out))
        };
        let frames = field(flags & FLAG_FRAMES != 0, 4)?
            .and_then(|d| u32_be(d, 0))
            .map_or(-1, i64::from);
        let bytes = field(flags & FLAG_BYTES != 0, 4)?
            .and_then(|d| u32_be(d, 0))
            .map_or(-1, i64::from);
        let toc = field(flags & FLAG_TOC != 0, 100)?
            .map(<[u8]>::to_vec)
            .unwrap_or_default();
        let vbr_scale = field(flags & FLAG_VBR_SCALE != 0, 4)?
            .and_then(|d| u32_be(d, 0))
            .map_or(-1, i64::from);

        let lame_version = data
            .get(pos..pos + LAME_VERSION_LEN)
            .and_then(LameVersion::parse);
        let lame_header = match &lame_version {
            Some(v) if v.has_header => {
                let start = pos + LAME_HEADER_SKIP;
                data.get(start..start + LAME_HEADER_LEN)
                    .and_then(|d| LameHeader::parse(d, vbr_scale))
            }
            _ => None,
        };
        Some(XingHeader {
            frames,
            bytes,
            toc,
            vbr_scale,
            lame_version,
            lame_header,
            is_info: tag == b"Info",
        })
    }

    /// The guessed encoder settings: from the LAME header, empty without one.
    #[must_use]
    pub fn encoder_settings(&self) -> String {
        match (&self.lame_header, &self.lame_version) {
            (Some(h), Some(v)) => h.guess_settings(v.major, v.minor),
            _ => String::new(),
        }
    }

    /// The LAME version description, empty when there is none.
    #[must_use]
    pub fn lame_version_desc(&self) -> &str {
        self.lame_version.as_ref().map_or("", |v| v.desc.as_str())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The Info header of mutagen's own Xing test, built field by field.
    fn info_header(tag: &[u8], flags: u32) -> Vec<u8> {
        let mut d = tag.to_vec();
        d.extend_from_slice(&flags.to_be_bytes());
        d.extend_from_slice(&14910u32.to_be_bytes());
        d.extend_from_slice(&15_580_472u32.to_be_bytes());
        d.extend((0..100u8).map(|i| i.wrapping_mul(2)));
        d.extend_from_slice(&57u32.to_be_bytes());
        d
    }

    #[test]
    fn fields_by_flags() {
        let x = XingHeader::parse(&info_header(b"Info", 0xF)).unwrap();
        assert_eq!((x.frames, x.bytes, x.vbr_scale), (14910, 15_580_472, 57));
        assert_eq!(x.toc.len(), 100);
        assert!(x.is_info);
        assert!(x.lame_version.is_none() && x.lame_header.is_none());
        assert_eq!(x.encoder_settings(), "");

        let x = XingHeader::parse(&info_header(b"Xing", 0xF)).unwrap();
        assert!(!x.is_info);

        // Only the bytes field: it is read from right after the flags.
        let mut d = b"Xing\x00\x00\x00\x02".to_vec();
        d.extend_from_slice(&1234u32.to_be_bytes());
        let x = XingHeader::parse(&d).unwrap();
        assert_eq!((x.frames, x.bytes, x.vbr_scale), (-1, 1234, -1));
        assert!(x.toc.is_empty());
    }

    #[test]
    fn invalid_or_truncated() {
        assert!(XingHeader::parse(b"").is_none());
        assert!(XingHeader::parse(b"Xing").is_none());
        assert!(XingHeader::parse(b"aaaaaaaa").is_none());
        let d = info_header(b"Xing", 0xF);
        assert!(XingHeader::parse(&d[..d.len() - 1]).is_none());
        // Flags without the fields.
        assert!(XingHeader::parse(b"Xing\x00\x00\x00\x01\x00").is_none());
    }

    #[test]
    fn with_lame_tag() {
        let mut d = info_header(b"Xing", 0xF);
        d.extend_from_slice(b"LAME3.99r");
        let mut ext = vec![0u8; 27];
        ext[0] = 0x04; // revision 0, VBR method 4
        ext[1] = 195;
        ext[12] = 0x24; // delay 576 (0x240) ...
        ext[13] = 0x00;
        ext[14] = 0x10; // ... padding 16
                        // The version string's last 11 bytes are the first 11 of the extended header.
        d.extend_from_slice(&ext);
        let x = XingHeader::parse(&d).unwrap();
        assert_eq!(x.lame_version_desc(), "3.99.1+");
        let h = x.lame_header.as_ref().unwrap();
        assert_eq!((h.encoder_delay_start, h.encoder_padding_end), (576, 16));
        assert_eq!(x.encoder_settings(), "-V 4");

        // A version string without room for the extended header still gives the version.
        let mut d = info_header(b"Xing", 0xF);
        d.extend_from_slice(b"LAME3.99r");
        d.extend_from_slice(&[0u8; 11]);
        let x = XingHeader::parse(&d).unwrap();
        assert_eq!(x.lame_version_desc(), "3.99.1+");
        assert!(x.lame_header.is_none());
    }
}
